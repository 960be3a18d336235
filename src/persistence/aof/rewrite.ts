// Writing an AOF base file in the foreground (aof.c rewriteAppendOnlyFile): the dataset as an
// RDB snapshot with the aof-base AUX field (aof-use-rdb-preamble yes, the snapshot writer's
// job) or as the commands that rebuild it (rewriteAppendOnlyFileRio: SELECT per db, then per
// key SET, RPUSH, SADD, ZADD or HMSET in batches of 64 items, and PEXPIREAT for a TTL).
// Written to a temp file, fsynced, renamed into place, the directory fsynced.

import { closeSync, openSync, renameSync } from "node:fs";
import type { Server } from "../../server/server.ts";
import { formatDouble } from "../../store/numbers.ts";
import type { RdbValue } from "../rdb/format.ts";
import { writeSnapshotSync, type SnapshotTarget } from "../snapshot.ts";
import { toRdbValue } from "../values.ts";
import { CommandBuffer } from "./command-buffer.ts";
import { writeFully, type AofIo } from "./io.ts";

/** AOF_REWRITE_ITEMS_PER_CMD: elements per RPUSH/SADD/ZADD/HMSET. */
const ITEMS_PER_COMMAND = 64;
/** Bytes gathered before they are written out. */
const WRITE_CHUNK = 1024 * 1024;

/** rewriteAppendOnlyFile: the whole dataset as it is now, durably at `target.path`. */
export function writeBaseSync(server: Server, io: AofIo, target: SnapshotTarget, rdbFormat: boolean): void {
  if (rdbFormat) {
    writeSnapshotSync(server.keyspace, server.clock, target, server.rdb.format(true));
    return;
  }
  const fd = openSync(target.tempPath, "w", 0o644);
  try {
    writeCommands(server, (bytes) => writeFully(io, fd, bytes));
    io.fsync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(target.tempPath, target.path);
  io.syncDirectoryOf(target.path);
}

/** rewriteAppendOnlyFileRio: keys whose TTL has passed are left out. */
function writeCommands(server: Server, out: (bytes: Uint8Array) => void): void {
  const { keyspace } = server;
  const nowMs = server.clock.nowMs();
  const buffer = new CommandBuffer();
  // It starts with a timestamp annotation when they are on.
  if (server.config.values["aof-timestamp-enabled"]) buffer.line(`#TS:${Math.floor(nowMs / 1000)}`);
  for (const db of keyspace.dbs) {
    if (db.size === 0) continue;
    buffer.command(["SELECT", String(db.id)]);
    for (const [key, slot] of db.entries()) {
      if (db.isExpired(slot, nowMs)) continue;
      appendKeyCommands(buffer, key, toRdbValue(keyspace, db.storedAt(slot)));
      const deadline = db.expiresAtMs[slot]!;
      if (deadline !== 0) buffer.command(["PEXPIREAT", key, String(deadline)]);
      if (buffer.length >= WRITE_CHUNK) {
        out(buffer.bytes);
        buffer.clear();
      }
    }
  }
  out(buffer.bytes);
}

/** rewriteListObject, rewriteSetObject, rewriteSortedSetObject, rewriteHashObject, or a SET. */
function appendKeyCommands(buffer: CommandBuffer, key: string, value: RdbValue): void {
  switch (value.type) {
    case "string":
      buffer.command(["SET", key, value.value]);
      return;
    case "list":
      batched(buffer, ["RPUSH", key], value.elements, (element) => [element]);
      return;
    case "set":
      batched(buffer, ["SADD", key], value.members, (member) => [member]);
      return;
    case "zset":
      batched(buffer, ["ZADD", key], value.entries, ([member, score]) => [formatDouble(score), member]);
      return;
    case "hash":
      batched(buffer, ["HMSET", key], value.entries, ([field, v]) => [field, v]);
      return;
  }
}

/** One command per ITEMS_PER_COMMAND items: `prefix` then the items' arguments. */
function batched<T>(buffer: CommandBuffer, prefix: readonly string[], items: readonly T[], args: (item: T) => string[]): void {
  for (let start = 0; start < items.length; start += ITEMS_PER_COMMAND) {
    const argv = [...prefix];
    for (const item of items.slice(start, start + ITEMS_PER_COMMAND)) argv.push(...args(item));
    buffer.command(argv);
  }
}
