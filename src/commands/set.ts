// The set commands (Redis's t_set.c): SADD, SREM, SMOVE, membership (SISMEMBER, SMISMEMBER,
// SCARD, SMEMBERS), random members (SPOP, SRANDMEMBER), the algebra (SINTER, SINTERCARD,
// SUNION, SDIFF and their *STORE forms) and SSCAN. Values are SetValue (src/store/types/set.ts):
// an `intset` iterates in ascending order, so results built from intsets match Redis byte for
// byte; a set whose last member goes is deleted.

import { Errors, valueOutOfRange } from "../protocol/errors.ts";
import type { Client } from "../server/client.ts";
import { parseInt64 } from "../store/numbers.ts";
import { SetValue } from "../store/types/set.ts";
import {
  bytes,
  int,
  key,
  keyFromBytes,
  multiple,
  numkeysKeys,
  optional,
  restReadInRun,
  text,
  withToken,
} from "./args.ts";
import { defineCommand, type Command, type KeySpecFlag } from "./define.ts";
import { collectionAt, deleteDestination, deleteIfEmpty, readCollection, removeMembers, storeCollection } from "./lookup.ts";
import { defineCollectionScan } from "./scan.ts";

const LONG_MAX = 9223372036854775807n;
/** The key spec of a set the command only reads. */
const READ_ACCESS: readonly KeySpecFlag[] = ["RO", "ACCESS"];

// --- shared helpers ---------------------------------------------------------------------------

/** set-max-intset-entries, read per command as Redis reads server.set_max_intset_entries. */
function maxIntsetEntries(client: Client): number {
  return client.server.config.values["set-max-intset-entries"];
}

/** A set reply (`~` in RESP3) of members in the given order. */
function replySet(client: Client, members: readonly string[]): void {
  const reply = client.reply;
  reply.setHeader(members.length);
  for (const member of members) reply.bulkLatin1(member);
}

/** An array reply of members (SRANDMEMBER's, an array even in RESP3). */
function replyArray(client: Client, members: readonly string[]): void {
  const reply = client.reply;
  reply.arrayHeader(members.length);
  for (const member of members) reply.bulkLatin1(member);
}

/**
 * The sources of SINTER/SUNION/SDIFF and their *STORE forms, read with lookupKeyRead as Redis
 * 7.0 does even when storing: a missing key is undefined (an empty set), and null means a key of
 * another type was met, WRONGTYPE already replied.
 */
function lookupSources(client: Client, names: readonly string[]): (SetValue | undefined)[] | null {
  const sets: (SetValue | undefined)[] = [];
  for (const name of names) {
    const set = readCollection(client, name, SetValue);
    if (set === null) return null;
    sets.push(set);
  }
  return sets;
}

/** The *STORE ending: Redis replies the size before firing the event. */
function storeResult(client: Client, destination: string, result: SetValue, event: string): void {
  client.reply.integer(result.size);
  storeCollection(client, destination, result, result.size, event);
}

/**
 * SPOP's and SRANDMEMBER's optional count, read by `run` with the rest of argv: Redis answers a
 * syntax error for anything after it, where the compiled parser would answer the arity error.
 */
function optionalCountInRun() {
  return restReadInRun(optional(int("count")));
}

/** The count `optionalCountInRun` took: undefined when absent, null after a syntax error for more words. */
function countArgument(client: Client, words: readonly Uint8Array[] | undefined): Uint8Array | undefined | null {
  if (words === undefined) return undefined;
  if (words.length === 1) return words[0]!;
  client.reply.error(Errors.syntax);
  return null;
}

// --- SADD, SREM, SMOVE ---------------------------------------------------------------------------

