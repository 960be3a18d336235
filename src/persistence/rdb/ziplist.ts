// Ziplists (ziplist.c), the compact blob of RDB versions before 10 (lists, hashes, sorted sets,
// quicklist nodes up to Redis 6.2): <zlbytes u32><zltail u32><zllen u16> entries… 0xFF, each
// entry <prevlen 1|5 bytes><encoding><data>. Read only: Redis 7.0 converts them to listpacks.

import { latin1 } from "../../store/latin1.ts";
import { RdbError } from "./format.ts";

const HEADER_SIZE = 10;
const END = 0xff;
/** A prevlen first byte of 254 announces a 4-byte length. */
const BIG_PREVLEN = 254;
/** zllen saturates here; the real count is then only known by walking the entries. */
const COUNT_UNKNOWN = 65535;

function corrupt(what: string, offset: number): RdbError {
  return new RdbError(`RDB: corrupt ziplist (${what} at byte ${offset})`);
}

/** The entries of a ziplist blob, in order (integers as decimal text). */
export function decodeZiplist(blob: Uint8Array): string[] {
  const n = blob.length;
  if (n < HEADER_SIZE + 1) throw corrupt("too short", 0);
  const view = new DataView(blob.buffer, blob.byteOffset, n);
  if (view.getUint32(0, true) !== n) throw corrupt("zlbytes mismatch", 0);
  if (blob[n - 1] !== END) throw corrupt("no end marker", n - 1);
  const out: string[] = [];
  let p = HEADER_SIZE;
  while (blob[p] !== END) {
    const start = p;
    p += blob[p] === BIG_PREVLEN ? 5 : 1;
    if (p >= n) throw corrupt("entry past the end", start);
    const b = blob[p];
    let value: string | null = null; // null: a string of dataLen bytes after the header
    let header = 1;
    let dataLen = 0;
    switch (b >>> 6) {
      case 0:
        dataLen = b & 0x3f;
        break;
      case 1:
        header = 2;
        if (p + 2 > n) throw corrupt("entry past the end", start);
        dataLen = ((b & 0x3f) << 8) | blob[p + 1];
        break;
      case 2:
        if (b !== 0x80) throw corrupt(`unknown encoding 0x${b.toString(16)}`, p);
        header = 5;
        if (p + 5 > n) throw corrupt("entry past the end", start);
        dataLen = view.getUint32(p + 1, false);
        break;
      default: {
        // 11xxxxxx: integers; the width is in the encoding byte.
        let width: number;
        if (b === 0xc0) width = 2;
        else if (b === 0xd0) width = 4;
        else if (b === 0xe0) width = 8;
        else if (b === 0xf0) width = 3;
        else if (b === 0xfe) width = 1;
        else if (b >= 0xf1 && b <= 0xfd) width = 0; // 4-bit immediate 0..12
        else throw corrupt(`unknown encoding 0x${b.toString(16)}`, p);
        if (p + 1 + width > n) throw corrupt("entry past the end", start);
        const q = p + 1;
        if (width === 0) value = String((b & 0x0f) - 1);
        else if (width === 1) value = String(view.getInt8(q));
        else if (width === 2) value = String(view.getInt16(q, true));
        else if (width === 3) value = String(((blob[q] | (blob[q + 1] << 8) | (blob[q + 2] << 16)) << 8) >> 8);
        else if (width === 4) value = String(view.getInt32(q, true));
        else value = String(view.getBigInt64(q, true));
        header = 1 + width;
      }
    }
    const next = p + header + dataLen;
    if (next >= n) throw corrupt("entry past the end", start);
    out.push(value ?? latin1(blob, p + header, next));
    p = next;
  }
  if (p !== n - 1) throw corrupt("bytes after the end marker", p);
  const count = view.getUint16(8, true);
  if (count !== COUNT_UNKNOWN && count !== out.length) throw corrupt("entry count mismatch", 8);
  return out;
}
