// Per-client state, as Redis's `client` struct: id, name, selected db, protocol, auth, reply
// mode, the unparsed query buffer and the reply writer. A Client is also what every command's
// `run` receives (Redis passes `client *c`): through it a command reaches the server, the
// selected db, the reply writer and the time of the current command.

import type { Socket } from "bun";
import { ReplyWriter } from "../protocol/reply-writer.ts";
import { Request } from "../protocol/request.ts";
import type { Command } from "../commands/define.ts";
import type { BlockedState } from "./blocking.ts";
import type { Database } from "../store/keyspace.ts";
import type { Server } from "./server.ts";
import type { WatchedKey } from "./watch.ts";
import type { ClientSubscriptions } from "./pubsub.ts";
import type { PropagatedArgv } from "./propagate.ts";

/** Socket-side facts a client keeps for CLIENT LIST/INFO. */
export interface ClientAddress {
  /** `ip:port` of the peer, or `/path:0` for unix sockets as Redis prints it. */
  addr: string;
  laddr: string;
  /** 127.0.0.1, ::1 or a unix socket: protected mode lets these in. */
  isLocal: boolean;
  /** Connected through the unix socket (CLIENT LIST's `U` flag). */
  isUnixSocket: boolean;
}

/** A command queued by MULTI, its words copied out of the read buffer. */
export interface QueuedCommand {
  readonly command: Command;
  readonly request: Request;
}

export class Client {
  readonly id: number;
  readonly reply: ReplyWriter;
  /** The selected db number (SELECT). */
  dbIndex = 0;
  name = "";
  authenticated: boolean;
  // CLIENT REPLY, as Redis's CLIENT_REPLY_OFF / _SKIP / _SKIP_NEXT flags: dispatch drops the
  // replies of a command that ends with `replyOff` or `replySkip` set, then moves SKIP_NEXT on.
  /** CLIENT REPLY OFF: every reply is dropped until CLIENT REPLY ON (or RESET). */
  replyOff = false;
  /** The command running now was preceded by CLIENT REPLY SKIP: its reply is dropped. */
  replySkip = false;
  /** Set by CLIENT REPLY SKIP: the next command's reply is dropped. */
  replySkipNext = false;
  /**
   * CLIENT_DENY_BLOCKING: a blocking command answers at once, as if it had timed out (set
   * while EXEC runs queued commands, as Redis does for MULTI and scripts).
   */
  denyBlocking = false;
  // MULTI/EXEC and WATCH (commands/transactions.ts, server/watch.ts), as Redis's mstate and
  // CLIENT_MULTI / CLIENT_DIRTY_EXEC / CLIENT_DIRTY_CAS flags.
  /** The commands MULTI queued for EXEC; null outside a transaction (CLIENT_MULTI unset). */
  multiQueue: QueuedCommand[] | null = null;
  /** A command was rejected while queuing: EXEC answers EXECABORT (CLIENT_DIRTY_EXEC). */
  multiRejected = false;
  /** CLIENT LIST's multi-mem: queued argv bytes plus a pointer per argument (argv_len_sums). */
  multiBytes = 0;
  /** A watched key changed since WATCH: EXEC answers a null array (CLIENT_DIRTY_CAS). */
  dirtyCas = false;
  /** The keys this client watches; the server's WatchRegistry holds the other side. */
  readonly watchedKeys: WatchedKey[] = [];
  /** MONITOR: this client is fed every command the server runs (CLIENT_MONITOR). */
  monitor = false;
  /**
   * argv positions the running command hid from MONITOR (redactClientCommandArgument: AUTH
   * and HELLO passwords); null when none. Cleared after each call.
   */
  redactedArgs: number[] | null = null;
  /**
   * What the client listens to (server/pubsub.ts); non-null exactly while it is subscribed to
   * something, Redis's CLIENT_PUBSUB flag: a RESP2 client may then only run (P|S)SUBSCRIBE,
   * (P|S)UNSUBSCRIBE, PING, QUIT and RESET, and its output limit is the pubsub class's.
   */
  subscriptions: ClientSubscriptions | null = null;
  /** What the client waits for while a blocking command holds it (CLIENT LIST's `b` flag). */
  blocked: BlockedState | null = null;
  /** CLIENT NO-EVICT ON (CLIENT LIST's `e` flag). */
  noEvict = false;
  /**
   * QUIT, protocol errors, CLIENT KILL: send what is queued, then close. The close follows a
   * write: with nothing queued (CLIENT REPLY OFF) the client just stops reading, as in Redis.
   */
  closeAfterReply = false;
  /** In the server's set of clients to flush at the end of this event (CLIENT_PENDING_WRITE). */
  pendingWrite = false;
  /** Wall-clock ms at the start of the current command: Redis's cached server.mstime. */
  nowMs = 0;
  /** The current command's words (in the read buffer while it runs). */
  request = new Request();
  /**
   * What the running command propagates instead of its argv (server/propagate.ts), set by
   * propagateAs; null: its argv as it came. Cleared when the call ends.
   */
  propagatedArgvs: PropagatedArgv[] | null = null;
  /** forceCommandPropagation: propagate even though dirty did not rise (FLUSHALL of empty dbs). */
  forcePropagation = false;
  /** The name of the last command run, for CLIENT LIST's `cmd=`. */
  lastCommand = "NULL";
  readonly createdAtMs: number;
  lastInteractionMs: number;

