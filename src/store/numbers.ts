// Redis's number text rules, byte for byte: string2ll (integers), strtod/string2d (doubles),
// "%.17g" (addReplyDouble) and INCRBYFLOAT's x87 long double arithmetic (strtold, 80-bit add,
// ld2string "%.17Lf" human mode), emulated exactly with BigInt where JS numbers fall short.
// The integer and common double paths read bytes directly and allocate nothing.

import { latin1 } from "./latin1.ts";

// ---------------------------------------------------------------------------------------------
// Integers: string2ll (util.c)
// ---------------------------------------------------------------------------------------------

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;
/** string2ll refuses strings of LONG_STR_SIZE (21) bytes or more before looking at them. */
const LONG_STR_SIZE = 21;

/**
 * string2ll for the common case: the value if bytes[start, end) is a valid Redis integer within
 * ±(2^53-1), else null (invalid, or valid but too big: ask parseInt64 to tell the two apart).
 * Rules: optional '-', no '+', no spaces, no leading zeros ("0" only; "-0" is invalid).
 */
export function parseSafeInt(bytes: Uint8Array, start = 0, end = bytes.length): number | null {
  const n = end - start;
  // A safe integer has at most 16 digits, so more than 17 bytes is never a safe result.
  if (n <= 0 || n > 17) return null;
  const negative = bytes[start] === 0x2d;
  let i = start;
  if (negative) {
    if (n === 1) return null;
    i++;
  }
  const first = bytes[i]! - 0x30;
  if (first < 1 || first > 9) return first === 0 && n === 1 ? 0 : null;
  let value = first;
  for (i++; i < end; i++) {
    const digit = bytes[i]! - 0x30;
    if (digit < 0 || digit > 9) return null;
    value = value * 10 + digit;
  }
  // Every partial sum below 2^53 is exact; a true value above it rounds to >= 2^53.
  if (value > Number.MAX_SAFE_INTEGER) return null;
  return negative ? -value : value;
}

/** string2ll: the signed 64-bit value of `bytes`, or null if Redis would say "not an integer". */
export function parseInt64(bytes: Uint8Array): bigint | null {
  const small = parseSafeInt(bytes);
  if (small !== null) return BigInt(small);
  const n = bytes.length;
  if (n === 0 || n >= LONG_STR_SIZE) return null;
  let i = bytes[0] === 0x2d ? 1 : 0;
  if (i === n || bytes[i] < 0x31 || bytes[i] > 0x39) return null;
  // Split into two exact halves so no string is built: high digits then the last up to 9.
  let high = 0;
  let low = 0;
  let lowDigits = 0;
  const split = n - 9;
  for (; i < n; i++) {
    const digit = bytes[i] - 0x30;
    if (digit < 0 || digit > 9) return null;
    if (i < split) high = high * 10 + digit;
    else {
      low = low * 10 + digit;
      lowDigits++;
    }
  }
  const magnitude = BigInt(high) * 10n ** BigInt(lowDigits) + BigInt(low);
  const value = bytes[0] === 0x2d ? -magnitude : magnitude;
  return value > INT64_MAX || value < INT64_MIN ? null : value;
}

/** Plain decimal, as ll2string prints it. */
export function formatInt(value: number | bigint): string {
  return typeof value === "bigint" ? value.toString() : String(value);
}

/**
 * Writes a safe integer's decimal digits into `target` at `at` (room for 17 digits and a sign)
 * and returns the end, without building a string: RESP headers, INCR's stored result.
 */
export function writeSafeInt(target: Uint8Array, at: number, value: number): number {
  if (value < 0) {
    target[at++] = 45; // '-'
    value = -value;
  }
  let digits = 1;
  for (let power = 10; power <= value; power *= 10) digits++;
  at += digits;
  let digitAt = at;
  // Below 2^31 on int32s: once the JIT has seen a double here, `%` would stay an fmod.
  if (value <= 0x7fffffff) {
    let rest = value | 0;
    do {
      const quotient = (rest / 10) | 0;
      target[--digitAt] = 48 + rest - quotient * 10;
      rest = quotient;
    } while (rest > 0);
    return at;
  }
  do {
    target[--digitAt] = 48 + (value % 10);
    value = Math.floor(value / 10);
  } while (value > 0);
  return at;
}

// ---------------------------------------------------------------------------------------------
// Exact rounding of a positive rational to a binary floating-point format
// ---------------------------------------------------------------------------------------------

