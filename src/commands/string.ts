// String commands (Redis's t_string.c): GET, SET and its variants, MGET/MSET, GETEX/GETDEL,
// counters (INCR…, INCRBYFLOAT), APPEND, ranges (GETRANGE, SETRANGE) and LCS. Values are
// stored through the keyspace's string helpers (slab-backed, with Redis's int/embstr/raw
// encodings); a key holding another type answers WRONGTYPE.

import { Errors, invalidExpireTime } from "../protocol/errors.ts";
import type { Client } from "../server/client.ts";
import { latin1Bytes } from "../store/latin1.ts";
import { formatInt, incrByFloat, parseInt64, parseSafeInt, writeSafeInt } from "../store/numbers.ts";
import { EMBSTR_SIZE_LIMIT, StringEncoding, isString, type StoredValue } from "../store/keyspace.ts";
import { block, bytes, double, int, int64, isToken, key, multiple, oneOf, readInRun, token, withToken } from "./args.ts";
import { defineCommand, type Command } from "./define.ts";

const LLONG_MAX = 9223372036854775807n;
const LLONG_MIN = -9223372036854775808n;
/** The empty string (a missing key, for GETRANGE and LCS). */
const EMPTY = new Uint8Array(0);

// --- shared helpers ---------------------------------------------------------------------------

/**
 * lookupKey* + checkType(OBJ_STRING): the string in `slot`, undefined when the key is absent
 * (slot -1), or null after replying WRONGTYPE.
 */
function stringAt(client: Client, slot: number): number | Uint8Array | undefined | null {
  if (slot === -1) return undefined;
  const value = client.db.valueAt(slot);
  if (isString(value)) return value;
  client.reply.error(Errors.wrongType);
  return null;
}

/** A bulk reply with bytes [start, end) of a stored string, copied straight from its slab chunk. */
function replyStringRange(client: Client, value: number | Uint8Array, start: number, end: number): void {
  if (typeof value === "number") {
    const slab = client.server.keyspace.slab;
    const offset = slab.offsetOf(value);
    client.reply.bulkRange(slab.chunkOf(value), offset + start, offset + end);
  } else {
    client.reply.bulkRange(value, start, end);
  }
}

function replyString(client: Client, value: number | Uint8Array): void {
  replyStringRange(client, value, 0, client.server.keyspace.stringLength(value));
}

/** What lookupStringOrReply returns after replying WRONGTYPE (-1 is an absent key, as slots say). */
const WRONG_TYPE = -2;

/**
 * lookupKeyReadOrReply(nil) + checkType: the slot of the string at `name`, or -1 after
 * replying nil (absent), or WRONG_TYPE after replying WRONGTYPE.
 */
function lookupStringOrReply(client: Client, name: string): number {
  const slot = client.db.lookupRead(name, client.nowMs);
  const value = stringAt(client, slot);
  if (value === undefined) client.reply.nullBulk();
  return value === null ? WRONG_TYPE : slot;
}

/** The string in a slot lookupStringOrReply returned. */
function stringIn(client: Client, slot: number): number | Uint8Array {
  return client.db.valueAt(slot) as number | Uint8Array;
}

/** getGenericCommand: reply with the string at `name`, nil if absent. Returns false on WRONGTYPE. */
function replyWithString(client: Client, name: string): boolean {
  const slot = lookupStringOrReply(client, name);
  if (slot >= 0) replyString(client, stringIn(client, slot));
  return slot !== WRONG_TYPE;
}

/** dbAdd when `slot` is -1 (absent), else dbOverwrite, which keeps the key's TTL. */
function storeAt(client: Client, name: string, slot: number, value: StoredValue): void {
  if (slot === -1) client.db.add(name, value, client.nowMs);
  else client.db.replaceValue(slot, value);
}

/** checkStringLength: a string may not grow past proto-max-bulk-len. */
function withinBulkLimit(client: Client, length: number): boolean {
  if (length <= client.server.config.values["proto-max-bulk-len"]) return true;
  client.reply.error(Errors.stringTooLong);
  return false;
}


