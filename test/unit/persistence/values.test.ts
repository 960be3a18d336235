// The keyspace ↔ RDB bridge: every type and encoding survives keyspace value → RdbValue →
// DUMP payload → RdbValue → keyspace value with its content and OBJECT ENCODING; loading picks
// the encodings rdbLoadObject picks (thresholds, blobs that exceed them); and the real-Redis
// fixtures load into exactly the data (and, for compact values, the DUMP bytes) Redis reported.

import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { defaultConfig } from "../../../src/config/index.ts";
import { decodeDumpPayload, encodeDumpPayload } from "../../../src/persistence/rdb/dump-payload.ts";
import type { RdbValue } from "../../../src/persistence/rdb/format.ts";
import { readRdb } from "../../../src/persistence/rdb/reader.ts";
import { fromRdbValue, toRdbValue, type EncodingLimits } from "../../../src/persistence/values.ts";
import { isString, Keyspace, StringEncoding, type StoredValue } from "../../../src/store/keyspace.ts";
import { HashValue } from "../../../src/store/types/hash.ts";
import { ListValue } from "../../../src/store/types/list.ts";
import { SetValue } from "../../../src/store/types/set.ts";
import { SortedSetValue } from "../../../src/store/types/sorted-set.ts";
import { formatDouble } from "../../../src/store/numbers.ts";
import { range } from "../../support/datasets.ts";
import { comparable, sortRecords, type KeySnapshot } from "./rdb/snapshot.ts";

const FIXTURES = resolve(import.meta.dir, "../../fixtures/rdb");
const DEFAULTS: EncodingLimits = defaultConfig();

function keyspace(): Keyspace {
  return new Keyspace(1, { expired() {} });
}

/** What TYPE, OBJECT ENCODING and a read of the whole value say about a stored value. */
function describeValue(ks: Keyspace, value: StoredValue): { type: string; encoding: string; value: KeySnapshot["value"] } {
  if (isString(value)) {
    return { type: "string", encoding: ks.stringEncoding(value), value: Buffer.from(ks.stringBytes(value)).toString("latin1") };
  }
  const encoding = value.encoding();
  if (value instanceof ListValue) return { type: "list", encoding, value: [...value.values()] };
  if (value instanceof SetValue) return { type: "set", encoding, value: [...value.members()] };
  if (value instanceof HashValue) return { type: "hash", encoding, value: [...value.entries()] };
  if (value instanceof SortedSetValue) {
    return { type: "zset", encoding, value: [...value.entries()].map(([m, s]): [string, string] => [m, formatDouble(s)]) };
  }
  throw new Error(`unexpected value type ${value.type}`);
}

/** keyspace value → RdbValue → DUMP payload → RdbValue → keyspace value. */
function roundTrip(ks: Keyspace, value: StoredValue, limits: EncodingLimits = DEFAULTS, compression = true): StoredValue {
  const decoded = decodeDumpPayload(encodeDumpPayload(toRdbValue(ks, value), compression));
  if (!decoded.ok) throw new Error(`payload refused: ${decoded.detail}`);
  return fromRdbValue(ks, decoded.value, limits);
}

function expectSame(ks: Keyspace, value: StoredValue, limits?: EncodingLimits): void {
  for (const compression of [true, false]) {
    expect(describeValue(ks, roundTrip(ks, value, limits, compression))).toEqual(describeValue(ks, value));
  }
}

const bytes = (s: string): Uint8Array => Buffer.from(s, "latin1");
const binary = "\x00\xff\r\n\x80 bytes";

function listOf(items: string[]): ListValue {
  const list = new ListValue();
  for (const item of items) list.pushTail(item);
  return list;
}

function setOf(members: string[], maxIntset = 512): SetValue {
  const set = SetValue.forMember(members[0]!);
  for (const m of members) set.add(m, maxIntset);
  return set;
}

function hashOf(entries: [string, string][], limits = DEFAULTS): HashValue {
  const hash = new HashValue();
  for (const [f, v] of entries) hash.set(f, v, limits);
  return hash;
}

