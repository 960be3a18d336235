// LZF: round trips over compressible, random and edge-case inputs, the output-limit contract Redis
// relies on (0 when the result would not fit), decoding refusing corrupt data, and known outputs
// of Redis 7.0 (taken from its DUMP payloads: the compressed bytes follow the 0xc3 header).

import { describe, expect, test } from "bun:test";
import { LzfCompressor, lzfDecompress } from "../../../../src/persistence/rdb/lzf.ts";
import { randomBytes } from "../../../support/random.ts";

const enc = (s: string): Uint8Array => Buffer.from(s, "latin1");
const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

/** With the default limit even incompressible input fits (a literal run costs 1 byte per 32). */
function compress(c: LzfCompressor, input: Uint8Array, limit = input.length + (input.length >> 5) + 16): Uint8Array | null {
  const out = new Uint8Array(limit);
  const n = c.compress(input, out, limit);
  return n === 0 ? null : out.slice(0, n);
}

function roundTrip(c: LzfCompressor, input: Uint8Array): void {
  const packed = compress(c, input);
  expect(packed).not.toBeNull();
  const out = new Uint8Array(input.length);
  expect(lzfDecompress(packed ?? new Uint8Array(), out)).toBe(input.length);
  expect(hex(out)).toBe(hex(input));
}

describe("lzf", () => {
  test("compresses exactly as Redis 7.0 does", () => {
    const c = new LzfCompressor();
    // Payloads of `SET x <value>` + `DUMP x` on redis-server 7.0.15.
    expect(hex(compress(c, enc("a".repeat(100))) ?? new Uint8Array())).toBe("016161e05700016161");
    expect(hex(compress(c, enc("hello world hello world hello world hello world")) ?? new Uint8Array())).toBe(
      "0c68656c6c6f20776f726c642068e0170b016c64",
    );
    const lorem = "The quick brown fox jumps over the lazy dog. The quick brown fox jumps over the lazy dog!";
    expect(hex(compress(c, enc(lorem)) ?? new Uint8Array())).toBe(
      "1f54686520717569636b2062726f776e20666f78206a756d7073206f7665722074201e0a6c617a7920646f672e2054200de01d2c016721",
    );
  });

  test("the same input compresses the same way whatever came before (no stale hash slots)", () => {
    const c = new LzfCompressor();
    const input = enc("abcabcabc-xyzxyzxyz-abcabcabc-0123456789-xyzxyz");
    const first = hex(compress(c, input) ?? new Uint8Array());
    for (let i = 0; i < 50; i++) compress(c, randomBytes(500, i, 4));
    expect(hex(compress(c, input) ?? new Uint8Array())).toBe(first);
    expect(hex(compress(new LzfCompressor(), input) ?? new Uint8Array())).toBe(first);
  });

  test("round trips: tiny, repetitive, long runs, random, low-entropy, long matches", () => {
    const c = new LzfCompressor();
    for (const s of ["a", "ab", "abc", "abcd", "aaaa", "aaaaa", "abababababab"]) roundTrip(c, enc(s));
    roundTrip(c, new Uint8Array(100_000)); // zeros: maximal back references
    roundTrip(c, enc("0123456789".repeat(5000)));
    for (let seed = 1; seed <= 20; seed++) {
      roundTrip(c, randomBytes(1 + seed * 397, seed));
      roundTrip(c, randomBytes(1 + seed * 397, seed, 3));
    }
    // Matches far apart (beyond the 8 KB window) and right at its edge.
    const block = randomBytes(9000, 77);
    const far = new Uint8Array(27000);
    far.set(block, 0);
    far.set(block, 9000);
    far.set(block.subarray(0, 8192), 18000);
    roundTrip(c, far);
  });

  test("returns 0 when the output would not fit, as Redis's len-4 limit needs", () => {
    const c = new LzfCompressor();
    const noise = randomBytes(200, 5);
    expect(c.compress(noise, new Uint8Array(300), 196)).toBe(0);
    // Any limit gives the full result or 0, and once it fits it fits at every larger limit.
    for (const input of [enc("x".repeat(30)), enc("abcabcabcabcabcabcabcabcabc1234567890"), randomBytes(100, 9, 5)]) {
      const full = hex(compress(c, input) ?? new Uint8Array());
      let fits = false;
      for (let limit = 1; limit <= full.length / 2 + 8; limit++) {
        const out = new Uint8Array(limit);
        const n = c.compress(input, out, limit);
        if (fits) expect(n).toBeGreaterThan(0);
        if (n > 0) {
          fits = true;
          expect(hex(out.subarray(0, n))).toBe(full);
        }
      }
      expect(fits).toBe(true);
    }
    expect(c.compress(new Uint8Array(0), new Uint8Array(10))).toBe(0);
  });

  test("decompression refuses corrupt input", () => {
    const out = new Uint8Array(10);
    expect(lzfDecompress(Uint8Array.of(5, 1, 2), out)).toBe(-1); // literal run past the input
    expect(lzfDecompress(Uint8Array.of(20, ...new Uint8Array(21)), out)).toBe(-1); // past the output
    expect(lzfDecompress(Uint8Array.of(0, 65, 0x20, 5), out)).toBe(-1); // reference before the start
    expect(lzfDecompress(Uint8Array.of(0, 65, 0xe0), out)).toBe(-1); // reference cut short
    expect(lzfDecompress(Uint8Array.of(0, 65, 0x20, 0), out)).toBe(4); // "AAAA"
    expect(hex(out.subarray(0, 4))).toBe("41414141");
  });
});
