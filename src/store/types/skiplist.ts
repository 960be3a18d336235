// The skip list behind sorted sets (Redis's zskiplist, t_zset.c): Pugh's skip list with a span
// per link, so a rank is found in O(log n). Order is Redis's: by score, then by member compared
// as bytes (memcmp, then length — what JS `<` does on latin1 strings). Max level 32, p = 1/4.
// Nodes live in one typed-array pool, not one JS object each: a node is an integer (its offset),
// and each member also holds a dense slot, stable while it lives (ZSCAN's cursor).

import { ChunkedArray } from "./chunked-array.ts";

/** ZSKIPLIST_MAXLEVEL: enough for 2^64 elements with p = 1/4. */
const MAX_LEVEL = 32;
/** ZSKIPLIST_P */
const P = 0.25;
/** No node: the end of a walk, or a miss. */
export const NONE = -1;

/** A score interval as ZRANGEBYSCORE takes it: `(` makes a bound exclusive. */
export interface ScoreRange {
  min: number;
  max: number;
  minExclusive: boolean;
  maxExclusive: boolean;
}

/** `-` (below every member) or `+` (above every member) in a lex range; a string is a member. */
export type LexBound = string | typeof LEX_MINUS | typeof LEX_PLUS;
export const LEX_MINUS = -1;
export const LEX_PLUS = 1;

/** A lex interval as ZRANGEBYLEX takes it: `[` inclusive, `(` exclusive, `-` and `+` open. */
export interface LexRange {
  min: LexBound;
  max: LexBound;
  minExclusive: boolean;
  maxExclusive: boolean;
}

/** sdscmplex: compares two bounds, where `-` and `+` sort before and after everything. */
function compareLex(a: LexBound, b: LexBound): number {
  if (a === b) return 0;
  if (a === LEX_MINUS || b === LEX_PLUS) return -1;
  if (a === LEX_PLUS || b === LEX_MINUS) return 1;
  return a < b ? -1 : 1;
}

/** zslValueGteMin */
export function scoreAboveMin(score: number, range: ScoreRange): boolean {
  return range.minExclusive ? score > range.min : score >= range.min;
}

/** zslValueLteMax */
export function scoreBelowMax(score: number, range: ScoreRange): boolean {
  return range.maxExclusive ? score < range.max : score <= range.max;
}

/** zslLexValueGteMin */
export function lexAboveMin(member: string, range: LexRange): boolean {
  const cmp = compareLex(member, range.min);
  return range.minExclusive ? cmp > 0 : cmp >= 0;
}

/** zslLexValueLteMax */
export function lexBelowMax(member: string, range: LexRange): boolean {
  const cmp = compareLex(member, range.max);
  return range.maxExclusive ? cmp < 0 : cmp <= 0;
}

/** Whether a score range can hold anything at all (zslIsInRange's first test). */
export function scoreRangeIsEmpty(range: ScoreRange): boolean {
  return range.min > range.max || (range.min === range.max && (range.minExclusive || range.maxExclusive));
}

/** Whether a lex range can hold anything at all (zslIsInLexRange's first test). */
export function lexRangeIsEmpty(range: LexRange): boolean {
  const cmp = compareLex(range.min, range.max);
  return cmp > 0 || (cmp === 0 && (range.minExclusive || range.maxExclusive));
}

function randomLevel(): number {
  let level = 1;
  while (level < MAX_LEVEL && Math.random() < P) level++;
  return level;
}

// A node is a block of int32s in one pool, its data and links side by side so a step of a
// search touches one place: [backward, level, slot, (pad), score as a float64, then forward
// and span for each level]. Its id is the block's offset (even, so the score is aligned).
const BACKWARD = 0;
const LEVEL = 1;
const SLOT = 2;
/** The score's index in the pool's float64 view is (node + SCORE) / 2. */
const SCORE = 4;
const FORWARD = 6;
const blockSize = (level: number): number => FORWARD + 2 * level;

/**
 * Scratch for one insert or delete: the predecessor at each level and its rank. Not state:
 * each operation fills what it reads before reading it, and none can run inside another.
 */
