// HashValue: a Redis hash (t_hash.c's hashType* API). Fields and values are latin1 strings (one
// char per byte). Entries live in numbered slots: a StringIndex (string-index.ts; cheaper than a
// Map<string, number> at 100 k fields) finds a field's slot, one array holds field and value
// side by side. Encoded `listpack` (insertion order, as Redis's listpack) until a threshold is
// passed, then `hashtable` for good, where freed slots are reused and a slot is the HSCAN
// cursor: it never moves while its field lives, as the keyspace's slots for SCAN.

import type { CollectionValue } from "../keyspace.ts";
import { StringIndex } from "./string-index.ts";

/** The settings a write obeys; the server's config values are passed as they are. */
export interface ListpackLimits {
  readonly "hash-max-listpack-entries": number;
  readonly "hash-max-listpack-value": number;
}

export class HashValue implements CollectionValue {
  readonly type = "hash";
  /** field → slot */
  private index: StringIndex;
  /** [2·slot] the field, [2·slot + 1] its value; both undefined while the slot is free. */
  private cells: (string | undefined)[];
  /** Free slots the hashtable encoding reuses; a listpack only appends, so never has any. */
  private free: number[];
  /** Freed slots a listpack keeps until it compacts (its order is the slots' order). */
  private holes = 0;
  private listpack = true;

  constructor(source?: HashValue) {
    this.index = source ? source.index.clone() : new StringIndex();
    this.cells = source ? source.cells.slice() : [];
    this.free = source ? source.free.slice() : [];
    if (source) {
      this.holes = source.holes;
      this.listpack = source.listpack;
    }
  }

  get size(): number {
    return this.index.size;
  }

  encoding(): string {
    return this.listpack ? "listpack" : "hashtable";
  }

  /** COPY keeps the encoding, as hashTypeDup does. */
  clone(): HashValue {
    return new HashValue(this);
  }

  get isListpack(): boolean {
    return this.listpack;
  }

  get(field: string): string | undefined {
    const slot = this.index.get(field);
    return slot < 0 ? undefined : this.cells[2 * slot + 1];
  }

  has(field: string): boolean {
    return this.index.has(field);
  }

  /**
   * hashTypeSet: add or overwrite; returns true when the field is new. A listpack converts
   * first if the field or value is longer than the limit (HINCRBY*, whose new value no earlier
   * check saw), and after adding if it holds more entries than the limit.
   */
  set(field: string, value: string, limits: ListpackLimits): boolean {
    if (this.listpack) {
      const maxValue = limits["hash-max-listpack-value"];
      if (field.length > maxValue || value.length > maxValue) this.convert();
    }
    const cells = this.cells;
    const slot = this.index.get(field);
    if (slot >= 0) {
      cells[2 * slot + 1] = value;
      return false;
    }
    const reused = this.free.pop();
    if (reused === undefined) {
      this.index.insert(field, cells.length / 2);
      cells.push(field, value);
    } else {
      this.index.insert(field, reused);
      cells[2 * reused] = field;
      cells[2 * reused + 1] = value;
    }
    if (this.listpack && this.index.size > limits["hash-max-listpack-entries"]) this.convert();
    return true;
  }

  /** hashTypeDelete: returns whether the field was there. */
  delete(field: string): boolean {
    const slot = this.index.delete(field);
    if (slot < 0) return false;
    this.cells[2 * slot] = undefined;
    this.cells[2 * slot + 1] = undefined;
    if (!this.listpack) {
      this.free.push(slot);
    } else if (++this.holes > this.index.size) {
      // A listpack closes its gaps at once; here they are closed in batches, each paid for
      // by the deletes that made it, so a delete stays O(1) amortized.
      this.compact();
    }
    return true;
  }

  /** hashTypeConvert(OBJ_ENCODING_HT): from now on slots are reused and never move. */
  convert(): void {
    if (!this.listpack) return;
    this.compact();
    this.listpack = false;
  }

  /** One past the highest slot: the HSCAN cursor space and the bound of slot loops. */
  get slotLimit(): number {
    return this.cells.length / 2;
  }

  /** The field in a slot, undefined while the slot is free. */
  fieldAt(slot: number): string | undefined {
    return this.cells[2 * slot];
  }

  /** The value in a live slot. */
  valueAt(slot: number): string {
    return this.cells[2 * slot + 1]!;
  }

  /** Fields and values in order: insertion order for a listpack. */
  *entries(): IterableIterator<[field: string, value: string]> {
    const cells = this.cells;
    for (let at = 0; at < cells.length; at += 2) {
      const field = cells[at];
      if (field !== undefined) yield [field, cells[at + 1]!];
    }
  }

  /** A random live slot (the hash must not be empty). */
  randomSlot(): number {
    const limit = this.slotLimit;
    // A listpack has at most as many holes as entries, and a hashtable refills its holes
    // first, so probing finds an entry quickly unless many fields were just deleted.
    for (let tries = 0; tries < 64; tries++) {
      const slot = Math.floor(Math.random() * limit);
      if (this.cells[2 * slot] !== undefined) return slot;
    }
    // Sparse: walk to the k-th live entry, which keeps the pick uniform.
    let skip = Math.floor(Math.random() * this.index.size);
    for (let slot = 0; ; slot++) {
      if (this.cells[2 * slot] !== undefined && skip-- === 0) return slot;
    }
  }

  /** Renumbers a listpack's live entries 0…n-1 in order, closing its holes. */
  private compact(): void {
    if (this.holes === 0) return;
    const cells: string[] = [];
    const index = this.index;
    for (let at = 0; at < this.cells.length; at += 2) {
      const field = this.cells[at];
      if (field === undefined) continue;
      index.set(field, cells.length / 2);
      cells.push(field, this.cells[at + 1]!);
    }
    this.cells = cells;
    this.holes = 0;
  }
}
