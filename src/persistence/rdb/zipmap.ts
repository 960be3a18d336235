// Zipmaps (zipmap.c), how RDB versions up to 3 (Redis 2.4 and older) stored small hashes:
// <zmlen u8> then <len>field<len><free u8>value<free bytes> pairs, then 0xFF; a length is one
// byte below 254, or 254 and a 4-byte little-endian length. Read only.

import { latin1 } from "../../store/latin1.ts";
import { RdbError } from "./format.ts";

const BIGLEN = 254;
const END = 0xff;

function corrupt(what: string, offset: number): RdbError {
  return new RdbError(`RDB: corrupt zipmap (${what} at byte ${offset})`);
}

/** The [field, value] pairs of a zipmap blob, in order. */
export function decodeZipmap(blob: Uint8Array): [string, string][] {
  const n = blob.length;
  const view = new DataView(blob.buffer, blob.byteOffset, n);
  const out: [string, string][] = [];
  let p = 1; // zmlen: a count below 254, or unknown; the entries are walked either way
  const readLength = (): number => {
    if (p >= n) throw corrupt("entry past the end", p);
    const first = blob[p];
    if (first < BIGLEN) {
      p += 1;
      return first;
    }
    if (first === END || p + 5 > n) throw corrupt("bad length", p);
    const len = view.getUint32(p + 1, true);
    p += 5;
    return len;
  };
  const readBytes = (len: number): string => {
    if (p + len > n) throw corrupt("entry past the end", p);
    const s = latin1(blob, p, p + len);
    p += len;
    return s;
  };
  if (n < 2) throw corrupt("too short", 0);
  while (p < n && blob[p] !== END) {
    const field = readBytes(readLength());
    const valueLen = readLength();
    if (p >= n) throw corrupt("entry past the end", p);
    const free = blob[p++];
    const value = readBytes(valueLen);
    p += free;
    out.push([field, value]);
  }
  if (p !== n - 1) throw corrupt("no end marker", p);
  return out;
}
