// Keyspace commands (Redis's "generic" group, db.c, expire.c and object.c): DEL, UNLINK,
// EXISTS, TYPE, KEYS, SCAN, RENAME(NX), RANDOMKEY, TOUCH, COPY, MOVE, OBJECT, the EXPIRE
// family, TTL/PTTL/EXPIRETIME/PEXPIRETIME, PERSIST, DUMP and RESTORE. They work on keys
// whatever their type.

import type { z } from "zod";
import { Errors, invalidExpireTime, unsupportedOption, valueOutOfRange } from "../protocol/errors.ts";
import type { Client } from "../server/client.ts";
import { stringMatch } from "../store/glob.ts";
import { Lookup, isString, typeName, type Database } from "../store/keyspace.ts";
import { parseInt64, parseSafeInt } from "../store/numbers.ts";
import { decodeDumpPayload, encodeDumpPayload } from "../persistence/rdb/dump-payload.ts";
import { fromRdbValue, toRdbValue } from "../persistence/values.ts";
import {
  bytes,
  int,
  isToken,
  key,
  keyFromBytes,
  multiple,
  oneOf,
  readInRun,
  restReadInRun,
  text,
  token,
  withToken,
  type Arg,
} from "./args.ts";
import { defineCommand, defineContainer, type Command } from "./define.ts";
import { replyHelp } from "./help.ts";
import { SCAN_COMPLEXITY, parseScanCursor, parseScanOptions, replyScanHeader, scanArgs, scanSlots } from "./scan.ts";

const LLONG_MAX = 9223372036854775807n;
const LLONG_MIN = -9223372036854775808n;
const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

// --- DEL, UNLINK, EXISTS, TOUCH, TYPE -------------------------------------------------------

const MULTI_KEY_TIPS = ["request_policy:multi_shard", "response_policy:agg_sum"] as const;
/** One flag set per key argument: COMMAND INFO's key specs. */
const DELETE_SPEC = [["RM", "DELETE"]] as const;
const READ_SPEC = [["RO"]] as const;
const READ_ACCESS_SPEC = [["RO", "ACCESS"]] as const;
const UPDATE_SPEC = [["RW", "UPDATE"]] as const;

/** delGenericCommand: DEL and UNLINK (redbun frees values at once either way). */
function deleteKeys(client: Client, keys: readonly string[]): void {
  const db = client.db;
  let deleted = 0;
  for (const name of keys) {
    const slot = db.lookupWrite(name, client.nowMs);
    if (slot === -1) continue;
    db.deleteSlot(slot);
    client.written(name, "del");
    deleted++;
  }
  client.reply.integer(deleted);
}

/** DEL and UNLINK differ only in what they document: redbun frees values at once for both. */
function defineDelete(doc: { name: string; summary: string; since: string; complexity: string; fast: boolean }) {
  return defineCommand({
    name: doc.name,
    group: "generic",
    summary: doc.summary,
    since: doc.since,
    complexity: doc.complexity,
    flags: doc.fast ? ["write", "fast"] : ["write"],
    keySpecs: DELETE_SPEC,
    tips: MULTI_KEY_TIPS,
    args: { keys: multiple(key()) },
    run(client, { keys }) {
      deleteKeys(client, keys);
    },
  });
}

/** DEL key [key ...] */
const del = defineDelete({
  name: "del",
  summary: "Delete a key",
  since: "1.0.0",
  complexity:
    "O(N) where N is the number of keys that will be removed. When a key to remove holds a value other than a string, the individual complexity for this key is O(M) where M is the number of elements in the list, set, sorted set or hash. Removing a single key that holds a string value is O(1).",
  fast: false,
});

/** UNLINK key [key ...] */
const unlink = defineDelete({
  name: "unlink",
  summary: "Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non blocking.",
  since: "4.0.0",
  complexity:
    "O(1) for each key removed regardless of its size. Then the command does O(N) work in a different thread in order to reclaim memory, where N is the number of allocations the deleted objects where composed of.",
  fast: true,
});

/** EXISTS key [key ...] — a key named twice counts twice. */
const exists = defineCommand({
  name: "exists",
  group: "generic",
  summary: "Determine if a key exists",
  since: "1.0.0",
  complexity: "O(N) where N is the number of keys to check.",
  flags: ["readonly", "fast"],
  keySpecs: READ_SPEC,
  tips: MULTI_KEY_TIPS,
  args: { keys: multiple(key()) },
  run(client, { keys }) {
    const db = client.db;
    let count = 0;
    // LOOKUP_NOTOUCH: asking whether a key exists does not make it recently used.
    for (const name of keys) if (db.lookupRead(name, client.nowMs, Lookup.noTouch) !== -1) count++;
    client.reply.integer(count);
  },
});

