// The db's open-addressing key index checked against a plain Map as the model: random adds
// and deletes (so the table grows, shrinks and shifts entries back on delete), then every key.

import { expect, test } from "bun:test";
import { Keyspace } from "../../../src/store/keyspace.ts";

/** A small deterministic generator, so a failure reproduces. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 0x100000000;
  };
}

test("key index agrees with a Map model through growth, shrinking and deletes", () => {
  const random = generator(42);
  const keyspace = new Keyspace(1, { expired() {} });
  const db = keyspace.dbs[0]!;
  const model = new Set<string>();
  for (let step = 0; step < 100_000; step++) {
    // Phases of mostly-adds then mostly-deletes make the table grow and shrink.
    const addBias = Math.floor(step / 25_000) % 2 === 0 ? 0.7 : 0.3;
    const key = `key:${Math.floor(random() * 4000)}`;
    const slot = db.peekSlot(key);
    expect(slot !== -1).toBe(model.has(key));
    if (random() < addBias) {
      // Values are real stored strings: keys share the slab with them.
      if (slot === -1) db.add(key, keyspace.storeString(Uint8Array.of(step & 255), 0), 0);
      model.add(key);
    } else {
      if (slot !== -1) db.deleteSlot(slot);
      model.delete(key);
    }
  }
  expect(db.size).toBe(model.size);
  for (let i = 0; i < 4000; i++) {
    const key = `key:${i}`;
    const slot = db.peekSlot(key);
    expect(slot !== -1).toBe(model.has(key));
    if (slot !== -1) expect(db.keyAt(slot)).toBe(key);
  }
  expect(new Set([...db.entries()].map(([key]) => key))).toEqual(model);
});

test("binary keys, keys differing only in high bytes, and keys too long for the slab stay distinct", () => {
  const keyspace = new Keyspace(1, { expired() {} });
  const db = keyspace.dbs[0]!;
  const keys = ["\x00", "\x00\x00", "\xff", "\xfe\xff", "a\x80", "a\x81", "", "k".repeat(5000)];
  for (const key of keys) db.add(key, keyspace.storeString(Uint8Array.of(1), 0), 0);
  for (const key of keys) expect(db.keyAt(db.peekSlot(key))).toBe(key);
  expect(db.size).toBe(keys.length);
});
