// The sorted set commands (Redis's t_zset.c): ZADD/ZINCRBY, lookups (ZSCORE, ZRANK, ZCOUNT …),
// the ZRANGE family and ZRANGESTORE, range removals, pops (ZPOPMIN/MAX, ZMPOP and the blocking
// BZPOPMIN/BZPOPMAX/BZMPOP), the set algebra (ZUNION, ZINTER, ZDIFF, their STORE forms and
// ZINTERCARD), ZRANDMEMBER and ZSCAN. Most commands read their options from argv in `run`, in
// Redis's order, so each error comes first where it does in Redis.

import { Errors, inputKeyNeeded, valueOutOfRange } from "../protocol/errors.ts";
import { readTimeout } from "../server/blocking.ts";
import type { Client } from "../server/client.ts";
import { formatDouble, parseDouble, parseDoubleLenient, parseInt64 } from "../store/numbers.ts";
import {
  LEX_MINUS,
  LEX_PLUS,
  lexAboveMin,
  lexBelowMax,
  scoreAboveMin,
  scoreBelowMax,
  type LexBound,
} from "../store/types/skiplist.ts";
import { SetValue } from "../store/types/set.ts";
import { NONE, SortedSetValue, type LexRange, type ListpackLimits, type ScoreRange } from "../store/types/sorted-set.ts";
import {
  block,
  bytes,
  double,
  int,
  isCToken,
  isToken,
  key,
  keyFromBytes,
  multiple,
  numkeysKeys,
  oneOf,
  optional,
  readInRun,
  required,
  restReadInRun,
  text,
  token,
  undocumented,
  withToken,
  type Arg,
} from "./args.ts";
import { defineCommand, type Command } from "./define.ts";
import { parseMpopCount } from "./list.ts";
import { collectionAt, deleteIfEmpty, readCollection, removeMembers, storeCollection } from "./lookup.ts";
import { defineCollectionScan, scanSlots } from "./scan.ts";

/** LIMIT offset count, as the range commands document it. */
function limitOption() {
  return withToken("LIMIT", block("offset_count", { offset: int("offset"), count: int("count") }));
}

const LONG_MAX = 9223372036854775807n;

/** getLongFromObjectOrReply: null after replying "not an integer" (beyond 2^53 precision does not matter here). */
function readLong(client: Client, bytes: Uint8Array): number | null {
  const value = parseInt64(bytes);
  if (value === null) {
    client.reply.error(Errors.notInteger);
    return null;
  }
  return Number(value);
}

/** zset-max-listpack-entries / -value as they are now. */
function listpackLimits(client: Client): ListpackLimits {
  const values = client.server.config.values;
  return { maxEntries: values["zset-max-listpack-entries"], maxValue: values["zset-max-listpack-value"] };
}

// --- ranges ------------------------------------------------------------------------------------

/** zslParseRange's bound: `(` makes it exclusive; the rest is strtod's (leading spaces, inf, hex). */
function parseScoreBound(bytes: Uint8Array): { value: number; exclusive: boolean } | null {
  const exclusive = bytes.length > 0 && bytes[0] === 0x28; // '('
  const parsed = parseDoubleLenient(bytes, exclusive ? 1 : 0);
  return parsed === null ? null : { value: parsed.value, exclusive };
}

/** zslParseRange: a score interval, or null where Redis answers "min or max is not a float". */
function parseScoreRange(min: Uint8Array, max: Uint8Array): ScoreRange | null {
  const low = parseScoreBound(min);
  const high = low === null ? null : parseScoreBound(max);
  if (low === null || high === null) return null;
  return { min: low.value, max: high.value, minExclusive: low.exclusive, maxExclusive: high.exclusive };
}

/** zslParseLexRangeItem: `-`, `+` (alone; a NUL ends a C string), `(member` or `[member`. */
function parseLexBound(bytes: Uint8Array): { bound: LexBound; exclusive: boolean } | null {
  switch (bytes[0]) {
    case 0x2b: // '+'
      return bytes.length === 1 || bytes[1] === 0 ? { bound: LEX_PLUS, exclusive: true } : null;
    case 0x2d: // '-'
      return bytes.length === 1 || bytes[1] === 0 ? { bound: LEX_MINUS, exclusive: true } : null;
    case 0x28: // '('
      return { bound: keyFromBytes(bytes.subarray(1)), exclusive: true };
    case 0x5b: // '['
      return { bound: keyFromBytes(bytes.subarray(1)), exclusive: false };
    default:
      return null;
  }
}

/** zslParseLexRange: a lex interval, or null where Redis answers "min or max not valid string range item". */
function parseLexRange(min: Uint8Array, max: Uint8Array): LexRange | null {
  const low = parseLexBound(min);
  const high = low === null ? null : parseLexBound(max);
  if (low === null || high === null) return null;
  return { min: low.bound, max: high.bound, minExclusive: low.exclusive, maxExclusive: high.exclusive };
}

/** What a range request selects, parsed (zrangeGenericCommand's step 2). */
type RangeSpec =
  | { kind: "rank"; start: number; end: number }
  | { kind: "score"; range: ScoreRange }
  | { kind: "lex"; range: LexRange };

interface RangeRequest {
  spec: RangeSpec;
  reverse: boolean;
  withScores: boolean;
  offset: number;
  /** -1: no limit. */
  limit: number;
}

function step(zset: SortedSetValue, node: number, reverse: boolean): number {
  return reverse ? zset.prev(node) : zset.next(node);
}

/** genericZrangebyrankCommand's selection: ranks clamped as Redis does, negative from the end. */
function rankRange(zset: SortedSetValue, start: number, end: number, reverse: boolean): number[] {
  const length = zset.size;
  if (start < 0) start += length;
  if (end < 0) end += length;
  if (start < 0) start = 0;
  if (start > end || start >= length) return [];
  if (end >= length) end = length - 1;
  const nodes: number[] = [];
  let node = zset.atRank(reverse ? length - 1 - start : start);
  for (let n = end - start + 1; n > 0 && node !== NONE; n--) {
    nodes.push(node);
    node = step(zset, node, reverse);
  }
  return nodes;
}

/**
 * genericZrangebyscoreCommand / genericZrangebylexCommand: from the first node in range
 * (the last when reversed), skip `offset`, then take up to `limit` (-1: all) while in range.
 * A negative offset walks off the end in Redis (`while (ln && offset--)`): nothing.
 */
function boundedRange(zset: SortedSetValue, spec: RangeSpec & { kind: "score" | "lex" }, reverse: boolean, offset: number, limit: number): number[] {
  if (offset < 0 || (offset > 0 && offset >= zset.size)) return [];
  let node: number;
  let inRange: (node: number) => boolean;
  if (spec.kind === "score") {
    const range = spec.range;
    node = reverse ? zset.lastInScoreRange(range) : zset.firstInScoreRange(range);
    inRange = reverse ? (x) => scoreAboveMin(zset.scoreOf(x), range) : (x) => scoreBelowMax(zset.scoreOf(x), range);
  } else {
    const range = spec.range;
    node = reverse ? zset.lastInLexRange(range) : zset.firstInLexRange(range);
    inRange = reverse ? (x) => lexAboveMin(zset.memberOf(x), range) : (x) => lexBelowMax(zset.memberOf(x), range);
  }
  for (; node !== NONE && offset > 0; offset--) node = step(zset, node, reverse);
  const nodes: number[] = [];
  for (let left = limit; node !== NONE && left !== 0 && inRange(node); left--) {
    nodes.push(node);
    node = step(zset, node, reverse);
  }
  return nodes;
}

