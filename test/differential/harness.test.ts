// Self-test of the test support library, against real redis-server only: the reply reader on
// hand-made chunk splits, the decoder and encoder, the client over a unix socket, and the
// differential runner (two real servers agree; a deliberately different pair is caught).

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import {
  RespClient,
  RespError,
  RespFramingError,
  RespReadError,
  ReplyReader,
  decodeReply,
  encodeCommand,
  formatBytes,
  latin1,
  latin1Bytes,
  splitReplies,
} from "../support/resp-client.ts";
import { describeWithRealRedis, startRealRedis, type RealRedis } from "../support/redis-server.ts";
import {
  canonicalizeUnordered,
  compareCaseRuns,
  compareReplies,
  differentialSuite,
  realRedisDiffServer,
  replaceText,
  runCase,
  runDifferentialCase,
  sameTypeOnly,
  type Case,
  type DiffServer,
} from "../support/differential.ts";

// Every reply type the reader must frame, RESP2 and RESP3, nested and empty, with CRLF inside a bulk.
const SAMPLE_REPLIES = [
  "+OK\r\n",
  "-ERR unknown command 'FOO'\r\n",
  ":-42\r\n",
  "$5\r\nhello\r\n",
  "$4\r\na\r\nb\r\n",
  "$0\r\n\r\n",
  "$-1\r\n",
  "*-1\r\n",
  "*0\r\n",
  "*3\r\n:1\r\n*2\r\n$1\r\nx\r\n*0\r\n$-1\r\n",
  "_\r\n",
  ",3.14\r\n",
  ",-inf\r\n",
  "#t\r\n",
  "(3492890328409238509324850943850943825024385\r\n",
  "=15\r\ntxt:Some string\r\n",
  "!21\r\nSYNTAX invalid syntax\r\n",
  "%2\r\n+first\r\n:1\r\n$6\r\nsecond\r\n~2\r\n:2\r\n:3\r\n",
  "%0\r\n",
  "~1\r\n%1\r\n+k\r\n_\r\n",
  ">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n",
  "|1\r\n+key-popularity\r\n%2\r\n$1\r\na\r\n,0.1923\r\n$1\r\nb\r\n,0.0012\r\n*2\r\n:2039123\r\n:9543892\r\n",
  "*2\r\n|1\r\n+ttl\r\n:3600\r\n$1\r\nv\r\n:5\r\n",
  "|0\r\n+annotated-by-nothing\r\n",
];
const SAMPLE = latin1Bytes(SAMPLE_REPLIES.join(""));

function frame(chunks: Uint8Array[]): string[] {
  const reader = new ReplyReader();
  const out: string[] = [];
  for (const chunk of chunks) {
    reader.push(chunk);
    for (let r = reader.next(); r !== undefined; r = reader.next()) out.push(latin1(r));
  }
  expect(reader.buffered).toBe(0);
  return out;
}

