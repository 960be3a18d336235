// The one place redbun reads time. Commands, expiry and INFO ask a Clock; the server owns
// one, so tests hand it a ManualClock and move time forward without sleeping.
// Redis caches the time once per command (server.mstime); dispatch does the same via
// `commandTimeMs`, so every key touched by one command sees the same "now".

export interface Clock {
  /** Wall-clock milliseconds since the Unix epoch (what EXPIREAT and TIME speak). */
  nowMs(): number;
  /** Wall-clock microseconds since the Unix epoch (TIME, MONITOR timestamps). */
  nowUs(): number;
  /** Monotonic milliseconds, for measuring durations (uptime, latency). */
  monotonicMs(): number;
}

export class SystemClock implements Clock {
  nowMs(): number {
    return Date.now();
  }
  nowUs(): number {
    // performance.timeOrigin + now() gives sub-millisecond wall time without a syscall per call.
    return Math.floor((performance.timeOrigin + performance.now()) * 1000);
  }
  monotonicMs(): number {
    return performance.now();
  }
}

/** A clock that only moves when told to: tests drive expiry with it instead of sleeping. */
export class ManualClock implements Clock {
  private currentUs: number;
  constructor(startMs = 1_700_000_000_000) {
    this.currentUs = startMs * 1000;
  }
  nowMs(): number {
    return Math.floor(this.currentUs / 1000);
  }
  nowUs(): number {
    return this.currentUs;
  }
  monotonicMs(): number {
    return this.currentUs / 1000;
  }
  advance(ms: number): void {
    this.currentUs += ms * 1000;
  }
  set(ms: number): void {
    this.currentUs = ms * 1000;
  }
}
