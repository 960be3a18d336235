// Database and Keyspace (src/store/keyspace.ts) on their own: slots and their reuse, lookups with
// lazy expiry, hit/miss statistics and the LRU clock, the expires table, random sampling,
// detaching values (RENAME/MOVE), clear and swap.

import { describe, expect, test } from "bun:test";
import { Keyspace, Lookup, type Database, type StoredValue } from "../../../src/store/keyspace.ts";

const T0 = 1_700_000_000_000;
const enc = new TextEncoder();
const dec = new TextDecoder();

function setup(databases = 2): { keyspace: Keyspace; db: Database; expired: string[] } {
  const expired: string[] = [];
  const keyspace = new Keyspace(databases, { expired: (db, key) => expired.push(`${db.id}:${key}`) });
  return { keyspace, db: keyspace.dbs[0]!, expired };
}

function store(keyspace: Keyspace, text: string): StoredValue {
  return keyspace.storeStringAuto(enc.encode(text));
}

function valueText(keyspace: Keyspace, db: Database, slot: number): string {
  return dec.decode(keyspace.stringBytes(db.valueAt(slot) as number | Uint8Array));
}

describe("slots", () => {
  test("add gives each key a slot; peekSlot, keyAt, valueAt and size agree", () => {
    const { keyspace, db } = setup();
    const a = db.add("a", store(keyspace, "1"), T0);
    const b = db.add("b", store(keyspace, "two"), T0);
    expect(a).not.toBe(b);
    expect(db.size).toBe(2);
    expect(db.peekSlot("a")).toBe(a);
    expect(db.peekSlot("missing")).toBe(-1);
    expect(db.keyAt(b)).toBe("b");
    expect(valueText(keyspace, db, b)).toBe("two");
    expect(db.slotLimit).toBe(2);
  });

  test("a deleted key's slot is reused, so the slot space stays dense", () => {
    const { keyspace, db } = setup();
    for (let i = 0; i < 10; i++) db.add(`k${i}`, store(keyspace, `v${i}`), T0);
    const freed = db.peekSlot("k3");
    db.deleteSlot(freed);
    expect(db.keyAt(freed)).toBeUndefined();
    expect(db.size).toBe(9);
    expect(db.add("new", store(keyspace, "x"), T0)).toBe(freed);
    expect(db.slotLimit).toBe(10);
  });

  test("a key keeps its slot while others come and go (what SCAN's cursor relies on)", () => {
    const { keyspace, db } = setup();
    const stay = db.add("stay", store(keyspace, "v"), T0);
    for (let round = 0; round < 100; round++) {
      const slot = db.add(`tmp${round}`, store(keyspace, "v"), T0);
      if (round % 3 !== 0) db.deleteSlot(slot);
    }
    expect(db.peekSlot("stay")).toBe(stay);
    expect(db.keyAt(stay)).toBe("stay");
  });

  test("entries lists every live key with its slot", () => {
    const { keyspace, db } = setup();
    for (const name of ["x", "y", "z"]) db.add(name, store(keyspace, name), T0);
    db.deleteSlot(db.peekSlot("y"));
    expect([...db.entries()].map(([name, slot]) => [name, db.keyAt(slot)])).toEqual([
      ["x", "x"],
      ["z", "z"],
    ]);
  });

  test("keys are latin1 strings: every byte value is its own key", () => {
    const { keyspace, db } = setup();
    for (let byte = 0; byte < 256; byte++) db.add(String.fromCharCode(byte), store(keyspace, "v"), T0);
    expect(db.size).toBe(256);
    expect(db.peekSlot("\x00")).not.toBe(-1);
    expect(db.peekSlot("\xff")).not.toBe(-1);
  });
});