describe("ReplyReader", () => {
  test("frames a stream delivered whole", () => {
    expect(frame([SAMPLE])).toEqual(SAMPLE_REPLIES);
  });

  test("frames a stream delivered byte by byte", () => {
    const chunks = Array.from(SAMPLE, (b) => Uint8Array.of(b));
    expect(frame(chunks)).toEqual(SAMPLE_REPLIES);
  });

  test("frames a stream split in two at every offset", () => {
    for (let i = 0; i <= SAMPLE.length; i++) {
      expect(frame([SAMPLE.subarray(0, i), SAMPLE.subarray(i)])).toEqual(SAMPLE_REPLIES);
    }
  });

  test("frames a stream split into three at many offset pairs", () => {
    for (let i = 0; i < SAMPLE.length; i += 7) {
      for (let j = i; j <= SAMPLE.length; j += 5) {
        const parts = [SAMPLE.subarray(0, i), SAMPLE.subarray(i, j), SAMPLE.subarray(j)];
        expect(frame(parts)).toEqual(SAMPLE_REPLIES);
      }
    }
  });

  test("copies pushed chunks, so the caller may reuse its buffer", () => {
    const reader = new ReplyReader();
    const scratch = latin1Bytes("$3\r\nab");
    reader.push(scratch);
    scratch.fill(0x21);
    reader.push(latin1Bytes("c\r\n"));
    expect(latin1(reader.next() ?? new Uint8Array())).toBe("$3\r\nabc\r\n");
  });

  test("a 20 MB bulk in 64 KB chunks, followed by a reply in the same chunk", () => {
    const size = 20 * 1024 * 1024;
    const body = new Uint8Array(size).fill(0x78);
    const stream = new Uint8Array(Buffer.concat([latin1Bytes(`$${size}\r\n`), body, latin1Bytes("\r\n:7\r\n")]));
    const reader = new ReplyReader();
    const replies: Uint8Array[] = [];
    for (let i = 0; i < stream.length; i += 65536) {
      reader.push(stream.subarray(i, i + 65536));
      for (let r = reader.next(); r !== undefined; r = reader.next()) replies.push(r);
    }
    expect(replies.length).toBe(2);
    expect(replies[0].length).toBe(size + `$${size}\r\n`.length + 2);
    expect(replies[0][replies[0].length - 3]).toBe(0x78);
    expect(latin1(replies[1])).toBe(":7\r\n");
  });

  test("a 500 000-element array in small chunks", () => {
    const n = 500_000;
    const parts = [`*${n}\r\n`];
    for (let i = 0; i < n; i++) parts.push(`:${i}\r\n`);
    const stream = latin1Bytes(parts.join(""));
    const reader = new ReplyReader();
    let reply: Uint8Array | undefined;
    for (let i = 0; i < stream.length; i += 1000) {
      reader.push(stream.subarray(i, i + 1000));
      reply ??= reader.next();
    }
    expect(reply?.length).toBe(stream.length);
    expect(reader.buffered).toBe(0);
  });

  test("rejects bytes that are not RESP", () => {
    const bad = (s: string): (() => void) => () => {
      const reader = new ReplyReader();
      reader.push(latin1Bytes(s));
      reader.next();
    };
    expect(bad("?what\r\n")).toThrow(RespFramingError);
    expect(bad("$3\r\nabcd\r\n")).toThrow(RespFramingError);
    expect(bad("*x\r\n")).toThrow(RespFramingError);
    expect(bad("+OK\rX")).toThrow(RespFramingError);
  });

  test("splitReplies and takeRemaining", () => {
    expect(splitReplies(latin1Bytes("+a\r\n:1\r\n")).map(latin1)).toEqual(["+a\r\n", ":1\r\n"]);
    expect(() => splitReplies(latin1Bytes("+a\r\n$5\r\nab"))).toThrow(RespFramingError);
    const reader = new ReplyReader();
    reader.push(latin1Bytes("+a\r\n*2\r\n:1\r\n"));
    expect(latin1(reader.next() ?? new Uint8Array())).toBe("+a\r\n");
    expect(reader.next()).toBeUndefined();
    expect(latin1(reader.takeRemaining())).toBe("*2\r\n:1\r\n");
    expect(reader.buffered).toBe(0);
  });
});

describe("encode / decode", () => {
  test("encodeCommand writes a multibulk, strings as UTF-8, bytes as they are", () => {
    expect(latin1(encodeCommand(["SET", "k\u00e9", Uint8Array.of(0, 255)]))).toBe(
      "*3\r\n$3\r\nSET\r\n$3\r\nk\xc3\xa9\r\n$2\r\n\x00\xff\r\n",
    );
    expect(latin1(encodeCommand([]))).toBe("*0\r\n");
  });

  test("decodeReply covers every type", () => {
    const d = SAMPLE_REPLIES.map((r) => decodeReply(latin1Bytes(r)));
    expect(d).toEqual([
      "OK",
      new RespError("ERR unknown command 'FOO'"),
      -42,
      "hello",
      "a\r\nb",
      "",
      null,
      null,
      [],
      [1, ["x", []], null],
      null,
      3.14,
      -Infinity,
      true,
      3492890328409238509324850943850943825024385n,
      "Some string",
      new RespError("SYNTAX invalid syntax"),
      { first: 1, second: [2, 3] },
      {},
      [{ k: null }],
      ["message", "ch", "hi"],
      [2039123, 9543892],
      ["v", 5],
      "annotated-by-nothing",
    ]);
    expect(decodeReply(latin1Bytes("-ERR x\r\n"))).toEqual({ error: "ERR x" });
    expect(decodeReply(latin1Bytes(":9007199254740993\r\n"))).toBe(9007199254740993n);
    expect(decodeReply(latin1Bytes("$2\r\n\xff\x00\r\n"), { bulk: "latin1" })).toBe("\xff\x00");
    expect(() => decodeReply(latin1Bytes("+a\r\n+b\r\n"))).toThrow(RespFramingError);
  });

  test("formatBytes escapes and truncates", () => {
    expect(formatBytes(latin1Bytes('$1\r\n"\\\x00\r\n'))).toBe('"$1\\r\\n\\"\\\\\\x00\\r\\n"');
    const long = formatBytes(new Uint8Array(10_000).fill(0x61), 100);
    expect(long).toContain("9900 bytes omitted, 10000 total");
  });
});

