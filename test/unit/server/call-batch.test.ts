// CallBatch: the commands of one read event share one clock reading, the batch's duration is
// shared out among them, and a batch begun inside another (a command that runs another
// client's input) neither resets the time nor splits the accounting.

import { expect, test } from "bun:test";
import { CallBatch, type CommandStats } from "../../../src/server/stats.ts";

const fresh = (): CommandStats => ({ calls: 0, usec: 0, rejectedCalls: 0, failedCalls: 0 });

test("a batch's time is shared by its calls", () => {
  const batch = new CallBatch();
  const get = fresh();
  const set = fresh();
  batch.begin(100, 1_000_000);
  expect(batch.nowMs).toBe(1_000_100);
  batch.record(get);
  batch.record(set);
  batch.record(get);
  batch.end(100.3); // 300 µs for three calls
  expect(get.usec).toBeCloseTo(200);
  expect(set.usec).toBeCloseTo(100);
  expect(batch.open).toBe(false);
});

test("a nested batch keeps the outer time and the accounting happens once, at the outer end", () => {
  const batch = new CallBatch();
  const stats = fresh();
  batch.begin(10, 0);
  batch.record(stats);
  batch.begin(50, 0);
  expect(batch.nowMs).toBe(10);
  batch.record(stats);
  batch.end(60);
  expect(batch.open).toBe(true);
  expect(stats.usec).toBe(0);
  batch.end(12);
  expect(batch.open).toBe(false);
  expect(stats.usec).toBeCloseTo(2000);
});