describe("lookups", () => {
  test("lookupRead counts hits and misses; lookupWrite counts nothing", () => {
    const { keyspace, db } = setup();
    db.add("a", store(keyspace, "1"), T0);
    db.lookupRead("a", T0);
    db.lookupRead("a", T0, Lookup.noTouch);
    db.lookupRead("missing", T0);
    db.lookupWrite("a", T0);
    db.lookupWrite("missing", T0);
    expect(keyspace.stats.keyspaceHits).toBe(2);
    expect(keyspace.stats.keyspaceMisses).toBe(1);
  });

  test("reads and writes reset idle time; a NOTOUCH read and peekSlot do not", () => {
    const { keyspace, db } = setup();
    const slot = db.add("a", store(keyspace, "1"), T0);
    expect(db.idleSeconds(slot, T0 + 10_000)).toBe(10);
    db.lookupRead("a", T0 + 10_000, Lookup.noTouch);
    db.peekSlot("a");
    expect(db.idleSeconds(slot, T0 + 10_000)).toBe(10);
    db.lookupRead("a", T0 + 10_000);
    expect(db.idleSeconds(slot, T0 + 12_000)).toBe(2);
    db.lookupWrite("a", T0 + 20_000);
    expect(db.idleSeconds(slot, T0 + 20_000)).toBe(0);
  });

  test("an expired key is removed by the lookup that finds it (lazy expiry) and reported", () => {
    const { keyspace, db, expired } = setup();
    const slot = db.add("a", store(keyspace, "1"), T0);
    db.setExpire(slot, T0 + 100);
    expect(db.lookupRead("a", T0 + 99)).toBe(slot);
    expect(db.isExpired(slot, T0 + 99)).toBe(false);
    expect(db.isExpired(slot, T0 + 100)).toBe(true);
    expect(db.size).toBe(1);
    expect(db.lookupRead("a", T0 + 100)).toBe(-1);
    expect(db.size).toBe(0);
    expect(db.volatileCount).toBe(0);
    expect(expired).toEqual(["0:a"]);
    expect(keyspace.stats.expiredKeys).toBe(1);
    expect(keyspace.stats.keyspaceMisses).toBe(1);
  });

  test("lookupWrite expires too, without counting a miss", () => {
    const { keyspace, db, expired } = setup();
    db.setExpire(db.add("a", store(keyspace, "1"), T0), T0 + 1);
    expect(db.lookupWrite("a", T0 + 1)).toBe(-1);
    expect(expired).toEqual(["0:a"]);
    expect(keyspace.stats.keyspaceMisses).toBe(0);
  });
});

describe("the expires table", () => {
  test("setExpire, removeExpire and volatileCount", () => {
    const { keyspace, db } = setup();
    const a = db.add("a", store(keyspace, "1"), T0);
    const b = db.add("b", store(keyspace, "2"), T0);
    expect(db.expiresAtMs[a]).toBe(0);
    db.setExpire(a, T0 + 5000);
    db.setExpire(a, T0 + 6000);
    db.setExpire(b, T0 + 7000);
    expect(db.volatileCount).toBe(2);
    expect(db.expiresAtMs[a]).toBe(T0 + 6000);
    expect(db.removeExpire(a)).toBe(true);
    expect(db.removeExpire(a)).toBe(false);
    expect(db.expiresAtMs[a]).toBe(0);
    expect(db.volatileCount).toBe(1);
  });

  test("set() drops the TTL, replaceValue() keeps it", () => {
    const { keyspace, db } = setup();
    const slot = db.add("a", store(keyspace, "1"), T0);
    db.setExpire(slot, T0 + 5000);
    db.replaceValue(slot, store(keyspace, "2"));
    expect(db.expiresAtMs[slot]).toBe(T0 + 5000);
    expect(valueText(keyspace, db, slot)).toBe("2");
    expect(db.set("a", store(keyspace, "3"), T0)).toBe(slot);
    expect(db.expiresAtMs[slot]).toBe(0);
    expect(db.volatileCount).toBe(0);
    expect(valueText(keyspace, db, slot)).toBe("3");
  });

  test("a deleted key leaves the expires table, and its slot's next key starts without a TTL", () => {
    const { keyspace, db } = setup();
    const slot = db.add("a", store(keyspace, "1"), T0);
    db.setExpire(slot, T0 + 5000);
    db.deleteSlot(slot);
    expect(db.volatileCount).toBe(0);
    expect(db.add("b", store(keyspace, "2"), T0)).toBe(slot);
    expect(db.expiresAtMs[slot]).toBe(0);
  });

  test("randomVolatileSlot only returns keys with a TTL", () => {
    const { keyspace, db } = setup();
    const volatile = new Set<number>();
    for (let i = 0; i < 50; i++) {
      const slot = db.add(`k${i}`, store(keyspace, "v"), T0);
      if (i % 5 === 0) {
        db.setExpire(slot, T0 + 1000);
        volatile.add(slot);
      }
    }
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) seen.add(db.randomVolatileSlot());
    expect(seen).toEqual(volatile);
    for (const slot of volatile) db.removeExpire(slot);
    expect(db.randomVolatileSlot()).toBe(-1);
  });

  test("the tables grow past their initial capacity", () => {
    const { keyspace, db } = setup();
    for (let i = 0; i < 1000; i++) db.setExpire(db.add(`k${i}`, store(keyspace, "v"), T0), T0 + i + 1);
    expect(db.volatileCount).toBe(1000);
    expect(db.expiresAtMs[db.peekSlot("k999")]).toBe(T0 + 1000);
  });
});

