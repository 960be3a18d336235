// The server log in Redis's format: `pid:role dd Mon yyyy hh:mm:ss.mmm <level-char> message`,
// where the level char is `.` debug, `-` verbose, `*` notice, `#` warning (serverLogRaw).
// Lines go to `logfile`, or to stdout when it is empty, as Redis does.

import { appendFileSync } from "node:fs";

export const LOG_LEVELS = ["debug", "verbose", "notice", "warning", "nothing"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
const LEVEL_CHAR = [".", "-", "*", "#", ""] as const;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export interface LogTarget {
  level: LogLevel;
  /** Empty: standard output. */
  file: string;
}

export class Logger {
  constructor(
    private readonly target: () => LogTarget,
    private readonly nowMs: () => number,
    private readonly pid: number,
    private readonly stdout: (line: string) => void,
  ) {}

  debug(message: string): void {
    this.write(0, message);
  }
  verbose(message: string): void {
    this.write(1, message);
  }
  notice(message: string): void {
    this.write(2, message);
  }
  warning(message: string): void {
    this.write(3, message);
  }

  private write(level: number, message: string): void {
    const { level: threshold, file } = this.target();
    if (level < LOG_LEVELS.indexOf(threshold)) return;
    const line = `${this.pid}:M ${formatTimestamp(this.nowMs())} ${LEVEL_CHAR[level]} ${message}\n`;
    if (file === "") this.stdout(line);
    else appendFileSync(file, line);
  }
}

function formatTimestamp(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(d.getDate())} ${MONTHS[d.getMonth()]} ${d.getFullYear()} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, "0")}`;
}
