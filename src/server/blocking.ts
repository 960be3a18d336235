// Clients blocked on keys (BLPOP, BLMOVE, BZPOPMIN …), as Redis's blocked.c. Per db number, each
// key maps to the clients waiting on it in the order they blocked. A write to such a key marks
// it ready; once the command that wrote it has finished (after EXEC, for a transaction), each
// ready key is offered to its waiters in order, and each waiter's command re-checks the key
// and pops what it needs. A timeout, CLIENT UNBLOCK or a disconnect ends a wait too.

import type { Command } from "../commands/define.ts";
import { Errors } from "../protocol/errors.ts";
import { longDoubleToNumber, parseLongDouble } from "../store/numbers.ts";
import type { Client } from "./client.ts";
import { processPendingInput } from "./connection.ts";
import type { Server } from "./server.ts";

/** What a blocked client waits for (Redis's c->bpop). */
export interface BlockedState {
  /** The db number the client blocked in: SWAPDB does not move waiters, as in Redis. */
  readonly dbIndex: number;
  readonly keys: readonly string[];
  /** Absolute wall-clock deadline in ms; 0 waits forever. */
  readonly deadlineMs: number;
  /**
   * Offered each time one of the keys is written, with that key (Redis serves a client blocked
   * on several keys from the one that became ready): replies and returns true when it could
   * serve the client (an error reply counts), false to keep waiting.
   */
  readonly serve: (client: Client, readyKey: string) => boolean;
  /** The blocked command, for its statistics, which Redis counts when the wait ends. */
  command: Command | null;
}

/** How a wait ended: updateStatsOnUnblock counts all but a disconnect, errors as failures. */
type Outcome = "served" | "timeout" | "error";

/** LLONG_MIN and past: what casting an out-of-range long double to long long gives on x86. */
const INT64_LIMIT = 2 ** 63;

/**
 * getTimeoutFromObjectOrReply (seconds): a long double, truncated to whole ms, then made
 * absolute. An out-of-range value (1e400, inf) casts to LLONG_MIN, so Redis calls it negative.
 * Returns the deadline (0: forever), or null after replying the error.
 */
export function readTimeout(client: Client, bytes: Uint8Array): number | null {
  const parsed = parseLongDouble(bytes);
  if (parsed === null || parsed.kind === "nan") {
    client.reply.error(Errors.timeoutNotFloat);
    return null;
  }
  const timeoutMs = Math.trunc(longDoubleToNumber(parsed) * 1000);
  if (!(timeoutMs < INT64_LIMIT) || timeoutMs < 0) {
    client.reply.error(Errors.timeoutNegative);
    return null;
  }
  return timeoutMs === 0 ? 0 : client.nowMs + timeoutMs;
}

interface ReadyKey {
  readonly dbIndex: number;
  readonly key: string;
}

export class BlockingRegistry {
  /** Per db number: key → the clients blocked on it, first blocked first. */
  private readonly waitersByDb = new Map<number, Map<string, Client[]>>();
  /** Keys written since the last serve, in the order they were signalled (server.ready_keys). */
  private readyKeys: ReadyKey[] = [];
  private readonly readyIds = new Set<string>();
  /** Blocked clients with a deadline (INFO's clients_in_timeout_table). */
  private readonly timed = new Set<Client>();
  /** Clients whose wait ended and whose pipelined input has to run (server.unblocked_clients). */
  private readonly unblocked: Client[] = [];
  private timer: Timer | undefined;
  private timerDeadlineMs = 0;
  private serving = false;
  /** INFO's blocked_clients. */
  blockedCount = 0;

  constructor(private readonly server: Server) {}

  get timedCount(): number {
    return this.timed.size;
  }

  /**
   * blockForKeys: `client` waits on `keys` of its db until `serve` succeeds or the deadline.
   * A client that may not block (inside EXEC) is answered at once, as a timeout.
   */
  block(client: Client, keys: readonly string[], deadlineMs: number, serve: BlockedState["serve"]): void {
    if (client.denyBlocking) {
      client.reply.nullArray();
      return;
    }
    const dbIndex = client.dbIndex;
    client.blocked = { dbIndex, keys, deadlineMs, serve, command: null };
    this.blockedCount++;
    let waiters = this.waitersByDb.get(dbIndex);
    if (waiters === undefined) this.waitersByDb.set(dbIndex, (waiters = new Map()));
    for (const key of new Set(keys)) {
      const queue = waiters.get(key);
      if (queue === undefined) waiters.set(key, [client]);
      else queue.push(client);
    }
    if (deadlineMs > 0) {
      this.timed.add(client);
      this.armTimer(deadlineMs);
    }
  }

  /** signalKeyAsReady: `key` was written; clients blocked on it are offered it after the command. */
  signal(dbIndex: number, key: string): void {
    if (this.blockedCount === 0 || this.waitersByDb.get(dbIndex)?.has(key) !== true) return;
    const id = `${dbIndex}:${key}`;
    if (this.readyIds.has(id)) return;
    this.readyIds.add(id);
    this.readyKeys.push({ dbIndex, key });
  }

