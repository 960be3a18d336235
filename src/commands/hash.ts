// The hash commands (Redis's t_hash.c): HSET/HMSET/HSETNX, HGET/HMGET, HGETALL/HKEYS/HVALS,
// HDEL, HLEN, HEXISTS, HSTRLEN, HINCRBY/HINCRBYFLOAT, HRANDFIELD and HSCAN. Values are
// HashValue (src/store/types/hash.ts): `listpack` in insertion order until a field, a value or
// the entry count passes its hash-max-listpack-* setting, then `hashtable` for good.

import { Errors, valueOutOfRange } from "../protocol/errors.ts";
import type { Client } from "../server/client.ts";
import { hincrByFloat, parseInt64 } from "../store/numbers.ts";
import { HashValue, type ListpackLimits } from "../store/types/hash.ts";
import {
  block,
  bytes,
  double,
  int,
  int64,
  isCToken,
  key,
  keyFromBytes,
  multiple,
  optional,
  readInRun,
  restReadInRun,
  text,
  token,
} from "./args.ts";
import { defineCommand, type Command } from "./define.ts";
import { readCollection, removeMembers, writeCollection } from "./lookup.ts";
import { defineCollectionScan, scanSlots } from "./scan.ts";

const LLONG_MAX = 9223372036854775807n;
const LLONG_MIN = -9223372036854775808n;
/** LONG_MAX: HRANDFIELD's count is read in [-LONG_MAX, LONG_MAX]. */
const LONG_MAX = LLONG_MAX;

// --- shared helpers ---------------------------------------------------------------------------

/** hashTypeLookupWriteOrCreate: the hash at `name`, added empty when absent; null after WRONGTYPE. */
function hashForWrite(client: Client, name: string): HashValue | null {
  const found = writeCollection(client, name, HashValue);
  if (found !== undefined) return found;
  const hash = new HashValue();
  client.db.add(name, hash, client.nowMs);
  return hash;
}

/** The thresholds in force: the config values themselves carry both names. */
function limitsOf(client: Client): ListpackLimits {
  return client.server.config.values;
}

/**
 * lookupKeyReadOrReply + checkType: the hash at `name`, or undefined after replying `reply`
 * (what an absent key answers) or WRONGTYPE.
 */
function hashOrReply(client: Client, name: string, reply: (client: Client) => void): HashValue | undefined {
  const hash = readCollection(client, name, HashValue);
  if (hash === undefined) reply(client);
  return hash ?? undefined;
}

function replyZero(client: Client): void {
  client.reply.integer(0);
}

function replyNull(client: Client): void {
  client.reply.nullBulk();
}

function replyEmptyArray(client: Client): void {
  client.reply.arrayHeader(0);
}

/** One entry of HRANDFIELD or HSCAN output: the field, its value when asked for, nested in RESP3 pairs. */
function replyEntry(client: Client, hash: HashValue, slot: number, withValues: boolean, pairs: boolean): void {
  const reply = client.reply;
  if (pairs) reply.arrayHeader(2);
  reply.bulkLatin1(hash.fieldAt(slot)!);
  if (withValues) reply.bulkLatin1(hash.valueAt(slot));
}

// --- HSET, HMSET, HSETNX ----------------------------------------------------------------------

const FIELD_VALUE_ARGS = {
  key: key(),
  pairs: multiple(block("field_value", { field: text("field"), value: text("value") })),
};

type FieldValue = { field: string; value: string };

/**
 * hsetCommand's writes, for HSET and HMSET (which differ only in the reply): the number of new
 * fields, or null after WRONGTYPE. hashTypeTryConversion first: any field or value longer than
 * hash-max-listpack-value turns a listpack into a hashtable before anything is written. The
 * caller replies, then fires the event, in Redis's order (a subscribed RESP3 client sees it).
 */
