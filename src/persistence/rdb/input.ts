// Reading RDB primitives from a byte array: lengths (rdbLoadLen), strings with their integer and
// LZF encodings (rdbGenericLoadStringObject), doubles (binary and the old text form), fixed-width
// integers. Every cursor read is bounds-checked: running off the end throws an RdbError, never
// garbage. Also the little-endian field readers the blob decoders (listpack, intset) share,
// whose callers check bounds themselves.

import { strtod } from "../../store/numbers.ts";
import { latin1 } from "../../store/latin1.ts";
import { LEN_14BIT, LEN_32BIT, LEN_64BIT, LEN_6BIT, LEN_ENCVAL, RdbError, StringEnc } from "./format.ts";
import { lzfDecompress } from "./lzf.ts";

// Little-endian fields inside a blob (listpack, intset headers and integers), read byte by byte:
// a DataView per blob costs more than decoding a small blob, and a load decodes many of them.

/** An unsigned 32-bit little-endian field at bytes[at]. */
export function u32le(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
}

/** A signed 16-bit little-endian field. */
export function i16le(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! | (bytes[at + 1]! << 8)) << 16) >> 16;
}

/** A signed 32-bit little-endian field. */
export function i32le(bytes: Uint8Array, at: number): number {
  return u32le(bytes, at) | 0;
}

/** A signed 64-bit little-endian field (exact, as a bigint). */
export function i64le(bytes: Uint8Array, at: number): bigint {
  return new DataView(bytes.buffer, bytes.byteOffset + at, 8).getBigInt64(0, true);
}

/** A read cursor over RDB bytes (a whole file, a blob inside it, or a DUMP payload). */
export class RdbInput {
  private readonly view: DataView;

  constructor(
    readonly bytes: Uint8Array,
    public pos = 0,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Throws unless n more bytes are there. */
  need(n: number): void {
    if (this.pos + n > this.bytes.length) {
      throw new RdbError(`RDB: unexpected end of data at offset ${this.pos} (needed ${n} more bytes)`);
    }
  }

  u8(): number {
    this.need(1);
    return this.bytes[this.pos++];
  }

  /** A 32-bit little-endian signed integer (RDB_OPCODE_EXPIRETIME's seconds). */
  i32le(): number {
    this.need(4);
    const v = this.view.getInt32(this.pos, true);
    this.pos += 4;
    return v;
  }

  /** A 64-bit little-endian signed integer as a number (millisecond times fit exactly). */
  i64le(): number {
    this.need(8);
    const v = Number(this.view.getBigInt64(this.pos, true));
    this.pos += 8;
    return v;
  }

  /** rdbLoadBinaryDoubleValue: 8 bytes, IEEE 754 little-endian. */
  binaryDouble(): number {
    this.need(8);
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  /**
   * rdbLoadDoubleValue (RDB_TYPE_ZSET): a length byte, 253 nan, 254 +inf, 255 -inf, else that
   * many bytes of text read with "%lg".
   */
  textDouble(): number {
    const len = this.u8();
    if (len === 253) return NaN;
    if (len === 254) return Infinity;
    if (len === 255) return -Infinity;
    this.need(len);
    const start = this.pos;
    this.pos += len;
    const parsed = strtod(this.bytes, start, start + len);
    if (parsed.end === start) throw new RdbError(`RDB: bad double value at offset ${start}`);
    return parsed.value;
  }

  /** rdbLoadLen for a length that must not be a special encoding. */
  length(): number {
    const first = this.u8();
    const kind = first >>> 6;
    if (kind === LEN_6BIT) return first & 0x3f;
    if (kind === LEN_14BIT) return ((first & 0x3f) << 8) | this.u8();
    if (first === LEN_32BIT) {
      this.need(4);
      const v = this.view.getUint32(this.pos, false);
      this.pos += 4;
      return v;
    }
    if (first === LEN_64BIT) {
      this.need(8);
      const v = this.view.getBigUint64(this.pos, false);
      this.pos += 8;
      if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new RdbError(`RDB: length ${v} too large at offset ${this.pos - 8}`);
      return Number(v);
    }
    throw new RdbError(`RDB: unknown length encoding 0x${first.toString(16)} at offset ${this.pos - 1}`);
  }

  /**
   * rdbLoadLen for an element count: each element takes at least one more byte, so a count past
   * the bytes left is corrupt (checked before anything is allocated for it).
   */
  count(): number {
    const at = this.pos;
    const n = this.length();
    if (n > this.bytes.length - this.pos) throw new RdbError(`RDB: count ${n} at offset ${at} exceeds the data left`);
    return n;
  }

  /**
   * rdbGenericLoadStringObject: raw bytes (a view into the input), or a fresh buffer for an
   * integer-encoded (its decimal text) or LZF-compressed string.
   */
  string(): Uint8Array {
    const enc = this.specialEncoding();
    if (enc === StringEnc.lzf) return this.lzfString();
    if (enc >= 0) return Buffer.from(String(this.encodedInt(enc)), "latin1");
    const start = this.rawStart();
    return this.bytes.subarray(start, this.pos);
  }

  /** The same string as a latin1 JS string (keys, elements): no intermediate copy for raw ones. */
  latin1String(): string {
    const enc = this.specialEncoding();
    if (enc === StringEnc.lzf) return latin1(this.lzfString());
    if (enc >= 0) return String(this.encodedInt(enc));
    const start = this.rawStart();
    return latin1(this.bytes, start, this.pos);
  }

  /** Consumes an RDB_ENCVAL length byte and returns its encoding, or returns -1 and consumes nothing. */
  private specialEncoding(): number {
    const first = this.bytes[this.pos];
    if (first === undefined || first >>> 6 !== LEN_ENCVAL) return -1;
    this.pos++;
    return first & 0x3f;
  }

  /** A plain length-prefixed string: skips it and returns where its bytes start. */
  private rawStart(): number {
    const len = this.length();
    this.need(len);
    this.pos += len;
    return this.pos - len;
  }

  private encodedInt(enc: number): number {
    if (enc === StringEnc.int8) {
      this.need(1);
      return this.view.getInt8(this.pos++);
    }
    if (enc === StringEnc.int16) {
      this.need(2);
      const v = this.view.getInt16(this.pos, true);
      this.pos += 2;
      return v;
    }
    if (enc === StringEnc.int32) return this.i32le();
    throw new RdbError(`RDB: unknown string encoding ${enc} at offset ${this.pos - 1}`);
  }

  /** rdbLoadLzfStringObject: compressed length, original length, compressed bytes. */
  private lzfString(): Uint8Array {
    const compressedLen = this.length();
    const len = this.length();
    this.need(compressedLen);
    // LZF expands at most 88-fold (3 bytes of back reference copy 264): more is corrupt, and
    // must be refused before allocating it.
    if (len > compressedLen * 88) throw new RdbError(`RDB: LZF length ${len} at offset ${this.pos} is impossible`);
    const out = new Uint8Array(len);
    const written = lzfDecompress(this.bytes.subarray(this.pos, this.pos + compressedLen), out);
    if (written !== len) throw new RdbError(`RDB: invalid LZF compressed string at offset ${this.pos}`);
    this.pos += compressedLen;
    return out;
  }
}