  // --- input: the unparsed tail of what the socket delivered -----------------------------
  queryBuffer = new Uint8Array(0);
  queryStart = 0;
  queryEnd = 0;
  /** Bytes the parser knows it is missing: no point parsing again before they arrive. */
  queryWaitUntil = 0;
  /** Reading stops while the output is over its high-water mark. */
  inputPaused = false;
  /** Total bytes received, for CLIENT LIST's tot-net-in and INFO. */
  netInputBytes = 0;
  netOutputBytes = 0;

  constructor(
    readonly server: Server,
    readonly socket: Socket<Client> | null,
    readonly address: ClientAddress,
    id: number,
  ) {
    this.id = id;
    this.reply = new ReplyWriter((message) => server.stats.recordError(message));
    this.authenticated = !server.authRequired();
    this.createdAtMs = server.clock.nowMs();
    this.lastInteractionMs = this.createdAtMs;
  }

  /** The current command's words as views, for the commands that read argv themselves. */
  get argv(): Uint8Array[] {
    return this.request.words();
  }

  /** What the current command replies is dropped (prepareClientToWrite refuses it). */
  get repliesDropped(): boolean {
    return this.replyOff || this.replySkip;
  }

  /**
   * Redis's authRequired(c): a client that never authenticated may still run commands once
   * the default user needs no password (CONFIG SET requirepass "" lets it in).
   */
  authRequired(): boolean {
    return !this.authenticated && this.server.authRequired();
  }

  /** CLIENT LIST's `age`: whole unix seconds since the connection, as Redis counts them. */
  ageSeconds(nowMs: number): number {
    return unixSeconds(nowMs) - unixSeconds(this.createdAtMs);
  }

  /** CLIENT LIST's `idle`, and what the `timeout` setting measures: seconds since the last I/O. */
  idleSeconds(nowMs: number): number {
    return unixSeconds(nowMs) - unixSeconds(this.lastInteractionMs);
  }

  /** redactClientCommandArgument: MONITOR shows argv[index] as `(redacted)`. */
  redactArg(index: number): void {
    (this.redactedArgs ??= []).push(index);
  }

  /** The selected db (looked up each time: SWAPDB may have exchanged them). */
  get db(): Database {
    return this.server.keyspace.dbs[this.dbIndex]!;
  }

  /**
   * The command changed `key`: count it in `dirty` (what save points, propagation and
   * INFO's rdb_changes_since_last_save see), as Redis's `server.dirty++` with the
   * keyspace event the command fires.
   */
  written(key: string, event: string, changes = 1): void {
    this.server.keyChanged(this.db, key, event, changes);
  }

  /**
   * rewriteClientCommandVector / alsoPropagate + preventCommandPropagation: if the command
   * changes data, the AOF gets these commands in place of its argv (none: nothing at all), so
   * that replay does what the command did (SET EX → SET PXAT, SPOP → SREM …). Arguments must
   * stay valid until the command's call ends: strings, argv views, never views into stored values.
   */
  propagateAs(...argvs: PropagatedArgv[]): void {
    this.propagatedArgvs = argvs;
  }
}

/** Redis keeps client times in whole seconds (server.unixtime): differences count second ticks. */
function unixSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}