function setFields(client: Client, name: string, pairs: readonly FieldValue[]): number | null {
  const hash = hashForWrite(client, name);
  if (hash === null) return null;
  const limits = limitsOf(client);
  if (hash.isListpack) {
    const maxValue = limits["hash-max-listpack-value"];
    for (const { field, value } of pairs) {
      if (field.length > maxValue || value.length > maxValue) {
        hash.convert();
        break;
      }
    }
  }
  let created = 0;
  for (const { field, value } of pairs) {
    if (hash.set(field, value, limits)) created++;
  }
  return created;
}

/** HSET key field value [field value ...] */
const hset = defineCommand({
  name: "hset",
  group: "hash",
  summary: "Set the string value of a hash field",
  since: "2.0.0",
  complexity:
    "O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command is called with multiple field/value pairs.",
  flags: ["write", "denyoom", "fast"],
  keySpecs: [["RW", "UPDATE"]],
  args: FIELD_VALUE_ARGS,
  run(client, { key: name, pairs }) {
    const created = setFields(client, name, pairs);
    if (created === null) return;
    client.reply.integer(created);
    client.written(name, "hset", pairs.length);
  },
});

/** HMSET key field value [field value ...] */
const hmset = defineCommand({
  name: "hmset",
  group: "hash",
  summary: "Set multiple hash fields to multiple values",
  since: "2.0.0",
  complexity: "O(N) where N is the number of fields being set.",
  flags: ["write", "denyoom", "fast"],
  keySpecs: [["RW", "UPDATE"]],
  args: FIELD_VALUE_ARGS,
  run(client, { key: name, pairs }) {
    if (setFields(client, name, pairs) === null) return;
    client.reply.ok();
    client.written(name, "hset", pairs.length);
  },
});

/** HSETNX key field value */
const hsetnx = defineCommand({
  name: "hsetnx",
  group: "hash",
  summary: "Set the value of a hash field, only if the field does not exist",
  since: "2.0.0",
  complexity: "O(1)",
  flags: ["write", "denyoom", "fast"],
  keySpecs: [["RW", "INSERT"]],
  args: { key: key(), field: bytes("field"), value: bytes("value") },
  run(client, { key: name, field, value }) {
    const hash = hashForWrite(client, name);
    if (hash === null) return;
    const fieldName = keyFromBytes(field);
    if (hash.has(fieldName)) {
      client.reply.integer(0);
      return;
    }
    // hashTypeSet's own length check is the one hashTypeTryConversion makes here.
    hash.set(fieldName, keyFromBytes(value), limitsOf(client));
    client.reply.integer(1);
    client.written(name, "hset");
  },
});

// --- HGET, HMGET, HSTRLEN, HEXISTS, HLEN ------------------------------------------------------

/** HGET key field */
const hget = defineCommand({
  name: "hget",
  group: "hash",
  summary: "Get the value of a hash field",
  since: "2.0.0",
  complexity: "O(1)",
  flags: ["readonly", "fast"],
  keySpecs: [["RO", "ACCESS"]],
  args: { key: key(), field: bytes("field") },
  run(client, { key: name, field }) {
    const hash = hashOrReply(client, name, replyNull);
    if (hash === undefined) return;
    const value = hash.get(keyFromBytes(field));
    if (value === undefined) client.reply.nullBulk();
    else client.reply.bulkLatin1(value);
  },
});

/** HMGET key field [field ...] */
const hmget = defineCommand({
  name: "hmget",
  group: "hash",
  summary: "Get the values of all the given hash fields",
  since: "2.0.0",
  complexity: "O(N) where N is the number of fields being requested.",
  flags: ["readonly", "fast"],
  keySpecs: [["RO", "ACCESS"]],
  args: { key: key(), fields: multiple(bytes("field")) },
  run(client, { key: name, fields }) {
    // An absent key is an empty hash here: a nil per field.
    const hash = readCollection(client, name, HashValue);
    if (hash === null) return;
    const reply = client.reply;
    reply.arrayHeader(fields.length);
    for (const field of fields) {
      const value = hash?.get(keyFromBytes(field));
      if (value === undefined) reply.nullBulk();
      else reply.bulkLatin1(value);
    }
  },
});