  /** SWAPDB: every key someone waits on in the db may now hold something else. */
  signalDb(dbIndex: number): void {
    for (const key of this.waitersByDb.get(dbIndex)?.keys() ?? []) this.signal(dbIndex, key);
  }

  get hasReadyKeys(): boolean {
    return this.readyKeys.length > 0;
  }

  /**
   * handleClientsBlockedOnKeys: offers each ready key to its waiters in blocking order. Serving
   * one (BLMOVE pushing to its destination) can make more keys ready; they are served in the
   * same pass, as Redis loops until ready_keys is empty.
   */
  serveReadyKeys(): void {
    if (this.serving) return;
    this.serving = true;
    const nowMs = this.server.batch.nowMs;
    while (this.readyKeys.length > 0) {
      const ready = this.readyKeys;
      this.readyKeys = [];
      this.readyIds.clear();
      for (const { dbIndex, key } of ready) {
        // A copy: every client served leaves the queue.
        for (const client of [...(this.waitersByDb.get(dbIndex)?.get(key) ?? [])]) {
          const blocked = client.blocked;
          if (blocked === null) continue;
          client.nowMs = nowMs;
          const replyStart = client.reply.length;
          // A served command propagates as its non-blocking form (BLPOP → LPOP), which serve
          // asks for with propagateAs; each client served is fed on its own, as in Redis.
          const dirtyBefore = this.server.dirty;
          this.server.propagation.enter();
          const served = blocked.serve(client, key);
          this.server.propagation.exit(client, null, dirtyBefore);
          if (!served) continue;
          if (client.replyOff) client.reply.discardFrom(replyStart);
          this.unblock(client, "served");
        }
      }
    }
    this.serving = false;
  }

  /**
   * CLIENT UNBLOCK: ends a wait as a timeout (null) or with the UNBLOCKED error. Returns false
   * when the client was not blocked.
   */
  unblockByRequest(client: Client, withError: boolean): boolean {
    if (client.blocked === null) return false;
    if (withError) client.reply.error(Errors.unblockedByClient);
    else client.reply.nullArray();
    this.unblock(client, withError ? "error" : "timeout");
    return true;
  }

  /** A disconnected client stops waiting; nothing is counted or sent. */
  forget(client: Client): void {
    if (client.blocked !== null) this.remove(client);
  }

  /** Ends the waits whose deadline has passed, answering null (replyToBlockedClientTimedOut). */
  expireTimeouts(nowMs: number): void {
    for (const client of this.timed) {
      if (client.blocked !== null && client.blocked.deadlineMs <= nowMs) {
        client.reply.nullArray();
        this.unblock(client, "timeout");
      }
    }
  }

  /**
   * processUnblockedClients: commands a client pipelined behind its blocking command run once
   * the wait is over, before the server waits for I/O again.
   */
  processUnblocked(): void {
    while (this.unblocked.length > 0) {
      const client = this.unblocked.shift()!;
      if (client.blocked === null && this.server.clients.has(client.id)) processPendingInput(this.server, client);
    }
  }

  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private unblock(client: Client, outcome: Outcome): void {
    const command = client.blocked!.command;
    this.remove(client);
    // updateStatsOnUnblock: the call is counted when the wait ends, not when it began.
    if (command !== null) {
      const stats = this.server.stats.forCommand(command);
      stats.calls++;
      if (outcome === "error") stats.failedCalls++;
      this.server.stats.commandsProcessed++;
    }
    this.server.markPending(client);
    this.unblocked.push(client);
  }

  private remove(client: Client): void {
    const { dbIndex, keys } = client.blocked!;
    client.blocked = null;
    this.blockedCount--;
    this.timed.delete(client);
    const waiters = this.waitersByDb.get(dbIndex)!;
    for (const key of keys) {
      const queue = waiters.get(key);
      if (queue === undefined) continue;
      const at = queue.indexOf(client);
      if (at !== -1) queue.splice(at, 1);
      if (queue.length === 0) waiters.delete(key);
    }
  }

  /**
   * Wakes the server at the earliest deadline. Redis checks timeouts before each sleep and
   * at least `hz` times a second; the cron does that here too, this timer only makes a
   * timeout fire on time between cron ticks.
   */
  private armTimer(deadlineMs: number): void {
    if (this.timer !== undefined && this.timerDeadlineMs <= deadlineMs) return;
    clearTimeout(this.timer);
    this.timerDeadlineMs = deadlineMs;
    this.timer = setTimeout(() => this.onTimer(), Math.max(0, deadlineMs - this.server.clock.nowMs()));
  }

  private onTimer(): void {
    this.timer = undefined;
    this.expireTimeouts(this.server.clock.nowMs());
    this.server.flushPending();
    let next = Infinity;
    for (const client of this.timed) next = Math.min(next, client.blocked!.deadlineMs);
    if (next !== Infinity) this.armTimer(next);
  }
}