interface BinaryFormat {
  /** Significand bits, including the leading one (53 for double, 64 for x87 extended). */
  readonly precision: number;
  /** Exponent of the smallest subnormal's unit: values are multiples of 2^minExp. */
  readonly minExp: number;
  /** Values at or above 2^maxExp overflow to infinity. */
  readonly maxExp: number;
}

const DOUBLE: BinaryFormat = { precision: 53, minExp: -1074, maxExp: 1024 };
/** x87 80-bit long double: what Redis's `long double` is on x86-64 Linux. */
const X87: BinaryFormat = { precision: 64, minExp: -16445, maxExp: 16384 };

/** A rounded finite magnitude mant × 2^exp (mant may be 0), or null on overflow. */
interface Rounded {
  mant: bigint;
  exp: number;
  inexact: boolean;
  /** Tiny in glibc's sense (see isTiny): with `inexact`, strtod sets ERANGE. */
  tiny: boolean;
}

function bitLength(x: bigint): number {
  if (x < 0x20000000000000n) {
    // Exact in a double: no string needed for the common small cases.
    const n = Number(x);
    return n < 0x100000000 ? 32 - Math.clz32(n) : 64 - Math.clz32(Math.floor(n / 0x100000000));
  }
  const hex = x.toString(16);
  return (hex.length - 1) * 4 + 32 - Math.clz32(parseInt(hex[0], 16));
}

/**
 * glibc's ERANGE test for tiny results follows x86's "tininess after rounding": the value is
 * tiny if, rounded to full precision with an unbounded exponent, it is still below the
 * smallest normal. k is floor(log2(num/den)).
 */
function isTiny(num: bigint, den: bigint, k: number, format: BinaryFormat): boolean {
  const minNormalExp = format.minExp + format.precision - 1;
  if (k >= minNormalExp) return false;
  if (k < minNormalExp - 1) return true;
  // Just below the smallest normal: tiny unless rounding carries up to it.
  const shift = BigInt(format.precision - 1 - k); // > 0 here
  const n = num << shift;
  let mant = n / den;
  const twiceRest = (n - mant * den) * 2n;
  if (twiceRest > den || (twiceRest === den && (mant & 1n) === 1n)) mant++;
  return mant !== 1n << BigInt(format.precision);
}

/** Round num/den (> 0) to nearest, ties to even, as IEEE arithmetic and glibc strtod do. */
function roundRatio(num: bigint, den: bigint, format: BinaryFormat): Rounded | null {
  const precision = format.precision;
  let k = bitLength(num) - bitLength(den);
  // Now 2^(k-1) < num/den < 2^(k+1): settle floor(log2(num/den)).
  if (k >= 0 ? num < den << BigInt(k) : num << BigInt(-k) < den) k--;
  let exp = k - (precision - 1);
  if (exp < format.minExp) exp = format.minExp; // subnormal: fewer significant bits
  let n = num;
  let d = den;
  if (exp >= 0) d = den << BigInt(exp);
  else n = num << BigInt(-exp);
  let mant = n / d;
  const twiceRest = (n - mant * d) * 2n;
  if (twiceRest > d || (twiceRest === d && (mant & 1n) === 1n)) mant++;
  if (mant === 1n << BigInt(precision)) {
    mant >>= 1n;
    exp++;
  }
  if (exp + precision > format.maxExp) return null;
  return { mant, exp, inexact: twiceRest !== 0n, tiny: isTiny(num, den, k, format) };
}

/** Round digits × 10^exp10 (digits a decimal string without leading zeros, not all zeros). */
function roundDecimal(digits: string, exp10: number, format: BinaryFormat): Rounded | null {
  const magnitude = BigInt(digits);
  if (exp10 >= 0) return roundRatio(magnitude * 10n ** BigInt(exp10), 1n, format);
  return roundRatio(magnitude, 10n ** BigInt(-exp10), format);
}

// ---------------------------------------------------------------------------------------------
// Scanning strtod's grammar (glibc, "C" locale)
// ---------------------------------------------------------------------------------------------

const SCAN_NONE = 0;
const SCAN_DECIMAL = 1;
const SCAN_HEX = 2;
const SCAN_INF = 3;
const SCAN_NAN = 4;
type ScanKind = typeof SCAN_NONE | typeof SCAN_DECIMAL | typeof SCAN_HEX | typeof SCAN_INF | typeof SCAN_NAN;