/** SADD key member [member ...] */
const sadd = defineCommand({
  name: "sadd",
  group: "set",
  summary: "Add one or more members to a set",
  since: "1.0.0",
  complexity: "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.",
  flags: ["write", "denyoom", "fast"],
  keySpecs: [["RW", "INSERT"]],
  args: { key: key(), member: multiple(text("member")) },
  run(client, args) {
    const name = args.key;
    const slot = client.db.lookupWrite(name, client.nowMs);
    let set = collectionAt(client, slot, SetValue);
    if (set === null) return;
    const members = args.member;
    if (set === undefined) {
      set = SetValue.forMember(members[0]!);
      client.db.add(name, set, client.nowMs);
    }
    const max = maxIntsetEntries(client);
    let added = 0;
    for (const member of members) if (set.add(member, max)) added++;
    if (added > 0) client.written(name, "sadd", added);
    client.reply.integer(added);
  },
});

/** SREM key member [member ...] */
const srem = defineCommand({
  name: "srem",
  group: "set",
  summary: "Remove one or more members from a set",
  since: "1.0.0",
  complexity: "O(N) where N is the number of members to be removed.",
  flags: ["write", "fast"],
  keySpecs: [["RW", "DELETE"]],
  args: { key: key(), member: multiple(text("member")) },
  run(client, args) {
    removeMembers(client, args.key, SetValue, args.member, "srem");
  },
});

/** SMOVE source destination member */
const smove = defineCommand({
  name: "smove",
  group: "set",
  summary: "Move a member from one set to another",
  since: "1.0.0",
  complexity: "O(1)",
  flags: ["write", "fast"],
  keySpecs: [["RW", "ACCESS", "DELETE"], ["RW", "INSERT"]],
  args: { source: key("source"), destination: key("destination"), member: bytes("member") },
  run(client, args) {
    const db = client.db;
    const sourceSlot = db.lookupWrite(args.source, client.nowMs);
    const destinationSlot = db.lookupWrite(args.destination, client.nowMs);
    // A missing source answers 0 before the destination's type is looked at.
    if (sourceSlot === -1) {
      client.reply.integer(0);
      return;
    }
    const source = collectionAt(client, sourceSlot, SetValue);
    if (!source) return;
    let destination = collectionAt(client, destinationSlot, SetValue);
    if (destination === null) return;
    const member = keyFromBytes(args.member);
    if (source === destination) {
      client.reply.integer(source.has(member) ? 1 : 0);
      return;
    }
    if (!source.delete(member)) {
      client.reply.integer(0);
      return;
    }
    client.written(args.source, "srem");
    deleteIfEmpty(client, args.source, sourceSlot, source.size);
    if (destination === undefined) {
      destination = SetValue.forMember(member);
      db.add(args.destination, destination, client.nowMs);
    }
    if (destination.add(member, maxIntsetEntries(client))) client.written(args.destination, "sadd");
    client.reply.integer(1);
  },
});

// --- SISMEMBER, SMISMEMBER, SCARD, SMEMBERS ------------------------------------------------------

/** SISMEMBER key member */
const sismember = defineCommand({
  name: "sismember",
  group: "set",
  summary: "Determine if a given value is a member of a set",
  since: "1.0.0",
  complexity: "O(1)",
  flags: ["readonly", "fast"],
  keySpecs: [["RO"]],
  args: { key: key(), member: bytes("member") },
  run(client, args) {
    const set = readCollection(client, args.key, SetValue);
    if (set !== null) client.reply.integer(set?.has(keyFromBytes(args.member)) ? 1 : 0);
  },
});

/** SMISMEMBER key member [member ...] */
const smismember = defineCommand({
  name: "smismember",
  group: "set",
  summary: "Returns the membership associated with the given elements for a set",
  since: "6.2.0",
  complexity: "O(N) where N is the number of elements being checked for membership",
  flags: ["readonly", "fast"],
  keySpecs: [READ_ACCESS],
  args: { key: key(), member: multiple(bytes("member")) },
  run(client, args) {
    const set = readCollection(client, args.key, SetValue);
    if (set === null) return;
    const reply = client.reply;
    reply.arrayHeader(args.member.length);
    for (const member of args.member) reply.integer(set?.has(keyFromBytes(member)) ? 1 : 0);
  },
});

