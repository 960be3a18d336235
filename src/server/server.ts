// The server instance: everything one running redbun owns — config, keyspace, clients,
// statistics, listeners and the cron — as Redis's `struct redisServer`, but an object, so
// two servers can run in one process (tests do). Bun.listen drives the socket handlers.

import type { Socket, TCPSocketListener, UnixSocketListener } from "bun";
import { chmodSync } from "node:fs";
import { commandTable } from "../commands/table.ts";
import type { Command } from "../commands/define.ts";
import { parseBindAddress, type ObufClass } from "../config/settings.ts";
import type { ConfigStore } from "../config/store.ts";
import type { ParseLimits } from "../protocol/resp-parser.ts";
import type { Clock } from "../store/clock.ts";
import { activeExpireCycle } from "../store/expire.ts";
import { Keyspace, type Database } from "../store/keyspace.ts";
import { Client, type ClientAddress } from "./client.ts";
import { BlockingRegistry } from "./blocking.ts";
import { flushClient, onData, onDrain } from "./connection.ts";
import { Logger } from "./log.ts";
import { Monitors } from "./monitor.ts";
import { KeyspaceNotifier } from "./notifications.ts";
import { PubSub } from "./pubsub.ts";
import { Propagation } from "./propagate.ts";
import { Replicas } from "./replicas.ts";
import { AppendOnlyFile } from "../persistence/aof/writer.ts";
import { RdbPersistence, type ShutdownFlags } from "../persistence/rdb-persistence.ts";
import { CallBatch, ServerStats } from "./stats.ts";
import { WatchRegistry } from "./watch.ts";
import { Errors } from "../protocol/errors.ts";
import { REDIS_VERSION } from "../config/errors.ts";


export interface ServerEnvironment {
  clock: Clock;
  pid: number;
  /** Where log lines go when `logfile` is empty. */
  stdout: (line: string) => void;
  /** Called once the server has shut down (main.ts exits the process here). */
  onShutdown: (exitCode: number) => void;
  version: string;
  /** The executable path and config file, for INFO server. */
  executable: string;
  configFile: string;
}

/** Called for every keyspace change with Redis's event name: the hook keyspace events use. */
export type KeyChangeListener = (db: Database, key: string, event: string) => void;

/** listenToPort binds CONFIG_DEFAULT_BINDADDR when `bind` is empty (CONFIG SET bind ""). */
const DEFAULT_BIND = ["*", "-::*"] as const;

export class Server {
  readonly commands: ReadonlyMap<string, Command> = commandTable;
  readonly keyspace: Keyspace;
  readonly clients = new Map<number, Client>();
  readonly stats = new ServerStats();
  /** The clock reading shared by the commands of one read event (see CallBatch). */
  readonly batch = new CallBatch();
  readonly log: Logger;
  readonly clock: Clock;
  readonly startedAtMs: number;
  /** INFO's run_id and master_replid: random per start, as Redis makes them. */
  readonly runId = randomHexId();
  readonly replicationId = randomHexId();
  /** Clients blocked on keys (BLPOP …). */
  readonly blocking = new BlockingRegistry(this);
  readonly keyChangeListeners: KeyChangeListener[] = [];
  /** WATCHed keys and their clients (multi.c's db->watched_keys and c->watched_keys). */
  readonly watches = new WatchRegistry();
  /** MONITOR clients (server.monitors). */
  readonly monitors = new Monitors();
  /** Channels, patterns and shard channels with their subscribers; PUBLISH goes through it. */
  readonly pubsub = new PubSub((client) => this.markPending(client));
  /** Publishes keyspace events as notify-keyspace-events asks. */
  readonly notifications: KeyspaceNotifier;
  /** Feeds the commands that changed data to the AOF (server/propagate.ts). */
  readonly propagation = new Propagation();
  /** SYNC's clients: their REPLCONF requests and the replication stream (server/replicas.ts). */
  readonly replicas = new Replicas(this);
  /** SAVE/BGSAVE, save points, the background snapshot job, loading (persistence/rdb-persistence.ts). */
  readonly rdb: RdbPersistence;
  /** The append-only file (persistence/aof/writer.ts), fed by `propagation`. */
  readonly aof = new AppendOnlyFile(this);
  /**
   * total error replies when the last call ended (incrCommandStatsOnError's prev_err_count):
   * a call fails if errors rose past it, so EXEC is not failed by its queued commands' errors.
   */
  errorRepliesAtLastCall = 0;
  /** Changes since the last save (server.dirty). */
  dirty = 0;
  /**
   * Wall-clock ms minus monotonic ms, refreshed by the cron: a command reads the monotonic
   * clock once and gets its cached wall time from it too (each clock read costs ~35 ns here).
   */
  wallOffsetMs = 0;
  activeExpireEnabled = true;
  /** The TCP port actually bound (differs from the config when it asked for 0). */
  boundPort = 0;
  private nextClientId = 1;
  private tcpListeners: TCPSocketListener<Client>[] = [];
  private unixListener: UnixSocketListener<Client> | undefined;
  /**
   * The port the OS picked when the server started with port 0 and no unix socket (redbun's
   * embedded mode). CONFIG SET port 0 goes back to it, so a failed CONFIG SET port restores
   * the listener such a server had; for any other server port 0 means no TCP, as in Redis.
   */
  private ephemeralPort = 0;
  private readonly pendingFlush = new Set<Client>();
  /** When each client went over its soft output limit (Redis's obuf_soft_limit_reached_time). */
  private readonly softLimitSinceMs = new Map<Client, number>();
  private cronTimer: Timer | undefined;
  private shuttingDown = false;

