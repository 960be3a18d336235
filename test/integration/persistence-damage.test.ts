// Damaged persistence files given to redbun and to a real redis-server 7.0.15 alike: both must
// refuse the same files (and redbun must say why: the checksum, the end of data, the AOF file
// and offset), and both must load the same dataset from the files Redis accepts (a flipped byte
// inside a value with rdbchecksum no, an AOF whose last command was cut). The files are written
// by redis-server itself; each case damages its own copy.

import { expect, test } from "bun:test";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, type StartOptions } from "../../src/index.ts";
import { readManifestLines } from "../support/aof-files.ts";
import { describeWithRealRedis, startRealRedis } from "../support/redis-server.ts";
import { RespClient, latin1, type Argv } from "../support/resp-client.ts";
import { comparable, snapshotRedis } from "../unit/persistence/rdb/snapshot.ts";

/** A short value stored as is (no LZF under 21 bytes): flipping one of its bytes changes only it. */
const NEEDLE = "NeedleValue-qwerty";

const DATASET: Argv[] = [
  ["SET", "needle", NEEDLE],
  ["SET", "int", "12345"],
  ["SET", "ttl", "v", "PXAT", "4102444800123"],
  ["RPUSH", "list", "a", "b", "c"],
  ["SADD", "intset", "1", "2", "3"],
  ["SADD", "set", "x", "y"],
  ["HSET", "hash", "f", "v", "g", "w"],
  ["ZADD", "zset", "1", "a", "2.5", "b"],
  ["INCR", "counter"],
  ["SELECT", "3"],
  ["SET", "db3", "three"],
  ["SELECT", "0"],
];

type Outcome = { refused: true; reason: string } | { refused: false; dataset: unknown[] };

async function datasetOf(client: RespClient): Promise<unknown[]> {
  return (await snapshotRedis(client)).map((s) => comparable(s));
}

/** A redis-server started on a copy of `source` (its dir), with `args`. */
async function redisOutcome(source: string, args: string[]): Promise<Outcome> {
  const dir = mkdtempSync(join(tmpdir(), "redbun-damage-redis-"));
  try {
    cpSync(source, dir, { recursive: true });
    let redis;
    try {
      redis = await startRealRedis(["--dir", dir, ...args]);
    } catch (error) {
      return { refused: true, reason: error instanceof Error ? error.message : String(error) };
    }
    await using _redis = redis;
    await using client = await RespClient.connect(redis.socketPath);
    return { refused: false, dataset: await datasetOf(client) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** redbun started on a copy of `source`; a refusal's reason is its error and its log. */
async function redbunOutcome(source: string, options: StartOptions): Promise<Outcome & { dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), "redbun-damage-"));
  cpSync(source, dir, { recursive: true });
  const lines: string[] = [];
  let srv;
  try {
    srv = await startServer({ port: 0, dir, save: [], log: (line) => lines.push(line), ...options });
  } catch (error) {
    return { refused: true, reason: `${error instanceof Error ? error.message : String(error)}\n${lines.join("")}`, dir };
  }
  await using _srv = srv;
  await using client = await RespClient.connect(srv.port);
  return { refused: false, dataset: await datasetOf(client), dir };
}

/** The files a redis-server writes for DATASET: dump.rdb (SAVE) or its AOF directory. */
async function writtenByRedis(args: string[], keep: "dump.rdb" | "appendonlydir"): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), "redbun-damage-src-"));
  await using redis = await startRealRedis(args);
  await using client = await RespClient.connect(redis.socketPath);
  for (const argv of DATASET) await client.call(...argv);
  if (keep === "dump.rdb") expect(latin1(await client.call("SAVE"))).toBe("+OK\r\n");
  // An AOF is written before the reply (appendfsync always): it is complete once the last reply came.
  cpSync(join(redis.dir, keep), join(out, keep), { recursive: true });
  return out;
}

/** Start offsets of the commands of a RESP command file, and its length. */
function commandOffsets(bytes: Uint8Array): number[] {
  const text = latin1(bytes);
  const offsets: number[] = [];
  let at = 0;
  while (at < text.length) {
    offsets.push(at);
    let lineEnd = text.indexOf("\r\n", at);
    const argc = Number(text.slice(at + 1, lineEnd));
    at = lineEnd + 2;
    for (let i = 0; i < argc; i++) {
      lineEnd = text.indexOf("\r\n", at);
      at = lineEnd + 2 + Number(text.slice(at + 1, lineEnd)) + 2;
    }
  }
  return offsets;
}

