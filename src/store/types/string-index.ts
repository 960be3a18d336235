// StringIndex: latin1 string → small non-negative integer, the lookup side of a hashtable-encoded
// set (member → index) and of a hash (field → slot). Open addressing with linear probing over one
// Int32Array of [hash, value, offset, length] rows; the keys' bytes are copied into one byte
// arena. A lookup costs two cache misses (the row, the arena bytes) where a JS Map<string, …>
// costs about four (bucket, entry, JSString, StringImpl): 200–290 vs 365–550 ns per lookup of a
// fresh 20-byte string among 100 k (redis-benchmark's SADD/HSET key space, loaded 2-core
// machine); end to end at pipeline 16, SADD +9–17 % and HSET +14–41 % over the Map.

import { writeLatin1 } from "../latin1.ts";
import { PROCESS_HASH_SEED, hashLatin1 } from "../string-hash.ts";

/** Row layout: four int32 per row. */
const ROW = 4;
const HASH = 0;
const VALUE = 1;
const OFFSET = 2;
const LENGTH = 3;
/** Smallest table: 8 rows. */
const MIN_CAPACITY = 8;

/** The bit hashOf sets, above any table index. */
const HASH_PRESENT = 0x80000000 | 0;

/**
 * A member's hash: the process-wide seed, so that copies of an index (and SetValue's saved
 * hashes) stay valid. Hash 0 marks an empty row, so the top bit is set: never the low bits a
 * probe starts from (`| 1` there left every key an odd home row, and with half the homes the
 * probe runs grew long enough to make a delete cost ~0.3–1.7 µs among 1 M members).
 */
export function hashOf(key: string): number {
  return hashLatin1(key, PROCESS_HASH_SEED) | HASH_PRESENT;
}

export class StringIndex {
  private rows: Int32Array;
  private mask: number;
  private arena: Uint8Array;
  /** Arena bytes in use, live or dead. */
  private used = 0;
  /** Arena bytes of deleted keys, reclaimed by `compactArena` once they outweigh the live ones. */
  private dead = 0;
  private count = 0;

  constructor(source?: StringIndex) {
    this.rows = source ? source.rows.slice() : new Int32Array(MIN_CAPACITY * ROW);
    this.mask = source ? source.mask : MIN_CAPACITY - 1;
    this.arena = source ? source.arena.slice() : new Uint8Array(64);
    if (source) {
      this.used = source.used;
      this.dead = source.dead;
      this.count = source.count;
    }
  }

  get size(): number {
    return this.count;
  }

  // `hash` parameters: hashOf(key), passed by a caller that keeps it (SetValue) to skip rehashing.

  /** The value stored for `key`, or -1. */
  get(key: string, hash = hashOf(key)): number {
    const row = this.find(key, hash);
    return row < 0 ? -1 : this.rows[row + VALUE]!;
  }

  has(key: string, hash = hashOf(key)): boolean {
    return this.find(key, hash) >= 0;
  }

  /** Adds `key` or overwrites its value. */
  set(key: string, value: number, hash = hashOf(key)): void {
    const found = this.find(key, hash);
    if (found >= 0) this.rows[found + VALUE] = value;
    else this.addRow(key, value, hash);
  }

  /** Adds `key` when absent (true); a present key keeps its value (false). */
  insert(key: string, value: number, hash = hashOf(key)): boolean {
    if (this.find(key, hash) >= 0) return false;
    this.addRow(key, value, hash);
    return true;
  }

  /** Removes `key`; returns the value it had, or -1 when absent. */
  delete(key: string, hash = hashOf(key)): number {
    const found = this.find(key, hash);
    if (found < 0) return -1;
    const value = this.rows[found + VALUE]!;
    this.deleteRow(found);
    return value;
  }

  /**
   * Removes the key with this hash and value, found without reading the key's bytes (values
   * are unique per key, as a sorted set's node ids are): a pop does not touch the arena.
   */
  deleteValue(hash: number, value: number): void {
    this.deleteRow(this.rowOfValue(hash, value));
  }

  /**
   * Gives the key with this hash and value `from` the value `to`, found without reading the key
   * (values are unique per key, as SetValue's indexes are): one row probe.
   */
  renumber(hash: number, from: number, to: number): void {
    this.rows[this.rowOfValue(hash, from) + VALUE] = to;
  }

  clone(): StringIndex {
    return new StringIndex(this);
  }

  private addRow(key: string, value: number, hash: number): void {
    const offset = this.storeBytes(key);
    const rows = this.rows;
    const row = this.emptyRow(hash);
    rows[row + HASH] = hash;
    rows[row + VALUE] = value;
    rows[row + OFFSET] = offset;
    rows[row + LENGTH] = key.length;
    // Load factor ≤ 1/2 keeps linear probes short.
    if (++this.count * 2 > this.mask + 1) this.resize((this.mask + 1) * 2);
  }

