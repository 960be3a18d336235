// The Redis value syntaxes under the config layer: string2ll, strtoll, memtoull and the small
// helpers, with the edge cases checked against redis-server 7.0.15.

import { describe, expect, test } from "bun:test";
import {
  asciiLower,
  cString,
  formatInteger,
  memtoull,
  pathIsBaseName,
  string2ll,
  strtoll,
  strtollWhole,
  yesno,
} from "../../../src/config/values.ts";

describe("string2ll", () => {
  test("accepts canonical integers in long long range", () => {
    expect(string2ll("0")).toBe(0n);
    expect(string2ll("65535")).toBe(65535n);
    expect(string2ll("-12")).toBe(-12n);
    expect(string2ll("9223372036854775807")).toBe(9223372036854775807n);
    expect(string2ll("-9223372036854775808")).toBe(-9223372036854775808n);
  });
  test("rejects what CONFIG SET timeout rejects", () => {
    // Checked: CONFIG SET timeout "05" / "-0" / " 5" / "+5" → couldn't be parsed into an integer.
    for (const s of ["", "05", "-0", " 5", "5 ", "+5", "-", "1e3", "0x10", "9223372036854775808", "12a"]) {
      expect(string2ll(s)).toBeNull();
    }
  });
});

describe("strtoll", () => {
  test("skips leading blanks, takes a sign, stops at the first non-digit", () => {
    expect(strtoll("  -42x", 10)).toEqual({ value: -42n, end: 5, overflow: false });
    expect(strtoll("+7", 10)).toEqual({ value: 7n, end: 2, overflow: false });
    expect(strtoll("0755", 8)).toEqual({ value: 0o755n, end: 4, overflow: false });
    expect(strtoll("800", 8)).toEqual({ value: 0n, end: 0, overflow: false });
  });
  test("no digits: end is 0", () => {
    expect(strtoll("x", 10).end).toBe(0);
    expect(strtoll(" ", 10).end).toBe(0);
    expect(strtoll("+", 10).end).toBe(0);
  });
  test("saturates on overflow", () => {
    expect(strtoll("99999999999999999999", 10)).toEqual({ value: (1n << 63n) - 1n, end: 20, overflow: true });
    expect(strtoll("-99999999999999999999", 10).value).toBe(-(1n << 63n));
  });
  test("strtollWhole: the whole string or nothing; empty is 0", () => {
    expect(strtollWhole("01")).toBe(1n);
    expect(strtollWhole("+5")).toBe(5n);
    expect(strtollWhole("")).toBe(0n);
    expect(strtollWhole("0x1")).toBeNull();
    expect(strtollWhole("1abc")).toBeNull();
    expect(strtollWhole(" ")).toBeNull();
  });
});

describe("memtoull", () => {
  test("units: k/m/g are powers of 1000, kb/mb/gb of 1024, any case", () => {
    // Checked: CONFIG SET maxmemory 1k → 1000; 1KB → 1024; 1b → 1.
    expect(memtoull("1k")).toBe(1000n);
    expect(memtoull("1KB")).toBe(1024n);
    expect(memtoull("1b")).toBe(1n);
    expect(memtoull("2m")).toBe(2_000_000n);
    expect(memtoull("2Mb")).toBe(2n * 1024n * 1024n);
    expect(memtoull("3g")).toBe(3_000_000_000n);
    expect(memtoull("3gB")).toBe(3n * 1024n ** 3n);
    expect(memtoull("512")).toBe(512n);
  });
  test("no digits is 0 (CONFIG SET maxmemory '' and 'k' are OK and read back 0)", () => {
    expect(memtoull("")).toBe(0n);
    expect(memtoull("k")).toBe(0n);
  });
  test("rejects signs, fractions, blanks and unknown units", () => {
    for (const s of ["-1", "1.5m", "+1", " 1", "1 ", "1t", "1kib", "0x10"]) expect(memtoull(s)).toBeNull();
  });
  test("saturates like strtoull, then wraps like the C multiplication", () => {
    // Checked: CONFIG SET maxmemory 18446744073709551616 → reads back 18446744073709551615.
    expect(memtoull("18446744073709551616")).toBe((1n << 64n) - 1n);
    expect(memtoull("18446744073709551616b")).toBe((1n << 64n) - 1n);
    expect(memtoull("18446744073709551615kb")).toBe(BigInt.asUintN(64, ((1n << 64n) - 1n) * 1024n));
  });
});

describe("small helpers", () => {
  test("case folding is ASCII only, as strcasecmp in the C locale", () => {
    expect(memtoull("1\u212Ab")).toBeNull(); // KELVIN SIGN lowercases to "k" in Unicode
    expect(asciiLower("A\u212AZ")).toBe("a\u212Az");
  });
  test("yesno is case-insensitive", () => {
    expect(yesno("YES")).toBe(true);
    expect(yesno("No")).toBe(false);
    expect(yesno("y")).toBeNull();
    expect(yesno("1")).toBeNull();
  });
  test("cString stops at NUL", () => {
    expect(cString("ab\0cd")).toBe("ab");
    expect(cString("abc")).toBe("abc");
  });
  test("pathIsBaseName refuses / and \\", () => {
    expect(pathIsBaseName("dump.rdb")).toBe(true);
    expect(pathIsBaseName("a/b")).toBe(false);
    expect(pathIsBaseName("a\\b")).toBe(false);
  });
  test("formatInteger prints saturated 64-bit extremes exactly", () => {
    expect(formatInteger(2 ** 64)).toBe("18446744073709551615");
    expect(formatInteger(2 ** 63, (1n << 63n) - 1n)).toBe("9223372036854775807");
    expect(formatInteger(536870912)).toBe("536870912");
  });
});