interface Scan {
  kind: ScanKind;
  negative: boolean;
  /** Significant digits, no leading or trailing zeros; "" means the value is zero. */
  digits: string;
  /** value = digits × 10^exp (decimal) or digits(hex) × 2^exp (hex). */
  exp: number;
  /** Index just past what strtod consumed (its endptr); the start if nothing was converted. */
  end: number;
}

/** Exponents are saturated here: far beyond any format's range, and still exact in doubles. */
const EXP_SATURATION = 1_000_000_000;

/** C isspace() in the "C" locale: space, \t \n \v \f \r. */
function isCSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

/** Case-insensitive match of an ASCII lowercase word at bytes[i..]. */
function matchWord(bytes: Uint8Array, i: number, end: number, word: string): boolean {
  if (end - i < word.length) return false;
  for (let j = 0; j < word.length; j++) {
    if ((bytes[i + j] | 0x20) !== word.charCodeAt(j)) return false;
  }
  return true;
}

/** Decimal exponent digits after e/E or p/P, or null when there is no digit (not consumed). */
function scanExponent(bytes: Uint8Array, i: number, end: number): { value: number; end: number } | null {
  let j = i;
  let negative = false;
  if (j < end && (bytes[j] === 0x2b || bytes[j] === 0x2d)) {
    negative = bytes[j] === 0x2d;
    j++;
  }
  if (j >= end || !isDigit(bytes[j])) return null;
  let value = 0;
  for (; j < end && isDigit(bytes[j]); j++) {
    if (value < EXP_SATURATION) value = value * 10 + (bytes[j] - 0x30);
  }
  return { value: negative ? -value : value, end: j };
}

/**
 * What glibc strtod/strtold read from bytes[start..end): leading isspace, sign, then "inf",
 * "infinity", "nan", "nan(chars)", a hex float "0x1.8p3" or a decimal "1.5e3". Bytes past
 * `end` count as the C string's NUL, so the scan never goes beyond it.
 */
function scanNumber(bytes: Uint8Array, start: number, end: number): Scan {
  const scan: Scan = { kind: SCAN_NONE, negative: false, digits: "", exp: 0, end: start };
  let i = start;
  while (i < end && isCSpace(bytes[i])) i++;
  if (i < end && (bytes[i] === 0x2b || bytes[i] === 0x2d)) {
    scan.negative = bytes[i] === 0x2d;
    i++;
  }
  if (matchWord(bytes, i, end, "inf")) {
    scan.kind = SCAN_INF;
    scan.end = matchWord(bytes, i + 3, end, "inity") ? i + 8 : i + 3;
    return scan;
  }
  if (matchWord(bytes, i, end, "nan")) {
    scan.kind = SCAN_NAN;
    scan.end = i + 3;
    if (i + 3 < end && bytes[i + 3] === 0x28) {
      // nan(n-char-sequence): letters, digits and '_' then ')'; else only "nan" is taken.
      let j = i + 4;
      while (j < end && (isDigit(bytes[j]) || ((bytes[j] | 0x20) >= 0x61 && (bytes[j] | 0x20) <= 0x7a) || bytes[j] === 0x5f)) j++;
      if (j < end && bytes[j] === 0x29) scan.end = j + 1;
    }
    return scan;
  }
  if (i + 1 < end && bytes[i] === 0x30 && (bytes[i + 1] | 0x20) === 0x78) {
    // Hex float; "0x" without a hex digit after it is just the number 0 (endptr on the x).
    if (scanMantissa(bytes, i + 2, end, true, scan)) return scan;
  }
  scanMantissa(bytes, i, end, false, scan); // no digits at all: no conversion
  return scan;
}

/**
 * Reads `digits[.digits]` and an optional exponent (`e` for decimal, `p` for hex) from
 * `start` into `scan`. Returns false, leaving `scan` alone, when there is no digit at all.
 */
function scanMantissa(bytes: Uint8Array, start: number, end: number, hex: boolean, scan: Scan): boolean {
  const isDigitOf = hex ? isHexDigit : isDigit;
  let j = start;
  const intStart = j;
  while (j < end && isDigitOf(bytes[j])) j++;
  const intEnd = j;
  let fracStart = j;
  let fracEnd = j;
  if (j < end && bytes[j] === 0x2e) {
    fracStart = j + 1;
    j = fracStart;
    while (j < end && isDigitOf(bytes[j])) j++;
    fracEnd = j;
  }
  if (intEnd === intStart && fracEnd === fracStart) return false;
  scan.kind = hex ? SCAN_HEX : SCAN_DECIMAL;
  let exp = 0;
  if (j < end && (bytes[j] | 0x20) === (hex ? 0x70 : 0x65)) {
    const e = scanExponent(bytes, j + 1, end);
    if (e !== null) {
      exp = e.value;
      j = e.end;
    }
  }
  scan.end = j;
  const digits = latin1(bytes, intStart, intEnd) + latin1(bytes, fracStart, fracEnd);
  setSignificand(scan, digits, fracEnd - fracStart, exp, hex ? 4 : 1);
  return true;
}

