// The HELP subcommand reply every container shares (OBJECT HELP, CONFIG HELP, COMMAND HELP,
// DEBUG HELP, CLIENT HELP …), written as networking.c addReplyHelp writes it: a header line,
// the command's own lines (already indented as Redis indents them), then HELP itself.

import type { Client } from "../server/client.ts";

/**
 * `command` is the container's name (Redis upper-cases argv[0]; lookup is case-insensitive,
 * so that is always the command's own name); `lines` are its help lines, e.g.
 * ["GET <pattern>", "    Return parameters …"].
 */
export function replyHelp(client: Client, command: string, lines: readonly string[]): void {
  const reply = client.reply;
  reply.arrayHeader(lines.length + 3);
  reply.simple(`${command.toUpperCase()} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`);
  for (const line of lines) reply.simple(line);
  reply.simple("HELP");
  reply.simple("    Prints this help.");
}
