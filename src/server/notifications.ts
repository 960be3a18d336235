// Keyspace notifications (Redis's notify.c): the `notify-keyspace-events` flags and their
// letters, the class of every event a command fires (the notifyKeyspaceEvent calls of db.c,
// expire.c, evict.c and t_*.c), and the notifier that publishes `__keyspace@<db>__:<key>`
// (message: the event) and `__keyevent@<db>__:<event>` (message: the key) for enabled classes.

import type { Database } from "../store/keyspace.ts";
import type { Server } from "./server.ts";

/** Redis's NOTIFY_* bits: K and E say where to publish, the rest which events. */
export const NotifyFlag = {
  keyspace: 1 << 0, // K
  keyevent: 1 << 1, // E
  generic: 1 << 2, // g
  string: 1 << 3, // $
  list: 1 << 4, // l
  set: 1 << 5, // s
  hash: 1 << 6, // h
  zset: 1 << 7, // z
  expired: 1 << 8, // x
  evicted: 1 << 9, // e
  stream: 1 << 10, // t
  keyMiss: 1 << 11, // m: not part of A, as in Redis
  module: 1 << 13, // d
  newKey: 1 << 14, // n: not part of A either
} as const;

/** NOTIFY_ALL, what `A` stands for. */
const NOTIFY_ALL =
  NotifyFlag.generic | NotifyFlag.string | NotifyFlag.list | NotifyFlag.set | NotifyFlag.hash | NotifyFlag.zset |
  NotifyFlag.expired | NotifyFlag.evicted | NotifyFlag.stream | NotifyFlag.module;

/**
 * The letters besides A, in the order keyspaceEventsFlagsToString prints them: the classes
 * (which A sums up, `n` aside), then K, E and m.
 */
const LETTERS: readonly (readonly [string, number])[] = [
  ["g", NotifyFlag.generic],
  ["$", NotifyFlag.string],
  ["l", NotifyFlag.list],
  ["s", NotifyFlag.set],
  ["h", NotifyFlag.hash],
  ["z", NotifyFlag.zset],
  ["x", NotifyFlag.expired],
  ["e", NotifyFlag.evicted],
  ["t", NotifyFlag.stream],
  ["d", NotifyFlag.module],
  ["n", NotifyFlag.newKey],
  ["K", NotifyFlag.keyspace],
  ["E", NotifyFlag.keyevent],
  ["m", NotifyFlag.keyMiss],
];

/** The letters printed after the classes, A or not. */
const NOT_CLASSES = NotifyFlag.keyspace | NotifyFlag.keyevent | NotifyFlag.keyMiss;

/** keyspaceEventsStringToFlags's letters. */
const LETTER_FLAGS: ReadonlyMap<string, number> = new Map([["A", NOTIFY_ALL], ...LETTERS]);

/** The CONFIG SET error for a letter outside the set (Redis's text, `n` included). */
export const INVALID_EVENT_CLASS = "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.";

/** keyspaceEventsStringToFlags: the flags of a letter string, null for an unknown letter. */
export function keyspaceEventsFromString(text: string): number | null {
  let flags = 0;
  for (const letter of text) {
    const flag = LETTER_FLAGS.get(letter);
    if (flag === undefined) return null;
    flags |= flag;
  }
  return flags;
}

/**
 * keyspaceEventsFlagsToString, what CONFIG GET prints: `A` when every class of A is on (and
 * then nothing of `n`, as Redis leaves it out too), else the class letters; then K, E, m.
 */
export function keyspaceEventsToString(flags: number): string {
  const all = (flags & NOTIFY_ALL) === NOTIFY_ALL;
  let text = all ? "A" : "";
  for (const [letter, flag] of LETTERS) {
    // Under A only K, E and m follow: A stands for the classes, and n is left out as Redis does.
    if (all && (flag & NOT_CLASSES) === 0) continue;
    if ((flags & flag) !== 0) text += letter;
  }
  return text;
}

/**
 * Every event name Redis 7.0 fires, with the class it fires it under. Commands name the event
 * in `client.written(key, event)`; an event missing here is never published (a unit test
 * checks that every event the commands fire is listed).
 */
