// Typed key lookups shared by the collection groups (lists, sets, hashes, sorted sets): Redis's
// lookupKeyRead/lookupKeyWrite followed by checkType, which answers WRONGTYPE when the key
// holds another type. Each group passes its value class; strings have their own in string.ts.
// Also the other end of a collection's life: the key goes when its last element does (SREM,
// HDEL and ZREM share their whole body), and the *STORE commands' setKey-or-dbDelete ending.

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

/**
 * After elements left the collection at `slot`, which now holds `remaining`: a collection that
 * became empty goes with its key, and its "del" event comes after the command's own (the
 * dbDelete + notifyKeyspaceEvent("del") of Redis's t_*.c).
 */
export function deleteIfEmpty(client: Client, key: string, slot: number, remaining: number): void {
  if (remaining > 0) return;
  client.db.deleteSlot(slot);
  client.written(key, "del", 0);
}

/**
 * The ending of a *STORE command (setKey or dbDelete): a non-empty `result` (holding `size`
 * elements) replaces whatever `destination` held, dropping its TTL, and fires `event`; an empty
 * one deletes the destination. The caller replies, before or after as Redis does.
 */
export function storeCollection(client: Client, destination: string, result: CollectionValue, size: number, event: string, changes = 1): void {
  if (size === 0) return deleteDestination(client, destination);
  client.db.set(destination, result, client.nowMs);
  client.written(destination, event, changes);
}

/** dbDelete of a *STORE destination, with its "del" event: no expiry check, so a key past its deadline not yet reclaimed counts too. */
export function deleteDestination(client: Client, destination: string): void {
  const slot = client.db.peekSlot(destination);
  if (slot === -1) return;
  client.db.deleteSlot(slot);
  client.written(destination, "del");
}

/** A collection that members or fields are removed from one by one (sets, hashes, sorted sets). */
interface Removable extends CollectionValue {
  readonly size: number;
  delete(member: string): boolean;
}

/**
 * sremCommand, hdelCommand and zremCommand: removes `members` from the collection at `key`,
 * stopping at the one that empties it (the key goes then; later members are not looked at),
 * fires `event` with the count, then "del", then replies the count.
 */
export function removeMembers<T extends Removable>(client: Client, key: string, type: CollectionClass<T>, members: readonly string[], event: string): void {
  const slot = client.db.lookupWrite(key, client.nowMs);
  const value = collectionAt(client, slot, type);
  if (value === null) return;
  let deleted = 0;
  if (value !== undefined) {
    for (const member of members) {
      if (!value.delete(member)) continue;
      deleted++;
      if (value.size === 0) break;
    }
    if (deleted > 0) {
      client.written(key, event, deleted);
      deleteIfEmpty(client, key, slot, value.size);
    }
  }
  client.reply.integer(deleted);
}