// --- expiry ----------------------------------------------------------------------------------

type ExpireKind = "ex" | "px" | "exat" | "pxat";

/**
 * The timed alternatives shared by SET's and GETEX's `expiration` argument. Redis reads the
 * number only after the whole argument list passed its syntax check, so `run` parses it: a
 * bad number never hides an error Redis reports first.
 */
function timedExpiration() {
  return {
    ex: withToken("EX", readInRun(int("seconds"))),
    px: withToken("PX", readInRun(int("milliseconds"))),
    exat: withToken("EXAT", readInRun(int("unix-time-seconds", { type: "unix-time" }))),
    pxat: withToken("PXAT", readInRun(int("unix-time-milliseconds", { type: "unix-time" }))),
  };
}

/**
 * getExpireMillisecondsOrReply: an expire argument of SET/SETEX/PSETEX/GETEX as an absolute
 * deadline in ms, or null after replying. Zero or negative amounts, and amounts whose deadline
 * would pass LLONG_MAX, are Redis's `invalid expire time`; a deadline in the past is fine.
 */
function expireDeadline(client: Client, kind: ExpireKind, amount: Uint8Array, command: string): number | null {
  const seconds = kind === "ex" || kind === "exat";
  const relative = kind === "ex" || kind === "px";
  // Below 2^53, even seconds * 1000 + now stays far from LLONG_MAX: nothing can overflow.
  const small = parseSafeInt(amount);
  if (small !== null) {
    if (small > 0) return small * (seconds ? 1000 : 1) + (relative ? client.nowMs : 0);
    client.reply.error(invalidExpireTime(command));
    return null;
  }
  const big = parseInt64(amount);
  if (big === null) {
    client.reply.error(Errors.notInteger);
    return null;
  }
  let deadline = seconds ? big * 1000n : big;
  if (relative) deadline += BigInt(client.nowMs);
  if (big <= 0n || (seconds && big > LLONG_MAX / 1000n) || deadline > LLONG_MAX) {
    client.reply.error(invalidExpireTime(command));
    return null;
  }
  return Number(deadline);
}

// --- GET / SET and variants ------------------------------------------------------------------

/** GET key */
const get = defineCommand({
  name: "get",
  group: "string",
  summary: "Get the value of a key",
  since: "1.0.0",
  complexity: "O(1)",
  flags: ["readonly", "fast"],
  keySpecs: [["RO", "ACCESS"]],
  args: { key: key() },
  run(client, args) {
    replyWithString(client, args.key);
  },
});

/** setGenericCommand's flags (OBJ_SET_NX, OBJ_SET_XX, OBJ_SET_GET, OBJ_KEEPTTL). */
const SetFlag = { none: 0, nx: 1, xx: 2, get: 4, keepTtl: 8 } as const;

/**
 * setGenericCommand: store `value` at `name` unless NX/XX forbid it; with GET, reply with the
 * old value first. Returns whether the key was set, or null after an error reply. The caller
 * replies otherwise (OK, :1, nil… differ per command).
 */
function setGeneric(client: Client, name: string, value: Uint8Array, flags: number, deadlineMs: number): boolean | null {
  if (flags & SetFlag.get && !replyWithString(client, name)) return null;
  const db = client.db;
  const existing = db.lookupWrite(name, client.nowMs);
  if ((flags & SetFlag.nx && existing !== -1) || (flags & SetFlag.xx && existing === -1)) return false;
  const stored = client.server.keyspace.storeStringAuto(value);
  let slot = existing;
  if (existing === -1) {
    slot = db.add(name, stored, client.nowMs);
  } else {
    db.replaceValue(slot, stored);
    if (!(flags & SetFlag.keepTtl)) db.removeExpire(slot);
  }
  client.written(name, "set");
  if (deadlineMs !== 0) {
    db.setExpire(slot, deadlineMs);
    client.written(name, "expire", 0);
    // A relative or second-based TTL replays as the same absolute deadline.
    client.propagateAs(["SET", name, value, "PXAT", String(deadlineMs)]);
  }
  return true;
}

