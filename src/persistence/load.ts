// Loading a snapshot into the keyspace (rdbLoad of Redis 7.0). Keys go in as they are decoded,
// with no copy of the whole file's records in between; all or nothing all the same: a problem
// found on the way (a corrupt or truncated part, a type redbun lacks, a duplicate key, a wrong
// checksum at the end) takes the keys added so far out again, so a bad file changes nothing
// and is never served half-loaded. Keys whose deadline has passed are skipped.

import type { Config } from "../config/settings.ts";
import type { Keyspace } from "../store/keyspace.ts";
import { RdbError, type RdbRecord, type RdbValue } from "./rdb/format.ts";
import { scanRdb } from "./rdb/reader.ts";
import { decodeOrPack, type PackedValue } from "./rdb/value.ts";
import { loadedValue, type EncodingLimits } from "./values.ts";

export interface LoadOptions {
  /** A key whose deadline is before this is skipped, as a master skips it (0: none is). */
  expireBeforeMs: number;
  /** The time keys are loaded at (their idle time starts here). */
  nowMs: number;
  /**
   * RDBFLAGS_ALLOW_DUP: a key already present is replaced. Replaced keys cannot be put back,
   * so a merging caller checks the file first (checkSnapshot).
   */
  merge: boolean;
}

/** What a load did, and the file's AUX fields (redis-ver, ctime, used-mem …) for its log. */
export interface LoadOutcome {
  loaded: number;
  expired: number;
  aux: ReadonlyMap<string, string>;
  /** Bytes the snapshot took: a legacy AOF goes on with commands after its RDB preamble. */
  length: number;
}

/**
 * Reads a whole snapshot (rdbchecksum decides whether the CRC is checked) and hands over the
 * keys not expired before `expireBeforeMs`. Throws an RdbError for a file that cannot be loaded
 * whole, or one made for more dbs than `databases`.
 */
function scanKeys(
  config: Config,
  bytes: Uint8Array,
  expireBeforeMs: number,
  onKey: (record: RdbRecord<RdbValue | PackedValue>) => void,
): { expired: number; aux: ReadonlyMap<string, string>; length: number } {
  let expired = 0;
  // Compact values stay packed: a key's structure is built when it is first used.
  const file = scanRdb(bytes, { verifyChecksum: config.rdbchecksum }, decodeOrPack, (record) => {
    if (record.expiresAtMs !== null && record.expiresAtMs < expireBeforeMs) {
      expired++;
      return;
    }
    if (record.db >= config.databases) {
      throw new RdbError(
        `FATAL: Data file was created with a Redis server configured to handle more than ${config.databases} databases. Exiting`,
      );
    }
    onKey(record);
  });
  return { expired, aux: file.aux, length: file.length };
}

/** Reads and checks a whole snapshot without loading it: throws the RdbError loading would. */
export function checkSnapshot(config: Config, bytes: Uint8Array): void {
  scanKeys(config, bytes, 0, () => undefined);
}

/**
 * rdbLoad: a snapshot's keys into the keyspace (dbAddRDBLoad). Without `merge` a key already
 * present, or twice in the file, refuses the load (Redis would stop with a panic halfway).
 * Throws an RdbError, after taking out every key it added.
 */
export function loadSnapshot(keyspace: Keyspace, config: Config, bytes: Uint8Array, options: LoadOptions): LoadOutcome {
  const { merge, nowMs } = options;
  /** The slots added, per db, to take out again if the load fails (none is freed meanwhile without merge). */
  const added: number[][] = keyspace.dbs.map(() => []);
  let loaded = 0;
  // dbAddRDBLoad raises no "new" keyspace event.
  const notifyNewKeys = keyspace.notifyNewKeys;
  keyspace.notifyNewKeys = false;
  // The thresholds in force now, for collections built later (a CONFIG SET meanwhile does not
  // change the encoding a loaded value gets, as in Redis, which converts while loading).
  const limits: EncodingLimits = {
    "set-max-intset-entries": config["set-max-intset-entries"],
    "hash-max-listpack-entries": config["hash-max-listpack-entries"],
    "hash-max-listpack-value": config["hash-max-listpack-value"],
    "zset-max-listpack-entries": config["zset-max-listpack-entries"],
    "zset-max-listpack-value": config["zset-max-listpack-value"],
  };
  try {
    const scanned = scanKeys(config, bytes, options.expireBeforeMs, (record) => {
      const db = keyspace.dbs[record.db]!;
      const existing = db.peekSlot(record.key);
      if (existing !== -1) {
        if (!merge) throw new RdbError(`RDB: duplicated key ${JSON.stringify(record.key)} in db ${record.db}`);
        db.deleteSlot(existing);
      }
      const slot = db.add(record.key, loadedValue(keyspace, record.value, limits), nowMs, record.expiresAtMs ?? 0);
      if (record.idleSec !== undefined) db.setIdleSeconds(slot, record.idleSec, nowMs);
      if (!merge) added[record.db]!.push(slot);
      loaded++;
    });
    return { loaded, ...scanned };
  } catch (error) {
    for (const [index, slots] of added.entries()) {
      const db = keyspace.dbs[index]!;
      for (const slot of slots) db.deleteSlot(slot);
    }
    throw error;
  } finally {
    keyspace.notifyNewKeys = notifyNewKeys;
  }
}
