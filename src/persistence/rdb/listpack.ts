// Listpacks (listpack.c), the compact blob Redis 7.0 stores small hashes and sorted sets and
// quicklist nodes in: <total bytes u32><count u16> entries… 0xFF, each entry its encoding, data
// and a backward length. Decoded to latin1 strings (integers as their decimal text); encoded
// exactly as lpAppend does (strings that are canonical int64s become integers).

import { latin1 } from "../../store/latin1.ts";
import { RdbError } from "./format.ts";
import { i16le, i32le, i64le, u32le } from "./input.ts";
import { parseIntText } from "./int-text.ts";

const HEADER_SIZE = 6;
const EOF = 0xff;
/** lpSetNumElements stores this when the count does not fit in 16 bits. */
const COUNT_UNKNOWN = 65535;

/** Size of the backward length field for an entry of `l` bytes (lpEncodeBacklen). */
function backlenSize(l: number): number {
  if (l <= 127) return 1;
  if (l < 16383) return 2;
  if (l < 2097151) return 3;
  if (l < 268435455) return 4;
  return 5;
}

function corrupt(what: string, offset: number): RdbError {
  return new RdbError(`RDB: corrupt listpack (${what} at byte ${offset})`);
}

/**
 * Receives one listpack entry: an integer entry's value, or null for a string entry whose bytes
 * are blob[start, end).
 */
export type ListpackVisit = (int: number | bigint | null, start: number, end: number) => void;

/**
 * Walks a listpack blob's entries in order and returns how many there are. Checks the header
 * and every entry's bounds, so a walk that returns found the blob whole.
 */
export function walkListpack(blob: Uint8Array, visit: ListpackVisit): number {
  const n = blob.length;
  if (n < HEADER_SIZE + 1) throw corrupt("too short", 0);
  if (u32le(blob, 0) !== n) throw corrupt("total bytes mismatch", 0);
  if (blob[n - 1] !== EOF) throw corrupt("no end marker", n - 1);
  let entries = 0;
  let p = HEADER_SIZE;
  for (;;) {
    if (p >= n) throw corrupt("entry past the end", p);
    const b = blob[p];
    if (b === EOF) break;
    let header: number;
    let dataLen = 0;
    let int: number | bigint | null = null; // null: a string entry
    if ((b & 0x80) === 0) {
      header = 1;
      int = b;
    } else if ((b & 0xc0) === 0x80) {
      header = 1;
      dataLen = b & 0x3f;
    } else if ((b & 0xe0) === 0xc0) {
      header = 2;
      if (p + 1 >= n) throw corrupt("entry past the end", p);
      const u = ((b & 0x1f) << 8) | blob[p + 1];
      int = u >= 1 << 12 ? u - (1 << 13) : u;
    } else if ((b & 0xf0) === 0xe0) {
      header = 2;
      if (p + 1 >= n) throw corrupt("entry past the end", p);
      dataLen = ((b & 0x0f) << 8) | blob[p + 1];
    } else if (b === 0xf0) {
      header = 5;
      if (p + 5 > n) throw corrupt("entry past the end", p);
      dataLen = u32le(blob, p + 1);
    } else if (b === 0xf1) {
      header = 3;
      if (p + 3 > n) throw corrupt("entry past the end", p);
      int = i16le(blob, p + 1);
    } else if (b === 0xf2) {
      header = 4;
      if (p + 4 > n) throw corrupt("entry past the end", p);
      const u = blob[p + 1] | (blob[p + 2] << 8) | (blob[p + 3] << 16);
      int = u >= 1 << 23 ? u - (1 << 24) : u;
    } else if (b === 0xf3) {
      header = 5;
      if (p + 5 > n) throw corrupt("entry past the end", p);
      int = i32le(blob, p + 1);
    } else if (b === 0xf4) {
      header = 9;
      if (p + 9 > n) throw corrupt("entry past the end", p);
      int = i64le(blob, p + 1);
    } else {
      throw corrupt(`unknown encoding 0x${b.toString(16)}`, p);
    }
    const entryLen = header + dataLen;
    const next = p + entryLen + backlenSize(entryLen);
    if (next >= n) throw corrupt("entry past the end", p);
    visit(int, p + header, p + header + dataLen);
    entries++;
    p = next;
  }
  if (p !== n - 1) throw corrupt("bytes after the end marker", p);
  const count = blob[4] | (blob[5] << 8);
  if (count !== COUNT_UNKNOWN && count !== entries) throw corrupt("entry count mismatch", 4);
  return entries;
}

