// The real redis-cli against redbun: one-shot commands (RESP2 and -3), --pipe with 100k SETs,
// a password, and the interactive prompt, which asks COMMAND DOCS when it starts and answers
// HELP from it. Where a redis-server is installed, the same invocations must print the same.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startRedbun, type Redbun } from "../support/redbun.ts";
import { describeWithRealRedis, startRealRedis, type RealRedis } from "../support/redis-server.ts";

const redisCli = Bun.which("redis-cli");
/** util-linux `script` gives redis-cli the terminal its prompt needs. */
const script = Bun.which("script");

interface CliResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

async function runCli(target: readonly string[], args: readonly string[], input?: string, env?: Record<string, string>): Promise<CliResult> {
  const proc = Bun.spawn([redisCli!, ...target, ...args], {
    stdin: input === undefined ? "ignore" : new TextEncoder().encode(input),
    stdout: "pipe",
    stderr: "pipe",
    env: { ...process.env, ...env },
  });
  const [stdout, stderr, exitCode] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { stdout, stderr, exitCode };
}

function tcpTarget(redbun: Redbun): string[] {
  return ["-h", "127.0.0.1", "-p", String(redbun.port)];
}

/** 100k `SET key:i val:i` as RESP, what --pipe reads from stdin. */
function setCommands(n: number): string {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const key = `key:${i}`;
    const value = `val:${i}`;
    parts.push(`*3\r\n$3\r\nSET\r\n$${key.length}\r\n${key}\r\n$${value.length}\r\n${value}\r\n`);
  }
  return parts.join("");
}

/** One-shot invocations, run in order (later ones see what earlier ones stored). */
const INVOCATIONS: readonly (readonly string[])[] = [
  ["PING"],
  ["ECHO", "hello world"],
  ["SET", "k", "v"],
  ["GET", "k"],
  ["GET", "nokey"],
  ["--no-raw", "GET", "k"],
  ["--no-raw", "GET", "nokey"],
  ["-3", "GET", "nokey"],
  ["-3", "--no-raw", "GET", "nokey"],
  ["-3", "PING"],
  ["-3", "--no-raw", "SET", "x", "1"],
  ["SELECT", "16"],
  ["-n", "3", "SET", "k3", "v3"],
  ["-n", "3", "GET", "k3"],
  ["CLIENT", "GETNAME"],
  ["--no-raw", "CLIENT", "SETNAME", "a b"],
  ["CLIENT", "NOPE"],
  ["NOSUCHCMD", "x"],
  ["--no-raw", "HELLO", "4"],
  ["--no-raw", "CLIENT", "LIST", "TYPE", "master"],
  ["-3", "--no-raw", "CLIENT", "LIST", "TYPE", "master"],
  ["DBSIZE"],
  ["--no-raw", "DBSIZE"],
];

