// What reaches the AOF, redbun against redis-server 7.0.15: the same commands run on both (each
// with appendonly yes, active expiry off so lazy expiry alone decides when a DEL appears), and
// the commands appended to each incremental file must be the same — rewrites (SET EX → PXAT,
// SPOP → SREM, BLPOP → LPOP …), MULTI/EXEC wrapping, SELECTs, DELs of expired keys — with only
// absolute deadlines near now normalised (the two servers' clocks differ by milliseconds).

import { afterAll, beforeAll, expect, test } from "bun:test";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer } from "../../src/index.ts";
import { differentialSuite, type Case, type Normalizer } from "../support/differential.ts";
import { currentIncrPath, fileSize, normalizeTimes, parseCommands, readFrom, readManifestLines } from "../support/aof-files.ts";
import { waitBlocked } from "../support/blocking.ts";
import { range } from "../support/datasets.ts";
import { startRedbun, type Redbun } from "../support/redbun.ts";
import { describeWithRealRedis, startRealRedis, type RealRedis } from "../support/redis-server.ts";
import { RespClient, latin1, latin1Bytes, type Argv, type RespTarget } from "../support/resp-client.ts";
import { FUTURE_S, FUTURE_MS } from "../support/values.ts";
import { comparableKeyspace } from "../unit/persistence/rdb/snapshot.ts";

/** A command sent on a connection of its own that blocks; its reply is awaited at the end. */
interface BlockingStep {
  blocking: Argv;
}

type Step = Argv | BlockingStep;

interface AofCase {
  name: string;
  /** Run before the AOF offset is taken: their propagation is not compared. */
  setup?: Argv[];
  commands: Step[];
  /** For commands with random effects (SPOP): reduce both sides to what is deterministic. */
  normalize?: (commands: string[][]) => string[][];
}

/** DUMP of the string "v" (RDB 10, as Redis 7.0 writes it). */
const DUMP_OF_V = Buffer.from("0001760a009108ceb219388ace", "hex");

/** SREM members replaced by "*" and sorted out of the comparison (SPOP draws at random). */
const anyMembers = (commands: string[][]): string[][] =>
  commands.map((argv) => (argv[0] === "SREM" ? [argv[0], argv[1]!, "*"] : argv));