function selectRange(zset: SortedSetValue, request: RangeRequest): number[] {
  const { spec, reverse } = request;
  return spec.kind === "rank" ? rankRange(zset, spec.start, spec.end, reverse) : boundedRange(zset, spec, reverse, request.offset, request.limit);
}

type RangeKind = "auto" | "rank" | "score" | "lex";

/**
 * zrangeGenericCommand's steps 1 and 2: the options after `<src> <min> <max>` at `at`, each
 * in argv order (LIMIT's numbers as they come), then the conflicts, then the range itself.
 * `kind`/`reverse` are fixed by the legacy commands; ZRANGE and ZRANGESTORE pass "auto".
 * Null after replying the error.
 */
function parseRangeRequest(client: Client, at: number, kind: RangeKind, reverse: boolean | "auto", store: boolean): RangeRequest | null {
  const argv = client.argv;
  const argc = argv.length;
  let withScores = false;
  let offset = 0;
  let limit = -1;
  for (let j = at + 3; j < argc; j++) {
    const word = argv[j]!;
    if (!store && isToken(word, "WITHSCORES")) {
      withScores = true;
    } else if (isToken(word, "LIMIT") && argc - j - 1 >= 2) {
      const parsedOffset = readLong(client, argv[j + 1]!);
      if (parsedOffset === null) return null;
      const parsedLimit = readLong(client, argv[j + 2]!);
      if (parsedLimit === null) return null;
      offset = parsedOffset;
      limit = parsedLimit;
      j += 2;
    } else if (reverse === "auto" && isToken(word, "REV")) {
      reverse = true;
    } else if (kind === "auto" && isToken(word, "BYLEX")) {
      kind = "lex";
    } else if (kind === "auto" && isToken(word, "BYSCORE")) {
      kind = "score";
    } else {
      client.reply.error(Errors.syntax);
      return null;
    }
  }
  const direction = reverse === true;
  const rangeKind = kind === "auto" ? "rank" : kind;
  if (limit !== -1 && rangeKind === "rank") {
    client.reply.error(Errors.zrangeLimitNeedsBy);
    return null;
  }
  if (withScores && rangeKind === "lex") {
    client.reply.error(Errors.zrangeWithscoresBylex);
    return null;
  }
  // Reversed score and lex ranges are given as max, min.
  const [min, max] = direction && rangeKind !== "rank" ? [argv[at + 2]!, argv[at + 1]!] : [argv[at + 1]!, argv[at + 2]!];
  let spec: RangeSpec;
  if (rangeKind === "rank") {
    const start = readLong(client, min);
    if (start === null) return null;
    const end = readLong(client, max);
    if (end === null) return null;
    spec = { kind: "rank", start, end };
  } else if (rangeKind === "score") {
    const range = parseScoreRange(min, max);
    if (range === null) {
      client.reply.error(Errors.minMaxNotFloat);
      return null;
    }
    spec = { kind: "score", range };
  } else {
    const range = parseLexRange(min, max);
    if (range === null) {
      client.reply.error(Errors.minMaxNotLexItem);
      return null;
    }
    spec = { kind: "lex", range };
  }
  return { spec, reverse: direction, withScores, offset, limit };
}

// --- replies and results -----------------------------------------------------------------------

/**
 * Members, with their scores when asked: RESP2 one flat array, RESP3 an array of
 * [member, score] pairs (zrangeResultBeginClient). `nested` overrides that (ZPOPMIN without
 * a count stays flat in RESP3; ZMPOP always nests). `scores` is read only with `withScores`.
 */
function replyScored(
  client: Client,
  members: readonly string[],
  scores: readonly number[],
  withScores: boolean,
  nested = withScores && client.reply.protocol === 3,
): void {
  const reply = client.reply;
  reply.arrayHeader(withScores && !nested ? members.length * 2 : members.length);
  for (let i = 0; i < members.length; i++) {
    if (nested) reply.arrayHeader(2);
    reply.bulkLatin1(members[i]!);
    if (withScores) reply.double(scores[i]!);
  }
}

/** replyScored for nodes of `zset`. */
function replyNodes(client: Client, zset: SortedSetValue, nodes: readonly number[], withScores: boolean): void {
  replyScored(client, nodes.map((node) => zset.memberOf(node)), withScores ? nodes.map((node) => zset.scoreOf(node)) : [], withScores);
}

/** zrangeResultFinalizeStore / zunionInterDiffGenericCommand's store: replies the size first. */
function storeSortedSet(client: Client, destination: string, result: SortedSetValue, event: string): void {
  client.reply.integer(result.size);
  storeCollection(client, destination, result, result.size, event);
}

// --- ZADD / ZINCRBY ---------------------------------------------------------------------------

/** zaddGenericCommand: ZADD, and ZINCRBY (which starts with INCR set and reads options too). */
function zaddGeneric(client: Client, zincrby: boolean): void {
  // Read from the request itself: a view per word would cost more than most of ZADD's work.
  const request = client.request;
  const argc = request.length;
  let nx = false;
  let xx = false;
  let gt = false;
  let lt = false;
  let ch = false;
  let incr = zincrby;
  let at = 2;
  for (; at < argc; at++) {
    if (request.isToken(at, "NX")) nx = true;
    else if (request.isToken(at, "XX")) xx = true;
    else if (request.isToken(at, "CH")) ch = true;
    else if (request.isToken(at, "INCR")) incr = true;
    else if (request.isToken(at, "GT")) gt = true;
    else if (request.isToken(at, "LT")) lt = true;
    else break;
  }
  const items = argc - at;
  const reply = client.reply;
  if (items === 0 || items % 2 !== 0) return reply.error(Errors.syntax);
  if (nx && xx) return reply.error(Errors.zaddXxAndNx);
  if ((gt && nx) || (lt && nx) || (gt && lt)) return reply.error(Errors.zaddGtLtNx);
  if (incr && items > 2) return reply.error(Errors.zaddIncrSinglePair);
  // Every score is checked before anything changes: all or nothing.
  const scores: number[] = [];
  for (let j = at; j < argc; j += 2) {
    const score = parseDouble(request.buf, request.starts[j]!, request.ends[j]!);
    if (score === null) return reply.error(Errors.notFloat);
    scores.push(score);
  }
  const name = request.latin1(1);
  const slot = client.db.lookupWrite(name, client.nowMs);
  let zset = collectionAt(client, slot, SortedSetValue);
  if (zset === null) return;
  const limits = listpackLimits(client);
  if (zset === undefined) {
    if (xx) return incr ? reply.nullBulk() : reply.integer(0);
    zset = new SortedSetValue(limits.maxEntries !== 0 && request.wordLength(at + 1) <= limits.maxValue);
    client.db.add(name, zset, client.nowMs);
  }
  let added = 0;
  let updated = 0;
  let processed = 0;
  let result = 0;
  for (let j = 0; j < scores.length; j++) {
    const member = request.latin1(at + 2 * j + 1);
    let score = scores[j]!;
    const node = zset.nodeOf(member);
    if (node === NONE) {
      if (xx) continue;
      zset.insert(member, score, limits);
      added++;
    } else {
      if (nx) continue;
      const current = zset.scoreOf(node);
      if (incr) {
        score += current;
        if (Number.isNaN(score)) {
          reply.error(Errors.scoreIsNan);
          return;
        }
      }
      if ((lt && score >= current) || (gt && score <= current)) continue;
      if (score !== current) {
        zset.setScore(node, score);
        updated++;
      }
    }
    processed++;
    result = score;
  }
  if (incr) {
    if (processed > 0) reply.double(result);
    else reply.nullBulk();
  } else {
    reply.integer(ch ? added + updated : added);
  }
  if (added + updated > 0) client.written(name, incr ? "zincr" : "zadd", added + updated);
}

