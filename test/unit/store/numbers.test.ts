// Redis number rules (src/store/numbers.ts) against case tables taken from a real redis-server
// 7.0.15 (INCRBY, ZADD/ZSCORE, INCRBYFLOAT, HINCRBYFLOAT replies) and glibc 2.x printf/strtod,
// plus exact-arithmetic properties of the long double emulation. The tables were produced by
// sending each case to the real server; they are hard-coded so this suite needs no server.

import { describe, expect, test } from "bun:test";
import {
  addLongDouble,
  formatDouble,
  formatInt,
  formatLongDoubleHuman,
  hincrByFloat,
  incrByFloat,
  longDoubleFromInt,
  longDoubleToNumber,
  parseDouble,
  parseDoubleLenient,
  parseInt64,
  parseLongDouble,
  parseSafeInt,
  strtod,
  strtold,
  writeSafeInt,
  type LongDouble,
} from "../../../src/store/numbers.ts";

const bytes = (s: string): Uint8Array => Buffer.from(s, "latin1");

function doubleFromBits(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

function bitsOf(d: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, d);
  return view.getBigUint64(0).toString(16).padStart(16, "0");
}

const ERR_NOT_FLOAT = "ERR value is not a valid float";
const ERR_NAN = "ERR increment would produce NaN or Infinity";
const ERR_INCR_NOT_FINITE = "ERR value is NaN or Infinity";
const ERR_HASH_NOT_FLOAT = "ERR hash value is not a float";

// [double bits, what the value is, glibc printf("%.17g")]
const FORMAT_17G: [string, string, string][] = [
  ["0000000000000000", "0", "0"],
  ["8000000000000000", "-0", "-0"],
  ["3ff0000000000000", "1", "1"],
  ["bff0000000000000", "-1", "-1"],
  ["4008000000000000", "3", "3"],
  ["3ff199999999999a", "1.1", "1.1000000000000001"],
  ["3fb999999999999a", "0.1", "0.10000000000000001"],
  ["3fc999999999999a", "0.2", "0.20000000000000001"],
  ["3fd3333333333333", "0.3", "0.29999999999999999"],
  ["3fd5555555555555", "0.3333333333333333", "0.33333333333333331"],
  ["3fe5555555555555", "0.6666666666666666", "0.66666666666666663"],
  ["3ff8000000000000", "1.5", "1.5"],
  ["c004000000000000", "-2.5", "-2.5"],
  ["4025000000000000", "10.5", "10.5"],
  ["4059000000000000", "100", "100"],
  ["405edd2f1a9fbe77", "123.456", "123.456"],
  ["430c6bf526340000", "1000000000000000", "1000000000000000"],
  ["4341c37937e08000", "10000000000000000", "10000000000000000"],
  ["4376345785d8a000", "100000000000000000", "1e+17"],
  ["43abc16d674ec800", "1000000000000000000", "1e+18"],
  ["4415af1d78b58c40", "100000000000000000000", "1e+20"],
  ["444b1ae4d6e2ef50", "1e+21", "1e+21"],
  ["4480f0cf064dd592", "1e+22", "1e+22"],
  ["54b249ad2594c37d", "1e+100", "1e+100"],
  ["7e37e43c8800759c", "1e+300", "1.0000000000000001e+300"],
  ["7fefffffffffffff", "1.7976931348623157e+308", "1.7976931348623157e+308"],
  ["0000000000000001", "5e-324", "4.9406564584124654e-324"],
  ["0010000000000000", "2.2250738585072014e-308", "2.2250738585072014e-308"],
  ["3f1a36e2eb1c432d", "0.0001", "0.0001"],
  ["3ee4f8b588e368f1", "0.00001", "1.0000000000000001e-05"],
  ["3f1a36e2eb1c432d", "0.0001", "0.0001"],
  ["3ee9e0fcaf9380fc", "0.00001234", "1.234e-05"],
  ["3f50624dd2f1a9fc", "0.001", "0.001"],
  ["437b69b4ba630f35", "123456789012345680", "1.2345678901234568e+17"],
  ["4345ee2a2eb5a5c4", "12345678901234568", "12345678901234568"],
  ["433fffffffffffff", "9007199254740991", "9007199254740991"],
  ["4340000000000000", "9007199254740992", "9007199254740992"],
  ["4340000000000000", "9007199254740992", "9007199254740992"],
  ["c340000000000000", "-9007199254740992", "-9007199254740992"],
  ["4370000000000000", "72057594037927940", "72057594037927936"],
  ["43b0000000000000", "1152921504606847000", "1.152921504606847e+18"],
  ["43f0000000000000", "18446744073709552000", "1.8446744073709552e+19"],
  ["3fe0000000000000", "0.5", "0.5"],
  ["3fd0000000000000", "0.25", "0.25"],
  ["3fc0000000000000", "0.125", "0.125"],
  ["431ffffffffffff9", "2251799813685246.2", "2251799813685246.2"],
  ["431fffffffffffff", "2251799813685247.8", "2251799813685247.8"],
  ["432fffffffffffff", "4503599627370495.5", "4503599627370495.5"],
  ["432ffffffffffffd", "4503599627370494.5", "4503599627370494.5"],
  ["430ffffffffffff9", "1125899906842623.1", "1125899906842623.1"],
  ["400921f9f01b866e", "3.14159", "3.1415899999999999"],
  ["400921fb54442d18", "3.141592653589793", "3.1415926535897931"],
  ["4005bf0a8b145769", "2.718281828459045", "2.7182818284590451"],
  ["c00921fb54442d18", "-3.141592653589793", "-3.1415926535897931"],
  ["44dfe185ca57c517", "6.02214076e+23", "6.0221407599999999e+23"],
  ["3c07a4da290c1653", "1.602176634e-19", "1.6021766339999999e-19"],
  ["4376345785d8a000", "100000000000000000", "1e+17"],
  ["4341c37937e07fff", "9999999999999998", "9999999999999998"],
  ["3fd3333333333334", "0.30000000000000004", "0.30000000000000004"],
  ["3e7ad7f29abcaf48", "1e-7", "9.9999999999999995e-08"],
  ["3c36b082c2148b8e", "1.23e-18", "1.23e-18"],
  ["0000653efeecf1ed", "5.5e-310", "5.5000000000000079e-310"],
  ["7ff0000000000000", "Infinity", "inf"],
  ["fff0000000000000", "-Infinity", "-inf"],
];

