// The compact blobs: listpack and intset encoders against their decoders over boundary values
// (every integer width, every string-length header, every backlen size), and the decoders of all
// four formats refusing corrupt blobs; a listpack zset's score text. Byte equality with Redis is
// checked in writer.test.ts.

import { describe, expect, test } from "bun:test";
import { RdbError } from "../../../../src/persistence/rdb/format.ts";
import { decodeIntset, encodeIntset } from "../../../../src/persistence/rdb/intset.ts";
import { decodeListpack, encodeListpack } from "../../../../src/persistence/rdb/listpack.ts";
import { decodeZiplist } from "../../../../src/persistence/rdb/ziplist.ts";
import { decodeZipmap } from "../../../../src/persistence/rdb/zipmap.ts";
import { d2string } from "../../../../src/persistence/rdb/value.ts";
import { formatDouble } from "../../../../src/store/numbers.ts";
import { seededRandom } from "../../../support/random.ts";

const INT_BOUNDARIES = [
  0n, 1n, 127n, 128n, -1n, -4096n, -4097n, 4095n, 4096n, -32768n, -32769n, 32767n, 32768n, -8388608n, -8388609n,
  8388607n, 8388608n, -2147483648n, -2147483649n, 2147483647n, 2147483648n, -(2n ** 63n), 2n ** 63n - 1n,
];

describe("listpack", () => {
  test("integers of every width round-trip as their decimal text, at their smallest encoding", () => {
    const items = INT_BOUNDARIES.map(String);
    const blob = encodeListpack(items);
    expect(decodeListpack(blob)).toEqual(items);
    // 7-bit, 13-bit, 16, 24, 32, 64-bit: 1, 2, 3, 4, 5, 9 bytes + a 1-byte backlen each.
    expect(encodeListpack(["5"]).length).toBe(6 + 2 + 1);
    expect(encodeListpack(["-5"]).length).toBe(6 + 3 + 1);
    expect(encodeListpack(["30000"]).length).toBe(6 + 4 + 1);
    expect(encodeListpack(["8000000"]).length).toBe(6 + 5 + 1);
    expect(encodeListpack(["2000000000"]).length).toBe(6 + 6 + 1);
    expect(encodeListpack(["9000000000"]).length).toBe(6 + 10 + 1);
  });

  test("non-canonical numbers stay strings", () => {
    const items = ["012", "-0", "+1", "1.5", " 1", "9223372036854775808", "-9223372036854775809", "", "1e3"];
    const blob = encodeListpack(items);
    expect(decodeListpack(blob)).toEqual(items);
    expect(blob.length).toBe(6 + items.reduce((n, s) => n + 1 + s.length + 1, 0) + 1);
  });

  test("strings at every header and backlen boundary round-trip", () => {
    for (const n of [0, 1, 63, 64, 125, 126, 127, 4095, 4096, 16376, 16377, 16378, 70000]) {
      const s = n === 0 ? "" : "x".repeat(n - 1) + "\xff";
      expect(decodeListpack(encodeListpack([s, "tail"]))).toEqual([s, "tail"]);
    }
  });

  test("more than 65534 entries: the count saturates and the entries are walked", () => {
    const items = Array.from({ length: 70000 }, (_, i) => (i % 2 ? `s${i}` : String(i)));
    const blob = encodeListpack(items);
    expect(new DataView(blob.buffer, blob.byteOffset).getUint16(4, true)).toBe(65535);
    expect(decodeListpack(blob)).toEqual(items);
  });

  test("corrupt listpacks are refused", () => {
    const good = encodeListpack(["a", "12", "hello"]);
    for (let end = 0; end < good.length; end++) expect(() => decodeListpack(good.subarray(0, end))).toThrow(RdbError);
    const bad = (mutate: (b: Uint8Array) => void): void => {
      const b = good.slice();
      mutate(b);
      expect(() => decodeListpack(b)).toThrow(RdbError);
    };
    bad((b) => (b[0] = 99)); // total bytes
    bad((b) => (b[4] = 7)); // count
    bad((b) => (b[b.length - 1] = 0)); // end marker
    bad((b) => (b[6] = 0xf5)); // unknown encoding
    bad((b) => (b[6] = 0xbf)); // a 63-byte string that runs past the end
  });
});

