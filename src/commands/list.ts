// The list commands (Redis's t_list.c): pushes and pops at either end, ranges, indexed access,
// LINSERT/LREM/LTRIM/LPOS, moves between lists (LMOVE, RPOPLPUSH), LMPOP, and the blocking
// forms (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP), which wait through the server's blocking
// registry when every list they name is empty. A list whose last element goes is deleted.

import type { z } from "zod";
import { Errors } from "../protocol/errors.ts";
import { readTimeout } from "../server/blocking.ts";
import type { Client } from "../server/client.ts";
import { parseInt64, parseSafeInt } from "../store/numbers.ts";
import { ListEnd, ListValue } from "../store/types/list.ts";
import {
  bytes,
  double,
  int,
  isToken,
  key,
  keyFromBytes,
  multiple,
  numkeysKeys,
  oneOf,
  optional,
  readInRun,
  restReadInRun,
  text,
  token,
  withToken,
  type Arg,
} from "./args.ts";
import { defineCommand, type Command } from "./define.ts";
import { collectionAt, deleteIfEmpty, readCollection, writeCollection } from "./lookup.ts";

// --- argument helpers ------------------------------------------------------------------------

/** A `oneof` Redis requires (LINSERT's BEFORE | AFTER, LMOVE's LEFT | RIGHT): any other word is a syntax error. */
function required<S extends z.ZodType>(arg: Arg<z.ZodOptional<S>>): Arg<S> {
  const { optional: _optional, ...doc } = arg.doc;
  return { ...arg, doc, schema: arg.schema.unwrap(), optional: false };
}

/** `LEFT | RIGHT`, read as getListPositionFromObjectOrReply does. */
function listEnd(name: string) {
  return required(oneOf(name, { left: token("LEFT"), right: token("RIGHT") }));
}

function endOf(choice: { kind: "left" | "right" }): ListEnd {
  return choice.kind === "left" ? ListEnd.head : ListEnd.tail;
}

/** string2ll on an argument: the integer (approximate past 2^53, as `int()` gives it), or null. */
function longValue(word: Uint8Array): number | null {
  const small = parseSafeInt(word);
  if (small !== null) return small;
  const big = parseInt64(word);
  return big === null ? null : Number(big);
}

/** getLongFromObjectOrReply: the integer, or null after replying that it is not one. */
function longOrReply(client: Client, word: Uint8Array): number | null {
  const value = longValue(word);
  if (value === null) client.reply.error(Errors.notInteger);
  return value;
}

// --- shared list operations ------------------------------------------------------------------

const POP_EVENT = ["lpop", "rpop"] as const;
const PUSH_EVENT = ["lpush", "rpush"] as const;

/**
 * listElementsRemoved: `count` elements left the list at `slot` from `where`. Fires lpop/rpop,
 * then deletes the key with its `del` event when the list is now empty, as Redis does.
 */
function elementsRemoved(client: Client, name: string, slot: number, list: ListValue, where: ListEnd, count: number): void {
  client.written(name, POP_EVENT[where], count);
  deleteIfEmpty(client, name, slot, list.length);
}

/** Replies up to `count` elements popped from `where`, as an array in pop order. Returns how many. */
function replyPopped(client: Client, list: ListValue, where: ListEnd, count: number): number {
  const n = Math.min(count, list.length);
  const reply = client.reply;
  reply.arrayHeader(n);
  for (let i = 0; i < n; i++) reply.bulkLatin1(list.pop(where));
  return n;
}

/**
 * listPopRangeAndReplyWithKey: `[key, [elements…]]` for LMPOP and BLMPOP, popping up to
 * `count` elements from the list at `slot`.
 */
function popWithKey(client: Client, name: string, slot: number, list: ListValue, where: ListEnd, count: number): number {
  client.reply.arrayHeader(2);
  client.reply.bulkLatin1(name);
  const popped = replyPopped(client, list, where, count);
  elementsRemoved(client, name, slot, list, where, popped);
  return popped;
}