/** SET key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL] */
const set = defineCommand({
  name: "set",
  group: "string",
  summary: "Set the string value of a key",
  since: "1.0.0",
  complexity: "O(1)",
  flags: ["write", "denyoom"],
  keySpecs: [["RW", "ACCESS", "UPDATE", "VARIABLE_FLAGS"]],
  args: {
    key: key(),
    value: bytes("value"),
    condition: oneOf("condition", { nx: token("NX"), xx: token("XX") }),
    get: token("GET"),
    expiration: oneOf("expiration", { ...timedExpiration(), keepttl: token("KEEPTTL") }),
  },
  run(client, { key: name, value, condition, get: returnOld, expiration }) {
    let flags: number = condition === undefined ? SetFlag.none : SetFlag[condition.kind];
    if (returnOld) flags |= SetFlag.get;
    let deadlineMs = 0;
    if (expiration?.kind === "keepttl") {
      flags |= SetFlag.keepTtl;
    } else if (expiration !== undefined) {
      const deadline = expireDeadline(client, expiration.kind, expiration.value, "set");
      if (deadline === null) return;
      deadlineMs = deadline;
    }
    const done = setGeneric(client, name, value, flags, deadlineMs);
    // Propagated without its GET words (any at index 3 or later), which replay has no use for.
    if (done === true && returnOld && deadlineMs === 0) {
      client.propagateAs(client.argv.filter((word, i) => i < 3 || !isToken(word, "GET")));
    }
    if (done === null || returnOld) return;
    if (done) client.reply.ok();
    else client.reply.nullBulk();
  },
});

/** SETNX key value */
const setnx = defineCommand({
  name: "setnx",
  group: "string",
  summary: "Set the value of a key, only if the key does not exist",
  since: "1.0.0",
  complexity: "O(1)",
  flags: ["write", "denyoom", "fast"],
  keySpecs: [["OW", "INSERT"]],
  args: { key: key(), value: bytes("value") },
  run(client, { key: name, value }) {
    client.reply.integer(setGeneric(client, name, value, SetFlag.nx, 0) ? 1 : 0);
  },
});

/** SETEX key seconds value  ·  PSETEX key milliseconds value */
function defineSetWithExpire(name: "setex" | "psetex", kind: "ex" | "px") {
  const seconds = kind === "ex";
  return defineCommand({
    name,
    group: "string",
    summary: seconds ? "Set the value and expiration of a key" : "Set the value and expiration in milliseconds of a key",
    since: seconds ? "2.0.0" : "2.6.0",
    complexity: "O(1)",
    flags: ["write", "denyoom"],
    keySpecs: [["OW", "UPDATE"]],
    args: { key: key(), amount: readInRun(int(seconds ? "seconds" : "milliseconds")), value: bytes("value") },
    run(client, { key: keyName, amount, value }) {
      const deadline = expireDeadline(client, kind, amount, name);
      if (deadline === null) return;
      setGeneric(client, keyName, value, SetFlag.none, deadline);
      client.reply.ok();
    },
  });
}

/** GETSET key value */
const getset = defineCommand({
  name: "getset",
  group: "string",
  summary: "Set the string value of a key and return its old value",
  since: "1.0.0",
  complexity: "O(1)",
  flags: ["write", "denyoom", "fast"],
  keySpecs: [["RW", "ACCESS", "UPDATE"]],
  args: { key: key(), value: bytes("value") },
  run(client, { key: name, value }) {
    // getsetCommand propagates as SET.
    if (setGeneric(client, name, value, SetFlag.get, 0) === true) client.propagateAs(["SET", ...client.argv.slice(1)]);
  },
});

/** GETDEL key */
const getdel = defineCommand({
  name: "getdel",
  group: "string",
  summary: "Get the value of a key and delete the key",
  since: "6.2.0",
  complexity: "O(1)",
  flags: ["write", "fast"],
  keySpecs: [["RW", "ACCESS", "DELETE"]],
  args: { key: key() },
  run(client, { key: name }) {
    const slot = lookupStringOrReply(client, name);
    if (slot < 0) return;
    replyString(client, stringIn(client, slot));
    client.db.deleteSlot(slot);
    client.written(name, "del");
    client.propagateAs(["DEL", name]);
  },
});

