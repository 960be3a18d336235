// The reader against every fixture in test/fixtures/rdb (written by redis-server 7.0.15, or built
// by hand in older formats and loaded by it): exactly the records Redis reports, in every
// encoding. Then the failures: truncation at every offset, a flipped byte, a bad checksum, bad
// magic or version, and the types redbun refuses — always an RdbError, never a partial result.

import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { RdbError, type RdbRecord } from "../../../../src/persistence/rdb/format.ts";
import { readRdb } from "../../../../src/persistence/rdb/reader.ts";
import { comparable, snapshotOfRecord, sortRecords, type KeySnapshot } from "./snapshot.ts";

const FIXTURES = resolve(import.meta.dir, "../../../fixtures/rdb");

interface Fixture {
  source: string;
  records: KeySnapshot[];
  freqs?: Record<string, number>;
}

function load(name: string): { bytes: Uint8Array; expected: Fixture } {
  return {
    bytes: new Uint8Array(readFileSync(join(FIXTURES, `${name}.rdb`))),
    expected: JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), "utf8")) as Fixture,
  };
}

function readError(bytes: Uint8Array): string {
  try {
    readRdb(bytes);
  } catch (e) {
    if (e instanceof RdbError) return e.message;
    throw e;
  }
  throw new Error("readRdb accepted the input");
}

const loadable = readdirSync(FIXTURES)
  .filter((f) => f.endsWith(".rdb"))
  .map((f) => f.slice(0, -4))
  .filter((name) => !name.endsWith("stream") && !name.endsWith("function"));