/** The non-blocking pop a blocking or multi-key pop replays as: [LR]POP key [count]. */
const POP_COMMAND = ["LPOP", "RPOP"] as const;
/** shared.left / shared.right, as a served BLMOVE propagates its sides. */
const SIDE_WORD = ["left", "right"] as const;

/**
 * lmoveGenericCommand once the source is known to be a non-empty list: checks the destination's
 * type, pops from the source, pushes onto the destination (creating it), replies the element.
 * Events as Redis fires them: the push on the destination first, then the pop on the source
 * and, if it emptied, its `del`. One change to `dirty`.
 */
function moveElement(
  client: Client,
  sourceSlot: number,
  source: ListValue,
  sourceName: string,
  destinationName: string,
  from: ListEnd,
  to: ListEnd,
): void {
  let destination = writeCollection(client, destinationName, ListValue);
  if (destination === null) return;
  const element = source.pop(from);
  if (destination === undefined) {
    destination = new ListValue();
    client.db.add(destinationName, destination, client.nowMs);
  }
  destination.push(element, to);
  client.written(destinationName, PUSH_EVENT[to], 0);
  client.reply.bulkLatin1(element);
  elementsRemoved(client, sourceName, sourceSlot, source, from, 1);
}

// --- pushes ----------------------------------------------------------------------------------

/** pushGenericCommand: LPUSH, RPUSH, and with `onlyExisting` LPUSHX, RPUSHX. */
function pushGeneric(client: Client, name: string, elements: readonly string[], where: ListEnd, onlyExisting: boolean): void {
  let list = writeCollection(client, name, ListValue);
  if (list === null) return;
  if (list === undefined) {
    if (onlyExisting) {
      client.reply.integer(0);
      return;
    }
    list = new ListValue();
    client.db.add(name, list, client.nowMs);
  }
  const n = elements.length;
  if (where === ListEnd.head) for (let i = 0; i < n; i++) list.pushHead(elements[i]!);
  else for (let i = 0; i < n; i++) list.pushTail(elements[i]!);
  client.reply.integer(list.length);
  client.written(name, PUSH_EVENT[where], n);
}

const PUSH_SPEC = [["RW", "INSERT"]] as const;

function definePush(name: string, where: ListEnd, onlyExisting: boolean, summary: string, since: string) {
  return defineCommand({
    name,
    group: "list",
    summary,
    since,
    complexity:
      "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.",
    flags: ["write", "denyoom", "fast"],
    keySpecs: PUSH_SPEC,
    args: { key: key(), element: multiple(text("element")) },
    run(client, args) {
      pushGeneric(client, args.key, args.element, where, onlyExisting);
    },
  });
}

/** LPUSH key element [element ...] */
const lpush = definePush("lpush", ListEnd.head, false, "Prepend one or multiple elements to a list", "1.0.0");
/** RPUSH key element [element ...] */
const rpush = definePush("rpush", ListEnd.tail, false, "Append one or multiple elements to a list", "1.0.0");
/** LPUSHX key element [element ...] */
const lpushx = definePush("lpushx", ListEnd.head, true, "Prepend an element to a list, only if the list exists", "2.2.0");
/** RPUSHX key element [element ...] */
const rpushx = definePush("rpushx", ListEnd.tail, true, "Append an element to a list, only if the list exists", "2.2.0");

// --- pops ------------------------------------------------------------------------------------

/** popGenericCommand: LPOP/RPOP, with a count since 6.2 (an array reply, even of one). */
function popGeneric(client: Client, name: string, count: number | undefined, where: ListEnd): void {
  if (count !== undefined && count < 0) {
    client.reply.error(Errors.mustBePositive);
    return;
  }
  const slot = client.db.lookupWrite(name, client.nowMs);
  const list = collectionAt(client, slot, ListValue);
  if (list === null) return;
  if (list === undefined) {
    if (count === undefined) client.reply.nullBulk();
    else client.reply.nullArray();
    return;
  }
  if (count === undefined) {
    client.reply.bulkLatin1(list.pop(where));
    elementsRemoved(client, name, slot, list, where, 1);
  } else if (count === 0) {
    // Redis's fast exit: an empty array, even in RESP3, and no change.
    client.reply.arrayHeader(0);
  } else {
    elementsRemoved(client, name, slot, list, where, replyPopped(client, list, where, count));
  }
}