// [ZADD score text, ZSCORE reply (skiplist encoding) or null when ZADD said not a valid float]
const ZADD_SCORES: [string, string | null][] = [
  ["1", "1"],
  ["-1", "-1"],
  ["+1", "1"],
  ["1.5", "1.5"],
  [".5", "0.5"],
  ["5.", "5"],
  ["-.5", "-0.5"],
  ["+.5", "0.5"],
  ["-0", "-0"],
  ["+0", "0"],
  ["0.0", "0"],
  ["00012", "12"],
  ["1e3", "1000"],
  ["1E3", "1000"],
  ["1e+3", "1000"],
  ["1e-3", "0.001"],
  ["1.5e-3", "0.0015"],
  ["-1.5E+30", "-1.4999999999999999e+30"],
  ["inf", "inf"],
  ["-inf", "-inf"],
  ["+inf", "inf"],
  ["INF", "inf"],
  ["Infinity", "inf"],
  ["-infinity", "-inf"],
  ["iNfInItY", "inf"],
  ["infinit", null],
  ["nan", null],
  ["NaN", null],
  ["-nan", null],
  ["nan(1)", null],
  ["1e400", null],
  ["-1e400", null],
  ["1e-400", null],
  ["-1e-400", null],
  ["1e-310", "9.9999999999999694e-311"],
  ["4.9406564584124654e-324", "4.9406564584124654e-324"],
  ["2.4703282292062328e-324", "4.9406564584124654e-324"],
  ["2.4703282292062327e-324", null],
  ["1.7976931348623157e308", "1.7976931348623157e+308"],
  ["1.7976931348623158e308", "1.7976931348623157e+308"],
  ["1.7976931348623159e308", null],
  ["0x10", "16"],
  ["0x1p3", "8"],
  ["0X1P-2", "0.25"],
  ["0x1.8", "1.5"],
  ["-0x.8p1", "-1"],
  ["0x1p1024", null],
  ["0x1p-1074", "4.9406564584124654e-324"],
  ["0x1p-1075", null],
  ["0x", null],
  ["0x.", null],
  ["0xg", null],
  ["1e", null],
  ["1e+", null],
  ["1e-", null],
  ["e5", null],
  [".", null],
  ["", null],
  [" 1", null],
  ["1 ", null],
  ["\t1", null],
  ["1\t", null],
  ["1.2.3", null],
  ["--1", null],
  ["+-1", null],
  ["1_000", null],
  ["1,5", null],
  ["0.1", "0.10000000000000001"],
  ["0.30000000000000004", "0.30000000000000004"],
  ["123456789012345678901234567890", "1.2345678901234568e+29"],
  ["3.14159265358979323846264338327950288", "3.1415926535897931"],
  ["0e999999999999", "0"],
  ["1\x00", null],
  ["12345678901234.5", "12345678901234.5"],
  ["1234567890123456", "1234567890123456"],
];