/** GETEX key [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | PERSIST] */
const getex = defineCommand({
  name: "getex",
  group: "string",
  summary: "Get the value of a key and optionally set its expiration",
  since: "6.2.0",
  complexity: "O(1)",
  flags: ["write", "fast"],
  keySpecs: [["RW", "ACCESS", "UPDATE"]],
  args: {
    key: key(),
    expiration: oneOf("expiration", { ...timedExpiration(), persist: token("PERSIST") }),
  },
  run(client, { key: name, expiration }) {
    const slot = lookupStringOrReply(client, name);
    if (slot < 0) return;
    // Redis validates the expire value only once it knows the key holds a string.
    let deadlineMs = 0;
    if (expiration !== undefined && expiration.kind !== "persist") {
      const deadline = expireDeadline(client, expiration.kind, expiration.value, "getex");
      if (deadline === null) return;
      deadlineMs = deadline;
    }
    replyString(client, stringIn(client, slot));
    if (expiration === undefined) return;
    const db = client.db;
    // Each replays as the plain command for what it did.
    if (expiration.kind === "persist") {
      if (db.removeExpire(slot)) client.written(name, "persist");
      client.propagateAs(["PERSIST", name]);
    } else if ((expiration.kind === "exat" || expiration.kind === "pxat") && deadlineMs <= client.nowMs) {
      // An absolute deadline already past deletes the key now (checkAlreadyExpired).
      db.deleteSlot(slot);
      client.written(name, "del");
      client.propagateAs(["DEL", name]);
    } else {
      db.setExpire(slot, deadlineMs);
      client.written(name, "expire");
      client.propagateAs(["PEXPIREAT", name, String(deadlineMs)]);
    }
  },
});

// --- many keys -------------------------------------------------------------------------------

/** MGET key [key ...] */
const mget = defineCommand({
  name: "mget",
  group: "string",
  summary: "Get the values of all the given keys",
  since: "1.0.0",
  complexity: "O(N) where N is the number of keys to retrieve.",
  flags: ["readonly", "fast"],
  keySpecs: [["RO", "ACCESS"]],
  tips: ["request_policy:multi_shard"],
  args: { keys: multiple(key()) },
  run(client, { keys }) {
    const db = client.db;
    client.reply.arrayHeader(keys.length);
    for (const name of keys) {
      const slot = db.lookupRead(name, client.nowMs);
      const value = slot === -1 ? undefined : db.valueAt(slot);
      // A key of another type reads as nil here, not as an error.
      if (value !== undefined && isString(value)) replyString(client, value);
      else client.reply.nullBulk();
    }
  },
});

/** MSET key value [key value ...]  ·  MSETNX key value [key value ...] */
function defineMultiSet(name: "mset" | "msetnx") {
  const nx = name === "msetnx";
  return defineCommand({
    name,
    group: "string",
    summary: nx ? "Set multiple keys to multiple values, only if none of the keys exist" : "Set multiple keys to multiple values",
    since: "1.0.1",
    complexity: "O(N) where N is the number of keys to set.",
    flags: ["write", "denyoom"],
    keySpecs: [nx ? ["OW", "INSERT"] : ["OW", "UPDATE"]],
    tips: ["request_policy:multi_shard", nx ? "response_policy:agg_min" : "response_policy:all_succeeded"],
    args: { pairs: multiple(block("key_value", { key: key(), value: bytes("value") })) },
    run(client, { pairs }) {
      const db = client.db;
      // MSETNX sets nothing when any key exists.
      if (nx && pairs.some((pair) => db.lookupWrite(pair.key, client.nowMs) !== -1)) {
        client.reply.integer(0);
        return;
      }
      const keyspace = client.server.keyspace;
      for (const pair of pairs) {
        db.set(pair.key, keyspace.storeStringAuto(pair.value), client.nowMs);
        client.written(pair.key, "set");
      }
      if (nx) client.reply.integer(1);
      else client.reply.ok();
    },
  });
}