describeWithRealRedis("RespClient and startRealRedis against redis-server", () => {
  let redis: RealRedis;
  beforeAll(async () => {
    redis = await startRealRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });

  test("the server runs on a unix socket in its temp dir; stop() removes both", async () => {
    const own = await startRealRedis(["--databases", "3"]);
    expect(existsSync(own.socketPath)).toBe(true);
    expect(own.socketPath.startsWith(own.dir)).toBe(true);
    expect(() => process.kill(own.pid, 0)).not.toThrow();
    await using c = await RespClient.connect(own.socketPath);
    expect(latin1(await c.call("CONFIG", "GET", "databases"))).toBe("*2\r\n$9\r\ndatabases\r\n$1\r\n3\r\n");
    expect(latin1(await c.call("CONFIG", "GET", "save"))).toBe("*2\r\n$4\r\nsave\r\n$0\r\n\r\n");
    await own.stop();
    await c.closed;
    expect(existsSync(own.dir)).toBe(false);
    expect(() => process.kill(own.pid, 0)).toThrow();
    await own.stop(); // idempotent
  });

  test("a bad argument fails start-up with the server's log in the error", async () => {
    await expect(startRealRedis(["--no-such-directive", "1"])).rejects.toThrow(/did not start[\s\S]*no-such-directive/i);
  });

  test("call, callText, callDecoded", async () => {
    await using c = await RespClient.connect(redis.socketPath);
    expect(latin1(await c.call("SET", "harness:k", "v"))).toBe("+OK\r\n");
    expect(await c.callText("GET", "harness:k")).toBe("$1\r\nv\r\n");
    expect(await c.callDecoded("GET", "harness:missing")).toBeNull();
    expect(await c.callDecoded("NOSUCHCMD")).toEqual({
      error: "ERR unknown command 'NOSUCHCMD', with args beginning with: ",
    });
  });

  test("many replies arriving in one chunk, read one by one", async () => {
    await using c = await RespClient.connect(redis.socketPath);
    const commands = Array.from({ length: 1000 }, (_, i) => ["ECHO", `m${i}`]);
    c.pipeline(commands);
    const replies = await c.readReplies(1000);
    expect(replies.map(latin1)).toEqual(commands.map(([, m]) => `$${m.length}\r\n${m}\r\n`));
  });

  test("RESP3 after HELLO 3: maps, nulls, doubles, push messages", async () => {
    await using c = await RespClient.connect(redis.socketPath);
    const hello = decodeReply(await c.call("HELLO", "3"));
    expect(hello).toMatchObject({ server: "redis", proto: 3 });
    expect(await c.callText("GET", "harness:none")).toBe("_\r\n");
    expect(await c.callText("HSET", "harness:h", "f", "v")).toMatch(/^:\d\r\n$/);
    expect(await c.callText("HGETALL", "harness:h")).toBe("%1\r\n$1\r\nf\r\n$1\r\nv\r\n");
    expect(await c.callText("ZADD", "harness:z", "1.5", "m")).toMatch(/^:\d\r\n$/);
    expect(await c.callText("ZSCORE", "harness:z", "m")).toBe(",1.5\r\n");
    expect(await c.callText("SUBSCRIBE", "harness:ch")).toBe(">3\r\n$9\r\nsubscribe\r\n$10\r\nharness:ch\r\n:1\r\n");
    await using p = await RespClient.connect(redis.socketPath);
    expect(await p.callText("PUBLISH", "harness:ch", "hi")).toBe(":1\r\n");
    expect(await c.readText()).toBe(">3\r\n$7\r\nmessage\r\n$10\r\nharness:ch\r\n$2\r\nhi\r\n");
  });

  test("a 100 MB value goes out and comes back whole", async () => {
    await using c = await RespClient.connect(redis.socketPath);
    const size = 100 * 1024 * 1024;
    const value = new Uint8Array(size);
    for (let i = 0; i < size; i += 4096) value[i] = (i / 4096) & 0xff;
    expect(latin1(await c.call("SET", "harness:big", value))).toBe("+OK\r\n");
    const reply = await c.call("GET", "harness:big");
    const header = `$${size}\r\n`;
    expect(reply.length).toBe(header.length + size + 2);
    expect(latin1(reply.subarray(0, header.length))).toBe(header);
    expect(Buffer.compare(reply.subarray(header.length, header.length + size), value)).toBe(0);
    expect(latin1(await c.call("DEL", "harness:big"))).toBe(":1\r\n");
  });

  test("readUntilClosed after QUIT; readReply then rejects; closed resolves", async () => {
    const c = await RespClient.connect(redis.socketPath);
    c.send("PING\r\n"); // inline
    c.command("QUIT");
    expect(latin1(await c.readUntilClosed())).toBe("+PONG\r\n+OK\r\n");
    await c.closed;
    expect(c.isOpen).toBe(false);
    await expect(c.readReply()).rejects.toBeInstanceOf(RespReadError);
    expect(() => c.send("PING\r\n")).toThrow();
  });

  test("a protocol error: the error reply, then the server closes", async () => {
    const c = await RespClient.connect(redis.socketPath);
    c.send("*1\r\n$x\r\n");
    expect(latin1(await c.readUntilClosed())).toBe("-ERR Protocol error: invalid bulk length\r\n");
  });

  test("readReply with timeoutMs rejects when no reply comes, and the next reply still arrives", async () => {
    await using c = await RespClient.connect(redis.socketPath);
    c.send("PING"); // no newline: the server waits for the rest of the inline command
    const err = await c.readReply({ timeoutMs: 50 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RespReadError);
    expect(err instanceof RespReadError && err.reason).toBe("timeout");
    c.send("\r\n");
    expect(await c.readText()).toBe("+PONG\r\n");
  });

  test("a reply split into many small chunks (GETRANGE of a 1 MB value)", async () => {
    await using c = await RespClient.connect(redis.socketPath);
    const value = latin1Bytes("0123456789\r\n".repeat(100_000));
    await c.call("SET", "harness:m", value);
    const reply = await c.call("GET", "harness:m");
    expect(latin1(reply)).toBe(`$${value.length}\r\n${latin1(value)}\r\n`);
  });
});

// The runner, run on two real servers: every kind of step must come out equal.
const AGREEING_CASES: Case[] = [
  { name: "set and get", commands: [["SET", "k", "v"], ["GET", "k"], ["GET", "nope"], ["DEL", "k", "nope"]] },
  { name: "setup replies are not compared", setup: [["RPUSH", "l", "a", "b", "c"]], commands: [["LRANGE", "l", "0", "-1"]] },
  {
    name: "resp3 with hello",
    resp: 3,
    setup: [["HSET", "h", "a", "1", "b", "2"]],
    commands: [["HGETALL", "h"], ["GET", "missing"], ["ZADD", "z", "1.5", "m"], ["ZSCORE", "z", "m"]],
  },
  {
    name: "unordered sets",
    setup: [["SADD", "s", "x", "y", "z", "1", "2", "3", "w"]],
    commands: [{ argv: ["SMEMBERS", "s"], unordered: true }, ["SCARD", "s"]],
  },
  { name: "pipelined", pipeline: true, commands: [["INCR", "n"], ["INCR", "n"], ["INCRBY", "n", "x"], ["GET", "n"]] },
  { name: "raw inline command", commands: [{ raw: "SET a 1\r\n" }, { raw: "GET a\r\n" }] },
  { name: "several replies for one step", commands: [{ argv: ["SUBSCRIBE", "c1", "c2", "c3"], replies: 3 }, ["PING"]] },
  { name: "protocol error read until closed", commands: [["PING"], { raw: "*1\r\n$-5\r\n", untilClosed: true }, ["PING"]] },
  { name: "quit", commands: [["QUIT"], ["PING"]] },
  {
    name: "normalize INFO",
    commands: [{ argv: ["INFO", "server"], normalize: replaceText(/^[\s\S]*$/, "info") }, { argv: ["DBSIZE"], normalize: sameTypeOnly }],
  },
  {
    name: "time expiry with absolute timestamps",
    setup: [["SET", "past", "1"], ["SET", "future", "1"]],
    commands: [["PEXPIREAT", "past", "1000"], ["EXPIREAT", "future", "32503680000"], ["EXISTS", "past"], ["TTL", "future"]],
    normalize: (reply) => reply, // an identity normalizer changes nothing
  },
  { name: "a skipped case", skip: "shows skip works", commands: [["PING"]] },
];

differentialSuite("differential runner: two real redis servers agree", AGREEING_CASES, {
  subject: async () => ({ ...(await realRedisDiffServer()), label: "redis-server (2nd)" }),
});

describeWithRealRedis("differential runner catches differences", () => {
  let a: DiffServer;
  let b: DiffServer;
  beforeAll(async () => {
    [a, b] = await Promise.all([realRedisDiffServer(), realRedisDiffServer(["--databases", "4"])]);
    b = { ...b, label: "other" };
  });
  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
  });

  test("a differing reply produces a readable message naming the step and both replies", async () => {
    const c: Case = {
      name: "config differs",
      setup: [["SET", "k", "v"]],
      commands: [["GET", "k"], ["CONFIG", "GET", "databases"], ["SELECT", "9"], ["PING"]],
    };
    const diff = await runDifferentialCase(c, a, b);
    expect(diff).toBeDefined();
    const text = diff ?? "";
    expect(text).toContain('case "config differs": step 2 of 4 differs: CONFIG GET databases');
    expect(text).toContain('redis-server: "*2\\r\\n$9\\r\\ndatabases\\r\\n$2\\r\\n16\\r\\n"');
    expect(text).toContain('other:        "*2\\r\\n$9\\r\\ndatabases\\r\\n$1\\r\\n4\\r\\n"');
    expect(text).toContain('✓ 1. GET k → "$1\\r\\nv\\r\\n"');
    expect(text).toContain("✗ 3. SELECT 9");
    expect(text).toContain("steps (2 differ):");
  });

  test("normalize can make legitimately different replies equal", async () => {
    const c: Case = {
      name: "normalized",
      commands: [{ argv: ["CONFIG", "GET", "databases"], normalize: replaceText(/\$\d+\r\n\d+\r\n$/, "N") }],
    };
    expect(await runDifferentialCase(c, a, b)).toBeUndefined();
  });

  test("runCase flushes first, then records each step's exact replies", async () => {
    await using left = await a.connect();
    expect(latin1(await left.call("SET", "leftover", "1"))).toBe("+OK\r\n");
    const c: Case = {
      name: "record",
      resp: 3,
      setup: [["SET", "k", "v"], ["NOSUCH"]],
      commands: [
        ["DBSIZE"],
        { argv: ["SUBSCRIBE", "x", "y"], replies: 2 },
        { argv: ["PING"], replies: 0 },
        { raw: "*1\r\n$4\r\nPING\r\n*1\r\n$-7\r\n", untilClosed: true },
        ["PING"],
      ],
    };
    const run = await runCase(await a.connect(), c);
    expect(decodeReply(run.hello ?? new Uint8Array())).toMatchObject({ proto: 3 });
    expect(run.setup.map((o) => o.replies.map(latin1))).toEqual([["+OK\r\n"], ["-ERR unknown command 'NOSUCH', with args beginning with: \r\n"]]);
    expect(run.steps.map((o) => [o.replies.map(latin1), o.failure])).toEqual([
      [[":1\r\n"], undefined],
      [[">3\r\n$9\r\nsubscribe\r\n$1\r\nx\r\n:1\r\n", ">3\r\n$9\r\nsubscribe\r\n$1\r\ny\r\n:2\r\n"], undefined],
      [[], undefined],
      // The PING of step 3 (RESP3 answers it normally while subscribed), the PING of step 4,
      // then the protocol error, then the close.
      [["+PONG\r\n+PONG\r\n-ERR Protocol error: invalid bulk length\r\n"], undefined],
      [[], "<connection closed>"],
    ]);
    const piped = await runCase(await a.connect(), { name: "p", pipeline: true, commands: [["INCR", "n"], ["INCR", "n"]] });
    expect(piped.steps.map((o) => o.replies.map(latin1))).toEqual([[":1\r\n"], [":2\r\n"]]);
  });

  test("a stalled reply is reported, and later steps are marked not run", async () => {
    const c: Case = { name: "stall", commands: [{ raw: "PING" }, ["PING"]] };
    const diff = compareCaseRuns(
      c,
      { label: "ref", run: { setup: [], steps: [{ replies: [latin1Bytes("+PONG\r\n")] }, { replies: [latin1Bytes("+PONG\r\n")] }] } },
      {
        label: "sub",
        run: { setup: [], steps: [{ replies: [], failure: "<no reply within 50 ms>" }, { replies: [], failure: "<not run: an earlier step stalled>" }] },
      },
    );
    expect(diff).toContain('step 1 of 2 differs: raw "PING"');
    expect(diff).toContain("sub: <no reply within 50 ms>");
    expect(diff).toContain("✗ 2. PING");
    // And live: BLPOP blocks on both, so both record the same stall and agree.
    const blocking: Case = { name: "both block", commands: [["BLPOP", "nothing", "0"]] };
    expect(await runDifferentialCase(blocking, a, b, 100)).toBeUndefined();
  });

  test("HELLO 3 that does not return a map fails the case", () => {
    const run = { setup: [], steps: [] };
    const diff = compareCaseRuns(
      { name: "h", resp: 3, commands: [] },
      { label: "ref", run: { ...run, hello: latin1Bytes("%1\r\n+a\r\n:1\r\n") } },
      { label: "sub", run: { ...run, hello: latin1Bytes("-ERR unknown command 'HELLO'\r\n") } },
    );
    expect(diff).toContain("HELLO 3 did not return a map");
  });

  test("compareReplies: order matters unless unordered", () => {
    const ab = latin1Bytes("*2\r\n$1\r\na\r\n$1\r\nb\r\n");
    const ba = latin1Bytes("*2\r\n$1\r\nb\r\n$1\r\na\r\n");
    expect(compareReplies(ab, ba)).toBe(false);
    expect(compareReplies(ab, ba, { unordered: true })).toBe(true);
    expect(compareReplies(ab, latin1Bytes("*2\r\n$1\r\na\r\n$1\r\na\r\n"), { unordered: true })).toBe(false);
    // Nested aggregates are sorted too; maps by pair, so swapped values still differ.
    const m1 = latin1Bytes("%2\r\n+a\r\n:1\r\n+b\r\n:2\r\n");
    expect(compareReplies(m1, latin1Bytes("%2\r\n+b\r\n:2\r\n+a\r\n:1\r\n"), { unordered: true })).toBe(true);
    expect(compareReplies(m1, latin1Bytes("%2\r\n+a\r\n:2\r\n+b\r\n:1\r\n"), { unordered: true })).toBe(false);
    // "pairs": a flat RESP2 field/value array.
    const h1 = latin1Bytes("*4\r\n+a\r\n:1\r\n+b\r\n:2\r\n");
    const h2 = latin1Bytes("*4\r\n+b\r\n:2\r\n+a\r\n:1\r\n");
    const h3 = latin1Bytes("*4\r\n+a\r\n:2\r\n+b\r\n:1\r\n");
    expect(compareReplies(h1, h2, { unordered: "pairs" })).toBe(true);
    expect(compareReplies(h1, h3, { unordered: "pairs" })).toBe(false);
    expect(compareReplies(h1, h3, { unordered: true })).toBe(true); // why "pairs" exists
    expect(latin1(canonicalizeUnordered(latin1Bytes("*2\r\n*2\r\n:2\r\n:1\r\n:0\r\n"), true))).toBe(
      "*2\r\n*2\r\n:1\r\n:2\r\n:0\r\n",
    );
    expect(latin1(canonicalizeUnordered(latin1Bytes("not resp"), true))).toBe("not resp");
  });
});