/** Store digits without leading/trailing zeros; digitWeight is log2 of a hex digit or 1 for decimal. */
function setSignificand(scan: Scan, allDigits: string, fractionDigits: number, exp: number, digitWeight: number): void {
  let from = 0;
  while (from < allDigits.length && allDigits.charCodeAt(from) === 0x30) from++;
  let to = allDigits.length;
  while (to > from && allDigits.charCodeAt(to - 1) === 0x30) to--;
  scan.digits = allDigits.slice(from, to);
  // Decimal: value = digits × 10^(exp - fraction digits + dropped trailing zeros).
  // Hex: value = digits × 16^(dropped - fraction digits) × 2^exp.
  scan.exp = exp + (allDigits.length - to - fractionDigits) * digitWeight;
}

// ---------------------------------------------------------------------------------------------
// double: strtod, string2d (getDoubleFromObject), "%.17g" (addReplyDouble)
// ---------------------------------------------------------------------------------------------

/** glibc strtod's answer: the value, its endptr, and whether it set errno = ERANGE. */
export interface StrtodResult {
  value: number;
  /** Index just past the number; `start` when nothing was converted (value 0). */
  end: number;
  /**
   * errno == ERANGE: the value overflowed to ±inf, underflowed to ±0, or is an inexact
   * subnormal. Redis's string2d only minds the first two (value ±inf or 0).
   */
  erange: boolean;
}

const MIN_NORMAL = 2.2250738585072014e-308;
/** Beyond this many significant digits a sticky digit stands for the rest (no halfway point needs more). */
const MAX_SIGNIFICANT_DIGITS = 800;

function doubleFromRounded(r: Rounded): number {
  return Number(r.mant) * 2 ** r.exp;
}

/** Decimal digits × 10^exp10 to the nearest double, with glibc's ERANGE. */
function decimalToDouble(digits: string, exp10: number): { value: number; erange: boolean } {
  const magnitude = digits.length + exp10; // value is in [10^(magnitude-1), 10^magnitude)
  if (magnitude - 1 > 309) return { value: Infinity, erange: true };
  if (magnitude < -324) return { value: 0, erange: true };
  let d = digits;
  let e = exp10;
  if (d.length > MAX_SIGNIFICANT_DIGITS) {
    // Trailing zeros are already gone, so the dropped tail is non-zero: keep it as a sticky 1.
    e += d.length - MAX_SIGNIFICANT_DIGITS - 1;
    d = d.slice(0, MAX_SIGNIFICANT_DIGITS) + "1";
  }
  // JS number parsing is correctly rounded, like glibc's; only ERANGE needs more care.
  const value = Number(`${d}e${e}`);
  if (value === Infinity || value === 0) return { value, erange: true };
  // ERANGE for an inexact tiny result needs the exact value: 2.2250738585072012e-308 rounds
  // to the smallest normal yet is "tiny" for glibc (see isTiny).
  if (value > MIN_NORMAL) return { value, erange: false };
  const exact = roundDecimal(d, e, DOUBLE);
  return { value, erange: exact === null || (exact.tiny && exact.inexact) };
}

function hexToBinary(digits: string, exp2: number, format: BinaryFormat): Rounded | null {
  const magnitude = BigInt(`0x${digits}`);
  const top = bitLength(magnitude) + exp2; // value is in [2^(top-1), 2^top)
  if (top - 1 >= format.maxExp) return null;
  if (top < format.minExp - 1) return { mant: 0n, exp: format.minExp, inexact: true, tiny: true };
  if (exp2 >= 0) return roundRatio(magnitude << BigInt(exp2), 1n, format);
  return roundRatio(magnitude, 1n << BigInt(-exp2), format);
}

/**
 * C strtod over bytes[start..end) (glibc, "C" locale): skips leading isspace, accepts a sign,
 * decimal and hex floats, inf/infinity/nan case-insensitively; the end index is its endptr.
 * A 0x00 byte stops the scan like the end of a C string.
 */