function damaged(path: string, damage: (bytes: Buffer) => Buffer): void {
  writeFileSync(path, damage(readFileSync(path)));
}

const flipAt = (at: number, mask: number) => (bytes: Buffer): Buffer => {
  const copy = Buffer.from(bytes);
  copy[at] = copy[at]! ^ mask;
  return copy;
};

describeWithRealRedis("a damaged dump.rdb: redbun refuses or loads what redis-server does", () => {
  test("truncated anywhere, or one bit flipped (rdbchecksum yes): both refuse; redbun's log says why", async () => {
    const source = await writtenByRedis([], "dump.rdb");
    try {
      const file = readFileSync(join(source, "dump.rdb"));
      const needleAt = file.indexOf(NEEDLE);
      expect(needleAt).toBeGreaterThan(0);
      const cases: [string, (bytes: Buffer) => Buffer, string][] = [
        ["cut in the middle", (b) => b.subarray(0, b.length >> 1), "unexpected end of data"],
        ["cut before EOF", (b) => b.subarray(0, b.length - 9), "unexpected end of data"],
        ["cut inside the checksum", (b) => b.subarray(0, b.length - 3), "unexpected end of data"],
        ["a bit of a value flipped", flipAt(needleAt + 3, 0x20), "wrong checksum"],
        ["a bit of a length flipped", flipAt(needleAt - 1, 0x01), "Internal error in RDB reading file"],
        ["a bit of the checksum flipped", (b) => flipAt(b.length - 5, 0x80)(b), "wrong checksum"],
      ];
      for (const [name, damage, why] of cases) {
        const copy = mkdtempSync(join(tmpdir(), "redbun-damage-case-"));
        try {
          writeFileSync(join(copy, "dump.rdb"), damage(file));
          const theirs = await redisOutcome(copy, []);
          const ours = await redbunOutcome(copy, {});
          rmSync(ours.dir, { recursive: true, force: true });
          expect({ name, refused: theirs.refused }).toEqual({ name, refused: true });
          expect({ name, refused: ours.refused }).toEqual({ name, refused: true });
          if (ours.refused) {
            expect(ours.reason).toContain("Terminating server after rdb file reading failure.");
            expect(ours.reason).toContain(why);
          }
        } finally {
          rmSync(copy, { recursive: true, force: true });
        }
      }
    } finally {
      rmSync(source, { recursive: true, force: true });
    }
  });

  test("rdbchecksum no: a flipped bit inside a value loads the changed value in both; a cut file is still refused", async () => {
    const source = await writtenByRedis([], "dump.rdb");
    try {
      const path = join(source, "dump.rdb");
      const needleAt = readFileSync(path).indexOf(NEEDLE);
      damaged(path, flipAt(needleAt, 0x20));
      const theirs = await redisOutcome(source, ["--rdbchecksum", "no"]);
      const ours = await redbunOutcome(source, { rdbchecksum: false });
      rmSync(ours.dir, { recursive: true, force: true });
      expect(theirs.refused).toBe(false);
      expect(ours.refused).toBe(false);
      if (!theirs.refused && !ours.refused) {
        expect(ours.dataset).toEqual(theirs.dataset);
        expect(JSON.stringify(ours.dataset)).toContain(`"needle","expiresAtMs":null,"type":"string","value":"n${NEEDLE.slice(1)}"`);
      }
      damaged(path, (b) => b.subarray(0, b.length - 12));
      expect((await redisOutcome(source, ["--rdbchecksum", "no"])).refused).toBe(true);
      const cut = await redbunOutcome(source, { rdbchecksum: false });
      rmSync(cut.dir, { recursive: true, force: true });
      expect(cut.refused).toBe(true);
    } finally {
      rmSync(source, { recursive: true, force: true });
    }
  });
});

