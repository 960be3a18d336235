// processCommand + call(): from an argv to a reply. Table lookup (container subcommands too),
// arity, authentication, the compiled argument parser, then `run` — with the statistics Redis
// keeps around every call (commandstats, errorstats, CLIENT REPLY OFF|SKIP).

import type { Command } from "../commands/define.ts";
import { findCommand } from "../commands/table.ts";
import type { ArgMap, ParsedArgs, ReadState } from "../commands/args.ts";
import { keyFromBytes } from "../commands/args.ts";
import { Errors, unknownCommand, unknownSubcommand, wrongArity } from "../protocol/errors.ts";
import type { Client } from "./client.ts";
import type { Server } from "./server.ts";

/** Scratch space for lower-casing a command name without building a string twice. */
const lowered = new Uint8Array(64);

/** Command names are matched case-insensitively, ASCII only (strcasecmp), on latin1 text. */
export function commandName(bytes: Uint8Array): string {
  const n = bytes.length;
  if (n > lowered.length) return keyFromBytes(bytes).toLowerCase();
  for (let i = 0; i < n; i++) {
    const c = bytes[i]!;
    lowered[i] = c >= 65 && c <= 90 ? c + 32 : c;
  }
  return keyFromBytes(lowered, n);
}

/** Shared by every call: the compiled parsers write their scratch values here. */
const readState: ReadState = { value: undefined, error: "", keyPositions: null };

/**
 * Finds the command an argv names: the command itself, or for a container (CONFIG, CLIENT…)
 * its subcommand. Returns an error text when there is none, as Redis words it.
 */
export function lookupCommand(argv: readonly Uint8Array[]): Command | string {
  const command = findCommand(argv[0]!);
  if (command === undefined) {
    return unknownCommand(keyFromBytes(argv[0]!), argv.slice(1).map((arg) => keyFromBytes(arg)));
  }
  // A container named alone is itself the command (lookupCommandLogic): COMMAND runs, CONFIG
  // fails the arity check and counts a rejected call.
  if (command.subcommands.size === 0 || argv.length < 2) return command;
  const subcommand = command.subcommands.get(commandName(argv[1]!));
  return subcommand ?? unknownSubcommand(keyFromBytes(argv[1]!), command.name);
}

/** Runs one command; outside a read event's batch (tests, timers) it is a batch of its own. */
export function dispatch(server: Server, client: Client, argv: Uint8Array[]): void {
  if (server.batch.open) {
    dispatchInBatch(server, client, argv);
    return;
  }
  beginBatch(server);
  dispatchInBatch(server, client, argv);
  endBatch(server);
}

export function beginBatch(server: Server): void {
  server.batch.begin(server.clock.monotonicMs(), server.wallOffsetMs);
}

export function endBatch(server: Server): void {
  server.batch.end(server.clock.monotonicMs());
}

function dispatchInBatch(server: Server, client: Client, argv: Uint8Array[]): void {
  const reply = client.reply;
  const replyStart = reply.length;
  client.argv = argv;
  const command = lookupCommand(argv);
  if (typeof command === "string") {
    // processCommand sets c->lastcmd to what the lookup found: CLIENT LIST shows cmd=NULL.
    client.lastCommand = "NULL";
    reply.error(command);
  } else {
    client.lastCommand = command.fullName;
    execute(server, client, command, argv);
  }
  // CLIENT REPLY: a reply is dropped while OFF, and for the one command after SKIP. CLIENT
  // REPLY ON clears both before its +OK; RESET clears OFF but not a SKIP already in force.
  // As resetClient does after every command, SKIP_NEXT then becomes the next command's SKIP.
  if (client.repliesDropped) reply.discardFrom(replyStart);
  client.replySkip = client.replySkipNext;
  client.replySkipNext = false;
}

/**
 * A command that throws is a redbun bug. Redis would crash with a bug report; a server that
 * many clients share should not, so the error is logged with its stack and this client gets an
 * error reply in place of the one it was owed, then carries on.
 */
function runGuarded(server: Server, client: Client, command: Command, args: ParsedArgs<ArgMap>): void {
  try {
    command.spec.run(client, args);
  } catch (error) {
    server.log.warning(`Internal error in '${command.fullName}': ${error instanceof Error ? error.stack : String(error)}`);
    client.reply.error(`ERR internal error in '${command.fullName}', see the server log`);
  }
}

/** call(): arity, authentication, argument parsing, then the command, with its statistics. */
export function execute(server: Server, client: Client, command: Command, argv: Uint8Array[]): void {
  const reply = client.reply;
  const argc = argv.length;
  const arity = command.arity;
  if ((arity > 0 && argc !== arity) || argc < -arity) {
    server.stats.forCommand(command).rejectedCalls++;
    reply.error(wrongArity(command.fullName));
    return;
  }
  if (client.authRequired() && !command.flags.has("no_auth")) {
    server.stats.forCommand(command).rejectedCalls++;
    reply.error(Errors.noAuth);
    return;
  }
  // From here on it is a call (Redis's call()): argument errors count as failed calls.
  const errorsBefore = server.stats.totalErrorReplies;
  client.nowMs = server.batch.nowMs;
  readState.keyPositions = null;
  const args = command.parse(argv, readState);
  if (args === null) reply.error(readState.error);
  else runGuarded(server, client, command, args);
  // Looked up after the call, and failures counted as a rise in errors, so that CONFIG
  // RESETSTAT's own call is what the fresh statistics show (cmdstat_config|resetstat:calls=1).
  const stats = server.stats.forCommand(command);
  stats.calls++;
  server.batch.record(stats);
  if (server.stats.totalErrorReplies > errorsBefore) stats.failedCalls++;
  server.stats.commandsProcessed++;
}