/** ZADD key [NX | XX] [GT | LT] [CH] [INCR] score member [score member ...] */
const zadd = defineCommand({
  name: "zadd",
  group: "sorted-set",
  summary: "Add one or more members to a sorted set, or update its score if it already exists",
  since: "1.2.0",
  complexity: "O(log(N)) for each item added, where N is the number of elements in the sorted set.",
  flags: ["write", "denyoom", "fast"],
  keySpecs: [["RW", "UPDATE"]],
  args: {
    key: key(),
    condition: restReadInRun(oneOf("condition", { nx: token("NX"), xx: token("XX") })),
    comparison: oneOf("comparison", { gt: token("GT"), lt: token("LT") }),
    change: token("CH", "change"),
    increment: token("INCR", "increment"),
    scoreMember: multiple(block("score_member", { score: readInRun(double("score")), member: bytes("member") })),
  },
  readsRequestInRun: true,
  run(client) {
    zaddGeneric(client, false);
  },
});

/** ZINCRBY key increment member */
const zincrby = defineCommand({
  name: "zincrby",
  group: "sorted-set",
  summary: "Increment the score of a member in a sorted set",
  since: "1.2.0",
  complexity: "O(log(N)) where N is the number of elements in the sorted set.",
  flags: ["write", "denyoom", "fast"],
  keySpecs: [["RW", "ACCESS", "UPDATE"]],
  args: { key: key(), increment: readInRun(int("increment")), member: bytes("member") },
  readsRequestInRun: true,
  run(client) {
    zaddGeneric(client, true);
  },
});

// --- ZREM, ZCARD, ZSCORE, ZMSCORE, ZRANK, ZREVRANK ----------------------------------------------

/** ZREM key member [member ...] */
const zrem = defineCommand({
  name: "zrem",
  group: "sorted-set",
  summary: "Remove one or more members from a sorted set",
  since: "1.2.0",
  complexity: "O(M*log(N)) with N being the number of elements in the sorted set and M the number of elements to be removed.",
  flags: ["write", "fast"],
  keySpecs: [["RW", "DELETE"]],
  args: { key: key(), member: multiple(text("member")) },
  run(client, args) {
    removeMembers(client, args.key, SortedSetValue, args.member, "zrem");
  },
});

/** ZCARD key */
const zcard = defineCommand({
  name: "zcard",
  group: "sorted-set",
  summary: "Get the number of members in a sorted set",
  since: "1.2.0",
  complexity: "O(1)",
  flags: ["readonly", "fast"],
  keySpecs: [["RO"]],
  args: { key: key() },
  run(client, args) {
    const zset = readCollection(client, args.key, SortedSetValue);
    if (zset !== null) client.reply.integer(zset?.size ?? 0);
  },
});

/** ZSCORE key member */
const zscore = defineCommand({
  name: "zscore",
  group: "sorted-set",
  summary: "Get the score associated with the given member in a sorted set",
  since: "1.2.0",
  complexity: "O(1)",
  flags: ["readonly", "fast"],
  keySpecs: [["RO", "ACCESS"]],
  args: { key: key(), member: bytes("member") },
  run(client, args) {
    const zset = readCollection(client, args.key, SortedSetValue);
    if (zset === null) return;
    const score = zset?.score(keyFromBytes(args.member));
    if (score === undefined) client.reply.nullBulk();
    else client.reply.double(score);
  },
});

/** ZMSCORE key member [member ...] */
const zmscore = defineCommand({
  name: "zmscore",
  group: "sorted-set",
  summary: "Get the score associated with the given members in a sorted set",
  since: "6.2.0",
  complexity: "O(N) where N is the number of members being requested.",
  flags: ["readonly", "fast"],
  keySpecs: [["RO", "ACCESS"]],
  args: { key: key(), member: multiple(bytes("member")) },
  run(client, args) {
    const zset = readCollection(client, args.key, SortedSetValue);
    if (zset === null) return;
    // A missing key answers like an empty set: a nil per member.
    client.reply.arrayHeader(args.member.length);
    for (const member of args.member) {
      const score = zset?.score(keyFromBytes(member));
      if (score === undefined) client.reply.nullBulk();
      else client.reply.double(score);
    }
  },
});

function defineRank(name: string, reverse: boolean, summary: string): Command {
  return defineCommand({
    name,
    group: "sorted-set",
    summary,
    since: "2.0.0",
    complexity: "O(log(N))",
    flags: ["readonly", "fast"],
    keySpecs: [["RO", "ACCESS"]],
    args: { key: key(), member: bytes("member") },
    run(client, args) {
      const zset = readCollection(client, args.key, SortedSetValue);
      if (zset === null) return;
      const rank = zset?.rank(keyFromBytes(args.member)) ?? -1;
      if (rank === -1) client.reply.nullBulk();
      else client.reply.integer(reverse ? zset!.size - 1 - rank : rank);
    },
  });
}

/** ZRANK key member */
const zrank = defineRank("zrank", false, "Determine the index of a member in a sorted set");
/** ZREVRANK key member */
const zrevrank = defineRank("zrevrank", true, "Determine the index of a member in a sorted set, with scores ordered from high to low");

// --- ZCOUNT, ZLEXCOUNT --------------------------------------------------------------------------

/**
 * How many members lie in a range from `first` (NONE: none): a listpack walks forward while
 * `inRange` holds (zcountCommand / zlexcountCommand's listpack branch), a skip list subtracts
 * the ranks of the first and last nodes in range.
 */
function countInRange(zset: SortedSetValue, first: number, last: () => number, inRange: (node: number) => boolean): number {
  if (first === NONE) return 0;
  if (zset.isListpack) {
    let count = 0;
    for (let node = first; node !== NONE && inRange(node); node = zset.next(node)) count++;
    return count;
  }
  const end = last();
  return end === NONE ? 0 : zset.rankOf(end) - zset.rankOf(first) + 1;
}

/** ZCOUNT key min max */
const zcount = defineCommand({
  name: "zcount",
  group: "sorted-set",
  summary: "Count the members in a sorted set with scores within the given values",
  since: "2.0.0",
  complexity: "O(log(N)) with N being the number of elements in the sorted set.",
  flags: ["readonly", "fast"],
  keySpecs: [["RO", "ACCESS"]],
  args: { key: key(), min: readInRun(double("min")), max: readInRun(double("max")) },
  run(client, args) {
    const range = parseScoreRange(args.min, args.max);
    if (range === null) return client.reply.error(Errors.minMaxNotFloat);
    const zset = readCollection(client, args.key, SortedSetValue);
    if (zset === null) return;
    if (zset === undefined) return client.reply.integer(0);
    const count = countInRange(zset, zset.firstInScoreRange(range), () => zset.lastInScoreRange(range), (node) => scoreBelowMax(zset.scoreOf(node), range));
    client.reply.integer(count);
  },
});

/** ZLEXCOUNT key min max */
const zlexcount = defineCommand({
  name: "zlexcount",
  group: "sorted-set",
  summary: "Count the number of members in a sorted set between a given lexicographical range",
  since: "2.8.9",
  complexity: "O(log(N)) with N being the number of elements in the sorted set.",
  flags: ["readonly", "fast"],
  keySpecs: [["RO", "ACCESS"]],
  args: { key: key(), min: bytes("min"), max: bytes("max") },
  run(client, args) {
    const range = parseLexRange(args.min, args.max);
    if (range === null) return client.reply.error(Errors.minMaxNotLexItem);
    const zset = readCollection(client, args.key, SortedSetValue);
    if (zset === null) return;
    if (zset === undefined) return client.reply.integer(0);
    const count = countInRange(zset, zset.firstInLexRange(range), () => zset.lastInLexRange(range), (node) => lexBelowMax(zset.memberOf(node), range));
    client.reply.integer(count);
  },
});

