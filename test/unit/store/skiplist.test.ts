// The skip list and the sorted set value against a naive model (a sorted array of [score, member]):
// seeded random inserts, deletes and score updates, checking after each step the order, ranks,
// rank lookups, backward links and score/lex range queries. Levels are random; results must not be.

import { describe, expect, test } from "bun:test";
import { LEX_MINUS, LEX_PLUS, NONE, SkipList, type LexBound, type LexRange, type ScoreRange } from "../../../src/store/types/skiplist.ts";
import { SortedSetValue } from "../../../src/store/types/sorted-set.ts";
import { seededRandom } from "../../support/random.ts";

type Entry = [score: number, member: string];

function byOrder(a: Entry, b: Entry): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  return a[1] === b[1] ? 0 : a[1] < b[1] ? -1 : 1;
}

function walk(list: SkipList): Entry[] {
  const out: Entry[] = [];
  for (let node = list.first; node !== NONE; node = list.next(node)) out.push(entryOf(list, node));
  return out;
}

function walkBack(list: SkipList): Entry[] {
  const out: Entry[] = [];
  for (let node = list.last; node !== NONE; node = list.prev(node)) out.push(entryOf(list, node));
  return out.reverse();
}

function entryOf(list: SkipList, node: number): Entry {
  return [list.score(node), list.member(node)];
}

/** A node as an entry, null for NONE. */
function maybeEntry(list: SkipList, node: number): Entry | null {
  return node === NONE ? null : entryOf(list, node);
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

function check(list: SkipList, model: Entry[], nodes: Map<string, number>, random: () => number): void {
  expect(list.length).toBe(model.length);
  expect(walk(list)).toEqual(model);
  expect(walkBack(list)).toEqual(model);
  for (let i = 0; i < model.length; i++) {
    const [score, member] = model[i]!;
    expect(list.rank(nodes.get(member)!)).toBe(i + 1);
    expect(entryOf(list, list.byRank(i + 1))).toEqual([score, member]);
  }
  expect(list.byRank(0)).toBe(NONE);
  expect(list.byRank(model.length + 1)).toBe(NONE);
  for (let q = 0; q < 5; q++) {
    const a = randomScore(random);
    const b = randomScore(random);
    const range: ScoreRange = { min: Math.min(a, b), max: Math.max(a, b), minExclusive: random() < 0.5, maxExclusive: random() < 0.5 };
    const inside = model.filter(([score]) => inScore(score, range));
    expect(maybeEntry(list, list.firstInScoreRange(range))).toEqual(inside[0] ?? null);
    expect(maybeEntry(list, list.lastInScoreRange(range))).toEqual(inside[inside.length - 1] ?? null);
  }
}

describe("SkipList against a sorted array", () => {
  for (const seed of [1, 2, 3, 4]) {
    test(`random operations, seed ${seed}`, () => {
      const random = seededRandom(seed);
      const list = new SkipList();
      const model: Entry[] = [];
      const nodes = new Map<string, number>();
      for (let step = 0; step < 1500; step++) {
        const op = random();
        if (op < 0.5 || model.length === 0) {
          const member = randomMember(random);
          if (nodes.has(member)) continue;
          const score = randomScore(random);
          nodes.set(member, list.insert(score, member));
          model.push([score, member]);
          model.sort(byOrder);
        } else if (op < 0.75) {
          // The first member often (ZPOPMIN's unlink needs no search), any member otherwise.
          const [, member] = model[random() < 0.3 ? 0 : Math.floor(random() * model.length)]!;
          list.delete(nodes.get(member)!);
          nodes.delete(member);
          model.splice(model.findIndex((e) => e[1] === member), 1);
        } else {
          const [, member] = model[Math.floor(random() * model.length)]!;
          const score = randomScore(random);
          list.updateScore(nodes.get(member)!, score);
          model.find((e) => e[1] === member)![0] = score;
          model.sort(byOrder);
        }
        if (step % 25 === 0) check(list, model, nodes, random);
      }
      check(list, model, nodes, random);
      // Emptying it leaves a usable list.
      for (const [, member] of model) list.delete(nodes.get(member)!);
      expect(list.length).toBe(0);
      expect(list.first).toBe(NONE);
      expect(list.last).toBe(NONE);
      list.insert(1, "again");
      expect(walk(list)).toEqual([[1, "again"]]);
    });
  }

  test("lex ranges over equal scores", () => {
    const random = seededRandom(7);
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
      expect(maybeEntry(list, list.firstInLexRange(range))?.[1] ?? null).toBe(inside[0] ?? null);
      expect(maybeEntry(list, list.lastInLexRange(range))?.[1] ?? null).toBe(inside[inside.length - 1] ?? null);
    }
  });

  test("members order as bytes: memcmp, then the shorter first", () => {
    const list = new SkipList();
    for (const member of ["b", "a\xff", "a", "", "a\x00", "\xff"]) list.insert(1, member);
    expect(walk(list).map(([, member]) => member)).toEqual(["", "a", "a\x00", "a\xff", "b", "\xff"]);
  });

  test("200k members, half inserted at the head", () => {
    const list = new SkipList();
    let top = NONE;
    for (let i = 0; i < 200_000; i++) {
      const node = list.insert(i % 2 === 0 ? i : -i, `m${i}`);
      if (i === 199_998) top = node;
    }
    expect(list.rank(top)).toBe(200_000);
    expect(list.member(list.byRank(1))).toBe("m199999");
    // Tall nodes (the header grew level by level): every 997th rank and the whole walk agree.
    const order = walk(list);
    expect(order.length).toBe(200_000);
    for (let i = 1; i < order.length; i++) expect(order[i - 1]![0] < order[i]![0]).toBe(true);
    for (let rank = 1; rank <= 200_000; rank += 997) {
      const node = list.byRank(rank);
      expect(entryOf(list, node)).toEqual(order[rank - 1]!);
      expect(list.rank(node)).toBe(rank);
    }
  });
});