// [stored value (null: no key), increment, INCRBYFLOAT reply or error]
const INCRBYFLOAT: [string | null, string, string][] = [
  [null, "0.1", "0.1"],
  ["0.1", "0.2", "0.3"],
  ["10.5", "0.1", "10.6"],
  ["5.0e3", "2.0e2", "5200"],
  ["1e300", "1e300", "2000000000000000000017994648159118387741047888546581495876520164642531293192361871511698304167500994380700745017228549671807185112369345967826192521041497292574654271283687306588168510215212033579453305864740061102765895241989080589545563779241212358535223254194821301134374772211380178849830208012288"],
  ["-1e300", "1e300", "0"],
  [null, "1e4932", "LONG:4933:1000000000000000000006018949387963891323"],
  ["1e4932", "1e4932", "ERR increment would produce NaN or Infinity"],
  ["1.18973149535723176502e+4932", "0", "LONG:4933:1189731495357231765021263853030970205169"],
  ["1.19e4932", "0", "ERR value is not a valid float"],
  ["3", "-3", "0"],
  ["-0", "-0", "0"],
  [null, "-1e-20", "0"],
  [null, "1e-20", "0"],
  [null, "1e-17", "0.00000000000000001"],
  [null, "5e-18", "0"],
  [null, "5.000001e-18", "0.00000000000000001"],
  [null, "1.5e-17", "0.00000000000000002"],
  [null, "2.5e-17", "0.00000000000000002"],
  ["0x1p-18", "0", "0.00000381469726562"],
  ["0x3p-18", "0", "0.00001144409179688"],
  [null, "1e-4950", "0"],
  [null, "1e-4960", "ERR value is not a valid float"],
  [null, "inf", "ERR increment would produce NaN or Infinity"],
  ["inf", "1", "ERR increment would produce NaN or Infinity"],
  [null, "nan", "ERR value is not a valid float"],
  ["abc", "1", "ERR value is not a valid float"],
  [null, "abc", "ERR value is not a valid float"],
  [null, "", "ERR value is not a valid float"],
  [null, " 1", "ERR value is not a valid float"],
  [null, "1 ", "ERR value is not a valid float"],
  ["1\x00", "1", "ERR value is not a valid float"],
  [null, "1e400", "LONG:401:1000000000000000000028188068394758651458"],
  [null, "1e5000", "ERR value is not a valid float"],
  ["9223372036854775807", "1", "9223372036854775808"],
  ["18446744073709551615", "1", "18446744073709551616"],
  ["18446744073709551617", "0", "18446744073709551616"],
  ["123456789.987654321", "0.000000001", "123456789.98765432199434144"],
  ["1.1", "2.2", "3.3"],
  ["3.0", "0", "3"],
  ["-5", "2.5", "-2.5"],
  ["10", "-10", "0"],
  [null, "0x1p3", "8"],
  [null, "+1.5", "1.5"],
  [null, ".5", "0.5"],
  [null, "5.", "5"],
  [null, "1E2", "100"],
  ["0.1", "-0.1", "0"],
  ["1000000", "0.0000001", "1000000.00000010000002248"],
  ["99999999999999999", "1", "100000000000000000"],
  [null, "3.14159265358979323846264338327950288", "3.14159265358979324"],
  [null, "1e18", "1000000000000000000"],
  [null, "1e19", "10000000000000000000"],
  [null, "1e20", "100000000000000000000"],
  [null, "123456789012345678901234567890", "123456789012345678899921813504"],
];