// --- the ZRANGE family --------------------------------------------------------------------------

/** zrangeGenericCommand for a client: the key at argv[1], the range after it. */
function zrangeToClient(client: Client, kind: RangeKind, reverse: boolean | "auto"): void {
  const request = parseRangeRequest(client, 1, kind, reverse, false);
  if (request === null) return;
  const zset = readCollection(client, keyFromBytes(client.argv[1]!), SortedSetValue);
  if (zset === null) return;
  if (zset === undefined) return client.reply.arrayHeader(0);
  replyNodes(client, zset, selectRange(zset, request), request.withScores);
}

/** The legacy range commands: their options, for COMMAND DOCS (all read in `run`). */
function rangeOptions(withScores: boolean, limit: boolean): Record<string, Arg> {
  const options: Record<string, Arg> = {};
  if (withScores) options.withscores = token("WITHSCORES");
  if (limit) options.limit = limitOption();
  return options;
}

function defineLegacyRange(spec: {
  name: string;
  summary: string;
  since: string;
  complexity: string;
  bounds: [string, string];
  /** How COMMAND DOCS types the bounds (integer ranks, double scores, string lex items). */
  boundType: (name: string) => Arg;
  kind: "rank" | "score" | "lex";
  reverse: boolean;
  withScores: boolean;
  limit: boolean;
}): Command {
  const [lowName, highName] = spec.bounds;
  const [first, ...rest] = Object.entries(rangeOptions(spec.withScores, spec.limit));
  return defineCommand({
    name: spec.name,
    group: "sorted-set",
    summary: spec.summary,
    since: spec.since,
    complexity: spec.complexity,
    flags: ["readonly"],
    keySpecs: [["RO", "ACCESS"]],
    args: {
      key: key(),
      [lowName]: readInRun(spec.boundType(lowName)),
      [highName]: readInRun(spec.boundType(highName)),
      [first![0]]: restReadInRun(first![1]),
      ...Object.fromEntries(rest),
    },
    run(client) {
      zrangeToClient(client, spec.kind, spec.reverse);
    },
  });
}

/** The ZRANGE/ZRANGESTORE options after min and max, documented (read in `run`). */
const ZRANGE_OPTIONS = {
  sortby: restReadInRun(oneOf("sortby", { byscore: token("BYSCORE"), bylex: token("BYLEX") })),
  rev: token("REV"),
  limit: limitOption(),
};

/** ZRANGE key start stop [BYSCORE | BYLEX] [REV] [LIMIT offset count] [WITHSCORES] */
const zrange = defineCommand({
  name: "zrange",
  group: "sorted-set",
  summary: "Return a range of members in a sorted set",
  since: "1.2.0",
  complexity: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.",
  flags: ["readonly"],
  keySpecs: [["RO", "ACCESS"]],
  args: { key: key(), start: bytes("start"), stop: bytes("stop"), ...ZRANGE_OPTIONS, withscores: token("WITHSCORES") },
  run(client) {
    zrangeToClient(client, "auto", "auto");
  },
});

/** ZRANGESTORE dst src min max [BYSCORE | BYLEX] [REV] [LIMIT offset count] */
const zrangestore = defineCommand({
  name: "zrangestore",
  group: "sorted-set",
  summary: "Store a range of members from sorted set into another key",
  since: "6.2.0",
  complexity: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements stored into the destination key.",
  flags: ["write", "denyoom"],
  keySpecs: [["OW", "UPDATE"], ["RO", "ACCESS"]],
  args: { dst: key("dst"), src: key("src"), min: bytes("min"), max: bytes("max"), ...ZRANGE_OPTIONS },
  run(client, args) {
    const request = parseRangeRequest(client, 2, "auto", "auto", true);
    if (request === null) return;
    const source = readCollection(client, args.src, SortedSetValue);
    if (source === null) return;
    // zrangeResultBeginStore: a listpack that converts as members are added (zsetAdd).
    const result = new SortedSetValue();
    if (source !== undefined) {
      const limits = listpackLimits(client);
      for (const node of selectRange(source, request)) result.insert(source.memberOf(node), source.scoreOf(node), limits);
    }
    storeSortedSet(client, args.dst, result, "zrangestore");
  },
});

const RANK_COMPLEXITY = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.";

/** ZREVRANGE key start stop [WITHSCORES] */
const zrevrange = defineLegacyRange({
  name: "zrevrange",
  summary: "Return a range of members in a sorted set, by index, with scores ordered from high to low",
  since: "1.2.0",
  complexity: RANK_COMPLEXITY,
  bounds: ["start", "stop"],
  boundType: (name) => int(name),
  kind: "rank",
  reverse: true,
  withScores: true,
  limit: false,
});

const SCORE_COMPLEXITY =
  "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).";

/** ZRANGEBYSCORE key min max [WITHSCORES] [LIMIT offset count] */
const zrangebyscore = defineLegacyRange({
  name: "zrangebyscore",
  summary: "Return a range of members in a sorted set, by score",
  since: "1.0.5",
  complexity: SCORE_COMPLEXITY,
  bounds: ["min", "max"],
  boundType: (name) => double(name),
  kind: "score",
  reverse: false,
  withScores: true,
  limit: true,
});

/** ZREVRANGEBYSCORE key max min [WITHSCORES] [LIMIT offset count] */
const zrevrangebyscore = defineLegacyRange({
  name: "zrevrangebyscore",
  summary: "Return a range of members in a sorted set, by score, with scores ordered from high to low",
  since: "2.2.0",
  complexity: SCORE_COMPLEXITY,
  bounds: ["max", "min"],
  boundType: (name) => double(name),
  kind: "score",
  reverse: true,
  withScores: true,
  limit: true,
});

/** ZRANGEBYLEX key min max [LIMIT offset count] */
const zrangebylex = defineLegacyRange({
  name: "zrangebylex",
  summary: "Return a range of members in a sorted set, by lexicographical range",
  since: "2.8.9",
  complexity: SCORE_COMPLEXITY,
  bounds: ["min", "max"],
  boundType: bytes,
  kind: "lex",
  reverse: false,
  withScores: false,
  limit: true,
});

/** ZREVRANGEBYLEX key max min [LIMIT offset count] */
const zrevrangebylex = defineLegacyRange({
  name: "zrevrangebylex",
  summary: "Return a range of members in a sorted set, by lexicographical range, ordered from higher to lower strings.",
  since: "2.8.9",
  complexity: SCORE_COMPLEXITY,
  bounds: ["max", "min"],
  boundType: bytes,
  kind: "lex",
  reverse: true,
  withScores: false,
  limit: true,
});

// --- ZREMRANGEBYRANK, ZREMRANGEBYSCORE, ZREMRANGEBYLEX -----------------------------------------

/**
 * zremrangeGenericCommand, steps 2 to 4 (the range is parsed): removes what `select` picks,
 * fires `event` (and "del" when the set empties), replies the count.
 */
function removeRange(client: Client, name: string, event: string, select: (zset: SortedSetValue) => number[]): void {
  const slot = client.db.lookupWrite(name, client.nowMs);
  const zset = collectionAt(client, slot, SortedSetValue);
  if (zset === null) return;
  if (zset === undefined) return client.reply.integer(0);
  const nodes = select(zset);
  for (const node of nodes) zset.deleteNode(node);
  client.reply.integer(nodes.length);
  if (nodes.length > 0) {
    client.written(name, event, nodes.length);
    deleteIfEmpty(client, name, slot, zset.size);
  }
}

