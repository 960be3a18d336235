// The writer: Redis 7.0 must accept what it writes (redis-check-rdb, then a real redis-server
// started on the file reports the same keys, values, TTLs and encodings as the fixture it came
// from), DUMP payloads are byte-identical to Redis's, and writer → reader round-trips random data
// whether fed at once or chunk by chunk.

import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { decodeDumpPayload, encodeDumpPayload } from "../../../../src/persistence/rdb/dump-payload.ts";
import type { RdbRecord, RdbValue } from "../../../../src/persistence/rdb/format.ts";
import { readRdb } from "../../../../src/persistence/rdb/reader.ts";
import { RdbWriter, writeRdb, type RdbAux, type RdbDb, type RdbWriterOptions } from "../../../../src/persistence/rdb/writer.ts";
import { describeWithRealRedis, startRealRedis } from "../../../support/redis-server.ts";
import { RespClient } from "../../../support/resp-client.ts";
import { comparable, snapshotOfRecord, snapshotRedis, sortRecords, type KeySnapshot } from "./snapshot.ts";

const FIXTURES = resolve(import.meta.dir, "../../../fixtures/rdb");
const AUX: RdbAux = { ctimeSec: 1700000000, usedMem: 1000000, aofBase: false };
const DEFAULTS: RdbWriterOptions = { compression: true, checksum: true };
const tmp = mkdtempSync(join(tmpdir(), "redbun-rdb-writer-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const fixtureNames = readdirSync(FIXTURES)
  .filter((f) => f.endsWith(".rdb") && !f.includes("stream") && !f.includes("function"))
  .map((f) => f.slice(0, -4));

function fixture(name: string): { bytes: Uint8Array; expected: KeySnapshot[] } {
  return {
    bytes: new Uint8Array(readFileSync(join(FIXTURES, `${name}.rdb`))),
    expected: (JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), "utf8")) as { records: KeySnapshot[] }).records,
  };
}

function byDb(records: readonly RdbRecord[]): RdbDb[] {
  const dbs = new Map<number, RdbRecord[]>();
  for (const r of records) dbs.set(r.db, [...(dbs.get(r.db) ?? []), r]);
  return [...dbs].sort((a, b) => a[0] - b[0]).map(([index, rs]) => ({ index, records: rs }));
}

/** The value without its compact-encoding request. */
function plain(v: RdbValue): RdbValue {
  if (v.type === "set") return { type: "set", members: v.members };
  if (v.type === "hash") return { type: "hash", entries: v.entries };
  if (v.type === "zset") return { type: "zset", entries: v.entries };
  return v;
}

async function loadInRedis(bytes: Uint8Array): Promise<KeySnapshot[]> {
  const dir = mkdtempSync(join(tmp, "load-"));
  const path = join(dir, "redbun.rdb");
  writeFileSync(path, bytes);
  const check = Bun.spawnSync(["redis-check-rdb", path]);
  expect(`${check.stdout.toString()}${check.stderr.toString()}`).toContain("RDB looks OK");
  expect(check.exitCode).toBe(0);
  await using redis = await startRealRedis(["--dir", dir, "--dbfilename", "redbun.rdb"]);
  const client = await RespClient.connect(redis.socketPath);
  try {
    return await snapshotRedis(client);
  } finally {
    await client.close();
  }
}

function expectSameKeyspace(got: KeySnapshot[], expected: KeySnapshot[]): void {
  expect(got.map((r) => `${r.db}/${r.key}`)).toEqual(expected.map((r) => `${r.db}/${r.key}`));
  for (let i = 0; i < got.length; i++) {
    expect({ key: got[i].key, encoding: got[i].encoding }).toEqual({ key: expected[i].key, encoding: expected[i].encoding });
    expect(comparable(got[i])).toEqual(comparable(expected[i]));
  }
}