/** TOUCH key [key ...] */
const touch = defineCommand({
  name: "touch",
  group: "generic",
  summary: "Alters the last access time of a key(s). Returns the number of existing keys specified.",
  since: "3.2.1",
  complexity: "O(N) where N is the number of keys that will be touched.",
  flags: ["readonly", "fast"],
  keySpecs: READ_SPEC,
  tips: MULTI_KEY_TIPS,
  args: { keys: multiple(key()) },
  run(client, { keys }) {
    const db = client.db;
    let touched = 0;
    for (const name of keys) if (db.lookupRead(name, client.nowMs) !== -1) touched++;
    client.reply.integer(touched);
  },
});

/** getObjectTypeName: what TYPE answers and SCAN's TYPE option compares with. */
function typeAt(db: Database, slot: number): string {
  return slot === -1 ? "none" : typeName(db.valueAt(slot));
}

/** TYPE key */
const type = defineCommand({
  name: "type",
  group: "generic",
  summary: "Determine the type stored at key",
  since: "1.0.0",
  complexity: "O(1)",
  flags: ["readonly", "fast"],
  keySpecs: READ_SPEC,
  args: { key: key() },
  run(client, { key: name }) {
    const db = client.db;
    client.reply.simple(typeAt(db, db.lookupRead(name, client.nowMs, Lookup.noTouch)));
  },
});

// --- KEYS, SCAN, RANDOMKEY -----------------------------------------------------------------

