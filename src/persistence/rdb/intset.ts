// Intsets (intset.c): a sorted array of integers all of one width, the compact encoding of sets
// of integers: <encoding u32: 2|4|8 bytes per value><length u32> values, little-endian. Decoded
// to decimal strings; encoded at the smallest width that holds every member.

import { RdbError } from "./format.ts";
import { i16le, i32le, i64le, u32le } from "./input.ts";
import { parseIntText } from "./int-text.ts";

const HEADER_SIZE = 8;

/** How many members an intset blob holds, after checking its header against its size. */
export function intsetLength(blob: Uint8Array): number {
  if (blob.length < HEADER_SIZE) throw new RdbError("RDB: corrupt intset (too short)");
  const width = u32le(blob, 0);
  const count = u32le(blob, 4);
  if (width !== 2 && width !== 4 && width !== 8) throw new RdbError(`RDB: corrupt intset (encoding ${width})`);
  if (HEADER_SIZE + count * width !== blob.length) throw new RdbError("RDB: corrupt intset (length mismatch)");
  return count;
}

/** The members of an intset blob, ascending, as decimal text. */
export function decodeIntset(blob: Uint8Array): string[] {
  const count = intsetLength(blob);
  const width = u32le(blob, 0);
  const out: string[] = new Array(count);
  for (let i = 0, p = HEADER_SIZE; i < count; i++, p += width) {
    if (width === 2) out[i] = String(i16le(blob, p));
    else if (width === 4) out[i] = String(i32le(blob, p));
    else out[i] = String(i64le(blob, p));
  }
  return out;
}

/**
 * An intset holding `members`, or null when one is not a canonical int64 (then the set cannot be
 * an intset). Sorted here; duplicates are the caller's business (a set has none).
 */
export function encodeIntset(members: readonly string[]): Uint8Array | null {
  const values: bigint[] = new Array(members.length);
  let width = 2;
  for (let i = 0; i < members.length; i++) {
    const v = parseIntText(members[i]);
    if (v === null) return null;
    const big = BigInt(v);
    values[i] = big;
    if (big < -32768n || big > 32767n) width = Math.max(width, big < -2147483648n || big > 2147483647n ? 8 : 4);
  }
  values.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const out = Buffer.allocUnsafe(HEADER_SIZE + values.length * width);
  out.writeUInt32LE(width, 0);
  out.writeUInt32LE(values.length, 4);
  for (let i = 0, p = HEADER_SIZE; i < values.length; i++, p += width) {
    if (width === 2) out.writeInt16LE(Number(values[i]), p);
    else if (width === 4) out.writeInt32LE(Number(values[i]), p);
    else out.writeBigInt64LE(values[i], p);
  }
  return out;
}
