// RDB persistence against a real redis-server 7.0.15. Replies compared byte for byte: SAVE,
// BGSAVE, LASTSAVE and their errors, the settings, INFO persistence's field list, DEBUG RELOAD and
// DEBUG OBJECT (the address and LRU figures normalized). And files both ways: redis-server
// started on redbun's dump.rdb (from a BGSAVE) holds the same keys, values, encodings and TTLs,
// redis-check-rdb accepts it, and redbun started on Redis's dump.rdb holds what Redis held and
// saves it back, unused, into a file Redis loads the same.

import { expect, test } from "bun:test";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer } from "../../src/index.ts";
import { EVERY_ENCODING, range, send } from "../support/datasets.ts";
import { differentialSuite, type Case, type Normalizer } from "../support/differential.ts";
import { describeWithRealRedis, startRealRedis } from "../support/redis-server.ts";
import { RespClient, latin1, latin1Bytes, type Argv } from "../support/resp-client.ts";
import { FUTURE_MS } from "../support/values.ts";
import { comparableKeyspace } from "../unit/persistence/rdb/snapshot.ts";

const b = latin1Bytes;

/** DEBUG OBJECT: addresses and LRU clocks differ between any two servers. */
const debugObject: Normalizer = (reply) =>
  latin1(reply).replace(/Value at:0x[0-9a-f]+/, "Value at:ADDR").replace(/lru:\d+ lru_seconds_idle:\d+/, "lru:LRU lru_seconds_idle:IDLE");

/** INFO persistence: the field names in order; values vary by server and time. */
const fieldNames: Normalizer = (reply) => latin1(reply).replace(/:[^\r\n]*\r\n/g, "\r\n").replace(/^\$\d+/, "$N");

const commandCases: Case[] = [
  { name: "SAVE", setup: [["SET", "k", "v"]], commands: [["SAVE"], ["SAVE", "x"], ["DBSIZE"]] },
  {
    name: "BGSAVE syntax: one optional SCHEDULE",
    commands: [["BGSAVE", "x"], ["BGSAVE", "SCHEDULE", "x"], ["BGSAVE", "schedule", "schedule"], ["BGSAVE", "NOW"]],
  },
  { name: "LASTSAVE arity", commands: [["LASTSAVE", "x"]] },
  {
    name: "rdb_saves counts SAVE and BGSAVE; CONFIG RESETSTAT zeroes it",
    commands: [
      ["CONFIG", "RESETSTAT"],
      ["SAVE"],
      { argv: ["INFO", "persistence"], normalize: (reply) => /rdb_saves:\d+/.exec(latin1(reply))?.[0] ?? "" },
      ["CONFIG", "RESETSTAT"],
      { argv: ["INFO", "persistence"], normalize: (reply) => /rdb_saves:\d+/.exec(latin1(reply))?.[0] ?? "" },
    ],
  },
  {
    name: "SAVE is not allowed inside MULTI; BGSAVE there is scheduled",
    commands: [["MULTI"], ["SAVE"], ["DISCARD"], ["MULTI"], ["BGSAVE"], ["EXEC"]],
  },
  {
    name: "settings: rdbcompression, rdbchecksum (immutable), stop-writes-on-bgsave-error",
    commands: [
      ["CONFIG", "GET", "rdbchecksum"],
      ["CONFIG", "GET", "stop-writes-on-bgsave-error"],
      ["CONFIG", "GET", "rdbcompression"],
      ["CONFIG", "SET", "rdbchecksum", "no"],
      ["CONFIG", "SET", "stop-writes-on-bgsave-error", "maybe"],
      ["CONFIG", "SET", "stop-writes-on-bgsave-error", "no"],
      ["CONFIG", "GET", "stop-writes-on-bgsave-error"],
      ["CONFIG", "SET", "stop-writes-on-bgsave-error", "yes"],
      ["CONFIG", "SET", "rdbcompression", "1"],
    ],
  },
  { name: "INFO persistence lists Redis's fields in Redis's order", commands: [{ argv: ["INFO", "persistence"], normalize: fieldNames }] },
  {
    name: "DEBUG RELOAD: options, and the dataset after it",
    setup: [["SET", "a", "1"], ["RPUSH", "l", "x", "y"], ["SADD", "s", "1", "2"], ["SET", "t", "v", "PXAT", FUTURE_MS]],
    commands: [
      ["DEBUG", "RELOAD", "FAST"],
      ["DEBUG", "RELOAD", "MERGE", "nope"],
      ["DEBUG", "RELOAD"],
      ["DEBUG", "RELOAD", "MERGE", "NOFLUSH"],
      ["DEBUG", "RELOAD", "nosave"],
      ["DBSIZE"],
      ["LRANGE", "l", "0", "-1"],
      ["OBJECT", "ENCODING", "s"],
      ["PEXPIRETIME", "t"],
    ],
  },
];

