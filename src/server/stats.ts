// The counters INFO reports: per-command calls and time (commandstats), error replies by
// their code (errorstats), and the server-wide totals of the stats section.
// CONFIG RESETSTAT zeroes them all, as in Redis.

export interface CommandStats {
  calls: number;
  usec: number;
  rejectedCalls: number;
  failedCalls: number;
}

/** Redis stops tracking new error codes after 128 distinct ones (errorstats flood guard). */
const MAX_ERROR_CODES = 128;

export class ServerStats {
  commands = new Map<string, CommandStats>();
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

  forCommand(name: string): CommandStats {
    let stats = this.commands.get(name);
    if (stats === undefined) {
      stats = { calls: 0, usec: 0, rejectedCalls: 0, failedCalls: 0 };
      this.commands.set(name, stats);
    }
    return stats;
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
    this.commands.clear();
    this.errors.clear();
    this.totalErrorReplies = 0;
    this.commandsProcessed = 0;
    this.connectionsReceived = 0;
    this.rejectedConnections = 0;
    this.netInputBytes = 0;
    this.netOutputBytes = 0;
  }
}