// [stored field value (null: no field), increment, HINCRBYFLOAT reply or error]
const HINCRBYFLOAT: [string | null, string, string][] = [
  [null, "1.5", "1.5"],
  ["abc", "1", "ERR hash value is not a float"],
  ["1", "abc", "ERR value is not a valid float"],
  ["abc", "inf", "ERR value is NaN or Infinity"],
  ["inf", "1", "ERR increment would produce NaN or Infinity"],
  [null, "-inf", "ERR value is NaN or Infinity"],
  ["1e4932", "1e4932", "ERR increment would produce NaN or Infinity"],
  ["0.1", "0.2", "0.3"],
  ["5", "nan", "ERR value is not a valid float"],
];

// [stored value, INCRBY value 0 reply: the integer or null for "not an integer or out of range"]
const INTEGERS: [string, string | null][] = [
  ["0", "0"],
  ["-0", null],
  ["00", null],
  ["01", null],
  ["-01", null],
  ["1", "1"],
  ["-1", "-1"],
  ["+1", null],
  [" 1", null],
  ["1 ", null],
  ["-", null],
  ["", null],
  ["9007199254740991", "9007199254740991"],
  ["9007199254740992", "9007199254740992"],
  ["-9007199254740993", "-9007199254740993"],
  ["9223372036854775807", "9223372036854775807"],
  ["9223372036854775808", null],
  ["-9223372036854775808", "-9223372036854775808"],
  ["-9223372036854775809", null],
  ["18446744073709551615", null],
  ["18446744073709551616", null],
  ["99999999999999999999", null],
  ["000000000000000000001", null],
  ["1e3", null],
  ["1.0", null],
  ["0x10", null],
  ["12a", null],
  ["1\x00", null],
];


describe("writeSafeInt (RESP headers, INCR's digits)", () => {
  test("writes what String() writes, on both sides of the int32 path and at the safe limits", () => {
    const values = [0, 7, 9, 10, 99, 100, 12345, 2 ** 31 - 1, 2 ** 31, 2 ** 32 + 5, -1, -10, -(2 ** 31), -(2 ** 31) - 1, 2 ** 53 - 1, -(2 ** 53 - 1)];
    // Large values first as well: the int32 path must not change once doubles have been seen.
    for (const value of [...values].reverse().concat(values)) {
      const target = new Uint8Array(24).fill(120);
      const end = writeSafeInt(target, 2, value);
      expect(Buffer.from(target.subarray(2, end)).toString("latin1")).toBe(String(value));
      expect(target[end]).toBe(120);
    }
  });
});

describe("parseInt64 / parseSafeInt (string2ll)", () => {
  test.each(INTEGERS)("%j as Redis's INCRBY reads it", (text, expected) => {
    const big = parseInt64(bytes(text));
    expect(big === null ? null : big.toString()).toBe(expected);
    const small = parseSafeInt(bytes(text));
    if (expected !== null && Number.isSafeInteger(Number(expected))) expect(small).toBe(Number(expected));
    else expect(small).toBeNull();
  });

  test("parseSafeInt gives up exactly outside ±(2^53-1), parseInt64 takes over", () => {
    expect(parseSafeInt(bytes("9007199254740991"))).toBe(9007199254740991);
    expect(parseSafeInt(bytes("-9007199254740991"))).toBe(-9007199254740991);
    expect(parseSafeInt(bytes("9007199254740992"))).toBeNull();
    expect(parseSafeInt(bytes("-9007199254740992"))).toBeNull();
    expect(parseSafeInt(bytes("99999999999999999"))).toBeNull();
    expect(parseInt64(bytes("9007199254740993"))).toBe(9007199254740993n);
    expect(parseInt64(bytes("-9223372036854775808"))).toBe(-9223372036854775808n);
  });

  test("matches a BigInt model on random digit strings", () => {
    let seed = 12345;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let i = 0; i < 5000; i++) {
      let s = next(4) === 0 ? "-" : "";
      const len = 1 + next(21);
      for (let j = 0; j < len; j++) s += String(next(10));
      const valid = /^-?[1-9][0-9]*$/.test(s) || s === "0";
      const inRange = valid && BigInt(s) >= -(2n ** 63n) && BigInt(s) < 2n ** 63n && s.length < 21;
      expect(parseInt64(bytes(s))).toBe(inRange ? BigInt(s) : null);
    }
  });

  test("works on a view into a larger buffer", () => {
    const buf = bytes("xx-1234yy");
    expect(parseSafeInt(buf.subarray(2, 7))).toBe(-1234);
    expect(parseInt64(buf.subarray(2, 7))).toBe(-1234n);
  });

  test("formatInt", () => {
    expect(formatInt(-42)).toBe("-42");
    expect(formatInt(-9223372036854775808n)).toBe("-9223372036854775808");
  });
});