export function strtod(bytes: Uint8Array, start = 0, end = bytes.length): StrtodResult {
  const scan = scanNumber(bytes, start, end);
  const sign = scan.negative ? -1 : 1;
  switch (scan.kind) {
    case SCAN_NONE:
      return { value: 0, end: start, erange: false };
    case SCAN_INF:
      return { value: sign * Infinity, end: scan.end, erange: false };
    case SCAN_NAN:
      return { value: NaN, end: scan.end, erange: false };
    case SCAN_DECIMAL: {
      if (scan.digits === "") return { value: sign * 0, end: scan.end, erange: false };
      const r = decimalToDouble(scan.digits, scan.exp);
      return { value: sign * r.value, end: scan.end, erange: r.erange };
    }
    case SCAN_HEX: {
      if (scan.digits === "") return { value: sign * 0, end: scan.end, erange: false };
      const r = hexToBinary(scan.digits, scan.exp, DOUBLE);
      if (r === null) return { value: sign * Infinity, end: scan.end, erange: true };
      const value = doubleFromRounded(r);
      return { value: sign * value, end: scan.end, erange: r.tiny && r.inexact };
    }
  }
}

/** A plain decimal this long is at most 10^64 and at least 10^-63: no ERANGE either way. */
const PLAIN_DECIMAL_MAX_LENGTH = 64;
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * Redis's string2d / getDoubleFromObject: the whole of bytes[start, end) must be one strtod
 * number (no leading space, no trailing bytes, no NUL); NaN is refused, and so is a finite text
 * that overflows to ±inf or underflows to 0 ("1e400", "1e-400"). "inf", "-Infinity", "+1.5",
 * "0x1p-3", "1e-310" (subnormal) are accepted. -0 stays -0.
 */
export function parseDouble(bytes: Uint8Array, start = 0, end = bytes.length): number | null {
  if (end <= start) return null;
  // Fast path, no allocation: [+-]digits[.digits] with at most 15 digits in all. The digits
  // form an exact integer and 10^k is exact, so one division rounds correctly.
  let i = start;
  const c0 = bytes[start]!;
  if (c0 === 0x2d || c0 === 0x2b) i++;
  let mantissa = 0;
  let digitCount = 0;
  let fractionDigits = -1;
  for (; i < end; i++) {
    const c = bytes[i]!;
    const digit = c - 0x30;
    if (digit >= 0 && digit <= 9) {
      mantissa = mantissa * 10 + digit;
      digitCount++;
      if (fractionDigits >= 0) fractionDigits++;
    } else if (c === 0x2e && fractionDigits < 0) {
      fractionDigits = 0;
    } else break;
  }
  if (i === end && digitCount > 0) {
    if (digitCount <= 15) {
      const magnitude = fractionDigits > 0 ? mantissa / POW10[fractionDigits]! : mantissa;
      return c0 === 0x2d ? -magnitude : magnitude;
    }
    // More digits (a timestamp with its fraction, say): still a plain decimal, which JS parses
    // correctly rounded as glibc does; short enough that it can neither overflow nor underflow.
    if (end - start <= PLAIN_DECIMAL_MAX_LENGTH) return Number(latin1(bytes, start, end));
  }
  if (isCSpace(c0)) return null;
  const r = strtod(bytes, start, end);
  if (r.end !== end || Number.isNaN(r.value)) return null;
  if (r.erange && (r.value === 0 || !Number.isFinite(r.value))) return null;
  return r.value;
}

/**
 * The looser check zslParseRange (ZRANGEBYSCORE bounds after an optional '(') and SORT use:
 * `strtod(p, &eptr); if (eptr[0] != '\0' || isnan(v)) error`. Leading whitespace is allowed,
 * overflow gives ±inf, an empty string is 0, and a NUL byte ends the text (so "1\0xyz" is 1).
 * Returns the value and whether ERANGE was set (SORT refuses that too), or null.
 */
export function parseDoubleLenient(bytes: Uint8Array, start = 0): { value: number; erange: boolean } | null {
  const r = strtod(bytes, start, bytes.length);
  if (r.end !== bytes.length && bytes[r.end] !== 0) return null;
  if (Number.isNaN(r.value)) return null;
  return { value: r.value, erange: r.erange };
}

