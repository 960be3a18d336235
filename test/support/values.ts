// Argument values the tests share: the int64 bounds and one past them, every byte value, a
// deadline no test outlives (in seconds and in milliseconds), and OBJECT ENCODING's argv.

import type { Argv } from "./resp-client.ts";

export const LLONG_MAX = "9223372036854775807";
export const LLONG_MIN = "-9223372036854775808";
/** One past LLONG_MAX: not an integer for Redis, so not an intset member either. */
export const TOO_BIG = "9223372036854775808";

/** Every byte value once, CR, LF and NUL included. */
export const ALL_BYTES = Uint8Array.from({ length: 256 }, (_, i) => i);

/** 2100-01-01T00:00:00Z, in seconds: a deadline no test outlives. */
export const FUTURE_S = "4102444800";
/** 2100-01-01T00:00:00Z, in milliseconds. */
export const FUTURE_MS = "4102444800000";

/** OBJECT ENCODING key */
export function objectEncoding(key: string): Argv {
  return ["OBJECT", "ENCODING", key];
}