describe("formatDouble (%.17g, addReplyDouble)", () => {
  test.each(FORMAT_17G)("%s (%s) prints %j", (hex, _label, expected) => {
    expect(formatDouble(doubleFromBits(hex))).toBe(expected);
  });

  test("exact decimal ties round half to even like glibc, not up like toPrecision", () => {
    // 2251799813685246.25 has exactly 18 significant digits: a true tie at 17.
    expect(formatDouble(2251799813685246.25)).toBe("2251799813685246.2");
    expect(formatDouble(2251799813685247.75)).toBe("2251799813685247.8");
    expect(formatDouble(-2251799813685246.25)).toBe("-2251799813685246.2");
  });

  test("round-trips: parsing the output gives back the same double", () => {
    let seed = 99;
    for (let i = 0; i < 2000; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const d = (seed / 2147483648 - 0.5) * 10 ** ((seed % 600) - 300);
      expect(parseDouble(bytes(formatDouble(d)))).toBe(d);
    }
  });
});

describe("parseDouble (string2d, getDoubleFromObject)", () => {
  test.each(ZADD_SCORES)("ZADD z %j m", (text, zscore) => {
    const value = parseDouble(bytes(text));
    if (zscore === null) expect(value).toBeNull();
    else {
      expect(value).not.toBeNull();
      expect(formatDouble(value as number)).toBe(zscore);
    }
  });

  test("keeps the sign of zero", () => {
    expect(Object.is(parseDouble(bytes("-0")), -0)).toBe(true);
    expect(Object.is(parseDouble(bytes("-0.0e5")), -0)).toBe(true);
    expect(Object.is(parseDouble(bytes("0")), 0)).toBe(true);
  });

  test("fast path and general path agree", () => {
    for (const s of ["123.25", "-0.5", "99999999999999.9", "0.000000000000001", "+7"]) {
      const viaStrtod = strtod(bytes(s));
      expect(parseDouble(bytes(s))).toBe(viaStrtod.value);
    }
  });

  test("plain decimals of 16 to 64 chars parse as strtod rounds them, sign of zero included", () => {
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const digits = (n: number) => Array.from({ length: n }, () => String(next(10))).join("");
    const samples = ["1700000000123.4567", "-0.00000000000000000000", "+.12345678901234567890", "12345678901234567.", "0".repeat(70) + "1"];
    for (let i = 0; i < 2000; i++) {
      const whole = digits(next(30));
      const fraction = next(2) === 0 ? "" : `.${digits(next(40))}`;
      samples.push(`${["", "-", "+"][next(3)]}${whole}${fraction || (whole === "" ? ".5" : "")}`);
    }
    for (const text of samples) {
      const viaStrtod = strtod(bytes(text));
      expect(viaStrtod.end).toBe(text.length);
      expect(Object.is(parseDouble(bytes(text)), viaStrtod.value)).toBe(true);
    }
  });
});