function definePop(name: string, where: ListEnd, summary: string) {
  return defineCommand({
    name,
    group: "list",
    summary,
    since: "1.0.0",
    complexity: "O(N) where N is the number of elements returned",
    flags: ["write", "fast"],
    keySpecs: [["RW", "ACCESS", "DELETE"]],
    // A count that is not an integer gets the same text as a negative one (getPositiveLong…).
    args: { key: key(), count: optional(int("count", { error: Errors.mustBePositive })) },
    run(client, args) {
      popGeneric(client, args.key, args.count, where);
    },
  });
}

/** LPOP key [count] */
const lpop = definePop("lpop", ListEnd.head, "Remove and get the first elements in a list");
/** RPOP key [count] */
const rpop = definePop("rpop", ListEnd.tail, "Remove and get the last elements in a list");

// --- reading ---------------------------------------------------------------------------------

/** LLEN key */
const llen = defineCommand({
  name: "llen",
  group: "list",
  summary: "Get the length of a list",
  since: "1.0.0",
  complexity: "O(1)",
  flags: ["readonly", "fast"],
  keySpecs: [["RO"]],
  args: { key: key() },
  run(client, args) {
    const list = readCollection(client, args.key, ListValue);
    if (list !== null) client.reply.integer(list === undefined ? 0 : list.length);
  },
});

// A range [start, end] of a list of `length`, by Redis's index rules (addListRangeReply, LTRIM):
// negative indexes count from the end, then the range is clamped to the list. Two functions, not
// a tuple, so LRANGE allocates nothing; the range is empty when first > last.

function rangeFirst(start: number, length: number): number {
  if (start < 0) start += length;
  return start < 0 ? 0 : start;
}

function rangeLast(end: number, length: number): number {
  if (end < 0) end += length;
  return end >= length ? length - 1 : end;
}

/** LRANGE key start stop */
const lrange = defineCommand({
  name: "lrange",
  group: "list",
  summary: "Get a range of elements from a list",
  since: "1.0.0",
  complexity:
    "O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest end (HEAD or TAIL) for large lists; and N is the number of elements in the specified range.",
  flags: ["readonly"],
  keySpecs: [["RO", "ACCESS"]],
  args: { key: key(), start: int("start"), stop: int("stop") },
  run(client, args) {
    const list = readCollection(client, args.key, ListValue);
    if (list === null) return;
    const reply = client.reply;
    if (list === undefined) {
      reply.arrayHeader(0);
      return;
    }
    const first = rangeFirst(args.start, list.length);
    const last = rangeLast(args.stop, list.length);
    if (first > last) {
      reply.arrayHeader(0);
      return;
    }
    reply.arrayHeader(last - first + 1);
    for (let i = first; i <= last; i++) reply.bulkLatin1(list.at(i));
  },
});

/** LINDEX key index */
const lindex = defineCommand({
  name: "lindex",
  group: "list",
  summary: "Get an element from a list by its index",
  since: "1.0.0",
  complexity:
    "O(N) where N is the number of elements to traverse to get to the element at index. This makes asking for the first or the last element of the list O(1).",
  flags: ["readonly"],
  keySpecs: [["RO", "ACCESS"]],
  // Redis reads the index after the key's type check.
  args: { key: key(), index: readInRun(int("index")) },
  run(client, args) {
    const list = readCollection(client, args.key, ListValue);
    if (list === undefined) client.reply.nullBulk();
    if (list === undefined || list === null) return;
    let index = longOrReply(client, args.index);
    if (index === null) return;
    if (index < 0) index += list.length;
    if (index < 0 || index >= list.length) client.reply.nullBulk();
    else client.reply.bulkLatin1(list.at(index));
  },
});

/** LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len] */
const lpos = defineCommand({
  name: "lpos",
  group: "list",
  summary: "Return the index of matching elements on a list",
  since: "6.0.6",
  complexity:
    "O(N) where N is the number of elements in the list, for the average case. When searching for elements near the head or the tail of the list, or when the MAXLEN option is provided, the command may run in constant time.",
  flags: ["readonly"],
  keySpecs: [["RO", "ACCESS"]],
  args: {
    key: key(),
    element: bytes("element"),
    rank: restReadInRun(withToken("RANK", int("rank"))),
    numMatches: withToken("COUNT", int("num-matches")),
    len: withToken("MAXLEN", int("len")),
  },
  run(client, args) {
    const options = parseLposOptions(client, args.rank ?? []);
    if (options === null) return;
    const list = readCollection(client, args.key, ListValue);
    if (list === null) return;
    if (list === undefined) {
      if (options.count === -1) client.reply.nullBulk();
      else client.reply.arrayHeader(0);
      return;
    }
    replyPositions(client, list, keyFromBytes(args.element), options);
  },
});

interface LposOptions {
  /** Which match to start from: 1 is the first, -1 the first from the tail (never 0). */
  rank: number;
  /** RANK was exactly LONG_MIN (which `rank` cannot tell from -LONG_MAX as a double). */
  rankIsLongMin: boolean;
  /** How many matches to return: -1 without COUNT (a single integer reply), 0 for all. */
  count: number;
  /** How many elements to look at, 0 for all. */
  maxlen: number;
}

/** LONG_MIN: negating it overflows in C, which LPOS's RANK handling below reproduces. */
const LONG_MIN = -(2n ** 63n);

/** lposCommand's option loop: each option in turn, the first bad one answering its error. */
function parseLposOptions(client: Client, words: readonly Uint8Array[]): LposOptions | null {
  const options: LposOptions = { rank: 1, rankIsLongMin: false, count: -1, maxlen: 0 };
  for (let j = 0; j < words.length; j++) {
    const word = words[j]!;
    const hasValue = j + 1 < words.length;
    if (hasValue && isToken(word, "RANK")) {
      const rank = parseInt64(words[++j]!);
      if (rank === null) {
        client.reply.error(Errors.notInteger);
        return null;
      }
      if (rank === 0n) {
        client.reply.error(Errors.lposRankZero);
        return null;
      }
      options.rank = Number(rank);
      options.rankIsLongMin = rank === LONG_MIN;
    } else if (hasValue && isToken(word, "COUNT")) {
      const count = positiveOrReply(client, words[++j]!, Errors.lposCountNegative);
      if (count === null) return null;
      options.count = count;
    } else if (hasValue && isToken(word, "MAXLEN")) {
      const maxlen = positiveOrReply(client, words[++j]!, Errors.lposMaxlenNegative);
      if (maxlen === null) return null;
      options.maxlen = maxlen;
    } else {
      client.reply.error(Errors.syntax);
      return null;
    }
  }
  return options;
}

/** getPositiveLongFromObjectOrReply with a message: a non-integer gets the same message. */
function positiveOrReply(client: Client, word: Uint8Array, error: string): number | null {
  const value = longValue(word);
  if (value !== null && value >= 0) return value;
  client.reply.error(error);
  return null;
}

/** LPOS's search: walks from the head (or from the tail for a negative rank). */
function replyPositions(client: Client, list: ListValue, element: string, options: LposOptions): void {
  let { rank, count } = options;
  const fromTail = rank < 0;
  if (options.rankIsLongMin) {
    // Redis's `rank = -rank` leaves LONG_MIN negative: every match counts as reached, and
    // `matches - rank + 1 >= count` overflows too, so COUNT never stops the search.
    rank = 1;
    count = count === -1 ? -1 : 0;
  } else if (fromTail) {
    rank = -rank;
  }
  const length = list.length;
  const limit = options.maxlen === 0 || options.maxlen > length ? length : options.maxlen;
  const reply = client.reply;
  let matches = 0;
  const found: number[] = [];
  for (let i = 0; i < limit; i++) {
    const index = fromTail ? length - 1 - i : i;
    if (list.at(index) !== element) continue;
    matches++;
    if (matches < rank) continue;
    if (count === -1) {
      reply.integer(index);
      return;
    }
    found.push(index);
    if (count !== 0 && found.length >= count) break;
  }
  if (count === -1) {
    reply.nullBulk();
    return;
  }
  reply.arrayHeader(found.length);
  for (const index of found) reply.integer(index);
}