/** The entries of a listpack blob, in order, as latin1 strings (integers as decimal text). */
export function decodeListpack(blob: Uint8Array): string[] {
  const out: string[] = [];
  walkListpack(blob, (int, start, end) => out.push(int === null ? latin1(blob, start, end) : String(int)));
  return out;
}

/** Encoded size of one entry's encoding + data (lpEncodeGetType), the integer if it is one. */
function entryLength(s: string, asInt: number | bigint | null): number {
  if (asInt !== null) {
    const v = asInt;
    if (v >= 0 && v <= 127) return 1;
    if (v >= -4096 && v <= 4095) return 2;
    if (v >= -32768 && v <= 32767) return 3;
    if (v >= -8388608 && v <= 8388607) return 4;
    if (v >= -2147483648 && v <= 2147483647) return 5;
    return 9;
  }
  const len = s.length;
  if (len < 64) return 1 + len;
  if (len < 4096) return 2 + len;
  return 5 + len;
}

/** The bytes one more item adds to a listpack (its entry and back-length), as lpAppend grows it. */
export function listpackEntrySize(item: string): number {
  const l = entryLength(item, parseIntText(item));
  return l + backlenSize(l);
}

/** A listpack holding `items` in order, byte for byte what lpAppend builds. */
export function encodeListpack(items: readonly string[]): Uint8Array {
  const ints: (number | bigint | null)[] = new Array(items.length);
  let total = HEADER_SIZE + 1;
  for (let i = 0; i < items.length; i++) {
    const asInt = parseIntText(items[i]);
    ints[i] = asInt;
    const l = entryLength(items[i], asInt);
    total += l + backlenSize(l);
  }
  const out = Buffer.allocUnsafe(total);
  out.writeUInt32LE(total, 0);
  out.writeUInt16LE(Math.min(items.length, COUNT_UNKNOWN), 4);
  let p = HEADER_SIZE;
  for (let i = 0; i < items.length; i++) {
    const s = items[i];
    const asInt = ints[i];
    const l = entryLength(s, asInt);
    if (asInt !== null) {
      const v = asInt;
      if (l === 1) out[p] = Number(v);
      else if (l === 2) {
        const u = Number(v) < 0 ? (1 << 13) + Number(v) : Number(v);
        out[p] = (u >>> 8) | 0xc0;
        out[p + 1] = u & 0xff;
      } else if (l === 3) {
        out[p] = 0xf1;
        out.writeInt16LE(Number(v), p + 1);
      } else if (l === 4) {
        out[p] = 0xf2;
        out.writeIntLE(Number(v), p + 1, 3);
      } else if (l === 5) {
        out[p] = 0xf3;
        out.writeInt32LE(Number(v), p + 1);
      } else {
        out[p] = 0xf4;
        out.writeBigInt64LE(BigInt(v), p + 1);
      }
    } else {
      const len = s.length;
      let h: number;
      if (len < 64) {
        out[p] = 0x80 | len;
        h = 1;
      } else if (len < 4096) {
        out[p] = 0xe0 | (len >>> 8);
        out[p + 1] = len & 0xff;
        h = 2;
      } else {
        out[p] = 0xf0;
        out.writeUInt32LE(len, p + 1);
        h = 5;
      }
      out.write(s, p + h, len, "latin1");
    }
    p += l;
    p += writeBacklen(out, p, l);
  }
  out[p] = EOF;
  return out;
}

/** lpEncodeBacklen: 7 bits per byte, most significant first; all but the first have bit 7 set. */
function writeBacklen(out: Uint8Array, p: number, l: number): number {
  const size = backlenSize(l);
  for (let k = size - 1; k >= 0; k--) {
    const group = Math.floor(l / 2 ** (7 * (size - 1 - k))) & 127;
    out[p + k] = k === 0 ? group : group | 128;
  }
  return size;
}