  constructor(
    readonly config: ConfigStore,
    readonly env: ServerEnvironment,
  ) {
    this.clock = env.clock;
    this.startedAtMs = env.clock.nowMs();
    this.wallOffsetMs = this.startedAtMs - env.clock.monotonicMs();
    this.log = new Logger(
      () => ({ level: config.values.loglevel, file: config.values.logfile }),
      () => env.clock.nowMs(),
      env.pid,
      env.stdout,
    );
    this.keyspace = new Keyspace(config.values.databases, {
      expired: (db, key) => {
        this.keyChanged(db, key, "expired", 0);
        // deleteExpiredKeyAndPropagate: replay and replicas delete the key too (lazyfree-lazy-expire no: DEL).
        this.propagation.add(db.id, ["DEL", key]);
      },
      added: (db, key) => this.notifications.notify(db, key, "new"),
      missed: (db, key) => this.notifications.notify(db, key, "keymiss"),
    });
    this.notifications = new KeyspaceNotifier(this);
    this.rdb = new RdbPersistence(this);
  }

  // --- start and stop ------------------------------------------------------------------------

  async listen(): Promise<void> {
    // loadDataFromDisk comes before the listeners: no client ever sees a half-loaded dataset.
    // With appendonly yes the AOF, not the RDB, holds the dataset.
    if (!this.aof.startUp()) this.rdb.loadAtStartup();
    const { port, bind, unixsocket, unixsocketperm } = this.config.values;
    if (port !== 0 || !unixsocket) {
      if (!this.listenTcp(port, bind)) throw new Error(`Failed listening on port ${port} (TCP), aborting.`);
      if (port === 0) this.ephemeralPort = this.boundPort;
    }
    if (unixsocket) {
      this.unixListener = Bun.listen<Client>({ unix: unixsocket, socket: this.socketHandlers() });
      // anetUnixServer: 0 leaves the mode the umask gave the socket file.
      if (unixsocketperm !== 0) chmodSync(unixsocket, unixsocketperm);
    }
    this.scheduleCron();
    // CONFIG SET hz takes effect at once, as serverCron's next timer uses the new rate.
    this.config.onChange("hz", () => this.scheduleCron());
    // updatePort and applyBind: the old TCP listeners close first (connected clients stay),
    // then the new ones open. On failure the store puts the old values back and runs these
    // hooks again, which reopens the old listeners.
    this.config.onChange("port", (config) =>
      this.rebindTcp(config.port, config.bind) ? undefined : { error: "Unable to listen on this port. Check server logs." },
    );
    this.config.onChange("bind", (config) => {
      if (this.rebindTcp(config.port, config.bind)) return;
      this.log.warning("Failed to bind");
      return { error: "Failed to bind to specified addresses." };
    });
    this.log.notice(
      `redbun version=${this.env.version} (Redis ${REDIS_VERSION} compatible), bits=64, pid=${this.env.pid}, just started`,
    );
    this.log.notice(`Running mode=standalone, port=${this.boundPort}.`);
    this.log.notice("Ready to accept connections");
  }