/** SCARD key */
const scard = defineCommand({
  name: "scard",
  group: "set",
  summary: "Get the number of members in a set",
  since: "1.0.0",
  complexity: "O(1)",
  flags: ["readonly", "fast"],
  keySpecs: [["RO"]],
  args: { key: key() },
  run(client, args) {
    const set = readCollection(client, args.key, SetValue);
    if (set !== null) client.reply.integer(set?.size ?? 0);
  },
});

/** SMEMBERS key */
const smembers = defineCommand({
  name: "smembers",
  group: "set",
  summary: "Get all the members in a set",
  since: "1.0.0",
  complexity: "O(N) where N is the set cardinality.",
  flags: ["readonly"],
  tips: ["nondeterministic_output_order"],
  keySpecs: [READ_ACCESS],
  args: { key: key() },
  run(client, args) {
    // Redis 7.0 runs SMEMBERS as a one-set SINTER: the members in the set's own order.
    const set = readCollection(client, args.key, SetValue);
    if (set !== null) replySet(client, set?.members() ?? []);
  },
});

// --- SPOP, SRANDMEMBER ---------------------------------------------------------------------------

/** spopWithCountCommand: a set smaller than this many times the rest is rebuilt from what stays. */
const SPOP_MOVE_STRATEGY_MUL = 5;
/** srandmemberWithCountCommand: below this many times the count, draw from a copy of the whole set. */
const SRANDMEMBER_SUB_STRATEGY_MUL = 3;

/** SPOP key [count] */
const spop = defineCommand({
  name: "spop",
  group: "set",
  summary: "Remove and return one or multiple random members from a set",
  since: "1.0.0",
  complexity: "Without the count argument O(1), otherwise O(N) where N is the value of the passed count.",
  flags: ["write", "fast"],
  tips: ["nondeterministic_output"],
  keySpecs: [["RW", "ACCESS", "DELETE"]],
  args: { key: key(), count: optionalCountInRun() },
  run(client, args) {
    const count = countArgument(client, args.count);
    if (count !== undefined) {
      if (count !== null) spopWithCount(client, args.key, count);
      return;
    }
    const slot = client.db.lookupWrite(args.key, client.nowMs);
    const set = collectionAt(client, slot, SetValue);
    if (set === undefined) client.reply.nullBulk();
    if (!set) return;
    const member = set.random();
    set.delete(member);
    client.written(args.key, "spop");
    // Replay removes the member that was drawn.
    client.propagateAs(["SREM", args.key, member]);
    client.reply.bulkLatin1(member);
    deleteIfEmpty(client, args.key, slot, set.size);
  },
});

/** spopWithCountCommand: the count is checked before the key. */
function spopWithCount(client: Client, name: string, countArg: Uint8Array): void {
  const parsed = parseInt64(countArg);
  if (parsed === null || parsed < 0n) {
    client.reply.error(Errors.mustBePositive);
    return;
  }
  const db = client.db;
  const slot = db.lookupWrite(name, client.nowMs);
  const set = collectionAt(client, slot, SetValue);
  if (set === null) return;
  const count = Number(parsed);
  if (set === undefined || count === 0) {
    replySet(client, []);
    return;
  }
  const size = set.size;
  client.written(name, "spop", Math.min(count, size));
  if (count >= size) {
    // The whole set, replied as SUNION of it would (an intset-able result comes out sorted).
    replySet(client, union([set], maxIntsetEntries(client)).members());
    db.deleteSlot(slot);
    client.written(name, "del", 0);
    client.propagateAs(["DEL", name]);
    return;
  }
  const remaining = size - count;
  if (remaining * SPOP_MOVE_STRATEGY_MUL > count) {
    const popped = new Array<string>(count);
    for (let i = 0; i < count; i++) {
      const member = set.random();
      set.delete(member);
      popped[i] = member;
    }
    replySet(client, popped);
    propagateRemoved(client, name, popped);
    return;
  }
  // Popping most of the set: draw the few members that stay into a new set (whose encoding
  // setTypeCreate picks afresh, so a hashtable may become an intset again), reply the rest in
  // the old set's order, and store the new set under the key.
  const max = maxIntsetEntries(client);
  let kept: SetValue | undefined;
  for (let i = 0; i < remaining; i++) {
    const member = set.random();
    kept ??= SetValue.forMember(member);
    kept.add(member, max);
    set.delete(member);
  }
  const popped = set.members();
  replySet(client, popped);
  propagateRemoved(client, name, popped);
  db.replaceValue(slot, kept!);
}

