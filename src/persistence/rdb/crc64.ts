// Redis's CRC-64 (crc64.c): the Jones polynomial 0xad93d23594c935a9, reflected, init 0, no final
// xor; it closes every RDB file and DUMP payload. JS has no fast 64-bit integers, so the state is
// two uint32 halves and the tables are split the same way; slice-by-8 folds 8 bytes per step
// with 8 table lookups per half (Redis's crcspeed does the same with 64-bit words).

/** The reflected form of 0xad93d23594c935a9, as two 32-bit halves. */
const POLY_LO = 0xac4bc9b5;
const POLY_HI = 0x95ac9329;
const SLICES = 8;

/** Table k (k = 0..7) at [k·256 + byte]: the CRC of `byte` followed by k zero bytes. */
const TABLE_LO = new Uint32Array(SLICES * 256);
const TABLE_HI = new Uint32Array(SLICES * 256);
{
  for (let b = 0; b < 256; b++) {
    let lo = b;
    let hi = 0;
    for (let bit = 0; bit < 8; bit++) {
      const carry = lo & 1;
      lo = (lo >>> 1) | ((hi & 1) << 31);
      hi >>>= 1;
      if (carry) {
        lo ^= POLY_LO;
        hi ^= POLY_HI;
      }
    }
    TABLE_LO[b] = lo >>> 0;
    TABLE_HI[b] = hi >>> 0;
  }
  for (let k = 1; k < SLICES; k++) {
    for (let b = 0; b < 256; b++) {
      const lo = TABLE_LO[(k - 1) * 256 + b];
      const hi = TABLE_HI[(k - 1) * 256 + b];
      const index = lo & 0xff;
      TABLE_LO[k * 256 + b] = (((lo >>> 8) | (hi << 24)) ^ TABLE_LO[index]) >>> 0;
      TABLE_HI[k * 256 + b] = ((hi >>> 8) ^ TABLE_HI[index]) >>> 0;
    }
  }
}

/** A running CRC-64, fed chunk by chunk (a snapshot is checksummed as it is written or read). */
export class Crc64 {
  private lo = 0;
  private hi = 0;

  constructor(initial = 0n) {
    this.lo = Number(initial & 0xffffffffn);
    this.hi = Number((initial >> 32n) & 0xffffffffn);
  }

  /** Folds bytes[start, end) into the checksum. */
  update(bytes: Uint8Array, start = 0, end = bytes.length): this {
    let lo = this.lo;
    let hi = this.hi;
    let i = start;
    // Bytes one at a time until the position is 4-aligned in the buffer, so the bulk loop can
    // read whole words through a Uint32Array (little-endian, as every Bun target is).
    while (i < end && ((bytes.byteOffset + i) & 3) !== 0) {
      const index = (lo ^ bytes[i++]) & 0xff;
      lo = ((lo >>> 8) | (hi << 24)) ^ TABLE_LO[index];
      hi = (hi >>> 8) ^ TABLE_HI[index];
    }
    const words = end - i >= SLICES ? new Uint32Array(bytes.buffer, bytes.byteOffset + i, (end - i) >>> 2) : undefined;
    if (words !== undefined) {
      const T = TABLE_LO;
      const U = TABLE_HI;
      const pairs = words.length >>> 1;
      for (let w = 0; w < pairs * 2; w += 2) {
        const a = lo ^ words[w];
        const b = hi ^ words[w + 1];
        const i7 = 7 * 256 + (a & 0xff);
        const i6 = 6 * 256 + ((a >>> 8) & 0xff);
        const i5 = 5 * 256 + ((a >>> 16) & 0xff);
        const i4 = 4 * 256 + (a >>> 24);
        const i3 = 3 * 256 + (b & 0xff);
        const i2 = 2 * 256 + ((b >>> 8) & 0xff);
        const i1 = 256 + ((b >>> 16) & 0xff);
        const i0 = b >>> 24;
        lo = T[i7] ^ T[i6] ^ T[i5] ^ T[i4] ^ T[i3] ^ T[i2] ^ T[i1] ^ T[i0];
        hi = U[i7] ^ U[i6] ^ U[i5] ^ U[i4] ^ U[i3] ^ U[i2] ^ U[i1] ^ U[i0];
      }
      i += pairs * SLICES;
    }
    while (i < end) {
      const index = (lo ^ bytes[i++]) & 0xff;
      lo = ((lo >>> 8) | (hi << 24)) ^ TABLE_LO[index];
      hi = (hi >>> 8) ^ TABLE_HI[index];
    }
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
    return this;
  }

  /** The checksum so far. */
  value(): bigint {
    return (BigInt(this.hi) << 32n) | BigInt(this.lo);
  }

  /** Writes the checksum as 8 little-endian bytes at out[offset] (how RDB and DUMP store it). */
  writeLE(out: Uint8Array, offset: number): void {
    const view = new DataView(out.buffer, out.byteOffset + offset, 8);
    view.setUint32(0, this.lo, true);
    view.setUint32(4, this.hi, true);
  }

  /** True when out[offset..offset+8) holds this checksum, little-endian. */
  equalsLE(bytes: Uint8Array, offset: number): boolean {
    const view = new DataView(bytes.buffer, bytes.byteOffset + offset, 8);
    return view.getUint32(0, true) === this.lo && view.getUint32(4, true) === this.hi;
  }
}

/** crc64(crc, s, l) of Redis: the checksum of `bytes`, continuing from `crc`. */
export function crc64(bytes: Uint8Array, crc = 0n): bigint {
  return new Crc64(crc).update(bytes).value();
}