/** The 17 significant digits and decimal exponent of |d| (finite, non-zero), as glibc rounds. */
function digits17(a: number): { digits: string; exp10: number } {
  // JS's toExponential is exact except that it breaks exact ties upward where glibc rounds
  // half to even. A tie needs an exact expansion of exactly 18 significant digits; a
  // non-integer m/2^k has k+digits(m)-ish digits ending in 5, so only k <= 25 qualifies.
  if (!Number.isInteger(a) && Number.isInteger(a * 33554432)) {
    const n = BigInt(a * 33554432) * 5n ** 25n; // a = n / 10^25 exactly
    const s = n.toString();
    let sig = s.length;
    while (s.charCodeAt(sig - 1) === 0x30) sig--;
    if (sig === 18) {
      const head = BigInt(s.slice(0, 17));
      // The 18th digit is 5 (n is an odd multiple of 5 up to trailing zeros): a true tie.
      const rounded = (head & 1n) === 1n ? head + 1n : head;
      const text = rounded.toString();
      const exp10 = s.length - 1 - 25;
      return text.length > 17 ? { digits: text.slice(0, 17), exp10: exp10 + 1 } : { digits: text, exp10 };
    }
  }
  const e = a.toExponential(16); // "d.dddddddddddddddde±x"
  return { digits: e[0] + e.slice(2, 18), exp10: Number(e.slice(19)) };
}

/**
 * printf("%.17g") as glibc prints it, which is what Redis 7.0's addReplyDouble (and d2string)
 * send: 1.1 → "1.1000000000000001", 3 → "3", 1e20 → "1e+20", 1e-5 → "1.0000000000000001e-05",
 * -0 → "-0", ±inf → "inf"/"-inf". NaN prints "nan" (Redis never replies with one).
 */
export function formatDouble(d: number): string {
  if (Number.isSafeInteger(d)) return Object.is(d, -0) ? "-0" : String(d);
  if (d !== d) return "nan";
  if (d === Infinity) return "inf";
  if (d === -Infinity) return "-inf";
  const { digits, exp10 } = digits17(Math.abs(d));
  let last = 17;
  while (last > 1 && digits.charCodeAt(last - 1) === 0x30) last--;
  const sign = d < 0 ? "-" : "";
  if (exp10 < -4 || exp10 >= 17) {
    const mantissa = last > 1 ? `${digits[0]}.${digits.slice(1, last)}` : digits[0];
    const abs = Math.abs(exp10);
    return `${sign}${mantissa}e${exp10 < 0 ? "-" : "+"}${abs < 10 ? "0" : ""}${abs}`;
  }
  if (exp10 < 0) return `${sign}0.${"0".repeat(-exp10 - 1)}${digits.slice(0, last)}`;
  const intPart = digits.slice(0, exp10 + 1);
  return last > exp10 + 1 ? `${sign}${intPart}.${digits.slice(exp10 + 1, last)}` : `${sign}${intPart}`;
}

// ---------------------------------------------------------------------------------------------
// long double (x87 80-bit): strtold, string2ld, addition, ld2string LD_STR_HUMAN
// ---------------------------------------------------------------------------------------------

/**
 * An x87 long double value: finite ones are exactly (-1)^negative × mant × 2^exp, kept in a
 * canonical form (mant odd, or 0 with exp 0) so that equal values are structurally equal.
 */
export type LongDouble =
  | { readonly kind: "finite"; readonly negative: boolean; readonly mant: bigint; readonly exp: number }
  | { readonly kind: "inf"; readonly negative: boolean }
  | { readonly kind: "nan" };

export const LONG_DOUBLE_ZERO: LongDouble = { kind: "finite", negative: false, mant: 0n, exp: 0 };

function finite(negative: boolean, mant: bigint, exp: number): LongDouble {
  if (mant === 0n) return { kind: "finite", negative, mant: 0n, exp: 0 };
  const lowBit = mant & -mant; // 2^(trailing zero bits)
  if (lowBit === 1n) return { kind: "finite", negative, mant, exp };
  const zeros = bitLength(lowBit) - 1;
  return { kind: "finite", negative, mant: mant >> BigInt(zeros), exp: exp + zeros };
}

/** Redis's MAX_LONG_DOUBLE_CHARS: string2ld refuses inputs of this many bytes or more. */
export const MAX_LONG_DOUBLE_CHARS = 5 * 1024;