// --- changing elements -----------------------------------------------------------------------

/** LSET key index element */
const lset = defineCommand({
  name: "lset",
  group: "list",
  summary: "Set the value of an element in a list by its index",
  since: "1.0.0",
  complexity:
    "O(N) where N is the length of the list. Setting either the first or the last element of the list is O(1).",
  flags: ["write", "denyoom"],
  keySpecs: [["RW", "UPDATE"]],
  args: { key: key(), index: readInRun(int("index")), element: bytes("element") },
  run(client, args) {
    const list = writeCollection(client, args.key, ListValue);
    if (list === undefined) client.reply.error(Errors.noSuchKey);
    if (list === undefined || list === null) return;
    let index = longOrReply(client, args.index);
    if (index === null) return;
    if (index < 0) index += list.length;
    if (index < 0 || index >= list.length) {
      client.reply.error(Errors.outOfRange);
      return;
    }
    list.set(index, keyFromBytes(args.element));
    client.reply.ok();
    client.written(args.key, "lset");
  },
});

/** LINSERT key BEFORE | AFTER pivot element */
const linsert = defineCommand({
  name: "linsert",
  group: "list",
  summary: "Insert an element before or after another element in a list",
  since: "2.2.0",
  complexity:
    "O(N) where N is the number of elements to traverse before seeing the value pivot. This means that inserting somewhere on the left end on the list (head) can be considered O(1) and inserting somewhere on the right end (tail) is O(N).",
  flags: ["write", "denyoom"],
  keySpecs: [["RW", "INSERT"]],
  args: {
    key: key(),
    where: required(oneOf("where", { before: token("BEFORE"), after: token("AFTER") })),
    pivot: bytes("pivot"),
    element: bytes("element"),
  },
  run(client, args) {
    const list = writeCollection(client, args.key, ListValue);
    if (list === undefined) client.reply.integer(0);
    if (list === undefined || list === null) return;
    const at = list.indexOf(keyFromBytes(args.pivot));
    if (at === -1) {
      client.reply.integer(-1);
      return;
    }
    list.insert(args.where.kind === "before" ? at : at + 1, keyFromBytes(args.element));
    client.written(args.key, "linsert");
    client.reply.integer(list.length);
  },
});

/** LREM key count element */
const lrem = defineCommand({
  name: "lrem",
  group: "list",
  summary: "Remove elements from a list",
  since: "1.0.0",
  complexity: "O(N+M) where N is the length of the list and M is the number of elements removed.",
  flags: ["write"],
  keySpecs: [["RW", "DELETE"]],
  args: { key: key(), count: int("count"), element: bytes("element") },
  run(client, args) {
    const slot = client.db.lookupWrite(args.key, client.nowMs);
    const list = collectionAt(client, slot, ListValue);
    if (list === undefined) client.reply.integer(0);
    if (list === undefined || list === null) return;
    // A negative count removes from the tail; |LONG_MIN| is past any list length anyway.
    const removed = list.remove(keyFromBytes(args.element), Math.abs(args.count), args.count < 0);
    if (removed > 0) client.written(args.key, "lrem", removed);
    deleteIfEmpty(client, args.key, slot, list.length);
    client.reply.integer(removed);
  },
});

/** LTRIM key start stop */
const ltrim = defineCommand({
  name: "ltrim",
  group: "list",
  summary: "Trim a list to the specified range",
  since: "1.0.0",
  complexity: "O(N) where N is the number of elements to be removed by the operation.",
  flags: ["write"],
  keySpecs: [["RW", "DELETE"]],
  args: { key: key(), start: int("start"), stop: int("stop") },
  run(client, args) {
    const slot = client.db.lookupWrite(args.key, client.nowMs);
    const list = collectionAt(client, slot, ListValue);
    if (list === undefined) client.reply.ok();
    if (list === undefined || list === null) return;
    const length = list.length;
    const first = rangeFirst(args.start, length);
    const last = rangeLast(args.stop, length);
    const fromHead = first > last ? length : first;
    const fromTail = first > last ? 0 : length - last - 1;
    list.trim(fromHead, fromTail);
    // Redis fires `ltrim` even when nothing was removed.
    client.written(args.key, "ltrim", fromHead + fromTail);
    deleteIfEmpty(client, args.key, slot, list.length);
    client.reply.ok();
  },
});