function zsetOf(entries: [string, number][], limits = { maxEntries: 128, maxValue: 64 }): SortedSetValue {
  const zset = new SortedSetValue();
  for (const [m, s] of entries) zset.insert(m, s, limits);
  return zset;
}

describe("round trips: every type and encoding keeps its content and encoding", () => {
  test("strings: int, embstr, raw; binary, empty, long and compressible, past the slab", () => {
    const ks = keyspace();
    const cases: [string, StringEncoding][] = [
      ["0", StringEncoding.int],
      ["-9223372036854775808", StringEncoding.int],
      ["9223372036854775807", StringEncoding.int],
      ["12345678901", StringEncoding.int],
      ["", StringEncoding.embstr],
      [binary, StringEncoding.embstr],
      ["007", StringEncoding.embstr],
      ["9223372036854775808", StringEncoding.embstr],
      ["x".repeat(44), StringEncoding.embstr],
      ["x".repeat(45), StringEncoding.raw],
      ["abc".repeat(1000), StringEncoding.raw],
      [range(500, (i) => String.fromCharCode((i * 7919) % 256)).join(""), StringEncoding.raw],
      ["z".repeat(100_000), StringEncoding.raw],
    ];
    for (const [text, encoding] of cases) {
      const value = ks.storeString(bytes(text), encoding);
      expect(describeValue(ks, value).encoding).toBe(encoding === StringEncoding.int ? "int" : encoding === StringEncoding.embstr ? "embstr" : "raw");
      expectSame(ks, value);
    }
  });

  test("a short raw string (APPEND's) loads as embstr, as tryObjectEncoding makes it", () => {
    const ks = keyspace();
    const loaded = roundTrip(ks, ks.storeString(bytes("short"), StringEncoding.raw));
    expect(describeValue(ks, loaded)).toEqual({ type: "string", encoding: "embstr", value: "short" });
  });

  test("lists: quicklist, order kept, binary and integer-looking elements, long ones", () => {
    const ks = keyspace();
    expectSame(ks, listOf(["a"]));
    expectSame(ks, listOf(["1", "-2", "", binary, "x".repeat(10_000), "3.5", "a"]));
    expectSame(ks, listOf(range(5000, (i) => `item-${i % 17}`)));
  });

  test("sets: intset (ascending) and hashtable, with their encodings", () => {
    const ks = keyspace();
    const intset = setOf(["5", "-3", "9223372036854775807", "-9223372036854775808", "0"]);
    expect(intset.encoding()).toBe("intset");
    expectSame(ks, intset);
    const mixed = setOf(["1", "a", binary, ""]);
    expect(mixed.encoding()).toBe("hashtable");
    expectSame(ks, mixed);
    const big = setOf(range(600, (i) => String(i)));
    expect(big.encoding()).toBe("hashtable");
    expectSame(ks, big);
  });

  test("hashes: listpack (insertion order) and hashtable", () => {
    const ks = keyspace();
    const listpack = hashOf([["b", "1"], ["a", "2"], ["", ""], [binary, "-7"], ["n", "12345678901234"]]);
    expect(listpack.encoding()).toBe("listpack");
    expectSame(ks, listpack);
    const longValue = hashOf([["f", "v".repeat(65)], ["g", "h"]]);
    expect(longValue.encoding()).toBe("hashtable");
    expectSame(ks, longValue);
    const many = hashOf(range(600, (i) => `f${i}`).map((f, i): [string, string] => [f, `v${i}`]));
    expect(many.encoding()).toBe("hashtable");
    expectSame(ks, many);
  });

  test("sorted sets: listpack and skiplist; integral, fractional, infinite and -0 scores", () => {
    const ks = keyspace();
    const scores: [string, number][] = [
      ["a", 1],
      ["b", -0],
      ["c", 0.1],
      ["d", Infinity],
      ["e", -Infinity],
      ["f", 2 ** 62],
      ["g", 2 ** 63],
      ["h", 1e-300],
      [binary, 3],
    ];
    const listpack = zsetOf(scores);
    expect(listpack.encoding()).toBe("listpack");
    expectSame(ks, listpack);
    const skiplist = zsetOf(scores, { maxEntries: 0, maxValue: 64 });
    expect(skiplist.encoding()).toBe("skiplist");
    expectSame(ks, skiplist, { ...DEFAULTS, "zset-max-listpack-entries": 0 });
    // Within the limits again, it loads as a listpack, where -0 is stored as 0 (as in Redis).
    const relisted = describeValue(ks, roundTrip(ks, skiplist));
    expect(relisted.encoding).toBe("listpack");
    expect(relisted.value).toContainEqual(["b", "0"]);
    const many = zsetOf(range(300, (i) => `m${i}`).map((m, i): [string, number] => [m, i % 7]));
    expect(many.encoding()).toBe("skiplist");
    expectSame(ks, many);
  });
});

