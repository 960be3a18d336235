// The compiled executable (dist/redbun) for integration tests. ensureBinary() runs
// `bun scripts/build.ts` when the binary is missing or older than anything it is built from
// (or returns $REDBUN_BINARY untouched); startBinary() runs a binary as a child process and
// waits until it answers PING on its unix socket; pingUntilReady() is that wait, reused by the
// chroot test for a server it starts its own way.

import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { RespClient, latin1 } from "./resp-client.ts";

export const repoRoot = resolve(import.meta.dir, "../..");
export const defaultBinaryPath = join(repoRoot, "dist", "redbun");

/** What the binary is built from: a change to any of these makes dist/redbun stale. */
const BUILD_INPUTS = ["src", "package.json", "bun.lock", "tsconfig.json", "scripts/build.ts"];
const BUILD_TIMEOUT_MS = 170_000;
const STARTUP_DEADLINE_MS = 15_000;
const STOP_GRACE_MS = 10_000;

function newestMtimeMs(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file changes its directory's mtime
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtimeMs(join(path, entry)));
  return newest;
}

/** True when dist/redbun is missing or older than one of its build inputs. */
export function binaryIsStale(binary: string = defaultBinaryPath): boolean {
  if (!existsSync(binary)) return true;
  const builtAtMs = statSync(binary).mtimeMs;
  return BUILD_INPUTS.some((input) => newestMtimeMs(join(repoRoot, input)) > builtAtMs);
}

/**
 * The path of an up-to-date compiled binary. $REDBUN_BINARY, when set, is used as it is (run
 * the suite against a binary built elsewhere); otherwise dist/redbun is rebuilt when stale.
 * Calls in one run after the first find it fresh and cost a directory walk.
 */
export async function ensureBinary(): Promise<string> {
  const override = process.env.REDBUN_BINARY;
  if (override !== undefined && override !== "") {
    if (!existsSync(override)) throw new Error(`REDBUN_BINARY=${override} does not exist`);
    return resolve(override);
  }
  if (!binaryIsStale()) return defaultBinaryPath;
  const build = Bun.spawn([process.execPath, join(repoRoot, "scripts", "build.ts")], {
    cwd: repoRoot,
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
    timeout: BUILD_TIMEOUT_MS,
  });
  const [stdout, stderr, exitCode] = await Promise.all([
    new Response(build.stdout).text(),
    new Response(build.stderr).text(),
    build.exited,
  ]);
  if (exitCode !== 0) throw new Error(`bun scripts/build.ts failed (exit ${exitCode}):\n${stdout}${stderr}`);
  return defaultBinaryPath;
}

export interface RunningBinary extends AsyncDisposable {
  proc: Bun.Subprocess<"ignore", number, number>;
  /** Fresh temp dir: the unix socket, the log and the server's `dir` live here. */
  dir: string;
  socketPath: string;
  /** Everything the process wrote to stdout and stderr so far. */
  log(): string;
  /** Sends `signal` (default SIGTERM) and resolves with the exit code; SIGKILL after a grace period. */
  stop(signal?: NodeJS.Signals): Promise<number>;
}

export interface StartBinaryOptions {
  /** Working directory of the process; default the temp dir. */
  cwd?: string;
  /** Extra directives, after the defaults (so they win). */
  args?: readonly string[];
}

/**
 * Starts `binary --port 0 --unixsocket <tmp>/redbun.sock --save "" --dir <tmp>`
 * plus `options.args`, with stdout and stderr in <tmp>/redbun.log. Resolves once it answers PING.
 */
export async function startBinary(binary: string, options: StartBinaryOptions = {}): Promise<RunningBinary> {
  const dir = mkdtempSync(join(tmpdir(), "redbun-bin-"));
  const socketPath = join(dir, "redbun.sock");
  const logPath = join(dir, "redbun.log");
  const logFd = openSync(logPath, "a");
  const argv = [
    binary,
    "--port", "0",
    "--unixsocket", socketPath,
    "--save", "",
    "--dir", dir,
    ...(options.args ?? []),
  ];
  const proc = Bun.spawn(argv, { cwd: options.cwd ?? dir, stdin: "ignore", stdout: logFd, stderr: logFd });
  closeSync(logFd);
  const log = (): string => (existsSync(logPath) ? readFileSync(logPath, "utf8") : "");
  const killOnExit = (): void => {
    proc.kill("SIGKILL");
  };
  process.on("exit", killOnExit);

  let stopping: Promise<number> | undefined;
  const stop = (signal: NodeJS.Signals = "SIGTERM"): Promise<number> => {
    stopping ??= (async () => {
      process.off("exit", killOnExit);
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      const exitCode = await exitedWithin(proc, STOP_GRACE_MS);
      return exitCode;
    })();
    return stopping;
  };
  const dispose = async (): Promise<void> => {
    try {
      await stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  try {
    await pingUntilReady(socketPath, proc.exited);
  } catch (e) {
    const output = log();
    await dispose();
    const message = e instanceof Error ? e.message : String(e);
    throw new Error(`${binary} did not start: ${message}\nargv: ${argv.join(" ")}\noutput:\n${output}`);
  }
  return { proc, dir, socketPath, log, stop, [Symbol.asyncDispose]: dispose };
}

/** The exit code, or -1 after SIGKILL when the process did not exit within `graceMs`. */
export async function exitedWithin(proc: { exited: Promise<number>; kill(signal?: number | NodeJS.Signals): void }, graceMs: number): Promise<number> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const lingering = new Promise<number>((resolveLingering) => {
    timer = setTimeout(() => resolveLingering(-1), graceMs);
  });
  const code = await Promise.race([proc.exited, lingering]);
  clearTimeout(timer);
  if (code === -1) {
    proc.kill("SIGKILL");
    await proc.exited;
  }
  return code;
}

/**
 * Waits until the server at `socketPath` answers PING with +PONG: short polls (the socket file
 * appears, then accepts). Fails if `exited` resolves first or the deadline passes.
 */
export async function pingUntilReady(socketPath: string, exited: Promise<number>, deadlineMs = STARTUP_DEADLINE_MS): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  let exitCode: number | undefined;
  void exited.then((code) => {
    exitCode = code;
  });
  for (;;) {
    if (exitCode !== undefined) throw new Error(`exited with code ${exitCode}`);
    if (Date.now() > deadline) throw new Error(`no PING reply within ${deadlineMs} ms`);
    if (existsSync(socketPath) && (await pingOnce(socketPath))) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([new Promise<void>((wake) => (timer = setTimeout(wake, 10))), exited]);
    clearTimeout(timer);
  }
}

async function pingOnce(socketPath: string): Promise<boolean> {
  let client: RespClient;
  try {
    client = await RespClient.connect(socketPath);
  } catch {
    return false; // not accepting yet
  }
  try {
    client.command("PING");
    return latin1(await client.readReply({ timeoutMs: 2_000 })) === "+PONG\r\n";
  } catch {
    return false;
  } finally {
    await client.close();
  }
}