/** SPOP with a count replays as one SREM per member drawn (in a MULTI, being more than one). */
function propagateRemoved(client: Client, name: string, members: readonly string[]): void {
  client.propagateAs(...members.map((member) => ["SREM", name, member]));
}

/** SRANDMEMBER key [count] */
const srandmember = defineCommand({
  name: "srandmember",
  group: "set",
  summary: "Get one or multiple random members from a set",
  since: "1.0.0",
  complexity: "Without the count argument O(1), otherwise O(N) where N is the absolute value of the passed count.",
  flags: ["readonly"],
  tips: ["nondeterministic_output"],
  keySpecs: [READ_ACCESS],
  args: { key: key(), count: optionalCountInRun() },
  run(client, args) {
    const count = countArgument(client, args.count);
    if (count !== undefined) {
      if (count !== null) srandmemberWithCount(client, args.key, count);
      return;
    }
    const set = readCollection(client, args.key, SetValue);
    if (set === undefined) client.reply.nullBulk();
    else if (set !== null) client.reply.bulkLatin1(set.random());
  },
});

/** srandmemberWithCountCommand: the count is read in [-LONG_MAX, LONG_MAX] before the key. */
function srandmemberWithCount(client: Client, name: string, countArg: Uint8Array): void {
  const parsed = parseInt64(countArg);
  if (parsed === null) {
    client.reply.error(Errors.notInteger);
    return;
  }
  if (parsed < -LONG_MAX) {
    client.reply.error(valueOutOfRange(-LONG_MAX, LONG_MAX));
    return;
  }
  const set = readCollection(client, name, SetValue);
  if (set === null) return;
  // Redis answers an empty array here, even in RESP3 (shared.emptyarray).
  if (set === undefined || parsed === 0n) {
    replyArray(client, []);
    return;
  }
  const unique = parsed > 0n;
  const count = Number(unique ? parsed : -parsed);
  const size = set.size;
  const reply = client.reply;
  if (!unique || count === 1) {
    // Repeats allowed: every pick is drawn from the whole set.
    reply.arrayHeader(count);
    for (let i = 0; i < count; i++) reply.bulkLatin1(set.random());
    return;
  }
  if (count >= size) {
    replyArray(client, set.members());
    return;
  }
  if (count * SRANDMEMBER_SUB_STRATEGY_MUL > size) {
    // Most of the set: a partial Fisher–Yates shuffle of a copy picks `count` distinct members.
    const pool = set.members().slice();
    for (let i = 0; i < count; i++) {
      const j = i + Math.floor(Math.random() * (size - i));
      const picked = pool[j]!;
      pool[j] = pool[i]!;
      pool[i] = picked;
    }
    pool.length = count;
    replyArray(client, pool);
    return;
  }
  // A small part of a big set: draw until `count` distinct members came up.
  const picked = new Set<string>();
  while (picked.size < count) picked.add(set.random());
  replyArray(client, [...picked]);
}

// --- SINTER, SINTERCARD, SINTERSTORE -------------------------------------------------------------

/**
 * sinterGenericCommand's walk: the members of the smallest set that every other set holds, in
 * the smallest set's order (ascending when it is an intset). Stops after `limit` matches
 * (0: no limit); `out`, when given, receives them. Returns how many matched.
 */
function intersect(sets: readonly SetValue[], limit: number, out: string[] | null): number {
  // Smallest first; a stable sort keeps argument order among equal sizes, as glibc's qsort does.
  const [smallest, ...others] = [...sets].sort((a, b) => a.size - b.size);
  let matched = 0;
  for (const member of smallest!.members()) {
    let everywhere = true;
    for (const other of others) {
      if (other !== smallest && !other.has(member)) {
        everywhere = false;
        break;
      }
    }
    if (!everywhere) continue;
    out?.push(member);
    if (++matched === limit) break;
  }
  return matched;
}