  private deleteRow(found: number): void {
    this.dead += this.rows[found + LENGTH]!;
    this.removeRow(found);
    this.count--;
    // Shrink when under 1/8 full, as Redis's htNeedsResize does below 10 %.
    const capacity = this.mask + 1;
    if (capacity > MIN_CAPACITY && this.count * 8 < capacity) this.resize(capacity / 2);
    if (this.dead > this.used - this.dead) this.compactArena();
  }

  /** The row holding the (present) key with this hash and value. */
  private rowOfValue(hash: number, value: number): number {
    const rows = this.rows;
    const mask = this.mask;
    for (let at = hash & mask; ; at = (at + 1) & mask) {
      const row = at * ROW;
      if (rows[row + HASH] === hash && rows[row + VALUE] === value) return row;
    }
  }

  /** The row offset holding `key`, or -1. */
  private find(key: string, hash: number): number {
    const rows = this.rows;
    const mask = this.mask;
    const length = key.length;
    for (let at = hash & mask; ; at = (at + 1) & mask) {
      const row = at * ROW;
      const rowHash = rows[row + HASH]!;
      if (rowHash === 0) return -1;
      if (rowHash === hash && rows[row + LENGTH] === length && this.bytesEqual(rows[row + OFFSET]!, key)) return row;
    }
  }

  private bytesEqual(offset: number, key: string): boolean {
    const arena = this.arena;
    for (let i = 0; i < key.length; i++) if (arena[offset + i] !== key.charCodeAt(i)) return false;
    return true;
  }

  /** The first empty row on `hash`'s probe path. */
  private emptyRow(hash: number): number {
    const rows = this.rows;
    const mask = this.mask;
    let at = hash & mask;
    while (rows[at * ROW + HASH] !== 0) at = (at + 1) & mask;
    return at * ROW;
  }

  /** Copies the key's chars into the arena; returns where they start. */
  private storeBytes(key: string): number {
    const length = key.length;
    if (this.used + length > this.arena.length) {
      const grown = new Uint8Array(Math.max(this.arena.length * 2, this.used + length));
      grown.set(this.arena.subarray(0, this.used));
      this.arena = grown;
    }
    const arena = this.arena;
    const offset = this.used;
    writeLatin1(arena, offset, key);
    this.used += length;
    return offset;
  }

  /**
   * Backward-shift deletion: later rows of the same probe run move up into the hole, so no
   * tombstones are left to lengthen future probes.
   */
  private removeRow(row: number): void {
    const rows = this.rows;
    const mask = this.mask;
    let hole = row / ROW;
    for (let next = (hole + 1) & mask; rows[next * ROW + HASH] !== 0; next = (next + 1) & mask) {
      const home = rows[next * ROW + HASH]! & mask;
      // The row at `next` may fill the hole only if its home is not inside (hole, next].
      if (((next - home) & mask) >= ((next - hole) & mask)) {
        // Four stores: cheaper than a native copyWithin call for 16 bytes.
        for (let i = 0; i < ROW; i++) rows[hole * ROW + i] = rows[next * ROW + i]!;
        hole = next;
      }
    }
    for (let i = 0; i < ROW; i++) rows[hole * ROW + i] = 0;
  }

  private resize(capacity: number): void {
    const old = this.rows;
    this.rows = new Int32Array(capacity * ROW);
    this.mask = capacity - 1;
    const rows = this.rows;
    for (let row = 0; row < old.length; row += ROW) {
      const hash = old[row + HASH]!;
      if (hash === 0) continue;
      // Four stores: a view per row for TypedArray.set costs more than the copy.
      const to = this.emptyRow(hash);
      for (let i = 0; i < ROW; i++) rows[to + i] = old[row + i]!;
    }
  }

  /** Copies the live keys' bytes into a fresh arena, dropping the deleted ones'. */
  private compactArena(): void {
    const live = this.used - this.dead;
    const arena = new Uint8Array(Math.max(64, live * 2));
    const rows = this.rows;
    let used = 0;
    const old = this.arena;
    for (let row = 0; row < rows.length; row += ROW) {
      if (rows[row + HASH] === 0) continue;
      const offset = rows[row + OFFSET]!;
      const length = rows[row + LENGTH]!;
      // A byte loop: members are short, and a view per key for TypedArray.set costs more.
      for (let i = 0; i < length; i++) arena[used + i] = old[offset + i]!;
      rows[row + OFFSET] = used;
      used += length;
    }
    this.arena = arena;
    this.used = used;
    this.dead = 0;
  }
}