  /**
   * prepareForShutdown + finishShutdown (SHUTDOWN, SIGTERM, the library's close()): the final
   * save first, as `flags` and the save points ask; if it fails without FORCE the server keeps
   * running and false is returned. Otherwise stop accepting, send what was answered, close
   * everyone and exit.
   */
  shutdown(flags: ShutdownFlags = {}, exitCode = 0): boolean {
    if (this.shuttingDown) return true;
    this.log.warning("User requested shutdown...");
    this.aof.shutdown();
    if (!this.rdb.prepareShutdown(flags)) {
      this.log.warning("Errors trying to shut down the server. Check the logs for more information.");
      return false;
    }
    this.shuttingDown = true;
    clearInterval(this.cronTimer);
    this.blocking.close();
    for (const listener of this.tcpListeners) listener.stop(true);
    this.unixListener?.stop(true);
    for (const client of this.clients.values()) {
      client.closeAfterReply = true;
      flushClient(this, client);
    }
    this.aof.close();
    this.log.warning("Redis is now ready to exit, bye bye...");
    this.env.onShutdown(exitCode);
    return true;
  }

  /**
   * listenToPort: one listener per bind address, all on one port (the first one's, when the OS
   * picks it for port 0). An address written with '-' may fail and is skipped; any other
   * failure closes what this call opened and returns false, leaving the old listeners alone.
   */
  private listenTcp(port: number, bind: readonly string[]): boolean {
    const opened: TCPSocketListener<Client>[] = [];
    let boundPort = port;
    for (const address of bind.length > 0 ? bind : DEFAULT_BIND) {
      const { host, optional } = parseBindAddress(address);
      try {
        const listener = Bun.listen<Client>({ hostname: host, port: boundPort, socket: this.socketHandlers() });
        boundPort = listener.port;
        opened.push(listener);
      } catch (error) {
        this.log.warning(`Warning: Could not create server TCP listening socket ${host}:${port}: ${String(error)}`);
        if (optional) continue;
        for (const listener of opened) listener.stop(false);
        return false;
      }
    }
    this.tcpListeners = opened;
    this.boundPort = boundPort;
    return true;
  }

  /** changeListenPort / changeBindAddr: close the TCP listeners, then listen anew (port 0: not at all). */
  private rebindTcp(port: number, bind: readonly string[]): boolean {
    for (const listener of this.tcpListeners) listener.stop(false);
    this.tcpListeners = [];
    this.boundPort = 0;
    const tcpPort = port !== 0 ? port : this.ephemeralPort;
    return tcpPort === 0 || this.listenTcp(tcpPort, bind);
  }

  private socketHandlers() {
    return {
      open: (socket: Socket<Client>) => this.accept(socket),
      data: (socket: Socket<Client>, chunk: Uint8Array) => onData(this, socket.data, chunk),
      drain: (socket: Socket<Client>) => onDrain(this, socket.data),
      close: (socket: Socket<Client>) => this.forget(socket.data),
      // Bun reports a socket failure (or an exception thrown from a handler) here: the
      // connection is of no further use, so drop the client and close it.
      error: (socket: Socket<Client>) => {
        this.forget(socket.data);
        socket.terminate();
      },
    };
  }

  /**
   * acceptCommonHandler + clientAcceptHandler: over maxclients the connection is refused
   * before a client (and an id) exists; protected mode refuses a created client. Only an
   * accepted connection counts in total_connections_received.
   */
  private accept(socket: Socket<Client>): void {
    if (this.clients.size >= this.config.values.maxclients) {
      this.stats.rejectedConnections++;
      socket.end(`-${Errors.maxClients}\r\n`);
      return;
    }
    const address = describeSocket(socket, this.config.values.unixsocket);
    const client = new Client(this, socket, address, this.nextClientId++);
    socket.data = client;
    socket.setNoDelay(true);
    // createClient: connKeepAlive on TCP connections. Bun sets TCP_KEEPIDLE from the delay
    // (in ms) but fixes the probes at 10, one second apart; Redis sends 3, interval/3 apart.
    const keepAliveSec = this.config.values["tcp-keepalive"];
    if (keepAliveSec > 0 && !address.isUnixSocket) socket.setKeepAlive(true, keepAliveSec * 1000);
    if (this.config.values["protected-mode"] && this.config.values.requirepass === "" && !address.isLocal) {
      this.stats.rejectedConnections++;
      socket.end(`-${Errors.protectedMode}\r\n`);
      return;
    }
    this.stats.connectionsReceived++;
    this.clients.set(client.id, client);
  }