/** The sets of an intersection, or null after a WRONGTYPE reply or `onEmpty` (some key missing). */
function intersectionSources(client: Client, names: readonly string[], onEmpty: () => void): SetValue[] | null {
  const sets = lookupSources(client, names);
  if (sets === null) return null;
  // Intersecting with a missing key (an empty set) is empty: Redis answers at once.
  if (sets.includes(undefined)) {
    onEmpty();
    return null;
  }
  return sets as SetValue[];
}

/** SINTER key [key ...] */
const sinter = defineCommand({
  name: "sinter",
  group: "set",
  summary: "Intersect multiple sets",
  since: "1.0.0",
  complexity: "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.",
  flags: ["readonly"],
  tips: ["nondeterministic_output_order"],
  keySpecs: [READ_ACCESS],
  args: { key: multiple(key()) },
  run(client, args) {
    const sets = intersectionSources(client, args.key, () => replySet(client, []));
    if (sets === null) return;
    const members: string[] = [];
    intersect(sets, 0, members);
    replySet(client, members);
  },
});

/** SINTERCARD numkeys key [key ...] [LIMIT limit] */
const sintercard = defineCommand({
  name: "sintercard",
  group: "set",
  summary: "Intersect multiple sets and return the cardinality of the result",
  since: "7.0.0",
  complexity: "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.",
  flags: ["readonly"],
  keySpecs: [READ_ACCESS],
  // sinterCardCommand checks numkeys, then the LIMITs (the last one counts), before any lookup.
  args: {
    keys: numkeysKeys({
      notInteger: Errors.numkeysNotPositive,
      tooFew: Errors.numkeysNotPositive,
      tooMany: Errors.numkeysOverArgs,
    }),
    limit: withToken("LIMIT", int("limit", { error: Errors.limitNegative })),
  },
  run(client, { keys, limit = 0 }) {
    if (limit < 0) {
      client.reply.error(Errors.limitNegative);
      return;
    }
    const sets = intersectionSources(client, keys, () => client.reply.integer(0));
    if (sets !== null) client.reply.integer(intersect(sets, limit, null));
  },
});

/** SINTERSTORE destination key [key ...] */
const sinterstore = defineCommand({
  name: "sinterstore",
  group: "set",
  summary: "Intersect multiple sets and store the resulting set in a key",
  since: "1.0.0",
  complexity: "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.",
  flags: ["write", "denyoom"],
  keySpecs: [["RW", "UPDATE"], READ_ACCESS],
  args: { destination: key("destination"), key: multiple(key()) },
  run(client, args) {
    // A missing source: the destination goes before the reply, unlike an empty result's.
    const sets = intersectionSources(client, args.key, () => {
      deleteDestination(client, args.destination);
      client.reply.integer(0);
    });
    if (sets === null) return;
    const members: string[] = [];
    intersect(sets, 0, members);
    // The result starts as an intset and converts as setTypeAdd decides.
    const result = new SetValue(true);
    const max = maxIntsetEntries(client);
    for (const member of members) result.add(member, max);
    storeResult(client, args.destination, result, "sinterstore");
  },
});

// --- SUNION, SDIFF and their STORE forms ---------------------------------------------------------

/** SET_OP_UNION: every member of every set, added to a set that starts as an empty intset. */
function union(sets: readonly (SetValue | undefined)[], max: number): SetValue {
  const result = new SetValue(true);
  for (const set of sets) {
    if (set === undefined) continue;
    for (const member of set.members()) result.add(member, max);
  }
  return result;
}

/**
 * SET_OP_DIFF with Redis's choice of algorithm, which decides the result's encoding (and so
 * its order): algorithm 1 adds only the members that survive, algorithm 2 adds the whole first
 * set and then removes — an intset can turn into a hashtable on the way.
 */
