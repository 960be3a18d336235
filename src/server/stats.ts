// The counters INFO reports: per-command calls and time (commandstats), error replies by
// their code (errorstats), and the server-wide totals of the stats section.
// CONFIG RESETSTAT zeroes them all, as in Redis.

/** What identifies a command to the statistics: its declaration number. */
interface CommandId {
  readonly id: number;
}

export interface CommandStats {
  calls: number;
  /** Microseconds, fractional: a pipelined batch's time is shared out among its calls. */
  usec: number;
  rejectedCalls: number;
  failedCalls: number;
}

/**
 * Commands run back to back from one read event share one clock reading: it is their cached
 * time (Redis's server.mstime), and the batch's duration, read once more at its end, is shared
 * out evenly among its calls for commandstats. A clock read costs ~35 ns on this machine, as
 * much as the rest of a GET, so three per command (wall time, start, end) halved pipelined
 * throughput; a lone command still gets its exact duration.
 */
export class CallBatch {
  /** The wall-clock ms every command of the batch sees. */
  nowMs = 0;
  private startedAtMs = 0;
  /** Batches nest (a command that runs another client's input): only the outermost counts. */
  private depth = 0;
  private readonly calls: CommandStats[] = [];

  get open(): boolean {
    return this.depth > 0;
  }

  begin(monotonicMs: number, wallOffsetMs: number): void {
    if (this.depth++ > 0) return;
    this.startedAtMs = monotonicMs;
    this.nowMs = Math.floor(monotonicMs + wallOffsetMs);
  }

  record(stats: CommandStats): void {
    this.calls.push(stats);
  }

  end(monotonicMs: number): void {
    if (--this.depth > 0) return;
    const calls = this.calls;
    if (calls.length > 0) {
      const shareUs = ((monotonicMs - this.startedAtMs) * 1000) / calls.length;
      for (const stats of calls) stats.usec += shareUs;
      calls.length = 0;
    }
  }
}

/** Redis stops tracking new error codes after 128 distinct ones (errorstats flood guard). */
const MAX_ERROR_CODES = 128;

export class ServerStats {
  /** Indexed by command id: an array lookup on every call, not a hash of the name. */
  private byCommand: (CommandStats | undefined)[] = [];
  /** Error code (the first word of the error text) → count. */
  errors = new Map<string, number>();
  totalErrorReplies = 0;
  commandsProcessed = 0;
  connectionsReceived = 0;
  rejectedConnections = 0;
  netInputBytes = 0;
  netOutputBytes = 0;
  /** INFO memory's used_memory_peak: raised whenever memory is measured; RESETSTAT keeps it, as in Redis. */
  peakMemoryBytes = 0;

  forCommand(command: CommandId): CommandStats {
    let stats = this.byCommand[command.id];
    if (stats === undefined) {
      stats = { calls: 0, usec: 0, rejectedCalls: 0, failedCalls: 0 };
      this.byCommand[command.id] = stats;
    }
    return stats;
  }

  /** A command's statistics if it was called since the last reset. */
  statsOf(command: CommandId): CommandStats | undefined {
    return this.byCommand[command.id];
  }

  recordError(message: string): void {
    this.totalErrorReplies++;
    const space = message.indexOf(" ");
    const code = space === -1 ? message : message.slice(0, space);
    const count = this.errors.get(code);
    if (count !== undefined) this.errors.set(code, count + 1);
    else if (this.errors.size < MAX_ERROR_CODES) this.errors.set(code, 1);
  }

  reset(): void {
    this.byCommand = [];
    this.errors.clear();
    this.totalErrorReplies = 0;
    this.commandsProcessed = 0;
    this.connectionsReceived = 0;
    this.rejectedConnections = 0;
    this.netInputBytes = 0;
    this.netOutputBytes = 0;
  }
}
