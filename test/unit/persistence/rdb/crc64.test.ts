// CRC-64/Jones as Redis computes it: the check value, and the table-driven code against a
// bit-at-a-time model on random data split at random points (the running checksum must not care).

import { describe, expect, test } from "bun:test";
import { Crc64, crc64 } from "../../../../src/persistence/rdb/crc64.ts";
import { randomBytes } from "../../../support/random.ts";

const POLY_REFLECTED = 0x95ac9329ac4bc9b5n;

/** The definition: reflected CRC, one bit at a time. */
function naiveCrc64(bytes: Uint8Array, crc = 0n): bigint {
  for (const b of bytes) {
    crc ^= BigInt(b);
    for (let k = 0; k < 8; k++) crc = crc & 1n ? (crc >> 1n) ^ POLY_REFLECTED : crc >> 1n;
  }
  return crc;
}

describe("crc64", () => {
  test("Redis's check value: crc64(0, '123456789') = 0xe9c6d914c4b8d9ca", () => {
    expect(crc64(new TextEncoder().encode("123456789"))).toBe(0xe9c6d914c4b8d9can);
  });

  test("empty input leaves the crc unchanged", () => {
    expect(crc64(new Uint8Array(0))).toBe(0n);
    expect(crc64(new Uint8Array(0), 0x1234n)).toBe(0x1234n);
  });

  test("matches the bit-at-a-time definition for every length up to 80 and every alignment", () => {
    const data = randomBytes(100, 7);
    for (let start = 0; start < 8; start++) {
      for (let len = 0; len <= 80; len++) {
        const slice = data.subarray(start, start + len);
        expect(crc64(slice)).toBe(naiveCrc64(slice));
      }
    }
  });

  test("a running checksum over random chunks equals the one-shot checksum", () => {
    const data = randomBytes(5000, 42);
    const whole = naiveCrc64(data);
    let seed = 9;
    for (let round = 0; round < 20; round++) {
      const crc = new Crc64();
      let at = 0;
      while (at < data.length) {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        const next = Math.min(data.length, at + (seed % 300));
        crc.update(data, at, next);
        at = next;
      }
      expect(crc.value()).toBe(whole);
    }
  });

  test("continues from a given crc, as crc64(crc, s, l) does", () => {
    const data = randomBytes(1000, 3);
    const first = crc64(data.subarray(0, 333));
    expect(crc64(data.subarray(333), first)).toBe(crc64(data));
  });

  test("writeLE/equalsLE store the checksum little-endian", () => {
    const crc = new Crc64().update(new TextEncoder().encode("123456789"));
    const out = new Uint8Array(10);
    crc.writeLE(out, 1);
    expect([...out]).toEqual([0, 0xca, 0xd9, 0xb8, 0xc4, 0x14, 0xd9, 0xc6, 0xe9, 0]);
    expect(crc.equalsLE(out, 1)).toBe(true);
    out[8] ^= 1;
    expect(crc.equalsLE(out, 1)).toBe(false);
  });
});