describe("random sampling", () => {
  test("randomSlot is -1 on an empty db and else a live slot; over many draws it reaches every key", () => {
    const { keyspace, db } = setup();
    expect(db.randomSlot()).toBe(-1);
    for (let i = 0; i < 8; i++) db.add(`k${i}`, store(keyspace, "v"), T0);
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const slot = db.randomSlot();
      expect(db.keyAt(slot)).toBeDefined();
      seen.add(db.keyAt(slot)!);
    }
    expect(seen.size).toBe(8);
  });

  test("after a mass delete the one key left is still found", () => {
    const { keyspace, db } = setup();
    for (let i = 0; i < 5000; i++) db.add(`k${i}`, store(keyspace, "v"), T0);
    for (let i = 0; i < 5000; i++) if (i !== 4321) db.deleteSlot(db.peekSlot(`k${i}`));
    for (let i = 0; i < 20; i++) expect(db.keyAt(db.randomSlot())).toBe("k4321");
  });
});

describe("detach, clear, swap", () => {
  test("detachSlot removes the key and its TTL but leaves the value usable", () => {
    const { keyspace, db } = setup();
    const slot = db.add("a", store(keyspace, "payload"), T0);
    db.setExpire(slot, T0 + 5000);
    const value = db.detachSlot(slot);
    expect(db.size).toBe(0);
    expect(db.volatileCount).toBe(0);
    expect(db.peekSlot("a")).toBe(-1);
    const other = keyspace.dbs[1]!;
    const moved = other.add("a", value, T0);
    // A freshly stored value would take the freed slab slot if the value had been released.
    db.add("filler", store(keyspace, "clobber"), T0);
    expect(valueText(keyspace, other, moved)).toBe("payload");
  });

  test("clear empties a db, and it takes keys again afterwards", () => {
    const { keyspace, db } = setup();
    for (let i = 0; i < 100; i++) db.setExpire(db.add(`k${i}`, store(keyspace, "v"), T0), T0 + 10);
    db.clear();
    expect(db.size).toBe(0);
    expect(db.slotLimit).toBe(0);
    expect(db.volatileCount).toBe(0);
    expect(db.randomSlot()).toBe(-1);
    expect(db.peekSlot("k1")).toBe(-1);
    const slot = db.add("k1", store(keyspace, "again"), T0);
    expect(valueText(keyspace, db, slot)).toBe("again");
    expect(db.expiresAtMs[slot]).toBe(0);
  });

  test("swap exchanges two dbs' contents and renumbers them", () => {
    const { keyspace } = setup(3);
    const [zero, , two] = keyspace.dbs;
    zero!.add("in-zero", store(keyspace, "v"), T0);
    keyspace.swap(0, 2);
    expect(keyspace.dbs[0]).toBe(two!);
    expect(keyspace.dbs[2]).toBe(zero!);
    expect(keyspace.dbs[2]!.id).toBe(2);
    expect(keyspace.dbs[0]!.id).toBe(0);
    expect(keyspace.dbs[2]!.peekSlot("in-zero")).not.toBe(-1);
  });
});

describe("string values", () => {
  test("storeStringAuto picks Redis's encoding", () => {
    const { keyspace } = setup();
    const encodingOf = (text: string) => keyspace.stringEncoding(store(keyspace, text) as number | Uint8Array);
    expect(encodingOf("12345")).toBe("int");
    expect(encodingOf("-9223372036854775808")).toBe("int");
    expect(encodingOf("9223372036854775808")).toBe("embstr");
    expect(encodingOf("007")).toBe("embstr");
    expect(encodingOf("x".repeat(44))).toBe("embstr");
    expect(encodingOf("x".repeat(45))).toBe("raw");
    expect(encodingOf("x".repeat(5000))).toBe("raw");
  });

  test("duplicate copies the bytes and keeps the encoding", () => {
    const { keyspace } = setup();
    for (const text of ["42", "short", "x".repeat(100), "y".repeat(5000)]) {
      const original = store(keyspace, text) as number | Uint8Array;
      const copy = keyspace.duplicate(original) as number | Uint8Array;
      expect(copy).not.toBe(original);
      expect(dec.decode(keyspace.stringBytes(copy))).toBe(text);
      expect(keyspace.stringEncoding(copy)).toBe(keyspace.stringEncoding(original));
    }
  });
});