// --- counters --------------------------------------------------------------------------------

/**
 * incrDecrCommand: add `delta` to the integer at `name` (0 when absent), keeping its TTL, and
 * reply with the result. Safe integers take the fast path; the rest is exact 64-bit arithmetic.
 */
function incrementBy(client: Client, name: string, delta: number | bigint): void {
  const db = client.db;
  const keyspace = client.server.keyspace;
  const slot = db.lookupWrite(name, client.nowMs);
  const old = stringAt(client, slot);
  if (old === null) return;
  const small = old === undefined ? 0 : keyspace.stringSafeInt(old);
  let result: number | bigint;
  if (small !== null && typeof delta === "number" && Number.isSafeInteger(small + delta)) {
    result = small + delta;
  } else {
    const current = old === undefined ? 0n : parseInt64(keyspace.stringBytes(old));
    if (current === null) {
      client.reply.error(Errors.notInteger);
      return;
    }
    const sum = current + BigInt(delta);
    if (sum > LLONG_MAX || sum < LLONG_MIN) {
      client.reply.error(Errors.overflow);
      return;
    }
    result = sum;
  }
  const resultBytes = typeof result === "number" ? resultDigitViews[writeSafeInt(resultDigits, 0, result)]! : latin1Bytes(formatInt(result));
  if (slot === -1) db.add(name, keyspace.storeString(resultBytes, StringEncoding.int), client.nowMs);
  else db.rewriteString(slot, resultBytes, StringEncoding.int);
  client.written(name, "incrby");
  client.reply.integer(result);
}

/**
 * Scratch room for a counter's digits (the keyspace copies them into the slab), with a view of
 * each length made once: a view per INCR would cost more than the digits.
 */
const resultDigits = new Uint8Array(20);
const resultDigitViews = Array.from({ length: resultDigits.length + 1 }, (_, length) => resultDigits.subarray(0, length));

/** A bigint increment as a number when it is exact as one (the fast path's currency). */
function narrow(delta: bigint): number | bigint {
  return delta >= -9007199254740991n && delta <= 9007199254740991n ? Number(delta) : delta;
}

/** INCR key  ·  DECR key */
function defineStep(name: "incr" | "decr") {
  const up = name === "incr";
  return defineCommand({
    name,
    group: "string",
    summary: up ? "Increment the integer value of a key by one" : "Decrement the integer value of a key by one",
    since: "1.0.0",
    complexity: "O(1)",
    flags: ["write", "denyoom", "fast"],
    keySpecs: [["RW", "ACCESS", "UPDATE"]],
    args: { key: key() },
    run(client, { key: keyName }) {
      incrementBy(client, keyName, up ? 1 : -1);
    },
  });
}

/** INCRBY key increment */
const incrby = defineCommand({
  name: "incrby",
  group: "string",
  summary: "Increment the integer value of a key by the given amount",
  since: "1.0.0",
  complexity: "O(1)",
  flags: ["write", "denyoom", "fast"],
  keySpecs: [["RW", "ACCESS", "UPDATE"]],
  args: { key: key(), increment: int64("increment") },
  run(client, { key: name, increment }) {
    incrementBy(client, name, narrow(increment));
  },
});

/** DECRBY key decrement */
const decrby = defineCommand({
  name: "decrby",
  group: "string",
  summary: "Decrement the integer value of a key by the given number",
  since: "1.0.0",
  complexity: "O(1)",
  flags: ["write", "denyoom", "fast"],
  keySpecs: [["RW", "ACCESS", "UPDATE"]],
  args: { key: key(), decrement: int64("decrement") },
  run(client, { key: name, decrement }) {
    // Negating LLONG_MIN has no 64-bit result: Redis refuses before looking at the key.
    if (decrement === LLONG_MIN) {
      client.reply.error(Errors.decrementOverflow);
      return;
    }
    incrementBy(client, name, narrow(-decrement));
  },
});