const CASES: AofCase[] = [
  // --- strings ---
  { name: "SET as is, its case kept", commands: [["set", "k", "v"], ["SET", "k2", "v", "NX"], ["SET", "k2", "x", "NX"]] },
  { name: "SET EX / PX / EXAT become SET PXAT", commands: [["set", "a", "1", "ex", "100"], ["SET", "b", "1", "PX", "200000", "NX"], ["SET", "c", "1", "EXAT", FUTURE_S, "GET"]] },
  { name: "SET PXAT is rewritten too", commands: [["set", "a", "1", "pxat", FUTURE_MS], ["SET", "b", "1", "XX", "PXAT", FUTURE_MS]] },
  { name: "SET GET drops its GET words", setup: [["SET", "k", "old"]], commands: [["set", "k", "v", "get"], ["SET", "k", "get", "GET", "XX"], ["SET", "k", "w", "KEEPTTL", "GET"]] },
  { name: "SET GET that does not set propagates nothing", setup: [["SET", "k", "old"]], commands: [["SET", "k", "v", "NX", "GET"]] },
  { name: "SET KEEPTTL as is", setup: [["SET", "k", "v", "EX", "100"]], commands: [["SET", "k", "w", "KEEPTTL"]] },
  { name: "SETEX and PSETEX become SET PXAT", commands: [["setex", "a", "100", "v"], ["PSETEX", "b", "100000", "v"]] },
  { name: "SETNX, MSET, MSETNX as they are", setup: [["SET", "x", "1"]], commands: [["setnx", "a", "1"], ["SETNX", "x", "2"], ["MSET", "m1", "1", "m2", "2"], ["MSETNX", "n1", "1", "x", "3"], ["MSETNX", "n1", "1", "n2", "2"]] },
  { name: "GETSET becomes SET", commands: [["getset", "k", "v"], ["GETSET", "k", "w"]] },
  { name: "GETDEL becomes DEL", setup: [["SET", "k", "v"]], commands: [["getdel", "k"], ["GETDEL", "k"]] },
  {
    name: "GETEX becomes PEXPIREAT, PERSIST or DEL",
    setup: [["SET", "k", "v"], ["SET", "j", "v"]],
    commands: [["getex", "k", "ex", "100"], ["GETEX", "k", "PXAT", FUTURE_MS], ["GETEX", "k", "EXAT", FUTURE_S], ["GETEX", "k"], ["GETEX", "k", "PERSIST"], ["GETEX", "k", "PERSIST"], ["GETEX", "j", "PXAT", "1000"]],
  },
  { name: "INCRBYFLOAT becomes SET KEEPTTL", setup: [["SET", "f", "1", "EX", "100"]], commands: [["incrbyfloat", "f", "1.5"], ["INCRBYFLOAT", "g", "3.0e0"], ["INCRBYFLOAT", "g", "abc"]] },
  { name: "counters, APPEND, SETRANGE as they are", commands: [["incr", "n"], ["INCRBY", "n", "5"], ["DECR", "n"], ["DECRBY", "n", "2"], ["APPEND", "s", "ab"], ["SETRANGE", "s", "5", "x"], ["INCR", "s"]] },
  // --- expiry ---
  {
    name: "EXPIRE family becomes PEXPIREAT, options kept",
    setup: [["SET", "k", "v"]],
    commands: [["expire", "k", "100"], ["PEXPIRE", "k", "200000", "GT"], ["EXPIREAT", "k", FUTURE_S, "lt"], ["pexpireat", "k", FUTURE_MS], ["EXPIRE", "k", "100", "NX"], ["EXPIRE", "nope", "100"]],
  },
  { name: "EXPIRE in the past becomes DEL", setup: [["SET", "a", "v"], ["SET", "b", "v"], ["SET", "c", "v"]], commands: [["EXPIRE", "a", "0"], ["PEXPIREAT", "b", "1000"], ["expire", "c", "-5"]] },
  { name: "PERSIST as is, only when a TTL went", setup: [["SET", "k", "v", "EX", "100"]], commands: [["persist", "k"], ["PERSIST", "k"]] },
  { name: "a key read after its deadline is deleted with a DEL", setup: [["SET", "k", "v", "PXAT", "1000"]], commands: [["GET", "k"], ["GET", "k"]] },
  { name: "a write on an expired key: DEL and the write in MULTI", setup: [["SET", "k", "v", "PXAT", "1000"]], commands: [["SET", "k", "new"]] },
  { name: "an expired key found by EXISTS and TYPE", setup: [["SET", "a", "v", "PXAT", "1000"], ["SET", "b", "v", "PXAT", "1000"]], commands: [["EXISTS", "a"], ["TYPE", "b"]] },
  // --- keys and dbs ---
  { name: "DEL, UNLINK, RENAME, COPY, MOVE as they are", setup: [["SET", "a", "1"], ["SET", "b", "2"]], commands: [["DEL", "a", "nope"], ["DEL", "nope"], ["RENAME", "b", "c"], ["COPY", "c", "d"], ["move", "d", "3"], ["UNLINK", "c"]] },
  { name: "SELECT before a write in another db", commands: [["SET", "a", "1"], ["SELECT", "2"], ["SET", "b", "1"], ["SET", "c", "1"], ["SELECT", "0"], ["SET", "d", "1"]] },
  { name: "FLUSHDB and FLUSHALL, even of nothing", commands: [["FLUSHDB"], ["SELECT", "4"], ["flushdb"], ["FLUSHALL"], ["SWAPDB", "0", "1"]] },
  // --- transactions ---
  { name: "MULTI with one write is not wrapped", commands: [["MULTI"], ["SET", "a", "1"], ["GET", "a"], ["EXEC"]] },
  { name: "MULTI with two writes is wrapped", commands: [["MULTI"], ["SET", "a", "1"], ["INCR", "n"], ["EXEC"]] },
  { name: "MULTI with reads only propagates nothing", commands: [["MULTI"], ["GET", "a"], ["EXEC"]] },
  { name: "MULTI across dbs", commands: [["MULTI"], ["SET", "a", "1"], ["SELECT", "1"], ["SET", "b", "1"], ["EXEC"], ["SET", "c", "1"]] },
  { name: "MULTI with a failing command", setup: [["SET", "s", "x"]], commands: [["MULTI"], ["LPUSH", "s", "a"], ["SET", "a", "1"], ["EXEC"]] },
  { name: "MULTI with a rewritten command", commands: [["MULTI"], ["SET", "a", "1", "EX", "100"], ["INCRBYFLOAT", "f", "2"], ["EXEC"]] },
  // --- sets ---
  { name: "SPOP of one becomes SREM", setup: [["SADD", "s", "only"]], commands: [["spop", "s"], ["SPOP", "s"]] },
  { name: "SPOP of the whole set becomes DEL", setup: [["SADD", "s", "1", "2", "3"], ["SADD", "t", "a", "b"]], commands: [["SPOP", "s", "3"], ["SPOP", "t", "10"], ["SPOP", "t", "0"]] },
  { name: "SPOP of some becomes one SREM each, in MULTI", setup: [["SADD", "s", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]], commands: [["SPOP", "s", "3"], ["SPOP", "s", "6"]], normalize: anyMembers },
  { name: "set writes as they are", setup: [["SADD", "a", "1", "2"], ["SADD", "b", "2", "3"]], commands: [["SADD", "a", "3"], ["SADD", "a", "3"], ["SREM", "a", "1"], ["SMOVE", "a", "b", "2"], ["SINTERSTORE", "c", "a", "b"], ["SUNIONSTORE", "d", "a", "b"], ["SDIFFSTORE", "e", "a", "b"]] },
  // --- hashes ---
  { name: "HINCRBYFLOAT becomes HSET", setup: [["HSET", "h", "f", "1"]], commands: [["hincrbyfloat", "h", "f", "1e2"], ["HINCRBYFLOAT", "h", "g", "0.5"], ["HINCRBY", "h", "i", "3"]] },
  { name: "hash writes as they are", commands: [["HSET", "h", "a", "1", "b", "2"], ["HMSET", "h", "c", "3"], ["HSETNX", "h", "a", "9"], ["HSETNX", "h", "z", "9"], ["HDEL", "h", "a", "nope"]] },
  // --- lists ---
  { name: "list writes as they are", commands: [["RPUSH", "l", "a", "b", "c"], ["lpush", "l", "z"], ["LPOP", "l"], ["RPOP", "l", "1"], ["LSET", "l", "0", "x"], ["LINSERT", "l", "BEFORE", "x", "w"], ["LREM", "l", "0", "w"], ["LTRIM", "l", "0", "0"], ["LMOVE", "l", "m", "left", "RIGHT"], ["RPOPLPUSH", "m", "n"]] },
  { name: "LMPOP becomes [LR]POP key count", setup: [["RPUSH", "l", "a", "b", "c"]], commands: [["LMPOP", "2", "nope", "l", "LEFT", "COUNT", "2"], ["lmpop", "1", "l", "right", "count", "5"], ["LMPOP", "1", "l", "LEFT"]] },
  { name: "BLPOP with data becomes LPOP key", setup: [["RPUSH", "l", "a", "b"]], commands: [["blpop", "nope", "l", "0"], ["BRPOP", "l", "0"]] },
  { name: "BLMPOP with data becomes [LR]POP key count", setup: [["RPUSH", "l", "a", "b", "c"]], commands: [["BLMPOP", "0", "1", "l", "RIGHT", "COUNT", "2"], ["blmpop", "0", "1", "l", "left"]] },
  { name: "BLMOVE and BRPOPLPUSH with data become LMOVE and RPOPLPUSH", setup: [["RPUSH", "l", "a", "b"]], commands: [["blmove", "l", "m", "left", "Right", "0"], ["BRPOPLPUSH", "l", "m", "0"]] },
  { name: "BLPOP served later becomes LPOP", commands: [{ blocking: ["BLPOP", "l", "0"] }, { blocking: ["BRPOP", "l", "0"] }, ["RPUSH", "l", "a", "b", "c"]] },
  { name: "BLMPOP served later becomes [LR]POP key count", commands: [{ blocking: ["BLMPOP", "0", "1", "l", "RIGHT", "COUNT", "5"] }, ["LPUSH", "l", "a", "b"]] },
  { name: "BLMOVE served later becomes LMOVE with its words", commands: [{ blocking: ["BLMOVE", "l", "m", "right", "LEFT", "0"] }, { blocking: ["brpoplpush", "l", "m", "0"] }, ["RPUSH", "l", "a", "b"]] },
  // --- RESTORE ---
  {
    name: "RESTORE with a relative TTL gets ABSTTL; one already expired deletes what it replaces",
    setup: [["SET", "old", "x"]],
    commands: [
      ["RESTORE", "a", "0", DUMP_OF_V],
      ["restore", "b", "100000", DUMP_OF_V],
      ["RESTORE", "c", FUTURE_MS, DUMP_OF_V, "ABSTTL"],
      ["RESTORE", "d", "1000", DUMP_OF_V, "ABSTTL"],
      ["RESTORE", "old", "1000", DUMP_OF_V, "ABSTTL", "REPLACE"],
    ],
  },
  // --- sorted sets ---
  { name: "sorted set writes as they are", commands: [["ZADD", "z", "1", "a", "2", "b", "3", "c"], ["zincrby", "z", "2", "a"], ["ZADD", "z", "XX", "1", "nope"], ["ZREM", "z", "b"], ["ZPOPMIN", "z"], ["ZPOPMAX", "z", "5"], ["ZADD", "y", "1", "x"], ["ZRANGESTORE", "r", "y", "0", "-1"]] },
  { name: "ZMPOP becomes ZPOPMIN/ZPOPMAX key count", setup: [["ZADD", "z", "1", "a", "2", "b", "3", "c"]], commands: [["ZMPOP", "2", "nope", "z", "MIN", "COUNT", "2"], ["zmpop", "1", "z", "max", "count", "9"], ["ZMPOP", "1", "z", "MIN"]] },
  { name: "BZPOPMIN/BZPOPMAX with data become ZPOPMIN/ZPOPMAX key", setup: [["ZADD", "z", "1", "a", "2", "b"]], commands: [["bzpopmin", "nope", "z", "0"], ["BZPOPMAX", "z", "0"]] },
  { name: "BZMPOP with data becomes ZPOPMIN/ZPOPMAX key count", setup: [["ZADD", "z", "1", "a", "2", "b", "3", "c"]], commands: [["BZMPOP", "0", "1", "z", "MAX", "COUNT", "2"], ["bzmpop", "0", "1", "z", "min"]] },
  { name: "BZPOPMIN and BZMPOP served later", commands: [{ blocking: ["BZPOPMIN", "z", "0"] }, { blocking: ["BZMPOP", "0", "1", "z", "MAX", "COUNT", "5"] }, ["ZADD", "z", "1", "a", "2", "b", "3", "c"]] },
  // --- SORT ---
  { name: "SORT STORE as is", setup: [["RPUSH", "l", "3", "1", "2"]], commands: [["SORT", "l", "STORE", "dst"], ["SORT", "l"]] },
];

