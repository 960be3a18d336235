// MONITOR's feed (Redis's replicationFeedMonitors): after each call, one status line per command
// goes to every monitoring client — the wall time in microseconds, the db and the caller's
// address, then the argv quoted as sdscatrepr quotes it, with AUTH/HELLO secrets redacted.

import type { Client } from "./client.ts";

/** Bytes sdscatrepr writes as a backslash escape of their own. */
const NAMED_ESCAPES: Readonly<Record<number, string>> = {
  0x5c: "\\\\",
  0x22: '\\"',
  0x0a: "\\n",
  0x0d: "\\r",
  0x09: "\\t",
  0x07: "\\a",
  0x08: "\\b",
};

/** sdscatrepr: a double-quoted string, printable ASCII as is, any other byte as \xNN. */
export function quoteRepr(bytes: Uint8Array): string {
  let out = '"';
  for (const byte of bytes) {
    const named = NAMED_ESCAPES[byte];
    if (named !== undefined) out += named;
    else if (byte >= 0x20 && byte <= 0x7e) out += String.fromCharCode(byte);
    else out += `\\x${byte.toString(16).padStart(2, "0")}`;
  }
  return out + '"';
}

/** redactClientCommandArgument puts this string in the argument's place, quoted like the rest. */
const REDACTED = '"(redacted)"';

export class Monitors {
  /** The monitoring clients, in the order they ran MONITOR (server.monitors). */
  private readonly clients = new Set<Client>();

  get size(): number {
    return this.clients.size;
  }

  add(client: Client): void {
    client.monitor = true;
    this.clients.add(client);
  }

  /** RESET, or the connection closed. */
  remove(client: Client): void {
    client.monitor = false;
    this.clients.delete(client);
  }

  /** replicationFeedMonitors: `argv`, just run by `caller` (whose db is the one it ran in). */
  feed(caller: Client, argv: readonly Uint8Array[]): void {
    const server = caller.server;
    const nowUs = Math.floor(server.clock.nowUs());
    const seconds = Math.floor(nowUs / 1_000_000);
    const micros = String(nowUs % 1_000_000).padStart(6, "0");
    // Redis names unix-socket clients by the server's socket path, others by ip:port.
    const peer = caller.address.isUnixSocket ? `unix:${server.config.values.unixsocket}` : caller.address.addr;
    const redacted = caller.redactedArgs;
    const words = argv.map((word, i) => (redacted?.includes(i) === true ? REDACTED : quoteRepr(word)));
    const line = `${seconds}.${micros} [${caller.dbIndex} ${peer}] ${words.join(" ")}`;
    for (const monitor of this.clients) {
      // addReply is refused to a client that turned its replies off (CLIENT REPLY OFF).
      if (monitor.replyOff) continue;
      monitor.reply.simple(line);
      server.markPending(monitor);
    }
  }
}