/** ZREMRANGEBYRANK key start stop */
const zremrangebyrank = defineCommand({
  name: "zremrangebyrank",
  group: "sorted-set",
  summary: "Remove all members in a sorted set within the given indexes",
  since: "2.0.0",
  complexity: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.",
  flags: ["write"],
  keySpecs: [["RW", "DELETE"]],
  args: { key: key(), start: readInRun(int("start")), stop: readInRun(int("stop")) },
  run(client, args) {
    const start = readLong(client, args.start);
    if (start === null) return;
    const end = readLong(client, args.stop);
    if (end === null) return;
    removeRange(client, args.key, "zremrangebyrank", (zset) => rankRange(zset, start, end, false));
  },
});

/** ZREMRANGEBYSCORE key min max */
const zremrangebyscore = defineCommand({
  name: "zremrangebyscore",
  group: "sorted-set",
  summary: "Remove all members in a sorted set within the given scores",
  since: "1.2.0",
  complexity: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.",
  flags: ["write"],
  keySpecs: [["RW", "DELETE"]],
  args: { key: key(), min: readInRun(double("min")), max: readInRun(double("max")) },
  run(client, args) {
    const range = parseScoreRange(args.min, args.max);
    if (range === null) return client.reply.error(Errors.minMaxNotFloat);
    removeRange(client, args.key, "zremrangebyscore", (zset) => boundedRange(zset, { kind: "score", range }, false, 0, -1));
  },
});

/** ZREMRANGEBYLEX key min max */
const zremrangebylex = defineCommand({
  name: "zremrangebylex",
  group: "sorted-set",
  summary: "Remove all members in a sorted set between the given lexicographical range",
  since: "2.8.9",
  complexity: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.",
  flags: ["write"],
  keySpecs: [["RW", "DELETE"]],
  args: { key: key(), min: bytes("min"), max: bytes("max") },
  run(client, args) {
    const range = parseLexRange(args.min, args.max);
    if (range === null) return client.reply.error(Errors.minMaxNotLexItem);
    removeRange(client, args.key, "zremrangebylex", (zset) => boundedRange(zset, { kind: "lex", range }, false, 0, -1));
  },
});

// --- pops ---------------------------------------------------------------------------------------

type PopEnd = "min" | "max";
const POP_EVENT = { min: "zpopmin", max: "zpopmax" } as const;

/** How genericZpopCommand shapes its reply. */
type PopShape =
  /** ZPOPMIN/ZPOPMAX: [member, score, …] (RESP3 with a count: [[member, score], …]). */
  | "plain"
  /** BZPOPMIN/BZPOPMAX: [key, member, score]. */
  | "keyed"
  /** ZMPOP/BZMPOP: [key, [[member, score], …]]. */
  | "mpop";

/**
 * genericZpopCommand on one set: pops up to `count` (-1: one, the single-pop form) from
 * `where`, replies in `shape`, fires the pop event once and "del" if the set empties.
 */
function popFrom(client: Client, name: string, slot: number, zset: SortedSetValue, where: PopEnd, count: number, shape: PopShape): void {
  const members: string[] = [];
  const scores: number[] = [];
  for (let n = count === -1 ? 1 : count; n > 0 && zset.size > 0; n--) {
    const node = where === "min" ? zset.first : zset.last;
    members.push(zset.memberOf(node));
    scores.push(zset.scoreOf(node));
    zset.deleteNode(node);
  }
  const reply = client.reply;
  if (shape === "plain") {
    replyScored(client, members, scores, true, reply.protocol === 3 && count !== -1);
  } else {
    reply.arrayHeader(shape === "keyed" ? 1 + members.length * 2 : 2);
    reply.bulkLatin1(name);
    // BZPOPMIN's single pop is flat after the key; ZMPOP's are pairs.
    if (shape === "keyed") {
      reply.bulkLatin1(members[0]!);
      reply.double(scores[0]!);
    } else {
      replyScored(client, members, scores, true, true);
    }
  }
  client.written(name, POP_EVENT[where], members.length);
  deleteIfEmpty(client, name, slot, zset.size);
}

/**
 * The pop of ZMPOP and the blocking pops: from the first of `keys` holding a sorted set. On a
 * first try a key of another type answers WRONGTYPE; a blocked client waiting to be served
 * passes over it (Redis serves only waiters of the key's type). False when nothing was there.
 */
function popFirst(client: Client, keys: readonly string[], where: PopEnd, count: number, shape: PopShape, blocked: boolean): boolean {
  for (const name of keys) {
    const slot = client.db.lookupWrite(name, client.nowMs);
    if (slot === -1) continue;
    const zset = client.db.valueAt(slot);
    if (!(zset instanceof SortedSetValue)) {
      if (blocked) continue;
      client.reply.error(Errors.wrongType);
      return true;
    }
    // Replayed as the plain pop: ZPOPMIN key for BZPOPMIN, ZPOPMIN key count (what was there
    // to pop) for ZMPOP and BZMPOP.
    const popped = count === -1 ? [] : [String(Math.min(count, zset.size))];
    popFrom(client, name, slot, zset, where, count, shape);
    client.propagateAs([POP_COMMAND[where], name, ...popped]);
    return true;
  }
  return false;
}

/** The non-blocking pop a blocking or multi-key pop replays as. */
const POP_COMMAND = { min: "ZPOPMIN", max: "ZPOPMAX" } as const;

function definePop(name: string, where: PopEnd, summary: string): Command {
  return defineCommand({
    name,
    group: "sorted-set",
    summary,
    since: "5.0.0",
    complexity: "O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.",
    flags: ["write", "fast"],
    keySpecs: [["RW", "ACCESS", "DELETE"]],
    args: { key: key(), count: restReadInRun(optional(int("count"))) },
    run(client, args) {
      const rest = args.count ?? [];
      if (rest.length > 1) return client.reply.error(Errors.syntax);
      let count = -1;
      if (rest.length === 1) {
        // getPositiveLongFromObjectOrReply
        const value = parseInt64(rest[0]!);
        if (value === null || value < 0n) return client.reply.error(Errors.mustBePositive);
        count = Number(value);
      }
      const slot = client.db.lookupWrite(args.key, client.nowMs);
      const zset = collectionAt(client, slot, SortedSetValue);
      if (zset === null) return;
      if (zset === undefined || count === 0) return client.reply.arrayHeader(0);
      popFrom(client, args.key, slot, zset, where, count, "plain");
    },
  });
}

/** ZPOPMIN key [count] */
const zpopmin = definePop("zpopmin", "min", "Remove and return members with the lowest scores in a sorted set");
/** ZPOPMAX key [count] */
const zpopmax = definePop("zpopmax", "max", "Remove and return members with the highest scores in a sorted set");

/**
 * ZMPOP's arguments (BZMPOP's after its timeout): numkeys and its keys (a count reaching past
 * MIN | MAX's place is Redis's syntax error, `where_idx >= argc`), the side, then COUNT, read
 * in `run` since Redis rejects a repeated COUNT.
 */
function mpopArgs() {
  return {
    key: numkeysKeys({ notInteger: Errors.numkeysNotPositive, tooFew: Errors.numkeysNotPositive, tooMany: Errors.syntax }),
    where: required(oneOf("where", { min: token("MIN"), max: token("MAX") })),
    count: restReadInRun(withToken("COUNT", int("count"))),
  };
}

const MPOP_COMPLEXITY = "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.";

