// Connections over real sockets, raw reply bytes asserted: the AUTH flow, CLIENT KILL of other
// connections (and of oneself, after the reply), CLIENT LIST figures as time passes, QUIT,
// protocol errors that close the socket, maxclients, protected mode, the idle timeout driven
// by a ManualClock and the cron, and 100k pipelined commands answered intact and in order.

import { describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { Errors } from "../../src/protocol/errors.ts";
import { ManualClock, startServer, type StartOptions } from "../../src/index.ts";
import { RespClient, decodeReply, latin1, type Argv } from "../support/resp-client.ts";
import { seededRandom } from "../support/random.ts";

const T0 = 1_700_000_000_000;

/** A server with a ManualClock, its log in a temp dir; `host` is where clients connect. */
async function start(options: StartOptions = {}, host = "127.0.0.1") {
  const dir = mkdtempSync(join(tmpdir(), "redbun-connection-"));
  const clock = new ManualClock(T0);
  const srv = await startServer({ port: 0, dir, logfile: join(dir, "redbun.log"), clock, ...options });
  return {
    srv,
    clock,
    connect: () => RespClient.connect({ port: srv.port, host }),
    async [Symbol.asyncDispose]() {
      await srv.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** CLIENT INFO / one CLIENT LIST line as field → value. */
function fields(line: string): Map<string, string> {
  return new Map(line.trim().split(" ").map((pair) => {
    const eq = pair.indexOf("=");
    return [pair.slice(0, eq), pair.slice(eq + 1)] as [string, string];
  }));
}

async function clientInfo(client: RespClient): Promise<Map<string, string>> {
  return fields(decodeReply(await client.call("CLIENT", "INFO")) as string);
}

async function clientListLines(client: RespClient): Promise<Map<string, string>[]> {
  const text = decodeReply(await client.call("CLIENT", "LIST")) as string;
  return text.split("\n").filter((line) => line !== "").map(fields);
}

async function statsField(client: RespClient, name: string): Promise<string | undefined> {
  const text = decodeReply(await client.call("INFO", "stats")) as string;
  return new RegExp(`\\r\\n${name}:(\\d+)\\r\\n`).exec(text)?.[1];
}

describe("AUTH", () => {
  test("requirepass: NOAUTH until AUTH, WRONGPASS for a wrong one, RESET logs out", async () => {
    await using t = await start({ requirepass: "pw" });
    await using c = await t.connect();
    expect(await c.callText("PING")).toBe(`-${Errors.noAuth}\r\n`);
    expect(await c.callText("AUTH", "nope")).toBe(`-${Errors.wrongPass}\r\n`);
    expect(await c.callText("AUTH", "default", "nope")).toBe(`-${Errors.wrongPass}\r\n`);
    expect(await c.callText("AUTH", "pw")).toBe("+OK\r\n");
    expect(await c.callText("PING")).toBe("+PONG\r\n");
    expect(await c.callText("RESET")).toBe("+RESET\r\n");
    expect(await c.callText("GET", "k")).toBe(`-${Errors.noAuth}\r\n`);
    expect(await c.callText("AUTH", "default", "pw")).toBe("+OK\r\n");
    expect(await c.callText("GET", "k")).toBe("$-1\r\n");
  });

  test("HELLO 3 AUTH logs in and answers in RESP3", async () => {
    await using t = await start({ requirepass: "pw" });
    await using c = await t.connect();
    const hello = await c.callText("HELLO", "3", "AUTH", "default", "pw", "SETNAME", "app");
    expect(hello).toMatch(/^%7\r\n\$6\r\nserver\r\n\$5\r\nredis\r\n\$7\r\nversion\r\n\$6\r\n7\.0\.15\r\n\$5\r\nproto\r\n:3\r\n\$2\r\nid\r\n:\d+\r\n/);
    expect(hello.endsWith("$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n")).toBe(true);
    expect(await c.callText("GET", "k")).toBe("_\r\n");
    expect(await c.callText("CLIENT", "GETNAME")).toBe("$3\r\napp\r\n");
  });

  test("the password is binary-safe", async () => {
    await using t = await start();
    await using admin = await t.connect();
    const password = Uint8Array.from([0, 0xff, 0x20, 0x0d, 0x0a, 0x80]);
    expect(await admin.callText("CONFIG", "SET", "requirepass", password)).toBe("+OK\r\n");
    await using c = await t.connect();
    expect(await c.callText("AUTH", password.subarray(0, 5))).toBe(`-${Errors.wrongPass}\r\n`);
    expect(await c.callText("AUTH", password)).toBe("+OK\r\n");
  });

  test("a client connected without a password is let in once requirepass is cleared; HELLO still wants AUTH", async () => {
    await using t = await start({ requirepass: "pw" });
    await using admin = await t.connect();
    await using waiting = await t.connect();
    expect(await admin.callText("AUTH", "pw")).toBe("+OK\r\n");
    expect(await waiting.callText("PING")).toBe(`-${Errors.noAuth}\r\n`);
    expect(await admin.callText("CONFIG", "SET", "requirepass", "")).toBe("+OK\r\n");
    expect(await waiting.callText("PING")).toBe("+PONG\r\n");
    expect(await waiting.callText("HELLO", "3")).toBe(`-${Errors.helloNoAuth}\r\n`);
    expect(await waiting.callText("AUTH", "default", "anything")).toBe("+OK\r\n");
    expect(await waiting.callText("HELLO", "2")).toStartWith("*14\r\n");
  });

  test("unauthenticated clients may not send big frames", async () => {
    await using t = await start({ requirepass: "pw" });
    await using c = await t.connect();
    c.send(`*2\r\n$4\r\nECHO\r\n$16385\r\n${"x".repeat(16385)}\r\n`);
    expect(latin1(await c.readUntilClosed())).toBe("-ERR Protocol error: unauthenticated bulk length\r\n");
  });

  test("the limits change within one write: after AUTH a big frame is let in, after RESET not", async () => {
    // Redis checks them per frame (these replies are redis-server 7.0.15's).
    await using t = await start({ requirepass: "pw" });
    const mset = ["MSET", ...Array.from({ length: 12 }, (_, i) => `k${i}`)];
    await using loggingIn = await t.connect();
    loggingIn.pipeline([["AUTH", "pw"], mset, ["GET", "k0"], ["QUIT"]]);
    expect(latin1(await loggingIn.readUntilClosed())).toBe("+OK\r\n+OK\r\n$2\r\nk1\r\n+OK\r\n");
    await using loggingOut = await t.connect();
    expect(await loggingOut.callText("AUTH", "pw")).toBe("+OK\r\n");
    loggingOut.pipeline([["RESET"], mset, ["GET", "k0"]]);
    expect(latin1(await loggingOut.readUntilClosed())).toBe("+RESET\r\n-ERR Protocol error: unauthenticated multibulk length\r\n");
  });
});

describe("CLIENT KILL", () => {
  test("ID closes another connection; CLIENT LIST no longer shows it", async () => {
    await using t = await start();
    await using killer = await t.connect();
    await using victim = await t.connect();
    const victimId = (await victim.callText("CLIENT", "ID")).slice(1, -2);
    expect(await victim.callText("PING")).toBe("+PONG\r\n");
    expect(await killer.callText("CLIENT", "KILL", "ID", victimId)).toBe(":1\r\n");
    expect(latin1(await victim.readUntilClosed())).toBe("");
    const ids = (await clientListLines(killer)).map((line) => line.get("id"));
    expect(ids).not.toContain(victimId);
    expect(ids).toHaveLength(1);
    expect(await killer.callText("CLIENT", "KILL", "ID", victimId)).toBe(":0\r\n");
  });

  test("the old form takes the peer address; it may name the caller, which is told OK first", async () => {
    await using t = await start();
    await using killer = await t.connect();
    await using victim = await t.connect();
    const victimAddr = (await clientInfo(victim)).get("addr")!;
    expect(victimAddr).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(await killer.callText("CLIENT", "KILL", victimAddr)).toBe("+OK\r\n");
    expect(latin1(await victim.readUntilClosed())).toBe("");
    expect(await killer.callText("CLIENT", "KILL", victimAddr)).toBe(`-${Errors.noSuchClient}\r\n`);
    const ownAddr = (await clientInfo(killer)).get("addr")!;
    killer.command("CLIENT", "KILL", ownAddr);
    killer.command("PING");
    expect(latin1(await killer.readUntilClosed())).toBe("+OK\r\n");
  });

  test("filters: SKIPME, LADDR, TYPE, USER; killing oneself replies the count first", async () => {
    await using t = await start();
    await using a = await t.connect();
    await using b = await t.connect();
    await using c = await t.connect();
    const laddr = (await clientInfo(a)).get("laddr")!;
    expect(laddr).toBe(`127.0.0.1:${t.srv.port}`);
    expect(await a.callText("CLIENT", "KILL", "LADDR", "127.0.0.1:1", "SKIPME", "no")).toBe(":0\r\n");
    expect(await a.callText("CLIENT", "KILL", "LADDR", laddr, "ID", (await b.callText("CLIENT", "ID")).slice(1, -2))).toBe(":1\r\n");
    expect(latin1(await b.readUntilClosed())).toBe("");
    expect(await a.callText("CLIENT", "KILL", "TYPE", "normal")).toBe(":1\r\n");
    expect(latin1(await c.readUntilClosed())).toBe("");
    await using d = await t.connect();
    a.command("CLIENT", "KILL", "USER", "default", "SKIPME", "no");
    a.command("PING");
    expect(latin1(await a.readUntilClosed())).toBe(":2\r\n");
    expect(latin1(await d.readUntilClosed())).toBe("");
    expect(t.srv.server.clients.size).toBe(0);
  });

  test("a killed client's earlier replies reach it; its later commands do not run", async () => {
    await using t = await start();
    await using admin = await t.connect();
    await using victim = await t.connect();
    const victimId = (await victim.callText("CLIENT", "ID")).slice(1, -2);
    victim.command("SET", "before", "1");
    expect(await victim.readText()).toBe("+OK\r\n");
    expect(await admin.callText("CLIENT", "KILL", "ID", victimId)).toBe(":1\r\n");
    await victim.closed;
    expect(await admin.callText("EXISTS", "before")).toBe(":1\r\n");
  });
});

describe("CLIENT LIST and INFO", () => {
  test("Redis 7.0.15's fields, in order, with age and idle from the clock", async () => {
    await using t = await start();
    await using a = await t.connect();
    await using b = await t.connect();
    expect(await a.callText("CLIENT", "SETNAME", "first")).toBe("+OK\r\n");
    t.clock.advance(5_000);
    expect(await b.callText("SELECT", "2")).toBe("+OK\r\n");
    const lines = await clientListLines(b);
    expect(lines).toHaveLength(2);
    expect([...lines[0]!.keys()]).toEqual([
      "id", "addr", "laddr", "fd", "name", "age", "idle", "flags", "db", "sub", "psub", "ssub", "multi",
      "qbuf", "qbuf-free", "argv-mem", "multi-mem", "rbs", "rbp", "obl", "oll", "omem", "tot-mem",
      "events", "cmd", "user", "redir", "resp",
    ]);
    const [first, second] = lines;
    expect(first!.get("name")).toBe("first");
    expect(first!.get("age")).toBe("5");
    expect(first!.get("idle")).toBe("5");
    expect(first!.get("cmd")).toBe("client|setname");
    expect(first!.get("argv-mem")).toBe("0");
    expect(second!.get("idle")).toBe("0");
    expect(second!.get("db")).toBe("2");
    expect(second!.get("cmd")).toBe("client|list");
    expect(second!.get("argv-mem")).toBe("10");
    expect(second!.get("flags")).toBe("N");
    expect(second!.get("events")).toBe("r");
    expect(Number(second!.get("fd"))).toBeGreaterThan(2);
    expect(first!.get("fd")).not.toBe(second!.get("fd"));
    const byId = decodeReply(await b.call("CLIENT", "LIST", "ID", first!.get("id")!, "999")) as string;
    expect(byId.split("\n")).toEqual([expect.stringMatching(new RegExp(`^id=${first!.get("id")} .* name=first `)), ""]);
  });

  test("an unknown command shows as cmd=NULL; HELLO 3 as resp=3; NO-EVICT as flag e", async () => {
    await using t = await start();
    await using c = await t.connect();
    await c.call("NOSUCH");
    await using other = await t.connect();
    expect((await clientListLines(other))[0]!.get("cmd")).toBe("NULL");
    await c.call("HELLO", "3");
    await c.call("CLIENT", "NO-EVICT", "on");
    const info = await clientInfo(c);
    expect(info.get("resp")).toBe("3");
    expect(info.get("flags")).toBe("e");
  });
});

describe("CLIENT REPLY", () => {
  test("OFF and SKIP drop replies in a pipeline, ON answers", async () => {
    await using t = await start();
    await using c = await t.connect();
    c.send("CLIENT REPLY SKIP\r\nECHO a\r\nECHO b\r\nCLIENT REPLY OFF\r\nSET k v\r\nGET k\r\nCLIENT REPLY ON\r\nGET k\r\nQUIT\r\n");
    expect(latin1(await c.readUntilClosed())).toBe("$1\r\nb\r\n+OK\r\n$1\r\nv\r\n+OK\r\n");
  });
});

describe("QUIT and protocol errors", () => {
  test("QUIT answers OK, closes, and what was pipelined after it never runs", async () => {
    await using t = await start();
    await using c = await t.connect();
    c.send("SET a 1\r\nQUIT\r\nSET b 2\r\n");
    expect(latin1(await c.readUntilClosed())).toBe("+OK\r\n+OK\r\n");
    await using check = await t.connect();
    expect(await check.callText("EXISTS", "a", "b")).toBe(":1\r\n");
  });

  test.each([
    ["*x\r\n", "invalid multibulk length"],
    ["*1\r\n$-2\r\n", "invalid bulk length"],
    ["*1\r\n+PING\r\n", "expected '$', got '+'"],
    ['SET "a b\r\n', "unbalanced quotes in request"],
    ["x".repeat(70_000), "too big inline request"],
  ])("a protocol error is answered and closes the connection: %#", async (input, detail) => {
    await using t = await start();
    await using c = await t.connect();
    c.send(`PING\r\n${input}`);
    expect(latin1(await c.readUntilClosed())).toBe(`+PONG\r\n-ERR Protocol error: ${detail}\r\n`);
    expect(t.srv.server.clients.size).toBe(0);
  });
});

describe("maxclients", () => {
  test("a connection over the limit is refused before it gets an id; a freed slot is reused", async () => {
    await using t = await start({ maxclients: 2 });
    await using a = await t.connect();
    await using b = await t.connect();
    await using refused = await t.connect();
    expect(latin1(await refused.readUntilClosed())).toBe(`-${Errors.maxClients}\r\n`);
    expect(await statsField(a, "rejected_connections")).toBe("1");
    expect(await statsField(a, "total_connections_received")).toBe("2");
    expect(await b.callText("CLIENT", "ID")).toBe(":2\r\n");
    expect(await a.callText("CLIENT", "KILL", "ID", "2")).toBe(":1\r\n");
    await using c = await t.connect();
    // Redis creates a client (and takes an id) only for an accepted connection: a was 1, b 2.
    expect(await c.callText("CLIENT", "ID")).toBe(":3\r\n");
  });
});

describe("idle timeout", () => {
  test("the cron closes clients idle for more than `timeout` whole seconds", async () => {
    await using t = await start({ timeout: 2 });
    await using idle = await t.connect();
    await using busy = await t.connect();
    expect(await idle.callText("PING")).toBe("+PONG\r\n");
    t.clock.advance(2_000);
    expect(await busy.callText("PING")).toBe("+PONG\r\n");
    t.srv.server.cron();
    expect(await idle.callText("PING")).toBe("+PONG\r\n");
    t.clock.advance(2_999);
    t.srv.server.cron();
    expect(await busy.callText("PING")).toBe("+PONG\r\n");
    t.clock.advance(1);
    t.srv.server.cron();
    expect(latin1(await idle.readUntilClosed())).toBe("");
    expect(await busy.callText("PING")).toBe("+PONG\r\n");
  });

  test("timeout 0 never closes", async () => {
    await using t = await start();
    await using c = await t.connect();
    t.clock.advance(365 * 24 * 3600 * 1000);
    t.srv.server.cron();
    expect(await c.callText("PING")).toBe("+PONG\r\n");
  });
});

/** A non-loopback IPv4 address of this machine, if it has one. */
function externalAddress(): string | undefined {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) {
      if (address.family === "IPv4" && !address.internal) return address.address;
    }
  }
  return undefined;
}

const external = externalAddress();

describe.skipIf(external === undefined)("protected mode (from a non-loopback address)", () => {
  test("without a password the connection is refused with DENIED", async () => {
    await using t = await start({ bind: [external!] }, external);
    await using c = await t.connect();
    expect(latin1(await c.readUntilClosed())).toBe(`-${Errors.protectedMode}\r\n`);
    expect(t.srv.server.stats.rejectedConnections).toBe(1);
    expect(t.srv.server.stats.connectionsReceived).toBe(0);
  });

  test("a password or protected-mode no lets it in", async () => {
    {
      await using t = await start({ bind: [external!], requirepass: "pw" }, external);
      await using c = await t.connect();
      expect(await c.callText("PING")).toBe(`-${Errors.noAuth}\r\n`);
      expect((await c.callText("AUTH", "pw"))).toBe("+OK\r\n");
      expect((await clientInfo(c)).get("addr")).toStartWith(`${external}:`);
    }
    {
      await using t = await start({ bind: [external!], "protected-mode": false }, external);
      await using c = await t.connect();
      expect(await c.callText("PING")).toBe("+PONG\r\n");
    }
  });
});

describe("pipelining", () => {
  const N = 100_000;

  test("100k ECHO and PING commands in one write are answered intact and in order", async () => {
    await using t = await start();
    await using c = await t.connect();
    const parts: string[] = [];
    const expected: string[] = [];
    for (let i = 0; i < N; i++) {
      const word = `m${i}`;
      parts.push(i % 2 === 0 ? `*2\r\n$4\r\nECHO\r\n$${word.length}\r\n${word}\r\n` : "PING\r\n");
      expected.push(i % 2 === 0 ? `$${word.length}\r\n${word}\r\n` : "+PONG\r\n");
    }
    c.send(parts.join("") + "QUIT\r\n");
    const received = latin1(await c.readUntilClosed());
    expect(received.length).toBe(expected.join("").length + 5);
    expect(received === `${expected.join("")}+OK\r\n`).toBe(true);
  });

  test("commands sent in one write answer exactly as the same commands sent one at a time", async () => {
    // A read event's keys are prefetched before its commands run (server/prefetch.ts): across
    // SELECTs, MULTI queues, missing and wrong-type keys, keys too long for the slab and
    // expired ones, that must change nothing.
    const random = seededRandom(11);
    const keys = ["k:1", "k:2", "k:3", "list", "x".repeat(5000), "short"];
    const pick = () => keys[Math.floor(random() * keys.length)]!;
    const shapes: (() => Argv)[] = [
      () => ["SET", pick(), `v${Math.floor(random() * 100)}`],
      () => ["GET", pick()],
      () => ["INCR", pick()],
      () => ["APPEND", pick(), "ab"],
      () => ["DEL", pick()],
      () => ["LPUSH", pick(), "e"],
      () => ["PEXPIRE", pick(), "1"],
      () => ["SELECT", String(Math.floor(random() * 2))],
      () => ["MULTI"],
      () => ["EXEC"],
      () => ["MGET", pick(), pick()],
      () => ["PING"],
    ];
    const commands = Array.from({ length: 3000 }, () => shapes[Math.floor(random() * shapes.length)]!());
    await using pipelined = await start();
    await using oneByOne = await start();
    await using p = await pipelined.connect();
    await using o = await oneByOne.connect();
    const replies: string[] = [];
    for (let i = 0; i < commands.length; i++) {
      // The manual clocks move together: PEXPIRE'd keys expire in both at the same command.
      if (i % 100 === 0) {
        pipelined.clock.advance(1);
        oneByOne.clock.advance(1);
      }
      replies.push(latin1(await o.call(...commands[i]!)));
    }
    const batches: string[] = [];
    for (let from = 0; from < commands.length; from += 100) {
      pipelined.clock.advance(1);
      p.pipeline(commands.slice(from, from + 100));
      const batch = await p.readReplies(Math.min(100, commands.length - from));
      batches.push(...batch.map(latin1));
    }
    expect(batches).toEqual(replies);
  });

  test("100k SETs in one write: every key stored", async () => {
    await using t = await start();
    await using c = await t.connect();
    const commands: string[] = [];
    for (let i = 0; i < N; i++) commands.push(`*3\r\n$3\r\nSET\r\n$${`key:${i}`.length}\r\nkey:${i}\r\n$${`val:${i}`.length}\r\nval:${i}\r\n`);
    c.send(commands.join("") + "QUIT\r\n");
    const received = latin1(await c.readUntilClosed());
    expect(received === "+OK\r\n".repeat(N + 1)).toBe(true);
    await using check = await t.connect();
    expect(await check.callText("DBSIZE")).toBe(`:${N}\r\n`);
    expect(await check.callText("GET", "key:0")).toBe("$5\r\nval:0\r\n");
    expect(await check.callText("GET", `key:${N - 1}`)).toBe(`$9\r\nval:${N - 1}\r\n`);
  });
});