  private forget(client: Client | undefined): void {
    if (client === undefined) return;
    this.clients.delete(client.id);
    this.pendingFlush.delete(client);
    this.softLimitSinceMs.delete(client);
    // freeClient: unwatchAllKeys, and out of the monitors list.
    this.watches.unwatchAll(client);
    this.blocking.forget(client);
    if (client.monitor) this.monitors.remove(client);
    this.pubsub.unsubscribeAll(client);
    this.replicas.forget(client);
  }

  /** Output and query buffer limits: close now, dropping unsent output (the peer is not reading). */
  closeClient(client: Client): void {
    this.forget(client);
    client.socket?.terminate();
  }

  /**
   * freeClient for CLIENT KILL and the idle timeout: the client is gone at once (CLIENT LIST
   * no longer shows it, it runs nothing more); the socket gets what it takes of the unsent
   * output, the rest is dropped, then a normal close (FIN, as Redis's close(2)).
   */
  disconnect(client: Client): void {
    this.forget(client);
    client.closeAfterReply = true;
    const socket = client.socket;
    if (socket === null) return;
    const reply = client.reply;
    // Its last replies may answer writes still in the AOF buffer: those reach the file first.
    if (reply.pendingBytes > 0 && this.aof.bufferedBytes > 0) this.aof.flush();
    if (reply.pendingBytes > 0) socket.write(reply.buf, reply.sent, reply.pendingBytes);
    socket.end();
  }

  // --- output ----------------------------------------------------------------------------

  /** A client has output to send at the end of this event. */
  markPending(client: Client): void {
    // Only output makes a client pending, as in Redis: a QUIT whose +OK CLIENT REPLY OFF
    // dropped leaves nothing to write, so the close that follows a write never comes.
    // The flag (CLIENT_PENDING_WRITE) spares a Set insert per call: pub/sub fan-out marks each
    // receiver once per message.
    if (client.pendingWrite || client.reply.pendingBytes === 0) return;
    client.pendingWrite = true;
    this.pendingFlush.add(client);
  }

  /** beforeSleep: the commands of clients whose wait just ended, then every pending write. */
  flushPending(): void {
    this.blocking.processUnblocked();
    // flushAppendOnlyFile comes before any reply; under appendfsync always the replies wait
    // for the fsync at the end of this event-loop turn, which calls this again.
    if (!this.aof.flushBeforeReplies()) return;
    // Each client leaves the set before its flush: one marked again meanwhile (its input resumed
    // and ran) is added anew and visited later in this same loop.
    for (const client of this.pendingFlush) {
      // A client whose input resumed in this loop ran commands: they reach the AOF first.
      if (this.aof.bufferedBytes > 0 && !this.aof.flushBeforeReplies()) return;
      this.pendingFlush.delete(client);
      client.pendingWrite = false;
      flushClient(this, client);
    }
  }

  /**
   * checkClientOutputBufferLimits for normal and pub/sub clients: past the hard limit the client is closed
   * at once; past the soft limit only once it has stayed there for more than the soft seconds.
   * Called when a write leaves output unsent, and from the cron for clients already over.
   */
  enforceOutputLimit(client: Client): void {
    const limit = this.config.values["client-output-buffer-limit"][this.clientType(client)];
    const pending = client.reply.pendingBytes;
    let overLimit = limit.hardLimitBytes > 0 && pending >= limit.hardLimitBytes;
    if (limit.softLimitBytes > 0 && pending >= limit.softLimitBytes) {
      const nowMs = this.clock.nowMs();
      const since = this.softLimitSinceMs.get(client);
      if (since === undefined) this.softLimitSinceMs.set(client, nowMs);
      else if (Math.floor((nowMs - since) / 1000) > limit.softLimitSeconds) overLimit = true;
    } else {
      this.softLimitSinceMs.delete(client);
    }
    if (overLimit) {
      this.log.warning(`Client id=${client.id} addr=${client.address.addr} scheduled to be closed ASAP for overcoming of output buffer limits.`);
      this.closeClient(client);
    }
  }