/** ZMPOP numkeys key [key ...] MIN | MAX [COUNT count] */
const zmpop = defineCommand({
  name: "zmpop",
  group: "sorted-set",
  summary: "Remove and return members with scores in a sorted set",
  since: "7.0.0",
  complexity: MPOP_COMPLEXITY,
  flags: ["write"],
  keySpecs: [["RW", "ACCESS", "DELETE"]],
  args: mpopArgs(),
  run(client, args) {
    const count = parseMpopCount(client, args.count ?? []);
    if (count !== null && !popFirst(client, args.key, args.where.kind, count, "mpop", false)) client.reply.nullArray();
  },
});

/**
 * blockingGenericZpopCommand: pops at once when a key holds a set, else waits in the server's
 * blocking registry, which offers each key written as it becomes ready (serveClientsBlockedOnKey
 * pops from that key).
 */
function blockingPop(client: Client, keys: readonly string[], deadlineMs: number, where: PopEnd, count: number, shape: PopShape): void {
  if (popFirst(client, keys, where, count, shape, false)) return;
  client.server.blocking.block(client, keys, deadlineMs, (blocked, readyKey) => popFirst(blocked, [readyKey], where, count, shape, true));
}

function defineBlockingPop(name: string, where: PopEnd, summary: string): Command {
  return defineCommand({
    name,
    group: "sorted-set",
    summary,
    since: "5.0.0",
    complexity: "O(log(N)) with N being the number of elements in the sorted set.",
    flags: ["write", "noscript", "blocking", "fast"],
    keySpecs: [["RW", "ACCESS", "DELETE"]],
    args: { key: multiple(key()), timeout: readInRun(double("timeout")) },
    run(client, args) {
      const deadlineMs = readTimeout(client, args.timeout);
      if (deadlineMs !== null) blockingPop(client, args.key, deadlineMs, where, -1, "keyed");
    },
  });
}

/** BZPOPMIN key [key ...] timeout */
const bzpopmin = defineBlockingPop("bzpopmin", "min", "Remove and return the member with the lowest score from one or more sorted sets, or block until one is available");
/** BZPOPMAX key [key ...] timeout */
const bzpopmax = defineBlockingPop("bzpopmax", "max", "Remove and return the member with the highest score from one or more sorted sets, or block until one is available");

/** BZMPOP timeout numkeys key [key ...] MIN | MAX [COUNT count] */
const bzmpop = defineCommand({
  name: "bzmpop",
  group: "sorted-set",
  summary: "Remove and return members with scores in a sorted set or block until one is available",
  since: "7.0.0",
  complexity: MPOP_COMPLEXITY,
  flags: ["write", "blocking"],
  keySpecs: [["RW", "ACCESS", "DELETE"]],
  args: { timeout: readInRun(double("timeout")), ...mpopArgs() },
  run(client, args) {
    // zmpopGenericCommand checks numkeys, MIN | MAX and COUNT before the timeout.
    const count = parseMpopCount(client, args.count ?? []);
    if (count === null) return;
    const deadlineMs = readTimeout(client, args.timeout);
    if (deadlineMs !== null) blockingPop(client, args.key, deadlineMs, args.where.kind, count, "mpop");
  },
});

// --- ZUNION, ZINTER, ZDIFF, their STORE forms, ZINTERCARD ---------------------------------------
//
// zunionInterDiffGenericCommand: numkeys (read by the parser), then every input key's type, then
// the options, so a WRONGTYPE comes before any bad option. Sets take part with score 1. Union
// and intersection visit their inputs from the smallest (a stable sort, as glibc's qsort is), and
// that order decides how SUM rounds; the result is a sorted set, replied or stored in its order.

type SetOp = "union" | "inter" | "diff";
type Aggregate = "sum" | "min" | "max";

/** zsetopsrc: one input, a sorted set, a set (every member scores 1) or a missing key, and its weight. */
interface OpSource {
  value: SortedSetValue | SetValue | undefined;
  weight: number;
}

/** zuiLength */
function sourceSize(source: OpSource): number {
  return source.value?.size ?? 0;
}

/** zuiNext over a whole input: every member with its score. */
function forEachIn(source: OpSource, visit: (member: string, score: number) => boolean | void): void {
  const value = source.value;
  if (value instanceof SortedSetValue) {
    for (let node = value.first; node !== NONE; node = value.next(node)) if (visit(value.memberOf(node), value.scoreOf(node)) === false) return;
  } else if (value !== undefined) {
    for (const member of value.members()) if (visit(member, 1) === false) return;
  }
}

/** zuiFind: the member's score in an input, undefined when it is not there. */
function scoreIn(source: OpSource, member: string): number | undefined {
  const value = source.value;
  if (value instanceof SortedSetValue) return value.score(member);
  return value?.has(member) ? 1 : undefined;
}

/** zunionInterAggregate: a SUM that is NaN (inf + -inf) counts as 0; MIN and MAX pass over a NaN. */
function aggregateScores(target: number, value: number, aggregate: Aggregate): number {
  if (aggregate === "sum") {
    const sum = target + value;
    return Number.isNaN(sum) ? 0 : sum;
  }
  if (aggregate === "min") return value < target ? value : target;
  return value > target ? value : target;
}

/** weight * score, where inf * 0 (NaN) counts as 0. */
function weighted(source: OpSource, score: number): number {
  const product = source.weight * score;
  return Number.isNaN(product) ? 0 : product;
}

/**
 * The intersection, walking the smallest input: `emit` gets each member present in every input
 * with its aggregated score, and returns false to stop (ZINTERCARD's LIMIT).
 */
function intersect(sources: readonly OpSource[], aggregate: Aggregate, emit: (member: string, score: number) => boolean | void): void {
  const [smallest, ...others] = sources;
  forEachIn(smallest!, (member, score) => {
    let total = weighted(smallest!, score);
    for (const other of others) {
      const found = scoreIn(other, member);
      if (found === undefined) return true;
      // Redis weighs the later inputs without the NaN check: a NaN term is left to aggregate.
      total = aggregateScores(total, found * other.weight, aggregate);
    }
    return emit(member, total);
  });
}

function union(sources: readonly OpSource[], aggregate: Aggregate): Map<string, number> {
  const result = new Map<string, number>();
  for (const source of sources) {
    forEachIn(source, (member, score) => {
      const value = weighted(source, score);
      const current = result.get(member);
      result.set(member, current === undefined ? value : aggregateScores(current, value, aggregate));
    });
  }
  return result;
}

/**
 * zdiff: the first input's members found in no other, with their scores. An input that is the
 * first one again empties the result (zsetChooseDiffAlgorithm); Redis's two algorithms differ in
 * cost only.
 */
function difference(sources: readonly OpSource[]): Map<string, number> {
  const result = new Map<string, number>();
  const [first, ...others] = sources;
  if (others.some((other) => other.value === first!.value)) return result;
  forEachIn(first!, (member, score) => {
    if (others.every((other) => scoreIn(other, member) === undefined)) result.set(member, score);
  });
  return result;
}

/** The result in sorted set order: by score, then member bytes (-0 and 0 tie, as in the skip list). */
function inZsetOrder(result: Map<string, number>): [string, number][] {
  return [...result].sort(([memberA, scoreA], [memberB, scoreB]) =>
    scoreA < scoreB ? -1 : scoreA > scoreB ? 1 : memberA < memberB ? -1 : memberA > memberB ? 1 : 0,
  );
}

/**
 * The inputs, looked up in order (each counts a hit or a miss), or null after replying
 * WRONGTYPE for the first key holding neither a set nor a sorted set.
 */
function lookupSources(client: Client, keys: readonly string[]): OpSource[] | null {
  const sources: OpSource[] = [];
  for (const name of keys) {
    const slot = client.db.lookupRead(name, client.nowMs);
    const value = slot === -1 ? undefined : client.db.valueAt(slot);
    if (value !== undefined && !(value instanceof SortedSetValue) && !(value instanceof SetValue)) {
      client.reply.error(Errors.wrongType);
      return null;
    }
    sources.push({ value, weight: 1 });
  }
  return sources;
}