describe("readRdb: fixtures", () => {
  test("there are fixtures", () => {
    expect(loadable.length).toBeGreaterThanOrEqual(8);
  });

  for (const name of loadable) {
    test(`${name}: the records Redis reports`, () => {
      const { bytes, expected } = load(name);
      const file = readRdb(bytes);
      const got = sortRecords(file.records);
      expect(got.map((r) => `${r.db}/${r.key}`)).toEqual(expected.records.map((r) => `${r.db}/${r.key}`));
      for (let i = 0; i < got.length; i++) {
        const want = expected.records[i];
        expect(comparable(snapshotOfRecord(got[i]), want.encoding)).toEqual(comparable(want));
      }
    });
  }

  test("Redis 7.0's header: version 10 and its AUX fields; RESIZEDB hints per db", () => {
    const file = readRdb(load("redis-7.0-types").bytes);
    expect(file.version).toBe(10);
    expect([...file.aux.keys()]).toEqual(["redis-ver", "redis-bits", "ctime", "used-mem", "aof-base"]);
    expect(file.aux.get("redis-ver")).toBe("7.0.15");
    expect(file.aux.get("redis-bits")).toBe("64");
    expect(file.aux.get("aof-base")).toBe("0");
    const counts = new Map<number, [number, number]>();
    for (const r of file.records) {
      const c = counts.get(r.db) ?? [0, 0];
      c[0]++;
      if (r.expiresAtMs !== null) c[1]++;
      counts.set(r.db, c);
    }
    expect(Object.fromEntries(file.dbSizes)).toEqual(Object.fromEntries(counts));
  });

  test("compact encodings are reported as such; plain ones carry no encoding", () => {
    const records = new Map(readRdb(load("redis-7.0-types").bytes).records.map((r) => [r.key, r.value]));
    const encodingOf = (key: string): string | undefined => {
      const v = records.get(key);
      return v !== undefined && "encoding" in v ? v.encoding : undefined;
    };
    expect(encodingOf("set:intset64")).toBe("intset");
    expect(encodingOf("set:hashtable")).toBeUndefined();
    expect(encodingOf("hash:small")).toBe("listpack");
    expect(encodingOf("hash:many")).toBeUndefined();
    expect(encodingOf("zset:small")).toBe("listpack");
    expect(encodingOf("zset:many")).toBeUndefined();
    const old = new Map(readRdb(load("hand-v9-ziplist").bytes).records.map((r) => [r.key, r.value]));
    for (const key of ["ziplist:hash", "zipmap:hash", "ziplist:zset", "intset"]) {
      const v = old.get(key);
      expect(v !== undefined && "encoding" in v ? v.encoding : undefined).toBe(key === "intset" ? "intset" : undefined);
    }
  });

  test("skiplist zsets come out ascending, special scores intact", () => {
    const records = new Map(readRdb(load("redis-7.0-types").bytes).records.map((r) => [r.key, r.value]));
    const zset = records.get("zset:long-member");
    expect(zset?.type === "zset" ? zset.entries.map(([, s]) => s) : []).toEqual([1, 2, Infinity]);
    const small = records.get("zset:small");
    const scores = small?.type === "zset" ? small.entries.map(([, s]) => s) : [];
    expect(scores[0]).toBe(-Infinity);
    expect(scores[scores.length - 1]).toBe(Infinity);
  });

  test("TTLs: EXPIRETIME_MS, and EXPIRETIME in seconds (old files)", () => {
    const byKey = (records: RdbRecord[], key: string): RdbRecord | undefined => records.find((r) => r.key === key);
    const types = readRdb(load("redis-7.0-types").bytes).records;
    expect(byKey(types, "ttl:string")?.expiresAtMs).toBe(4102444800123);
    expect(byKey(types, "str:int8")?.expiresAtMs).toBeNull();
    const old = readRdb(load("hand-v9-ziplist").bytes).records;
    expect(byKey(old, "zset:text-scores")?.expiresAtMs).toBe(2000000000000);
  });

  test("LRU idle times and LFU counters", () => {
    for (const r of readRdb(load("redis-7.0-lru").bytes).records) {
      expect(r.idleSec).toBeGreaterThanOrEqual(0);
      expect(r.idleSec).toBeLessThan(60);
      expect(r.lfuFreq).toBeUndefined();
    }
    const { bytes, expected } = load("redis-7.0-lfu");
    const records = readRdb(bytes).records;
    expect(Object.fromEntries(records.map((r) => [r.key, r.lfuFreq]))).toEqual(expected.freqs ?? {});
    expect(records.every((r) => r.idleSec === undefined)).toBe(true);
  });

  test("strings are exact bytes: binary, integer-encoded, LZF-compressed", () => {
    const records = new Map(readRdb(load("redis-7.0-types").bytes).records.map((r) => [r.key, r.value]));
    const str = (key: string): Uint8Array => {
      const v = records.get(key);
      if (v?.type !== "string") throw new Error(`${key} is not a string`);
      return v.value;
    };
    expect([...str("str:binary")]).toEqual(Array.from({ length: 256 }, (_, i) => i));
    expect(Buffer.from(str("str:int32")).toString()).toBe("-2147483648");
    expect(Buffer.from(str("str:lzf-big")).toString()).toBe("abcdefgh".repeat(2000));
    expect(records.has("")).toBe(true);
    expect(records.has("\x00\xff\r\nkey")).toBe(true);
  });

  test("rdbchecksum no: a zero checksum is not verified; verifyChecksum off skips a wrong one", () => {
    const bytes = load("redis-7.0-no-checksum").bytes;
    expect([...bytes.subarray(-8)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(readRdb(bytes).records.length).toBeGreaterThan(0);
    const wrong = load("redis-7.0-types").bytes.slice();
    wrong[wrong.length - 1] ^= 0xff;
    expect(readRdb(wrong, { verifyChecksum: false }).records.length).toBeGreaterThan(0);
  });
});

describe("readRdb: refusals", () => {
  test("a wrong checksum", () => {
    const bytes = load("redis-7.0-types").bytes.slice();
    bytes[bytes.length - 3] ^= 1;
    expect(readError(bytes)).toContain("wrong checksum");
  });

  test("a flipped data byte is caught by the checksum or the decoder", () => {
    const original = load("redis-7.0-no-compression").bytes;
    for (let at = 9; at < original.length - 9; at += 7) {
      const bytes = original.slice();
      bytes[at] ^= 0x40;
      expect(() => readRdb(bytes)).toThrow(RdbError);
    }
  });

  test("truncation at every offset", () => {
    for (const name of ["redis-7.0-no-compression", "hand-v9-ziplist", "hand-v4-no-checksum"]) {
      const bytes = load(name).bytes;
      for (let end = 0; end < bytes.length; end++) {
        expect(() => readRdb(bytes.subarray(0, end))).toThrow(RdbError);
      }
    }
  });

  test("without checksums, truncation and corruption are still refused by the decoder", () => {
    const bytes = load("redis-7.0-no-checksum").bytes;
    for (let end = 0; end < bytes.length - 8; end++) expect(() => readRdb(bytes.subarray(0, end))).toThrow(RdbError);
  });

  test("bad magic, unknown versions", () => {
    const bytes = load("redis-7.0-lru").bytes.slice();
    expect(readError(Buffer.from("RODIS0010\xff", "latin1"))).toContain("wrong signature");
    bytes.set(Buffer.from("0011"), 5);
    expect(readError(bytes)).toContain("version");
    bytes.set(Buffer.from("0000"), 5);
    expect(readError(bytes)).toContain("version");
    bytes.set(Buffer.from("00a1"), 5);
    expect(readError(bytes)).toContain("version");
  });

  test("streams and functions are refused, naming the type and the key", () => {
    const stream = readError(load("redis-7.0-stream").bytes);
    expect(stream).toContain("stream-listpacks-2");
    expect(stream).toContain('"events"');
    expect(readError(load("redis-7.0-function").bytes)).toContain("functions");
  });

  test("Redis 7.2's listpack sets are refused by name", () => {
    // REDIS0010 + SELECTDB 0 + a type-20 key "s" holding a one-member listpack.
    const body = Buffer.concat([
      Buffer.from("REDIS0010", "latin1"),
      Buffer.from([0xfe, 0x00, 20, 1, 0x73, 9]),
      Buffer.from([9, 0, 0, 0, 1, 0, 0x01, 0x01, 0xff]),
      Buffer.from([0xff, 0, 0, 0, 0, 0, 0, 0, 0]),
    ]);
    const message = readError(body);
    expect(message).toContain("set-listpack");
    expect(message).toContain('"s"');
  });

  test("duplicates in plain sets, hashes and zsets are corrupt, as in Redis", () => {
    const file = (type: number, items: string[]): Uint8Array =>
      Buffer.concat([
        Buffer.from("REDIS0010", "latin1"),
        Buffer.from([type, 1, 0x6b]),
        Buffer.from([type === 2 ? items.length : items.length / 2]),
        ...items.map((s) => (s.startsWith("#") ? Buffer.alloc(8) : Buffer.concat([Buffer.from([s.length]), Buffer.from(s)]))),
        Buffer.from([0xff, 0, 0, 0, 0, 0, 0, 0, 0]),
      ]);
    expect(readError(file(2, ["a", "a"]))).toContain("duplicate set members");
    expect(readError(file(4, ["f", "1", "f", "2"]))).toContain("duplicate hash fields");
    expect(readError(file(5, ["m", "#", "m", "#"]).subarray(0))).toContain("duplicate zset members");
  });

  test("empty collections are skipped, as Redis skips them on load", () => {
    const bytes = Buffer.concat([
      Buffer.from("REDIS0010", "latin1"),
      Buffer.from([1, 1, 0x6c, 0]), // an empty plain list "l"
      Buffer.from([0, 1, 0x6b, 1, 0x76]), // "k" = "v"
      Buffer.from([0xff, 0, 0, 0, 0, 0, 0, 0, 0]),
    ]);
    expect(readRdb(bytes).records.map((r) => r.key)).toEqual(["k"]);
  });
});

describe("readRdb: hostile lengths", () => {
  const file = (...body: number[]): Uint8Array =>
    Buffer.concat([Buffer.from("REDIS0010", "latin1"), Buffer.from(body), Buffer.from([0xff, 0, 0, 0, 0, 0, 0, 0, 0])]);

  test("an element count past the data left is refused before allocating", () => {
    // A plain list "l" claiming 2^32-1 elements (32-bit length), then a 64-bit one.
    expect(readError(file(1, 1, 0x6c, 0x80, 0xff, 0xff, 0xff, 0xff))).toContain("exceeds the data left");
    expect(readError(file(2, 1, 0x73, 0x81, 0, 0, 0x10, 0, 0, 0, 0, 0))).toContain("exceeds the data left");
  });

  test("an LZF string claiming more than LZF can expand to is refused", () => {
    // String "k": LZF, 2 compressed bytes claiming 1 MB.
    expect(readError(file(0, 1, 0x6b, 0xc3, 2, 0x80, 0, 0x10, 0, 0, 0, 0x41))).toContain("impossible");
  });

  test("lengths beyond 2^53 are refused", () => {
    expect(readError(file(0, 1, 0x6b, 0x81, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff))).toContain("too large");
  });
});