/** HSTRLEN key field */
const hstrlen = defineCommand({
  name: "hstrlen",
  group: "hash",
  summary: "Get the length of the value of a hash field",
  since: "3.2.0",
  complexity: "O(1)",
  flags: ["readonly", "fast"],
  keySpecs: [["RO"]],
  args: { key: key(), field: bytes("field") },
  run(client, { key: name, field }) {
    const hash = hashOrReply(client, name, replyZero);
    if (hash !== undefined) client.reply.integer(hash.get(keyFromBytes(field))?.length ?? 0);
  },
});

/** HEXISTS key field */
const hexists = defineCommand({
  name: "hexists",
  group: "hash",
  summary: "Determine if a hash field exists",
  since: "2.0.0",
  complexity: "O(1)",
  flags: ["readonly", "fast"],
  keySpecs: [["RO"]],
  args: { key: key(), field: bytes("field") },
  run(client, { key: name, field }) {
    const hash = hashOrReply(client, name, replyZero);
    if (hash !== undefined) client.reply.integer(hash.has(keyFromBytes(field)) ? 1 : 0);
  },
});

/** HLEN key */
const hlen = defineCommand({
  name: "hlen",
  group: "hash",
  summary: "Get the number of fields in a hash",
  since: "2.0.0",
  complexity: "O(1)",
  flags: ["readonly", "fast"],
  keySpecs: [["RO"]],
  args: { key: key() },
  run(client, { key: name }) {
    const hash = hashOrReply(client, name, replyZero);
    if (hash !== undefined) client.reply.integer(hash.size);
  },
});

// --- HGETALL, HKEYS, HVALS --------------------------------------------------------------------

/**
 * HGETALL, HKEYS or HVALS (genericHgetallCommand): fields, values, or both (a map in RESP3, so
 * an absent key answers an empty map there), in the hash's order.
 */
function defineReadAll(name: string, summary: string, withFields: boolean, withValues: boolean): Command {
  const both = withFields && withValues;
  return defineCommand({
    name,
    group: "hash",
    summary,
    since: "2.0.0",
    complexity: "O(N) where N is the size of the hash.",
    flags: ["readonly"],
    tips: ["nondeterministic_output_order"],
    keySpecs: [["RO", "ACCESS"]],
    args: { key: key() },
    run(client, args) {
      const hash = hashOrReply(client, args.key, both ? (c) => c.reply.mapHeader(0) : replyEmptyArray);
      if (hash === undefined) return;
      const reply = client.reply;
      if (both) reply.mapHeader(hash.size);
      else reply.arrayHeader(hash.size);
      const limit = hash.slotLimit;
      for (let slot = 0; slot < limit; slot++) {
        const field = hash.fieldAt(slot);
        if (field === undefined) continue;
        if (withFields) reply.bulkLatin1(field);
        if (withValues) reply.bulkLatin1(hash.valueAt(slot));
      }
    },
  });
}

/** HGETALL key */
const hgetall = defineReadAll("hgetall", "Get all the fields and values in a hash", true, true);
/** HKEYS key */
const hkeys = defineReadAll("hkeys", "Get all the fields in a hash", true, false);
/** HVALS key */
const hvals = defineReadAll("hvals", "Get all the values in a hash", false, true);

// --- HDEL --------------------------------------------------------------------------------------

/** HDEL key field [field ...] */
const hdel = defineCommand({
  name: "hdel",
  group: "hash",
  summary: "Delete one or more hash fields",
  since: "2.0.0",
  complexity: "O(N) where N is the number of fields to be removed.",
  flags: ["write", "fast"],
  keySpecs: [["RW", "DELETE"]],
  args: { key: key(), fields: multiple(text("field")) },
  run(client, { key: name, fields }) {
    removeMembers(client, name, HashValue, fields, "hdel");
  },
});

// --- HINCRBY, HINCRBYFLOAT -------------------------------------------------------------------