/** One DEBUG OBJECT case: build the key, then compare the line. */
function debugObjectCase(name: string, setup: Argv[], key = "k"): Case {
  return { name, setup, commands: [{ argv: ["DEBUG", "OBJECT", key], normalize: debugObject }] };
}

/**
 * A list built under another list-max-listpack-size, measured before the setting goes back to
 * its default (redbun lays the quicklist out with the current setting).
 */
function listFillCase(fill: string, count: number, element: (i: number) => string): Case {
  return {
    name: `a list under list-max-listpack-size ${fill}`,
    setup: [["CONFIG", "SET", "list-max-listpack-size", fill], ["RPUSH", "k", ...range(count, element)]],
    commands: [{ argv: ["DEBUG", "OBJECT", "k"], normalize: debugObject }, ["CONFIG", "SET", "list-max-listpack-size", "-2"]],
  };
}

const debugObjectCases: Case[] = [
  { name: "errors", commands: [["DEBUG", "OBJECT", "missing"], ["DEBUG", "OBJECT"], ["DEBUG", "OBJECT", "a", "b"]] },
  debugObjectCase("a shared small integer", [["SET", "k", "42"]]),
  debugObjectCase("integers that are not shared", [["SET", "k", "10000"]]),
  debugObjectCase("a negative integer", [["SET", "k", "-5"]]),
  debugObjectCase("an integer past 32 bits (saved as its digits)", [["SET", "k", "9223372036854775807"]]),
  debugObjectCase("embstr", [["SET", "k", "hello"]]),
  debugObjectCase("raw", [["SET", "k", "r".repeat(60)]]),
  debugObjectCase("a compressible long string", [["SET", "k", "abc".repeat(2000)]]),
  debugObjectCase("an incompressible string", [["SET", "k", b(Array.from({ length: 300 }, (_, i) => String.fromCharCode((i * 7919) % 251)).join(""))]]),
  debugObjectCase("APPEND makes raw", [["SET", "k", "1"], ["APPEND", "k", "2"]]),
  debugObjectCase("a small list", [["RPUSH", "k", "a", "b", "c", "1", "-20000", ""]]),
  debugObjectCase("a list of many nodes", [["RPUSH", "k", ...range(2000, (i) => `element-${i}-${"p".repeat(i % 50)}`)]]),
  debugObjectCase("a list of integers", [["RPUSH", "k", ...range(3000, (i) => String(i * 977 - 100000))]]),
  debugObjectCase("a list with elements past the node size", [["RPUSH", "k", "x".repeat(10_000), "y", "z".repeat(9000), "w"]]),
  debugObjectCase("an intset", [["SADD", "k", ...range(100, (i) => String(i * 1000))]]),
  debugObjectCase("a hashtable set", [["SADD", "k", "a", "b", "c", "dd"]]),
  debugObjectCase("a listpack hash", [["HSET", "k", "f", "v", "n", "123"]]),
  debugObjectCase("a hashtable hash", [["HSET", "k", ...range(600, (i) => `h${i}`)]]),
  debugObjectCase("a listpack zset", [["ZADD", "k", "1", "a", "2.5", "b", "-3", "c"]]),
  debugObjectCase("a skiplist zset", [["ZADD", "k", ...range(300, (i) => (i % 2 === 0 ? String(i / 7) : `m${i}`))]]),
  debugObjectCase("rdbcompression no", [["CONFIG", "SET", "rdbcompression", "no"], ["SET", "k", "abc".repeat(100)]]),
  listFillCase("5", 23, (i) => String(i)),
  listFillCase("-1", 900, (i) => `v${i}`),
  listFillCase("-5", 9000, (i) => `v${i}`),
  listFillCase("0", 5, (i) => `v${i}`),
];

