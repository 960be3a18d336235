// The set value (Redis's OBJ_SET): an `intset` — members kept sorted by numeric value, found by
// binary search — while every member is a canonical 64-bit integer and the count stays within
// set-max-intset-entries, else a `hashtable`: a dense array of members plus a StringIndex
// (string-index.ts, cheaper than a Map<string, number> at 100 k members) member → index,
// so a random pick (SPOP, SRANDMEMBER) is O(1) and a removal swaps the last member into the hole.
// Members are latin1 strings (one char per byte), so any bytes round-trip.

import type { CollectionValue } from "../keyspace.ts";
import { hashOf, StringIndex } from "./string-index.ts";

/** Redis 7.0 caps set-max-intset-entries at 2^30 "due to intset internals" (setTypeAdd). */
const INTSET_HARD_LIMIT = 1 << 30;
/** "9223372036854775807": LLONG_MAX, the largest magnitude of a positive member. */
const LLONG_MAX_DIGITS = "9223372036854775807";
/** "9223372036854775808": the magnitude of LLONG_MIN. */
const LLONG_MIN_DIGITS = "9223372036854775808";

/**
 * string2ll's rules (isSdsRepresentableAsLongLong): what an intset may hold. No sign but a
 * leading `-`, no leading zeros ("0" alone is fine, "-0" is not), no spaces, at most 20
 * characters, inside the signed 64-bit range.
 */
export function isIntegerMember(member: string): boolean {
  const length = member.length;
  if (length === 0 || length > 20) return false;
  const negative = member.charCodeAt(0) === 45;
  const start = negative ? 1 : 0;
  if (start === length) return false;
  const first = member.charCodeAt(start);
  if (first === 48) return length === 1;
  if (first < 49 || first > 57) return false;
  for (let i = start + 1; i < length; i++) {
    const c = member.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  const digits = length - start;
  if (digits < 19) return true;
  if (digits > 19) return false;
  const magnitude = negative ? member.slice(1) : member;
  return magnitude <= (negative ? LLONG_MIN_DIGITS : LLONG_MAX_DIGITS);
}

/** Numeric order of two canonical integer strings, without parsing them. */
function compareIntegers(a: string, b: string): number {
  const negative = a.charCodeAt(0) === 45;
  if (negative !== (b.charCodeAt(0) === 45)) return negative ? -1 : 1;
  if (a === b) return 0;
  // Same sign: a longer magnitude is further from zero; equal lengths compare as text.
  const aCloserToZero = a.length !== b.length ? a.length < b.length : a < b;
  return aCloserToZero !== negative ? -1 : 1;
}

export class SetValue implements CollectionValue {
  readonly type = "set";
  /** The members: ascending numeric order while an intset, any order (dense) once a hashtable. */
  private items: string[] = [];
  /** member → its index in `items`; null while the set is an intset. */
  private positions: StringIndex | null;
  /**
   * hashOf(items[i]) while a hashtable (empty while an intset): a removal renumbers the moved
   * last member by its hash alone, without reading its string again.
   */
  private hashes: number[] = [];

  /** An empty set with the given encoding (createIntsetObject / createSetObject). */
  constructor(intset: boolean) {
    this.positions = intset ? null : new StringIndex();
  }

  /** setTypeCreate: an intset when the first member to be added is an integer, else a hashtable. */
  static forMember(member: string): SetValue {
    return new SetValue(isIntegerMember(member));
  }

  get size(): number {
    return this.items.length;
  }

  get isIntset(): boolean {
    return this.positions === null;
  }

  encoding(): string {
    return this.positions === null ? "intset" : "hashtable";
  }

  clone(): SetValue {
    const copy = new SetValue(this.positions === null);
    copy.items = this.items.slice();
    copy.hashes = this.hashes.slice();
    if (this.positions !== null) copy.positions = this.positions.clone();
    return copy;
  }

  /**
   * The members in iteration order (ascending for an intset). A live view: do not change the
   * set while walking it.
   */
  members(): readonly string[] {
    return this.items;
  }

  has(member: string): boolean {
    if (this.positions !== null) return this.positions.has(member);
    return isIntegerMember(member) && this.intsetIndex(member) >= 0;
  }

  /**
   * setTypeAdd: true when `member` was not there. An intset turns into a hashtable for good
   * when a non-integer arrives or it grows past `maxIntsetEntries`.
   */
  add(member: string, maxIntsetEntries: number): boolean {
    const positions = this.positions;
    if (positions !== null) return this.addToHashtable(positions, member);
    if (!isIntegerMember(member)) return this.addToHashtable(this.convertToHashtable(), member);
    const at = this.intsetIndex(member);
    if (at >= 0) return false;
    this.items.splice(-at - 1, 0, member);
    if (this.items.length > Math.min(maxIntsetEntries, INTSET_HARD_LIMIT)) this.convertToHashtable();
    return true;
  }

  /** setTypeRemove: true when `member` was there. */
  delete(member: string): boolean {
    const positions = this.positions;
    if (positions === null) {
      const at = isIntegerMember(member) ? this.intsetIndex(member) : -1;
      if (at < 0) return false;
      this.items.splice(at, 1);
      return true;
    }
    const at = positions.delete(member);
    if (at < 0) return false;
    const last = this.items.pop()!;
    const lastHash = this.hashes.pop()!;
    if (at < this.items.length) {
      this.items[at] = last;
      this.hashes[at] = lastHash;
      positions.renumber(lastHash, this.items.length, at);
    }
    return true;
  }

  /** A uniformly random member of a non-empty set (setTypeRandomElement). */
  random(): string {
    return this.items[Math.floor(Math.random() * this.items.length)]!;
  }

  /**
   * One SSCAN step over a hashtable: up to `count` members into `out`; returns the next cursor
   * (0 when done). The walk goes from the last index down: a removal only ever moves the last
   * member into a lower hole, so a member present for the whole scan is never skipped (at worst
   * returned twice), which is the guarantee Redis's reverse-binary dictScan cursor gives.
   */
  scan(cursor: number, count: number, out: string[]): number {
    let at = cursor === 0 || cursor > this.items.length ? this.items.length : cursor;
    for (const stop = Math.max(0, at - count); at > stop; ) out.push(this.items[--at]!);
    return at;
  }

  /** Index of `member` in the sorted intset, or -(insertion point) - 1. */
  private intsetIndex(member: string): number {
    const items = this.items;
    let low = 0;
    let high = items.length - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const order = compareIntegers(items[mid]!, member);
      if (order === 0) return mid;
      if (order < 0) low = mid + 1;
      else high = mid - 1;
    }
    return -low - 1;
  }

  /** setTypeConvert(OBJ_ENCODING_HT): index the (sorted) members; they keep their places. */
  private convertToHashtable(): StringIndex {
    const positions = new StringIndex();
    this.hashes = this.items.map((member, i) => {
      const hash = hashOf(member);
      positions.set(member, i, hash);
      return hash;
    });
    this.positions = positions;
    return positions;
  }

  private addToHashtable(positions: StringIndex, member: string): boolean {
    const hash = hashOf(member);
    if (!positions.insert(member, this.items.length, hash)) return false;
    this.items.push(member);
    this.hashes.push(hash);
    return true;
  }
}