describeWithRealRedis("a damaged AOF directory: redbun refuses or loads what redis-server does", () => {
  const AOF = ["--appendonly", "yes", "--appendfsync", "always"];
  const INCR = "appendonly.aof.1.incr.aof";

  /** Redis's AOF directory for DATASET, and the offsets of its incr file's commands. */
  async function source() {
    const dir = await writtenByRedis(AOF, "appendonlydir");
    expect(readManifestLines(dir).map((line) => line.name)).toEqual(["appendonly.aof.1.base.rdb", INCR]);
    const incrPath = join(dir, "appendonlydir", INCR);
    return { dir, incrPath, offsets: commandOffsets(readFileSync(incrPath)) };
  }

  test("a bit flipped in a command's framing in the middle: both refuse; redbun names the file and the offset", async () => {
    const { dir, incrPath, offsets } = await source();
    try {
      const middle = offsets[offsets.length >> 1]!;
      const original = readFileSync(incrPath);
      const argumentAt = original.indexOf("$", middle);
      for (const [at, what] of [
        [middle, "the * of a command"],
        [argumentAt, "the $ of an argument"],
      ] as const) {
        writeFileSync(incrPath, flipAt(at, 0x01)(original));
        const theirs = await redisOutcome(dir, AOF);
        const ours = await redbunOutcome(dir, { appendonly: true });
        rmSync(ours.dir, { recursive: true, force: true });
        expect({ what, refused: theirs.refused }).toEqual({ what, refused: true });
        expect({ what, refused: ours.refused }).toEqual({ what, refused: true });
        if (ours.refused) expect(ours.reason).toContain(`Bad file format reading the append only file ${INCR} (at offset ${middle})`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a bit flipped inside an argument: both load the same changed dataset", async () => {
    const { dir, incrPath } = await source();
    try {
      damaged(incrPath, (b) => flipAt(b.indexOf(NEEDLE), 0x20)(b));
      const theirs = await redisOutcome(dir, AOF);
      const ours = await redbunOutcome(dir, { appendonly: true });
      rmSync(ours.dir, { recursive: true, force: true });
      expect(theirs.refused).toBe(false);
      expect(ours.refused).toBe(false);
      if (!theirs.refused && !ours.refused) {
        expect(ours.dataset).toEqual(theirs.dataset);
        expect(JSON.stringify(ours.dataset)).toContain(`"value":"n${NEEDLE.slice(1)}"`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("the last command cut: both drop it, load the rest and cut the file at the same offset", async () => {
    const { dir, incrPath, offsets } = await source();
    try {
      const last = offsets[offsets.length - 1]!;
      damaged(incrPath, (b) => b.subarray(0, last + 7));
      const redisDir = mkdtempSync(join(tmpdir(), "redbun-damage-redis-"));
      cpSync(dir, redisDir, { recursive: true });
      let theirs: unknown[];
      {
        await using redis = await startRealRedis(["--dir", redisDir, ...AOF]);
        await using client = await RespClient.connect(redis.socketPath);
        theirs = await datasetOf(client);
      }
      const ours = await redbunOutcome(dir, { appendonly: true });
      try {
        expect(ours.refused).toBe(false);
        if (!ours.refused) expect(ours.dataset).toEqual(theirs);
        expect(statSync(join(ours.dir, "appendonlydir", INCR)).size).toBe(last);
        expect(statSync(join(redisDir, "appendonlydir", INCR)).size).toBe(last);
        expect(readdirSync(join(ours.dir, "appendonlydir")).sort()).toEqual(readdirSync(join(redisDir, "appendonlydir")).sort());
      } finally {
        rmSync(ours.dir, { recursive: true, force: true });
        rmSync(redisDir, { recursive: true, force: true });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a bit flipped in the RDB base: both refuse; redbun names the base file", async () => {
    const { dir } = await source();
    try {
      const base = join(dir, "appendonlydir", "appendonly.aof.1.base.rdb");
      damaged(base, (b) => flipAt(b.length - 12, 0x40)(b));
      const theirs = await redisOutcome(dir, AOF);
      const ours = await redbunOutcome(dir, { appendonly: true });
      rmSync(ours.dir, { recursive: true, force: true });
      expect(theirs.refused).toBe(true);
      expect(ours.refused).toBe(true);
      if (ours.refused) expect(ours.reason).toContain("Error reading the RDB base file appendonly.aof.1.base.rdb");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