const UPDATE = new Int32Array(MAX_LEVEL);
const RANK = new Float64Array(MAX_LEVEL);
/** Where `search` stores what it reads ahead, so that the JIT keeps those loads. */
const TOUCHED = new Float64Array(1);

export class SkipList {
  private pool = new Int32Array(64);
  private f64 = new Float64Array(this.pool.buffer);
  private used = 0;
  /** Freed blocks by level, reused first. */
  private readonly freeBlocks: number[][] = [];
  /** Slot → member and slot → node: slots are dense ids, stable while the member lives (ZSCAN). */
  private readonly members = new ChunkedArray<string>();
  private slotNode = new Int32Array(4);
  private readonly freeSlots: number[] = [];
  private header: number;
  private tail = NONE;
  private count = 0;
  /** Levels in use (Redis's zsl->level); the header's block may hold more. */
  private level = 0;

  constructor() {
    this.header = this.allocBlock(4);
    this.pool[this.header + LEVEL] = 4;
    this.pool.fill(NONE, this.header + FORWARD, this.header + blockSize(4));
  }

  get length(): number {
    return this.count;
  }

  /** The lowest-ranked node, or NONE when empty. */
  get first(): number {
    return this.level === 0 ? NONE : this.pool[this.header + FORWARD]!;
  }

  /** The highest-ranked node, or NONE when empty. */
  get last(): number {
    return this.tail;
  }

  member(node: number): string {
    return this.members.get(this.pool[node + SLOT]!);
  }

  score(node: number): number {
    return this.f64[(node + SCORE) >> 1]!;
  }

  next(node: number): number {
    return this.pool[node + FORWARD]!;
  }

  prev(node: number): number {
    return this.pool[node + BACKWARD]!;
  }

  /** One past the highest slot ever used. */
  get slotLimit(): number {
    return this.members.length;
  }

  /** The node holding `slot`, or NONE when the slot is free. */
  nodeAtSlot(slot: number): number {
    return slot < this.members.length ? this.slotNode[slot]! : NONE;
  }

  // --- storage -------------------------------------------------------------------------------

  private allocBlock(level: number): number {
    const reused = this.freeBlocks[level]?.pop();
    if (reused !== undefined) return reused;
    const at = this.used;
    const need = at + blockSize(level);
    if (need > this.pool.length) {
      const grown = new Int32Array(Math.max(need, this.pool.length * 2));
      grown.set(this.pool);
      this.pool = grown;
      this.f64 = new Float64Array(grown.buffer);
    }
    this.used = need;
    return at;
  }

  private allocNode(score: number, member: string, level: number): number {
    const node = this.allocBlock(level);
    const pool = this.pool;
    pool[node + LEVEL] = level;
    this.f64[(node + SCORE) >> 1] = score;
    let slot = this.freeSlots.pop();
    if (slot === undefined) {
      slot = this.members.push(member);
      if (slot >= this.slotNode.length) {
        const grown = new Int32Array(this.slotNode.length * 2);
        grown.set(this.slotNode);
        this.slotNode = grown;
      }
    } else {
      this.members.set(slot, member);
    }
    this.slotNode[slot] = node;
    pool[node + SLOT] = slot;
    return node;
  }

  /** The header gets more levels: its block is replaced by a larger one. */
  private growHeader(level: number): void {
    const old = this.header;
    const capacity = this.pool[old + LEVEL]!;
    if (level <= capacity) return;
    const larger = Math.min(MAX_LEVEL, Math.max(level, capacity * 2));
    const block = this.allocBlock(larger);
    const pool = this.pool;
    pool.copyWithin(block, old, old + blockSize(capacity));
    pool.fill(NONE, block + blockSize(capacity), block + blockSize(larger));
    pool[block + LEVEL] = larger;
    (this.freeBlocks[capacity] ??= []).push(old);
    this.header = block;
  }

  // --- ordering ------------------------------------------------------------------------------

