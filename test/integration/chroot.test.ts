// The Docker image without Docker: scripts/collect-rootfs.sh lays out what the FROM scratch stage
// holds, and the binary runs in it as a container would: chroot'ed, with the Dockerfile's USER,
// WORKDIR and ENTRYPOINT, as PID 1 of new mount, PID and network namespaces with /proc, /sys and a
// minimal /dev mounted (the namespaces take the mounts away when the server exits). Skipped only
// where this machine does not permit that (not root, no namespaces), found by trying.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { ensureBinary, exitedWithin, pingUntilReady, repoRoot } from "../support/binary.ts";
import { RespClient } from "../support/resp-client.ts";

/** What the final stage of the Dockerfile says about running the image. */
interface ImageSpec {
  user: string;
  workdir: string;
  entrypoint: string[];
  port: number;
  /** The UID:GID the build stage passes to collect-rootfs.sh for /data. */
  collectOwner: string;
}

function readDockerfile(): ImageSpec {
  const text = readFileSync(join(repoRoot, "Dockerfile"), "utf8");
  const lines = text.split("\n").filter((line) => !line.trimStart().startsWith("#"));
  const lastFrom = lines.findLastIndex((line) => /^FROM\s/i.test(line));
  const finalStage = lines.slice(lastFrom);
  const instruction = (name: string, stage: readonly string[] = finalStage): string => {
    const found = stage.findLast((line) => new RegExp(`^${name}\\s`, "i").test(line));
    if (found === undefined) throw new Error(`Dockerfile: no ${name} in the final stage`);
    return found.slice(name.length).trim();
  };
  const entrypoint: unknown = JSON.parse(instruction("ENTRYPOINT"));
  if (!Array.isArray(entrypoint) || !entrypoint.every((arg): arg is string => typeof arg === "string")) {
    throw new Error("Dockerfile: ENTRYPOINT is not an exec-form (JSON) array of strings");
  }
  const collect = /collect-rootfs\.sh\s+\S+\s+\S+\s+(\d+:\d+)/.exec(text);
  if (collect?.[1] === undefined) throw new Error("Dockerfile: no `collect-rootfs.sh BINARY ROOTFS UID:GID` step");
  return {
    user: instruction("USER"),
    workdir: instruction("WORKDIR"),
    entrypoint,
    port: Number.parseInt(instruction("EXPOSE"), 10),
    collectOwner: collect[1],
  };
}

/**
 * A client address that is not loopback, inside the container's own network namespace (TEST-NET-1,
 * reserved for documentation; the packets never leave that namespace). Docker forwards published
 * ports from the bridge gateway, an address like this one, not from 127.0.0.1.
 */
const OUTSIDE_ADDRESS = "192.0.2.1";

/** Start-up on a loaded 2-core CI machine can take far longer than bun test's default 5 s allows for. */
const SERVER_TEST_TIMEOUT_MS = 30_000;

const NAMESPACES = ["--mount", "--pid", "--net", "--fork", "--propagation", "private"];

/**
 * Why containers cannot be imitated here, or undefined when they can: tries exactly what the
 * tests do (namespaces, mounting proc, bringing loopback up, chroot, dropping to another user).
 */
function containerUnavailable(): string | undefined {
  if (process.platform !== "linux") return "not Linux";
  for (const tool of ["unshare", "nsenter", "ip", "ldd", "mount"]) {
    if (Bun.which(tool) === null) return `${tool} is not installed`;
  }
  const probeDir = mkdtempSync(join(tmpdir(), "redbun-chroot-probe-"));
  try {
    const probe = Bun.spawnSync(
      [
        "unshare", ...NAMESPACES, "--", "sh", "-c",
        'set -e; mount -t proc proc "$1"; ip link set lo up; exec unshare --root=/ --wd=/ --setgid=65534 --setuid=65534 true',
        "sh", probeDir,
      ],
      { stdin: "ignore", stdout: "pipe", stderr: "pipe", timeout: 10_000 },
    );
    if (probe.exitCode === 0) return undefined;
    return `namespaces/chroot not permitted here: ${probe.stderr.toString().trim() || `exit ${probe.exitCode}`}`;
  } finally {
    rmSync(probeDir, { recursive: true, force: true });
  }
}

