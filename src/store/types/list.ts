// The list value (Redis's OBJ_LIST, a quicklist in 7.0): a deque of elements held as latin1
// strings (one char per byte) in a ring buffer whose capacity is a power of two, stored in
// chunks of at most 1024 slots, as a quicklist in nodes: pushes and pops at both ends are O(1)
// (no Array.shift or unshift), indexed access is O(1), and an insert or removal in the middle
// moves the shorter side.

import type { CollectionValue } from "../keyspace.ts";

/** The smallest ring; it shrinks back to this size, not below. */
const MIN_SHIFT = 3;
/**
 * log2 of the largest chunk: a list that outgrows one chunk of this size gets more chunks, not
 * a larger one. Why chunks: JSC's generational GC rescans, at every young collection, each old
 * array a young string was stored into, whole — a list of millions held in one array was
 * rescanned at every collection; in chunks only the chunk at each end is. redis-benchmark
 * -P 16, GC time and server CPU, one array → chunks: LPUSH 5 M onto one list 1.4–1.8 s → 0.34 s
 * and −15…19 %; LPUSH + RPUSH 1 M each 0.8–1.0 s → 0.4–0.5 s and −5…15 %. 256-slot chunks
 * measured the same as 1024.
 */
const MAX_SHIFT = 10;

/** Which end of a list: Redis's LIST_HEAD (LEFT) and LIST_TAIL (RIGHT). */
export const ListEnd = { head: 0, tail: 1 } as const;
export type ListEnd = (typeof ListEnd)[keyof typeof ListEnd];

type Chunk = (string | undefined)[];

function newChunk(shift: number): Chunk {
  return new Array<string | undefined>(1 << shift).fill(undefined);
}

export class ListValue implements CollectionValue {
  readonly type = "list";
  /**
   * The ring: position p (0 ≤ p ≤ mask) is slot `p & chunkMask` of chunk `dir[p >> shift]`.
   * Positions [start, start + length) modulo the capacity hold the elements; other slots are
   * undefined, and a chunk with no element in it is released (undefined in `dir`).
   */
  private dir: (Chunk | undefined)[];
  private shift: number;
  private chunkMask: number;
  /** capacity - 1 (the capacity, dir.length << shift, is a power of two). */
  private mask: number;
  private start = 0;
  /** A released chunk kept for the next one needed: LPUSH/LPOP across a chunk edge would otherwise allocate one every other call. */
  private spare: Chunk | undefined;
  length = 0;

  constructor() {
    this.shift = MIN_SHIFT;
    this.chunkMask = (1 << MIN_SHIFT) - 1;
    this.mask = this.chunkMask;
    this.dir = [newChunk(MIN_SHIFT)];
  }

  /** Redis 7.0 keeps every list in a quicklist, however small (listpack lists came in 7.2). */
  encoding(): string {
    return "quicklist";
  }

  clone(): ListValue {
    const copy = new ListValue();
    copy.relayout(this.shift, this.dir.length, this);
    return copy;
  }

  /** The element at `index` (0 ≤ index < length). */
  at(index: number): string {
    const p = (this.start + index) & this.mask;
    return this.dir[p >>> this.shift]![p & this.chunkMask]!;
  }

  /** Replaces the element at `index` (0 ≤ index < length). */
  set(index: number, value: string): void {
    const p = (this.start + index) & this.mask;
    this.dir[p >>> this.shift]![p & this.chunkMask] = value;
  }

  pushHead(value: string): void {
    if (this.length > this.mask) this.grow();
    const p = (this.start - 1) & this.mask;
    this.chunkAt(p)[p & this.chunkMask] = value;
    this.start = p;
    this.length++;
  }

  pushTail(value: string): void {
    if (this.length > this.mask) this.grow();
    const p = (this.start + this.length) & this.mask;
    this.chunkAt(p)[p & this.chunkMask] = value;
    this.length++;
  }

  push(value: string, where: ListEnd): void {
    if (where === ListEnd.head) this.pushHead(value);
    else this.pushTail(value);
  }

  /** Removes and returns the first element (the list must not be empty). */
  popHead(): string {
    const value = this.dropHead();
    this.shrinkIfSparse();
    return value;
  }

  /** Removes and returns the last element (the list must not be empty). */
  popTail(): string {
    const value = this.dropTail();
    this.shrinkIfSparse();
    return value;
  }

  pop(where: ListEnd): string {
    return where === ListEnd.head ? this.popHead() : this.popTail();
  }

  *values(): IterableIterator<string> {
    for (let i = 0; i < this.length; i++) yield this.at(i);
  }

  /** The index of the first element equal to `value` (-1 if none). */
  indexOf(value: string): number {
    for (let i = 0; i < this.length; i++) if (this.at(i) === value) return i;
    return -1;
  }