/** INCRBYFLOAT key increment */
const incrbyfloat = defineCommand({
  name: "incrbyfloat",
  group: "string",
  summary: "Increment the float value of a key by the given amount",
  since: "2.6.0",
  complexity: "O(1)",
  flags: ["write", "denyoom", "fast"],
  keySpecs: [["RW", "ACCESS", "UPDATE"]],
  // Redis checks the key's type before it reads the increment.
  args: { key: key(), increment: readInRun(double("increment")) },
  run(client, { key: name, increment }) {
    const db = client.db;
    const keyspace = client.server.keyspace;
    const slot = db.lookupWrite(name, client.nowMs);
    const old = stringAt(client, slot);
    if (old === null) return;
    // Long double arithmetic and "%.17Lf" formatting, as x86 Redis computes it.
    const outcome = incrByFloat(old === undefined ? null : keyspace.stringBytes(old), increment);
    if (!outcome.ok) {
      client.reply.error(outcome.error === "notfloat" ? Errors.notFloat : Errors.nanOrInfinity);
      return;
    }
    // createStringObjectFromLongDouble: never `int`, embstr when short.
    const text = latin1Bytes(outcome.result);
    const stored = keyspace.storeString(text, text.length <= EMBSTR_SIZE_LIMIT ? StringEncoding.embstr : StringEncoding.raw);
    storeAt(client, name, slot, stored);
    client.written(name, "incrbyfloat");
    // Replay sets the result: float arithmetic need not give the same digits everywhere.
    client.propagateAs(["SET", name, outcome.result, "KEEPTTL"]);
    client.reply.bulk(text);
  },
});

// --- APPEND, STRLEN, ranges ------------------------------------------------------------------

/** APPEND key value */
const append = defineCommand({
  name: "append",
  group: "string",
  summary: "Append a value to a key",
  since: "2.0.0",
  complexity:
    "O(1). The amortized time complexity is O(1) assuming the appended value is small and the already present value is of any size, since the dynamic string library used by Redis will double the free space available on every reallocation.",
  flags: ["write", "denyoom", "fast"],
  keySpecs: [["RW", "INSERT"]],
  args: { key: key(), value: bytes("value") },
  run(client, { key: name, value }) {
    const db = client.db;
    const keyspace = client.server.keyspace;
    const slot = db.lookupWrite(name, client.nowMs);
    const old = stringAt(client, slot);
    if (old === null) return;
    let length = value.length;
    if (old === undefined) {
      // A new key stores the argument as SET would (int/embstr/raw).
      db.add(name, keyspace.storeStringAuto(value), client.nowMs);
    } else {
      const oldLength = keyspace.stringLength(old);
      length += oldLength;
      if (!withinBulkLimit(client, length)) return;
      const grown = keyspace.writableString(old, length);
      grown.set(value, oldLength);
      db.replaceValue(slot, keyspace.storeWritten(grown));
    }
    client.written(name, "append");
    client.reply.integer(length);
  },
});

/** STRLEN key */
const strlen = defineCommand({
  name: "strlen",
  group: "string",
  summary: "Get the length of the value stored in a key",
  since: "2.2.0",
  complexity: "O(1)",
  flags: ["readonly", "fast"],
  keySpecs: [["RO"]],
  args: { key: key() },
  run(client, { key: name }) {
    const value = stringAt(client, client.db.lookupRead(name, client.nowMs));
    if (value === null) return;
    client.reply.integer(value === undefined ? 0 : client.server.keyspace.stringLength(value));
  },
});

