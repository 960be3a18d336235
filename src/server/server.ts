// The server instance: everything one running redbun owns — config, keyspace, clients,
// statistics, listeners and the cron — as Redis's `struct redisServer`, but an object, so
// two servers can run in one process (tests do). Bun.listen drives the socket handlers.

import type { Socket, TCPSocketListener, UnixSocketListener } from "bun";
import { commandTable } from "../commands/table.ts";
import type { Command } from "../commands/define.ts";
import type { ConfigStore } from "../config/store.ts";
import type { ParseLimits } from "../protocol/resp-parser.ts";
import type { Clock } from "../store/clock.ts";
import { activeExpireCycle } from "../store/expire.ts";
import { Keyspace, type Database } from "../store/keyspace.ts";
import { Client, type ClientAddress } from "./client.ts";
import { flushClient, onData, onDrain } from "./connection.ts";
import { Logger } from "./log.ts";
import { ServerStats } from "./stats.ts";
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

type Listener = TCPSocketListener<Client> | UnixSocketListener<Client>;

export class Server {
  readonly commands: ReadonlyMap<string, Command> = commandTable;
  readonly keyspace: Keyspace;
  readonly clients = new Map<number, Client>();
  readonly stats = new ServerStats();
  readonly log: Logger;
  readonly clock: Clock;
  readonly startedAtMs: number;
  /** INFO's run_id and master_replid: random per start, as Redis makes them. */
  readonly runId = randomHexId();
  readonly replicationId = randomHexId();
  readonly keyChangeListeners: KeyChangeListener[] = [];
  /** Changes since the last save (server.dirty). */
  dirty = 0;
  activeExpireEnabled = true;
  /** The TCP port actually bound (differs from the config when it asked for 0). */
  boundPort = 0;
  private nextClientId = 1;
  private readonly listeners: Listener[] = [];
  private readonly pendingFlush = new Set<Client>();
  private cronTimer: Timer | undefined;
  private shuttingDown = false;

  constructor(
    readonly config: ConfigStore,
    readonly env: ServerEnvironment,
  ) {
    this.clock = env.clock;
    this.startedAtMs = env.clock.nowMs();
    this.log = new Logger(
      () => ({ level: config.values.loglevel, file: config.values.logfile }),
      () => env.clock.nowMs(),
      env.pid,
      env.stdout,
    );
    this.keyspace = new Keyspace(config.values.databases, {
      expired: (db, key) => this.keyChanged(db, key, "expired", 0),
    });
  }

  // --- start and stop ------------------------------------------------------------------------

  async listen(): Promise<void> {
    const { port, bind, unixsocket } = this.config.values;
    if (port !== 0 || !unixsocket) {
      for (const address of bind) {
        const optional = address.startsWith("-");
        const hostname = optional ? address.slice(1) : address;
        try {
          const listener = Bun.listen<Client>({ hostname, port: this.boundPort || port, socket: this.socketHandlers() });
          this.boundPort = listener.port;
          this.listeners.push(listener);
        } catch (error) {
          if (!optional) throw new Error(`Could not create server TCP listening socket ${hostname}:${port}: ${String(error)}`);
        }
      }
    }
    if (unixsocket) {
      this.listeners.push(Bun.listen<Client>({ unix: unixsocket, socket: this.socketHandlers() }));
    }
    this.scheduleCron();
    // CONFIG SET hz takes effect at once, as serverCron's next timer uses the new rate.
    this.config.onChange("hz", () => this.scheduleCron());
    this.log.notice(
      `redbun version=${this.env.version} (Redis ${REDIS_VERSION} compatible), bits=64, pid=${this.env.pid}, just started`,
    );
    this.log.notice(`Running mode=standalone, port=${this.boundPort}.`);
    this.log.notice("Ready to accept connections");
  }

  /** SHUTDOWN / SIGTERM: stop accepting, send what was answered, close everyone. */
  async shutdown(exitCode = 0): Promise<void> {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    this.log.warning("User requested shutdown...");
    clearInterval(this.cronTimer);
    for (const listener of this.listeners) listener.stop(true);
    for (const client of this.clients.values()) {
      client.closeAfterReply = true;
      flushClient(this, client);
    }
    this.log.warning("Redis is now ready to exit, bye bye...");
    this.env.onShutdown(exitCode);
  }

