// RDB snapshots in a running redbun: SAVE and BGSAVE write dump.rdb atomically; BGSAVE is a
// point-in-time image even while clients write, delete, expire, flush and swap during it; save
// points fire from the cron (with the retry delay after a failure); a failed BGSAVE turns writes
// into -MISCONF; FLUSHALL kills a BGSAVE; the dataset loads at start-up, a damaged file stops the
// start; DEBUG RELOAD. Time moves only through a ManualClock; a BGSAVE is awaited through its job.

import { describe, expect, test } from "bun:test";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ManualClock, startServer, type StartOptions } from "../../src/index.ts";
import { readRdb } from "../../src/persistence/rdb/reader.ts";
import { RespClient, latin1, latin1Bytes, type Argv } from "../support/resp-client.ts";
import { comparable, snapshotOfRecord, sortRecords, type KeySnapshot } from "../unit/persistence/rdb/snapshot.ts";

const START_MS = 1_700_000_000_000;
const MISCONF =
  "-MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error.\r\n";

/** A server on a new temp dir (or on `dir`, which is then left in place), a ManualClock, its log in a file. */
async function start(options: StartOptions & { dir?: string; clock?: ManualClock } = {}) {
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "redbun-rdb-test-"));
  const clock = options.clock ?? new ManualClock(START_MS);
  const logfile = join(dir, "redbun.log");
  const srv = await startServer({ port: 0, logfile, clock, "enable-debug-command": "yes", ...options, dir });
  return {
    srv,
    dir,
    clock,
    dump: join(dir, "dump.rdb"),
    connect: () => RespClient.connect({ port: srv.port, host: "127.0.0.1" }),
    log: () => readFileSync(logfile, "utf8"),
    /** Resolves when the running background save settles. */
    bgsaveDone: async () => {
      await srv.server.rdb.child?.job.done.catch(() => undefined);
    },
    async [Symbol.asyncDispose]() {
      await srv.close();
      if (ownDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function run(client: RespClient, ...commands: Argv[]): Promise<string[]> {
  const replies: string[] = [];
  for (const argv of commands) replies.push(latin1(await client.call(...argv)));
  return replies;
}

async function info(client: RespClient): Promise<Map<string, string>> {
  const text = latin1(await client.call("INFO", "persistence"));
  return new Map(text.split("\r\n").flatMap((line) => (line.includes(":") ? [line.split(":", 2) as [string, string]] : [])));
}

/** A file's keys in comparable form, sorted by (db, key). */
function fileKeys(path: string): Omit<KeySnapshot, "encoding" | "dump">[] {
  const file = readRdb(readFileSync(path));
  return sortRecords(file.records.map((record) => comparable(snapshotOfRecord(record))));
}

/** One key of every type, TTLs included, in dbs 0, 1 and 3. */
const DATASET: Argv[] = [
  ["SET", "str", "value"],
  ["SET", "int", "12345"],
  ["SET", "long", "x".repeat(5000)],
  ["SET", "ttl", "soon", "PXAT", String(START_MS + 60_000)],
  ["RPUSH", "list", "a", "b", "c"],
  ["SADD", "intset", "1", "2", "3"],
  ["SADD", "set", "a", "b"],
  ["HSET", "hash", "f", "v", "g", "w"],
  ["ZADD", "zset", "1", "a", "2", "b"],
  ["SELECT", "1"],
  ["SET", "db1", "one"],
  ["SELECT", "3"],
  ["SET", "db3", "three"],
  ["HSET", "db3hash", "x", "1"],
  ["SELECT", "0"],
];

describe("SAVE", () => {
  test("writes dump.rdb atomically: the dataset, no temp file left, dirty and LASTSAVE reset", async () => {
    await using t = await start();
    await using c = await t.connect();
    await run(c, ...DATASET);
    t.clock.advance(5000);
    // One change per key, element, field and member written.
    expect((await info(c)).get("rdb_changes_since_last_save")).toBe("19");
    expect(await run(c, ["SAVE"])).toEqual(["+OK\r\n"]);
    expect(readdirSync(t.dir).sort()).toEqual(["dump.rdb", "redbun.log"]);
    const keys = fileKeys(t.dump);
    expect(keys.map((k) => `${k.db}:${k.key}`)).toEqual([
      "0:hash", "0:int", "0:intset", "0:list", "0:long", "0:set", "0:str", "0:ttl", "0:zset", "1:db1", "3:db3", "3:db3hash",
    ]);
    expect(keys.find((k) => k.key === "ttl")?.expiresAtMs).toBe(START_MS + 60_000);
    const fields = await info(c);
    expect(fields.get("rdb_changes_since_last_save")).toBe("0");
    expect(fields.get("rdb_saves")).toBe("1");
    expect(fields.get("rdb_last_save_time")).toBe(String((START_MS + 5000) / 1000));
    expect(await run(c, ["LASTSAVE"])).toEqual([`:${(START_MS + 5000) / 1000}\r\n`]);
    expect(t.log()).toContain("DB saved on disk");
  });

  test("a failed SAVE answers -ERR, logs why, and leaves the status alone", async () => {
    // dbfilename names a non-empty directory: renaming the temp file over it fails.
    await using t = await start({ save: [{ seconds: 3600, changes: 1 }], dbfilename: "blocker" });
    mkdirSync(join(t.dir, "blocker", "x"), { recursive: true });
    await using c = await t.connect();
    await run(c, ["SET", "k", "v"]);
    expect(await run(c, ["SAVE"], ["SET", "k", "w"])).toEqual(["-ERR\r\n", "+OK\r\n"]);
    expect(t.log()).toMatch(/Error moving temp DB file temp-\d+\.rdb on the final destination blocker \(in server root dir .*\): Is a directory/);
    expect(readdirSync(t.dir).sort()).toEqual(["blocker", "redbun.log"]);
    const fields = await info(c);
    expect(fields.get("rdb_last_bgsave_status")).toBe("ok");
    expect(fields.get("rdb_saves")).toBe("1");
  });
});

describe("BGSAVE", () => {
  test("replies, INFO while running, and SAVE / BGSAVE refused meanwhile", async () => {
    await using t = await start();
    t.srv.server.rdb.slices.keysPerSlice = 1;
    await using c = await t.connect();
    await run(c, ...DATASET);
    expect(await run(c, ["BGSAVE"])).toEqual(["+Background saving started\r\n"]);
    const running = await info(c);
    expect(running.get("rdb_bgsave_in_progress")).toBe("1");
    expect(running.get("current_save_keys_total")).toBe("12");
    expect(running.get("rdb_current_bgsave_time_sec")).toBe("0");
    expect(await run(c, ["BGSAVE"], ["BGSAVE", "SCHEDULE"], ["SAVE"])).toEqual([
      "-ERR Background save already in progress\r\n",
      "-ERR Background save already in progress\r\n",
      "-ERR Background save already in progress\r\n",
    ]);
    await t.bgsaveDone();
    const done = await info(c);
    expect(done.get("rdb_bgsave_in_progress")).toBe("0");
    expect(done.get("rdb_last_bgsave_status")).toBe("ok");
    expect(done.get("rdb_last_bgsave_time_sec")).toBe("0");
    expect(done.get("rdb_saves")).toBe("1");
    expect(done.get("rdb_changes_since_last_save")).toBe("0");
    expect(fileKeys(t.dump)).toHaveLength(12);
    expect(readdirSync(t.dir).sort()).toEqual(["dump.rdb", "redbun.log"]);
    expect(t.log()).toContain("Background saving terminated with success");
  });

  test("inside MULTI/EXEC it is scheduled, and the cron starts it", async () => {
    await using t = await start();
    await using c = await t.connect();
    await run(c, ["SET", "k", "v"]);
    expect(await run(c, ["MULTI"], ["BGSAVE"], ["EXEC"])).toEqual([
      "+OK\r\n",
      "+QUEUED\r\n",
      "*1\r\n+Background saving scheduled\r\n",
    ]);
    expect((await info(c)).get("rdb_bgsave_in_progress")).toBe("0");
    t.srv.server.cron();
    expect(t.srv.server.rdb.bgsaveInProgress).toBe(true);
    await t.bgsaveDone();
    expect(fileKeys(t.dump).map((k) => k.key)).toEqual(["k"]);
  });

  test("is the dataset as it was when it began, whatever clients do meanwhile", async () => {
    await using t = await start();
    const rdb = t.srv.server.rdb;
    rdb.slices.keysPerSlice = 7;
    await using c = await t.connect();
    await run(c, ...DATASET);
    // Enough keys in each db that the save spans many event-loop turns.
    for (const db of ["0", "2", "3"]) {
      await run(c, ["SELECT", db], ["MSET", ...Array.from({ length: 400 }, (_, i) => [`k${i}`, `v${i}`]).flat()], ["SELECT", "0"]);
    }
    await run(c, ["SET", "expiring", "e", "PXAT", String(START_MS + 1000)], ["SET", "volatile", "x", "PX", "100000"]);
    await run(c, ["SAVE"]);
    const expected = fileKeys(t.dump);

    expect(await run(c, ["BGSAVE"])).toEqual(["+Background saving started\r\n"]);
    // One pipeline of changes to keys the save has not reached yet (db 3 is written last).
    const changes: Argv[] = [
      ["SET", "k399", "changed"],
      ["DEL", "k398"],
      ["APPEND", "long", "more"],
      ["SETRANGE", "long", "0", "YYYY"],
      ["INCR", "int"],
      ["RPUSH", "list", "d"],
      ["LPOP", "list"],
      ["HSET", "hash", "f", "changed"],
      ["SADD", "intset", "4"],
      ["SADD", "set", "c"],
      ["ZADD", "zset", "5", "a"],
      ["EXPIRE", "str", "100"],
      ["PERSIST", "volatile"],
      ["RENAME", "k397", "renamed"],
      ["MOVE", "k396", "5"],
      ["SET", "new-key", "new"],
      ["SELECT", "3"],
      ["SET", "db3", "changed"],
      ["HSET", "db3hash", "y", "2"],
      ["DEL", "k5"],
      ["SELECT", "2"],
      ["FLUSHDB"],
      ["SET", "after-flush", "x"],
      ["SELECT", "0"],
      ["SWAPDB", "0", "1"],
      ["SET", "str", "in-swapped-db"],
      ["SWAPDB", "0", "1"],
    ];
    for (const argv of changes) c.command(...argv);
    for (const argv of changes) expect(`${argv.join(" ")} → ${latin1(await c.readReply())}`).not.toContain("→ -");
    // Past `expiring`'s deadline: lazy expiry on access, and the active cycle from the cron.
    t.clock.advance(2000);
    expect(await run(c, ["GET", "expiring"])).toEqual(["$-1\r\n"]);
    t.srv.server.cron();
    const during = await info(c);
    expect(during.get("rdb_bgsave_in_progress")).toBe("1");
    expect(Number(during.get("current_save_keys_processed"))).toBeLessThan(Number(during.get("current_save_keys_total")));
    await t.bgsaveDone();
    expect((await info(c)).get("rdb_last_bgsave_status")).toBe("ok");
    expect(fileKeys(t.dump)).toEqual(expected);
    // The changes themselves are all there in memory.
    expect(await run(c, ["GET", "k399"], ["SELECT", "2"], ["DBSIZE"], ["SELECT", "0"])).toEqual([
      "$7\r\nchanged\r\n", "+OK\r\n", ":1\r\n", "+OK\r\n",
    ]);
    // dirty: what the changes counted, less nothing (they came after the save began).
    expect(Number((await info(c)).get("rdb_changes_since_last_save"))).toBeGreaterThan(0);
  });

  test("FLUSHALL kills a running BGSAVE and, with save points, saves the empty dataset", async () => {
    await using t = await start({ save: [{ seconds: 3600, changes: 1 }] });
    t.srv.server.rdb.slices.keysPerSlice = 1;
    await using c = await t.connect();
    await run(c, ...DATASET);
    expect(await run(c, ["BGSAVE"], ["FLUSHALL"])).toEqual(["+Background saving started\r\n", "+OK\r\n"]);
    const fields = await info(c);
    expect(fields.get("rdb_bgsave_in_progress")).toBe("0");
    expect(fields.get("rdb_last_bgsave_status")).toBe("ok");
    expect(fields.get("rdb_changes_since_last_save")).toBe("0");
    expect(fields.get("rdb_saves")).toBe("1");
    expect(t.log()).toContain("Background saving terminated by signal 10");
    expect(fileKeys(t.dump)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(readdirSync(t.dir).filter((name) => name.startsWith("temp-"))).toEqual([]);
  });
});

describe("save points and stop-writes-on-bgsave-error", () => {
  test("a BGSAVE starts once both the changes and the seconds of a save point have passed", async () => {
    await using t = await start({ save: [{ seconds: 10, changes: 2 }] });
    await using c = await t.connect();
    await run(c, ["SET", "a", "1"]);
    t.clock.advance(11_000);
    t.srv.server.cron();
    expect(t.srv.server.rdb.bgsaveInProgress).toBe(false);
    await run(c, ["SET", "b", "1"]);
    t.srv.server.cron();
    expect(t.srv.server.rdb.bgsaveInProgress).toBe(true);
    expect(t.log()).toContain("2 changes in 10 seconds. Saving...");
    await t.bgsaveDone();
    expect((await info(c)).get("rdb_changes_since_last_save")).toBe("0");
    // Ten seconds are not "more than ten".
    await run(c, ["SET", "c", "1"], ["SET", "d", "1"]);
    t.clock.advance(10_000);
    t.srv.server.cron();
    expect(t.srv.server.rdb.bgsaveInProgress).toBe(false);
    t.clock.advance(1000);
    t.srv.server.cron();
    expect(t.srv.server.rdb.bgsaveInProgress).toBe(true);
    await t.bgsaveDone();
  });

  test("a failed BGSAVE refuses writes and PING with -MISCONF until a save succeeds; retries wait 5 s", async () => {
    await using t = await start({ save: [{ seconds: 1, changes: 1 }], dbfilename: "blocker" });
    mkdirSync(join(t.dir, "blocker", "x"), { recursive: true });
    await using c = await t.connect();
    await run(c, ["SET", "k", "v"]);
    expect(await run(c, ["BGSAVE"])).toEqual(["+Background saving started\r\n"]);
    await t.bgsaveDone();
    expect(t.log()).toContain("Background saving error");
    expect((await info(c)).get("rdb_last_bgsave_status")).toBe("err");
    expect(await run(c, ["SET", "k", "w"], ["PING"], ["GET", "k"], ["MULTI"], ["SET", "x", "1"], ["GET", "k"], ["EXEC"])).toEqual([
      MISCONF, MISCONF, "$1\r\nv\r\n", "+OK\r\n", MISCONF, "+QUEUED\r\n", "-EXECABORT Transaction discarded because of previous errors.\r\n",
    ]);
    // The save point is reached, but within the retry delay nothing starts; after it, a retry.
    t.clock.advance(3000);
    t.srv.server.cron();
    expect(t.srv.server.rdb.bgsaveInProgress).toBe(false);
    t.clock.advance(3000);
    t.srv.server.cron();
    expect(t.srv.server.rdb.bgsaveInProgress).toBe(true);
    await t.bgsaveDone();
    expect(await run(c, ["CONFIG", "SET", "stop-writes-on-bgsave-error", "no"], ["SET", "k", "w"], ["PING"])).toEqual([
      "+OK\r\n", "+OK\r\n", "+PONG\r\n",
    ]);
    await run(c, ["CONFIG", "SET", "stop-writes-on-bgsave-error", "yes"]);
    expect(await run(c, ["SET", "k", "x"])).toEqual([MISCONF]);
    // Without save points writes are not refused either.
    expect(await run(c, ["CONFIG", "SET", "save", ""], ["SET", "k", "x"])).toEqual(["+OK\r\n", "+OK\r\n"]);
    await run(c, ["CONFIG", "SET", "save", "1 1"]);
    // A good file name and a successful save clear the error.
    rmSync(join(t.dir, "blocker"), { recursive: true });
    expect(await run(c, ["BGSAVE"])).toEqual(["+Background saving started\r\n"]);
    await t.bgsaveDone();
    expect(await run(c, ["SET", "k", "y"])).toEqual(["+OK\r\n"]);
  });

  test("an EXEC whose queue holds a write is refused too", async () => {
    await using t = await start({ save: [{ seconds: 1, changes: 1 }], dbfilename: "blocker" });
    mkdirSync(join(t.dir, "blocker", "x"), { recursive: true });
    await using c = await t.connect();
    await run(c, ["MULTI"], ["SET", "k", "v"], ["GET", "k"]);
    await using other = await t.connect();
    await run(other, ["BGSAVE"]);
    await t.bgsaveDone();
    expect(await run(c, ["EXEC"])).toEqual([`-EXECABORT Transaction discarded because of: ${MISCONF.slice(1)}`]);
  });
});

describe("loading at start-up", () => {
  test("the saved dataset comes back, expired keys are skipped", async () => {
    const dir = mkdtempSync(join(tmpdir(), "redbun-rdb-test-"));
    await using _dir = { [Symbol.asyncDispose]: async () => rmSync(dir, { recursive: true, force: true }) };
    {
      await using t = await start({ dir, save: [{ seconds: 3600, changes: 1 }] });
      await using c = await t.connect();
      await run(c, ...DATASET);
      await run(c, ["SET", "gone", "x", "PXAT", String(START_MS + 10)]);
      // close() saves, as SIGTERM does, because save points are set.
    }
    expect(existsSync(join(dir, "dump.rdb"))).toBe(true);
    const saved = fileKeys(join(dir, "dump.rdb"));
    // A second later `gone` has expired: it is skipped.
    await using t = await start({ dir, clock: new ManualClock(START_MS + 1000) });
    await using c = await t.connect();
    const fields = await info(c);
    expect(fields.get("rdb_last_load_keys_loaded")).toBe("12");
    expect(fields.get("rdb_last_load_keys_expired")).toBe("1");
    expect(await run(c, ["GET", "str"], ["LRANGE", "list", "0", "-1"], ["OBJECT", "ENCODING", "intset"], ["PEXPIRETIME", "ttl"], ["GET", "gone"])).toEqual([
      "$5\r\nvalue\r\n", "*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n", "$6\r\nintset\r\n", `:${START_MS + 60_000}\r\n`, "$-1\r\n",
    ]);
    expect(saved.filter((k) => k.key !== "gone")).toHaveLength(12);
    expect(t.log()).toMatch(/Done loading RDB, keys loaded: 12, keys expired: 1\.\n[^\n]*DB loaded from disk: \d+\.\d{3} seconds/);
  });

  test("a damaged file stops the start, whatever the damage", async () => {
    const dir = mkdtempSync(join(tmpdir(), "redbun-rdb-test-"));
    await using _dir = { [Symbol.asyncDispose]: async () => rmSync(dir, { recursive: true, force: true }) };
    {
      await using t = await start({ dir });
      await using c = await t.connect();
      await run(c, ...DATASET, ["SAVE"]);
    }
    const good = readFileSync(join(dir, "dump.rdb"));
    const truncated = good.subarray(0, good.length - 20);
    const flipped = Buffer.from(good);
    flipped[40] = flipped[40]! ^ 0x10;
    for (const bad of [truncated, flipped]) {
      writeFileSync(join(dir, "dump.rdb"), bad);
      const lines: string[] = [];
      const failure = await startServer({ port: 0, dir, log: (line) => lines.push(line) }).then(
        () => null,
        (error: unknown) => error,
      );
      expect((failure as Error | null)?.message).toBe("Terminating server after rdb file reading failure.");
      expect(lines.join("")).toContain("Internal error in RDB reading file");
    }
  });
});

// A loaded collection's structure is built when its key is first used (a DeferredValue): until
// then every path that moves, drops or saves the key must treat it like any other.
describe("a dataset loaded from Redis's file, before its keys are used", () => {
  const FIXTURE = join(import.meta.dir, "../fixtures/rdb/redis-7.0-types.rdb");

  async function startOnFixture() {
    const dir = mkdtempSync(join(tmpdir(), "redbun-rdb-test-"));
    copyFileSync(FIXTURE, join(dir, "dump.rdb"));
    const t = await start({ dir });
    return {
      ...t,
      async [Symbol.asyncDispose]() {
        await t[Symbol.asyncDispose]();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }

  test("RENAME, MOVE, DEL and FLUSHALL of keys not yet read answer as they do once the keys were read", async () => {
    const commands: Argv[] = [
      ["RENAME", "hash:small", "renamed"],
      ["MOVE", "zset:small", "3"],
      ["DEL", "list:small", "set:intset16"],
      ["HGETALL", "renamed"],
      ["OBJECT", "ENCODING", "renamed"],
      ["SELECT", "3"],
      ["ZRANGE", "zset:small", "0", "-1", "WITHSCORES"],
      ["OBJECT", "ENCODING", "zset:small"],
      ["SELECT", "0"],
      ["EXISTS", "list:small", "set:intset16", "hash:small"],
      ["FLUSHALL"],
      ["DBSIZE"],
    ];
    await using untouched = await startOnFixture();
    await using c = await untouched.connect();
    const deferredReplies = await run(c, ...commands);
    await using read = await startOnFixture();
    await using d = await read.connect();
    // TYPE builds a key's value.
    for (const key of ["hash:small", "zset:small", "list:small", "set:intset16"]) await run(d, ["TYPE", key]);
    expect(deferredReplies).toEqual(await run(d, ...commands));
    expect(deferredReplies.slice(0, 3)).toEqual(["+OK\r\n", ":1\r\n", ":2\r\n"]);
    expect(deferredReplies[3]).toStartWith("*22\r\n$2\r\nf1\r\n$2\r\nv1\r\n");
    expect(deferredReplies[6]).toStartWith("*20\r\n$9\r\nminus-inf\r\n$4\r\n-inf\r\n");
    expect(deferredReplies.slice(9)).toEqual([":0\r\n", "+OK\r\n", ":0\r\n"]);
  });

  test("a key's encoding follows the thresholds in force at load, not at first use", async () => {
    await using t = await startOnFixture();
    await using c = await t.connect();
    await run(c, ["CONFIG", "SET", "hash-max-listpack-entries", "0", "zset-max-listpack-entries", "0", "set-max-intset-entries", "0"]);
    expect(await run(c, ["OBJECT", "ENCODING", "hash:small"], ["OBJECT", "ENCODING", "zset:small"], ["OBJECT", "ENCODING", "set:intset16"])).toEqual([
      "$8\r\nlistpack\r\n",
      "$8\r\nlistpack\r\n",
      "$6\r\nintset\r\n",
    ]);
  });

  test("SAVE before any key is used writes the same dataset back", async () => {
    await using t = await startOnFixture();
    await using c = await t.connect();
    expect(await run(c, ["SAVE"])).toEqual(["+OK\r\n"]);
    expect(fileKeys(t.dump)).toEqual(fileKeys(FIXTURE));
  });
});

describe("DEBUG RELOAD", () => {
  test("save, flush, load: the dataset is the same; NOSAVE loads the file as it is", async () => {
    await using t = await start();
    await using c = await t.connect();
    await run(c, ...DATASET);
    expect(await run(c, ["DEBUG", "RELOAD"])).toEqual(["+OK\r\n"]);
    const reloaded = fileKeys(t.dump);
    expect(reloaded).toHaveLength(12);
    expect(await run(c, ["DBSIZE"], ["SET", "extra", "1"], ["DEL", "str"], ["DEBUG", "RELOAD", "NOSAVE"], ["EXISTS", "extra", "str"])).toEqual([
      ":9\r\n", "+OK\r\n", ":1\r\n", "+OK\r\n", ":1\r\n",
    ]);
    expect((await info(c)).get("rdb_last_load_keys_loaded")).toBe("12");
    expect(t.log()).toContain("DB reloaded by DEBUG RELOAD");
  });

  test("NOFLUSH MERGE adds the file's keys over the dataset; NOFLUSH alone refuses clashing keys", async () => {
    await using t = await start();
    await using c = await t.connect();
    await run(c, ["SET", "a", "file"], ["SAVE"], ["SET", "a", "memory"], ["SET", "b", "memory"]);
    expect(await run(c, ["DEBUG", "RELOAD", "NOSAVE", "NOFLUSH"], ["GET", "a"])).toEqual([
      "-ERR Error trying to load the RDB dump\r\n", "$6\r\nmemory\r\n",
    ]);
    expect(await run(c, ["DEBUG", "RELOAD", "nosave", "noflush", "merge"], ["MGET", "a", "b"])).toEqual([
      "+OK\r\n", "*2\r\n$4\r\nfile\r\n$6\r\nmemory\r\n",
    ]);
  });

  test("a bad option, and a missing or damaged file, leave the dataset alone", async () => {
    await using t = await start();
    await using c = await t.connect();
    await run(c, ["SET", "a", "1"]);
    expect(await run(c, ["DEBUG", "RELOAD", "NOSAVE"], ["DEBUG", "RELOAD", "FAST"])).toEqual([
      "-ERR Error trying to load the RDB dump\r\n",
      "-ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.\r\n",
    ]);
    writeFileSync(t.dump, latin1Bytes("REDIS0010garbage"));
    expect(await run(c, ["DEBUG", "RELOAD", "NOSAVE"], ["GET", "a"])).toEqual(["-ERR Error trying to load the RDB dump\r\n", "$1\r\n1\r\n"]);
  });
});

describe("the executable", () => {
  const main = join(import.meta.dir, "..", "..", "src", "main.ts");

  test("SIGTERM saves when save points are set; the next start loads the file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "redbun-rdb-test-"));
    await using _dir = { [Symbol.asyncDispose]: async () => rmSync(dir, { recursive: true, force: true }) };
    const socket = join(dir, "redbun.sock");
    const spawn = () =>
      Bun.spawn([process.execPath, main, "--port", "0", "--unixsocket", socket, "--dir", dir, "--save", "3600", "1"], {
        stdout: "pipe",
      });
    const first = spawn();
    const firstLog = output(first.stdout);
    await firstLog.until("Ready to accept connections");
    const c = await RespClient.connect(socket);
    expect(await run(c, ["SET", "k", "v"])).toEqual(["+OK\r\n"]);
    await c.close();
    first.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    const log = await firstLog.all;
    expect(log).toContain("Received SIGTERM scheduling shutdown...");
    expect(log).toContain("Saving the final RDB snapshot before exiting.");
    expect(fileKeys(join(dir, "dump.rdb")).map((k) => k.key)).toEqual(["k"]);
    const second = spawn();
    expect(await output(second.stdout).until("Ready to accept connections")).toContain("Done loading RDB, keys loaded: 1, keys expired: 0.");
    const d = await RespClient.connect(socket);
    expect(await run(d, ["GET", "k"])).toEqual(["$1\r\nv\r\n"]);
    await d.close();
    second.kill("SIGKILL");
    await second.exited;
  });

  test("a damaged dump.rdb: a clear message and exit code 1", async () => {
    const dir = mkdtempSync(join(tmpdir(), "redbun-rdb-test-"));
    await using _dir = { [Symbol.asyncDispose]: async () => rmSync(dir, { recursive: true, force: true }) };
    writeFileSync(join(dir, "dump.rdb"), latin1Bytes("REDIS0010\xfa\x09redis-ver"));
    const proc = Bun.spawn([process.execPath, main, "--port", "0", "--unixsocket", join(dir, "s.sock"), "--dir", dir], { stdout: "pipe" });
    expect(await proc.exited).toBe(1);
    const log = await new Response(proc.stdout).text();
    expect(log).toMatch(/Internal error in RDB reading file .*dump\.rdb: /);
    expect(log).toContain("Terminating server after rdb file reading failure.");
  });
});

/** A child's stdout as it comes: `until(text)` resolves once the text has appeared, `all` at its end. */
function output(stdout: ReadableStream<Uint8Array>) {
  let text = "";
  let ended = false;
  let wake = (): void => undefined;
  const all = (async () => {
    for await (const chunk of stdout) {
      text += Buffer.from(chunk).toString("utf8");
      wake();
    }
    ended = true;
    wake();
    return text;
  })();
  return {
    all,
    async until(needle: string): Promise<string> {
      while (!text.includes(needle)) {
        if (ended) throw new Error(`the output ended without ${JSON.stringify(needle)}:\n${text}`);
        await new Promise<void>((resolve) => (wake = resolve));
      }
      return text;
    },
  };
}
