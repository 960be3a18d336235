// The library API: `startServer({ port: 0, ... })` runs a real redbun inside the calling
// process — what a test suite embeds instead of downloading and spawning redis-server.
// The handle is async-disposable: `await using srv = await startServer({ port: 0 })`.

import { ConfigStore } from "./config/store.ts";
import { configFromPatch, type Config } from "./config/settings.ts";
import { Server } from "./server/server.ts";
import { SystemClock, type Clock } from "./store/clock.ts";
import packageJson from "../package.json" with { type: "json" };

export { ManualClock, SystemClock, type Clock } from "./store/clock.ts";
export type { Config } from "./config/settings.ts";

export interface StartOptions extends Partial<Config> {
  /** Drive time from a test (a ManualClock) instead of the system clock. */
  clock?: Clock;
  /**
   * Where log lines go when `logfile` is empty. An embedded server is quiet by default (a test
   * run should not be interleaved with server logs); pass `(line) => process.stdout.write(line)`
   * to see them.
   */
  log?: (line: string) => void;
}

export interface ServerHandle extends AsyncDisposable {
  /** The bound TCP port (the one the OS picked when asked for port 0); 0 if TCP is off. */
  readonly port: number;
  /** The unix socket path, if one was configured. */
  readonly unixSocket: string | undefined;
  /** The running server, for tests that inspect or drive it (clock, expiry, stats). */
  readonly server: Server;
  /** Resolves when the server has shut down (close(), SHUTDOWN). */
  readonly closed: Promise<void>;
  close(): Promise<void>;
}

export async function startServer(options: StartOptions = {}): Promise<ServerHandle> {
  const { clock, log, ...settings } = options;
  // An embedded server persists nothing by itself unless asked: no save points by default (a
  // test suite's servers must not drop dump.rdb files in its working directory). It still loads
  // `dir`/`dbfilename` at start when that file exists, and SAVE/BGSAVE/SHUTDOWN SAVE write it.
  const config = configFromPatch({ save: [], ...settings });
  const { promise: closed, resolve } = Promise.withResolvers<void>();
  const server = new Server(new ConfigStore(config), {
    clock: clock ?? new SystemClock(),
    pid: process.pid,
    stdout: log ?? (() => undefined),
    onShutdown: () => resolve(),
    version: packageJson.version,
    executable: process.argv[1] ?? "",
    configFile: "",
  });
  await server.listen();
  // Like SIGTERM (the final save when save points are set), but a failed save does not keep
  // an embedded server running: its owner is stopping it.
  const close = async () => {
    server.shutdown({ force: true });
    await closed;
  };
  return {
    port: server.boundPort,
    unixSocket: config.unixsocket || undefined,
    server,
    closed,
    close,
    [Symbol.asyncDispose]: close,
  };
}