const unavailable = containerUnavailable();
if (unavailable !== undefined) console.warn(`chroot.test.ts skipped: ${unavailable}`);

/** The parent PID of `pid`, from /proc/<pid>/stat (the field after the command's closing paren). */
function parentPid(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number.parseInt(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1] ?? "", 10);
  } catch {
    return undefined; // gone meanwhile
  }
}

function childPids(pid: number): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((candidate) => parentPid(candidate) === pid);
}

/** Mount points at or below `dir`, as this process's mount namespace sees them. */
function mountsUnder(dir: string): string[] {
  return readFileSync("/proc/self/mountinfo", "utf8")
    .split("\n")
    .map((line) => line.split(" ")[4] ?? "")
    .filter((mountPoint) => mountPoint === dir || mountPoint.startsWith(`${dir}/`));
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else out.push(path);
  }
  return out;
}

/** The absolute paths of the files `ldd` says `binary` loads (the vDSO is no file). */
function lddFiles(binary: string): string[] {
  const ldd = Bun.spawnSync(["ldd", binary], { stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const text = ldd.stdout.toString();
  if (ldd.exitCode !== 0) {
    if (`${text}${ldd.stderr.toString()}`.includes("not a dynamic executable")) return [];
    throw new Error(`ldd ${binary} failed: ${ldd.stderr.toString()}`);
  }
  return text
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .map((fields) => (fields[1] === "=>" ? fields[2] : fields[0]))
    .filter((path): path is string => path !== undefined && path.startsWith("/"));
}

/** A server started the way `docker run IMAGE ...args` would start it. */
interface Container extends AsyncDisposable {
  /** The `unshare` process: its exit code is the server's. */
  proc: Bun.Subprocess<"ignore", number, number>;
  /** The server's PID as seen from here (it is PID 1 inside its namespace). */
  readonly serverPid: number;
  /** Unix socket path as seen from outside the chroot. */
  socketPath: string;
  log(): string;
  stop(): Promise<number>;
}

describe.skipIf(unavailable !== undefined)("the FROM scratch image, run under chroot", () => {
  const image = readDockerfile();
  let work = "";
  let rootfs = "";
  let binary = "";
  const started: Container[] = [];

  beforeAll(async () => {
    binary = await ensureBinary();
    work = mkdtempSync(join(tmpdir(), "redbun-chroot-"));
    rootfs = join(work, "rootfs");
    const collect = Bun.spawnSync(["sh", join(repoRoot, "scripts", "collect-rootfs.sh"), binary, rootfs, image.collectOwner], {
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
    });
    if (collect.exitCode !== 0) throw new Error(`collect-rootfs.sh failed:\n${collect.stdout}${collect.stderr}`);
  }, 180_000);

  afterAll(async () => {
    for (const container of started) await container.stop();
    if (work === "") return;
    // The mounts live in the servers' namespaces, gone with them; never rm -rf through a mount.
    const leftover = mountsUnder(work);
    if (leftover.length > 0) throw new Error(`mounts left under ${work}: ${leftover.join(", ")}`);
    rmSync(work, { recursive: true, force: true });
  });

  /** `docker run IMAGE ...args`, plus a unix socket in /data for the test to talk to. */
  async function run(args: readonly string[] = []): Promise<Container> {
    const socketInside = join(image.workdir, "redbun.sock");
    const socketPath = join(rootfs, socketInside);
    rmSync(socketPath, { force: true });
    const [uid, gid] = image.user.split(":");
    const logPath = join(work, `server-${started.length}.log`);
    const logFd = openSync(logPath, "a");
    // Docker gives a container proc, a read-only sysfs, a tmpfs /dev with the usual nodes and
    // /dev/shm, and a network namespace with its own loopback.
    const setup = [
      "set -eu",
      'root=$1; workdir=$2; uid=$3; gid=$4; shift 4',
      // Loopback, plus an address that is not loopback for the clients Docker would forward;
      // no IPv6, as on Docker's default networks (so the optional `-::*` bind must not fail).
      "ip link set lo up",
      `ip addr add ${OUTSIDE_ADDRESS}/32 dev lo`,
      "for f in /proc/sys/net/ipv6/conf/*/disable_ipv6; do if [ -w \"$f\" ]; then echo 1 > \"$f\"; fi; done",
      'mount -t proc -o nosuid,nodev,noexec proc "$root/proc"',
      'mount -t sysfs -o ro,nosuid,nodev,noexec sysfs "$root/sys"',
      'mount -t tmpfs -o nosuid,mode=0755,size=64k tmpfs "$root/dev"',
      'for node in null zero full random urandom tty; do : > "$root/dev/$node"; mount --bind "/dev/$node" "$root/dev/$node"; done',
      'mkdir "$root/dev/shm"; mount -t tmpfs -o nosuid,nodev,noexec,size=64m tmpfs "$root/dev/shm"',
      // chroot(2) into the image, cd to WORKDIR, become USER, exec ENTRYPOINT + args.
      'exec unshare --root="$root" --wd="$workdir" --setgid="$gid" --setuid="$uid" -- "$@"',
    ].join("\n");
    const proc = Bun.spawn(
      [
        "unshare", ...NAMESPACES, "--", "sh", "-c", setup, "sh",
        rootfs, image.workdir, uid ?? "", gid ?? "",
        ...image.entrypoint, ...args, "--unixsocket", socketInside,
      ],
      // A container's environment: PATH and little else.
      { stdin: "ignore", stdout: logFd, stderr: logFd, env: { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" } },
    );
    closeSync(logFd);
    const log = (): string => (existsSync(logPath) ? readFileSync(logPath, "utf8") : "");
    // SIGKILL to the namespace's PID 1 ends everything in it. unshare's --kill-child would not
    // do: the parent-death signal is cleared when the server's PID 1 drops to USER.
    const kill = (): void => {
      for (const pid of childPids(proc.pid)) process.kill(pid, "SIGKILL");
      proc.kill("SIGKILL");
    };
    process.on("exit", kill);

    let serverPid = 0;
    let stopping: Promise<number> | undefined;
    const container: Container = {
      proc,
      socketPath,
      log,
      get serverPid() {
        return serverPid;
      },
      stop: () => {
        stopping ??= (async () => {
          // `docker stop`: SIGTERM to PID 1, SIGKILL 10 s later. unshare ignores SIGTERM itself.
          if (serverPid !== 0 && proc.exitCode === null) process.kill(serverPid, "SIGTERM");
          const exitCode = await exitedWithin({ exited: proc.exited, kill }, 10_000);
          process.off("exit", kill);
          return exitCode;
        })();
        return stopping;
      },
      async [Symbol.asyncDispose]() {
        await container.stop();
      },
    };
    started.push(container);
    try {
      await pingUntilReady(socketPath, proc.exited);
      const children = childPids(proc.pid);
      if (children.length !== 1 || children[0] === undefined) throw new Error(`unshare has children ${children.join(",")}`);
      serverPid = children[0];
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      kill();
      throw new Error(`the image's ENTRYPOINT did not start under chroot: ${message}\n${log()}`);
    }
    return container;
  }

  /** PING over TCP from OUTSIDE_ADDRESS to the exposed port, inside the container's network namespace. */
  function pingOverTcpFromOutside(container: Container): string {
    const client = `
      const net = require("node:net");
      const socket = net.connect({ host: "${OUTSIDE_ADDRESS}", port: ${image.port}, localAddress: "${OUTSIDE_ADDRESS}" }, () => socket.write("PING\\r\\n"));
      const timer = setTimeout(() => { process.stdout.write("TIMEOUT"); process.exit(2); }, 5000);
      socket.on("data", (d) => { process.stdout.write(d.toString("latin1")); clearTimeout(timer); socket.destroy(); });
      socket.on("error", (e) => { process.stdout.write("ERROR " + e.message); clearTimeout(timer); });
    `;
    const result = Bun.spawnSync(["nsenter", `--target=${container.serverPid}`, "--net", "--", process.execPath, "-e", client], {
      cwd: work,
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
      timeout: 15_000,
    });
    return result.stdout.toString() + result.stderr.toString();
  }

  test("the root filesystem holds the binary, exactly the libraries ldd lists, and nothing else to run", () => {
    const expected = [
      "/usr/local/bin/redbun",
      ...lddFiles(binary),
      "/etc/group",
      "/etc/nsswitch.conf",
      "/etc/passwd",
    ].sort();
    const actual = filesUnder(rootfs)
      .map((path) => `/${relative(rootfs, path)}`)
      .filter((path) => !path.startsWith(`${image.workdir}/`)) // sockets of servers already run
      .sort();
    expect(actual).toEqual(expected);
    expect(expected.some((path) => path.includes("ld-linux"))).toBe(true);
    const [uid] = image.collectOwner.split(":");
    expect(String(statSync(join(rootfs, image.workdir)).uid)).toBe(uid ?? "");
    expect(image.user).toBe(image.collectOwner); // the user the image runs as owns /data
  });

  test("answers RESP as PID 1, as USER, in WORKDIR, with no mount leaking out", async () => {
    await using container = await run();
    await using client = await RespClient.connect(container.socketPath);
    expect(await client.callText("PING")).toBe("+PONG\r\n");
    expect(await client.callText("SET", "greeting", "hello")).toBe("+OK\r\n");
    expect(await client.callText("GET", "greeting")).toBe("$5\r\nhello\r\n");

    const status = readFileSync(`/proc/${container.serverPid}/status`, "utf8");
    expect(/^NSpid:\s+\d+\s+1$/m.test(status)).toBe(true);
    const [uid] = image.user.split(":");
    expect(/^Uid:\s+(\d+)/m.exec(status)?.[1]).toBe(uid);
    expect(readFileSync(`/proc/${container.serverPid}/cmdline`, "utf8").split("\0")[0]).toBe(image.entrypoint[0]);
    expect(readlinkSync(`/proc/${container.serverPid}/cwd`)).toBe(join(rootfs, image.workdir));
    // The socket was created by that user in the image's /data.
    expect(String(statSync(container.socketPath).uid)).toBe(uid ?? "");
    expect(mountsUnder(work)).toEqual([]);
  }, SERVER_TEST_TIMEOUT_MS);

  test("with the image's defaults, a client that is not on loopback gets +PONG over TCP on the exposed port", async () => {
    await using container = await run();
    expect(pingOverTcpFromOutside(container)).toBe("+PONG\r\n");
  }, SERVER_TEST_TIMEOUT_MS);

  test("docker run arguments come after the defaults and win: --protected-mode yes denies that client", async () => {
    await using container = await run(["--protected-mode", "yes"]);
    expect(pingOverTcpFromOutside(container)).toStartWith("-DENIED Redis is running in protected mode");
  }, SERVER_TEST_TIMEOUT_MS);

  test("docker stop (SIGTERM to PID 1) exits 0", async () => {
    await using container = await run();
    await using client = await RespClient.connect(container.socketPath);
    expect(await client.callText("PING")).toBe("+PONG\r\n");
    expect(await container.stop()).toBe(0);
    expect(container.log()).toContain("Received SIGTERM");
  }, SERVER_TEST_TIMEOUT_MS);
});
