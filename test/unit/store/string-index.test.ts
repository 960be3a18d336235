// StringIndex (src/store/types/string-index.ts) against a JS Map as the model: random inserts,
// overwrites and deletes over binary keys (empty, NUL, 0xff, long) through growth, shrinking and
// arena compaction; deletes and renumbering by hash and value; clone independence.

import { describe, expect, test } from "bun:test";
import { hashOf, StringIndex } from "../../../src/store/types/string-index.ts";
import { seededRandom } from "../../support/random.ts";

function randomKey(random: () => number, universe: number): string {
  const n = Math.floor(random() * universe);
  // Some keys share prefixes and lengths, some are binary, one is empty.
  if (n === 0) return "";
  if (n % 7 === 0) return `\u0000\u00ff${n}`;
  if (n % 11 === 0) return "x".repeat(200) + n;
  return `element:${n}`;
}

function expectSame(index: StringIndex, model: Map<string, number>, universe: number): void {
  expect(index.size).toBe(model.size);
  for (let n = 0; n < universe; n++) {
    const key = randomKey(() => n / universe, universe);
    expect(index.get(key)).toBe(model.get(key) ?? -1);
    expect(index.has(key)).toBe(model.has(key));
  }
}

describe("StringIndex", () => {
  test("matches a Map through growth, deletes, shrinking and compaction", () => {
    const random = seededRandom(7);
    const index = new StringIndex();
    const model = new Map<string, number>();
    const universe = 3000;
    for (let phase = 0; phase < 4; phase++) {
      // Phases alternate: mostly inserts (growth), then mostly deletes (shrink, compaction).
      const insertShare = phase % 2 === 0 ? 0.8 : 0.1;
      for (let step = 0; step < 20_000; step++) {
        const key = randomKey(random, universe);
        const value = step;
        const choice = random();
        if (choice < insertShare / 2) {
          expect(index.insert(key, value)).toBe(!model.has(key));
          if (!model.has(key)) model.set(key, value);
        } else if (choice < insertShare) {
          index.set(key, value);
          model.set(key, value);
        } else if (choice < insertShare + (1 - insertShare) / 2 || !model.has(key)) {
          expect(index.delete(key)).toBe(model.get(key) ?? -1);
          model.delete(key);
        } else {
          // Values are unique per key here (each step's), as deleteValue needs.
          index.deleteValue(hashOf(key), model.get(key)!);
          model.delete(key);
        }
      }
      expectSame(index, model, universe);
    }
    for (const key of [...model.keys()]) index.delete(key);
    expect(index.size).toBe(0);
    expect(index.get("element:1")).toBe(-1);
  });

  test("hashes leave the low bits free: any row can be where a probe starts", () => {
    const lowBits = new Set<number>();
    for (let i = 0; i < 64; i++) lowBits.add(hashOf(`element:${i}`) & 3);
    expect([...lowBits].sort()).toEqual([0, 1, 2, 3]);
    expect(hashOf("")).not.toBe(0);
  });

  test("renumber finds a key by its hash and value alone", () => {
    const index = new StringIndex();
    for (let i = 0; i < 100; i++) index.set(`m${i}`, i);
    index.renumber(hashOf("m42"), 42, 7);
    expect(index.get("m42")).toBe(7);
    expect(index.get("m7")).toBe(7);
    expect(index.get("m41")).toBe(41);
  });

  test("a clone is independent of its source", () => {
    const index = new StringIndex();
    for (let i = 0; i < 50; i++) index.set(`k${i}`, i);
    const copy = index.clone();
    index.delete("k1");
    index.set("k2", 99);
    copy.set("new", 1);
    expect(copy.get("k1")).toBe(1);
    expect(copy.get("k2")).toBe(2);
    expect(index.get("new")).toBe(-1);
    expect(copy.size).toBe(51);
    expect(index.size).toBe(49);
  });
});