describeWithRealRedis("AOF: what each command propagates, as redis-server 7.0 writes it", () => {
  let redis: RealRedis;
  let redbun: Redbun;

  beforeAll(async () => {
    // appendfsync no: under everysec Redis postpones its AOF write while a background fsync is
    // slow (a loaded machine), and a case would read the file before its commands are there.
    redis = await startRealRedis(["--appendonly", "yes", "--appendfsync", "no", "--enable-debug-command", "yes"]);
    const admin = await RespClient.connect(redis.socketPath);
    await admin.call("DEBUG", "SET-ACTIVE-EXPIRE", "0");
    await admin.close();
    redbun = await startRedbun({ appendonly: true, save: [] });
    redbun.server.server.activeExpireEnabled = false;
  });

  afterAll(async () => {
    await redis?.stop();
    await redbun?.close();
  });

  for (const c of CASES) {
    test(c.name, async () => {
      const expected = await appended(redis.socketPath, redis.dir, c);
      const actual = await appended(redbun.port, redbun.dir, c);
      const normalize = (commands: string[][]) => (c.normalize ?? ((x: string[][]) => x))(normalizeTimes(commands));
      expect(normalize(actual)).toEqual(normalize(expected));
    });
  }
});

/** Runs a case on one server and returns the commands its AOF gained meanwhile. */
async function appended(target: RespTarget, dir: string, c: AofCase): Promise<string[][]> {
  const main = await RespClient.connect(target);
  const blocked: { client: RespClient; reply: Promise<Uint8Array> }[] = [];
  try {
    await main.call("FLUSHALL");
    for (const argv of c.setup ?? []) await main.call(...argv);
    const path = currentIncrPath(dir);
    const offset = fileSize(path);
    for (const step of c.commands) {
      if ("blocking" in step) {
        const client = await RespClient.connect(target);
        blocked.push({ client, reply: client.call(...step.blocking) });
        await waitBlocked(main, blocked.length);
      } else {
        await main.call(...step);
      }
    }
    for (const { reply } of blocked) await reply;
    // The served clients' pops are written before their replies: one round trip settles it.
    await main.call("PING");
    return parseCommands(readFrom(path, offset));
  } finally {
    for (const { client } of blocked) await client.close();
    await main.close();
  }
}

