// The active expiry cycle (src/store/expire.ts) driven by a ManualClock: cycles remove keys whose
// deadline passed in every db without anyone reading them, stop early when a sample finds few
// expired keys, and never touch keys without a TTL or with a deadline still ahead.

import { describe, expect, test } from "bun:test";
import { ManualClock } from "../../../src/store/clock.ts";
import { activeExpireCycle } from "../../../src/store/expire.ts";
import { Keyspace } from "../../../src/store/keyspace.ts";

const enc = new TextEncoder();

function setup(databases = 1): { keyspace: Keyspace; clock: ManualClock; expired: string[] } {
  const expired: string[] = [];
  const keyspace = new Keyspace(databases, { expired: (db, key) => expired.push(`${db.id}:${key}`) });
  return { keyspace, clock: new ManualClock(), expired };
}

/** Adds `count` keys named `${prefix}${i}` to db `dbIndex`, with a TTL of `ttlMs` unless it is 0. */
function fill(keyspace: Keyspace, clock: ManualClock, dbIndex: number, prefix: string, count: number, ttlMs: number): void {
  const db = keyspace.dbs[dbIndex]!;
  for (let i = 0; i < count; i++) {
    const slot = db.add(`${prefix}${i}`, keyspace.storeStringAuto(enc.encode("value")), clock.nowMs());
    if (ttlMs !== 0) db.setExpire(slot, clock.nowMs() + ttlMs);
  }
}

/** Runs cycles until no key with a TTL is left or `limit` cycles ran; returns how many ran. */
function cycleUntilNoVolatile(keyspace: Keyspace, clock: ManualClock, limit: number): number {
  let cycles = 0;
  while (cycles < limit && keyspace.dbs.some((db) => db.volatileCount > 0)) {
    activeExpireCycle(keyspace, clock);
    cycles++;
  }
  return cycles;
}

describe("activeExpireCycle", () => {
  test("removes many expired keys that nobody reads, and none without a TTL", () => {
    const { keyspace, clock, expired } = setup();
    fill(keyspace, clock, 0, "ttl", 5000, 100);
    fill(keyspace, clock, 0, "keep", 3000, 0);
    const db = keyspace.dbs[0]!;
    expect(activeExpireCycle(keyspace, clock)).toBe(0);
    expect(db.size).toBe(8000);

    clock.advance(100);
    const cycles = cycleUntilNoVolatile(keyspace, clock, 100);
    expect(db.volatileCount).toBe(0);
    expect(cycles).toBeLessThan(100);
    expect(db.size).toBe(3000);
    expect(keyspace.stats.expiredKeys).toBe(5000);
    expect(expired.length).toBe(5000);
    for (let i = 0; i < 3000; i++) expect(db.peekSlot(`keep${i}`)).not.toBe(-1);
  });

  test("keys whose deadline is still ahead survive any number of cycles", () => {
    const { keyspace, clock } = setup();
    fill(keyspace, clock, 0, "soon", 200, 1000);
    fill(keyspace, clock, 0, "late", 200, 60_000);
    clock.advance(1000);
    for (let i = 0; i < 200; i++) activeExpireCycle(keyspace, clock);
    const db = keyspace.dbs[0]!;
    expect(db.volatileCount).toBe(200);
    for (let i = 0; i < 200; i++) {
      expect(db.peekSlot(`soon${i}`)).toBe(-1);
      expect(db.peekSlot(`late${i}`)).not.toBe(-1);
    }
  });

  test("returns how many keys it removed", () => {
    const { keyspace, clock } = setup();
    fill(keyspace, clock, 0, "k", 10, 5);
    clock.advance(5);
    let removed = 0;
    for (let i = 0; i < 50 && keyspace.dbs[0]!.volatileCount > 0; i++) removed += activeExpireCycle(keyspace, clock);
    expect(removed).toBe(10);
  });

  test("works through every db", () => {
    const { keyspace, clock, expired } = setup(4);
    fill(keyspace, clock, 0, "a", 100, 10);
    fill(keyspace, clock, 3, "d", 100, 10);
    fill(keyspace, clock, 2, "c", 100, 0);
    clock.advance(10);
    cycleUntilNoVolatile(keyspace, clock, 50);
    expect(keyspace.dbs.map((db) => db.size)).toEqual([0, 0, 100, 0]);
    expect(expired.filter((entry) => entry.startsWith("3:")).length).toBe(100);
  });

  test("a sample with few expired keys ends the db's turn (the rest wait for later cycles)", () => {
    const { keyspace, clock } = setup();
    // One expired key among many live ones: a sample finds at most a few, so a cycle stops
    // after one round; the key still goes eventually, by sampling, without a full scan.
    fill(keyspace, clock, 0, "live", 1000, 60_000);
    fill(keyspace, clock, 0, "dead", 1, 10);
    clock.advance(10);
    const db = keyspace.dbs[0]!;
    expect(activeExpireCycle(keyspace, clock)).toBeLessThanOrEqual(1);
    let cycles = 1;
    while (db.peekSlot("dead0") !== -1 && cycles < 10_000) {
      activeExpireCycle(keyspace, clock);
      cycles++;
    }
    expect(db.peekSlot("dead0")).toBe(-1);
    expect(db.size).toBe(1000);
  });
});