describe("loading picks rdbLoadObject's encodings", () => {
  const ks = keyspace();
  const load = (value: RdbValue, patch: Partial<EncodingLimits> = {}): { type: string; encoding: string; value: KeySnapshot["value"] } =>
    describeValue(ks, fromRdbValue(ks, value, { ...DEFAULTS, ...patch }));

  test("strings: tryObjectEncoding (int only for canonical longs)", () => {
    expect(load({ type: "string", value: bytes("42") }).encoding).toBe("int");
    expect(load({ type: "string", value: bytes("+42") }).encoding).toBe("embstr");
    expect(load({ type: "string", value: bytes(" 42") }).encoding).toBe("embstr");
    expect(load({ type: "string", value: bytes("y".repeat(45)) }).encoding).toBe("raw");
  });

  test("a loaded string is a copy: changing the source later changes nothing", () => {
    const source = bytes("mutable source");
    const value = fromRdbValue(ks, { type: "string", value: source }, DEFAULTS);
    const long = bytes("L".repeat(5000));
    const longValue = fromRdbValue(ks, { type: "string", value: long }, DEFAULTS);
    source.fill(0);
    long.fill(0);
    expect(describeValue(ks, value).value).toBe("mutable source");
    expect(describeValue(ks, longValue).value).toBe("L".repeat(5000));
  });

  test("sets: a plain set of integers within set-max-intset-entries becomes an intset (sorted)", () => {
    expect(load({ type: "set", members: ["3", "1", "2"] })).toEqual({ type: "set", encoding: "intset", value: ["1", "2", "3"] });
    expect(load({ type: "set", members: ["3", "1", "2"] }, { "set-max-intset-entries": 2 }).encoding).toBe("hashtable");
    expect(load({ type: "set", members: ["1", "x"] }).encoding).toBe("hashtable");
    expect(load({ type: "set", members: ["01"] }).encoding).toBe("hashtable");
  });

  test("sets: an intset blob past set-max-intset-entries converts", () => {
    const value: RdbValue = { type: "set", members: ["1", "2", "3"], encoding: "intset" };
    expect(load(value).encoding).toBe("intset");
    expect(load(value, { "set-max-intset-entries": 3 }).encoding).toBe("intset");
    expect(load(value, { "set-max-intset-entries": 2 }).encoding).toBe("hashtable");
    expect(load(value, { "set-max-intset-entries": 0 }).encoding).toBe("hashtable");
  });

  test("hashes: plain ones by both limits; a listpack blob only by the entry count", () => {
    const entries: [string, string][] = [["f", "v".repeat(100)], ["g", "1"]];
    expect(load({ type: "hash", entries }).encoding).toBe("hashtable");
    expect(load({ type: "hash", entries }, { "hash-max-listpack-value": 100 }).encoding).toBe("listpack");
    expect(load({ type: "hash", entries }, { "hash-max-listpack-value": 100, "hash-max-listpack-entries": 1 }).encoding).toBe("hashtable");
    const blob: RdbValue = { type: "hash", entries, encoding: "listpack" };
    expect(load(blob)).toEqual({ type: "hash", encoding: "listpack", value: entries });
    expect(load(blob, { "hash-max-listpack-entries": 2 }).encoding).toBe("listpack");
    expect(load(blob, { "hash-max-listpack-entries": 1 }).encoding).toBe("hashtable");
  });

  test("sorted sets: plain ones by both limits; a listpack blob only by the entry count", () => {
    const entries: [string, number][] = [["m".repeat(100), 2], ["a", 1]];
    expect(load({ type: "zset", entries }).encoding).toBe("skiplist");
    expect(load({ type: "zset", entries }, { "zset-max-listpack-value": 100 })).toEqual({
      type: "zset",
      encoding: "listpack",
      value: [["a", "1"], ["m".repeat(100), "2"]],
    });
    expect(load({ type: "zset", entries }, { "zset-max-listpack-value": 100, "zset-max-listpack-entries": 1 }).encoding).toBe("skiplist");
    const blob: RdbValue = { type: "zset", entries, encoding: "listpack" };
    expect(load(blob).encoding).toBe("listpack");
    expect(load(blob, { "zset-max-listpack-entries": 1 }).encoding).toBe("skiplist");
  });

  test("a plain zset bound for a skiplist keeps a -0 score, however many entries came first", () => {
    const entries: [string, number][] = [["a", -0], ...range(200, (i) => `m${i}`).map((m, i): [string, number] => [m, i + 1])];
    const loaded = fromRdbValue(ks, { type: "zset", entries }, DEFAULTS);
    expect(describeValue(ks, loaded).encoding).toBe("skiplist");
    expect(Object.is((loaded as SortedSetValue).score("a"), -0)).toBe(true);
  });

  test("a listpack blob with a repeated member or field keeps one entry (the last)", () => {
    expect(load({ type: "zset", entries: [["a", 1], ["a", 5]], encoding: "listpack" }).value).toEqual([["a", "5"]]);
    expect(load({ type: "hash", entries: [["f", "1"], ["f", "2"]], encoding: "listpack" }).value).toEqual([["f", "2"]]);
  });

  test("compact values carry their encoding as a hint; others are plain", () => {
    const hint = (v: StoredValue): string | undefined => {
      const r = toRdbValue(ks, v);
      return r.type === "set" || r.type === "hash" || r.type === "zset" ? r.encoding : undefined;
    };
    expect(hint(setOf(["1"]))).toBe("intset");
    expect(hint(setOf(["a"]))).toBeUndefined();
    expect(hint(hashOf([["f", "v"]]))).toBe("listpack");
    expect(hint(hashOf([["f", "v"]], { ...DEFAULTS, "hash-max-listpack-entries": 0 }))).toBeUndefined();
    expect(hint(zsetOf([["a", 1]]))).toBe("listpack");
    expect(hint(zsetOf([["a", 1]], { maxEntries: 0, maxValue: 0 }))).toBeUndefined();
  });
});

