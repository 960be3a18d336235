// The value syntaxes of Redis's config layer, parsed the way Redis parses them: string2ll
// (util.c, strict integers), strtoll (libc, lenient: save and buffer-limit seconds, octal),
// memtoull (util.c, memory units), yesnotoi, C string truncation at NUL, strerror texts.
// Numbers are bigint here so that 64-bit bounds are checked exactly; settings store numbers.

import { parseInt64 } from "../store/numbers.ts";

export const LLONG_MAX = (1n << 63n) - 1n;
export const LLONG_MIN = -(1n << 63n);
export const ULLONG_MAX = (1n << 64n) - 1n;
export const INT_MAX = (1n << 31n) - 1n;
export const UINT_MAX = (1n << 32n) - 1n;
/** LONG_MAX on the 64-bit Linux builds redbun mirrors. */
export const LONG_MAX = LLONG_MAX;

/** C isspace() in the "C" locale: space, \t \n \v \f \r. */
function isCSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d);
}

/**
 * Most config setters see a C string: zstrdup/strcasecmp/strtoll stop at the first NUL byte,
 * which a quoted "\x00" in redis.conf can produce. Only SDS settings (requirepass) keep it.
 */
export function cString(s: string): string {
  const nul = s.indexOf("\0");
  return nul === -1 ? s : s.slice(0, nul);
}

/**
 * util.c string2ll: optional '-', no '+', no spaces, no leading zeros ("05" and "-0" fail),
 * at most 20 characters, within long long. null when Redis would return 0 (failure).
 */
export function string2ll(s: string): bigint | null {
  return parseInt64(Buffer.from(s, "latin1"));
}

export interface StrtollResult {
  value: bigint;
  /** Index of the first unparsed character (endptr); 0 when no digits were found. */
  end: number;
  /** errno == ERANGE: the value was clamped to LLONG_MAX or LLONG_MIN. */
  overflow: boolean;
}

/** libc strtoll for base 8 or 10: leading whitespace, optional sign, clamping on overflow. */
export function strtoll(s: string, base: 8 | 10): StrtollResult {
  let i = 0;
  while (i < s.length && isCSpace(s.charCodeAt(i))) i++;
  let negative = false;
  if (s[i] === "+" || s[i] === "-") {
    negative = s[i] === "-";
    i++;
  }
  const digitsStart = i;
  const maxDigit = base === 8 ? 0x37 : 0x39;
  let value = 0n;
  const bigBase = BigInt(base);
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > maxDigit) break;
    value = value * bigBase + BigInt(c - 0x30);
    i++;
  }
  // No digits: no conversion is performed and endptr is the start of the string.
  if (i === digitsStart) return { value: 0n, end: 0, overflow: false };
  if (negative) value = -value;
  if (value > LLONG_MAX) return { value: LLONG_MAX, end: i, overflow: true };
  if (value < LLONG_MIN) return { value: LLONG_MIN, end: i, overflow: true };
  return { value, end: i, overflow: false };
}

/** strtoll(s, &eptr, 10) accepted when *eptr == '\0', as setConfigSaveOption checks it. */
export function strtollWhole(s: string): bigint | null {
  // An empty string converts nothing and leaves eptr on its terminating NUL: accepted as 0
  // (so CONFIG SET save "1 2 3 " is "1 2 3 0"); " " or "x" leave eptr on a character.
  const r = strtoll(s, 10);
  return r.end === s.length ? r.value : null;
}

const MEMORY_UNITS: Readonly<Record<string, bigint>> = {
  "": 1n,
  b: 1n,
  k: 1000n,
  kb: 1024n,
  m: 1000n * 1000n,
  mb: 1024n * 1024n,
  g: 1000n * 1000n * 1000n,
  gb: 1024n * 1024n * 1024n,
};

/**
 * util.c memtoull: digits then an optional unit, case-insensitive: b, k (1000), kb (1024),
 * m, mb, g, gb. A leading '-' fails, as does anything else ("1.5m", "+1", " 1"). Digits are
 * optional ("" and "k" are 0), an overlong number saturates (strtoull) and the product wraps
 * modulo 2^64 like the C unsigned multiplication. null when Redis sets *err.
 */
export function memtoull(s: string): bigint | null {
  if (s.startsWith("-")) return null;
  let u = 0;
  while (u < s.length && s.charCodeAt(u) >= 0x30 && s.charCodeAt(u) <= 0x39) u++;
  const mul = MEMORY_UNITS[asciiLower(s.slice(u))];
  if (mul === undefined) return null;
  // The digits are copied into a 128-byte buffer first.
  if (u >= 128) return null;
  let value = u === 0 ? 0n : BigInt(s.slice(0, u));
  if (value > ULLONG_MAX) value = ULLONG_MAX;
  return BigInt.asUintN(64, value * mul);
}

/** strcasecmp/sdstolower fold ASCII letters only (the "C" locale): "K" (Kelvin) is not "k". */
export function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x20));
}

/** config.c yesnotoi: "yes"/"no" in any case; null otherwise. */
export function yesno(s: string): boolean | null {
  const lower = asciiLower(s);
  if (lower === "yes") return true;
  if (lower === "no") return false;
  return null;
}

/** util.c pathIsBaseName: no '/' and no '\\'. */
export function pathIsBaseName(path: string): boolean {
  return !path.includes("/") && !path.includes("\\");
}

/**
 * A bigint that Redis keeps in a 64-bit integer, as a JS number. Only values above 2^53 lose
 * precision (nobody configures 9 PB); formatInteger() prints the saturated extremes exactly.
 */
export function toNumber(value: bigint): number {
  return Number(value);
}

/**
 * Decimal text of a stored integer as ll2string/ull2string would print it. Values that a
 * double rounded up past the C type's maximum (2^63 - 1, 2^64 - 1) print that maximum.
 */
export function formatInteger(value: number, max: bigint = ULLONG_MAX): string {
  if (Number.isSafeInteger(value)) return String(value);
  const big = BigInt(value);
  return (big > max ? max : big).toString();
}

/** glibc strerror() texts for the errno values the config layer reports. */
const STRERROR: Readonly<Record<string, string>> = {
  ENOENT: "No such file or directory",
  ENOTDIR: "Not a directory",
  EACCES: "Permission denied",
  EPERM: "Operation not permitted",
  ELOOP: "Too many levels of symbolic links",
  ENAMETOOLONG: "File name too long",
  EISDIR: "Is a directory",
  EMFILE: "Too many open files",
  EIO: "Input/output error",
};

/** strerror(errno) for a Node/Bun system error, falling back to its own message. */
export function strerror(error: unknown): string {
  if (typeof error === "object" && error !== null && "code" in error && typeof error.code === "string") {
    const text = STRERROR[error.code];
    if (text !== undefined) return text;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}
