// The db's open-addressing key index checked against a plain Map as the model: random adds
// and deletes (so the table grows, shrinks and shifts entries back on delete), then every key.
// Also the prefetch's pieces: hashing a key's bytes gives its string's hash, and the candidate
// slot of a hash is the slot stored with it, wherever probing and back-shifts put it.

import { expect, test } from "bun:test";
import { KeyIndex } from "../../../src/store/key-index.ts";
import { Keyspace } from "../../../src/store/keyspace.ts";
import { hashBytes, hashLatin1 } from "../../../src/store/string-hash.ts";

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

test("hashBytes of a range is hashLatin1 of the same bytes as a string", () => {
  const random = generator(5);
  for (let round = 0; round < 2000; round++) {
    const bytes = Uint8Array.from({ length: Math.floor(random() * 40) }, () => Math.floor(random() * 256));
    const start = Math.floor(random() * (bytes.length + 1));
    const end = start + Math.floor(random() * (bytes.length - start + 1));
    const seed = Math.floor(random() * 0x100000000);
    const text = String.fromCharCode(...bytes.subarray(start, end));
    expect(hashBytes(bytes, start, end, seed)).toBe(hashLatin1(text, seed));
  }
});

test("candidateSlots finds the slot stored with each hash through collisions, growth and deletes", () => {
  const random = generator(9);
  const index = new KeyIndex();
  // Distinct hashes that share their low bits collide on the same home bucket, so entries are
  // found displaced along probe runs and moved back by deletes.
  const hashOf = (id: number) => (id * 0x10000 + (id % 7)) | 0;
  const slotOf = new Map<number, number>();
  let nextSlot = 0;
  const hashes = new Int32Array(16);
  const slots = new Int32Array(16);
  for (let step = 0; step < 20_000; step++) {
    const id = Math.floor(random() * 3000);
    const present = slotOf.get(id);
    if (present === undefined && random() < 0.6) {
      index.insert(nextSlot, hashOf(id));
      slotOf.set(id, nextSlot++);
    } else if (present !== undefined && random() < 0.5) {
      index.remove(present, hashOf(id));
      slotOf.delete(id);
    }
    if (step % 50 === 0) {
      const ids = Array.from({ length: 16 }, () => Math.floor(random() * 3000));
      ids.forEach((probeId, k) => (hashes[k] = hashOf(probeId)));
      index.candidateSlots(hashes, 16, slots);
      expect([...slots]).toEqual(ids.map((probeId) => slotOf.get(probeId) ?? -1));
    }
  }
});