export const EVENT_CLASSES: ReadonlyMap<string, number> = new Map([
  // db.c, expire.c, evict.c, cluster.c (RESTORE), sort.c's empty result
  ...["del", "expire", "persist", "rename_from", "rename_to", "move_from", "move_to", "copy_to", "restore"].map(
    (event) => [event, NotifyFlag.generic] as const,
  ),
  ["expired", NotifyFlag.expired],
  ["evicted", NotifyFlag.evicted],
  ["new", NotifyFlag.newKey],
  ["keymiss", NotifyFlag.keyMiss],
  // t_string.c, bitops.c (SETBIT, BITFIELD; BITOP fires "set"), hyperloglog.c
  ...["set", "setrange", "incrby", "incrbyfloat", "append", "setbit", "pfadd", "pfdebug"].map(
    (event) => [event, NotifyFlag.string] as const,
  ),
  // t_list.c (LMOVE fires a pop and a push), sort.c's STORE
  ...["lpush", "rpush", "lpop", "rpop", "linsert", "lset", "lrem", "ltrim", "sortstore"].map(
    (event) => [event, NotifyFlag.list] as const,
  ),
  // t_set.c (SMOVE fires srem and sadd)
  ...["sadd", "srem", "spop", "sinterstore", "sunionstore", "sdiffstore"].map((event) => [event, NotifyFlag.set] as const),
  // t_hash.c
  ...["hset", "hdel", "hincrby", "hincrbyfloat"].map((event) => [event, NotifyFlag.hash] as const),
  // t_zset.c, geo.c
  ...[
    "zadd", "zincr", "zrem", "zremrangebyrank", "zremrangebyscore", "zremrangebylex", "zpopmin", "zpopmax",
    "zunionstore", "zinterstore", "zdiffstore", "zrangestore", "georadiusstore", "geosearchstore",
  ].map((event) => [event, NotifyFlag.zset] as const),
  // t_stream.c
  ...[
    "xadd", "xtrim", "xdel", "xsetid", "xgroup-create", "xgroup-createconsumer", "xgroup-delconsumer",
    "xgroup-destroy", "xgroup-setid",
  ].map((event) => [event, NotifyFlag.stream] as const),
]);

/**
 * notifyKeyspaceEvent for one server. It listens to key changes only while some class is on
 * with K or E (otherwise a write pays nothing), and tells the keyspace whether to report new
 * keys and read misses, which only the `n` and `m` classes need.
 */
export class KeyspaceNotifier {
  private flags = 0;
  private readonly listener = (db: Database, key: string, event: string): void => this.notify(db, key, event);

  constructor(private readonly server: Server) {
    this.apply(server.config.values["notify-keyspace-events"]);
    server.config.onChange("notify-keyspace-events", (config) => this.apply(config["notify-keyspace-events"]));
  }

  private apply(classes: string): void {
    // The setting only holds strings its schema accepted (or "" by default).
    const flags = keyspaceEventsFromString(classes) ?? 0;
    this.flags = flags;
    const publishes = (flags & (NotifyFlag.keyspace | NotifyFlag.keyevent)) !== 0;
    const listeners = this.server.keyChangeListeners;
    const at = listeners.indexOf(this.listener);
    const wanted = publishes && (flags & ~(NotifyFlag.keyspace | NotifyFlag.keyevent)) !== 0;
    if (wanted && at === -1) listeners.push(this.listener);
    else if (!wanted && at !== -1) listeners.splice(at, 1);
    const keyspace = this.server.keyspace;
    keyspace.notifyNewKeys = publishes && (flags & NotifyFlag.newKey) !== 0;
    keyspace.notifyKeyMisses = publishes && (flags & NotifyFlag.keyMiss) !== 0;
  }

  /** notifyKeyspaceEvent: publishes the event if its class is on, to the channels K and E ask for. */
  notify(db: Database, key: string, event: string): void {
    const flags = this.flags;
    const eventClass = EVENT_CLASSES.get(event) ?? 0;
    if ((flags & eventClass) === 0) return;
    const pubsub = this.server.pubsub;
    if (flags & NotifyFlag.keyspace) pubsub.publish("channel", `__keyspace@${db.id}__:${key}`, event);
    if (flags & NotifyFlag.keyevent) pubsub.publish("channel", `__keyevent@${db.id}__:${event}`, key);
  }
}
