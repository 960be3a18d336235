// WATCH's bookkeeping, as Redis's multi.c keeps it: per db number, each watched key → the
// watchers in the order they called WATCH; per client, the keys it watches. A change to a
// watched key (touch) marks its watchers dirty (CLIENT_DIRTY_CAS), and their EXEC then answers
// a null array. Keys that had already expired when watched only count once they really change.

import type { Database } from "../store/keyspace.ts";
import type { Client } from "./client.ts";

/** One client watching one key (Redis's watchedKey). */
export interface WatchedKey {
  readonly client: Client;
  /** The db number: watches stay with the number across SWAPDB, as Redis keeps db->watched_keys. */
  readonly dbIndex: number;
  readonly key: string;
  /**
   * The key was there but past its deadline when WATCH ran (watchedKey.expired): its removal
   * is no change, and EXEC does not count it as expired since WATCH.
   */
  expired: boolean;
}

/** keyIsExpired: the key is in the db (not yet removed) and its deadline has passed. */
function keyIsExpired(db: Database, key: string, nowMs: number): boolean {
  const slot = db.peekSlot(key);
  return slot !== -1 && db.isExpired(slot, nowMs);
}

export class WatchRegistry {
  /** Per db number: key → its watchers. A db nobody watches has no map. */
  private readonly byDb: (Map<string, WatchedKey[]> | undefined)[] = [];
  /** How many WatchedKey entries exist: a write checks this before any lookup. */
  private count = 0;

  /** watchForKey: `key` in the client's selected db; watching it twice is a no-op. */
  watch(client: Client, key: string, nowMs: number): void {
    const dbIndex = client.dbIndex;
    for (const watched of client.watchedKeys) {
      if (watched.dbIndex === dbIndex && watched.key === key) return;
    }
    const watched: WatchedKey = { client, dbIndex, key, expired: keyIsExpired(client.db, key, nowMs) };
    const keys = (this.byDb[dbIndex] ??= new Map());
    const watchers = keys.get(key);
    if (watchers === undefined) keys.set(key, [watched]);
    else watchers.push(watched);
    client.watchedKeys.push(watched);
    this.count++;
  }

  /** unwatchAllKeys: the dirty flag is the caller's to clear. */
  unwatchAll(client: Client): void {
    const watchedKeys = client.watchedKeys;
    if (watchedKeys.length === 0) return;
    for (const watched of watchedKeys) {
      const keys = this.byDb[watched.dbIndex]!;
      const watchers = keys.get(watched.key)!;
      if (watchers.length === 1) keys.delete(watched.key);
      else watchers.splice(watchers.indexOf(watched), 1);
    }
    this.count -= watchedKeys.length;
    watchedKeys.length = 0;
  }

  /**
   * touchWatchedKey (signalModifiedKey): `key` changed in `db`. Its watchers become dirty and,
   * as in Redis 7.0, stop watching anything (their EXEC fails whatever happens next).
   */
  touch(db: Database, key: string, nowMs: number): void {
    if (this.count === 0) return;
    const watchers = this.byDb[db.id]?.get(key);
    if (watchers === undefined) return;
    // Dirtying a watcher unwatches it, which edits this array: walk a copy.
    for (const watched of [...watchers]) {
      if (watched.expired) {
        // Removing a key that had expired before WATCH changes nothing logically. Redis
        // leaves such a watcher alone while the key is still there; redbun checks the key
        // is still that expired one, since a command may overwrite it without a lookup.
        const slot = db.peekSlot(key);
        if (slot === -1) {
          watched.expired = false;
          continue;
        }
        if (db.isExpired(slot, nowMs)) continue;
      }
      this.markDirty(watched.client);
    }
  }

  /**
   * touchAllWatchedKeysInDb, for FLUSHDB, FLUSHALL (`replacedWith` null) and SWAPDB (the db
   * that takes `emptied`'s place): every watched key that exists in either db is touched,
   * except keys that stay logically absent (expired before, removed or expired after).
   * Call it before the dbs change.
   */
  touchAllInDb(emptied: Database, replacedWith: Database | null, nowMs: number): void {
    const keys = this.byDb[emptied.id];
    if (keys === undefined) return;
    const dirty: Client[] = [];
    for (const [key, watchers] of keys) {
      const existsInEmptied = emptied.peekSlot(key) !== -1;
      const existsInReplacement = replacedWith !== null && replacedWith.peekSlot(key) !== -1;
      if (!existsInEmptied && !existsInReplacement) continue;
      for (const watched of watchers) {
        if (watched.expired) {
          if (!existsInReplacement) {
            watched.expired = false;
            continue;
          }
          if (keyIsExpired(replacedWith!, key, nowMs)) continue;
        } else if (!existsInEmptied && keyIsExpired(replacedWith!, key, nowMs)) {
          // An absent key replaced by an expired one: still absent, but now watched as expired.
          watched.expired = true;
          continue;
        }
        dirty.push(watched.client);
      }
    }
    // Redis only flags here (unwatching would break its iteration); redbun unwatches too,
    // after the walk, as touch does: a dirty client's watches can no longer matter.
    for (const client of dirty) this.markDirty(client);
  }

  /** isWatchedKeyExpired: a watched key that was live at WATCH has passed its deadline since. */
  anyExpiredSinceWatch(client: Client, dbs: readonly Database[], nowMs: number): boolean {
    for (const watched of client.watchedKeys) {
      if (!watched.expired && keyIsExpired(dbs[watched.dbIndex]!, watched.key, nowMs)) return true;
    }
    return false;
  }

  private markDirty(client: Client): void {
    client.dirtyCas = true;
    this.unwatchAll(client);
  }
}