/** GETRANGE key start end  ·  SUBSTR key start end (its deprecated twin) */
function defineGetRange(name: "getrange" | "substr") {
  return defineCommand({
    name,
    group: "string",
    summary: "Get a substring of the string stored at a key",
    since: name === "getrange" ? "2.4.0" : "1.0.0",
    complexity:
      "O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.",
    flags: ["readonly"],
    keySpecs: [["RO", "ACCESS"]],
    args: { key: key(), start: int("start"), end: int("end") },
    run(client, { key: keyName, start, end }) {
      const value = stringAt(client, client.db.lookupRead(keyName, client.nowMs));
      if (value === null) return;
      // A missing key reads as "". Negative indexes count from the end; both negative and
      // crossed is empty outright.
      const length = value === undefined ? 0 : client.server.keyspace.stringLength(value);
      const first = Math.max(0, start < 0 ? length + start : start);
      const last = Math.min(length - 1, Math.max(0, end < 0 ? length + end : end));
      if (value === undefined || (start < 0 && end < 0 && start > end) || first > last) client.reply.bulk(EMPTY);
      else replyStringRange(client, value, first, last + 1);
    },
  });
}

/** SETRANGE key offset value */
const setrange = defineCommand({
  name: "setrange",
  group: "string",
  summary: "Overwrite part of a string at key starting at the specified offset",
  since: "2.2.0",
  complexity:
    "O(1), not counting the time taken to copy the new string in place. Usually, this string is very small so the amortized complexity is O(1). Otherwise, complexity is O(M) with M being the length of the value argument.",
  flags: ["write", "denyoom"],
  keySpecs: [["RW", "UPDATE"]],
  args: { key: key(), offset: int("offset"), value: bytes("value") },
  run(client, { key: name, offset, value }) {
    if (offset < 0) {
      client.reply.error(Errors.offsetOutOfRange);
      return;
    }
    const db = client.db;
    const keyspace = client.server.keyspace;
    const slot = db.lookupWrite(name, client.nowMs);
    const old = stringAt(client, slot);
    if (old === null) return;
    const oldLength = old === undefined ? 0 : keyspace.stringLength(old);
    // Writing nothing changes nothing (and creates no key): reply with the current length.
    if (value.length === 0) {
      client.reply.integer(oldLength);
      return;
    }
    if (!withinBulkLimit(client, offset + value.length)) return;
    const length = Math.max(oldLength, offset + value.length);
    // The result is always `raw` (dbUnshareStringValue, or a fresh sds for a new key).
    const written = old === undefined ? new Uint8Array(length) : keyspace.writableString(old, length);
    written.set(value, offset);
    storeAt(client, name, slot, keyspace.storeWritten(written));
    client.written(name, "setrange");
    client.reply.integer(length);
  },
});

// --- LCS -------------------------------------------------------------------------------------

/** One run of consecutive matching bytes, as LCS … IDX reports it (inclusive ranges). */
interface LcsMatch {
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
}

/**
 * lcsCommand's walk back through the DP table (table[i*(blen+1)+j] = LCS length of a[0,i),
 * b[0,j)): the subsequence itself and its runs, last run first, with Redis's tie-breaking so
 * the same runs come out.
 */
function walkLcs(a: Uint8Array, b: Uint8Array, table: Uint32Array): { text: Uint8Array; matches: LcsMatch[] } {
  const width = b.length + 1;
  let k = table[a.length * width + b.length]!;
  const text = new Uint8Array(k);
  const matches: LcsMatch[] = [];
  let current: LcsMatch | undefined;
  let i = a.length;
  let j = b.length;
  while (i > 0 && j > 0) {
    let emit = false;
    if (a[i - 1] === b[j - 1]) {
      text[--k] = a[i - 1]!;
      if (current === undefined) {
        current = { aStart: i - 1, aEnd: i - 1, bStart: j - 1, bEnd: j - 1 };
      } else if (current.aStart === i && current.bStart === j) {
        current.aStart--;
        current.bStart--;
      } else {
        emit = true;
      }
      // A run touching the start of either string is the last one: emit it now.
      if (current.aStart === 0 || current.bStart === 0) emit = true;
      i--;
      j--;
    } else {
      if (table[(i - 1) * width + j]! > table[i * width + j - 1]!) i--;
      else j--;
      if (current !== undefined) emit = true;
    }
    if (emit && current !== undefined) {
      matches.push(current);
      current = undefined;
    }
  }
  return { text, matches };
}

