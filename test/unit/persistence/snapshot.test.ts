// The background snapshot against the keyspace directly: a SnapshotJob writing one key per
// event-loop turn while every kind of change the keyspace makes (value replaced in place or not,
// TTL set or removed, key deleted, expired, renamed, moved, db flushed or swapped, slot reused)
// lands between its slices. The file must hold exactly the keys as they were at the start.

import { expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readRdb } from "../../../src/persistence/rdb/reader.ts";
import { SnapshotJob, writeSnapshotSync, type SnapshotFormat } from "../../../src/persistence/snapshot.ts";
import { ManualClock } from "../../../src/store/clock.ts";
import { Keyspace, StringEncoding } from "../../../src/store/keyspace.ts";
import { ListValue } from "../../../src/store/types/list.ts";
import { comparable, snapshotOfRecord, sortRecords } from "./rdb/snapshot.ts";

const NOW = 1_700_000_000_000;
const FORMAT: SnapshotFormat = { compression: true, checksum: true, aux: { ctimeSec: NOW / 1000, usedMem: 0, aofBase: false } };
const bytes = (s: string): Uint8Array => Buffer.from(s, "latin1");
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function keysOf(path: string) {
  return sortRecords(readRdb(readFileSync(path)).records.map((record) => comparable(snapshotOfRecord(record))));
}

test("a sliced snapshot is the keyspace as it was when it began", async () => {
  const dir = mkdtempSync(join(tmpdir(), "redbun-snapshot-"));
  try {
    const clock = new ManualClock(NOW);
    const keyspace = new Keyspace(4, { expired: () => undefined });
    const [db0, db1, db2, db3] = keyspace.dbs as [typeof keyspace.dbs[0], typeof keyspace.dbs[0], typeof keyspace.dbs[0], typeof keyspace.dbs[0]];
    for (const db of [db0, db1, db2, db3]) {
      for (let i = 0; i < 30; i++) db.add(`k${i}`, keyspace.storeStringAuto(bytes(`v${i}-of-${db.id}`)), NOW);
    }
    const list = new ListValue();
    for (const element of ["a", "b", "c"]) list.pushTail(element);
    db0.add("list", list, NOW);
    db0.add("long", keyspace.storeString(bytes("L".repeat(5000)), StringEncoding.raw), NOW);
    db0.add("counter", keyspace.storeStringAuto(bytes("100")), NOW);
    db0.setExpire(db0.peekSlot("k1"), NOW + 50_000);
    db3.setExpire(db3.peekSlot("k2"), NOW + 1000);
    db1.setExpire(db1.peekSlot("k3"), NOW + 2000);
    const expected = join(dir, "expected.rdb");
    writeSnapshotSync(keyspace, clock, { path: expected, tempPath: join(dir, "temp-expected.rdb") }, FORMAT);

    const job = new SnapshotJob(keyspace, clock, { path: join(dir, "dump.rdb"), tempPath: join(dir, "temp.rdb") }, FORMAT, {
      keysPerSlice: 1,
      sliceMs: 1000,
    });
    expect(() => new SnapshotJob(keyspace, clock, { path: join(dir, "x.rdb"), tempPath: join(dir, "x.tmp") }, FORMAT, { keysPerSlice: 1, sliceMs: 1 })).toThrow();
    const changes: (() => void)[] = [
      // In place: the list (after lookupWrite), the integer rewritten in its slab slot.
      () => db0.lookupWrite("list", NOW) !== -1 && list.pushTail("d"),
      () => db0.rewriteString(db0.peekSlot("counter"), bytes("101"), StringEncoding.int),
      () => db0.replaceValue(db0.peekSlot("k29"), keyspace.storeStringAuto(bytes("replaced"))),
      () => db0.set("k28", keyspace.storeStringAuto(bytes("set")), NOW),
      () => db0.removeExpire(db0.peekSlot("k1")),
      () => db0.setExpire(db0.peekSlot("k27"), NOW + 5),
      () => db0.deleteSlot(db0.peekSlot("k26")),
      // A freed slot reused by a new key: the new key is not in the image.
      () => db0.add("brand-new", keyspace.storeStringAuto(bytes("new")), NOW),
      // RENAME and MOVE: the value leaves its slot.
      () => db0.add("renamed", db0.detachSlot(db0.peekSlot("k25")), NOW),
      () => db3.add("moved", db0.detachSlot(db0.peekSlot("k24")), NOW),
      // Keys of later dbs, changed before their turn.
      () => db3.replaceValue(db3.peekSlot("k0"), keyspace.storeStringAuto(bytes("early"))),
      () => db2.deleteSlot(db2.peekSlot("k29")),
      // Expiry: lazily on lookup, and by the keyspace itself.
      () => {
        clock.advance(3000);
        expect(db3.lookupRead("k2", clock.nowMs())).toBe(-1);
        db1.expireSlot(db1.peekSlot("k3"));
      },
      // FLUSHDB of a db not written yet, then new keys in its place; SWAPDB.
      () => keyspace.flushDb(2),
      () => keyspace.dbs[2]!.add("after-flush", keyspace.storeStringAuto(bytes("x")), NOW),
      () => keyspace.swap(1, 3),
      () => keyspace.dbs[1]!.add("after-swap", keyspace.storeStringAuto(bytes("y")), NOW),
    ];
    for (const change of changes) {
      await turn();
      change();
    }
    await job.done;
    expect(keyspace.observer).toBeNull();
    expect(keysOf(join(dir, "dump.rdb"))).toEqual(keysOf(expected));
    // The flushed db's old contents were given back once written.
    expect(keyspace.dbs[2]!.size).toBe(1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("an aborted snapshot stops observing, removes its temp file and rejects", async () => {
  const dir = mkdtempSync(join(tmpdir(), "redbun-snapshot-"));
  try {
    const keyspace = new Keyspace(1, { expired: () => undefined });
    for (let i = 0; i < 50; i++) keyspace.dbs[0]!.add(`k${i}`, keyspace.storeStringAuto(bytes("v")), NOW);
    const target = { path: join(dir, "dump.rdb"), tempPath: join(dir, "temp.rdb") };
    const job = new SnapshotJob(keyspace, new ManualClock(NOW), target, FORMAT, { keysPerSlice: 1, sliceMs: 1000 });
    await turn();
    await turn();
    job.abort();
    expect(keyspace.observer).toBeNull();
    // Not expect(…).rejects: bun:test waits for it inside this setImmediate batch, where the
    // job's own next setImmediate cannot run (oven-sh/bun#39103).
    const failure = await job.done.then(() => null, (error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toBe("Background saving aborted");
    expect(() => readFileSync(target.tempPath)).toThrow();
    expect(() => readFileSync(target.path)).toThrow();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
