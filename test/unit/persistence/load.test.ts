// Loading a snapshot into a keyspace (load.ts): keys go in as they are decoded, and a file that
// turns out bad on the way (a duplicate key, a db past `databases`, a type redbun lacks, a wrong
// checksum at the very end) leaves the keyspace exactly as it was, whatever it held before.
// Expired keys are skipped and counted; a merge replaces keys; checkSnapshot loads nothing.

import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { defaultConfig, type Config } from "../../../src/config/index.ts";
import { checkSnapshot, loadSnapshot } from "../../../src/persistence/load.ts";
import { RdbError, type RdbRecord, type RdbValue } from "../../../src/persistence/rdb/format.ts";
import type { RdbInput } from "../../../src/persistence/rdb/input.ts";
import { scanRdb } from "../../../src/persistence/rdb/reader.ts";
import { decodeOrPack, decodeValue, isPacked, unpackValue, type PackedValue } from "../../../src/persistence/rdb/value.ts";
import { seededRandom } from "../../support/random.ts";
import { writeRdb, type RdbDb } from "../../../src/persistence/rdb/writer.ts";
import { Keyspace } from "../../../src/store/keyspace.ts";

const NOW = 1_700_000_000_000;
const AUX = { ctimeSec: NOW / 1000, usedMem: 0, aofBase: false };
const FIXTURES = resolve(import.meta.dir, "../../fixtures/rdb");
const bytes = (s: string): Uint8Array => Buffer.from(s, "latin1");

function str(db: number, key: string, value: string, expiresAtMs: number | null = null): RdbRecord {
  return { db, key, expiresAtMs, value: { type: "string", value: bytes(value) } };
}

function file(records: RdbRecord[], checksum = true): Uint8Array {
  const dbs: RdbDb[] = [];
  for (const record of records) {
    const last = dbs[dbs.length - 1];
    if (last !== undefined && last.index === record.db) (last.records as RdbRecord[]).push(record);
    else dbs.push({ index: record.db, records: [record] });
  }
  return writeRdb(dbs, { compression: true, checksum }, AUX);
}

/** Every key of every db with its string value, sorted: what "the keyspace as it was" means here. */
function contents(keyspace: Keyspace): string[] {
  const out: string[] = [];
  for (const db of keyspace.dbs) {
    for (const [key, slot] of db.entries()) {
      const value = db.valueAt(slot);
      const text = typeof value === "number" || value instanceof Uint8Array ? Buffer.from(keyspace.stringBytes(value)).toString("latin1") : value.type;
      out.push(`${db.id}/${key}=${text} ttl=${db.expiresAtMs[slot]}`);
    }
  }
  return out.sort();
}

function setup(config: Partial<Config> = {}) {
  const keyspace = new Keyspace(4, { expired() {} });
  return { keyspace, config: { ...defaultConfig(), databases: 4, ...config } };
}

const load = (keyspace: Keyspace, config: Config, data: Uint8Array, merge = false) =>
  loadSnapshot(keyspace, config, data, { expireBeforeMs: NOW, nowMs: NOW, merge });

