// Typed key lookups shared by the collection groups (lists, sets, hashes, sorted sets): Redis's
// lookupKeyRead/lookupKeyWrite followed by checkType, which answers WRONGTYPE when the key
// holds another type. Each group passes its value class; strings have their own in string.ts.

import { Errors } from "../protocol/errors.ts";
import type { Client } from "../server/client.ts";
import type { CollectionValue } from "../store/keyspace.ts";

/** A collection class (ListValue, SetValue …), used to check a stored value's type. */
export type CollectionClass<T extends CollectionValue> = abstract new (...args: never[]) => T;

/**
 * The value at `slot` if it is a `type`, undefined when the key is absent (slot -1), or null
 * after replying WRONGTYPE.
 */
export function collectionAt<T extends CollectionValue>(
  client: Client,
  slot: number,
  type: CollectionClass<T>,
): T | undefined | null {
  if (slot === -1) return undefined;
  const value = client.db.valueAt(slot);
  if (value instanceof type) return value;
  client.reply.error(Errors.wrongType);
  return null;
}

/** lookupKeyRead + checkType: counts a hit or miss and touches the LRU clock. */
export function readCollection<T extends CollectionValue>(
  client: Client,
  key: string,
  type: CollectionClass<T>,
): T | undefined | null {
  return collectionAt(client, client.db.lookupRead(key, client.nowMs), type);
}

/** lookupKeyWrite + checkType: for commands that will change the key. */
export function writeCollection<T extends CollectionValue>(
  client: Client,
  key: string,
  type: CollectionClass<T>,
): T | undefined | null {
  return collectionAt(client, client.db.lookupWrite(key, client.nowMs), type);
}
