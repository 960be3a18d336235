// The whole dataset as one RDB image in memory, for SYNC (what redis-cli --rdb saves): the
// format (rdbcompression, rdbchecksum, AUX fields) is the one SAVE uses; written in one pass,
// as a point-in-time image needs no copy-on-write when nothing runs in between.

import type { Keyspace } from "../store/keyspace.ts";
import { RdbWriter } from "./rdb/writer.ts";
import type { SnapshotFormat } from "./snapshot.ts";
import { toRdbValue } from "./values.ts";

/** rdbSaveRio into a buffer; `withData` false leaves the keys out (REPLCONF rdb-filter-only). */
export function snapshotBytes(keyspace: Keyspace, format: SnapshotFormat, withData: boolean): Uint8Array {
  const writer = new RdbWriter(format);
  writer.begin(format.aux);
  for (const db of withData ? keyspace.dbs : []) {
    if (db.size === 0) continue;
    writer.selectDb(db.id, db.size, db.volatileCount);
    for (const [key, slot] of db.entries()) {
      const deadlineMs = db.expiresAtMs[slot]!;
      writer.record(key, toRdbValue(keyspace, db.valueAt(slot)), deadlineMs === 0 ? null : deadlineMs);
    }
  }
  writer.end();
  return writer.take();
}