interface OpOptions {
  aggregate: Aggregate;
  withScores: boolean;
  /** ZINTERCARD's LIMIT; 0: none. */
  limit: number;
}

/**
 * The options after the keys, each word in turn as Redis takes them (strcasecmp, so a NUL ends
 * a word): WEIGHTS with one double per input (fewer left is a syntax error, and it may come
 * again), AGGREGATE SUM | MIN | MAX, WITHSCORES where a reply carries scores, LIMIT for
 * ZINTERCARD. Anything else is a syntax error. Sets the weights in `sources`; null after replying.
 */
function parseOpOptions(client: Client, words: readonly Uint8Array[], sources: readonly OpSource[], op: SetOp, store: boolean, cardinalityOnly: boolean): OpOptions | null {
  const options: OpOptions = { aggregate: "sum", withScores: false, limit: 0 };
  const combines = op !== "diff" && !cardinalityOnly;
  for (let j = 0; j < words.length; ) {
    const remaining = words.length - j;
    const word = words[j]!;
    if (combines && remaining >= sources.length + 1 && isCToken(word, "WEIGHTS")) {
      j++;
      for (const source of sources) {
        const weight = parseDouble(words[j++]!);
        if (weight === null) return replyError(client, Errors.weightNotFloat);
        source.weight = weight;
      }
    } else if (combines && remaining >= 2 && isCToken(word, "AGGREGATE")) {
      const kind = words[j + 1]!;
      if (isCToken(kind, "SUM")) options.aggregate = "sum";
      else if (isCToken(kind, "MIN")) options.aggregate = "min";
      else if (isCToken(kind, "MAX")) options.aggregate = "max";
      else return replyError(client, Errors.syntax);
      j += 2;
    } else if (!store && !cardinalityOnly && isCToken(word, "WITHSCORES")) {
      options.withScores = true;
      j++;
    } else if (cardinalityOnly && remaining >= 2 && isCToken(word, "LIMIT")) {
      // getPositiveLongFromObjectOrReply with its own message, for a non-integer too.
      const limit = parseInt64(words[j + 1]!);
      if (limit === null || limit < 0n) return replyError(client, Errors.limitNegative);
      options.limit = Number(limit);
      j += 2;
    } else {
      return replyError(client, Errors.syntax);
    }
  }
  return options;
}

function replyError(client: Client, error: string): null {
  client.reply.error(error);
  return null;
}

/** The inputs and options of one call, or null after replying an error. */
function prepareOp(client: Client, keys: readonly string[], words: readonly Uint8Array[], op: SetOp, store: boolean, cardinalityOnly: boolean) {
  const sources = lookupSources(client, keys);
  if (sources === null) return null;
  const options = parseOpOptions(client, words, sources, op, store, cardinalityOnly);
  if (options === null) return null;
  // Smallest first, which only union and intersection do; a stable sort keeps ties in key order.
  if (op !== "diff") sources.sort((a, b) => sourceSize(a) - sourceSize(b));
  return { sources, options };
}

function combine(sources: readonly OpSource[], op: SetOp, aggregate: Aggregate): Map<string, number> {
  if (op === "union") return union(sources, aggregate);
  if (op === "diff") return difference(sources);
  const result = new Map<string, number>();
  intersect(sources, aggregate, (member, score) => {
    result.set(member, score);
  });
  return result;
}

/** ZUNION, ZINTER, ZDIFF: the result in order, with scores if asked. */
function replySetOp(client: Client, keys: readonly string[], words: readonly Uint8Array[], op: SetOp): void {
  const prepared = prepareOp(client, keys, words, op, false, false);
  if (prepared === null) return;
  const entries = inZsetOrder(combine(prepared.sources, op, prepared.options.aggregate));
  const withScores = prepared.options.withScores;
  replyScored(client, entries.map(([member]) => member), withScores ? entries.map(([, score]) => score) : [], withScores);
}

const STORE_EVENT = { union: "zunionstore", inter: "zinterstore", diff: "zdiffstore" } as const;

/**
 * ZUNIONSTORE, ZINTERSTORE, ZDIFFSTORE: the result built as a skip list, then a listpack if it
 * fits zset-max-listpack-entries/-value (zsetConvertToListpackIfNeeded), stored in `destination`.
 */
function storeSetOp(client: Client, destination: string, keys: readonly string[], words: readonly Uint8Array[], op: SetOp): void {
  const prepared = prepareOp(client, keys, words, op, true, false);
  if (prepared === null) return;
  const entries = inZsetOrder(combine(prepared.sources, op, prepared.options.aggregate));
  const result = new SortedSetValue(false);
  const limits = listpackLimits(client);
  // From the highest down, so each insert stops at the head.
  for (let i = entries.length - 1; i >= 0; i--) result.insert(entries[i]![0], entries[i]![1], limits);
  result.compactIfFits(limits);
  storeSortedSet(client, destination, result, STORE_EVENT[op]);
}

const zsetOpKeys = (name: string) => numkeysKeys({ tooFew: inputKeyNeeded(name), tooMany: Errors.syntax });

/** WEIGHTS and AGGREGATE, as COMMAND DOCS shows them (Redis 7.0 types a weight as an integer); `run` reads them. */
const weightsAggregate = {
  weights: restReadInRun(withToken("WEIGHTS", multiple(int("weight")))),
  aggregate: withToken("AGGREGATE", oneOf("aggregate", { sum: token("SUM"), min: token("MIN"), max: token("MAX") })),
};

const UNION_COMPLEXITY =
  "O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.";
/** ZUNIONSTORE's text, as Redis writes it (no `*`). */
const UNIONSTORE_COMPLEXITY =
  "O(N)+O(M log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.";
const INTER_COMPLEXITY =
  "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.";
const DIFF_COMPLEXITY =
  "O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.";

function defineCombine(name: string, op: "union" | "inter", summary: string, complexity: string): Command {
  return defineCommand({
    name,
    group: "sorted-set",
    summary,
    since: "6.2.0",
    complexity,
    flags: ["readonly"],
    keySpecs: [["RO", "ACCESS"]],
    args: { keys: zsetOpKeys(name), ...weightsAggregate, withscores: token("WITHSCORES") },
    run(client, args) {
      replySetOp(client, args.keys, args.weights ?? [], op);
    },
  });
}

function defineCombineStore(name: string, op: "union" | "inter", summary: string, complexity: string): Command {
  return defineCommand({
    name,
    group: "sorted-set",
    summary,
    since: "2.0.0",
    complexity,
    flags: ["write", "denyoom"],
    keySpecs: [["OW", "UPDATE"], ["RO", "ACCESS"]],
    args: { destination: key("destination"), keys: zsetOpKeys(name), ...weightsAggregate },
    run(client, args) {
      storeSetOp(client, args.destination, args.keys, args.weights ?? [], op);
    },
  });
}

/** ZUNION numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX] [WITHSCORES] */
const zunion = defineCombine("zunion", "union", "Add multiple sorted sets", UNION_COMPLEXITY);
/** ZINTER numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX] [WITHSCORES] */
const zinter = defineCombine("zinter", "inter", "Intersect multiple sorted sets", INTER_COMPLEXITY);
/** ZUNIONSTORE destination numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX] */
const zunionstore = defineCombineStore("zunionstore", "union", "Add multiple sorted sets and store the resulting sorted set in a new key", UNIONSTORE_COMPLEXITY);
/** ZINTERSTORE destination numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX] */
const zinterstore = defineCombineStore("zinterstore", "inter", "Intersect multiple sorted sets and store the resulting sorted set in a new key", INTER_COMPLEXITY);

