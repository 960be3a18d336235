// The bridge between the keyspace's values and the RDB codec's: toRdbValue describes a stored
// value as rdbSaveObject would write it (compact encodings carried as hints, so a loader chooses
// the same encoding), fromRdbValue builds the value rdbLoadObject would (Redis 7.0): the same
// type, the encoding its thresholds choose, converting a compact blob that exceeds them.

import type { Config } from "../config/index.ts";
import type { RdbValue } from "./rdb/format.ts";
import { isPacked, unpackValue, type PackedValue } from "./rdb/value.ts";
import { DeferredValue, isString, type CollectionValue, type Keyspace, type StoredValue } from "../store/keyspace.ts";
import { HashValue } from "../store/types/hash.ts";
import { ListValue } from "../store/types/list.ts";
import { SetValue } from "../store/types/set.ts";
import { NONE, SortedSetValue } from "../store/types/sorted-set.ts";

/**
 * A stored value in the codec's form. It shares memory with the value (a string's bytes are a
 * view, a set's members its live array): encode it before the value changes.
 */
export function toRdbValue(keyspace: Keyspace, value: StoredValue | DeferredValue): RdbValue {
  const saved = savedForm(keyspace, value);
  return isPacked(saved) ? unpackValue(saved) : saved;
}

/**
 * What a snapshot writes for a value as it is held: a loaded collection not used since goes
 * back as it came, packed bytes included, without being built.
 */
export function savedForm(keyspace: Keyspace, value: StoredValue | DeferredValue): RdbValue | PackedValue {
  if (value instanceof LoadedCollection) return value.source;
  if (value instanceof DeferredValue) throw new Error("savedForm: a deferred value of unknown origin");
  if (isString(value)) return { type: "string", value: keyspace.stringBytes(value) };
  // Indexed loops rather than the types' iterators: a save visits every element, and a
  // generator step costs more than reading the element.
  if (value instanceof ListValue) {
    const elements: string[] = new Array(value.length);
    for (let i = 0; i < elements.length; i++) elements[i] = value.at(i);
    return { type: "list", elements };
  }
  if (value instanceof SetValue) {
    const members = value.members();
    return value.isIntset ? { type: "set", members, encoding: "intset" } : { type: "set", members };
  }
  if (value instanceof HashValue) {
    const entries: [string, string][] = [];
    for (let slot = 0; slot < value.slotLimit; slot++) {
      const field = value.fieldAt(slot);
      if (field !== undefined) entries.push([field, value.valueAt(slot)]);
    }
    return value.isListpack ? { type: "hash", entries, encoding: "listpack" } : { type: "hash", entries };
  }
  if (value instanceof SortedSetValue) {
    const entries: [string, number][] = [];
    for (let node = value.first; node !== NONE; node = value.next(node)) entries.push([value.memberOf(node), value.scoreOf(node)]);
    return value.isListpack ? { type: "zset", entries, encoding: "listpack" } : { type: "zset", entries };
  }
  throw new Error(`savedForm: no RDB form for a value of type ${value.type}`);
}

/** Inserting into a sorted set whose encoding is already chosen. */
const NO_LIMITS = { maxEntries: Infinity, maxValue: Infinity };

/** The settings rdbLoadObject consults when it picks an encoding. */
export type EncodingLimits = Pick<
  Config,
  | "set-max-intset-entries"
  | "hash-max-listpack-entries"
  | "hash-max-listpack-value"
  | "zset-max-listpack-entries"
  | "zset-max-listpack-value"
>;

/**
 * The keyspace value for a loaded one; strings are copied, so the source may be a view into a
 * file or a RESTORE argument. Encodings follow rdbLoadObject of Redis 7.0:
 * - a string gets tryObjectEncoding's (int / embstr / raw);
 * - a list is a quicklist whatever its form on disk;
 * - a set is an intset while it holds only integers and no more than set-max-intset-entries,
 *   whether it came as an intset blob or a plain set, else a hashtable;
 * - a hash or zset written as a listpack stays one unless it has more entries than
 *   *-max-listpack-entries (the value length is not checked for a blob Redis trusts); a plain
 *   one is a listpack only within both the entries and the value-length limits.
 */
export function fromRdbValue(keyspace: Keyspace, value: RdbValue, limits: EncodingLimits): StoredValue {
  return value.type === "string" ? keyspace.storeStringAuto(value.value) : collectionFromRdb(value, limits);
}

/** An RDB value that is not a string: a list, set, hash or sorted set. */
type RdbCollection = Exclude<RdbValue, { type: "string" }>;

function collectionFromRdb(value: RdbCollection, limits: EncodingLimits): CollectionValue {
  switch (value.type) {
    case "list": {
      const list = new ListValue();
      for (const element of value.elements) list.pushTail(element);
      return list;
    }
    case "set": {
      const maxIntset = limits["set-max-intset-entries"];
      const set = new SetValue(value.members.length <= maxIntset);
      for (const member of value.members) set.add(member, maxIntset);
      return set;
    }
    case "hash": {
      const hash = new HashValue();
      const hashLimits = {
        "hash-max-listpack-entries": limits["hash-max-listpack-entries"],
        "hash-max-listpack-value": value.encoding === "listpack" ? Infinity : limits["hash-max-listpack-value"],
      };
      for (const [field, v] of value.entries) hash.set(field, v, hashLimits);
      return hash;
    }
    case "zset": {
      // Decided up front, as rdbLoadObject converts only after loading: a plain zset bound for a
      // skiplist never passes through a listpack (which would turn a -0 score into 0).
      const maxValue = value.encoding === "listpack" ? Infinity : limits["zset-max-listpack-value"];
      const compact =
        value.entries.length <= limits["zset-max-listpack-entries"] && value.entries.every(([member]) => member.length <= maxValue);
      const zset = new SortedSetValue(compact);
      for (const [member, score] of value.entries) {
        const node = zset.nodeOf(member);
        if (node !== NONE) zset.setScore(node, score);
        else zset.insert(member, score, NO_LIMITS);
      }
      return zset;
    }
  }
}

/**
 * A collection as a snapshot held it, built into its keyspace form on first use (DeferredValue).
 * The encoding limits are the ones in force at load, as rdbLoadObject decides then.
 */
export class LoadedCollection extends DeferredValue {
  constructor(
    /** The value as read (checked whole), which a snapshot writes back unbuilt. */
    readonly source: RdbCollection | PackedValue,
    private readonly limits: EncodingLimits,
  ) {
    super();
  }

  build(): CollectionValue {
    const source = this.source;
    const value = isPacked(source) ? unpackValue(source) : source;
    if (value.type === "string") throw new Error("LoadedCollection: a packed string");
    return collectionFromRdb(value, this.limits);
  }
}

/**
 * The value a loaded record goes into the keyspace as: a string stored now (it is as cheap as
 * its copy), a collection deferred. `limits` must not change while the collection waits.
 */
export function loadedValue(keyspace: Keyspace, value: RdbValue | PackedValue, limits: EncodingLimits): StoredValue | DeferredValue {
  if (!isPacked(value) && value.type === "string") return keyspace.storeStringAuto(value.value);
  return new LoadedCollection(value, limits);
}