// --- moves between lists ---------------------------------------------------------------------

const MOVE_SPECS = [["RW", "ACCESS", "DELETE"], ["RW", "INSERT"]] as const;

/** lmoveGenericCommand: LMOVE and RPOPLPUSH. */
function lmoveGeneric(client: Client, sourceName: string, destinationName: string, from: ListEnd, to: ListEnd): void {
  const slot = client.db.lookupWrite(sourceName, client.nowMs);
  const source = collectionAt(client, slot, ListValue);
  if (source === undefined) client.reply.nullBulk();
  if (source === undefined || source === null) return;
  moveElement(client, slot, source, sourceName, destinationName, from, to);
}

/** LMOVE source destination LEFT | RIGHT LEFT | RIGHT */
const lmove = defineCommand({
  name: "lmove",
  group: "list",
  summary: "Pop an element from a list, push it to another list and return it",
  since: "6.2.0",
  complexity: "O(1)",
  flags: ["write", "denyoom"],
  keySpecs: MOVE_SPECS,
  args: { source: key("source"), destination: key("destination"), wherefrom: listEnd("wherefrom"), whereto: listEnd("whereto") },
  run(client, args) {
    lmoveGeneric(client, args.source, args.destination, endOf(args.wherefrom), endOf(args.whereto));
  },
});

/** RPOPLPUSH source destination */
const rpoplpush = defineCommand({
  name: "rpoplpush",
  group: "list",
  summary: "Remove the last element in a list, prepend it to another list and return it",
  since: "1.2.0",
  complexity: "O(1)",
  flags: ["write", "denyoom"],
  keySpecs: MOVE_SPECS,
  args: { source: key("source"), destination: key("destination") },
  run(client, args) {
    lmoveGeneric(client, args.source, args.destination, ListEnd.tail, ListEnd.head);
  },
});

// --- LMPOP -----------------------------------------------------------------------------------

/**
 * lmpopGenericCommand's and zmpopGenericCommand's COUNT, read after numkeys and the side as
 * Redis reads it: one COUNT (a second is a syntax error, as is any other word), at least 1
 * (getRangeLongFromObjectOrReply). Returns 1 without it, or null after replying. LMPOP, BLMPOP,
 * ZMPOP and BZMPOP share it.
 */
export function parseMpopCount(client: Client, words: readonly Uint8Array[]): number | null {
  let count = -1;
  for (let j = 0; j < words.length; j++) {
    if (count === -1 && j + 1 < words.length && isToken(words[j]!, "COUNT")) {
      const value = longValue(words[++j]!);
      if (value === null || value < 1) {
        client.reply.error(Errors.countNotPositive);
        return null;
      }
      count = value;
    } else {
      client.reply.error(Errors.syntax);
      return null;
    }
  }
  return count === -1 ? 1 : count;
}

/**
 * mpopGenericCommand and blockingPopGenericCommand's first try: pops from the first of `keys`
 * that holds a list — one element as `[key, element]` when `count` is -1 (BLPOP/BRPOP), else
 * `[key, [elements…]]`. Returns false when no key had one (nothing replied). On the first try a
 * key of another type stops the search with WRONGTYPE (checkType); for a blocked client Redis
 * serves only keys that hold lists, so `blocked` passes over other types and keeps waiting.
 */