describe("cost per operation", () => {
  /** µs per (insert of a new member + rank of an existing one) on a set of `size` members. */
  function costAt(size: number): number {
    const zset = new SortedSetValue(false);
    const limits = { maxEntries: 128, maxValue: 64 };
    const random = seededRandom(size);
    for (let i = 0; i < size; i++) zset.insert(`member:${i}`, Math.floor(random() * 1e9), limits);
    const ops = 20_000;
    const started = performance.now();
    let sink = 0;
    for (let i = 0; i < ops; i++) {
      zset.insert(`extra:${i}`, Math.floor(random() * 1e9), limits);
      sink += zset.rank(`member:${(i * 7919) % size}`);
    }
    expect(sink).toBeGreaterThan(0);
    return ((performance.now() - started) * 1000) / ops;
  }

  test("insert and rank grow logarithmically: 40x the members costs far less than 40x", () => {
    costAt(5_000); // warm-up: let the JIT settle before timing
    const small = costAt(5_000);
    const large = costAt(200_000);
    // log2 grows 1.4x here (cache misses add some); linear work would be 40x.
    expect(large / small).toBeLessThan(10);
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
    zset.setScore(zset.nodeOf("x"), 0);
    expect(zset.rank("x")).toBe(0);
    expect(zset.rank("nope")).toBe(-1);
    expect(zset.score("z")).toBe(3);
    expect(zset.memberOf(zset.atRank(2))).toBe("z");
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
      for (let slot = 0; slot < zset.slotLimit; slot++) if (zset.nodeInSlot(slot) !== NONE && zset.memberOf(zset.nodeInSlot(slot)) === member) return slot;
      return -1;
    };
    const before = slotOf("m7");
    const freed = slotOf("m2");
    zset.delete("m2");
    zset.setScore(zset.nodeOf("m7"), -1);
    zset.insert("new", 3, unlimited);
    expect(slotOf("m7")).toBe(before);
    expect(slotOf("new")).toBe(freed);
    expect(zset.slotLimit).toBe(10);
    expect(zset.nodeInSlot(10)).toBe(NONE);
  });
});
