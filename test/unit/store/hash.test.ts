// HashValue against a naive model (a JS Map, whose order is a listpack's: an overwrite keeps
// the place, a delete then re-add goes last): random sets and deletes, the encoding thresholds,
// slots that never move in a hashtable (the HSCAN promise), clones, random slots.

import { describe, expect, test } from "bun:test";
import { HashValue, type ListpackLimits } from "../../../src/store/types/hash.ts";
import { seededRandom } from "../../support/random.ts";

function limits(entries: number, value: number): ListpackLimits {
  return { "hash-max-listpack-entries": entries, "hash-max-listpack-value": value };
}

const DEFAULT = limits(512, 64);

function liveSlots(hash: HashValue): Map<string, number> {
  const slots = new Map<string, number>();
  for (let slot = 0; slot < hash.slotLimit; slot++) {
    const field = hash.fieldAt(slot);
    if (field !== undefined) slots.set(field, slot);
  }
  return slots;
}

describe("HashValue", () => {
  test("random sets and deletes match the model, in listpack order", () => {
    const random = seededRandom(7);
    const hash = new HashValue();
    const model = new Map<string, string>();
    for (let step = 0; step < 20_000; step++) {
      const field = `f${Math.floor(random() * 60)}`;
      if (random() < 0.55) {
        const value = `v${step}`;
        expect(hash.set(field, value, DEFAULT)).toBe(!model.has(field));
        model.set(field, value);
      } else {
        expect(hash.delete(field)).toBe(model.delete(field));
      }
      expect(hash.size).toBe(model.size);
    }
    expect(hash.encoding()).toBe("listpack");
    expect([...hash.entries()]).toEqual([...model.entries()]);
    for (const [field, value] of model) {
      expect(hash.get(field)).toBe(value);
      expect(hash.has(field)).toBe(true);
    }
    expect(hash.get("absent")).toBeUndefined();
  });

  test("holes left by deletes stay bounded by the live entries", () => {
    const hash = new HashValue();
    for (let i = 0; i < 400; i++) hash.set(`f${i}`, "v", DEFAULT);
    for (let i = 0; i < 390; i++) hash.delete(`f${i}`);
    expect(hash.slotLimit).toBeLessThanOrEqual(2 * hash.size + 1);
    expect([...hash.entries()].map(([field]) => field)).toEqual(Array.from({ length: 10 }, (_, i) => `f${390 + i}`));
  });

  test("converts when the entry count passes the limit, and never back", () => {
    const hash = new HashValue();
    const small = limits(3, 64);
    for (const field of ["a", "b", "c"]) hash.set(field, "1", small);
    expect(hash.encoding()).toBe("listpack");
    hash.set("a", "2", small);
    expect(hash.encoding()).toBe("listpack");
    hash.set("d", "1", small);
    expect(hash.encoding()).toBe("hashtable");
    for (const field of ["a", "b", "c"]) hash.delete(field);
    expect(hash.encoding()).toBe("hashtable");
    expect(hash.size).toBe(1);
  });

  test("converts before writing a field or value longer than the limit", () => {
    const small = limits(512, 4);
    const a = new HashValue();
    a.set("abcd", "1234", small);
    expect(a.encoding()).toBe("listpack");
    a.set("f", "12345", small);
    expect(a.encoding()).toBe("hashtable");
    const b = new HashValue();
    b.set("abcde", "1", small);
    expect(b.encoding()).toBe("hashtable");
    // A limit of 0 entries: the first field already passes it.
    const c = new HashValue();
    c.set("", "", limits(0, 0));
    expect(c.encoding()).toBe("hashtable");
  });

  test("a hashtable's slots never move while their fields live; freed slots are reused", () => {
    const random = seededRandom(11);
    const hash = new HashValue();
    for (let i = 0; i < 1000; i++) hash.set(`f${i}`, "v", DEFAULT);
    expect(hash.encoding()).toBe("hashtable");
    const before = liveSlots(hash);
    const limitBefore = hash.slotLimit;
    for (let i = 0; i < 300; i++) hash.delete(`f${Math.floor(random() * 1000)}`);
    for (let i = 0; i < 200; i++) hash.set(`n${i}`, "v", DEFAULT);
    const after = liveSlots(hash);
    for (const [field, slot] of after) if (before.has(field)) expect(before.get(field)).toBe(slot);
    expect(hash.slotLimit).toBe(limitBefore);
  });

  test("clone is deep and keeps the encoding", () => {
    const hash = new HashValue();
    hash.set("b", "1", DEFAULT);
    hash.set("a", "2", DEFAULT);
    const copy = hash.clone();
    copy.set("c", "3", DEFAULT);
    copy.delete("b");
    expect([...hash.entries()]).toEqual([["b", "1"], ["a", "2"]]);
    expect([...copy.entries()]).toEqual([["a", "2"], ["c", "3"]]);
    const table = new HashValue();
    table.set("x".repeat(100), "1", DEFAULT);
    expect(table.clone().encoding()).toBe("hashtable");
    expect(copy.type).toBe("hash");
  });

  test("randomSlot lands on a live entry, uniformly, also when sparse", () => {
    const hash = new HashValue();
    for (let i = 0; i < 2000; i++) hash.set(`f${i}`, "v", DEFAULT);
    for (let i = 0; i < 1995; i++) hash.delete(`f${i}`);
    const counts = new Map<string, number>();
    for (let i = 0; i < 5000; i++) {
      const field = hash.fieldAt(hash.randomSlot())!;
      counts.set(field, (counts.get(field) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual(["f1995", "f1996", "f1997", "f1998", "f1999"]);
    // Uniform: about 1000 each (a bias towards the first live slot would starve the others).
    for (const count of counts.values()) expect(count).toBeGreaterThan(800);
  });
});