const debug = { redisArgs: ["--enable-debug-command", "yes"], redbunConfig: { "enable-debug-command": "yes" } };
differentialSuite("persistence: SAVE, BGSAVE, LASTSAVE, settings, DEBUG RELOAD", commandCases, debug);
differentialSuite("persistence: DEBUG OBJECT", debugObjectCases, debug);

/** Every type and encoding, with TTLs, in two dbs. */
const SCENARIO: Argv[] = [
  ...EVERY_ENCODING,
  ["PEXPIREAT", "str:embstr", FUTURE_MS],
  ["PEXPIREAT", "hash:many", FUTURE_MS],
  ["SELECT", "5"],
  ["SET", "db5", "five"],
  ["RPUSH", "db5:list", "x"],
  ["SELECT", "0"],
];

async function build(client: RespClient, commands: readonly Argv[]): Promise<void> {
  for (const argv of commands) await send(client, argv);
}

/** Both servers' keyspaces, compared as loaded: values, TTLs and OBJECT ENCODING. */
async function expectSameKeyspace(a: RespClient, b: RespClient): Promise<void> {
  const left = await comparableKeyspace(a);
  const right = await comparableKeyspace(b);
  expect(left.length).toBe(SCENARIO.filter(([name]) => name !== "SELECT" && name !== "PEXPIREAT").length);
  expect(left).toEqual(right);
}

describeWithRealRedis("persistence: dump.rdb between redbun and redis-server", () => {
  test("redis-server loads redbun's BGSAVE file and holds the same dataset; redis-check-rdb accepts it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "redbun-rdb-diff-"));
    try {
      await using redbun = await startServer({ port: 0, dir });
      await using ours = await RespClient.connect(redbun.port);
      await build(ours, SCENARIO);
      expect(latin1(await ours.call("BGSAVE"))).toBe("+Background saving started\r\n");
      await redbun.server.rdb.child?.job.done;
      const check = Bun.spawnSync(["redis-check-rdb", join(dir, "dump.rdb")]);
      expect(check.stdout.toString()).toContain("RDB looks OK!");
      expect(check.exitCode).toBe(0);
      await using redis = await startRealRedis(["--dir", dir]);
      await using theirs = await RespClient.connect(redis.socketPath);
      await expectSameKeyspace(ours, theirs);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("redbun loads redis-server's dump.rdb, saves it back before using a key, and holds the same dataset; redis-server loads that file the same", async () => {
    const dir = mkdtempSync(join(tmpdir(), "redbun-rdb-diff-"));
    try {
      await using redis = await startRealRedis();
      await using theirs = await RespClient.connect(redis.socketPath);
      await build(theirs, SCENARIO);
      expect(latin1(await theirs.call("SAVE"))).toBe("+OK\r\n");
      copyFileSync(join(redis.dir, "dump.rdb"), join(dir, "dump.rdb"));
      {
        await using redbun = await startServer({ port: 0, dir });
        await using ours = await RespClient.connect(redbun.port);
        // Saved first: loaded collections are written back as they were read, unbuilt.
        expect(latin1(await ours.call("SAVE"))).toBe("+OK\r\n");
        await expectSameKeyspace(ours, theirs);
      }
      const check = Bun.spawnSync(["redis-check-rdb", join(dir, "dump.rdb")]);
      expect(check.stdout.toString()).toContain("RDB looks OK!");
      expect(check.exitCode).toBe(0);
      await using again = await startRealRedis(["--dir", dir]);
      await using reloaded = await RespClient.connect(again.socketPath);
      await expectSameKeyspace(reloaded, theirs);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
