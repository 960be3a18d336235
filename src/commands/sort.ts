// SORT and SORT_RO (Redis's sort.c): sort a list, set or sorted set numerically or by bytes,
// by its own elements or by weights looked up through a `BY` pattern (string keys or hash fields
// `->field`), then reply or STORE the elements or values fetched through `GET` patterns.
// Ties and partial sorts follow Redis exactly: a stable sort where Redis calls glibc's qsort (a
// merge sort) and Redis's own pqsort (an unstable partial quicksort) for BY with a LIMIT.

import { Errors } from "../protocol/errors.ts";
import type { Client } from "../server/client.ts";
import { isString, type StoredValue } from "../store/keyspace.ts";
import { latin1 } from "../store/latin1.ts";
import { parseDoubleLenient, parseInt64 } from "../store/numbers.ts";
import { HashValue } from "../store/types/hash.ts";
import { ListValue } from "../store/types/list.ts";
import { SetValue } from "../store/types/set.ts";
import { NONE, SortedSetValue } from "../store/types/sorted-set.ts";
import { block, int, isCToken, isToken, key, keyFromBytes, multiple, oneOf, restReadInRun, text, token, unknownKeySpec, withToken } from "./args.ts";
import { defineCommand, type AclCategory, type Command, type KeySpecFlag } from "./define.ts";
import { storeCollection } from "./lookup.ts";

// --- patterns ----------------------------------------------------------------------------------

/**
 * A BY or GET pattern, split once (lookupKeyByPattern): `#` is the element itself; without a
 * `*` nothing is looked up; otherwise the key is prefix + element + postfix, and a `->field`
 * after the `*` reads that field of a hash instead of a string.
 */
type Pattern =
  | { kind: "self" }
  | { kind: "none" }
  | { kind: "key"; prefix: string; postfix: string; field: string | null };

/** Where a C string holding `text` ends: Redis scans patterns with strchr/strstr, which stop at a NUL. */
function cLength(text: string): number {
  const nul = text.indexOf("\0");
  return nul === -1 ? text.length : nul;
}

/** strchr(pattern, '*'): the first `*` before any NUL, or -1. */
function starOf(pattern: string): number {
  const star = pattern.indexOf("*");
  return star < cLength(pattern) ? star : -1;
}

function compilePattern(pattern: string): Pattern {
  const end = cLength(pattern);
  if (end === 1 && pattern.charCodeAt(0) === 0x23) return { kind: "self" };
  const star = starOf(pattern);
  if (star === -1) return { kind: "none" };
  // The field needs at least one byte before the C string ends (`*(f+2) != '\0'`), and then
  // runs to the real end of the pattern, NULs included.
  const arrow = pattern.indexOf("->", star + 1);
  if (arrow !== -1 && arrow + 2 < end) {
    return { kind: "key", prefix: pattern.slice(0, star), postfix: pattern.slice(star + 1, arrow), field: pattern.slice(arrow + 2) };
  }
  return { kind: "key", prefix: pattern.slice(0, star), postfix: pattern.slice(star + 1), field: null };
}

/** A value a pattern found: an element or hash value (latin1), a string key's bytes, or nothing. */
type Found = string | Uint8Array | null;

/**
 * lookupKeyByPattern: the substituted key read with lookupKeyRead (a hit or miss, lazy expiry);
 * a key of the wrong type counts as missing. A string's bytes are a view, used at once.
 */
function lookupByPattern(client: Client, pattern: Pattern, element: string): Found {
  if (pattern.kind === "self") return element;
  if (pattern.kind === "none") return null;
  const db = client.db;
  const slot = db.lookupRead(pattern.prefix + element + pattern.postfix, client.nowMs);
  if (slot === -1) return null;
  const value: StoredValue = db.valueAt(slot);
  if (pattern.field !== null) return value instanceof HashValue ? (value.get(pattern.field) ?? null) : null;
  return isString(value) ? client.server.keyspace.stringBytes(value) : null;
}

