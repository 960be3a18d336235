// Loading a snapshot into the keyspace (rdbLoad of Redis 7.0). All or nothing: the whole file is
// read and checked (magic, version, checksum, every encoding, db numbers, duplicate keys) before
// the first key is added, so a bad file changes nothing and is never served half-loaded. Keys
// whose deadline has passed are skipped, as a master skips them.

import type { Config } from "../config/settings.ts";
import type { Keyspace } from "../store/keyspace.ts";
import { RdbError, type RdbRecord } from "./rdb/format.ts";
import { readRdb } from "./rdb/reader.ts";
import { fromRdbValue } from "./values.ts";

/** A snapshot read whole and checked, ready to be added to the keyspace. */
export interface ReadSnapshot {
  /** The keys to load: those whose deadline has not passed. */
  records: RdbRecord[];
  keysExpired: number;
  /** The file's AUX fields (redis-ver, ctime, used-mem …), for the load log. */
  aux: ReadonlyMap<string, string>;
  /** Bytes the snapshot took: a legacy AOF goes on with commands after its RDB preamble. */
  length: number;
}

/**
 * Reads a whole snapshot (rdbchecksum decides whether the CRC is checked) and drops the keys
 * already expired at `nowMs`. Throws an RdbError for a file that cannot be loaded whole, or one
 * made for more dbs than `databases`.
 */
export function readSnapshot(config: Config, bytes: Uint8Array, nowMs: number): ReadSnapshot {
  const file = readRdb(bytes, { verifyChecksum: config.rdbchecksum });
  const records = file.records.filter((record) => record.expiresAtMs === null || record.expiresAtMs >= nowMs);
  for (const { db } of records) {
    if (db >= config.databases) {
      throw new RdbError(
        `FATAL: Data file was created with a Redis server configured to handle more than ${config.databases} databases. Exiting`,
      );
    }
  }
  return { records, keysExpired: file.records.length - records.length, aux: file.aux, length: file.length };
}

/**
 * Adds a read snapshot's keys (dbAddRDBLoad): with `merge` (RDBFLAGS_ALLOW_DUP) a key already
 * present is replaced; otherwise a key present, or twice in the file, refuses the whole load
 * before anything is added (Redis would stop with a panic halfway). Returns the keys loaded.
 */
export function applySnapshot(keyspace: Keyspace, config: Config, snapshot: ReadSnapshot, merge: boolean, nowMs: number): number {
  if (!merge) checkDuplicates(keyspace, snapshot.records);
  // dbAddRDBLoad raises no "new" keyspace event.
  const notifyNewKeys = keyspace.notifyNewKeys;
  keyspace.notifyNewKeys = false;
  try {
    for (const record of snapshot.records) {
      const db = keyspace.dbs[record.db]!;
      const existing = db.peekSlot(record.key);
      if (existing !== -1) db.deleteSlot(existing);
      const slot = db.add(record.key, fromRdbValue(keyspace, record.value, config), nowMs);
      if (record.expiresAtMs !== null) db.setExpire(slot, record.expiresAtMs);
      if (record.idleSec !== undefined) db.setIdleSeconds(slot, record.idleSec, nowMs);
    }
  } finally {
    keyspace.notifyNewKeys = notifyNewKeys;
  }
  return snapshot.records.length;
}

function checkDuplicates(keyspace: Keyspace, records: readonly RdbRecord[]): void {
  const seen = keyspace.dbs.map(() => new Set<string>());
  for (const { db, key } of records) {
    if (seen[db]!.has(key) || keyspace.dbs[db]!.peekSlot(key) !== -1) {
      throw new RdbError(`RDB: duplicated key ${JSON.stringify(key)} in db ${db}`);
    }
    seen[db]!.add(key);
  }
}