/** Whether a glob pattern can only match itself (no `*`, `?`, `[` or `\`). */
function isLiteralPattern(pattern: string): boolean {
  return !/[*?[\\]/.test(pattern);
}

/** KEYS pattern */
const keys = defineCommand({
  name: "keys",
  group: "generic",
  summary: "Find all keys matching the given pattern",
  since: "1.0.0",
  complexity:
    "O(N) with N being the number of keys in the database, under the assumption that the key names in the database and the given pattern have limited length.",
  flags: ["readonly"],
  categories: ["dangerous"],
  tips: ["request_policy:all_shards", "nondeterministic_output_order"],
  args: { pattern: text("pattern", "pattern") },
  run(client, { pattern }) {
    const db = client.db;
    const reply = client.reply;
    const nowMs = client.nowMs;
    // Expired keys are left out but not removed: KEYS only reads (keyIsExpired, not expireIfNeeded).
    if (isLiteralPattern(pattern)) {
      const slot = db.peekSlot(pattern);
      const live = slot !== -1 && !db.isExpired(slot, nowMs);
      reply.arrayHeader(live ? 1 : 0);
      if (live) reply.bulkLatin1(pattern);
      return;
    }
    const allKeys = pattern === "*";
    const matched: string[] = [];
    for (const [name, slot] of db.entries()) {
      if ((allKeys || stringMatch(pattern, name, false)) && !db.isExpired(slot, nowMs)) matched.push(name);
    }
    reply.arrayHeader(matched.length);
    for (const name of matched) reply.bulkLatin1(name);
  },
});

/** SCAN cursor [MATCH pattern] [COUNT count] [TYPE type] */
const scan = defineCommand({
  name: "scan",
  group: "generic",
  summary: "Incrementally iterate the keys space",
  since: "2.8.0",
  complexity: SCAN_COMPLEXITY,
  flags: ["readonly"],
  tips: ["nondeterministic_output", "request_policy:special"],
  args: { ...scanArgs(), type: withToken("TYPE", text("type")) },
  run(client, args) {
    const cursor = parseScanCursor(client, args.cursor);
    if (cursor === null) return;
    const options = parseScanOptions(client, args.options ?? [], true);
    if (options === null) return;
    const { pattern, count, type: wantedType } = options;
    const db = client.db;
    const nowMs = client.nowMs;
    const found: string[] = [];
    const next = scanSlots(cursor, count, db.slotLimit, (slot) => db.keyAt(slot), found);
    // Step 3 of scanGenericCommand: filter by pattern, then type, then drop (and delete) keys
    // that have expired.
    const kept: string[] = [];
    for (const name of found) {
      if (pattern !== undefined && !stringMatch(pattern, name, false)) continue;
      if (wantedType !== undefined && typeAt(db, db.lookupRead(name, nowMs, Lookup.noTouch)) !== wantedType) continue;
      const live = db.peekSlot(name);
      if (live !== -1 && db.isExpired(live, nowMs)) {
        db.expireSlot(live);
        continue;
      }
      kept.push(name);
    }
    replyScanHeader(client, next, kept.length);
    for (const name of kept) client.reply.bulkLatin1(name);
  },
});

/** RANDOMKEY */
const randomkey = defineCommand({
  name: "randomkey",
  group: "generic",
  summary: "Return a random key from the keyspace",
  since: "1.0.0",
  complexity: "O(1)",
  flags: ["readonly"],
  tips: ["request_policy:all_shards", "nondeterministic_output"],
  args: {},
  run(client) {
    const db = client.db;
    // dbRandomKey: an expired pick is removed and another one drawn.
    for (;;) {
      const slot = db.randomSlot();
      if (slot === -1) {
        client.reply.nullBulk();
        return;
      }
      if (!db.isExpired(slot, client.nowMs)) {
        client.reply.bulkLatin1(db.keyAt(slot)!);
        return;
      }
      db.expireSlot(slot);
    }
  },
});

// --- RENAME, RENAMENX, MOVE, COPY ----------------------------------------------------------

/** renameGenericCommand: the value and its TTL move to the new name. */
function renameKey(client: Client, from: string, to: string, nx: boolean): void {
  const db = client.db;
  const reply = client.reply;
  const slot = db.lookupWrite(from, client.nowMs);
  if (slot === -1) {
    reply.error(Errors.noSuchKey);
    return;
  }
  if (from === to) {
    if (nx) reply.integer(0);
    else reply.ok();
    return;
  }
  const target = db.lookupWrite(to, client.nowMs);
  if (target !== -1) {
    if (nx) {
      reply.integer(0);
      return;
    }
    db.deleteSlot(target);
  }
  const deadlineMs = db.expiresAtMs[slot]!;
  const value = db.detachSlot(slot);
  db.add(to, value, client.nowMs, deadlineMs);
  client.written(from, "rename_from");
  client.written(to, "rename_to", 0);
  if (nx) reply.integer(1);
  else reply.ok();
}

/** RENAME key newkey */
const rename = defineCommand({
  name: "rename",
  group: "generic",
  summary: "Rename a key",
  since: "1.0.0",
  complexity: "O(1)",
  flags: ["write"],
  keySpecs: [
    ["RW", "ACCESS", "DELETE"],
    ["OW", "UPDATE"],
  ],
  args: { key: key(), newkey: key("newkey") },
  run(client, args) {
    renameKey(client, args.key, args.newkey, false);
  },
});

/** RENAMENX key newkey */
const renamenx = defineCommand({
  name: "renamenx",
  group: "generic",
  summary: "Rename a key, only if the new key does not exist",
  since: "1.0.0",
  complexity: "O(1)",
  flags: ["write", "fast"],
  keySpecs: [
    ["RW", "ACCESS", "DELETE"],
    ["OW", "INSERT"],
  ],
  args: { key: key(), newkey: key("newkey") },
  run(client, args) {
    renameKey(client, args.key, args.newkey, true);
  },
});

/**
 * getIntFromObjectOrReply + selectDb, as MOVE and COPY read their db argument: not an integer,
 * outside the int range, and not an existing db are three different errors. Null after replying.
 */
function targetDb(client: Client, index: Uint8Array): Database | null {
  const value = parseInt64(index);
  let error: string | undefined;
  if (value === null) error = Errors.notInteger;
  else if (value < INT_MIN || value > INT_MAX) error = valueOutOfRange(INT_MIN, INT_MAX);
  else if (value < 0 || value >= client.server.keyspace.dbs.length) error = Errors.dbIndexOutOfRange;
  if (error !== undefined) {
    client.reply.error(error);
    return null;
  }
  return client.server.keyspace.dbs[Number(value)]!;
}

/** MOVE key db */
const move = defineCommand({
  name: "move",
  group: "generic",
  summary: "Move a key to another database",
  since: "1.0.0",
  complexity: "O(1)",
  flags: ["write", "fast"],
  keySpecs: [["RW", "ACCESS", "UPDATE"]],
  args: { key: key(), db: readInRun(int("db")) },
  run(client, args) {
    const name = args.key;
    const dst = targetDb(client, args.db);
    if (dst === null) return;
    const src = client.db;
    if (dst === src) {
      client.reply.error(Errors.sameObject);
      return;
    }
    const slot = src.lookupWrite(name, client.nowMs);
    if (slot === -1 || dst.lookupWrite(name, client.nowMs) !== -1) {
      client.reply.integer(0);
      return;
    }
    const deadlineMs = src.expiresAtMs[slot]!;
    dst.add(name, src.detachSlot(slot), client.nowMs, deadlineMs);
    client.written(name, "move_from");
    client.server.keyChanged(dst, name, "move_to", 0);
    client.reply.integer(1);
  },
});

/** COPY source destination [DB destination-db] [REPLACE] */
const copy = defineCommand({
  name: "copy",
  group: "generic",
  summary: "Copy a key",
  since: "6.2.0",
  complexity: "O(N) worst case for collections, where N is the number of nested items. O(1) for string values.",
  flags: ["write", "denyoom"],
  keySpecs: [
    ["RO", "ACCESS"],
    ["OW", "UPDATE"],
  ],
  args: {
    source: key("source"),
    destination: key("destination"),
    options: restReadInRun(withToken("DB", int("destination-db"))),
    replace: token("REPLACE"),
  },
  run(client, { source, destination, options = [] }) {
    const src = client.db;
    let dst = src;
    let replace = false;
    for (let at = 0; at < options.length; at++) {
      const word = options[at]!;
      if (isToken(word, "REPLACE")) {
        replace = true;
      } else if (at + 1 < options.length && isToken(word, "DB")) {
        const target = targetDb(client, options[++at]!);
        if (target === null) return;
        dst = target;
      } else {
        client.reply.error(Errors.syntax);
        return;
      }
    }
    if (dst === src && source === destination) {
      client.reply.error(Errors.sameObject);
      return;
    }
    const slot = src.lookupRead(source, client.nowMs);
    if (slot === -1) {
      client.reply.integer(0);
      return;
    }
    const existing = dst.lookupWrite(destination, client.nowMs);
    if (existing !== -1) {
      if (!replace) {
        client.reply.integer(0);
        return;
      }
      dst.deleteSlot(existing);
    }
    const deadlineMs = src.expiresAtMs[slot]!;
    dst.add(destination, client.server.keyspace.duplicate(src.valueAt(slot)), client.nowMs, deadlineMs);
    client.server.keyChanged(dst, destination, "copy_to", 1);
    client.reply.integer(1);
  },
});

// --- OBJECT --------------------------------------------------------------------------------

/** OBJECT <subcommand> */
const object = defineContainer({
  name: "object",
  group: "generic",
  summary: "A container for object introspection commands",
  since: "2.2.3",
  complexity: "Depends on subcommand.",
});

const OBJECT_HELP = [
  "ENCODING <key>",
  "    Return the kind of internal representation used in order to store the value",
  "    associated with a <key>.",
  "FREQ <key>",
  "    Return the access frequency index of the <key>. The returned integer is",
  "    proportional to the logarithm of the recent access frequency of the key.",
  "IDLETIME <key>",
  "    Return the idle time of the <key>, that is the approximated number of",
  "    seconds elapsed since the last access to the key.",
  "REFCOUNT <key>",
  "    Return the number of references of the value associated with the specified",
  "    <key>.",
] as const;

/** OBJECT HELP */
const objectHelp = defineCommand({
  container: "object",
  name: "help",
  group: "generic",
  summary: "Show helpful text about the different subcommands",
  since: "6.2.0",
  complexity: "O(1)",
  flags: ["loading", "stale"],
  args: {},
  run(client) {
    replyHelp(client, "object", OBJECT_HELP);
  },
});

/** The OBJECT subcommands that inspect one key share everything but their name and `run`. */
function objectSubcommand(
  name: string,
  summary: string,
  since: string,
  run: (client: Client, slot: number) => void,
): Command {
  return defineCommand({
    container: "object",
    name,
    group: "generic",
    summary,
    since,
    complexity: "O(1)",
    flags: ["readonly"],
    keySpecs: READ_SPEC,
    tips: ["nondeterministic_output"],
    args: { key: key() },
    run(client, args) {
      // objectCommandLookupOrReply: LOOKUP_NOTOUCH, so looking at an object does not change
      // what OBJECT reports about it, and LOOKUP_NONOTIFY (a miss is counted but fires no
      // keymiss); a missing key is a null.
      const slot = client.db.lookupRead(args.key, client.nowMs, Lookup.noTouch | Lookup.noNotify);
      if (slot === -1) client.reply.nullBulk();
      else run(client, slot);
    },
  });
}

/** Redis's OBJ_SHARED_REFCOUNT, what a shared integer object reports. */
const SHARED_REFCOUNT = 2147483647;
/** OBJ_SHARED_INTEGERS: 0..9999 are shared objects. */
const SHARED_INTEGERS = 10000;

/**
 * Whether Redis would hold this value as one of its shared integers: int-encoded, in 0..9999.
 * (Redis stops sharing them under a maxmemory with an LRU/LFU policy; redbun has no maxmemory.)
 */
function isSharedInteger(client: Client, value: number | Uint8Array): boolean {
  const keyspace = client.server.keyspace;
  if (keyspace.stringEncoding(value) !== "int") return false;
  const n = parseSafeInt(keyspace.stringBytes(value));
  return n !== null && n >= 0 && n < SHARED_INTEGERS;
}

/** OBJECT ENCODING key */
const objectEncoding = objectSubcommand("encoding", "Inspect the internal encoding of a Redis object", "2.2.3", (client, slot) => {
  const value = client.db.valueAt(slot);
  client.reply.bulkLatin1(isString(value) ? client.server.keyspace.stringEncoding(value) : value.encoding());
});

/** OBJECT REFCOUNT key */
const objectRefcount = objectSubcommand("refcount", "Get the number of references to the value of the key", "2.2.3", (client, slot) => {
  const value = client.db.valueAt(slot);
  client.reply.integer(isString(value) && isSharedInteger(client, value) ? SHARED_REFCOUNT : 1);
});

/** OBJECT IDLETIME key */
const objectIdletime = objectSubcommand("idletime", "Get the time since a Redis object was last accessed", "2.2.3", (client, slot) => {
  // redbun has no maxmemory policy, so never an LFU one: the idle time is always tracked.
  client.reply.integer(client.db.idleSeconds(slot, client.nowMs));
});

/** OBJECT FREQ key */
const objectFreq = objectSubcommand("freq", "Get the logarithmic access frequency counter of a Redis object", "4.0.0", (client) => {
  // redbun has no maxmemory policy, so never an LFU one: Redis's answer without one.
  client.reply.error(Errors.lfuNotSelected);
});

// --- EXPIRE family, TTL family, PERSIST ----------------------------------------------------

const EXPIRE_NX = 1;
const EXPIRE_XX = 2;
const EXPIRE_GT = 4;
const EXPIRE_LT = 8;
const EXPIRE_WORDS = [
  ["NX", EXPIRE_NX],
  ["XX", EXPIRE_XX],
  ["GT", EXPIRE_GT],
  ["LT", EXPIRE_LT],
] as const;

/** parseExtendedExpireArgumentsOrReply: the NX/XX/GT/LT flags, or -1 after replying. */
function parseExpireFlags(client: Client, options: readonly Uint8Array[]): number {
  let flags = 0;
  for (const word of options) {
    const known = EXPIRE_WORDS.find(([upper]) => isToken(word, upper));
    if (known === undefined) {
      client.reply.error(unsupportedOption(keyFromBytes(word)));
      return -1;
    }
    flags |= known[1];
  }
  if (flags & EXPIRE_NX && flags & (EXPIRE_XX | EXPIRE_GT | EXPIRE_LT)) {
    client.reply.error(Errors.expireNxAndOthers);
    return -1;
  }
  if (flags & EXPIRE_GT && flags & EXPIRE_LT) {
    client.reply.error(Errors.expireGtAndLt);
    return -1;
  }
  return flags;
}

/**
 * expireGenericCommand. `unitMs` scales the amount, `relative` adds the command's time. The
 * arithmetic is exact 64-bit, so overflows are caught where Redis catches them. A deadline
 * already past deletes the key (replying 1, as Redis does, firing "del").
 */
function expireKey(client: Client, name: string, amount: Uint8Array, options: readonly Uint8Array[], unitMs: 1 | 1000, relative: boolean, command: string): void {
  const reply = client.reply;
  const flags = parseExpireFlags(client, options);
  if (flags === -1) return;
  let when = parseInt64(amount);
  if (when === null) {
    reply.error(Errors.notInteger);
    return;
  }
  const baseMs = relative ? BigInt(client.nowMs) : 0n;
  if (unitMs === 1000) {
    if (when > LLONG_MAX / 1000n || when < LLONG_MIN / 1000n) {
      reply.error(invalidExpireTime(command));
      return;
    }
    when *= 1000n;
  }
  if (when > LLONG_MAX - baseMs) {
    reply.error(invalidExpireTime(command));
    return;
  }
  when += baseMs;
  const db = client.db;
  const slot = db.lookupWrite(name, client.nowMs);
  if (slot === -1) {
    reply.integer(0);
    return;
  }
  const current = db.expiresAtMs[slot]!;
  const hasTtl = current !== 0;
  // GT treats no TTL as infinite, so it never passes; LT treats it as infinite too, so it always does.
  if (
    (flags & EXPIRE_NX && hasTtl) ||
    (flags & EXPIRE_XX && !hasTtl) ||
    (flags & EXPIRE_GT && (!hasTtl || when <= current)) ||
    (flags & EXPIRE_LT && hasTtl && when >= current)
  ) {
    reply.integer(0);
    return;
  }
  // The order matches expireGenericCommand, as a client subscribed to its own key events sees:
  // a deletion is announced before the reply, a new TTL after it.
  // Replay gets what happened: a DEL, or the absolute deadline as PEXPIREAT (its options kept).
  if (when <= client.nowMs) {
    db.deleteSlot(slot);
    client.written(name, "del");
    client.propagateAs(["DEL", name]);
    reply.integer(1);
  } else {
    db.setExpire(slot, Number(when));
    reply.integer(1);
    client.written(name, "expire");
    if (command !== "pexpireat") client.propagateAs(["PEXPIREAT", name, String(when), ...client.argv.slice(3)]);
  }
}

const CONDITION = oneOf("condition", { nx: token("NX"), xx: token("XX"), gt: token("GT"), lt: token("LT") });

interface ExpireVariant {
  name: string;
  summary: string;
  since: string;
  amount: Arg<z.ZodNumber>;
  unitMs: 1 | 1000;
  relative: boolean;
}

/** EXPIRE, PEXPIRE, EXPIREAT and PEXPIREAT differ only in unit and base time. */
function expireCommand(variant: ExpireVariant): Command {
  return defineCommand({
    name: variant.name,
    group: "generic",
    summary: variant.summary,
    since: variant.since,
    complexity: "O(1)",
    flags: ["write", "fast"],
    keySpecs: UPDATE_SPEC,
    args: {
      key: key(),
      amount: readInRun(variant.amount),
      condition: restReadInRun(CONDITION),
    },
    run(client, args) {
      expireKey(client, args.key, args.amount, args.condition ?? [], variant.unitMs, variant.relative, variant.name);
    },
  });
}

/** EXPIRE key seconds [NX | XX | GT | LT] */
const expire = expireCommand({
  name: "expire",
  summary: "Set a key's time to live in seconds",
  since: "1.0.0",
  amount: int("seconds"),
  unitMs: 1000,
  relative: true,
});

/** PEXPIRE key milliseconds [NX | XX | GT | LT] */
const pexpire = expireCommand({
  name: "pexpire",
  summary: "Set a key's time to live in milliseconds",
  since: "2.6.0",
  amount: int("milliseconds"),
  unitMs: 1,
  relative: true,
});

/** EXPIREAT key unix-time-seconds [NX | XX | GT | LT] */
const expireat = expireCommand({
  name: "expireat",
  summary: "Set the expiration for a key as a UNIX timestamp",
  since: "1.2.0",
  amount: int("unix-time-seconds", { type: "unix-time" }),
  unitMs: 1000,
  relative: false,
});

/** PEXPIREAT key unix-time-milliseconds [NX | XX | GT | LT] */
const pexpireat = expireCommand({
  name: "pexpireat",
  summary: "Set the expiration for a key as a UNIX timestamp specified in milliseconds",
  since: "2.6.0",
  amount: int("unix-time-milliseconds", { type: "unix-time" }),
  unitMs: 1,
  relative: false,
});

interface TtlVariant {
  name: string;
  summary: string;
  since: string;
  unitMs: 1 | 1000;
  /** EXPIRETIME/PEXPIRETIME: the deadline itself rather than the time left. */
  absolute: boolean;
  tips?: readonly string[];
}

/** ttlGenericCommand: -2 without the key, -1 without a TTL; seconds are rounded to nearest. */
function ttlCommand(variant: TtlVariant): Command {
  return defineCommand({
    name: variant.name,
    group: "generic",
    summary: variant.summary,
    since: variant.since,
    complexity: "O(1)",
    flags: ["readonly", "fast"],
    keySpecs: READ_ACCESS_SPEC,
    tips: variant.tips,
    args: { key: key() },
    run(client, args) {
      const db = client.db;
      const slot = db.lookupRead(args.key, client.nowMs, Lookup.noTouch);
      if (slot === -1) {
        client.reply.integer(-2);
        return;
      }
      const deadlineMs = db.expiresAtMs[slot]!;
      if (deadlineMs === 0) {
        client.reply.integer(-1);
        return;
      }
      const ms = Math.max(0, variant.absolute ? deadlineMs : deadlineMs - client.nowMs);
      client.reply.integer(variant.unitMs === 1 ? ms : Math.floor((ms + 500) / 1000));
    },
  });
}

/** TTL key */
const ttl = ttlCommand({
  name: "ttl",
  summary: "Get the time to live for a key in seconds",
  since: "1.0.0",
  unitMs: 1000,
  absolute: false,
  tips: ["nondeterministic_output"],
});

/** PTTL key */
const pttl = ttlCommand({
  name: "pttl",
  summary: "Get the time to live for a key in milliseconds",
  since: "2.6.0",
  unitMs: 1,
  absolute: false,
  tips: ["nondeterministic_output"],
});

/** EXPIRETIME key */
const expiretime = ttlCommand({
  name: "expiretime",
  summary: "Get the expiration Unix timestamp for a key",
  since: "7.0.0",
  unitMs: 1000,
  absolute: true,
});

/** PEXPIRETIME key */
const pexpiretime = ttlCommand({
  name: "pexpiretime",
  summary: "Get the expiration Unix timestamp for a key in milliseconds",
  since: "7.0.0",
  unitMs: 1,
  absolute: true,
});

/** PERSIST key */
const persist = defineCommand({
  name: "persist",
  group: "generic",
  summary: "Remove the expiration from a key",
  since: "2.2.0",
  complexity: "O(1)",
  flags: ["write", "fast"],
  keySpecs: UPDATE_SPEC,
  args: { key: key() },
  run(client, args) {
    const db = client.db;
    const slot = db.lookupWrite(args.key, client.nowMs);
    if (slot === -1 || !db.removeExpire(slot)) {
      client.reply.integer(0);
      return;
    }
    client.written(args.key, "persist");
    client.reply.integer(1);
  },
});

// --- DUMP, RESTORE (cluster.c) ---------------------------------------------------------------

/** rdbcompression: DUMP payloads are compressed as snapshots are. */
function rdbCompression(client: Client): boolean {
  return client.server.config.values.rdbcompression;
}

/** DUMP key */
const dump = defineCommand({
  name: "dump",
  group: "generic",
  summary: "Return a serialized version of the value stored at the specified key.",
  since: "2.6.0",
  complexity:
    "O(1) to access the key and additional O(N*M) to serialize it, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1).",
  flags: ["readonly"],
  keySpecs: READ_ACCESS_SPEC,
  tips: ["nondeterministic_output"],
  args: { key: key() },
  run(client, args) {
    const slot = client.db.lookupRead(args.key, client.nowMs);
    if (slot === -1) {
      client.reply.nullBulk();
      return;
    }
    const value = toRdbValue(client.server.keyspace, client.db.valueAt(slot));
    client.reply.bulk(encodeDumpPayload(value, rdbCompression(client)));
  },
});

/** LRU_CLOCK_MAX: Redis keeps an object's last access as seconds in a 24-bit field. */
const LRU_CLOCK_MAX = 2 ** 24 - 1;

/**
 * What OBJECT IDLETIME reads right after RESTORE … IDLETIME `idleSec` (objectSetLRUOrLFU, then
 * estimateObjectIdleTime). Redis scales the seconds by 1000/1000 in 64-bit arithmetic (which
 * wraps for huge values) and stores the access time in its 24-bit clock, which wraps every
 * ~194 days: an idle time past that wraps too. The same steps give the same answer.
 */
function restoredIdleSeconds(idleSec: bigint, nowMs: number): number {
  const clock = BigInt(Math.floor(nowMs / 1000) % (LRU_CLOCK_MAX + 1));
  let lru = clock - BigInt.asIntN(64, idleSec * 1000n) / 1000n;
  if (lru < 0n) lru += BigInt(LRU_CLOCK_MAX);
  lru = BigInt.asUintN(24, lru);
  return Number(clock >= lru ? clock - lru : clock + BigInt(LRU_CLOCK_MAX) - lru);
}

/** RESTORE's options, read in Redis's order (restoreCommand) before anything else is checked. */
interface RestoreOptions {
  replace: boolean;
  absttl: boolean;
  idleSec: bigint | null;
}

/** The options, or null after replying the first error. IDLETIME and FREQ exclude each other. */
function parseRestoreOptions(client: Client, options: readonly Uint8Array[]): RestoreOptions | null {
  const parsed: RestoreOptions = { replace: false, absttl: false, idleSec: null };
  let freqGiven = false;
  for (let at = 0; at < options.length; at++) {
    const word = options[at]!;
    const hasValue = at + 1 < options.length;
    if (isToken(word, "REPLACE")) {
      parsed.replace = true;
    } else if (isToken(word, "ABSTTL")) {
      parsed.absttl = true;
    } else if (hasValue && !freqGiven && isToken(word, "IDLETIME")) {
      const idleSec = parseInt64(options[++at]!);
      if (idleSec === null || idleSec < 0n) {
        client.reply.error(idleSec === null ? Errors.notInteger : Errors.restoreIdletimeNegative);
        return null;
      }
      parsed.idleSec = idleSec;
    } else if (hasValue && parsed.idleSec === null && isToken(word, "FREQ")) {
      // Checked, then unused: Redis applies it only under an LFU maxmemory-policy, which redbun lacks.
      const freq = parseInt64(options[++at]!);
      if (freq === null || freq < 0n || freq > 255n) {
        client.reply.error(freq === null ? Errors.notInteger : Errors.restoreFreqOutOfRange);
        return null;
      }
      freqGiven = true;
    } else {
      client.reply.error(Errors.syntax);
      return null;
    }
  }
  return parsed;
}

/** RESTORE key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency] */
const restore = defineCommand({
  name: "restore",
  group: "generic",
  summary: "Create a key using the provided serialized value, previously obtained using DUMP.",
  since: "2.6.0",
  complexity:
    "O(1) to create the new key and additional O(N*M) to reconstruct the serialized value, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1). However for sorted set values the complexity is O(N*M*log(N)) because inserting values into sorted sets is O(log(N)).",
  flags: ["write", "denyoom"],
  categories: ["dangerous"],
  keySpecs: [["OW", "UPDATE"]],
  args: {
    key: key(),
    ttl: readInRun(int("ttl")),
    serializedValue: bytes("serialized-value"),
    options: restReadInRun(token("REPLACE")),
    absttl: token("ABSTTL"),
    idletime: withToken("IDLETIME", int("seconds")),
    freq: withToken("FREQ", int("frequency")),
  },
  run(client, { key: name, ttl: ttlArg, serializedValue, options = [] }) {
    const reply = client.reply;
    const parsed = parseRestoreOptions(client, options);
    if (parsed === null) return;
    const db = client.db;
    // With REPLACE Redis only deletes (dbDelete, which does not look at the TTL); without it,
    // lookupKeyWrite: a key that has expired is gone, so it is not in the way.
    const existing = parsed.replace ? db.peekSlot(name) : db.lookupWrite(name, client.nowMs);
    if (!parsed.replace && existing !== -1) {
      reply.error(Errors.busyKey);
      return;
    }
    const ttl = parseInt64(ttlArg);
    if (ttl === null || ttl < 0n) {
      reply.error(ttl === null ? Errors.notInteger : Errors.restoreTtlNegative);
      return;
    }
    const decoded = decodeDumpPayload(serializedValue);
    if (!decoded.ok) {
      reply.error(decoded.problem === "version-or-checksum" ? Errors.dumpPayloadWrong : Errors.badDataFormat);
      return;
    }
    const value = fromRdbValue(client.server.keyspace, decoded.value, client.server.config.values);
    if (existing !== -1) db.deleteSlot(existing);
    // ttl + mstime() in C's 64-bit arithmetic: a sum that wraps is a deadline in the past.
    const deadlineMs = ttl !== 0n && !parsed.absttl ? BigInt.asIntN(64, ttl + BigInt(client.nowMs)) : ttl;
    if (ttl !== 0n && deadlineMs <= BigInt(client.nowMs)) {
      // Already expired: nothing is created; a replaced key is deleted, and replicated as DEL.
      if (existing !== -1) {
        client.propagateAs(["DEL", name]);
        client.written(name, "del");
      }
      reply.ok();
      return;
    }
    const slot = db.add(name, value, client.nowMs);
    if (ttl !== 0n) {
      db.setExpire(slot, Number(deadlineMs));
      // A relative TTL is propagated as the deadline it gave, with ABSTTL.
      if (!parsed.absttl) {
        const argv = client.argv;
        client.propagateAs([argv[0]!, argv[1]!, String(deadlineMs), ...argv.slice(3), "ABSTTL"]);
      }
    }
    if (parsed.idleSec !== null) db.setIdleSeconds(slot, restoredIdleSeconds(parsed.idleSec, client.nowMs), client.nowMs);
    client.written(name, "restore");
    reply.ok();
  },
});

export const genericCommands: Command[] = [
  del,
  unlink,
  exists,
  touch,
  type,
  keys,
  scan,
  randomkey,
  rename,
  renamenx,
  move,
  copy,
  object,
  objectHelp,
  objectEncoding,
  objectRefcount,
  objectIdletime,
  objectFreq,
  expire,
  pexpire,
  expireat,
  pexpireat,
  ttl,
  pttl,
  expiretime,
  pexpiretime,
  persist,
  dump,
  restore,
];