/** glibc strtold: the value, its endptr and whether it set ERANGE (see StrtodResult). */
export function strtold(bytes: Uint8Array, start = 0, end = bytes.length): { value: LongDouble; end: number; erange: boolean } {
  const scan = scanNumber(bytes, start, end);
  const negative = scan.negative;
  if (scan.kind === SCAN_NONE) return { value: LONG_DOUBLE_ZERO, end: start, erange: false };
  if (scan.kind === SCAN_INF) return { value: { kind: "inf", negative }, end: scan.end, erange: false };
  if (scan.kind === SCAN_NAN) return { value: { kind: "nan" }, end: scan.end, erange: false };
  if (scan.digits === "") return { value: finite(negative, 0n, 0), end: scan.end, erange: false };
  let r: Rounded | null;
  if (scan.kind === SCAN_HEX) {
    r = hexToBinary(scan.digits, scan.exp, X87);
  } else {
    // Outside these bounds the result is certainly ±inf or 0; skip the huge powers of ten.
    const magnitude = scan.digits.length + scan.exp;
    if (magnitude - 1 > 4933) r = null;
    else if (magnitude < -4952) r = { mant: 0n, exp: 0, inexact: true, tiny: true };
    else r = roundDecimal(scan.digits, scan.exp, X87);
  }
  if (r === null) return { value: { kind: "inf", negative }, end: scan.end, erange: true };
  return { value: finite(negative, r.mant, r.exp), end: scan.end, erange: r.tiny && r.inexact };
}

/**
 * Redis's string2ld (getLongDoubleFromObject), what INCRBYFLOAT and HINCRBYFLOAT parse with:
 * like parseDouble, but in long double range ("1e400" is fine, "1e5000" is not) and refusing
 * inputs of MAX_LONG_DOUBLE_CHARS bytes or more.
 */
export function parseLongDouble(bytes: Uint8Array): LongDouble | null {
  const n = bytes.length;
  if (n === 0 || n >= MAX_LONG_DOUBLE_CHARS || isCSpace(bytes[0])) return null;
  const r = strtold(bytes, 0, n);
  if (r.end !== n || r.value.kind === "nan") return null;
  if (r.erange && (r.value.kind === "inf" || (r.value.kind === "finite" && r.value.mant === 0n))) return null;
  return r.value;
}

/** An integer as a long double (exact: 64-bit significand), as `(long double)ll` in Redis. */
export function longDoubleFromInt(value: bigint | number): LongDouble {
  const v = BigInt(value);
  const negative = v < 0n;
  const mant = negative ? -v : v;
  if (mant < 1n << 64n) return finite(negative, mant, 0);
  const r = roundRatio(mant, 1n, X87);
  return r === null ? { kind: "inf", negative } : finite(negative, r.mant, r.exp);
}

/** a + b in x87 extended precision, round to nearest even, as the FPU's fadd does. */
export function addLongDouble(a: LongDouble, b: LongDouble): LongDouble {
  if (a.kind === "nan" || b.kind === "nan") return { kind: "nan" };
  if (a.kind === "inf") return b.kind === "inf" && b.negative !== a.negative ? { kind: "nan" } : a;
  if (b.kind === "inf") return b;
  if (a.mant === 0n && b.mant === 0n) {
    // IEEE: -0 + -0 = -0, any other sum of zeros is +0.
    return finite(a.negative && b.negative, 0n, 0);
  }
  if (a.mant === 0n) return b;
  if (b.mant === 0n) return a;
  const exp = Math.min(a.exp, b.exp);
  const av = (a.negative ? -a.mant : a.mant) << BigInt(a.exp - exp);
  const bv = (b.negative ? -b.mant : b.mant) << BigInt(b.exp - exp);
  const sum = av + bv;
  if (sum === 0n) return LONG_DOUBLE_ZERO; // x + (-x) is +0 when rounding to nearest
  const negative = sum < 0n;
  const magnitude = negative ? -sum : sum;
  const r = exp >= 0 ? roundRatio(magnitude << BigInt(exp), 1n, X87) : roundRatio(magnitude, 1n << BigInt(-exp), X87);
  if (r === null) return { kind: "inf", negative };
  return finite(negative, r.mant, r.exp);
}

const TEN_TO_17 = 10n ** 17n;

/**
 * ld2string(..., LD_STR_HUMAN): printf("%.17Lf") (exact value, rounded half to even at the
 * 17th decimal as glibc does), then trailing zeros and a trailing '.' removed, and "-0"
 * turned into "0". So 0.1+0.2 is "0.3", 5200.0 is "5200", 1e300 prints all 301 digits.
 * Infinities print "inf"/"-inf" (INCRBYFLOAT never stores them).
 */
