// The skip list and the sorted set value against a naive model (a sorted array of [score, member]):
// seeded random inserts, deletes and score updates, checking after each step the order, ranks,
// rank lookups, backward links and score/lex range queries. Levels are random; results must not be.

import { describe, expect, test } from "bun:test";
import {
  LEX_MINUS,
  LEX_PLUS,
  SkipList,
  type LexBound,
  type LexRange,
  type ScoreRange,
  type SkipNode,
} from "../../../src/store/types/skiplist.ts";
import { SortedSetValue } from "../../../src/store/types/sorted-set.ts";

/** mulberry32: a small seeded PRNG so a failure replays. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Entry = [score: number, member: string];

function byOrder(a: Entry, b: Entry): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  return a[1] === b[1] ? 0 : a[1] < b[1] ? -1 : 1;
}

function walk(list: SkipList): Entry[] {
  const out: Entry[] = [];
  for (const node of list.from(list.first)) out.push([node.score, node.member]);
  return out;
}

function walkBack(list: SkipList): Entry[] {
  const out: Entry[] = [];
  for (let node: SkipNode | null = list.last; node !== null; node = node.backward) out.push([node.score, node.member]);
  return out.reverse();
}

function inScore(score: number, r: ScoreRange): boolean {
  return (r.minExclusive ? score > r.min : score >= r.min) && (r.maxExclusive ? score < r.max : score <= r.max);
}

function lexCmp(a: LexBound, b: LexBound): number {
  if (a === b) return 0;
  if (a === LEX_MINUS || b === LEX_PLUS) return -1;
  if (a === LEX_PLUS || b === LEX_MINUS) return 1;
  return a < b ? -1 : 1;
}

function inLex(member: string, r: LexRange): boolean {
  const lo = lexCmp(member, r.min);
  const hi = lexCmp(member, r.max);
  return (r.minExclusive ? lo > 0 : lo >= 0) && (r.maxExclusive ? hi < 0 : hi <= 0);
}

/** Members with bytes 0..255, including prefixes of one another (memcmp-then-length order). */
function randomMember(random: () => number): string {
  const length = Math.floor(random() * 4);
  let s = "";
  for (let i = 0; i < length; i++) s += String.fromCharCode(random() < 0.5 ? 97 + Math.floor(random() * 3) : Math.floor(random() * 256));
  return s;
}

function randomScore(random: () => number): number {
  const r = random();
  if (r < 0.05) return -Infinity;
  if (r < 0.1) return Infinity;
  return Math.floor(random() * 20) - 10 + (random() < 0.3 ? 0.5 : 0);
}

function check(list: SkipList, model: Entry[], random: () => number): void {
  expect(list.length).toBe(model.length);
  expect(walk(list)).toEqual(model);
  expect(walkBack(list)).toEqual(model);
  for (let i = 0; i < model.length; i++) {
    const [score, member] = model[i]!;
    expect(list.rank(score, member)).toBe(i + 1);
    const node = list.byRank(i + 1)!;
    expect([node.score, node.member]).toEqual([score, member]);
  }
  expect(list.byRank(0)).toBeNull();
  expect(list.byRank(model.length + 1)).toBeNull();
  expect(list.rank(0.25, "absent")).toBe(0);
  for (let q = 0; q < 5; q++) {
    const a = randomScore(random);
    const b = randomScore(random);
    const range: ScoreRange = { min: Math.min(a, b), max: Math.max(a, b), minExclusive: random() < 0.5, maxExclusive: random() < 0.5 };
    const inside = model.filter(([score]) => inScore(score, range));
    const first = list.firstInScoreRange(range);
    const last = list.lastInScoreRange(range);
    expect(first === null ? null : [first.score, first.member]).toEqual(inside[0] ?? null);
    expect(last === null ? null : [last.score, last.member]).toEqual(inside[inside.length - 1] ?? null);
  }
}