  /** Inserts `value` so that it ends up at `index` (0 ≤ index ≤ length), moving the shorter side. */
  insert(index: number, value: string): void {
    if (index < this.length - index) {
      this.pushHead(this.length === 0 ? value : this.at(0));
      for (let i = 1; i < index; i++) this.set(i, this.at(i + 1));
    } else {
      this.pushTail(this.length === 0 ? value : this.at(this.length - 1));
      for (let i = this.length - 2; i > index; i--) this.set(i, this.at(i - 1));
    }
    this.set(index, value);
  }

  /** Drops `fromHead` elements at the head and `fromTail` at the tail (LTRIM). */
  trim(fromHead: number, fromTail: number): void {
    for (let i = 0; i < fromHead; i++) this.dropHead();
    for (let i = 0; i < fromTail; i++) this.dropTail();
    this.shrinkIfSparse();
  }

  /**
   * LREM: removes elements equal to `value`, at most `limit` of them (0: all), scanning from
   * the head, or from the tail when `fromTail`. Returns how many went. One O(n) pass that
   * closes the gaps toward the end the scan started from.
   */
  remove(value: string, limit: number, fromTail: boolean): number {
    const n = this.length;
    let removed = 0;
    let kept = 0;
    for (let i = 0; i < n; i++) {
      const element = this.at(fromTail ? n - 1 - i : i);
      if (element === value && (limit === 0 || removed < limit)) {
        removed++;
        continue;
      }
      this.set(fromTail ? n - 1 - kept : kept, element);
      kept++;
    }
    if (removed === 0) return 0;
    this.trim(fromTail ? removed : 0, fromTail ? 0 : removed);
    return removed;
  }

  /** The chunk holding position `p`, allocated if it was released. */
  private chunkAt(p: number): Chunk {
    const c = p >>> this.shift;
    let chunk = this.dir[c];
    if (chunk === undefined) {
      chunk = this.spare ?? newChunk(this.shift);
      this.spare = undefined;
      this.dir[c] = chunk;
    }
    return chunk;
  }

  private dropHead(): string {
    const p = this.start;
    this.start = (p + 1) & this.mask;
    this.length--;
    return this.clear(p);
  }

  private dropTail(): string {
    this.length--;
    return this.clear((this.start + this.length) & this.mask);
  }

  /**
   * Empties position `p`, just dropped from one end, and returns what it held. Its chunk is
   * left empty, and released, unless an end of the remaining elements is still in it (they
   * are contiguous, so one would be).
   */
  private clear(p: number): string {
    const c = p >>> this.shift;
    const chunk = this.dir[c]!;
    const value = chunk[p & this.chunkMask]!;
    chunk[p & this.chunkMask] = undefined;
    if (this.dir.length > 1 && (this.length === 0 || (this.start >>> this.shift !== c && ((this.start + this.length - 1) & this.mask) >>> this.shift !== c))) {
      this.dir[c] = undefined;
      this.spare = chunk;
    }
    return value;
  }

  /** A full ring doubles: a larger single chunk while small, else twice the chunks. */
  private grow(): void {
    const n = this.dir.length;
    if (n === 1 && this.shift < MAX_SHIFT) return this.relayout(this.shift + 1, 1, this);
    // The elements keep their positions from `start` to the old end; those that had wrapped
    // to the front move up by the old capacity: whole chunks move, and the chunk `start` is
    // in has its wrapped slots copied to a chunk of their own.
    const dir = new Array<Chunk | undefined>(2 * n).fill(undefined);
    const c = this.start >>> this.shift;
    for (let k = 0; k < n; k++) dir[k < c ? k + n : k] = this.dir[k];
    const wrapped = this.start & this.chunkMask;
    if (wrapped > 0) {
      const from = this.dir[c]!;
      const to = newChunk(this.shift);
      for (let i = 0; i < wrapped; i++) {
        to[i] = from[i];
        from[i] = undefined;
      }
      dir[c + n] = to;
    }
    this.dir = dir;
    this.mask = 2 * n * (this.chunkMask + 1) - 1;
  }

  /** Gives memory back as a list empties: halve the ring while it is three-quarters free. */
  private shrinkIfSparse(): void {
    if (this.shift > MIN_SHIFT && this.length < (this.mask + 1) >>> 2) {
      if (this.dir.length === 1) this.relayout(this.shift - 1, 1, this);
      else this.relayout(this.shift, this.dir.length >>> 1, this);
    }
  }

  /** Copies `from`'s elements to a new ring of `chunks` chunks of 2^shift slots, from position 0. */
  private relayout(shift: number, chunks: number, from: ListValue): void {
    const size = 1 << shift;
    const dir = new Array<Chunk | undefined>(chunks).fill(undefined);
    for (let c = 0; c === 0 || c * size < from.length; c++) {
      const chunk = newChunk(shift);
      const end = Math.min(from.length, (c + 1) * size);
      for (let i = c * size; i < end; i++) chunk[i - c * size] = from.at(i);
      dir[c] = chunk;
    }
    this.length = from.length;
    this.dir = dir;
    this.shift = shift;
    this.chunkMask = size - 1;
    this.mask = chunks * size - 1;
    this.start = 0;
    this.spare = undefined;
  }
}