// --- datasets both ways -------------------------------------------------------------------------

/** Writes of every type and encoding, over three dbs, with TTLs, deletions and a transaction. */
function workload(part: 1 | 2): Argv[] {
  if (part === 1) {
    return [
      ["SET", "str:int", "12345"],
      ["SET", "str:emb", "hello"],
      ["SET", "str:raw", "r".repeat(60)],
      ["SET", "str:big", "x".repeat(5000)],
      ["SET", latin1Bytes("str:\x00\xff"), latin1Bytes("\x00\xff\r\n binary")],
      ["SET", "str:ttl", "v", "EX", "1000"],
      ["SET", "str:pxat", "v", "PXAT", FUTURE_MS],
      ["SET", "str:gone", "v", "PXAT", "1000"],
      ["RPUSH", "list:small", "a", "b", "c"],
      ["RPUSH", "list:big", ...range(300, (i) => `e${i}`)],
      ["SADD", "set:int", "3", "1", "2"],
      ["SADD", "set:bigint", ...range(600, (i) => String(i * 7))],
      ["SADD", "set:str", "a", "b", "c"],
      ["HSET", "hash:small", "f1", "v1", "f2", "v2"],
      ["HSET", "hash:big", ...range(600, (i) => (i % 2 === 0 ? `f${i}` : `v${i}`))],
      ["HSET", "hash:long", "f", "x".repeat(100)],
      ["ZADD", "zset:small", "1", "a", "2", "b", "-inf", "c", "1.5", "d"],
      ["ZADD", "zset:big", ...range(400, (i) => (i % 2 === 0 ? String(i / 3) : `m${i}`))],
      ["SELECT", "1"],
      ["SET", "db1:key", "v"],
      ["EXPIRE", "db1:key", "500"],
      ["SELECT", "15"],
      ["RPUSH", "db15:list", "x", "y"],
      ["SELECT", "0"],
    ];
  }
  return [
    ["APPEND", "str:emb", " world"],
    ["INCRBYFLOAT", "float", "1.25"],
    ["SETRANGE", "str:raw", "100", "tail"],
    ["DEL", "str:int"],
    ["LPOP", "list:big"],
    ["LINSERT", "list:small", "BEFORE", "b", "a2"],
    ["SREM", "set:str", "b"],
    ["HINCRBYFLOAT", "hash:small", "n", "2.5"],
    ["HDEL", "hash:big", "f0"],
    ["ZINCRBY", "zset:small", "1.5", "a"],
    ["ZREM", "zset:big", "m1"],
    ["MULTI"],
    ["INCR", "ctr"],
    ["INCR", "ctr"],
    ["SADD", "set:int", "10"],
    ["EXEC"],
    ["SELECT", "1"],
    ["SET", "db1:other", "w", "PX", "900000"],
    ["RENAME", "db1:key", "db1:renamed"],
    ["SELECT", "0"],
    ["SET", "str:after", "1"],
  ];
}