function difference(sets: readonly (SetValue | undefined)[], max: number): SetValue {
  const result = new SetValue(true);
  const [first, ...rest] = sets;
  // The same key given again as a subtrahend: nothing can remain.
  if (first === undefined || rest.includes(first)) return result;
  let algorithmOneWork = 0;
  let algorithmTwoWork = 0;
  for (const set of sets) {
    if (set === undefined) continue;
    algorithmOneWork += first.size;
    algorithmTwoWork += set.size;
  }
  // Algorithm 1 has better constant times: Redis gives it a factor of two.
  if (Math.floor(algorithmOneWork / 2) <= algorithmTwoWork) {
    // Largest subtrahends first, as Redis orders them: a shared member is found sooner.
    const others = rest.filter((set): set is SetValue => set !== undefined).sort((a, b) => b.size - a.size);
    for (const member of first.members()) {
      if (!others.some((set) => set.has(member))) result.add(member, max);
    }
    return result;
  }
  for (const member of first.members()) result.add(member, max);
  for (const set of rest) {
    if (set === undefined) continue;
    for (const member of set.members()) result.delete(member);
    if (result.size === 0) break;
  }
  return result;
}

type SetOperation = typeof union;

/** SUNION key [key ...]  ·  SDIFF key [key ...] */
function defineUnionOrDiff(name: "sunion" | "sdiff", operation: SetOperation, summary: string, complexity: string) {
  return defineCommand({
    name,
    group: "set",
    summary,
    since: "1.0.0",
    complexity,
    flags: ["readonly"],
    tips: ["nondeterministic_output_order"],
    keySpecs: [READ_ACCESS],
    args: { key: multiple(key()) },
    run(client, args) {
      const sets = lookupSources(client, args.key);
      if (sets !== null) replySet(client, operation(sets, maxIntsetEntries(client)).members());
    },
  });
}

/** SUNIONSTORE destination key [key ...]  ·  SDIFFSTORE destination key [key ...] */
function defineUnionOrDiffStore(name: "sunionstore" | "sdiffstore", operation: SetOperation, summary: string, complexity: string) {
  return defineCommand({
    name,
    group: "set",
    summary,
    since: "1.0.0",
    complexity,
    flags: ["write", "denyoom"],
    keySpecs: [["OW", "UPDATE"], READ_ACCESS],
    args: { destination: key("destination"), key: multiple(key()) },
    run(client, args) {
      const sets = lookupSources(client, args.key);
      if (sets !== null) storeResult(client, args.destination, operation(sets, maxIntsetEntries(client)), name);
    },
  });
}

const UNION_COMPLEXITY = "O(N) where N is the total number of elements in all given sets.";
const sunion = defineUnionOrDiff("sunion", union, "Add multiple sets", UNION_COMPLEXITY);
const sdiff = defineUnionOrDiff("sdiff", difference, "Subtract multiple sets", UNION_COMPLEXITY);
const sunionstore = defineUnionOrDiffStore("sunionstore", union, "Add multiple sets and store the resulting set in a key", UNION_COMPLEXITY);
const sdiffstore = defineUnionOrDiffStore("sdiffstore", difference, "Subtract multiple sets and store the resulting set in a key", UNION_COMPLEXITY);

// --- SSCAN ---------------------------------------------------------------------------------------

/** SSCAN key cursor [MATCH pattern] [COUNT count] */
const sscan = defineCollectionScan<SetValue, string>("sscan", "set", "Incrementally iterate Set elements", {
  type: SetValue,
  width: 1,
  // An intset is returned whole in one call, whatever the cursor (scanGenericCommand).
  page: (set, cursor, count, found) => {
    if (!set.isIntset) return set.scan(cursor, count, found);
    for (const member of set.members()) found.push(member);
    return 0;
  },
  nameOf: (_set, member) => member,
  write: (client, _set, member) => client.reply.bulkLatin1(member),
});

export const setCommands: readonly Command[] = [
  sadd, srem, smove, sismember, smismember, scard, smembers, spop, srandmember,
  sinter, sintercard, sinterstore, sunion, sunionstore, sdiff, sdiffstore, sscan,
];