/** HINCRBY key field increment */
const hincrby = defineCommand({
  name: "hincrby",
  group: "hash",
  summary: "Increment the integer value of a hash field by the given number",
  since: "2.0.0",
  complexity: "O(1)",
  flags: ["write", "denyoom", "fast"],
  keySpecs: [["RW", "ACCESS", "UPDATE"]],
  args: { key: key(), field: bytes("field"), increment: int64("increment") },
  run(client, { key: name, field, increment }) {
    const hash = hashForWrite(client, name);
    if (hash === null) return;
    const fieldName = keyFromBytes(field);
    const current = hash.get(fieldName);
    let value = 0n;
    if (current !== undefined) {
      const parsed = parseInt64(Buffer.from(current, "latin1"));
      if (parsed === null) {
        client.reply.error(Errors.hashValueNotInteger);
        return;
      }
      value = parsed;
    }
    const sum = value + increment;
    if (sum > LLONG_MAX || sum < LLONG_MIN) {
      client.reply.error(Errors.overflow);
      return;
    }
    hash.set(fieldName, sum.toString(), limitsOf(client));
    client.reply.integer(sum);
    client.written(name, "hincrby");
  },
});

const HINCRBYFLOAT_ERRORS = {
  notfloat: Errors.notFloat,
  incrnotfinite: Errors.valueNanOrInfinity,
  hashnotfloat: Errors.hashValueNotFloat,
  nan: Errors.nanOrInfinity,
} as const;

/** HINCRBYFLOAT key field increment */
const hincrbyfloat = defineCommand({
  name: "hincrbyfloat",
  group: "hash",
  summary: "Increment the float value of a hash field by the given amount",
  since: "2.6.0",
  complexity: "O(1)",
  flags: ["write", "denyoom", "fast"],
  keySpecs: [["RW", "ACCESS", "UPDATE"]],
  // Read as a long double in run (string2ld's range is wider than a double's).
  args: { key: key(), field: bytes("field"), increment: readInRun(double("increment")) },
  run(client, { key: name, field, increment }) {
    // Redis checks the increment (a float, and finite) before it looks the key up: adding it
    // to a missing field (0) reports exactly those errors and no other.
    const check = hincrByFloat(null, increment);
    if (!check.ok) {
      client.reply.error(HINCRBYFLOAT_ERRORS[check.error]);
      return;
    }
    const hash = hashForWrite(client, name);
    if (hash === null) return;
    const fieldName = keyFromBytes(field);
    const current = hash.get(fieldName);
    const outcome = current === undefined ? check : hincrByFloat(Buffer.from(current, "latin1"), increment);
    if (!outcome.ok) {
      client.reply.error(HINCRBYFLOAT_ERRORS[outcome.error]);
      return;
    }
    hash.set(fieldName, outcome.result, limitsOf(client));
    client.reply.bulkLatin1(outcome.result);
    client.written(name, "hincrbyfloat");
    // Replay sets the result: float arithmetic need not give the same digits everywhere.
    client.propagateAs(["HSET", name, fieldName, outcome.result]);
  },
});

// --- HRANDFIELD ------------------------------------------------------------------------------

/** hrandfieldWithCountCommand: `count` fields, distinct unless `unique` is false. */
function randomFields(client: Client, name: string, count: number, unique: boolean, withValues: boolean): void {
  const hash = hashOrReply(client, name, replyEmptyArray);
  if (hash === undefined) return;
  const reply = client.reply;
  if (count === 0) {
    reply.arrayHeader(0);
    return;
  }
  // RESP3 nests each field with its value; RESP2 flattens them.
  const pairs = withValues && reply.protocol === 3;
  const width = withValues && !pairs ? 2 : 1;
  // CASE 1: repeats allowed (or a single field): independent draws.
  if (!unique || count === 1) {
    reply.arrayHeader(count * width);
    for (let i = 0; i < count; i++) replyEntry(client, hash, hash.randomSlot(), withValues, pairs);
    return;
  }
  const size = hash.size;
  const chosen = count >= size ? allSlots(hash) : distinctSlots(hash, count);
  reply.arrayHeader(chosen.length * width);
  for (const slot of chosen) replyEntry(client, hash, slot, withValues, pairs);
}