  // --- the rest of the server reads these ------------------------------------------------

  /**
   * getClientType, the class that picks a client's output limit (and CLIENT LIST/KILL TYPE): a
   * replica fed by SYNC, a client subscribed to anything, or normal. A MONITOR client is
   * normal, as in Redis.
   */
  clientType(client: Client): ObufClass {
    if (this.replicas.isReplica(client)) return "replica";
    return client.subscriptions !== null ? "pubsub" : "normal";
  }

  authRequired(): boolean {
    return this.config.values.requirepass !== "";
  }

  /**
   * The limits the next frame from `client` is parsed with. Redis checks them per frame, so a
   * command that runs in between (AUTH, RESET, CONFIG SET proto-max-bulk-len) changes them for
   * the frames after it in the same read.
   */
  updateParseLimits(limits: ParseLimits, client: Client): void {
    limits.maxBulkLength = this.config.values["proto-max-bulk-len"];
    limits.authRequired = client.authRequired();
  }

  queryBufferLimit(): number {
    return this.config.values["client-query-buffer-limit"];
  }

  /** A command or the keyspace changed `key`: count it and tell the listeners. */
  keyChanged(db: Database, key: string, event: string, changes: number): void {
    this.dirty += changes;
    // signalKeyAsReady: clients blocked on the key get their turn after this command.
    this.blocking.signal(db.id, key);
    // signalModifiedKey: a WATCHing client's EXEC will fail.
    this.watches.touch(db, key, this.batch.nowMs);
    for (const listener of this.keyChangeListeners) listener(db, key, event);
  }

  private scheduleCron(): void {
    clearInterval(this.cronTimer);
    if (this.shuttingDown) return;
    this.cronTimer = setInterval(() => this.cron(), Math.max(1, Math.floor(1000 / this.config.values.hz)));
  }

  /** serverCron: active expiry, idle clients, save points; runs `hz` times a second. */
  cron(): void {
    this.wallOffsetMs = this.clock.nowMs() - this.clock.monotonicMs();
    if (this.activeExpireEnabled) activeExpireCycle(this.keyspace, this.clock, this.config.values.hz);
    this.closeIdleClients();
    for (const client of this.clients.values()) client.reply.shrinkIfIdle();
    this.blocking.expireTimeouts(this.clock.nowMs());
    for (const client of this.softLimitSinceMs.keys()) this.enforceOutputLimit(client);
    this.rdb.cron();
    this.aof.cron();
    this.flushPending();
  }

  /** clientsCronHandleTimeout: idle for more than `timeout` whole seconds closes the client. */
  private closeIdleClients(): void {
    const timeoutSec = this.config.values.timeout;
    if (timeoutSec === 0) return;
    const now = this.clock.nowMs();
    for (const client of this.clients.values()) {
      if (client.idleSeconds(now) > timeoutSec) {
        this.log.verbose("Closing idle client");
        this.disconnect(client);
      }
    }
  }
}

/** 40 random hex characters (getRandomHexChars(CONFIG_RUN_ID_SIZE)). */
function randomHexId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** CLIENT LIST's addr/laddr as anetFormatAddr writes them; unix clients show the socket path. */
function describeSocket(socket: Socket<Client>, unixSocketPath: string): ClientAddress {
  const remote = socket.remoteAddress;
  if (remote === "" || remote === undefined) {
    return { addr: `${unixSocketPath}:0`, laddr: `${unixSocketPath}:0`, isLocal: true, isUnixSocket: true };
  }
  const host = remote.startsWith("::ffff:") ? remote.slice(7) : remote;
  const local = socket.localAddress ?? "";
  const localHost = local.startsWith("::ffff:") ? local.slice(7) : local;
  // Redis's protected mode lets in exactly 127.0.0.1 and ::1 (not the rest of 127/8).
  const isLocal = host === "127.0.0.1" || host === "::1";
  return {
    addr: formatAddress(host, socket.remotePort),
    laddr: formatAddress(localHost, socket.localPort),
    isLocal,
    isUnixSocket: false,
  };
}

function formatAddress(ip: string, port: number): string {
  return ip.includes(":") ? `[${ip}]:${port}` : `${ip}:${port}`;
}