describe.skipIf(redisCli === null)("redis-cli against redbun", () => {
  let redbun: Redbun;
  beforeAll(async () => {
    redbun = await startRedbun();
  });
  afterAll(async () => {
    await redbun.close();
  });

  test("one-shot commands", async () => {
    const run = (...args: string[]) => runCli(tcpTarget(redbun), args);
    expect((await run("FLUSHALL")).stdout).toBe("OK\n");
    expect(await run("PING")).toEqual({ stdout: "PONG\n", stderr: "", exitCode: 0 });
    expect((await run("SET", "greeting", "hello world")).stdout).toBe("OK\n");
    expect((await run("GET", "greeting")).stdout).toBe("hello world\n");
    expect((await run("--no-raw", "GET", "greeting")).stdout).toBe('"hello world"\n');
    expect((await run("--no-raw", "GET", "nokey")).stdout).toBe("(nil)\n");
    expect((await run("SELECT", "16")).stdout).toBe("ERR DB index is out of range\n\n");
    expect((await run("-n", "2", "SET", "in2", "x")).stdout).toBe("OK\n");
    expect((await run("-n", "2", "DBSIZE")).stdout).toBe("1\n");
  });

  test("-3: HELLO 3 first, RESP3 replies", async () => {
    const run = (...args: string[]) => runCli(tcpTarget(redbun), ["-3", "--no-raw", ...args]);
    expect((await run("GET", "nokey")).stdout).toBe("(nil)\n");
    // A verbatim string: redis-cli prints it without its `txt:` format.
    expect((await run("CLIENT", "INFO")).stdout).toMatch(/^id=\d+ addr=127\.0\.0\.1:\d+ .* cmd=client\|info user=default redir=-1 resp=3\n$/);
  });

  test("--pipe: 100k SETs, then DBSIZE is 100000", async () => {
    const run = (...args: string[]) => runCli(tcpTarget(redbun), args);
    expect((await run("FLUSHALL")).stdout).toBe("OK\n");
    const piped = await runCli(tcpTarget(redbun), ["--pipe"], setCommands(100_000));
    expect(piped.stdout).toBe("All data transferred. Waiting for the last reply...\nLast reply received from server.\nerrors: 0, replies: 100000\n");
    expect(piped.exitCode).toBe(0);
    expect((await run("DBSIZE")).stdout).toBe("100000\n");
    expect((await run("GET", "key:99999")).stdout).toBe("val:99999\n");
  });

  test("-a: AUTH before the command", async () => {
    await using locked = await startRedbun({ requirepass: "pw" });
    const target = tcpTarget(locked);
    expect((await runCli(target, ["PING"])).stdout).toBe("NOAUTH Authentication required.\n\n");
    expect((await runCli(target, ["--no-auth-warning", "-a", "pw", "PING"])).stdout).toBe("PONG\n");
    expect((await runCli(target, ["--no-auth-warning", "-a", "wrong", "PING"])).stdout).toContain("NOAUTH");
    expect((await runCli(target, ["--no-auth-warning", "--user", "default", "--pass", "pw", "PING"])).stdout).toBe("PONG\n");
  });

  test.skipIf(script === null)("the interactive prompt: COMMAND DOCS at start, HELP answered from it", async () => {
    const before = await runCli(tcpTarget(redbun), ["INFO", "commandstats"]);
    expect(before.stdout).not.toContain("cmdstat_command|docs:");
    const command = [redisCli!, ...tcpTarget(redbun)].join(" ");
    // TERM=dumb: linenoise reads plain lines instead of probing the terminal.
    const proc = Bun.spawn([script!, "-qfec", command, "/dev/null"], {
      stdin: new TextEncoder().encode("PING\nSET a 1\nGET a\nHELP GET\nquit\n"),
      stdout: "pipe",
      stderr: "pipe",
      env: { ...process.env, TERM: "dumb" },
    });
    const [output, exitCode] = await Promise.all([new Response(proc.stdout).text(), proc.exited]);
    expect(exitCode).toBe(0);
    const prompt = `127.0.0.1:${redbun.port}> `;
    expect(output).toContain(`${prompt}PONG`);
    expect(output).toContain(`${prompt}OK`);
    expect(output).toContain(`${prompt}"1"`);
    // HELP GET is built from COMMAND DOCS: the summary is redbun's declaration.
    expect(output).toMatch(/summary:\S* Get the value of a key/);
    const after = await runCli(tcpTarget(redbun), ["INFO", "commandstats"]);
    expect(after.stdout).toMatch(/cmdstat_command\|docs:calls=1,/);
  });
});

describeWithRealRedis("redis-cli prints the same for redbun and redis-server", () => {
  let redis: RealRedis;
  let redbun: Redbun;
  beforeAll(async () => {
    [redis, redbun] = await Promise.all([startRealRedis(), startRedbun()]);
  });
  afterAll(async () => {
    await Promise.all([redis.stop(), redbun.close()]);
  });

  test.skipIf(redisCli === null)("one-shot invocations", async () => {
    const reference = ["-s", redis.socketPath];
    const subject = tcpTarget(redbun);
    await runCli(reference, ["FLUSHALL"]);
    await runCli(subject, ["FLUSHALL"]);
    for (const args of INVOCATIONS) {
      const [expected, actual] = await Promise.all([runCli(reference, args), runCli(subject, args)]);
      expect({ args, ...actual }).toEqual({ args, ...expected });
    }
  });

  test.skipIf(redisCli === null)("--pipe", async () => {
    const input = setCommands(10_000);
    const [expected, actual] = await Promise.all([
      runCli(["-s", redis.socketPath], ["--pipe"], input),
      runCli(tcpTarget(redbun), ["--pipe"], input),
    ]);
    expect(actual).toEqual(expected);
  });
});