describe("loadSnapshot", () => {
  test("loads every db's keys with their TTLs; keys already expired are skipped and counted", () => {
    const { keyspace, config } = setup();
    const outcome = load(keyspace, config, file([str(0, "a", "1"), str(0, "gone", "x", NOW - 1), str(2, "b", "2", NOW + 5000), str(3, "c", "3", NOW)]));
    expect({ loaded: outcome.loaded, expired: outcome.expired }).toEqual({ loaded: 3, expired: 1 });
    expect(outcome.aux.get("redis-ver")).toBe("7.0.15");
    expect(contents(keyspace)).toEqual([`0/a=1 ttl=0`, `2/b=2 ttl=${NOW + 5000}`, `3/c=3 ttl=${NOW}`]);
  });

  test("a key twice in the file: refused, and the keys loaded before it are taken out again", () => {
    const { keyspace, config } = setup();
    keyspace.dbs[1]!.add("kept", keyspace.storeStringAuto(bytes("before")), NOW);
    const before = contents(keyspace);
    const data = file([str(0, "a", "1"), str(1, "b", "2", NOW + 1000), str(1, "c", "3"), str(1, "b", "again")]);
    expect(() => load(keyspace, config, data)).toThrow(new RdbError('RDB: duplicated key "b" in db 1'));
    expect(contents(keyspace)).toEqual(before);
    expect(keyspace.dbs[1]!.volatileCount).toBe(0);
  });

  test("a key already in the keyspace: refused without merge, the old value kept; replaced with merge", () => {
    const { keyspace, config } = setup();
    keyspace.dbs[0]!.add("b", keyspace.storeStringAuto(bytes("old")), NOW);
    const data = file([str(0, "a", "1"), str(0, "b", "new")]);
    expect(() => load(keyspace, config, data)).toThrow('RDB: duplicated key "b" in db 0');
    expect(contents(keyspace)).toEqual(["0/b=old ttl=0"]);
    expect(load(keyspace, config, data, true).loaded).toBe(2);
    expect(contents(keyspace)).toEqual(["0/a=1 ttl=0", "0/b=new ttl=0"]);
  });

  test("a wrong checksum, found after every key was read: nothing stays loaded; rdbchecksum no loads it", () => {
    const data = file([str(0, "a", "1"), str(1, "b", "2"), str(3, "c", "3")]);
    data[data.length - 2]! ^= 0x01;
    const checked = setup();
    expect(() => load(checked.keyspace, checked.config, data)).toThrow("RDB: wrong checksum");
    expect(contents(checked.keyspace)).toEqual([]);
    const unchecked = setup({ rdbchecksum: false });
    expect(load(unchecked.keyspace, unchecked.config, data).loaded).toBe(3);
  });

  test("a flipped byte in a value with rdbchecksum no loads the changed value, as Redis does", () => {
    const data = file([str(0, "key", "value")], false);
    const at = Buffer.from(data).indexOf("value");
    data[at]! ^= 0x20;
    const { keyspace, config } = setup({ rdbchecksum: false });
    load(keyspace, config, data);
    expect(contents(keyspace)).toEqual(["0/key=Value ttl=0"]);
  });

  test("a db past `databases`: refused, nothing stays loaded", () => {
    const { keyspace, config } = setup({ databases: 2 });
    expect(() => load(keyspace, config, file([str(0, "a", "1"), str(1, "b", "2"), str(3, "c", "3")]))).toThrow(
      "FATAL: Data file was created with a Redis server configured to handle more than 2 databases. Exiting",
    );
    expect(contents(keyspace)).toEqual([]);
  });

  test("a stream after other keys: refused naming its type and key, nothing stays loaded", () => {
    const { keyspace, config } = setup();
    // SELECTDB 0, "a" = "1", then an RDB_TYPE_STREAM_LISTPACKS_2 record "events" (never decoded).
    const data = Buffer.concat([bytes("REDIS0010"), Buffer.from([0xfe, 0, 0, 1, 0x61, 1, 0x31, 19, 6]), bytes("events\x00\xff")]);
    expect(() => load(keyspace, config, data)).toThrow('value type 19 (stream-listpacks-2) is not supported (key "events" in db 0');
    expect(contents(keyspace)).toEqual([]);
    // Redis's own file holding a stream is refused the same way.
    expect(() => load(keyspace, { ...config, databases: 16 }, readFileSync(resolve(FIXTURES, "redis-7.0-stream.rdb")))).toThrow('"events"');
  });

  test("a truncated file: refused at every cut, nothing stays loaded", () => {
    const data = file([str(0, "a", "1"), str(1, "b", "x".repeat(300)), str(2, "c", "3", NOW + 1)]);
    for (let end = 0; end < data.length; end += 3) {
      const { keyspace, config } = setup();
      expect(() => load(keyspace, config, data.subarray(0, end))).toThrow(RdbError);
      expect(contents(keyspace)).toEqual([]);
    }
  });
});

describe("checkSnapshot", () => {
  test("throws what loading would, and loads nothing either way", () => {
    const { config } = setup();
    const good = file([str(0, "a", "1")]);
    expect(() => checkSnapshot(config, good)).not.toThrow();
    expect(() => checkSnapshot(config, good.subarray(0, good.length - 1))).toThrow(RdbError);
    expect(() => checkSnapshot({ ...config, databases: 1 }, file([str(2, "a", "1")]))).toThrow("more than 1 databases");
  });
});

describe("decodeOrPack: a load keeps compact values packed", () => {
  /**
   * A scan's records, or the message of the error it stopped with. Packed values are unpacked
   * after the scan: an error then would be one the load let through.
   */
  function scanned(data: Uint8Array, decode: (type: number, input: RdbInput) => RdbValue | PackedValue | null): string | RdbRecord[] {
    const records: RdbRecord<RdbValue | PackedValue>[] = [];
    try {
      scanRdb(data, { verifyChecksum: false }, decode, (record) => records.push(record));
    } catch (error) {
      if (error instanceof RdbError) return error.message;
      throw error;
    }
    return records.map((record) => ({ ...record, value: isPacked(record.value) ? unpackValue(record.value) : record.value }));
  }

  test("refuses exactly what decoding refuses, with its message, and unpacks to what decoding reads", () => {
    const fixture = new Uint8Array(readFileSync(resolve(FIXTURES, "redis-7.0-types.rdb")));
    const nanScore = file([{ db: 0, key: "z", expiresAtMs: null, value: { type: "zset", entries: [["m", NaN]], encoding: "listpack" } }]);
    const cases = [fixture, nanScore];
    const random = seededRandom(5);
    for (let i = 0; i < 1500; i++) {
      const damaged = fixture.slice();
      damaged[Math.floor(random() * damaged.length)] = Math.floor(random() * 256);
      cases.push(damaged);
    }
    const refused = new Set<string>();
    for (const data of cases) {
      const expected = scanned(data, decodeValue);
      expect(scanned(data, decodeOrPack)).toEqual(expected);
      if (typeof expected === "string") refused.add(expected.replace(/ \(key .*/, "").replace(/\d+/g, "N"));
    }
    // The damage reached the packed encodings' own checks.
    expect([...refused]).toEqual(
      expect.arrayContaining([
        "RDB: corrupt zset-listpack (NaN score)",
        expect.stringMatching(/^RDB: corrupt listpack/),
        expect.stringMatching(/^RDB: corrupt intset/),
      ]),
    );
  });
});