describe("intset", () => {
  test("encodes at the smallest width, sorted; decodes back", () => {
    expect([...(encodeIntset(["3", "-1", "2"]) ?? [])]).toEqual([2, 0, 0, 0, 3, 0, 0, 0, 0xff, 0xff, 2, 0, 3, 0]);
    for (const [members, width] of [[["1", "32767", "-32768"], 2], [["1", "32768"], 4], [["-2147483649"], 8]] as const) {
      const blob = encodeIntset(members) ?? new Uint8Array();
      expect(blob[0]).toBe(width);
      expect(decodeIntset(blob)).toEqual([...members].sort((a, b) => Number(BigInt(a) - BigInt(b))));
    }
    const all = INT_BOUNDARIES.map(String);
    expect(decodeIntset(encodeIntset(all) ?? new Uint8Array())).toEqual(
      [...INT_BOUNDARIES].sort((a, b) => (a < b ? -1 : 1)).map(String),
    );
  });

  test("a non-integer member means no intset", () => {
    expect(encodeIntset(["1", "01"])).toBeNull();
    expect(encodeIntset(["9223372036854775808"])).toBeNull();
  });

  test("corrupt intsets are refused", () => {
    expect(() => decodeIntset(Uint8Array.of(2, 0, 0))).toThrow(RdbError);
    expect(() => decodeIntset(Uint8Array.of(3, 0, 0, 0, 0, 0, 0, 0))).toThrow(RdbError);
    expect(() => decodeIntset(Uint8Array.of(2, 0, 0, 0, 2, 0, 0, 0, 1, 0))).toThrow(RdbError);
  });
});

describe("ziplist and zipmap (read only; real files in the hand-v9 fixture)", () => {
  // zlbytes 16, zltail 10, zllen 2: "ab" (prevlen 0) then the 4-bit immediate 5 (prevlen 4).
  const ziplist = Uint8Array.of(16, 0, 0, 0, 10, 0, 0, 0, 2, 0, 0, 2, 0x61, 0x62, 4, 0xf6, 0xff);
  ziplist[0] = ziplist.length;

  test("decodes strings and integers", () => {
    expect(decodeZiplist(ziplist)).toEqual(["ab", "5"]);
  });

  test("corrupt ziplists are refused", () => {
    for (let end = 0; end < ziplist.length; end++) expect(() => decodeZiplist(ziplist.subarray(0, end))).toThrow(RdbError);
    const wrongCount = ziplist.slice();
    wrongCount[8] = 3;
    expect(() => decodeZiplist(wrongCount)).toThrow(RdbError);
    const badEncoding = ziplist.slice();
    badEncoding[15] = 0xf0 | 0x0e; // not an immediate: 0xfe needs one more byte, there is none
    expect(() => decodeZiplist(badEncoding)).toThrow(RdbError);
  });

  test("zipmap: pairs in order, free bytes skipped, corrupt ones refused", () => {
    // zmlen 2; "a" → "1" with 2 free bytes; "" → "xy"; end.
    const zipmap = Uint8Array.of(2, 1, 0x61, 1, 2, 0x31, 0, 0, 0, 2, 0, 0x78, 0x79, 0xff);
    expect(decodeZipmap(zipmap)).toEqual([["a", "1"], ["", "xy"]]);
    for (let end = 0; end < zipmap.length; end++) expect(() => decodeZipmap(zipmap.subarray(0, end))).toThrow(RdbError);
  });
});

describe("listpack zset scores (d2string)", () => {
  // Non-integers are "%.17g" (formatDouble); d2string takes a shortcut for short exact fractions.
  test("every fraction prints as formatDouble prints it: short dyadic ones, long ones, tiny and huge ones", () => {
    const random = seededRandom(5);
    const values: number[] = [0.5, -0.5, 2.5, 1234.75, 0.0001220703125, 0.00006103515625, 9.5367431640625e-7, 0.1, 1 / 3, 1e-5, 1e15 + 0.5, 999999999999999.9, 123456789012.25, 12345678901234.5, 4503599627370495.5];
    for (let i = 0; i < 20_000; i++) {
      const bits = Math.floor(random() * 30);
      const magnitude = 10 ** Math.floor(random() * 24 - 8);
      // Dyadic fractions of every length, then arbitrary doubles at every magnitude.
      values.push(Math.round(random() * 2 ** 40) / 2 ** bits, (random() - 0.5) * magnitude);
    }
    for (const value of values) {
      if (Number.isInteger(value)) continue;
      expect(`${value}: ${d2string(value)}`).toBe(`${value}: ${formatDouble(value)}`);
    }
  });
});