describe("SkipList against a sorted array", () => {
  for (const seed of [1, 2, 3, 4]) {
    test(`random operations, seed ${seed}`, () => {
      const random = prng(seed);
      const list = new SkipList();
      const model: Entry[] = [];
      const nodes = new Map<string, SkipNode>();
      for (let step = 0; step < 1500; step++) {
        const op = random();
        if (op < 0.5 || model.length === 0) {
          const member = randomMember(random);
          if (nodes.has(member)) continue;
          const score = randomScore(random);
          nodes.set(member, list.insert(score, member));
          model.push([score, member]);
          model.sort(byOrder);
        } else if (op < 0.7) {
          const [score, member] = model[Math.floor(random() * model.length)]!;
          expect(list.delete(score, member)).toBe(true);
          expect(list.delete(score, member)).toBe(false);
          nodes.delete(member);
          model.splice(model.findIndex((e) => e[1] === member), 1);
        } else if (op < 0.8) {
          const [, member] = model[Math.floor(random() * model.length)]!;
          const node = nodes.get(member)!;
          list.deleteNode(node);
          nodes.delete(member);
          model.splice(model.findIndex((e) => e[1] === member), 1);
        } else {
          const [, member] = model[Math.floor(random() * model.length)]!;
          const score = randomScore(random);
          list.updateScore(nodes.get(member)!, score);
          model.find((e) => e[1] === member)![0] = score;
          model.sort(byOrder);
        }
        if (step % 25 === 0) check(list, model, random);
      }
      check(list, model, random);
      // Emptying it leaves a usable list.
      for (const [score, member] of [...model]) expect(list.delete(score, member)).toBe(true);
      expect(list.length).toBe(0);
      expect(list.first).toBeNull();
      expect(list.last).toBeNull();
      list.insert(1, "again");
      expect(walk(list)).toEqual([[1, "again"]]);
    });
  }

  test("lex ranges over equal scores", () => {
    const random = prng(7);
    const list = new SkipList();
    const members = new Set<string>();
    for (let i = 0; i < 300; i++) members.add(randomMember(random));
    for (const member of members) list.insert(0, member);
    const sorted = [...members].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const bounds: LexBound[] = [LEX_MINUS, LEX_PLUS, ...sorted.slice(0, 40), "a", "b", "zz"];
    for (let q = 0; q < 400; q++) {
      const range: LexRange = {
        min: bounds[Math.floor(random() * bounds.length)]!,
        max: bounds[Math.floor(random() * bounds.length)]!,
        minExclusive: random() < 0.5,
        maxExclusive: random() < 0.5,
      };
      const inside = sorted.filter((member) => inLex(member, range));
      expect(list.firstInLexRange(range)?.member ?? null).toBe(inside[0] ?? null);
      expect(list.lastInLexRange(range)?.member ?? null).toBe(inside[inside.length - 1] ?? null);
    }
  });

  test("members order as bytes: memcmp, then the shorter first", () => {
    const list = new SkipList();
    for (const member of ["b", "a\xff", "a", "", "a\x00", "\xff"]) list.insert(1, member);
    expect(walk(list).map(([, member]) => member)).toEqual(["", "a", "a\x00", "a\xff", "b", "\xff"]);
  });

  test("200k members, half inserted at the head", () => {
    const list = new SkipList();
    for (let i = 0; i < 200_000; i++) list.insert(i % 2 === 0 ? i : -i, `m${i}`);
    expect(list.rank(199_998, "m199998")).toBe(200_000);
    expect(list.byRank(1)!.member).toBe("m199999");
  });
});

describe("SortedSetValue", () => {
  const limits = { maxEntries: 3, maxValue: 4 };

  test("listpack until a limit is passed on insert, never back", () => {
    const zset = new SortedSetValue();
    zset.insert("a", 1, limits);
    zset.insert("b", 2, limits);
    zset.insert("c", 3, limits);
    expect(zset.encoding()).toBe("listpack");
    zset.insert("d", 4, limits);
    expect(zset.encoding()).toBe("skiplist");
    zset.delete("d");
    zset.delete("c");
    expect(zset.encoding()).toBe("skiplist");
    zset.compactIfFits(limits);
    expect(zset.encoding()).toBe("listpack");
    const long = new SortedSetValue();
    long.insert("12345", 1, limits);
    expect(long.encoding()).toBe("skiplist");
  });

  test("scores, ranks, updates and entries", () => {
    const zset = new SortedSetValue(false);
    const unlimited = { maxEntries: Infinity, maxValue: Infinity };
    zset.insert("x", 5, unlimited);
    zset.insert("y", 1, unlimited);
    zset.insert("z", 3, unlimited);
    expect([...zset.entries()]).toEqual([["y", 1], ["z", 3], ["x", 5]]);
    zset.update("x", 0);
    expect(zset.rank("x")).toBe(0);
    expect(zset.rank("nope")).toBe(-1);
    expect(zset.score("z")).toBe(3);
    expect(zset.atRank(2)!.member).toBe("z");
    const copy = zset.clone();
    zset.delete("x");
    expect([...copy.entries()]).toEqual([["x", 0], ["y", 1], ["z", 3]]);
    expect(copy.encoding()).toBe("skiplist");
    expect(zset.size).toBe(2);
  });

  test("scan slots keep a member's slot while it lives", () => {
    const zset = new SortedSetValue(false);
    const unlimited = { maxEntries: Infinity, maxValue: Infinity };
    for (let i = 0; i < 10; i++) zset.insert(`m${i}`, i, unlimited);
    const slotOf = (member: string): number => {
      for (let slot = 0; slot < zset.slotLimit; slot++) if (zset.nodeInSlot(slot)?.member === member) return slot;
      return -1;
    };
    const before = slotOf("m7");
    zset.delete("m2");
    zset.update("m7", -1);
    zset.insert("new", 3, unlimited);
    expect(slotOf("m7")).toBe(before);
    expect(slotOf("new")).toBe(2);
    expect(zset.slotLimit).toBe(10);
  });
});
