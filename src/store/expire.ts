// The active expiry cycle (Redis's activeExpireCycle): each cron tick, sample keys that have
// a TTL in every db, remove those whose deadline passed, and keep sampling a db while more than
// a quarter of a sample was expired — bounded in time so a tick never stalls the server.
// Lazy expiry on access lives in Database.lookupRead/lookupWrite.

import type { Clock } from "./clock.ts";
import type { Keyspace } from "./keyspace.ts";

/** ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP */
const KEYS_PER_LOOP = 20;
/** Keep going while more than this share of a sample had expired. */
const ACCEPTABLE_STALE = 0.25;
/** Share of one tick the cycle may use (ACTIVE_EXPIRE_CYCLE_SLOW_TIME_PERC). */
const TIME_SHARE = 0.25;
/** Bound on rounds per db per tick, so a clock that does not move (tests) still stops. */
const MAX_ROUNDS = 1000;

export function activeExpireCycle(keyspace: Keyspace, clock: Clock, hz = 10): number {
  const started = clock.monotonicMs();
  const budgetMs = (1000 / hz) * TIME_SHARE;
  const nowMs = clock.nowMs();
  let expired = 0;
  for (const db of keyspace.dbs) {
    for (let round = 0; round < MAX_ROUNDS && db.volatileCount > 0; round++) {
      const sample = Math.min(KEYS_PER_LOOP, db.volatileCount);
      let expiredInSample = 0;
      for (let i = 0; i < sample; i++) {
        const slot = db.randomVolatileSlot();
        if (db.isExpired(slot, nowMs)) {
          db.expireSlot(slot);
          expiredInSample++;
        }
      }
      expired += expiredInSample;
      if (expiredInSample <= sample * ACCEPTABLE_STALE) break;
      if (clock.monotonicMs() - started > budgetMs) return expired;
    }
  }
  return expired;
}