describeWithRealRedis("RdbWriter: real Redis 7.0 loads what it writes", () => {
  for (const name of fixtureNames) {
    test(`${name}: re-written, loads with the same keys, values, TTLs and encodings`, async () => {
      const { bytes, expected } = fixture(name);
      const records = readRdb(bytes).records;
      expectSameKeyspace(await loadInRedis(writeRdb(byDb(records), DEFAULTS, AUX)), expected);
    });
  }

  test("plain encodings only (no compact hints), compression and checksum off: Redis picks the same encodings", async () => {
    const { bytes, expected } = fixture("redis-7.0-types");
    const records = readRdb(bytes).records.map((r) => ({ ...r, value: plain(r.value) }));
    const written = writeRdb(byDb(records), { compression: false, checksum: false }, AUX);
    expect([...written.subarray(-8)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expectSameKeyspace(await loadInRedis(written), expected);
  });
});

describeWithRealRedis("encodeDumpPayload: listpack and intset boundaries, byte for byte", () => {
  const lengths = [0, 1, 63, 64, 122, 123, 4095, 4096, 16376, 16377, 16378];
  const ints = ["0", "127", "128", "-1", "-4096", "-4097", "4095", "4096", "-32768", "-32769", "32767", "32768", "-8388608", "-8388609", "8388607", "8388608", "-2147483648", "-2147483649", "2147483647", "2147483648", "-9223372036854775808", "9223372036854775807", "9223372036854775808", "012", "-0"];
  const scores = ["0", "1", "-1", "127", "128", "-4097", "32768", "8388608", "2147483648", "4503599627370495", "4503599627370496", "1e100", "1.5", "0.1", "-2.5e-300", "5e-324", "1.2345678901234567e18", "4611686018427387904", "4611686018427388928", "-4611686018427387904", "-4611686018427388928", "9223372036854775808", "inf", "-inf"];

  test("hashes, sorted sets and intsets as Redis 7.0 builds them", async () => {
    await using redis = await startRealRedis([
      "--hash-max-listpack-value", "100000", "--hash-max-listpack-entries", "100000",
      "--zset-max-listpack-value", "100000", "--zset-max-listpack-entries", "100000",
    ]);
    const client = await RespClient.connect(redis.socketPath);
    const dumpOf = async (key: string): Promise<string> => {
      const reply = Buffer.from(await client.call("DUMP", key)).toString("latin1");
      return Buffer.from(reply.slice(reply.indexOf("\r\n") + 2, -2), "latin1").toString("hex");
    };
    try {
      const hash: [string, string][] = [
        ...lengths.map((n, i): [string, string] => [`s${i}`, "v".repeat(n)]),
        ...ints.map((v, i): [string, string] => [`i${i}`, v]),
        ...ints.map((v): [string, string] => [v, "x"]),
      ];
      await client.call("HSET", "h", ...hash.flat());
      const ours = encodeDumpPayload({ type: "hash", entries: hash, encoding: "listpack" }, true);
      expect(Buffer.from(ours).toString("hex")).toBe(await dumpOf("h"));

      const zset: [string, number][] = scores.map((text, i) => [`m${i}`, Number(text.replace("inf", "Infinity"))]);
      await client.call("ZADD", "z", ...zset.flatMap(([m], i) => [scores[i], m]));
      zset.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
      expect(Buffer.from(encodeDumpPayload({ type: "zset", entries: zset, encoding: "listpack" }, true)).toString("hex")).toBe(await dumpOf("z"));
      // The same members as a skiplist: ZSET_2, greatest first.
      await client.call("CONFIG", "SET", "zset-max-listpack-entries", "0");
      await client.call("ZADD", "z2", ...zset.flatMap(([m], i) => [scores[scores.length - 1 - i] ?? "0", m]));
      const z2 = (await client.callDecoded("ZRANGE", "z2", "0", "-1", "WITHSCORES")) as string[];
      const skiplist: [string, number][] = [];
      for (let i = 0; i < z2.length; i += 2) skiplist.push([z2[i], Number(z2[i + 1].replace("inf", "Infinity"))]);
      expect(Buffer.from(encodeDumpPayload({ type: "zset", entries: skiplist }, true)).toString("hex")).toBe(await dumpOf("z2"));

      for (const [key, members] of [["i16", ["1", "-32768", "32767"]], ["i32", ["5", "32768"]], ["i64", ["0", "-2147483649", "9223372036854775807"]]] as const) {
        await client.call("SADD", key, ...members);
        expect(Buffer.from(encodeDumpPayload({ type: "set", members, encoding: "intset" }, true)).toString("hex")).toBe(await dumpOf(key));
      }
    } finally {
      await client.close();
    }
  });
});

describe("RdbWriter: bytes", () => {
  test("the header is Redis 7.0's: REDIS0010 and its AUX fields in order", () => {
    const { bytes } = fixture("redis-7.0-lru");
    const redisAux = readRdb(bytes).aux;
    const aux: RdbAux = { ctimeSec: Number(redisAux.get("ctime")), usedMem: Number(redisAux.get("used-mem")), aofBase: false };
    const ours = writeRdb([], DEFAULTS, aux);
    // Redis's file continues with SELECTDB (0xfe) right after the AUX fields; ours with EOF.
    const headerEnd = bytes.indexOf(0xfe, 9);
    expect(Buffer.from(ours.subarray(0, headerEnd)).toString("hex")).toBe(Buffer.from(bytes.subarray(0, headerEnd)).toString("hex"));
    expect(ours[headerEnd]).toBe(0xff);
    expect(readRdb(ours).records).toEqual([]);
  });

  test("DUMP payloads are byte for byte Redis's for every non-list key Redis saved", () => {
    let compared = 0;
    // Hand-built files are left out: Redis re-hashes their plain values, so its DUMP order is its own.
    for (const name of fixtureNames.filter((n) => n.startsWith("redis-"))) {
      const { bytes, expected } = fixture(name);
      const records = new Map(readRdb(bytes).records.map((r) => [`${r.db}/${r.key}`, r]));
      for (const want of expected) {
        if (want.dump === undefined) continue;
        const record = records.get(`${want.db}/${want.key}`);
        if (record === undefined) throw new Error(`no record for ${want.key}`);
        // The encoding Redis reports decides what DUMP writes: a listpack/intset blob or plain.
        const compact = want.encoding === "listpack" || want.encoding === "intset";
        const value = compact ? record.value : plain(record.value);
        const dump = encodeDumpPayload(value, !name.includes("no-compression"));
        expect({ key: want.key, dump: Buffer.from(dump).toString("hex") }).toEqual({ key: want.key, dump: want.dump });
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(45);
  });

  test("RESTORE side: Redis's DUMP payloads decode to the fixture's values", () => {
    const { expected } = fixture("redis-7.0-types");
    for (const want of expected) {
      if (want.dump === undefined) continue;
      const decoded = decodeDumpPayload(Buffer.from(want.dump, "hex"));
      if (!decoded.ok) throw new Error(`${want.key}: ${decoded.detail}`);
      const got = snapshotOfRecord({ db: want.db, key: want.key, expiresAtMs: want.expiresAtMs, value: decoded.value });
      expect(comparable(got, want.encoding)).toEqual(comparable(want));
    }
  });

  test("RESTORE side: what verifyDumpPayload and rdbLoadObject refuse", () => {
    const good = encodeDumpPayload({ type: "string", value: Buffer.from("hello") }, true);
    expect(decodeDumpPayload(good)).toEqual({ ok: true, value: { type: "string", value: Buffer.from("hello") } });
    const problem = (payload: Uint8Array, verify = true): string => {
      const r = decodeDumpPayload(payload, verify);
      return r.ok ? "ok" : r.problem;
    };
    expect(problem(good.subarray(0, 9))).toBe("version-or-checksum");
    const flipped = good.slice();
    flipped[2] ^= 1;
    expect(problem(flipped)).toBe("version-or-checksum");
    expect(problem(flipped, false)).toBe("ok");
    const newer = good.slice();
    newer[newer.length - 10] = 11;
    expect(problem(newer, false)).toBe("version-or-checksum");
    // Type 15 (a stream) and an empty plain list: checksums right, contents refused.
    for (const body of [[15, 0], [1, 0]]) {
      const payload = encodeDumpPayload({ type: "string", value: new Uint8Array() }, true).slice();
      const raw = Buffer.concat([Buffer.from(body), payload.subarray(payload.length - 10, payload.length - 8)]);
      const withCrc = Buffer.concat([raw, Buffer.alloc(8)]);
      expect(problem(withCrc, false)).toBe("bad-format");
    }
  });
});

/** Seeded random test data. */
class Random {
  constructor(private seed: number) {}
  next(): number {
    this.seed = (Math.imul(this.seed, 1103515245) + 12345) >>> 0;
    return this.seed / 2 ** 32;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  text(): string {
    const kind = this.int(6);
    if (kind === 0) return String(this.int(2 ** 31) - 2 ** 30);
    if (kind === 1) return String(BigInt(this.int(2 ** 30)) * 8589934592n - 4611686018427387904n);
    if (kind === 2) return "ab".repeat(this.int(40));
    const n = kind === 3 ? this.int(5000) : this.int(30);
    let s = "";
    for (let i = 0; i < n; i++) s += String.fromCharCode(this.int(kind === 4 ? 4 : 256));
    return s;
  }
  value(): RdbValue {
    const n = 1 + this.int(this.int(10) === 0 ? 700 : 20);
    const unique = (): string[] => [...new Set(Array.from({ length: n }, () => this.text()))];
    switch (this.int(8)) {
      case 0:
        return { type: "string", value: Buffer.from(this.text(), "latin1") };
      case 1:
        return { type: "list", elements: Array.from({ length: n }, () => this.text()) };
      case 2:
        return { type: "set", members: unique() };
      case 3:
        return { type: "set", members: [...new Set(Array.from({ length: n }, () => String(this.int(100000) - 50000)))], encoding: "intset" };
      case 4:
      case 5:
        return { type: "hash", entries: unique().map((f): [string, string] => [f, this.text()]), ...(this.int(2) ? { encoding: "listpack" as const } : {}) };
      default: {
        const scores = [Infinity, -Infinity, 0, 1.5, -2, 1e300, 5e-324];
        const entries = unique()
          .map((m): [string, number] => [m, this.int(3) === 0 ? scores[this.int(scores.length)] : (this.next() - 0.5) * 1e6])
          .sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
        return { type: "zset", entries, ...(this.int(2) ? { encoding: "listpack" as const } : {}) };
      }
    }
  }
}

function randomRecords(seed: number, count: number): RdbRecord[] {
  const r = new Random(seed);
  const keys = new Set<string>();
  const out: RdbRecord[] = [];
  while (out.length < count) {
    const db = r.int(3) * 7;
    const key = r.text();
    if (keys.has(`${db}/${key}`)) continue;
    keys.add(`${db}/${key}`);
    out.push({ db, key, expiresAtMs: r.int(3) === 0 ? 1700000000000 + r.int(1e9) : null, value: r.value() });
  }
  return sortRecords(out);
}

describe("RdbWriter → readRdb", () => {
  for (const options of [DEFAULTS, { compression: false, checksum: true }, { compression: true, checksum: false }]) {
    test(`random records round-trip (${JSON.stringify(options)})`, () => {
      for (let seed = 1; seed <= 5; seed++) {
        const records = randomRecords(seed, 60);
        const back = sortRecords(readRdb(writeRdb(byDb(records), options, AUX)).records);
        const view = (r: RdbRecord): unknown => comparable(snapshotOfRecord(r));
        expect(back.map(view)).toEqual(records.map(view));
      }
    });
  }

  test("chunked output (take() after every record) is the same file", () => {
    const records = randomRecords(99, 80);
    const whole = writeRdb(byDb(records), DEFAULTS, AUX);
    const writer = new RdbWriter(DEFAULTS);
    const chunks: Uint8Array[] = [];
    writer.begin(AUX);
    chunks.push(writer.take());
    for (const db of byDb(records)) {
      writer.selectDb(db.index, db.records.length, db.records.filter((r) => r.expiresAtMs !== null).length);
      for (const r of db.records) {
        writer.record(r.key, r.value, r.expiresAtMs);
        expect(writer.pendingBytes).toBeGreaterThan(0);
        chunks.push(writer.take());
        expect(writer.pendingBytes).toBe(0);
      }
    }
    writer.end();
    chunks.push(writer.take());
    expect(Buffer.concat(chunks).equals(Buffer.from(whole))).toBe(true);
  });

  test("an intset request with a non-integer member is written as a plain set", () => {
    const value: RdbValue = { type: "set", members: ["1", "x"], encoding: "intset" };
    const back = readRdb(writeRdb([{ index: 0, records: [{ db: 0, key: "s", expiresAtMs: null, value }] }], DEFAULTS, AUX)).records;
    expect(back[0].value).toEqual({ type: "set", members: ["1", "x"] });
  });

  test("a large db index and a key count past the 14-bit length", () => {
    const records = Array.from({ length: 20000 }, (_, i): RdbRecord => ({ db: 1000, key: `k${i}`, expiresAtMs: null, value: { type: "string", value: Buffer.from(String(i)) } }));
    const file = readRdb(writeRdb([{ index: 1000, records }], DEFAULTS, AUX));
    expect(file.records.length).toBe(20000);
    expect(file.records[19999]).toEqual(records[19999]);
    expect(file.dbSizes.get(1000)).toEqual([20000, 0]);
  });
});
