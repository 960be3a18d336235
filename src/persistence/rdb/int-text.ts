// string2ll on latin1 element strings: the test Redis applies before storing a string as an integer
// (rdbTryIntegerEncoding, lpStringToInt64, intset membership). Canonical decimal only: optional
// '-', no '+', no leading zeros, no "-0", at most 20 chars, within int64.

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * The integer `s` spells, as a number when it is a safe integer and as a bigint beyond that (still
 * within int64), or null when `s` is not a canonical int64.
 */
export function parseIntText(s: string): number | bigint | null {
  const n = s.length;
  if (n === 0 || n > 20) return null;
  const negative = s.charCodeAt(0) === 0x2d;
  let i = negative ? 1 : 0;
  if (i === n) return null;
  const first = s.charCodeAt(i) - 0x30;
  if (first === 0) return n === 1 ? 0 : null;
  if (first < 1 || first > 9) return null;
  let value = first;
  for (i++; i < n; i++) {
    const digit = s.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return null;
    value = value * 10 + digit;
  }
  if (value <= Number.MAX_SAFE_INTEGER) return negative ? -value : value;
  const big = BigInt(s);
  return big < INT64_MIN || big > INT64_MAX ? null : big;
}
