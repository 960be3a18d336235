// What SCAN, SSCAN, HSCAN and ZSCAN share (Redis's scanGenericCommand in db.c): their argument
// grammar, the cursor as strtoul reads it, the MATCH/COUNT/TYPE options, the reply's head, the
// bounded walk over slots that makes a hashtable's cursor, and the whole of SSCAN/HSCAN/ZSCAN:
// each collection type only says how it pages its elements and how it writes one.

import { Errors } from "../protocol/errors.ts";
import { asciiLower } from "../config/values.ts";
import type { Client } from "../server/client.ts";
import { stringMatch } from "../store/glob.ts";
import type { CollectionValue } from "../store/keyspace.ts";
import { parseInt64 } from "../store/numbers.ts";
import { int, isToken, key, keyFromBytes, readInRun, restReadInRun, text, withToken } from "./args.ts";
import { defineCommand, type Command, type CommandGroup } from "./define.ts";
import { readCollection, type CollectionClass } from "./lookup.ts";

const ULONG_MAX = 18446744073709551615n;

/** SCAN's complexity line; SSCAN, HSCAN and ZSCAN's JSON files end it with a second dot. */
export const SCAN_COMPLEXITY =
  "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.";

/**
 * `cursor [MATCH pattern] [COUNT count]`: the cursor and the options are read in `run`, since
 * Redis checks the cursor, then (SSCAN …) the key, then the options in argv order.
 */
export function scanArgs() {
  return {
    cursor: readInRun(int("cursor")),
    options: restReadInRun(withToken("MATCH", text("pattern", "pattern"))),
    count: withToken("COUNT", int("count")),
  };
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/**
 * parseScanCursorOrReply: the cursor as strtoul reads it — an optional sign, decimal digits,
 * nothing after them (a C string ends at its first NUL), "" is 0, a leading space or a value
 * past 2^64-1 is invalid, and a negative one wraps around. Null after replying the error.
 */
export function parseScanCursor(client: Client, cursor: Uint8Array): number | null {
  let end = cursor.indexOf(0);
  if (end === -1) end = cursor.length;
  let at = 0;
  const negative = end > 0 && cursor[0] === 45;
  if (end > 0 && (negative || cursor[0] === 43)) at = 1;
  let value = 0n;
  let valid = !(cursor.length > 0 && isSpace(cursor[0]!)) && (at < end || end === 0);
  for (let i = at; valid && i < end; i++) {
    const digit = cursor[i]! - 48;
    if (digit < 0 || digit > 9) valid = false;
    else value = value * 10n + BigInt(digit);
  }
  if (!valid || value > ULONG_MAX) {
    client.reply.error(Errors.invalidCursor);
    return null;
  }
  if (negative && value !== 0n) value = ULONG_MAX + 1n - value;
  // Beyond every slot number anyway: precision past 2^53 does not matter.
  return Number(value);
}

/**
 * The head of a SCAN-family reply: the next cursor (0 once the iteration is over), then an
 * array of `count` elements that the caller writes.
 */
export function replyScanHeader(client: Client, cursor: number, count: number): void {
  const reply = client.reply;
  reply.arrayHeader(2);
  reply.bulkLatin1(String(cursor));
  reply.arrayHeader(count);
}

export interface ScanOptions {
  /** Undefined when absent or `*` (which matches everything). */
  pattern: string | undefined;
  count: number;
  /** SCAN's TYPE filter, compared case-insensitively; the SSCAN family has none. */
  type: string | undefined;
}

/** Step 1 of scanGenericCommand: MATCH, COUNT and (for SCAN) TYPE, checked in argv order. */
export function parseScanOptions(client: Client, options: readonly Uint8Array[], allowType: boolean): ScanOptions | null {
  const parsed: ScanOptions = { pattern: undefined, count: 10, type: undefined };
  for (let at = 0; at < options.length; at += 2) {
    const word = options[at]!;
    const value = options[at + 1];
    if (value !== undefined && isToken(word, "COUNT")) {
      const count = parseInt64(value);
      if (count === null) {
        client.reply.error(Errors.notInteger);
        return null;
      }
      if (count < 1n) {
        client.reply.error(Errors.syntax);
        return null;
      }
      parsed.count = Number(count);
    } else if (value !== undefined && isToken(word, "MATCH")) {
      const pattern = keyFromBytes(value);
      parsed.pattern = pattern === "*" ? undefined : pattern;
    } else if (value !== undefined && allowType && isToken(word, "TYPE")) {
      // strcasecmp stops at a NUL byte.
      parsed.type = asciiLower(keyFromBytes(value).split("\0", 1)[0]!);
    } else {
      client.reply.error(Errors.syntax);
      return null;
    }
  }
  return parsed;
}

/**
 * One page of a hashtable whose cursor is a slot number (an entry keeps its slot while it
 * lives, so one present for the whole iteration is returned once): from `cursor`, up to
 * `count` entries that `at` finds, visiting at most ten slots per wanted entry as dictScan's
 * callers do, so a sparse table cannot make one call long. Returns the next cursor.
 */
export function scanSlots<T>(cursor: number, count: number, limit: number, at: (slot: number) => T | undefined, found: T[]): number {
  let slot = cursor;
  for (let visits = count * 10; slot < limit && found.length < count && visits > 0; visits--) {
    const entry = at(slot++);
    if (entry !== undefined) found.push(entry);
  }
  return slot >= limit ? 0 : slot;
}

/** How SSCAN, HSCAN or ZSCAN reads one collection type, whose elements `E` are paged. */
export interface CollectionScan<V extends CollectionValue, E> {
  type: CollectionClass<V>;
  /** Reply elements written per element: 1 (a member), 2 (field and value, member and score). */
  width: 1 | 2;
  /** Pushes one page's elements from `cursor` to `found`; returns the next cursor. */
  page(value: V, cursor: number, count: number, found: E[]): number;
  /** What MATCH is tested on. */
  nameOf(value: V, element: E): string;
  write(client: Client, value: V, element: E): void;
}

/** `<command> key cursor [MATCH pattern] [COUNT count]`: SSCAN, HSCAN or ZSCAN, declared once. */
export function defineCollectionScan<V extends CollectionValue, E>(
  name: string,
  group: CommandGroup,
  summary: string,
  scan: CollectionScan<V, E>,
): Command {
  return defineCommand({
    name,
    group,
    summary,
    since: "2.8.0",
    complexity: `${SCAN_COMPLEXITY}.`,
    flags: ["readonly"],
    tips: ["nondeterministic_output"],
    keySpecs: [["RO", "ACCESS"]],
    args: { key: key(), ...scanArgs() },
    run(client, args) {
      // scanGenericCommand's order: the cursor, then the key (shared.emptyscan when absent, or
      // WRONGTYPE), then the options; the page is filtered by the pattern after it is taken.
      const cursor = parseScanCursor(client, args.cursor);
      if (cursor === null) return;
      const value = readCollection(client, args.key, scan.type);
      if (value === null) return;
      if (value === undefined) return replyScanHeader(client, 0, 0);
      const options = parseScanOptions(client, args.options ?? [], false);
      if (options === null) return;
      const found: E[] = [];
      const next = scan.page(value, cursor, options.count, found);
      const pattern = options.pattern;
      const kept = pattern === undefined ? found : found.filter((element) => stringMatch(pattern, scan.nameOf(value, element), false));
      replyScanHeader(client, next, kept.length * scan.width);
      for (const element of kept) scan.write(client, value, element);
    },
  });
}
