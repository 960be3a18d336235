// The sorted set value (Redis's zset): a skip list for order and rank plus a Map from member to
// its node for O(1) score lookups, as Redis pairs zskiplist with a dict. Members are latin1
// strings (one char per byte); nodes are the skip list's integer ids. OBJECT ENCODING says
// `listpack` until the set outgrows zset-max-listpack-entries/-value (checked on insert, as
// zsetAdd does), then `skiplist`, never back — except where Redis rebuilds a compact one.

import type { CollectionValue } from "../keyspace.ts";
import { StringIndex, hashOf } from "./string-index.ts";
import { NONE, SkipList, lexAboveMin, lexBelowMax, type LexRange, type ScoreRange } from "./skiplist.ts";

export { NONE } from "./skiplist.ts";
export type { LexRange, ScoreRange } from "./skiplist.ts";

/** zset-max-listpack-entries and zset-max-listpack-value, read from the config per command. */
export interface ListpackLimits {
  maxEntries: number;
  maxValue: number;
}

const UNLIMITED: ListpackLimits = { maxEntries: Infinity, maxValue: Infinity };

export class SortedSetValue implements CollectionValue {
  readonly type = "zset";
  private readonly list = new SkipList();
  /**
   * member → node, in the byte-keyed index sets and hashes use rather than a JS Map: with 1 M
   * members ZPOPMIN at pipeline 16 went from 0.32× to 0.36× Redis (`bun run bench --tests
   * zadd,zpopmin --rounds 2 --pin`), the Map's lookups and GC rescans being the difference.
   */
  private readonly nodes = new StringIndex();

  /** `compact` is whether it starts as a listpack (createZsetListpackObject). */
  constructor(private compact = true) {}

  encoding(): string {
    return this.compact ? "listpack" : "skiplist";
  }

  get isListpack(): boolean {
    return this.compact;
  }

  get size(): number {
    return this.list.length;
  }

  score(member: string): number | undefined {
    const node = this.nodes.get(member);
    return node === NONE ? undefined : this.list.score(node);
  }

  has(member: string): boolean {
    return this.nodes.has(member);
  }

  /**
   * Adds a member not present yet (zsetAdd's insert path): a listpack that would pass the
   * limits becomes a skip list first.
   */
  insert(member: string, score: number, limits: ListpackLimits): void {
    if (this.compact && (this.list.length + 1 > limits.maxEntries || member.length > limits.maxValue)) this.compact = false;
    this.nodes.set(member, this.list.insert(this.stored(score), member));
  }

  /** The node holding `member`, or NONE. */
  nodeOf(member: string): number {
    return this.nodes.get(member);
  }

  /** Gives a node of this set a new score (zslUpdateScore). */
  setScore(node: number, score: number): void {
    if (this.list.score(node) !== score) this.list.updateScore(node, this.stored(score));
  }

  /**
   * The score as the encoding keeps it: a listpack stores scores as text via 7.0's d2string,
   * which writes -0 as "0" (it takes the integer path), so -0 comes back as 0 there only.
   */
  private stored(score: number): number {
    return this.compact && score === 0 ? 0 : score;
  }

  /** Removes a member; false if it was not there. */
  delete(member: string): boolean {
    const node = this.nodes.get(member);
    if (node === NONE) return false;
    this.deleteNode(node);
    return true;
  }

  /** Removes a node of this set; its id may be reused by a later insert. */
  deleteNode(node: number): void {
    this.nodes.deleteValue(hashOf(this.list.member(node)), node);
    this.list.delete(node);
  }

  /** 0-based rank from the lowest score, or -1 when absent (zsetRank). */
  rank(member: string): number {
    const node = this.nodes.get(member);
    return node === NONE ? -1 : this.list.rank(node) - 1;
  }

  /** The 0-based rank of a node of this set. */
  rankOf(node: number): number {
    return this.list.rank(node) - 1;
  }

  /** The node at 0-based `rank` from the lowest, or NONE. */
  atRank(rank: number): number {
    return this.list.byRank(rank + 1);
  }

  /** The lowest node (NONE when empty). */
  get first(): number {
    return this.list.first;
  }

  /** The highest node (NONE when empty). */
  get last(): number {
    return this.list.last;
  }

  next(node: number): number {
    return this.list.next(node);
  }

  prev(node: number): number {
    return this.list.prev(node);
  }

  memberOf(node: number): string {
    return this.list.member(node);
  }

  scoreOf(node: number): number {
    return this.list.score(node);
  }

  firstInScoreRange(range: ScoreRange): number {
    return this.list.firstInScoreRange(range);
  }

  lastInScoreRange(range: ScoreRange): number {
    return this.list.lastInScoreRange(range);
  }

  // Lex ranges assume equal scores. With mixed scores Redis's answer depends on the encoding: a
  // listpack is scanned from one end (zzlFirstInLexRange / zzlLastInLexRange), which redbun
  // follows so those replies match; a skip list's descent depends on its random levels.

  /** The first node in `range` (NONE if none). */
  firstInLexRange(range: LexRange): number {
    if (!this.compact) return this.list.firstInLexRange(range);
    if (!this.list.overlapsLex(range)) return NONE;
    for (let node = this.list.first; node !== NONE; node = this.list.next(node)) {
      const member = this.list.member(node);
      if (lexAboveMin(member, range)) return lexBelowMax(member, range) ? node : NONE;
    }
    return NONE;
  }

  /** The last node in `range` (NONE if none). */
  lastInLexRange(range: LexRange): number {
    if (!this.compact) return this.list.lastInLexRange(range);
    if (!this.list.overlapsLex(range)) return NONE;
    for (let node = this.list.last; node !== NONE; node = this.list.prev(node)) {
      const member = this.list.member(node);
      if (lexBelowMax(member, range)) return lexAboveMin(member, range) ? node : NONE;
    }
    return NONE;
  }

  /** Ascending [member, score] pairs. */
  *entries(): IterableIterator<[string, number]> {
    for (let node = this.list.first; node !== NONE; node = this.list.next(node)) yield [this.list.member(node), this.list.score(node)];
  }

  /**
   * ZSCAN's cursor space: slots. A member keeps its slot while it lives, so a cursor walk
   * over [0, slotLimit) returns every member present for the whole iteration, as dictScan.
   */
  get slotLimit(): number {
    return this.list.slotLimit;
  }

  /** The node in scan slot `slot`, or NONE when the slot is free. */
  nodeInSlot(slot: number): number {
    return this.list.nodeAtSlot(slot);
  }

  /**
   * zsetConvertToListpackIfNeeded: a skip list small enough in entries and member length
   * becomes a listpack again (what ZUNIONSTORE and friends do with their result).
   */
  compactIfFits(limits: ListpackLimits): void {
    if (this.compact || this.list.length > limits.maxEntries) return;
    for (let node = this.list.first; node !== NONE; node = this.list.next(node)) {
      if (this.list.member(node).length > limits.maxValue) return;
    }
    this.compact = true;
    for (let node = this.list.first; node !== NONE; node = this.list.next(node)) {
      if (this.list.score(node) === 0) this.list.updateScore(node, 0);
    }
  }

  clone(): SortedSetValue {
    const copy = new SortedSetValue(this.compact);
    // zsetDup inserts from the highest down, so each insert stops at the head.
    for (let node = this.list.last; node !== NONE; node = this.list.prev(node)) copy.insert(this.list.member(node), this.list.score(node), UNLIMITED);
    return copy;
  }
}
