// The byte sink RDB encoders append to, and the RDB primitives on top of it: rdbSaveLen,
// rdbSaveRawString (integer encoding for short decimal strings, LZF for longer ones when
// rdbcompression is on), binary doubles. The sink grows as needed and hands its bytes over in
// chunks, so a snapshot can be written slice by slice.

import { LEN_14BIT, LEN_32BIT, LEN_64BIT, LEN_ENCVAL, StringEnc } from "./format.ts";
import { parseIntText } from "./int-text.ts";
import { LzfCompressor } from "./lzf.ts";
import { latin1, writeLatin1 } from "../../store/latin1.ts";

const INITIAL_CAPACITY = 64 * 1024;
/** rdbTryIntegerEncoding only looks at strings of at most 11 bytes ("-2147483648"). */
const MAX_INT_ENCODED_LENGTH = 11;
/** rdbSaveRawString tries LZF only on strings longer than this. */
const LZF_MIN_LENGTH = 20;

export class ByteSink {
  private buf: Buffer;
  /** Bytes written since the last take(). */
  length = 0;

  constructor(initialCapacity = INITIAL_CAPACITY) {
    this.buf = Buffer.allocUnsafe(initialCapacity);
  }

  /** The bytes written since the last take(); a view, valid until the next write. */
  get written(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }

  /** Makes room for n more bytes and returns the buffer to write them into at `length`. */
  reserve(n: number): Buffer {
    const needed = this.length + n;
    if (needed > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, this.buf.length * 2));
      grown.set(this.buf.subarray(0, this.length));
      this.buf = grown;
    }
    return this.buf;
  }

  /** Hands over the bytes written so far (the caller owns them) and starts an empty buffer. */
  take(): Uint8Array {
    const chunk = this.buf.subarray(0, this.length);
    this.buf = Buffer.allocUnsafe(Math.max(INITIAL_CAPACITY, Math.min(this.buf.length, 4 * INITIAL_CAPACITY)));
    this.length = 0;
    return chunk;
  }

  u8(b: number): void {
    this.reserve(1)[this.length++] = b;
  }

  bytes(data: Uint8Array): void {
    this.reserve(data.length).set(data, this.length);
    this.length += data.length;
  }

  /** A latin1 string's bytes, one per char. */
  latin1(s: string): void {
    this.length = writeLatin1(this.reserve(s.length), this.length, s);
  }

  u16le(v: number): void {
    this.reserve(2).writeUInt16LE(v, this.length);
    this.length += 2;
  }

  u32le(v: number): void {
    this.reserve(4).writeUInt32LE(v, this.length);
    this.length += 4;
  }

  i64le(v: number | bigint): void {
    this.reserve(8).writeBigInt64LE(BigInt(v), this.length);
    this.length += 8;
  }

  f64le(v: number): void {
    this.reserve(8).writeDoubleLE(v, this.length);
    this.length += 8;
  }
}

/** Writes RDB primitives into a sink; owns the LZF state and scratch buffers it reuses. */
export class RdbOutput {
  private readonly lzf = new LzfCompressor();
  private scratchIn = new Uint8Array(256);
  private scratchOut = new Uint8Array(256);

  constructor(
    readonly sink: ByteSink,
    /** rdbcompression: LZF-compress strings longer than 20 bytes when it saves 4 bytes. */
    readonly compression: boolean,
  ) {}

  /** rdbSaveLen. */
  length(len: number): void {
    const sink = this.sink;
    if (len < 1 << 6) {
      sink.u8(len);
    } else if (len < 1 << 14) {
      sink.u8((LEN_14BIT << 6) | (len >>> 8));
      sink.u8(len & 0xff);
    } else if (len <= 0xffffffff) {
      sink.u8(LEN_32BIT);
      sink.reserve(4).writeUInt32BE(len, sink.length);
      sink.length += 4;
    } else {
      sink.u8(LEN_64BIT);
      sink.reserve(8).writeBigUInt64BE(BigInt(len), sink.length);
      sink.length += 8;
    }
  }

  /** rdbSaveRawString of bytes. */
  string(bytes: Uint8Array): void {
    const len = bytes.length;
    if (len <= MAX_INT_ENCODED_LENGTH && this.tryInteger(latin1(bytes))) return;
    if (this.compression && len > LZF_MIN_LENGTH && this.tryLzf(bytes)) return;
    this.length(len);
    this.sink.bytes(bytes);
  }

  /** rdbSaveRawString of a latin1 string (keys, elements). */
  latin1String(s: string): void {
    const len = s.length;
    if (len <= MAX_INT_ENCODED_LENGTH && this.tryInteger(s)) return;
    if (this.compression && len > LZF_MIN_LENGTH) {
      if (this.scratchIn.length < len) this.scratchIn = new Uint8Array(len * 2);
      const input = this.scratchIn.subarray(0, len);
      writeLatin1(input, 0, s);
      if (this.tryLzf(input)) return;
    }
    this.length(len);
    this.sink.latin1(s);
  }

  /** rdbSaveBinaryDoubleValue. */
  binaryDouble(v: number): void {
    this.sink.f64le(v);
  }

  /** rdbTryIntegerEncoding + rdbEncodeInteger: a canonical decimal in int32 range. */
  private tryInteger(s: string): boolean {
    const v = parseIntText(s);
    if (typeof v !== "number") return false;
    const sink = this.sink;
    if (v >= -128 && v <= 127) {
      sink.u8((LEN_ENCVAL << 6) | StringEnc.int8);
      sink.u8(v & 0xff);
    } else if (v >= -32768 && v <= 32767) {
      sink.u8((LEN_ENCVAL << 6) | StringEnc.int16);
      sink.u16le(v & 0xffff);
    } else if (v >= -2147483648 && v <= 2147483647) {
      sink.u8((LEN_ENCVAL << 6) | StringEnc.int32);
      sink.u32le(v >>> 0);
    } else {
      return false;
    }
    return true;
  }

  /** rdbSaveLzfStringObject: kept only when it saves at least 4 bytes (out limit len - 4). */
  private tryLzf(input: Uint8Array): boolean {
    const limit = input.length - 4;
    if (this.scratchOut.length < limit) this.scratchOut = new Uint8Array(limit * 2);
    const compressedLen = this.lzf.compress(input, this.scratchOut, limit);
    if (compressedLen === 0) return false;
    this.sink.u8((LEN_ENCVAL << 6) | StringEnc.lzf);
    this.length(compressedLen);
    this.length(input.length);
    this.sink.bytes(this.scratchOut.subarray(0, compressedLen));
    return true;
  }
}