  private socketHandlers() {
    return {
      open: (socket: Socket<Client>) => this.accept(socket),
      data: (socket: Socket<Client>, chunk: Uint8Array) => onData(this, socket.data, chunk),
      drain: (socket: Socket<Client>) => onDrain(this, socket.data),
      close: (socket: Socket<Client>) => this.forget(socket.data),
      error: (socket: Socket<Client>) => this.forget(socket.data),
    };
  }

  private accept(socket: Socket<Client>): void {
    this.stats.connectionsReceived++;
    const address = describeSocket(socket, this.config.values.unixsocket);
    const client = new Client(this, socket, address, this.nextClientId++);
    socket.data = client;
    socket.setNoDelay(true);
    if (this.clients.size >= this.config.values.maxclients) {
      this.stats.rejectedConnections++;
      socket.end(`-${Errors.maxClients}\r\n`);
      return;
    }
    if (this.config.values["protected-mode"] && this.config.values.requirepass === "" && !address.isLocal) {
      this.stats.rejectedConnections++;
      socket.end(`-${Errors.protectedMode}\r\n`);
      return;
    }
    this.clients.set(client.id, client);
  }

  private forget(client: Client | undefined): void {
    if (client === undefined) return;
    this.clients.delete(client.id);
    this.pendingFlush.delete(client);
  }

  /** CLIENT KILL, limits: close now, dropping unsent output. */
  closeClient(client: Client): void {
    this.forget(client);
    client.socket?.terminate();
  }

  // --- output ----------------------------------------------------------------------------

  /** A client has output to send at the end of this event. */
  markPending(client: Client): void {
    if (client.reply.pendingBytes > 0 || client.closeAfterReply) this.pendingFlush.add(client);
  }

  flushPending(): void {
    for (const client of this.pendingFlush) flushClient(this, client);
    this.pendingFlush.clear();
  }

  /** client-output-buffer-limit for normal clients: hard limit closes at once. */
  enforceOutputLimit(client: Client): void {
    const limit = this.config.values["client-output-buffer-limit"].normal;
    if (limit.hardLimitBytes > 0 && client.reply.pendingBytes > limit.hardLimitBytes) {
      this.log.warning(`Client id=${client.id} addr=${client.address.addr} scheduled to be closed ASAP for overcoming of output buffer limits.`);
      this.closeClient(client);
    }
  }

  // --- the rest of the server reads these ------------------------------------------------

  authRequired(): boolean {
    return this.config.values.requirepass !== "";
  }

  parseLimits(client: Client): ParseLimits {
    return { maxBulkLength: this.config.values["proto-max-bulk-len"], authRequired: !client.authenticated };
  }

  queryBufferLimit(): number {
    return this.config.values["client-query-buffer-limit"];
  }

  /** A command or the keyspace changed `key`: count it and tell the listeners. */
  keyChanged(db: Database, key: string, event: string, changes: number): void {
    this.dirty += changes;
    for (const listener of this.keyChangeListeners) listener(db, key, event);
  }

  private scheduleCron(): void {
    clearInterval(this.cronTimer);
    if (this.shuttingDown) return;
    this.cronTimer = setInterval(() => this.cron(), Math.max(1, Math.floor(1000 / this.config.values.hz)));
  }

  /** serverCron: active expiry, idle clients; runs `hz` times a second. */
  cron(): void {
    if (this.activeExpireEnabled) activeExpireCycle(this.keyspace, this.clock, this.config.values.hz);
    this.closeIdleClients();
    this.flushPending();
  }

  private closeIdleClients(): void {
    const timeoutSec = this.config.values.timeout;
    if (timeoutSec === 0) return;
    const now = this.clock.nowMs();
    for (const client of this.clients.values()) {
      if (now - client.lastInteractionMs > timeoutSec * 1000) {
        this.log.verbose(`Closing idle client id=${client.id}`);
        this.closeClient(client);
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
    return { addr: `${unixSocketPath}:0`, laddr: `${unixSocketPath}:0`, isLocal: true };
  }
  const host = remote.startsWith("::ffff:") ? remote.slice(7) : remote;
  const local = socket.localAddress ?? "";
  const localHost = local.startsWith("::ffff:") ? local.slice(7) : local;
  // Redis's protected mode lets in exactly 127.0.0.1 and ::1 (not the rest of 127/8).
  const isLocal = host === "127.0.0.1" || host === "::1";
  return { addr: formatAddress(host, socket.remotePort), laddr: formatAddress(localHost, socket.localPort), isLocal };
}

function formatAddress(ip: string, port: number): string {
  return ip.includes(":") ? `[${ip}]:${port}` : `${ip}:${port}`;
}
