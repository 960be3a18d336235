// Starts a real redis-server (the behaviour reference) for differential tests: unix socket in a
// fresh temp dir, no TCP, no persistence; ready once it answers PING. Also the guard every
// differential suite uses: skip where redis-server is absent, but fail in CI, which must never skip.

import { describe } from "bun:test";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, watch, type FSWatcher } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RespClient, formatBytes, latin1 } from "./resp-client.ts";

export interface RealRedis extends AsyncDisposable {
  socketPath: string;
  dir: string;
  pid: number;
  /** Stops the server (SIGTERM, then SIGKILL if it lingers) and removes its temp dir. Idempotent. */
  stop(): Promise<void>;
}

/** Path of the redis-server binary, or undefined when there is none. */
export function redisServerPath(): string | undefined {
  return Bun.which("redis-server") ?? (existsSync("/usr/bin/redis-server") ? "/usr/bin/redis-server" : undefined);
}

export function hasRealRedis(): boolean {
  return redisServerPath() !== undefined;
}

/**
 * True when differential suites must skip (no redis-server here). In CI (`CI` set) a missing
 * redis-server throws instead: CI installs it, so a skip there would hide every differential test.
 */
export function realRedisMissing(): boolean {
  if (hasRealRedis()) return false;
  if (process.env.CI) {
    throw new Error("redis-server not found, and CI is set: differential tests must run in CI (install redis-server 7.0)");
  }
  return true;
}

/** `describe` that skips without redis-server (and throws in CI, see realRedisMissing). */
export function describeWithRealRedis(name: string, fn: () => void): void {
  describe.skipIf(realRedisMissing())(name, fn);
}

const STARTUP_DEADLINE_MS = 10_000;
const STOP_GRACE_MS = 5_000;

/**
 * Starts `redis-server` on a unix socket in a new temp dir with
 * `--port 0 --save '' --appendonly no --daemonize no`, plus `extraArgs` (which win, coming last).
 * Resolves once the server answers PING.
 */
export async function startRealRedis(extraArgs: string[] = []): Promise<RealRedis> {
  const binary = redisServerPath();
  if (binary === undefined) throw new Error("redis-server not found");
  const dir = mkdtempSync(join(tmpdir(), "redbun-redis-"));
  const socketPath = join(dir, "redis.sock");
  const logPath = join(dir, "redis.log");
  const logFd = openSync(logPath, "a");
  const proc = Bun.spawn(
    [
      binary,
      "--port", "0",
      "--unixsocket", socketPath,
      "--unixsocketperm", "700",
      "--save", "",
      "--appendonly", "no",
      "--daemonize", "no",
      "--dir", dir,
      ...extraArgs,
    ],
    // One append-mode fd for both streams, so stdout and stderr lines interleave, not overwrite.
    { stdin: "ignore", stdout: logFd, stderr: logFd, cwd: dir },
  );
  closeSync(logFd);
  // A crashed test process should not leave servers behind.
  const killOnExit = (): void => {
    proc.kill("SIGKILL");
  };
  process.on("exit", killOnExit);

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      process.off("exit", killOnExit);
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill("SIGTERM");
        let timer: ReturnType<typeof setTimeout> | undefined;
        const lingering = new Promise<void>((resolve) => {
          timer = setTimeout(() => {
            proc.kill("SIGKILL");
            resolve();
          }, STOP_GRACE_MS);
        });
        await Promise.race([proc.exited, lingering]);
        clearTimeout(timer);
        await proc.exited;
      }
      rmSync(dir, { recursive: true, force: true });
    })();
    return stopped;
  };

  try {
    await waitUntilReady(socketPath, dir, proc.exited);
  } catch (e) {
    const log = existsSync(logPath) ? readFileSync(logPath, "utf8") : "";
    await stop();
    const message = e instanceof Error ? e.message : String(e);
    throw new Error(`redis-server did not start: ${message}\nargs: ${extraArgs.join(" ")}\nlog:\n${log}`);
  }
  return { socketPath, dir, pid: proc.pid, stop, [Symbol.asyncDispose]: stop };
}

/**
 * Waits for readiness: tries connect + PING whenever the temp dir changes (the socket appears),
 * and on a short poll as a fallback; fails if the process exits or the deadline passes.
 */
async function waitUntilReady(socketPath: string, dir: string, exited: Promise<number>): Promise<void> {
  const deadline = Date.now() + STARTUP_DEADLINE_MS;
  let exitCode: number | undefined;
  void exited.then((code) => {
    exitCode = code;
  });
  let wake: (() => void) | undefined;
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dir, () => wake?.());
  } catch {
    watcher = undefined; // polling alone still works
  }
  try {
    for (;;) {
      if (exitCode !== undefined) throw new Error(`redis-server exited with code ${exitCode}`);
      if (Date.now() > deadline) throw new Error(`no PING reply within ${STARTUP_DEADLINE_MS} ms`);
      if (existsSync(socketPath) && (await pingOnce(socketPath))) return;
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        new Promise<void>((resolve) => {
          wake = resolve;
          timer = setTimeout(resolve, 20);
        }),
        exited,
      ]);
      clearTimeout(timer);
      wake = undefined;
    }
  } finally {
    watcher?.close();
  }
}

async function pingOnce(socketPath: string): Promise<boolean> {
  let client: RespClient;
  try {
    client = await RespClient.connect(socketPath);
  } catch {
    return false; // not listening yet
  }
  try {
    const reply = await client.call("PING");
    if (latin1(reply) === "+PONG\r\n") return true;
    // -LOADING and the like: not ready yet. Anything else is worth seeing.
    if (!latin1(reply).startsWith("-LOADING")) throw new Error(`unexpected PING reply ${formatBytes(reply)}`);
    return false;
  } catch (e) {
    if (e instanceof Error && e.message.startsWith("unexpected PING reply")) throw e;
    return false;
  } finally {
    await client.close();
  }
}
