// One redis-benchmark run: builds the argv (`-t test -n N -c C -d D -r R -P P --csv`), runs it
// as a tracked child, and parses the --csv line of the wanted test. redis-benchmark 7 exits 1 on
// the first error reply ("Error from server: …"), so a server answering errors fast cannot pass
// for a fast server: such a run is reported as failed with that line as the reason.

import { runCommand } from "./processes.ts";
import type { BenchTest } from "./tests.ts";

export interface BenchParams {
  readonly redisBenchmark: string;
  readonly port: number;
  readonly test: BenchTest;
  readonly requests: number;
  readonly clients: number;
  readonly dataSize: number;
  readonly keyspace: number;
  readonly pipeline: number;
  /** CPU list for `taskset -c`, or undefined. */
  readonly cpus: string | undefined;
  readonly timeoutMs: number;
}

export type BenchOutcome =
  | { readonly ok: true; readonly rps: number; readonly p50Ms: number; readonly elapsedMs: number }
  | { readonly ok: false; readonly reason: string; readonly elapsedMs: number };

export async function runBenchmark(p: BenchParams): Promise<BenchOutcome> {
  const argv = [
    ...(p.cpus === undefined ? [] : ["taskset", "-c", p.cpus]),
    p.redisBenchmark,
    "-h",
    "127.0.0.1",
    "-p",
    String(p.port),
    "-t",
    p.test.t,
    "-n",
    String(p.requests),
    "-c",
    String(p.clients),
    "-d",
    String(p.dataSize),
    "-r",
    String(p.keyspace),
    "-P",
    String(p.pipeline),
    "--csv",
  ];
  const started = performance.now();
  const res = await runCommand(argv, p.timeoutMs);
  const elapsedMs = performance.now() - started;
  if (res.timedOut) return { ok: false, reason: `timed out after ${p.timeoutMs} ms`, elapsedMs };
  const rows = parseCsv(res.stdout);
  const errorLine = `${res.stdout}\n${res.stderr}`.split("\n").find((l) => l.startsWith("Error from server"));
  if (errorLine !== undefined) return { ok: false, reason: errorLine.trim(), elapsedMs };
  if (res.exitCode !== 0) {
    const reason = `redis-benchmark exited ${res.exitCode ?? res.signal}: ${res.stderr.trim()}`;
    return { ok: false, reason, elapsedMs };
  }
  const row = rows.find((r) => r.test === p.test.csv);
  if (row === undefined) {
    const seen = rows.map((r) => r.test).join(", ");
    return { ok: false, reason: `no CSV row "${p.test.csv}" (saw: ${seen || "none"}) ${res.stderr.trim()}`, elapsedMs };
  }
  return { ok: true, rps: row.rps, p50Ms: row.p50Ms, elapsedMs };
}

interface CsvRow {
  readonly test: string;
  readonly rps: number;
  readonly p50Ms: number;
}

/**
 * redis-benchmark 7 --csv: a header `"test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms",…`
 * then one quoted line per test. Columns are looked up by header name, not position.
 */
export function parseCsv(stdout: string): CsvRow[] {
  const lines = stdout.split("\n").filter((l) => l.startsWith('"'));
  const header = lines.find((l) => l.startsWith('"test"'));
  if (header === undefined) return [];
  const cols = splitCsvLine(header);
  const iTest = cols.indexOf("test");
  const iRps = cols.indexOf("rps");
  const iP50 = cols.indexOf("p50_latency_ms");
  const rows: CsvRow[] = [];
  for (const line of lines) {
    if (line === header) continue;
    const cells = splitCsvLine(line);
    const rps = Number(cells[iRps]);
    if (!Number.isFinite(rps)) continue;
    rows.push({ test: cells[iTest], rps, p50Ms: iP50 >= 0 ? Number(cells[iP50]) : Number.NaN });
  }
  return rows;
}

/** Splits `"a","b (c, d)","1.5"`: every cell is quoted, so split on `","`. */
function splitCsvLine(line: string): string[] {
  const trimmed = line.trim();
  return trimmed.slice(1, -1).split('","');
}