// --- scores and comparison -------------------------------------------------------------------

/** Digits only (an optional '-', at most 15 digits): exact as a JS number, the common case. */
function plainInteger(text: string): boolean {
  const length = text.length;
  const start = length > 0 && text.charCodeAt(0) === 0x2d ? 1 : 0;
  if (length === start || length - start > 15) return false;
  for (let i = start; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/**
 * The numeric weight of a value as SORT reads it: strtod, then an error for trailing bytes
 * (a NUL ends the text), NaN or ERANGE. An empty string is 0. Null when it cannot convert.
 * Redis tests errno without clearing it first, so after an ERANGE its later SORTs over
 * non-integer values fail too until some system call resets errno; that is not reproduced.
 */
function scoreOf(value: string | Uint8Array): number | null {
  if (typeof value === "string") {
    if (plainInteger(value)) return Number(value);
    value = Buffer.from(value, "latin1");
  }
  const parsed = parseDoubleLenient(value);
  return parsed === null || parsed.erange ? null : parsed.value;
}

/** compareStringObjects: bytes compared as memcmp, then the shorter first. */
function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * strcoll under the locale Redis runs with here (C / C.UTF-8 collate by code point): strcmp,
 * which stops at the first NUL, so "a\0x" and "a\0y" are equal.
 */
function compareCStrings(a: string, b: string): number {
  for (let i = 0; ; i++) {
    const ca = i < a.length ? a.charCodeAt(i) : 0;
    const cb = i < b.length ? b.charCodeAt(i) : 0;
    if (ca !== cb) return ca - cb;
    if (ca === 0) return 0;
  }
}

/** redisSortObject: an element with its weight (numeric sort) or its BY value (ALPHA with BY). */
interface SortItem {
  element: string;
  score: number;
  byValue: string | null;
}

type Compare = (a: SortItem, b: SortItem) => number;

/**
 * sortCompare for one SORT's options. Equal scores fall back to the elements' bytes, so a
 * numeric sort is total; ALPHA compares with strcoll unless the result is stored (then bytes,
 * so that replicas and AOF agree); a missing BY value sorts before any other.
 */
function sortComparator(alpha: boolean, byPattern: boolean, store: boolean, desc: boolean): Compare {
  const strings = store ? compareBytes : compareCStrings;
  let compare: Compare;
  if (!alpha) {
    compare = (a, b) => (a.score > b.score ? 1 : a.score < b.score ? -1 : compareBytes(a.element, b.element));
  } else if (byPattern) {
    compare = (a, b) => {
      if (a.byValue === null || b.byValue === null) return a.byValue === b.byValue ? 0 : a.byValue === null ? -1 : 1;
      return strings(a.byValue, b.byValue);
    };
  } else {
    compare = (a, b) => strings(a.element, b.element);
  }
  return desc ? (a, b) => -compare(a, b) : compare;
}

// --- pqsort ------------------------------------------------------------------------------------

/**
 * Redis's pqsort (pqsort.c, NetBSD's qsort: Bentley-McIlroy three-way partitioning, median of
 * three or ninther pivots, insertion sort below 7 elements) that only recurses into parts
 * overlapping [low, high]. SORT uses it for BY with a LIMIT, where equal BY values come out in
 * its order, not the input's, so it is reproduced step for step. As 7.0.15 behaves (the
 * differential cases show it), a pass that swapped nothing does not switch to insertion sort.
 */
export function pqsort<T>(items: T[], compare: (a: T, b: T) => number, low: number, high: number): void {
  const swap = (i: number, j: number): void => {
    const t = items[i]!;
    items[i] = items[j]!;
    items[j] = t;
  };
  const vecswap = (i: number, j: number, n: number): void => {
    for (let k = 0; k < n; k++) swap(i + k, j + k);
  };
  const cmp = (i: number, j: number): number => compare(items[i]!, items[j]!);
  const med3 = (a: number, b: number, c: number): number =>
    cmp(a, b) < 0 ? (cmp(b, c) < 0 ? b : cmp(a, c) < 0 ? c : a) : cmp(b, c) > 0 ? b : cmp(a, c) < 0 ? a : c;
  const insertionSort = (a: number, n: number): void => {
    for (let m = a + 1; m < a + n; m++) for (let l = m; l > a && cmp(l - 1, l) > 0; l--) swap(l, l - 1);
  };
  /** Whether [first, first + n) holds some of [low, high] (the C code compares byte addresses). */
  const overlaps = (first: number, n: number): boolean =>
    !((low < first && high < first) || (low >= first + n && high >= first + n));

  const sortPart = (start: number, count: number): void => {
    let a = start;
    let n = count;
    for (;;) {
      if (n < 7) {
        insertionSort(a, n);
        return;
      }
      let pm = a + Math.floor(n / 2);
      if (n > 7) {
        let pl = a;
        let pn = a + n - 1;
        if (n > 40) {
          const d = Math.floor(n / 8);
          pl = med3(pl, pl + d, pl + 2 * d);
          pm = med3(pm - d, pm, pm + d);
          pn = med3(pn - 2 * d, pn - d, pn);
        }
        pm = med3(pl, pm, pn);
      }
      swap(a, pm);
      let pa = a + 1;
      let pb = pa;
      let pc = a + n - 1;
      let pd = pc;
      for (;;) {
        let result: number;
        while (pb <= pc && (result = cmp(pb, a)) <= 0) {
          if (result === 0) {
            swap(pa, pb);
            pa++;
          }
          pb++;
        }
        while (pb <= pc && (result = cmp(pc, a)) >= 0) {
          if (result === 0) {
            swap(pc, pd);
            pd--;
          }
          pc--;
        }
        if (pb > pc) break;
        swap(pb, pc);
        pb++;
        pc--;
      }
      const pn = a + n;
      let r = Math.min(pa - a, pb - pa);
      vecswap(a, pb - r, r);
      r = Math.min(pd - pc, pn - pd - 1);
      vecswap(pb, pn - r, r);
      r = pb - pa;
      if (r > 1 && overlaps(a, r)) sortPart(a, r);
      r = pd - pc;
      if (r <= 1 || !overlaps(pn - r, r)) return;
      a = pn - r;
      n = r;
    }
  };
  sortPart(0, items.length);
}

// --- the command ---------------------------------------------------------------------------------

interface SortOptions {
  desc: boolean;
  alpha: boolean;
  limitStart: number;
  limitCount: number;
  /** The last BY pattern, if any. */
  by: string | null;
  /** Some BY pattern had no `*`: nothing to sort (BY nosort). */
  dontsort: boolean;
  gets: string[];
  store: string | null;
}

/** A LIMIT bound: getLongFromObjectOrReply (a long, which is 64-bit here). */
function readLong(client: Client, word: Uint8Array): number | null {
  const value = parseInt64(word);
  if (value === null) {
    client.reply.error(Errors.notInteger);
    return null;
  }
  return Number(value);
}

/**
 * The SQL-like option loop of sortCommandGeneric: any order, the last of each kind wins
 * (ASC after DESC too), a keyword without enough words after it is a syntax error, and the
 * first error met is the one replied. SORT_RO does not know STORE.
 */
function parseOptions(client: Client, options: readonly Uint8Array[], readonly: boolean): SortOptions | null {
  const parsed: SortOptions = {
    desc: false,
    alpha: false,
    limitStart: 0,
    limitCount: -1,
    by: null,
    dontsort: false,
    gets: [],
    store: null,
  };
  for (let at = 0; at < options.length; at++) {
    const word = options[at]!;
    const left = options.length - at - 1;
    if (isToken(word, "ASC")) {
      parsed.desc = false;
    } else if (isToken(word, "DESC")) {
      parsed.desc = true;
    } else if (isToken(word, "ALPHA")) {
      parsed.alpha = true;
    } else if (isToken(word, "LIMIT") && left >= 2) {
      const start = readLong(client, options[at + 1]!);
      if (start === null) return null;
      const count = readLong(client, options[at + 2]!);
      if (count === null) return null;
      parsed.limitStart = start;
      parsed.limitCount = count;
      at += 2;
    } else if (!readonly && isToken(word, "STORE") && left >= 1) {
      parsed.store = keyFromBytes(options[++at]!);
    } else if (isToken(word, "BY") && left >= 1) {
      parsed.by = keyFromBytes(options[++at]!);
      // A constant BY (no '*') means "do not sort", and stays so whatever BY follows.
      if (starOf(parsed.by) === -1) parsed.dontsort = true;
    } else if (isToken(word, "GET") && left >= 1) {
      parsed.gets.push(keyFromBytes(options[++at]!));
    } else {
      client.reply.error(Errors.syntax);
      return null;
    }
  }
  return parsed;
}

/** A key SORT can sort; a missing key sorts as an empty list. */
type Sortable = ListValue | SetValue | SortedSetValue;

/**
 * zsetConvert(…, OBJ_ENCODING_SKIPLIST): SORT turns a listpack sorted set into a skip list for
 * good (OBJECT ENCODING shows it). Built from the highest member down, as zsetDup does.
 */
function skiplistCopy(zset: SortedSetValue): SortedSetValue {
  const copy = new SortedSetValue(false);
  const unlimited = { maxEntries: Infinity, maxValue: Infinity };
  for (let node = zset.last; node !== NONE; node = zset.prev(node)) copy.insert(zset.memberOf(node), zset.scoreOf(node), unlimited);
  return copy;
}

function item(element: string): SortItem {
  return { element, score: 0, byValue: null };
}

/**
 * BY nosort over a list or sorted set: only the LIMIT range [start, end] is loaded, walked in
 * the collection's own order, from the other end for DESC.
 */
function loadRange(value: ListValue | SortedSetValue, start: number, end: number, desc: boolean): SortItem[] {
  const items: SortItem[] = [];
  const count = end - start + 1;
  if (value instanceof ListValue) {
    for (let i = 0; i < count; i++) items.push(item(value.at(desc ? value.length - 1 - start - i : start + i)));
    return items;
  }
  let node = count > 0 ? value.atRank(desc ? value.size - 1 - start : start) : NONE;
  for (let i = 0; i < count && node !== NONE; i++) {
    items.push(item(value.memberOf(node)));
    node = desc ? value.prev(node) : value.next(node);
  }
  return items;
}

/** Every element: a list in order, a set in its iteration order, a sorted set by score. */
function loadAll(value: Sortable | undefined): SortItem[] {
  if (value === undefined) return [];
  if (value instanceof ListValue) return Array.from(value.values(), item);
  if (value instanceof SetValue) return value.members().map(item);
  return Array.from(value.entries(), ([member]) => item(member));
}

/**
 * Loads the weights: a numeric score (the element's own, or its BY value's; 0 where BY finds
 * nothing) or, for ALPHA with BY, the BY value. False when some score does not convert.
 */
function loadWeights(client: Client, items: SortItem[], by: Pattern | null, alpha: boolean): boolean {
  let converted = true;
  for (const entry of items) {
    const found = by === null ? entry.element : lookupByPattern(client, by, entry.element);
    if (found === null) continue;
    if (alpha) {
      if (by !== null) entry.byValue = typeof found === "string" ? found : latin1(found);
      continue;
    }
    const score = scoreOf(found);
    if (score === null) converted = false;
    else entry.score = score;
  }
  return converted;
}

/** sortCommandGeneric: SORT (readonly false) and SORT_RO. */
function sortGeneric(client: Client, name: string, words: readonly Uint8Array[], readonly: boolean): void {
  const options = parseOptions(client, words, readonly);
  if (options === null) return;
  const db = client.db;
  const slot = db.lookupRead(name, client.nowMs);
  let value: Sortable | undefined;
  if (slot !== -1) {
    const stored = db.valueAt(slot);
    if (!(stored instanceof ListValue || stored instanceof SetValue || stored instanceof SortedSetValue)) {
      client.reply.error(Errors.wrongType);
      return;
    }
    value = stored;
    if (value instanceof SortedSetValue && value.isListpack) {
      value = skiplistCopy(value);
      db.replaceValue(slot, value);
    }
  }
  const { desc, gets, store } = options;
  let { alpha, by, dontsort } = options;
  // A set has no order of its own: unsorted output stored (or run from a script) would differ
  // between master and replica, so Redis sorts it ALPHA instead.
  if (dontsort && value instanceof SetValue && store !== null) {
    dontsort = false;
    alpha = true;
    by = null;
  }

  const length = value === undefined ? 0 : value instanceof ListValue ? value.length : value.size;
  let start = Math.min(Math.max(options.limitStart, 0), length);
  const count = Math.min(Math.max(options.limitCount, -1), length);
  let end = count < 0 ? length - 1 : start + count - 1;
  if (start >= length) {
    start = length - 1;
    end = length - 2;
  }
  if (end >= length) end = length - 1;

  let items: SortItem[];
  if (dontsort && (value instanceof ListValue || value instanceof SortedSetValue)) {
    items = loadRange(value, start, end, desc);
    end -= start;
    start = 0;
  } else {
    items = loadAll(value);
  }

  let converted = true;
  if (!dontsort) {
    const byPattern = by === null ? null : compilePattern(by);
    converted = loadWeights(client, items, byPattern, alpha);
    const compare = sortComparator(alpha, byPattern !== null, store !== null, desc);
    if (byPattern !== null && (start !== 0 || end !== items.length - 1)) pqsort(items, compare, start, end);
    else items.sort(compare);
  }

  const patterns = gets.map(compilePattern);
  const outputLength = (patterns.length || 1) * (end - start + 1);
  if (!converted) {
    client.reply.error(Errors.sortScoreNotDouble);
  } else if (store === null) {
    const reply = client.reply;
    reply.arrayHeader(outputLength);
    for (let j = start; j <= end; j++) {
      const element = items[j]!.element;
      if (patterns.length === 0) reply.bulkLatin1(element);
      for (const pattern of patterns) {
        const found = lookupByPattern(client, pattern, element);
        if (found === null) reply.nullBulk();
        else if (typeof found === "string") reply.bulkLatin1(found);
        else reply.bulk(found);
      }
    }
  } else {
    storeResult(client, store, items, start, end, patterns);
    client.reply.integer(outputLength);
  }
}

/**
 * STORE: the result (GET values, "" for those not found) replaces `store` as a list, whatever
 * it held; an empty result deletes it (dbDelete: even a key past its TTL not yet reclaimed).
 */
function storeResult(client: Client, store: string, items: readonly SortItem[], start: number, end: number, patterns: readonly Pattern[]): void {
  const list = new ListValue();
  for (let j = start; j <= end; j++) {
    const element = items[j]!.element;
    if (patterns.length === 0) list.pushTail(element);
    for (const pattern of patterns) {
      const found = lookupByPattern(client, pattern, element) ?? "";
      list.pushTail(typeof found === "string" ? found : latin1(found));
    }
  }
  storeCollection(client, store, list, list.length, "sortstore", list.length);
}

// --- declarations --------------------------------------------------------------------------------

const READ: readonly KeySpecFlag[] = ["RO", "ACCESS"];

/** A key COMMAND GETKEYS reports: its argv position and key-spec flags. */
interface KeyAt {
  position: number;
  flags: readonly KeySpecFlag[];
}

/**
 * sortGetKeys (db.c), COMMAND GETKEYS's answer for SORT: the sorted key, and the destination
 * after the last STORE that has a word after it. LIMIT's two values and BY's and GET's one are
 * skipped, so a STORE there is a value; the words compare as C strings (strcasecmp).
 */
function sortGetKeys(argv: readonly Uint8Array[]): KeyAt[] {
  const keys: KeyAt[] = [{ position: 1, flags: READ }];
  let store = -1;
  for (let i = 2; i < argv.length; i++) {
    const word = argv[i]!;
    if (isCToken(word, "LIMIT")) i += 2;
    else if (isCToken(word, "STORE") && i + 1 < argv.length) store = i + 1;
    else if (isCToken(word, "GET") || isCToken(word, "BY")) i += 1;
  }
  if (store !== -1) keys.push({ position: store, flags: ["OW", "UPDATE"] });
  return keys;
}

/**
 * SORT's grammar for COMMAND DOCS: `run` reads every option itself (parseOptions), so the
 * first takes all words after the key and the others never receive any. BY's and GET's
 * patterns name keys built from the data: their key spec is unknown.
 */
const SORT_OPTIONS = {
  key: key(),
  options: restReadInRun(withToken("BY", unknownKeySpec(text("pattern", "pattern")))),
  limit: withToken("LIMIT", block("offset_count", { offset: int("offset"), count: int("count") })),
  get: multiple(withToken("GET", unknownKeySpec(text("pattern", "pattern")))),
  order: oneOf("order", { asc: token("ASC"), desc: token("DESC") }),
  sorting: token("ALPHA", "sorting"),
};

const SORT_COMPLEXITY =
  "O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).";
/** Redis declares SORT @set @sortedset @list @dangerous, not @keyspace. */
const SORT_CATEGORIES: readonly AclCategory[] = ["set", "sortedset", "list", "dangerous"];
/** The sorted key's spec, then an unknown spec for BY's pattern and one for GET's, as Redis declares them. */
const SORT_RO_KEY_SPECS: readonly (readonly KeySpecFlag[])[] = [READ, READ, READ];

/** SORT key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] [ASC | DESC] [ALPHA] [STORE destination] */
const sort = defineCommand({
  name: "sort",
  group: "generic",
  summary: "Sort the elements in a list, set or sorted set",
  since: "1.0.0",
  complexity: SORT_COMPLEXITY,
  flags: ["write", "denyoom"],
  categories: SORT_CATEGORIES,
  groupCategory: false,
  // STORE's keyword may as well be a pattern's value: its destination's spec is unknown too.
  keySpecs: [...SORT_RO_KEY_SPECS, ["OW", "UPDATE"]],
  args: { ...SORT_OPTIONS, destination: withToken("STORE", unknownKeySpec(key("destination"))) },
  getKeys: sortGetKeys,
  run(client, args) {
    sortGeneric(client, args.key, args.options ?? [], false);
  },
});

/** SORT_RO key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] [ASC | DESC] [ALPHA] */
const sortRo = defineCommand({
  name: "sort_ro",
  group: "generic",
  summary: "Sort the elements in a list, set or sorted set. Read-only variant of SORT.",
  since: "7.0.0",
  complexity: SORT_COMPLEXITY,
  flags: ["readonly"],
  categories: SORT_CATEGORIES,
  groupCategory: false,
  keySpecs: SORT_RO_KEY_SPECS,
  args: SORT_OPTIONS,
  // sortROGetKeys: only the sorted key; the patterns' keys are not known before sorting.
  getKeys: () => [{ position: 1, flags: READ }],
  run(client, args) {
    sortGeneric(client, args.key, args.options ?? [], true);
  },
});

export const sortCommands: readonly Command[] = [sort, sortRo];