function popFirst(client: Client, keys: readonly string[], where: ListEnd, count: number, blocked: boolean): boolean {
  for (const name of keys) {
    const slot = client.db.lookupWrite(name, client.nowMs);
    if (slot === -1) continue;
    const list = client.db.valueAt(slot);
    if (!(list instanceof ListValue)) {
      if (blocked) continue;
      client.reply.error(Errors.wrongType);
      return true;
    }
    if (count !== -1) {
      const popped = popWithKey(client, name, slot, list, where, count);
      client.propagateAs([POP_COMMAND[where], name, String(popped)]);
      return true;
    }
    client.reply.arrayHeader(2);
    client.reply.bulkLatin1(name);
    client.reply.bulkLatin1(list.pop(where));
    elementsRemoved(client, name, slot, list, where, 1);
    client.propagateAs([POP_COMMAND[where], name]);
    return true;
  }
  return false;
}

/**
 * LMPOP's arguments (BLMPOP's, after its timeout): numkeys and its keys (a count reaching past
 * the side's place is Redis's syntax error, `where_idx >= argc`), the side, then COUNT, read in
 * `run` since Redis rejects a repeated COUNT.
 */
function mpopArgs() {
  return {
    key: numkeysKeys({ notInteger: Errors.numkeysNotPositive, tooFew: Errors.numkeysNotPositive, tooMany: Errors.syntax }),
    where: listEnd("where"),
    count: restReadInRun(withToken("COUNT", int("count"))),
  };
}

/** LMPOP numkeys key [key ...] LEFT | RIGHT [COUNT count] */
const lmpop = defineCommand({
  name: "lmpop",
  group: "list",
  summary: "Pop elements from a list",
  since: "7.0.0",
  complexity: "O(N+M) where N is the number of provided keys and M is the number of elements returned.",
  flags: ["write"],
  keySpecs: [["RW", "ACCESS", "DELETE"]],
  args: mpopArgs(),
  run(client, args) {
    const count = parseMpopCount(client, args.count ?? []);
    if (count !== null && !popFirst(client, args.key, endOf(args.where), count, false)) client.reply.nullArray();
  },
});

// --- blocking commands -------------------------------------------------------------------------
//
// Each tries once as its non-blocking twin would; when every list is empty it waits in the
// server's blocking registry, which calls `serve` in blocking order whenever one of the keys
// is written, and replies nil arrays on timeout (and at once where the client may not block).

/** blockingPopGenericCommand: BLPOP, BRPOP (`count` -1) and BLMPOP. */
function blockingPop(client: Client, keys: readonly string[], deadlineMs: number, where: ListEnd, count: number): void {
  if (popFirst(client, keys, where, count, false)) return;
  client.server.blocking.block(client, keys, deadlineMs, (blocked, readyKey) =>
    popFirst(blocked, [readyKey], where, count, true),
  );
}

function defineBlockingPop(name: string, where: ListEnd, summary: string) {
  return defineCommand({
    name,
    group: "list",
    summary,
    since: "2.0.0",
    complexity: "O(N) where N is the number of provided keys.",
    flags: ["write", "noscript", "blocking"],
    keySpecs: [["RW", "ACCESS", "DELETE"]],
    args: { key: multiple(key()), timeout: readInRun(double("timeout")) },
    run(client, args) {
      const deadlineMs = readTimeout(client, args.timeout);
      if (deadlineMs !== null) blockingPop(client, args.key, deadlineMs, where, -1);
    },
  });
}

/** BLPOP key [key ...] timeout */
const blpop = defineBlockingPop("blpop", ListEnd.head, "Remove and get the first element in a list, or block until one is available");
/** BRPOP key [key ...] timeout */
const brpop = defineBlockingPop("brpop", ListEnd.tail, "Remove and get the last element in a list, or block until one is available");

/** BLMPOP timeout numkeys key [key ...] LEFT | RIGHT [COUNT count] */
const blmpop = defineCommand({
  name: "blmpop",
  group: "list",
  summary: "Pop elements from a list, or block until one is available",
  since: "7.0.0",
  complexity: "O(N+M) where N is the number of provided keys and M is the number of elements returned.",
  flags: ["write", "blocking"],
  keySpecs: [["RW", "ACCESS", "DELETE"]],
  args: { timeout: readInRun(double("timeout")), ...mpopArgs() },
  run(client, args) {
    // lmpopGenericCommand checks numkeys, the side and COUNT before the timeout.
    const count = parseMpopCount(client, args.count ?? []);
    if (count === null) return;
    const deadlineMs = readTimeout(client, args.timeout);
    if (deadlineMs !== null) blockingPop(client, args.key, deadlineMs, endOf(args.where), count);
  },
});