/** LCS key1 key2 [LEN] [IDX] [MINMATCHLEN min-match-len] [WITHMATCHLEN] */
const lcs = defineCommand({
  name: "lcs",
  group: "string",
  summary: "Find longest common substring",
  since: "7.0.0",
  complexity: "O(N*M) where N and M are the lengths of s1 and s2, respectively",
  flags: ["readonly"],
  // Equal flags on the two adjacent keys give Redis's single range spec (index 1, lastkey 1).
  keySpecs: [["RO", "ACCESS"], ["RO", "ACCESS"]],
  args: {
    key1: key("key1"),
    key2: key("key2"),
    len: token("LEN"),
    idx: token("IDX"),
    minMatchLen: withToken("MINMATCHLEN", int("len")),
    withMatchLen: token("WITHMATCHLEN"),
  },
  run(client, { key1, key2, len: wantLen, idx: wantIdx, minMatchLen = 0, withMatchLen }) {
    const db = client.db;
    const keyspace = client.server.keyspace;
    const first = db.lookupRead(key1, client.nowMs);
    const second = db.lookupRead(key2, client.nowMs);
    const valueA = first === -1 ? undefined : db.valueAt(first);
    const valueB = second === -1 ? undefined : db.valueAt(second);
    if ((valueA !== undefined && !isString(valueA)) || (valueB !== undefined && !isString(valueB))) {
      client.reply.error(Errors.lcsNotStrings);
      return;
    }
    if (wantLen && wantIdx) {
      client.reply.error(Errors.lcsLenAndIdx);
      return;
    }
    const a = valueA === undefined ? EMPTY : keyspace.stringBytes(valueA);
    const b = valueB === undefined ? EMPTY : keyspace.stringBytes(valueB);
    const cells = (a.length + 1) * (b.length + 1);
    if (cells * 4 > client.server.config.values["proto-max-bulk-len"]) {
      client.reply.error(Errors.lcsTooMuchMemory);
      return;
    }
    let table: Uint32Array;
    try {
      table = new Uint32Array(cells);
    } catch {
      client.reply.error(Errors.lcsAllocationFailed);
      return;
    }
    const width = b.length + 1;
    for (let i = 1; i <= a.length; i++) {
      const row = i * width;
      const above = row - width;
      const byte = a[i - 1];
      for (let j = 1; j <= b.length; j++) {
        if (byte === b[j - 1]) table[row + j] = table[above + j - 1]! + 1;
        else table[row + j] = Math.max(table[above + j]!, table[row + j - 1]!);
      }
    }
    const total = table[a.length * width + b.length]!;
    if (wantLen && !wantIdx) {
      client.reply.integer(total);
      return;
    }
    const { text, matches } = walkLcs(a, b, table);
    if (!wantIdx) {
      client.reply.bulk(text);
      return;
    }
    const shown = matches.filter((m) => m.aEnd - m.aStart + 1 >= minMatchLen);
    const reply = client.reply;
    reply.mapHeader(2);
    reply.bulkLatin1("matches");
    reply.arrayHeader(shown.length);
    for (const m of shown) {
      reply.arrayHeader(withMatchLen ? 3 : 2);
      reply.arrayHeader(2);
      reply.integer(m.aStart);
      reply.integer(m.aEnd);
      reply.arrayHeader(2);
      reply.integer(m.bStart);
      reply.integer(m.bEnd);
      if (withMatchLen) reply.integer(m.aEnd - m.aStart + 1);
    }
    reply.bulkLatin1("len");
    reply.integer(total);
  },
});

export const stringCommands: Command[] = [
  get,
  set,
  setnx,
  defineSetWithExpire("setex", "ex"),
  defineSetWithExpire("psetex", "px"),
  getset,
  getdel,
  getex,
  mget,
  defineMultiSet("mset"),
  defineMultiSet("msetnx"),
  defineStep("incr"),
  defineStep("decr"),
  incrby,
  decrby,
  incrbyfloat,
  append,
  strlen,
  defineGetRange("getrange"),
  defineGetRange("substr"),
  setrange,
  lcs,
];
