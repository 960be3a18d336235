// Child processes of the benchmark: starting redis-server / redbun on free 127.0.0.1 ports,
// waiting until they answer PING, reading their RSS and CPU time from /proc, and making sure every
// child (servers and redis-benchmark runs) dies with us — on normal exit, on error, on SIGINT/SIGTERM.

import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RespClient, RespError } from "./resp-client.ts";

/** What we look at to tell whether a child is still running. */
interface ProcState {
  readonly exitCode: number | null;
  readonly signalCode: NodeJS.Signals | number | null;
}
type Killable = Pick<Bun.Subprocess, "kill">;

/** Every child still alive; killed by `killAllChildrenNow` whatever way the script ends. */
const live = new Set<Killable>();
/** Servers' working directories, removed with them. */
const tempDirs = new Set<string>();
let handlersInstalled = false;

function track<T extends Killable & { readonly exited: Promise<number> }>(child: T): T {
  live.add(child);
  void child.exited.then(() => live.delete(child));
  return child;
}

/** Synchronous SIGKILL of every child: safe inside `process.on("exit")` and signal handlers. */
export function killAllChildrenNow(): void {
  for (const child of live) {
    try {
      child.kill("SIGKILL");
    } catch {
      // already gone
    }
  }
  live.clear();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

/** Installs the exit/signal handlers once; call before starting any child. */
export function installCleanupHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on("exit", killAllChildrenNow);
  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
    ["SIGHUP", 129],
  ] as const) {
    process.on(signal, () => {
      process.stderr.write(`\nbench: ${signal}, stopping servers\n`);
      killAllChildrenNow();
      process.exit(code);
    });
  }
}

/** A free TCP port on 127.0.0.1 (asks the kernel for port 0, then releases it). */
export async function freePort(): Promise<number> {
  return await new Promise<number>((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      if (addr === null || typeof addr === "string") {
        srv.close();
        reject(new Error("could not get a free port"));
        return;
      }
      const port = addr.port;
      srv.close(() => resolve(port));
    });
  });
}

export interface ServerSpec {
  /** Label in the output: "redis", "redbun", "redis#2". */
  readonly label: string;
  /** argv before the port/save flags, e.g. ["redis-server"] or [bun, "src/main.ts"]. */
  readonly command: readonly string[];
  /** Extra argv after the common flags. */
  readonly extraArgs: readonly string[];
  /** CPU list for `taskset -c`, or undefined for no pinning. */
  readonly cpus: string | undefined;
}

export interface RunningServer {
  readonly label: string;
  readonly port: number;
  readonly pid: number;
  readonly argv: readonly string[];
  /** stdout+stderr of the server, for diagnostics. */
  readonly logPath: string;
  isAlive(): boolean;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

const HOST = "127.0.0.1";

/**
 * Starts one server with `--port P --save ""` (then `spec.extraArgs`) on 127.0.0.1 in a fresh temp dir
 * (so nothing it writes lands in the repo) and resolves once it answers PING with PONG.
 */
export async function startServer(spec: ServerSpec, readyTimeoutMs = 20_000): Promise<RunningServer> {
  installCleanupHandlers();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), `redbun-bench-${spec.label.replace(/[^a-z0-9]/gi, "")}-`));
  tempDirs.add(dir);
  const logPath = join(dir, "server.log");
  const serverArgv = [
    ...spec.command,
    "--port",
    String(port),
    "--bind",
    HOST,
    "--save",
    "",
    ...spec.extraArgs,
  ];
  const argv = spec.cpus === undefined ? serverArgv : ["taskset", "-c", spec.cpus, ...serverArgv];
  const logFile = Bun.file(logPath);
  // stdout/stderr go to a file, never to an unread pipe that could fill up and block the server.
  const child = track(Bun.spawn(argv, { cwd: dir, stdin: "ignore", stdout: logFile, stderr: logFile }));

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 2_000);
      await child.exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
    tempDirs.delete(dir);
  };

  try {
    await waitForPong(port, child, logPath, readyTimeoutMs);
  } catch (err) {
    child.kill("SIGKILL");
    await child.exited;
    rmSync(dir, { recursive: true, force: true });
    tempDirs.delete(dir);
    throw err;
  }
  return {
    label: spec.label,
    port,
    pid: child.pid,
    argv,
    logPath,
    isAlive: () => child.exitCode === null && child.signalCode === null,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

async function waitForPong(port: number, child: ProcState, logPath: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = "";
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `server exited (${child.exitCode ?? child.signalCode}) before answering PING; log:\n${logTail(logPath)}`,
      );
    }
    try {
      const client = await RespClient.connect(port, HOST);
      try {
        const reply = await client.command("PING");
        if (reply === "PONG") return;
        lastError = `PING answered ${reply instanceof RespError ? `-${reply.message}` : JSON.stringify(reply)}`;
      } finally {
        client.close();
      }
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
    }
    await Bun.sleep(50);
  }
  throw new Error(`server on port ${port} not ready after ${timeoutMs} ms (${lastError}); log:\n${logTail(logPath)}`);
}

export function logTail(logPath: string, lines = 20): string {
  try {
    return readFileSync(logPath, "latin1").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

export interface ProcMemory {
  /** Resident set size now, bytes. */
  readonly rssBytes: number;
  /** Peak resident set size ("high water mark"), bytes. */
  readonly hwmBytes: number;
}

/** VmRSS and VmHWM of a process, from /proc/<pid>/status (Linux only). */
export function readProcMemory(pid: number): ProcMemory {
  const status = readFileSync(`/proc/${pid}/status`, "latin1");
  const field = (name: string): number => {
    const m = new RegExp(`^${name}:\\s+(\\d+)\\s+kB`, "m").exec(status);
    if (m === null) throw new Error(`no ${name} in /proc/${pid}/status`);
    return Number(m[1]) * 1024;
  };
  return { rssBytes: field("VmRSS"), hwmBytes: field("VmHWM") };
}

/**
 * CPU time (ns) used so far by all of a process's live threads, from
 * /proc/<pid>/task/<tid>/schedstat: what the server itself spent, however busy the machine is
 * (waiting for a CPU does not count). Linux only; a thread that exited takes its time with it.
 */
export function threadCpuNs(pid: number): number {
  let total = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      total += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "latin1").split(" ", 1)[0]);
    } catch {
      // the thread exited between readdir and read
    }
  }
  return total;
}

export interface CommandResult {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

/** Runs a short-lived child (redis-benchmark, --version probes), tracked so SIGINT kills it too. */
export async function runCommand(argv: readonly string[], timeoutMs: number): Promise<CommandResult> {
  installCleanupHandlers();
  const child = track(Bun.spawn([...argv], { stdin: "ignore", stdout: "pipe", stderr: "pipe" }));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, timeoutMs);
  const [stdout, stderr] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text()]);
  await child.exited;
  clearTimeout(timer);
  return { exitCode: child.exitCode, signal: child.signalCode, stdout, stderr, timedOut };
}