async function run(client: RespClient, commands: readonly Argv[]): Promise<void> {
  for (const argv of commands) await client.call(...argv);
}

/** The dataset in comparable form: values (unordered ones sorted), TTLs and encodings. */
/** redis-check-aof on a manifest: its verdict line, or the error it printed. */
function checkAof(manifestPath: string): { exitCode: number; output: string } {
  const proc = Bun.spawnSync(["redis-check-aof", manifestPath]);
  return { exitCode: proc.exitCode ?? -1, output: proc.stdout.toString() + proc.stderr.toString() };
}

async function waitForRewrite(client: RespClient): Promise<void> {
  for (;;) {
    const info = await client.callText("INFO", "persistence");
    if (info.includes("aof_rewrite_in_progress:0") && !info.includes("aof_rewrite_scheduled:1")) return;
    await Bun.sleep(5);
  }
}

describeWithRealRedis("AOF directories move both ways between redbun and redis-server 7.0", () => {
  for (const preamble of [true, false]) {
    const format = preamble ? "an RDB base" : "a command base";

    test(`redis-server loads redbun's AOF (${format} and an incr file)`, async () => {
      const dir = mkdtempSync(join(tmpdir(), "redbun-aof-"));
      try {
        let expected;
        {
          await using srv = await startServer({ port: 0, dir, appendonly: true, save: [], "aof-use-rdb-preamble": preamble });
          const client = await RespClient.connect(srv.port);
          await run(client, workload(1));
          expect(await client.callText("BGREWRITEAOF")).toBe("+Background append only file rewriting started\r\n");
          await srv.server.aof.rewriteEnded;
          await run(client, workload(2));
          expected = await comparableKeyspace(client);
          await client.close();
        }
        const manifest = readManifestLines(dir);
        expect(manifest.map((line) => line.type)).toEqual(["b", "i"]);
        expect(manifest[0]!.name).toBe(`appendonly.aof.2.base.${preamble ? "rdb" : "aof"}`);
        const check = checkAof(join(dir, "appendonlydir", "appendonly.aof.manifest"));
        expect(check.output).toContain("is valid");
        expect(check.exitCode).toBe(0);
        await using redis = await startRealRedis(["--appendonly", "yes", "--dir", dir]);
        const client = await RespClient.connect(redis.socketPath);
        expect(await comparableKeyspace(client)).toEqual(expected);
        await client.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    test(`redbun loads redis-server's AOF (${format} and an incr file), and a legacy single file`, async () => {
      const copy = mkdtempSync(join(tmpdir(), "redbun-aof-"));
      const legacy = mkdtempSync(join(tmpdir(), "redbun-aof-legacy-"));
      try {
        let expected;
        {
          await using redis = await startRealRedis(["--appendonly", "yes", "--aof-use-rdb-preamble", preamble ? "yes" : "no"]);
          const client = await RespClient.connect(redis.socketPath);
          await run(client, workload(1));
          await client.call("BGREWRITEAOF");
          await waitForRewrite(client);
          await run(client, workload(2));
          expected = await comparableKeyspace(client);
          await client.close();
          cpSync(join(redis.dir, "appendonlydir"), join(copy, "appendonlydir"), { recursive: true });
        }
        // A Redis 6 style appendonly.aof: the base (RDB preamble or commands), then the commands.
        const files = readManifestLines(copy).filter((line) => line.type !== "h");
        const parts = files.map((line) => readFileSync(join(copy, "appendonlydir", line.name)));
        writeFileSync(join(legacy, "appendonly.aof"), Buffer.concat(parts));

        {
          await using srv = await startServer({ port: 0, dir: copy, appendonly: true, save: [] });
          const client = await RespClient.connect(srv.port);
          expect(await comparableKeyspace(client)).toEqual(expected);
          await client.close();
        }
        {
          await using srv = await startServer({ port: 0, dir: legacy, appendonly: true, save: [] });
          const client = await RespClient.connect(srv.port);
          expect(await comparableKeyspace(client)).toEqual(expected);
          await client.close();
        }
        // Migrated as Redis migrates it: the file moved into the directory as the base.
        expect(existsSync(join(legacy, "appendonly.aof"))).toBe(false);
        expect(readManifestLines(legacy)).toEqual([
          { name: "appendonly.aof", seq: 1, type: "b" },
          { name: "appendonly.aof.1.incr.aof", seq: 1, type: "i" },
        ]);
      } finally {
        rmSync(copy, { recursive: true, force: true });
        rmSync(legacy, { recursive: true, force: true });
      }
    });
  }
});

// --- settings and commands ----------------------------------------------------------------------

/** INFO persistence: the field names in order; values vary by server and time. */
const fieldNames: Normalizer = (reply) => latin1(reply).replace(/:[^\r\n]*\r\n/g, "\r\n").replace(/^\$\d+/, "$N");

const AOF_SETTINGS = [
  "appendonly", "appendfilename", "appenddirname", "appendfsync", "no-appendfsync-on-rewrite", "aof-use-rdb-preamble",
  "aof-load-truncated", "aof-timestamp-enabled", "auto-aof-rewrite-percentage", "auto-aof-rewrite-min-size",
];

const settingCases: Case[] = [
  { name: "CONFIG GET of each AOF setting", commands: AOF_SETTINGS.map((name) => ["CONFIG", "GET", name]) },
  {
    name: "CONFIG SET: immutable names, bad values, units",
    commands: [
      ["CONFIG", "SET", "appendfilename", "x.aof"],
      ["CONFIG", "SET", "appenddirname", "d"],
      ["CONFIG", "SET", "appendfsync", "sometimes"],
      ["CONFIG", "SET", "appendfsync", "ALWAYS"],
      ["CONFIG", "GET", "appendfsync"],
      ["CONFIG", "SET", "appendfsync", "everysec"],
      ["CONFIG", "SET", "aof-use-rdb-preamble", "maybe"],
      ["CONFIG", "SET", "auto-aof-rewrite-percentage", "-1"],
      ["CONFIG", "SET", "auto-aof-rewrite-percentage", "abc"],
      ["CONFIG", "SET", "auto-aof-rewrite-min-size", "-1"],
      ["CONFIG", "SET", "auto-aof-rewrite-min-size", "1kb"],
      ["CONFIG", "GET", "auto-aof-rewrite-min-size"],
      ["CONFIG", "SET", "auto-aof-rewrite-min-size", "64mb"],
      ["CONFIG", "SET", "appendonly", "maybe"],
    ],
  },
  { name: "BGREWRITEAOF arity", commands: [["BGREWRITEAOF", "now"]] },
  { name: "BGREWRITEAOF inside MULTI is scheduled", commands: [["MULTI"], ["BGREWRITEAOF"], ["EXEC"]] },
  { name: "INFO persistence with the AOF on lists Redis's fields in Redis's order", commands: [{ argv: ["INFO", "persistence"], normalize: fieldNames }] },
];

differentialSuite("AOF settings and commands", settingCases, {
  redisArgs: ["--appendonly", "yes"],
  redbunConfig: { appendonly: true },
});