describe("strtod / strtold (glibc)", () => {
  // [input, double bits, ERANGE, endptr offset], from glibc strtod.
  const STRTOD: [string, string, boolean, number][] = [
    ["  -1.5e3xyz", "c097700000000000", false, 8],
    ["0x", "0000000000000000", false, 1],
    ["0x1p", "3ff0000000000000", false, 3],
    ["1e+", "3ff0000000000000", false, 1],
    ["infinit", "7ff0000000000000", false, 3],
    ["-Infinity!", "fff0000000000000", false, 9],
    ["1e-400", "0000000000000000", true, 6],
    ["1e400", "7ff0000000000000", true, 5],
    ["1e-310", "000012688b70e62b", true, 6],
    ["0x1p-1074", "0000000000000001", false, 9],
    ["2.2250738585072012e-308", "0010000000000000", true, 23],
    ["0x0.fffffffffffffcp-1022", "0010000000000000", false, 24],
    ["", "0000000000000000", false, 0],
    ["  +", "0000000000000000", false, 0],
    ["1\x002", "3ff0000000000000", false, 1],
  ];
  test.each(STRTOD)("strtod(%j)", (text, bits, erange, end) => {
    const r = strtod(bytes(text));
    expect(bitsOf(r.value)).toBe(bits);
    expect(r.erange).toBe(erange);
    expect(r.end).toBe(end);
  });

  test("nan forms", () => {
    expect(strtod(bytes("nan(abc_1)x")).end).toBe(10);
    expect(strtod(bytes("nan(abc")).end).toBe(3);
    expect(Number.isNaN(strtod(bytes("-NaN")).value)).toBe(true);
  });

  test("very long mantissas round correctly (sticky digit beyond 800)", () => {
    // 1 + 2^-53 exactly is a tie (rounds down to 1); any extra digit far away tips it up.
    const half = "1.00000000000000011102230246251565404236316680908203125";
    expect(strtod(bytes(half)).value).toBe(1);
    expect(strtod(bytes(`${half}${"0".repeat(2000)}1`)).value).toBe(1.0000000000000002);
  });

  // [input, x87 sign+exponent, significand, ERANGE, end, printf("%.17Lf")] from glibc strtold.
  const STRTOLD: [string, string, string, boolean, number, string][] = [
    ["0.1", "3ffb", "cccccccccccccccd", false, 3, "0.10000000000000000"],
    ["2251799813685246.25", "4031", "ffffffffffffc800", false, 19, "2251799813685246.25000000000000000"],
    ["0x1p-18", "3fed", "8000000000000000", false, 7, "0.00000381469726562"],
    ["1e-4950", "0000", "0000000000000003", true, 7, "0.00000000000000000"],
    ["1e5000", "7fff", "8000000000000000", true, 6, "inf"],
    ["3.3621031431120935062e-4932", "0001", "8000000000000000", false, 27, "0.00000000000000000"],
  ];
  test.each(STRTOLD)("strtold(%j)", (text, se, mant, erange, end, printed) => {
    const r = strtold(bytes(text));
    expect(x87Encoding(r.value)).toBe(`${se} ${mant}`);
    expect(r.erange).toBe(erange);
    expect(r.end).toBe(end);
    expect(formatLongDoubleHuman(r.value)).toBe(humanTrim(printed));
  });
});

/** The 80-bit encoding "sign+exponent significand" of a long double, as glibc stores it. */
function x87Encoding(v: LongDouble): string {
  if (v.kind === "nan") return "nan";
  if (v.kind === "inf") return `${v.negative ? "ffff" : "7fff"} 8000000000000000`;
  let mant = v.mant;
  let exp = v.exp;
  // Normalise the significand to 64 bits, unless the value is subnormal (biased exponent 0).
  while (mant !== 0n && mant < 1n << 63n && exp > -16445) {
    mant <<= 1n;
    exp--;
  }
  const biased = mant >= 1n << 63n ? exp + 16383 + 63 : 0;
  const se = (v.negative ? 0x8000 : 0) | biased;
  return `${se.toString(16).padStart(4, "0")} ${mant.toString(16).padStart(16, "0")}`;
}

/** What ld2string does to "%.17Lf" output in human mode. */
function humanTrim(s: string): string {
  if (!s.includes(".")) return s;
  const t = s.replace(/0+$/, "").replace(/\.$/, "");
  return t === "-0" ? "0" : t;
}

function expectIncrReply(result: ReturnType<typeof incrByFloat> | ReturnType<typeof hincrByFloat>, expected: string): void {
  const errors: Record<string, string> = {
    notfloat: ERR_NOT_FLOAT,
    nan: ERR_NAN,
    incrnotfinite: ERR_INCR_NOT_FINITE,
    hashnotfloat: ERR_HASH_NOT_FLOAT,
  };
  if (!result.ok) {
    expect(errors[result.error]).toBe(expected);
    return;
  }
  const long = /^LONG:(\d+):(.*)$/.exec(expected);
  if (long) {
    expect(result.result.length).toBe(Number(long[1]));
    expect(result.result.startsWith(long[2])).toBe(true);
  } else {
    expect(result.result).toBe(expected);
  }
}

