// The sorted set value (Redis's zset): a skip list for order and rank plus a Map from member to
// its node for O(1) score lookups, as Redis pairs zskiplist with a dict. Members are latin1
// strings (one char per byte). OBJECT ENCODING says `listpack` until the set outgrows
// zset-max-listpack-entries/-value (checked on insert, as zsetAdd does), then `skiplist`, never
// back — except where Redis rebuilds a compact one (zsetConvertToListpackIfNeeded).

import type { CollectionValue } from "../keyspace.ts";
import { SkipList, type LexRange, type ScoreRange, type SkipNode } from "./skiplist.ts";

export type { LexRange, ScoreRange, SkipNode } from "./skiplist.ts";

/** zset-max-listpack-entries and zset-max-listpack-value, read from the config per command. */
export interface ListpackLimits {
  maxEntries: number;
  maxValue: number;
}

export class SortedSetValue implements CollectionValue {
  readonly type = "zset";
  private readonly list = new SkipList();
  private readonly nodes = new Map<string, SkipNode>();
  /**
   * Scan slots: each node keeps the slot it got when added until it is removed, so ZSCAN's
   * cursor (a slot number) returns every member present for a whole iteration, as dictScan.
   */
  private readonly slots: (SkipNode | undefined)[] = [];
  /** Freed slots, reused first; the table keeps its peak size (a queue reuses the same slots). */
  private readonly freeSlots: number[] = [];

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
    return this.nodes.get(member)?.score;
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
    const node = this.list.insert(this.stored(score), member);
    this.nodes.set(member, node);
    const slot = this.freeSlots.pop() ?? this.slots.length;
    this.slots[slot] = node;
    node.slot = slot;
  }

  /** Gives a present member a new score (zslUpdateScore). */
  update(member: string, score: number): void {
    const node = this.nodes.get(member);
    if (node !== undefined && node.score !== score) this.list.updateScore(node, this.stored(score));
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
    if (node === undefined) return false;
    this.nodes.delete(member);
    this.list.deleteNode(node);
    this.releaseSlot(node);
    return true;
  }

  /** Removes a node this set returned (first/last/range walks). */
  deleteNode(node: SkipNode): void {
    this.nodes.delete(node.member);
    this.list.deleteNode(node);
    this.releaseSlot(node);
  }

  private releaseSlot(node: SkipNode): void {
    this.slots[node.slot] = undefined;
    this.freeSlots.push(node.slot);
  }

  /** 0-based rank from the lowest score, or -1 when absent (zsetRank). */
  rank(member: string): number {
    const node = this.nodes.get(member);
    return node === undefined ? -1 : this.list.rank(node.score, member) - 1;
  }

  /** The node at 0-based `rank` from the lowest, or null. */
  atRank(rank: number): SkipNode | null {
    return this.list.byRank(rank + 1);
  }

  get first(): SkipNode | null {
    return this.list.first;
  }

  get last(): SkipNode | null {
    return this.list.last;
  }

  firstInScoreRange(range: ScoreRange): SkipNode | null {
    return this.list.firstInScoreRange(range);
  }

  lastInScoreRange(range: ScoreRange): SkipNode | null {
    return this.list.lastInScoreRange(range);
  }

  firstInLexRange(range: LexRange): SkipNode | null {
    return this.list.firstInLexRange(range);
  }

  lastInLexRange(range: LexRange): SkipNode | null {
    return this.list.lastInLexRange(range);
  }

  /** Ascending [member, score] pairs. */
  *entries(): IterableIterator<[string, number]> {
    for (const node of this.list.from(this.list.first)) yield [node.member, node.score];
  }

  /** The upper bound (exclusive) of scan slots. */
  get slotLimit(): number {
    return this.slots.length;
  }

  /** The node in scan slot `slot`, if any. */
  nodeInSlot(slot: number): SkipNode | undefined {
    return this.slots[slot];
  }

  /**
   * zsetConvertToListpackIfNeeded: a skip list small enough in entries and member length
   * becomes a listpack again (what ZUNIONSTORE and friends do with their result).
   */
  compactIfFits(limits: ListpackLimits): void {
    if (this.compact || this.list.length > limits.maxEntries) return;
    for (const member of this.nodes.keys()) if (member.length > limits.maxValue) return;
    this.compact = true;
    for (const node of this.nodes.values()) node.score = this.stored(node.score);
  }

  clone(): SortedSetValue {
    const copy = new SortedSetValue(this.compact);
    // zsetDup inserts from the highest down, so each insert stops at the head.
    const unlimited = { maxEntries: Infinity, maxValue: Infinity };
    for (let node = this.list.last; node !== null; node = node.backward) copy.insert(node.member, node.score, unlimited);
    return copy;
  }
}
