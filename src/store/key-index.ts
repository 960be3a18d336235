// The dict half of a db: key → slot, as an open-addressing hash table over an Int32Array.
// A JS Map would cost a heap-allocated bucket object per key (measured: 286 bytes per 64-byte
// key vs Redis's 176) and several dependent cache misses per lookup; here each bucket holds a
// slot number and its key's hash side by side, so a probe reads one cache line and only a
// matching hash goes on to compare the key string stored in the slot. Linear probing with
// backward-shift deletion keeps the table free of tombstones. The hash seed is random per table
// so that a client cannot choose keys that collide (Redis seeds its siphash for the same reason).

import type { Slab } from "./slab.ts";
import { hashBytes, hashLatin1 } from "./string-hash.ts";

const EMPTY = -1;
/** A Database keeps this many cells per slot, the key's first (see Database.cells). */
export const CELLS_PER_SLOT = 3;
const MIN_CAPACITY = 16;

export class KeyIndex {
  /** Bucket i is [2i] = slot (or EMPTY) and [2i+1] = hash. Capacity is a power of two. */
  private buckets = emptyBuckets(MIN_CAPACITY);
  private mask = MIN_CAPACITY - 1;
  private count = 0;
  private readonly seed = (Math.random() * 0x100000000) >>> 0;

  get size(): number {
    return this.count;
  }

  hash(key: string): number {
    return hashLatin1(key, this.seed);
  }

  /** hash() of the latin1 string bytes[start, end), read from the bytes. */
  hashBytes(bytes: Uint8Array, start: number, end: number): number {
    return hashBytes(bytes, start, end, this.seed);
  }

  /**
   * A prefetch's first stage (Database.prefetch): for each of hashes[0, count), the slot of the
   * first entry of its probe run that has this hash (the one `find` will compare, almost always
   * the key's own), or -1. The home buckets are read in a loop of their own first: with no
   * branch on what they hold, the CPU has all their cache misses in flight at once.
   */
  candidateSlots(hashes: Int32Array, count: number, slots: Int32Array): void {
    const buckets = this.buckets;
    const mask = this.mask;
    for (let k = 0; k < count; k++) slots[k] = buckets[2 * (hashes[k]! & mask)]!;
    for (let k = 0; k < count; k++) {
      const hash = hashes[k]!;
      let candidate = -1;
      for (let i = hash & mask; buckets[2 * i] !== EMPTY; i = (i + 1) & mask) {
        if (buckets[2 * i + 1] === hash) {
          candidate = buckets[2 * i]!;
          break;
        }
      }
      slots[k] = candidate;
    }
  }

  /**
   * The slot holding `key`, or -1. `cells` is the Database's array with slot s's key at
   * CELLS_PER_SLOT·s:
   * a slab handle of its bytes, or the string itself for a key too long for the slab.
   */
  find(key: string, hash: number, cells: readonly unknown[], slab: Slab): number {
    const buckets = this.buckets;
    const mask = this.mask;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const slot = buckets[2 * i]!;
      if (slot === EMPTY) return -1;
      if (buckets[2 * i + 1] !== hash) continue;
      const cell = cells[CELLS_PER_SLOT * slot];
      if (typeof cell === "number" ? slab.equalsLatin1(cell, key) : cell === key) return slot;
    }
  }

  /** Records a new key at `slot` (the caller checked it is absent). */
  insert(slot: number, hash: number): void {
    if ((this.count + 1) * 4 > (this.mask + 1) * 3) this.resize((this.mask + 1) * 2);
    this.place(slot, hash);
    this.count++;
  }

  /** Forgets `slot`, shifting later entries of its probe run back into the hole. */
  remove(slot: number, hash: number): void {
    const buckets = this.buckets;
    const mask = this.mask;
    let hole = hash & mask;
    while (buckets[2 * hole] !== slot) hole = (hole + 1) & mask;
    for (let next = (hole + 1) & mask; ; next = (next + 1) & mask) {
      const moving = buckets[2 * next]!;
      if (moving === EMPTY) break;
      const home = buckets[2 * next + 1]! & mask;
      // The entry at `next` may move into the hole unless its home lies cyclically in (hole, next].
      if (((next - home) & mask) >= ((next - hole) & mask)) {
        buckets[2 * hole] = moving;
        buckets[2 * hole + 1] = buckets[2 * next + 1]!;
        hole = next;
      }
    }
    buckets[2 * hole] = EMPTY;
    this.count--;
    const capacity = mask + 1;
    if (this.count * 8 < capacity && capacity > MIN_CAPACITY) this.resize(capacity / 2);
  }

  clear(): void {
    this.buckets = emptyBuckets(MIN_CAPACITY);
    this.mask = MIN_CAPACITY - 1;
    this.count = 0;
  }

  private place(slot: number, hash: number): void {
    const buckets = this.buckets;
    const mask = this.mask;
    let i = hash & mask;
    while (buckets[2 * i] !== EMPTY) i = (i + 1) & mask;
    buckets[2 * i] = slot;
    buckets[2 * i + 1] = hash;
  }

  private resize(capacity: number): void {
    const old = this.buckets;
    this.buckets = emptyBuckets(capacity);
    this.mask = capacity - 1;
    for (let b = 0; b < old.length; b += 2) {
      if (old[b] !== EMPTY) this.place(old[b]!, old[b + 1]!);
    }
  }
}

function emptyBuckets(capacity: number): Int32Array {
  return new Int32Array(capacity * 2).fill(EMPTY);
}