  /**
   * Fills UPDATE with the node whose link at each level leads to (score, member) or past it,
   * and RANK with its rank (members before it).
   */
  private search(score: number, member: string): void {
    const pool = this.pool;
    const f64 = this.f64;
    let x = this.header;
    let traversed = 0;
    let touched = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      let at = x + FORWARD + 2 * i;
      let next = pool[at]!;
      while (next !== NONE) {
        // Also read the score a step down from here would compare first (x's next one level
        // lower, its link beside this one): its cache miss then overlaps this step's, instead
        // of coming after it once this level ends at x, as it does at every level.
        if (i > 0) {
          const below = pool[at - 2]!;
          if (below !== NONE) touched += f64[(below + SCORE) >> 1]!;
        }
        const s = f64[(next + SCORE) >> 1]!;
        if (!(s < score || (s === score && this.members.get(pool[next + SLOT]!) < member))) break;
        traversed += pool[at + 1]!;
        x = next;
        at = x + FORWARD + 2 * i;
        next = pool[at]!;
      }
      UPDATE[i] = x;
      RANK[i] = traversed;
    }
    TOUCHED[0] = touched;
  }

  // --- changes -------------------------------------------------------------------------------

  /** zslInsert: adds a member not yet present; returns its node. */
  insert(score: number, member: string): number {
    const node = this.allocNode(score, member, randomLevel());
    this.link(node);
    return node;
  }

  /** Links a node (a new one, or one just unlinked) at its place by (score, member). */
  private link(node: number): void {
    const nodeLevel = this.pool[node + LEVEL]!;
    // First, as the header may move and the search records it as a predecessor.
    this.growHeader(nodeLevel);
    this.search(this.score(node), this.member(node));
    if (nodeLevel > this.level) {
      for (let i = this.level; i < nodeLevel; i++) {
        RANK[i] = 0;
        UPDATE[i] = this.header;
        this.pool[this.header + FORWARD + 2 * i + 1] = this.count;
      }
      this.level = nodeLevel;
    }
    const pool = this.pool;
    const rank0 = RANK[0]!;
    for (let i = 0; i < nodeLevel; i++) {
      const prevAt = UPDATE[i]! + FORWARD + 2 * i;
      const nodeAt = node + FORWARD + 2 * i;
      const skipped = rank0 - RANK[i]!;
      pool[nodeAt] = pool[prevAt]!;
      pool[prevAt] = node;
      // The new node splits prev's link: it lies `skipped` steps after prev.
      pool[nodeAt + 1] = pool[prevAt + 1]! - skipped;
      pool[prevAt + 1] = skipped + 1;
    }
    for (let i = nodeLevel; i < this.level; i++) pool[UPDATE[i]! + FORWARD + 2 * i + 1]!++;
    const prev = UPDATE[0]!;
    pool[node + BACKWARD] = prev === this.header ? NONE : prev;
    const next = pool[node + FORWARD]!;
    if (next !== NONE) pool[next + BACKWARD] = node;
    else this.tail = node;
    this.count++;
  }

  /**
   * zslDeleteNode: unlinks `node`, its predecessors found by `search` — or, for the first node
   * (ZPOPMIN's), known without one: the header precedes it at every level.
   */
  private unlink(node: number): void {
    const pool = this.pool;
    if (pool[this.header + FORWARD] === node) UPDATE.fill(this.header, 0, this.level);
    else this.search(this.score(node), this.member(node));
    for (let i = 0; i < this.level; i++) {
      const prevAt = UPDATE[i]! + FORWARD + 2 * i;
      if (pool[prevAt] === node) {
        pool[prevAt + 1]! += pool[node + FORWARD + 2 * i + 1]! - 1;
        pool[prevAt] = pool[node + FORWARD + 2 * i]!;
      } else {
        pool[prevAt + 1]!--;
      }
    }
    const next = pool[node + FORWARD]!;
    const backward = pool[node + BACKWARD]!;
    if (next !== NONE) pool[next + BACKWARD] = backward;
    else this.tail = backward;
    while (this.level > 0 && pool[this.header + FORWARD + 2 * (this.level - 1)] === NONE) this.level--;
    this.count--;
  }

  /** Removes `node`; its block and slot may be reused by a later insert. */
  delete(node: number): void {
    this.unlink(node);
    const pool = this.pool;
    const slot = pool[node + SLOT]!;
    this.members.set(slot, "");
    this.slotNode[slot] = NONE;
    this.freeSlots.push(slot);
    const level = pool[node + LEVEL]!;
    (this.freeBlocks[level] ??= []).push(node);
  }

  /**
   * zslUpdateScore: gives `node` a new score. When its neighbours still bracket it the score
   * changes in place; otherwise the node moves (keeping its id, slot and level).
   */
  updateScore(node: number, score: number): void {
    const prev = this.prev(node);
    const next = this.next(node);
    if ((prev === NONE || this.score(prev) < score) && (next === NONE || this.score(next) > score)) {
      this.f64[(node + SCORE) >> 1] = score;
      return;
    }
    this.unlink(node);
    this.f64[(node + SCORE) >> 1] = score;
    this.link(node);
  }

  // --- queries -------------------------------------------------------------------------------

  /** zslGetRank: the 1-based rank of `node` (which must be in the list). */
  rank(node: number): number {
    this.search(this.score(node), this.member(node));
    // The search stops just before the node: its rank is one past its predecessor's.
    return RANK[0]! + 1;
  }

  /** zslGetElementByRank: the node at 1-based `rank`, or NONE past either end. */
  byRank(rank: number): number {
    if (rank < 1 || rank > this.count) return NONE;
    const pool = this.pool;
    let traversed = 0;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let at = x + FORWARD + 2 * i;
      while (pool[at] !== NONE && traversed + pool[at + 1]! <= rank) {
        traversed += pool[at + 1]!;
        x = pool[at]!;
        at = x + FORWARD + 2 * i;
      }
      if (traversed === rank) return x;
    }
    return NONE;
  }

  /**
   * The last node at which `stillBefore` holds, walking down from the header (the header when
   * none does): the common descent of the range searches.
   */
  private lastWhere(stillBefore: (node: number) => boolean): number {
    const pool = this.pool;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let next = pool[x + FORWARD + 2 * i]!;
      while (next !== NONE && stillBefore(next)) {
        x = next;
        next = pool[x + FORWARD + 2 * i]!;
      }
    }
    return x;
  }

  /** zslFirstInRange: the first node within `range`, or NONE. */
  firstInScoreRange(range: ScoreRange): number {
    if (!this.overlapsScores(range)) return NONE;
    const node = this.next(this.lastWhere((x) => !scoreAboveMin(this.score(x), range)));
    return node !== NONE && scoreBelowMax(this.score(node), range) ? node : NONE;
  }

  /** zslLastInRange: the last node within `range`, or NONE. */
  lastInScoreRange(range: ScoreRange): number {
    if (!this.overlapsScores(range)) return NONE;
    const node = this.lastWhere((x) => scoreBelowMax(this.score(x), range));
    return node !== this.header && scoreAboveMin(this.score(node), range) ? node : NONE;
  }

  /** zslFirstInLexRange */
  firstInLexRange(range: LexRange): number {
    if (!this.overlapsLex(range)) return NONE;
    const node = this.next(this.lastWhere((x) => !lexAboveMin(this.member(x), range)));
    return node !== NONE && lexBelowMax(this.member(node), range) ? node : NONE;
  }

  /** zslLastInLexRange */
  lastInLexRange(range: LexRange): number {
    if (!this.overlapsLex(range)) return NONE;
    const node = this.lastWhere((x) => lexBelowMax(this.member(x), range));
    return node !== this.header && lexAboveMin(this.member(node), range) ? node : NONE;
  }

  /** zslIsInRange: the range is not empty and meets the list's span of scores. */
  private overlapsScores(range: ScoreRange): boolean {
    return !scoreRangeIsEmpty(range) && this.count > 0 && scoreBelowMax(this.score(this.first), range) && scoreAboveMin(this.score(this.tail), range);
  }

  /** zslIsInLexRange (and zzlIsInLexRange): the range is not empty and meets the list's first and last members. */
  overlapsLex(range: LexRange): boolean {
    return !lexRangeIsEmpty(range) && this.count > 0 && lexBelowMax(this.member(this.first), range) && lexAboveMin(this.member(this.tail), range);
  }
}