/**
 * blmoveGenericCommand: BLMOVE and BRPOPLPUSH. A source holding a list moves at once; an
 * absent one blocks, or where the client may not block answers a nil *bulk* at once (Redis's
 * addReplyNull there, though a timed-out wait answers a nil array).
 */
function blmoveGeneric(
  client: Client,
  twin: "LMOVE" | "RPOPLPUSH",
  sourceName: string,
  destinationName: string,
  from: ListEnd,
  to: ListEnd,
  timeout: Uint8Array,
): void {
  const deadlineMs = readTimeout(client, timeout);
  if (deadlineMs === null) return;
  const slot = client.db.lookupWrite(sourceName, client.nowMs);
  const source = collectionAt(client, slot, ListValue);
  if (source === null) return;
  // Replayed as its non-blocking twin: at once with the same words less the timeout
  // (rewriteClientCommandVector); once served, BLMOVE's sides as Redis's own lower-case words.
  if (source !== undefined) {
    moveElement(client, slot, source, sourceName, destinationName, from, to);
    client.propagateAs([twin, ...client.argv.slice(1, -1)]);
    return;
  }
  const servedReplay =
    twin === "LMOVE" ? [twin, sourceName, destinationName, SIDE_WORD[from], SIDE_WORD[to]] : [twin, sourceName, destinationName];
  if (client.denyBlocking) {
    client.reply.nullBulk();
    return;
  }
  client.server.blocking.block(client, [sourceName], deadlineMs, (blocked) => {
    const sourceSlot = blocked.db.lookupWrite(sourceName, blocked.nowMs);
    if (sourceSlot === -1) return false;
    const list = blocked.db.valueAt(sourceSlot);
    if (!(list instanceof ListValue)) return false;
    // A destination of another type answers WRONGTYPE and ends the wait, as in Redis.
    moveElement(blocked, sourceSlot, list, sourceName, destinationName, from, to);
    blocked.propagateAs(servedReplay);
    return true;
  });
}

/** BLMOVE source destination LEFT | RIGHT LEFT | RIGHT timeout */
const blmove = defineCommand({
  name: "blmove",
  group: "list",
  summary: "Pop an element from a list, push it to another list and return it; or block until one is available",
  since: "6.2.0",
  complexity: "O(1)",
  flags: ["write", "denyoom", "noscript", "blocking"],
  keySpecs: MOVE_SPECS,
  args: {
    source: key("source"),
    destination: key("destination"),
    wherefrom: listEnd("wherefrom"),
    whereto: listEnd("whereto"),
    timeout: readInRun(double("timeout")),
  },
  run(client, args) {
    blmoveGeneric(client, "LMOVE", args.source, args.destination, endOf(args.wherefrom), endOf(args.whereto), args.timeout);
  },
});

/** BRPOPLPUSH source destination timeout */
const brpoplpush = defineCommand({
  name: "brpoplpush",
  group: "list",
  summary: "Pop an element from a list, push it to another list and return it; or block until one is available",
  since: "2.2.0",
  complexity: "O(1)",
  flags: ["write", "denyoom", "noscript", "blocking"],
  keySpecs: MOVE_SPECS,
  args: { source: key("source"), destination: key("destination"), timeout: readInRun(double("timeout")) },
  run(client, args) {
    blmoveGeneric(client, "RPOPLPUSH", args.source, args.destination, ListEnd.tail, ListEnd.head, args.timeout);
  },
});

export const listCommands: readonly Command[] = [
  lpush, rpush, lpushx, rpushx, lpop, rpop, llen, lrange, lindex, lpos, lset, linsert, lrem, ltrim,
  lmove, rpoplpush, lmpop, blpop, brpop, blmpop, blmove, brpoplpush,
];
