// The list value (Redis's OBJ_LIST, a quicklist in 7.0): a deque of elements held as latin1
// strings (one char per byte) in a ring buffer — a JS array whose capacity is a power of two,
// a head index and a length — so pushes and pops at both ends are O(1) (no Array.shift or
// unshift), indexed access is O(1), and an insert or removal in the middle moves the shorter side.

import type { CollectionValue } from "../keyspace.ts";

/** The smallest ring; it shrinks back to this size, not below. */
const MIN_CAPACITY = 8;

/** Which end of a list: Redis's LIST_HEAD (LEFT) and LIST_TAIL (RIGHT). */
export const ListEnd = { head: 0, tail: 1 } as const;
export type ListEnd = (typeof ListEnd)[keyof typeof ListEnd];

export class ListValue implements CollectionValue {
  readonly type = "list";
  /** Slots [head, head + length) modulo the capacity hold the elements; the rest are undefined. */
  private ring: (string | undefined)[];
  private head = 0;
  /** capacity - 1 (the capacity is a power of two, so `& mask` wraps an index). */
  private mask: number;
  length = 0;

  constructor(capacity = MIN_CAPACITY) {
    this.ring = new Array<string | undefined>(capacity).fill(undefined);
    this.mask = capacity - 1;
  }

  /** Redis 7.0 keeps every list in a quicklist, however small (listpack lists came in 7.2). */
  encoding(): string {
    return "quicklist";
  }

  clone(): ListValue {
    const copy = new ListValue(this.mask + 1);
    for (let i = 0; i < this.length; i++) copy.ring[i] = this.at(i);
    copy.length = this.length;
    return copy;
  }

  /** The element at `index` (0 ≤ index < length). */
  at(index: number): string {
    return this.ring[(this.head + index) & this.mask]!;
  }

  /** Replaces the element at `index` (0 ≤ index < length). */
  set(index: number, value: string): void {
    this.ring[(this.head + index) & this.mask] = value;
  }

  pushHead(value: string): void {
    if (this.length > this.mask) this.resize((this.mask + 1) * 2);
    this.head = (this.head - 1) & this.mask;
    this.ring[this.head] = value;
    this.length++;
  }

  pushTail(value: string): void {
    if (this.length > this.mask) this.resize((this.mask + 1) * 2);
    this.ring[(this.head + this.length) & this.mask] = value;
    this.length++;
  }

  push(value: string, where: ListEnd): void {
    if (where === ListEnd.head) this.pushHead(value);
    else this.pushTail(value);
  }

  /** Removes and returns the first element (the list must not be empty). */
  popHead(): string {
    const value = this.ring[this.head]!;
    this.ring[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.length--;
    this.shrinkIfSparse();
    return value;
  }

  /** Removes and returns the last element (the list must not be empty). */
  popTail(): string {
    const at = (this.head + this.length - 1) & this.mask;
    const value = this.ring[at]!;
    this.ring[at] = undefined;
    this.length--;
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
    if (this.length > this.mask) this.resize((this.mask + 1) * 2);
    const ring = this.ring;
    const mask = this.mask;
    if (index < this.length - index) {
      this.head = (this.head - 1) & mask;
      for (let i = 0; i < index; i++) ring[(this.head + i) & mask] = ring[(this.head + i + 1) & mask];
    } else {
      for (let i = this.length; i > index; i--) ring[(this.head + i) & mask] = ring[(this.head + i - 1) & mask];
    }
    ring[(this.head + index) & mask] = value;
    this.length++;
  }

  /** Drops `fromHead` elements at the head and `fromTail` at the tail (LTRIM). */
  trim(fromHead: number, fromTail: number): void {
    const ring = this.ring;
    const mask = this.mask;
    for (let i = 0; i < fromHead; i++) ring[(this.head + i) & mask] = undefined;
    for (let i = this.length - fromTail; i < this.length; i++) ring[(this.head + i) & mask] = undefined;
    this.head = (this.head + fromHead) & mask;
    this.length -= fromHead + fromTail;
    this.shrinkIfSparse();
  }

  /**
   * LREM: removes elements equal to `value`, at most `limit` of them (0: all), scanning from
   * the head, or from the tail when `fromTail`. Returns how many went. One O(n) pass that
   * closes the gaps toward the end the scan started from.
   */
  remove(value: string, limit: number, fromTail: boolean): number {
    const ring = this.ring;
    const mask = this.mask;
    const n = this.length;
    let removed = 0;
    let kept = 0;
    for (let i = 0; i < n; i++) {
      const at = fromTail ? n - 1 - i : i;
      const element = ring[(this.head + at) & mask]!;
      if (element === value && (limit === 0 || removed < limit)) {
        removed++;
        continue;
      }
      ring[(this.head + (fromTail ? n - 1 - kept : kept)) & mask] = element;
      kept++;
    }
    if (removed === 0) return 0;
    if (fromTail) {
      for (let i = 0; i < removed; i++) ring[(this.head + i) & mask] = undefined;
      this.head = (this.head + removed) & mask;
    } else {
      for (let i = kept; i < n; i++) ring[(this.head + i) & mask] = undefined;
    }
    this.length = kept;
    this.shrinkIfSparse();
    return removed;
  }

  /** Gives memory back as a list empties: halve the ring while it is three-quarters free. */
  private shrinkIfSparse(): void {
    const capacity = this.mask + 1;
    if (capacity > MIN_CAPACITY && this.length < capacity >>> 2) this.resize(capacity >>> 1);
  }

  /** Copies the elements to a new ring of `capacity` slots, starting at 0. */
  private resize(capacity: number): void {
    const ring = new Array<string | undefined>(capacity).fill(undefined);
    for (let i = 0; i < this.length; i++) ring[i] = this.at(i);
    this.ring = ring;
    this.head = 0;
    this.mask = capacity - 1;
  }
}
