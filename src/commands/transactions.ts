// The transactions commands (Redis's multi.c): MULTI, EXEC, DISCARD, WATCH, UNWATCH. Dispatch
// queues a client's commands between MULTI and EXEC (server/dispatch.ts); EXEC runs them back
// to back through call(), so nothing else runs in between and blocked clients are served
// after it. WATCHed keys live in server/watch.ts.

import { Errors, execAbortBecause } from "../protocol/errors.ts";
import type { Client } from "../server/client.ts";
import { call } from "../server/dispatch.ts";
import { key, multiple } from "./args.ts";
import { defineCommand, type Command } from "./define.ts";

const TRANSACTION_FLAGS = ["noscript", "loading", "stale", "fast", "allow_busy"] as const;

/** discardTransaction: out of MULTI, the queue dropped, the dirty flags cleared, nothing watched. */
export function discardTransaction(client: Client): void {
  client.multiQueue = null;
  client.multiRejected = false;
  client.multiBytes = 0;
  client.dirtyCas = false;
  client.server.watches.unwatchAll(client);
}

/**
 * execCommandAbort: EXEC itself was rejected (wrong arity…), which ends the transaction. The
 * monitors still see the EXEC, so that they know the MULTI they saw is over.
 */
export function abortExec(client: Client, error: string): void {
  discardTransaction(client);
  client.reply.error(execAbortBecause(error));
  const monitors = client.server.monitors;
  if (monitors.size > 0) monitors.feed(client, client.argv);
}

/** MULTI */
const multi = defineCommand({
  name: "multi",
  group: "transactions",
  summary: "Mark the start of a transaction block",
  since: "1.2.0",
  complexity: "O(1)",
  flags: TRANSACTION_FLAGS,
  args: {},
  run(client) {
    // A nested MULTI is an error that leaves the transaction as it was (no flagTransaction).
    if (client.multiQueue !== null) {
      client.reply.error(Errors.multiNested);
      return;
    }
    client.multiQueue = [];
    client.reply.ok();
  },
});

/** EXEC */
const exec = defineCommand({
  name: "exec",
  group: "transactions",
  summary: "Execute all commands issued after MULTI",
  since: "1.2.0",
  complexity: "Depends on commands in the transaction",
  flags: ["noscript", "loading", "stale", "skip_slowlog"],
  args: {},
  run(client) {
    const queue = client.multiQueue;
    if (queue === null) {
      client.reply.error(Errors.execWithoutMulti);
      return;
    }
    const server = client.server;
    // Redis 7.0 also fails EXEC when a watched key has expired since WATCH, even if nothing
    // has removed it yet (isWatchedKeyExpired).
    if (server.watches.anyExpiredSinceWatch(client, server.keyspace.dbs, client.nowMs)) client.dirtyCas = true;
    if (client.multiRejected || client.dirtyCas) {
      // A queuing error is an error; a touched watched key is a null array, not an error.
      if (client.multiRejected) client.reply.error(Errors.execAbort);
      else client.reply.nullArray();
      discardTransaction(client);
      return;
    }
    // Watching is over: later writes (even by the transaction) cannot fail it any more.
    server.watches.unwatchAll(client);
    const execRequest = client.request;
    // A blocking command inside the transaction answers at once, as if it timed out.
    const denyBlocking = client.denyBlocking;
    client.denyBlocking = true;
    client.reply.arrayHeader(queue.length);
    for (const queued of queue) call(server, client, queued.command, queued.request);
    client.denyBlocking = denyBlocking;
    client.request = execRequest;
    discardTransaction(client);
  },
});

/** DISCARD */
const discard = defineCommand({
  name: "discard",
  group: "transactions",
  summary: "Discard all commands issued after MULTI",
  since: "2.0.0",
  complexity: "O(N), when N is the number of queued commands",
  flags: TRANSACTION_FLAGS,
  args: {},
  run(client) {
    if (client.multiQueue === null) {
      client.reply.error(Errors.discardWithoutMulti);
      return;
    }
    discardTransaction(client);
    client.reply.ok();
  },
});

/** WATCH key [key ...] */
const watch = defineCommand({
  name: "watch",
  group: "transactions",
  summary: "Watch the given keys to determine execution of the MULTI/EXEC block",
  since: "2.2.0",
  complexity: "O(1) for every key.",
  flags: TRANSACTION_FLAGS,
  keySpecs: [["RO"]],
  args: { keys: multiple(key("key")) },
  run(client, { keys }) {
    if (client.multiQueue !== null) {
      client.reply.error(Errors.watchInsideMulti);
      return;
    }
    // No point in watching more once the transaction is bound to fail.
    if (!client.dirtyCas) {
      const watches = client.server.watches;
      for (const name of keys) watches.watch(client, name, client.nowMs);
    }
    client.reply.ok();
  },
});

/** UNWATCH */
const unwatch = defineCommand({
  name: "unwatch",
  group: "transactions",
  summary: "Forget about all watched keys",
  since: "2.2.0",
  complexity: "O(1)",
  flags: TRANSACTION_FLAGS,
  args: {},
  run(client) {
    client.server.watches.unwatchAll(client);
    client.dirtyCas = false;
    client.reply.ok();
  },
});

export const transactionsCommands: readonly Command[] = [multi, exec, discard, watch, unwatch];