/** CASE 2: the whole hash, in its order. */
function allSlots(hash: HashValue): number[] {
  const slots: number[] = [];
  const limit = hash.slotLimit;
  for (let slot = 0; slot < limit; slot++) if (hash.fieldAt(slot) !== undefined) slots.push(slot);
  return slots;
}

/**
 * `count` distinct random slots (count < size). As Redis, when the hash is not much bigger than
 * the count (CASE 3) pick from all of them; otherwise (CASE 4) draw until enough are distinct.
 */
function distinctSlots(hash: HashValue, count: number): number[] {
  if (count * 3 > hash.size) {
    const slots = allSlots(hash);
    for (let i = 0; i < count; i++) {
      const j = i + Math.floor(Math.random() * (slots.length - i));
      [slots[i], slots[j]] = [slots[j]!, slots[i]!];
    }
    return slots.slice(0, count);
  }
  const picked = new Set<number>();
  while (picked.size < count) picked.add(hash.randomSlot());
  return [...picked];
}

/** HRANDFIELD key [count [WITHVALUES]] */
const hrandfield = defineCommand({
  name: "hrandfield",
  group: "hash",
  summary: "Get one or multiple random fields from a hash",
  since: "6.2.0",
  complexity: "O(N) where N is the number of fields returned",
  flags: ["readonly"],
  tips: ["nondeterministic_output"],
  keySpecs: [["RO", "ACCESS"]],
  // Redis reads the count, then the rest, then looks the key up: all in run.
  args: {
    key: key(),
    options: restReadInRun(optional(block("options", { count: int("count"), withvalues: token("WITHVALUES") }))),
  },
  run(client, { key: name, options = [] }) {
    if (options.length === 0) {
      const hash = hashOrReply(client, name, replyNull);
      if (hash !== undefined) client.reply.bulkLatin1(hash.fieldAt(hash.randomSlot())!);
      return;
    }
    // getRangeLongFromObjectOrReply(-LONG_MAX, LONG_MAX)
    const count = parseInt64(options[0]!);
    if (count === null) {
      client.reply.error(Errors.notInteger);
      return;
    }
    if (count < -LONG_MAX) {
      client.reply.error(valueOutOfRange(-LONG_MAX, LONG_MAX));
      return;
    }
    if (options.length > 2 || (options.length === 2 && !isCToken(options[1]!, "WITHVALUES"))) {
      client.reply.error(Errors.syntax);
      return;
    }
    const withValues = options.length === 2;
    // A reply of 2·|count| items must still fit a long.
    if (withValues && count < -LONG_MAX / 2n) {
      client.reply.error(Errors.countOutOfRange);
      return;
    }
    randomFields(client, name, Number(count < 0n ? -count : count), count >= 0n, withValues);
  },
});

// --- HSCAN -----------------------------------------------------------------------------------

/** HSCAN key cursor [MATCH pattern] [COUNT count] */
const hscan = defineCollectionScan<HashValue, number>("hscan", "hash", "Incrementally iterate hash fields and associated values", {
  type: HashValue,
  width: 2,
  // A listpack is returned whole in one call, whatever the cursor; a hashtable's cursor is a
  // slot, which a field keeps while it lives.
  page: (hash, cursor, count, found) => {
    const limit = hash.slotLimit;
    const at = (slot: number) => (hash.fieldAt(slot) === undefined ? undefined : slot);
    return hash.isListpack ? scanSlots(0, limit, limit, at, found) : scanSlots(cursor, count, limit, at, found);
  },
  nameOf: (hash, slot) => hash.fieldAt(slot)!,
  write: (client, hash, slot) => replyEntry(client, hash, slot, true, false),
});

export const hashCommands: readonly Command[] = [
  hset,
  hsetnx,
  hget,
  hmget,
  hmset,
  hgetall,
  hdel,
  hlen,
  hexists,
  hkeys,
  hvals,
  hstrlen,
  hincrby,
  hincrbyfloat,
  hrandfield,
  hscan,
];