interface Fixture {
  records: KeySnapshot[];
}

const fixtures = readdirSync(FIXTURES)
  .filter((f) => f.endsWith(".rdb") && !f.includes("stream") && !f.includes("function"))
  .map((f) => f.slice(0, -4));

describe("real-Redis fixtures load into what Redis reported", () => {
  test("there are fixtures", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(8);
  });

  for (const name of fixtures) {
    test(name, () => {
      const ks = keyspace();
      const expected = (JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), "utf8")) as Fixture).records;
      const records = sortRecords(readRdb(new Uint8Array(readFileSync(join(FIXTURES, `${name}.rdb`)))).records);
      expect(records.map((r) => `${r.db}/${r.key}`)).toEqual(expected.map((r) => `${r.db}/${r.key}`));
      records.forEach((record, i) => {
        const want = expected[i]!;
        const value = fromRdbValue(ks, record.value, DEFAULTS);
        const got = describeValue(ks, value);
        const snapshot: KeySnapshot = { db: record.db, key: record.key, expiresAtMs: record.expiresAtMs, ...got };
        expect({ key: want.key, encoding: got.encoding }).toEqual({ key: want.key, encoding: want.encoding! });
        expect(comparable(snapshot)).toEqual(comparable(want));
        // Where the layout is deterministic (strings, intsets, listpacks), our DUMP is Redis's.
        const compact = got.type === "string" || got.encoding === "intset" || got.encoding === "listpack";
        const compression = !name.includes("no-compression");
        if (compact && want.dump !== undefined) {
          expect(Buffer.from(encodeDumpPayload(toRdbValue(ks, value), compression)).toString("hex")).toBe(want.dump);
        }
      });
    });
  }
});