export function formatLongDoubleHuman(v: LongDouble): string {
  if (v.kind === "nan") return "nan";
  if (v.kind === "inf") return v.negative ? "-inf" : "inf";
  const scale = TEN_TO_17;
  let fixed: bigint; // round(|v| × 10^17)
  if (v.exp >= 0) {
    fixed = (v.mant << BigInt(v.exp)) * scale;
  } else {
    const n = v.mant * scale;
    const shift = BigInt(-v.exp);
    fixed = n >> shift;
    const twiceRest = (n - (fixed << shift)) << 1n;
    const unit = 1n << shift;
    if (twiceRest > unit || (twiceRest === unit && (fixed & 1n) === 1n)) fixed++;
  }
  if (fixed === 0n) return "0"; // "-0.00000000000000000" → "-0" → "0"
  const text = fixed.toString().padStart(18, "0");
  const intPart = text.slice(0, -17);
  let fracEnd = 17;
  const frac = text.slice(-17);
  while (fracEnd > 0 && frac.charCodeAt(fracEnd - 1) === 0x30) fracEnd--;
  const sign = v.negative ? "-" : "";
  return fracEnd > 0 ? `${sign}${intPart}.${frac.slice(0, fracEnd)}` : `${sign}${intPart}`;
}

/** A long double as the nearest double (for callers that store the result as a number). */
export function longDoubleToNumber(v: LongDouble): number {
  if (v.kind === "nan") return NaN;
  if (v.kind === "inf") return v.negative ? -Infinity : Infinity;
  if (v.mant === 0n) return v.negative ? -0 : 0;
  const r = v.exp >= 0 ? roundRatio(v.mant << BigInt(v.exp), 1n, DOUBLE) : roundRatio(v.mant, 1n << BigInt(-v.exp), DOUBLE);
  const magnitude = r === null ? Infinity : doubleFromRounded(r);
  return v.negative ? -magnitude : magnitude;
}

export type IncrByFloatResult =
  | { readonly ok: true; readonly result: string }
  | { readonly ok: false; readonly error: "notfloat" | "nan" };

/**
 * INCRBYFLOAT (t_string.c incrbyfloatCommand): `current` is the stored string (null when the
 * key is missing: 0), both are read with string2ld, added in long double, and the sum is
 * formatted in human mode. Errors: "notfloat" → "ERR value is not a valid float" (either
 * side), "nan" → "ERR increment would produce NaN or Infinity" (also for an "inf" input).
 */
export function incrByFloat(current: Uint8Array | null, increment: Uint8Array): IncrByFloatResult {
  const value = current === null ? LONG_DOUBLE_ZERO : parseLongDouble(current);
  if (value === null) return { ok: false, error: "notfloat" };
  const incr = parseLongDouble(increment);
  if (incr === null) return { ok: false, error: "notfloat" };
  const sum = addLongDouble(value, incr);
  if (sum.kind !== "finite") return { ok: false, error: "nan" };
  return { ok: true, result: formatLongDoubleHuman(sum) };
}

export type HincrByFloatResult =
  | { readonly ok: true; readonly result: string }
  | { readonly ok: false; readonly error: "notfloat" | "incrnotfinite" | "hashnotfloat" | "nan" };

/**
 * HINCRBYFLOAT (t_hash.c), which checks in a different order than INCRBYFLOAT: the increment
 * first ("notfloat" → "ERR value is not a valid float"), then that it is finite
 * ("incrnotfinite" → "ERR value is NaN or Infinity", before the key is even looked up), then
 * the field ("hashnotfloat" → "ERR hash value is not a float"; null = missing field = 0), and
 * the sum ("nan" → "ERR increment would produce NaN or Infinity").
 */
export function hincrByFloat(current: Uint8Array | null, increment: Uint8Array): HincrByFloatResult {
  const incr = parseLongDouble(increment);
  if (incr === null) return { ok: false, error: "notfloat" };
  if (incr.kind !== "finite") return { ok: false, error: "incrnotfinite" };
  const value = current === null ? LONG_DOUBLE_ZERO : parseLongDouble(current);
  if (value === null) return { ok: false, error: "hashnotfloat" };
  const sum = addLongDouble(value, incr);
  if (sum.kind !== "finite") return { ok: false, error: "nan" };
  return { ok: true, result: formatLongDoubleHuman(sum) };
}