describe("INCRBYFLOAT (x87 long double)", () => {
  test.each(INCRBYFLOAT)("value %j + %j", (current, increment, expected) => {
    expectIncrReply(incrByFloat(current === null ? null : bytes(current), bytes(increment)), expected);
  });

  test.each(HINCRBYFLOAT)("HINCRBYFLOAT field %j + %j", (current, increment, expected) => {
    expectIncrReply(hincrByFloat(current === null ? null : bytes(current), bytes(increment)), expected);
  });

  test("string2ld refuses 5120 bytes or more (MAX_LONG_DOUBLE_CHARS), checked on redis-server", () => {
    expect(incrByFloat(null, bytes(`${"0".repeat(5118)}1`))).toEqual({ ok: true, result: "1" });
    expect(incrByFloat(null, bytes(`${"0".repeat(5119)}1`))).toEqual({ ok: false, error: "notfloat" });
  });

  test("addition is exact then rounded once to 64 bits, ties to even", () => {
    const one = longDoubleFromInt(1);
    const tiny = parseLongDouble(bytes("0x1p-64")) as LongDouble; // half an ulp of 1
    expect(addLongDouble(one, tiny)).toEqual(one);
    const more = parseLongDouble(bytes("0x1.0000001p-64")) as LongDouble;
    expect(addLongDouble(one, more)).toEqual({ kind: "finite", negative: false, mant: (1n << 63n) + 1n, exp: -63 });
    // 2^64 - 1 needs all 64 bits and survives; 2^64 + 1 does not.
    expect(formatLongDoubleHuman(longDoubleFromInt(18446744073709551615n))).toBe("18446744073709551615");
    expect(formatLongDoubleHuman(longDoubleFromInt(18446744073709551617n))).toBe("18446744073709551616");
  });

  test("signed zeros follow IEEE and print as 0", () => {
    const negZero = parseLongDouble(bytes("-0")) as LongDouble;
    expect(addLongDouble(negZero, negZero)).toEqual({ kind: "finite", negative: true, mant: 0n, exp: 0 });
    expect(formatLongDoubleHuman(addLongDouble(negZero, negZero))).toBe("0");
    const three = longDoubleFromInt(3);
    const minusThree = longDoubleFromInt(-3);
    const sum = addLongDouble(three, minusThree);
    expect(sum.kind === "finite" && !sum.negative).toBe(true);
  });

  test("inf + -inf is NaN, inf + finite is inf", () => {
    const inf = parseLongDouble(bytes("inf")) as LongDouble;
    const negInf = parseLongDouble(bytes("-inf")) as LongDouble;
    expect(addLongDouble(inf, negInf).kind).toBe("nan");
    expect(addLongDouble(inf, longDoubleFromInt(1))).toEqual(inf);
    expect(formatLongDoubleHuman(negInf)).toBe("-inf");
  });

  test("longDoubleToNumber rounds to the nearest double", () => {
    expect(longDoubleToNumber(parseLongDouble(bytes("0.1")) as LongDouble)).toBe(0.1);
    expect(longDoubleToNumber(parseLongDouble(bytes("1e400")) as LongDouble)).toBe(Infinity);
    expect(Object.is(longDoubleToNumber(parseLongDouble(bytes("-0")) as LongDouble), -0)).toBe(true);
  });
});

describe("parseDoubleLenient (zslParseRange / SORT strtod checks)", () => {
  test("accepts what strtod accepts up to the end or a NUL", () => {
    expect(parseDoubleLenient(bytes(" 1.5"))).toEqual({ value: 1.5, erange: false });
    expect(parseDoubleLenient(bytes(""))).toEqual({ value: 0, erange: false });
    expect(parseDoubleLenient(bytes("1e400"))).toEqual({ value: Infinity, erange: true });
    expect(parseDoubleLenient(bytes("2\x00junk"))).toEqual({ value: 2, erange: false });
    expect(parseDoubleLenient(bytes("(3"), 1)).toEqual({ value: 3, erange: false });
    expect(parseDoubleLenient(bytes("1 "))).toBeNull();
    expect(parseDoubleLenient(bytes("nan"))).toBeNull();
    expect(parseDoubleLenient(bytes("abc"))).toBeNull();
  });
});