/** ZDIFF numkeys key [key ...] [WITHSCORES] */
const zdiff = defineCommand({
  name: "zdiff",
  group: "sorted-set",
  summary: "Subtract multiple sorted sets",
  since: "6.2.0",
  complexity: DIFF_COMPLEXITY,
  flags: ["readonly"],
  keySpecs: [["RO", "ACCESS"]],
  args: { keys: zsetOpKeys("zdiff"), options: restReadInRun(token("WITHSCORES")) },
  run(client, args) {
    replySetOp(client, args.keys, args.options ?? [], "diff");
  },
});

/** ZDIFFSTORE destination numkeys key [key ...] */
const zdiffstore = defineCommand({
  name: "zdiffstore",
  group: "sorted-set",
  summary: "Subtract multiple sorted sets and store the resulting sorted set in a new key",
  since: "6.2.0",
  complexity: DIFF_COMPLEXITY,
  flags: ["write", "denyoom"],
  keySpecs: [["OW", "UPDATE"], ["RO", "ACCESS"]],
  // Redis documents no options, yet any word after the keys is a syntax error (not the arity
  // error), and only after the keys' type check: `run` gets the rest.
  args: { destination: key("destination"), keys: zsetOpKeys("zdiffstore"), rest: undocumented(restReadInRun({ name: "rest", type: "string" })) },
  run(client, args) {
    storeSetOp(client, args.destination, args.keys, args.rest ?? [], "diff");
  },
});

/** ZINTERCARD numkeys key [key ...] [LIMIT limit] */
const zintercard = defineCommand({
  name: "zintercard",
  group: "sorted-set",
  summary: "Intersect multiple sorted sets and return the cardinality of the result",
  since: "7.0.0",
  complexity: "O(N*K) worst case with N being the smallest input sorted set, K being the number of input sorted sets.",
  flags: ["readonly"],
  keySpecs: [["RO", "ACCESS"]],
  args: { keys: zsetOpKeys("zintercard"), options: restReadInRun(withToken("LIMIT", int("limit"))) },
  run(client, args) {
    const prepared = prepareOp(client, args.keys, args.options ?? [], "inter", false, true);
    if (prepared === null) return;
    const limit = prepared.options.limit;
    let cardinality = 0;
    intersect(prepared.sources, "sum", () => ++cardinality !== limit);
    client.reply.integer(cardinality);
  },
});

// --- ZRANDMEMBER --------------------------------------------------------------------------------

const HALF_LONG_MAX = LONG_MAX / 2n;

/** A uniformly random index below `n`. */
function randomBelow(n: number): number {
  return Math.floor(Math.random() * n);
}

/**
 * zrandmemberWithCountCommand: a positive count gives distinct members (the whole set, from
 * the highest score down as zuiNext walks it, when count >= size); a negative one |count|
 * members drawn independently.
 */
function randomMembers(client: Client, zset: SortedSetValue, count: number, withScores: boolean): void {
  const size = zset.size;
  if (count === 0) return client.reply.arrayHeader(0);
  let picked: number[];
  if (count < 0 || count === 1) {
    const n = Math.abs(count);
    picked = [];
    for (let i = 0; i < n; i++) picked.push(zset.atRank(randomBelow(size)));
  } else if (count >= size) {
    picked = [];
    for (let node = zset.last; node !== NONE; node = zset.prev(node)) picked.push(node);
  } else {
    // Distinct ranks: a partial Fisher-Yates over the rank positions.
    const ranks = new Map<number, number>();
    picked = [];
    for (let i = 0; i < count; i++) {
      const j = i + randomBelow(size - i);
      const chosen = ranks.get(j) ?? j;
      ranks.set(j, ranks.get(i) ?? i);
      picked.push(zset.atRank(chosen));
    }
  }
  replyNodes(client, zset, picked, withScores);
}

/** ZRANDMEMBER key [count [WITHSCORES]] */
const zrandmember = defineCommand({
  name: "zrandmember",
  group: "sorted-set",
  summary: "Get one or multiple random elements from a sorted set",
  since: "6.2.0",
  complexity: "O(N) where N is the number of elements returned",
  flags: ["readonly"],
  tips: ["nondeterministic_output"],
  keySpecs: [["RO", "ACCESS"]],
  args: {
    key: key(),
    options: restReadInRun(optional(block("options", { count: int("count"), withscores: token("WITHSCORES") }))),
  },
  run(client, args) {
    const rest = args.options ?? [];
    if (rest.length === 0) {
      const zset = readCollection(client, args.key, SortedSetValue);
      if (zset === null) return;
      if (zset === undefined) return client.reply.nullBulk();
      return client.reply.bulkLatin1(zset.memberOf(zset.atRank(randomBelow(zset.size))));
    }
    // getRangeLongFromObjectOrReply(-LONG_MAX, LONG_MAX), then the syntax, then WITHSCORES's
    // bound (count * 2 must not overflow).
    const count = parseInt64(rest[0]!);
    if (count === null) return client.reply.error(Errors.notInteger);
    if (count < -LONG_MAX) return client.reply.error(valueOutOfRange(-LONG_MAX, LONG_MAX));
    if (rest.length > 2 || (rest.length === 2 && !isToken(rest[1]!, "WITHSCORES"))) return client.reply.error(Errors.syntax);
    const withScores = rest.length === 2;
    if (withScores && (count < -HALF_LONG_MAX || count > HALF_LONG_MAX)) return client.reply.error(Errors.countOutOfRange);
    const zset = readCollection(client, args.key, SortedSetValue);
    if (zset === null) return;
    if (zset === undefined) return client.reply.arrayHeader(0);
    randomMembers(client, zset, Number(count), withScores);
  },
});

// --- ZSCAN --------------------------------------------------------------------------------------

/** ZSCAN key cursor [MATCH pattern] [COUNT count] */
const zscan = defineCollectionScan<SortedSetValue, number>("zscan", "sorted-set", "Incrementally iterate sorted sets elements and associated scores", {
  type: SortedSetValue,
  width: 2,
  page: (zset, cursor, count, found) => {
    if (zset.isListpack) {
      // A listpack is returned whole in one call, in order, with cursor 0.
      for (let node = zset.first; node !== NONE; node = zset.next(node)) found.push(node);
      return 0;
    }
    // The cursor is a scan slot: a member keeps its slot while it lives (see SortedSetValue).
    return scanSlots(cursor, count, zset.slotLimit, (slot) => {
      const node = zset.nodeInSlot(slot);
      return node === NONE ? undefined : node;
    }, found);
  },
  nameOf: (zset, node) => zset.memberOf(node),
  // Scores go as strings in RESP3 too (scanGenericCommand replies bulk strings).
  write: (client, zset, node) => {
    client.reply.bulkLatin1(zset.memberOf(node));
    client.reply.bulkLatin1(formatDouble(zset.scoreOf(node)));
  },
});

export const sortedSetCommands: readonly Command[] = [
  zadd,
  zincrby,
  zrem,
  zcard,
  zscore,
  zmscore,
  zrank,
  zrevrank,
  zcount,
  zlexcount,
  zrange,
  zrangestore,
  zrevrange,
  zrangebyscore,
  zrevrangebyscore,
  zrangebylex,
  zrevrangebylex,
  zremrangebyrank,
  zremrangebyscore,
  zremrangebylex,
  zpopmin,
  zpopmax,
  zmpop,
  bzpopmin,
  bzpopmax,
  bzmpop,
  zunion,
  zinter,
  zdiff,
  zunionstore,
  zinterstore,
  zdiffstore,
  zintercard,
  zrandmember,
  zscan,
];
