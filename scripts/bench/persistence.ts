// Persistence in `bun run bench --persistence` (issue 5's targets). Snapshot: the same dataset of
// --persist-keys keys of every type (some with a TTL) in both servers; SAVE timed per round, then
// each server restarted on its own dump.rdb with its "DB loaded from disk: S seconds" log line read
// (Redis's loadDataFromDisk timing; redbun logs the same line) and the time until it answers PING.
// AOF: redis-benchmark SET, P1, with appendonly yes under each appendfsync policy, alternately.

import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runBenchmark } from "./redis-benchmark.ts";
import { logTail, startServer, type RunningServer, type ServerSpec } from "./processes.ts";
import { fmtBytes, fmtInt, fmtPct, fmtRatio, median, spread, table } from "./report.ts";
import { RespClient, RespError, benchmarkKey, sendAll } from "./resp-client.ts";
import { BENCH_TESTS } from "./tests.ts";

export const PERSISTENCE_USAGE = `Persistence (issue 5's targets):
  --persistence        only this section. Snapshot: --persist-keys keys of mixed types (strings
                       int/embstr/raw, lists, intsets and hashtable sets, listpack hashes and zsets,
                       a few big hashtable/skiplist/quicklist ones; every 7th key with a TTL) loaded
                       into both servers; SAVE timed per round; then each server restarted on its
                       own dump.rdb: the "DB loaded from disk" seconds it logs, and the wall time
                       until it answers PING. AOF: redis-benchmark -t set -P 1 (-c, -d, -r apply)
                       with appendonly yes and each --aof-fsync policy, alternately per round
  --persist-keys N     keys in the snapshot dataset (default: 1000000; 0 skips the snapshot part)
  --aof-fsync LIST     appendfsync policies to bench (default: everysec,always)
  (--rounds, --seconds, -n, --pin and --target redis apply)`;

/** Flags of this section, spread into bench.ts's parseArgs options. */
export const PERSISTENCE_ARGS = {
  persistence: { type: "boolean" },
  "persist-keys": { type: "string" },
  "aof-fsync": { type: "string" },
} as const;

export type FsyncPolicy = "always" | "everysec" | "no";

export interface PersistenceOptions {
  readonly keys: number;
  readonly policies: readonly FsyncPolicy[];
  readonly rounds: number;
  /** -n of an AOF run; undefined: sized so that a run against the A side takes `seconds`. */
  readonly requests: number | undefined;
  readonly seconds: number;
  readonly clients: number;
  readonly dataSize: number;
  readonly keyspace: number;
  /** CPU list for redis-benchmark (`--pin`), or undefined. */
  readonly benchCpus: string | undefined;
  readonly redisBenchmark: string;
  readonly timeoutMs: number;
}

export function parsePolicies(raw: string | undefined): FsyncPolicy[] {
  const policies = (raw ?? "everysec,always").split(",").map((p) => p.trim());
  for (const p of policies) {
    if (p !== "always" && p !== "everysec" && p !== "no") throw new Error(`--aof-fsync takes always, everysec, no; got "${p}"`);
  }
  return policies as FsyncPolicy[];
}

// ---------------------------------------------------------------------------------------------
// The dataset

/** A TTL far in the future: every key loads back (none is skipped as expired). */
const FAR_DEADLINE_MS = "4102444800000";
/** One key in this many holds a big collection (hashtable set/hash, skiplist zset, many-node quicklist). */
const BIG_EVERY = 100_000;
const BIG_ELEMENTS = 2_000;

const range = (n: number, f: (j: number) => string): string[] => Array.from({ length: n }, (_, j) => f(j));
/** Pairs of arguments (field value, score member) for n elements. */
const pairs = (n: number, f: (j: number) => [string, string]): string[] => Array.from({ length: n }, (_, j) => f(j)).flat();

/**
 * The command that creates key `i`: by i mod 20, 40% strings (int, embstr, 100-byte raw that
 * LZF compresses), 15% lists, 15% sets (intset or hashtable), 15% hashes, 15% sorted sets.
 */
function createKey(i: number): string[] {
  const key = benchmarkKey(i, "persist:");
  if (i % BIG_EVERY === BIG_EVERY - 1) {
    switch ((i / BIG_EVERY) % 4 | 0) {
      case 0:
        return ["RPUSH", key, ...range(BIG_ELEMENTS, (j) => `element:${j}`)];
      case 1:
        return ["SADD", key, ...range(BIG_ELEMENTS, (j) => `member:${j}`)];
      case 2:
        return ["HSET", key, ...pairs(BIG_ELEMENTS, (j) => [`field:${j}`, `value:${j}`])];
      default:
        return ["ZADD", key, ...pairs(BIG_ELEMENTS, (j) => [String(j * 1.5), `member:${j}`])];
    }
  }
  const kind = i % 20;
  if (kind < 4) return ["SET", key, String(i)];
  if (kind < 6) return ["SET", key, `value:${i}`];
  if (kind < 8) return ["SET", key, `${String(i).padStart(10, "0")}:${"abcdefghij".repeat(9)}`];
  if (kind < 11) return ["RPUSH", key, ...range(8, (j) => `item:${i + j}`)];
  if (kind < 13) return ["SADD", key, ...range(8, (j) => String(i + j))];
  if (kind < 14) return ["SADD", key, ...range(6, (j) => `m:${i}:${j}`)];
  if (kind < 17) return ["HSET", key, ...pairs(5, (j) => [`f${j}`, `v:${i + j}`])];
  return ["ZADD", key, ...pairs(6, (j) => [String(i + j / 4), `z:${j}`])];
}

/** Every 7th key (all types alike) gets a deadline. */
const TTL_EVERY = 7;

async function loadDataset(srv: RunningServer, keys: number): Promise<void> {
  const client = await RespClient.connect(srv.port, "127.0.0.1");
  try {
    await sendAll(client, { count: keys, command: createKey, batch: 500 });
    await sendAll(client, {
      count: Math.ceil(keys / TTL_EVERY),
      command: (j) => ["PEXPIREAT", benchmarkKey(j * TTL_EVERY, "persist:"), FAR_DEADLINE_MS],
    });
    const size = await client.command("DBSIZE");
    if (size !== keys) throw new Error(`${srv.label}: DBSIZE ${JSON.stringify(size)} after loading ${keys} keys`);
  } finally {
    client.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Snapshot: SAVE and load

export interface SnapshotRow {
  readonly label: string;
  /** The last SAVE's dump.rdb. */
  fileBytes: number;
  /** SAVE's round trip per round, ms. */
  readonly saveMs: number[];
  /** "DB loaded from disk" per round, ms (the server's own timing). */
  readonly loadMs: number[];
  /** From spawning the server to its first PONG per round, ms (process start-up included). */
  readonly startMs: number[];
}

/** `spec` working on `dir` (where its dump.rdb goes and is loaded from). */
function onDir(spec: ServerSpec, dir: string): ServerSpec {
  return { ...spec, extraArgs: [...spec.extraArgs, "--dir", dir] };
}

/** The server's own load timing, from the log line Redis writes after rdbLoad. */
const LOADED_LINE = /DB loaded from disk: ([\d.]+) seconds/;

async function timedSave(srv: RunningServer): Promise<number> {
  const client = await RespClient.connect(srv.port, "127.0.0.1");
  try {
    const t0 = performance.now();
    const reply = await client.command("SAVE");
    const elapsed = performance.now() - t0;
    if (reply !== "OK") throw new Error(`${srv.label}: SAVE answered ${reply instanceof RespError ? reply.message : JSON.stringify(reply)}`);
    return elapsed;
  } finally {
    client.close();
  }
}

/** Starts `spec` on `dir`'s dump.rdb; returns its load and start-up times after checking DBSIZE. */
async function timedLoad(spec: ServerSpec, dir: string, keys: number): Promise<{ loadMs: number; startMs: number }> {
  const t0 = performance.now();
  await using srv = await startServer(onDir(spec, dir), 300_000);
  const startMs = performance.now() - t0;
  const log = await Bun.file(srv.logPath).text();
  const match = LOADED_LINE.exec(log);
  if (match === null) throw new Error(`${spec.label}: no "DB loaded from disk" in its log:\n${logTail(srv.logPath)}`);
  const client = await RespClient.connect(srv.port, "127.0.0.1");
  const size = await client.command("DBSIZE");
  client.close();
  if (size !== keys) throw new Error(`${spec.label}: DBSIZE ${JSON.stringify(size)} after loading a file of ${keys} keys`);
  return { loadMs: Number(match[1]) * 1000, startMs };
}

async function snapshot(
  a: ServerSpec,
  b: ServerSpec,
  o: PersistenceOptions,
  progress: (msg: string) => void,
): Promise<SnapshotRow[]> {
  const specs = [a, b] as const;
  // Files outside the servers' own temp dirs: they outlive the server that saved them.
  const dirs = specs.map((spec) => mkdtempSync(join(tmpdir(), `redbun-bench-rdb-${spec.label.replace(/[^a-z0-9]/gi, "")}-`)));
  try {
    const rows: SnapshotRow[] = specs.map((spec) => ({ label: spec.label, fileBytes: 0, saveMs: [], loadMs: [], startMs: [] }));
    {
      await using sa = await startServer(onDir(a, dirs[0]!));
      await using sb = await startServer(onDir(b, dirs[1]!));
      const servers = [sa, sb] as const;
      for (const srv of servers) {
        const t0 = performance.now();
        await loadDataset(srv, o.keys);
        progress(`loaded ${fmtInt(o.keys)} mixed keys into ${srv.label} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      }
      for (let round = 1; round <= o.rounds; round++) {
        const line: string[] = [];
        for (const [i, srv] of servers.entries()) {
          const ms = await timedSave(srv);
          rows[i]!.saveMs.push(ms);
          line.push(`${srv.label} ${(ms / 1000).toFixed(3)} s`);
        }
        progress(`round ${round}/${o.rounds}  SAVE  ${line.join("  ")}`);
      }
    }
    for (const [i, row] of rows.entries()) row.fileBytes = statSync(join(dirs[i]!, "dump.rdb")).size;
    for (let round = 1; round <= o.rounds; round++) {
      const line: string[] = [];
      for (const [i, spec] of specs.entries()) {
        const { loadMs, startMs } = await timedLoad(spec, dirs[i]!, o.keys);
        rows[i]!.loadMs.push(loadMs);
        rows[i]!.startMs.push(startMs);
        line.push(`${spec.label} ${(loadMs / 1000).toFixed(3)} s (PONG after ${(startMs / 1000).toFixed(3)} s)`);
      }
      progress(`round ${round}/${o.rounds}  load  ${line.join("  ")}`);
    }
    return rows;
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// AOF: SET throughput under each appendfsync policy

export interface AofRow {
  readonly policy: FsyncPolicy;
  requests: number;
  /** req/s per round; NaN where a run failed. */
  readonly a: number[];
  readonly b: number[];
  readonly failures: string[];
}

const SET_TEST = BENCH_TESTS.find((t) => t.id === "set")!;

async function aofPolicy(
  a: ServerSpec,
  b: ServerSpec,
  policy: FsyncPolicy,
  o: PersistenceOptions,
  progress: (msg: string) => void,
): Promise<AofRow> {
  const withAof = (spec: ServerSpec): ServerSpec => ({
    ...spec,
    extraArgs: [...spec.extraArgs, "--appendonly", "yes", "--appendfsync", policy],
  });
  await using sa = await startServer(withAof(a));
  await using sb = await startServer(withAof(b));
  const run = async (srv: RunningServer, requests: number) => {
    const outcome = await runBenchmark({
      redisBenchmark: o.redisBenchmark,
      port: srv.port,
      test: SET_TEST,
      requests,
      clients: o.clients,
      dataSize: o.dataSize,
      keyspace: o.keyspace,
      pipeline: 1,
      cpus: o.benchCpus,
      timeoutMs: o.timeoutMs,
    });
    if (!srv.isAlive()) throw new Error(`${srv.label} died during SET with appendfsync ${policy}; log:\n${logTail(srv.logPath)}`);
    return outcome;
  };
  const row: AofRow = { policy, requests: o.requests ?? 0, a: [], b: [], failures: [] };
  // Warm-up on both sides; the A side's rate sizes -n so that a run takes about --seconds.
  const wa = await run(sa, 20_000);
  const wb = await run(sb, 20_000);
  if (!wa.ok) throw new Error(`warm-up of SET (appendfsync ${policy}) on ${sa.label} failed: ${wa.reason}`);
  if (!wb.ok) row.failures.push(`${sb.label} warm-up: ${wb.reason}`);
  if (o.requests === undefined) row.requests = Math.max(10_000, Math.round((wa.rps * o.seconds) / 1000) * 1000);
  progress(`warm-up SET appendfsync ${policy}: ${sa.label} ${fmtInt(wa.rps)}, ${sb.label} ${wb.ok ? fmtInt(wb.rps) : "FAILED"} → -n ${fmtInt(row.requests)}`);
  for (let round = 1; round <= o.rounds; round++) {
    const line: string[] = [];
    for (const [srv, into] of [
      [sa, row.a],
      [sb, row.b],
    ] as const) {
      const out = await run(srv, row.requests);
      into.push(out.ok ? out.rps : Number.NaN);
      if (!out.ok) row.failures.push(`${srv.label}: ${out.reason}`);
      line.push(`${srv.label} ${out.ok ? fmtInt(out.rps).padStart(9) : `FAILED ${out.reason}`}`);
    }
    progress(`round ${round}/${o.rounds}  SET appendfsync ${policy.padEnd(8)} ${line.join("  ")}`);
  }
  return row;
}

// ---------------------------------------------------------------------------------------------

export interface PersistenceResult {
  /** The A and B sides' labels. */
  readonly labels: readonly [string, string];
  readonly snapshot: SnapshotRow[];
  readonly aof: AofRow[];
}

export async function persistenceBench(
  a: ServerSpec,
  b: ServerSpec,
  o: PersistenceOptions,
  progress: (msg: string) => void,
): Promise<PersistenceResult> {
  const snapshotRows = o.keys > 0 ? await snapshot(a, b, o, progress) : [];
  const aof: AofRow[] = [];
  for (const policy of o.policies) aof.push(await aofPolicy(a, b, policy, o, progress));
  return { labels: [a.label, b.label], snapshot: snapshotRows, aof };
}

/** Per-round ratios b[i]/a[i] (both runs of a round back to back), as the throughput section pairs them. */
function paired(a: readonly number[], b: readonly number[]): number[] {
  return a.map((x, i) => b[i]! / x).filter((r) => Number.isFinite(r) && r > 0);
}

const seconds = (ms: number): string => (Number.isFinite(ms) ? (ms / 1000).toFixed(3) : "—");

function verdict(ok: boolean): string {
  return ok ? "met" : "MISSED";
}

export function printPersistence(result: PersistenceResult, o: PersistenceOptions): void {
  const [ra, rb] = result.snapshot;
  if (ra !== undefined && rb !== undefined) {
    console.log(`\nsnapshot: ${fmtInt(o.keys)} keys of mixed types (every ${TTL_EVERY}th with a TTL), ${o.rounds} rounds`);
    console.log(
      table(
        ["server", "dump.rdb", "SAVE s", "SAVE spread", "load s (logged)", "load spread", "start→PONG s"],
        result.snapshot.map((r) => [
          r.label,
          fmtBytes(r.fileBytes),
          seconds(median(r.saveMs)),
          fmtPct(spread(r.saveMs)),
          seconds(median(r.loadMs)),
          fmtPct(spread(r.loadMs)),
          seconds(median(r.startMs)),
        ]),
      ),
    );
    const saveRatio = median(paired(ra.saveMs, rb.saveMs));
    const loadRatio = median(paired(ra.loadMs, rb.loadMs));
    console.log(`SAVE time ratio ${rb.label}/${ra.label}: ${fmtRatio(saveRatio)} (target ≤ 2.00: ${verdict(saveRatio <= 2)})`);
    console.log(`load time ratio ${rb.label}/${ra.label}: ${fmtRatio(loadRatio)} (target ≤ 2.00: ${verdict(loadRatio <= 2)})`);
    console.log("times: medians over rounds; ratios: median of the per-round ratios. load: the server's own");
    console.log('"DB loaded from disk: S seconds" log line (file read and decode); start→PONG adds process start-up.');
  }
  if (result.aof.length > 0) {
    const [la, lb] = result.labels;
    console.log(`\nAOF: redis-benchmark -t set -P 1 -c ${o.clients} -d ${o.dataSize} -r ${o.keyspace}, appendonly yes, ${o.rounds} rounds`);
    console.log(
      table(
        ["appendfsync", "-n", `${la} req/s`, `${lb} req/s`, `ratio ${lb}/${la}`, "ratio min–max", "target ≥ 0.80"],
        result.aof.map((r) => {
          const ratios = paired(r.a, r.b);
          const ratio = median(ratios);
          return [
            r.policy,
            fmtInt(r.requests),
            fmtInt(median(r.a)),
            fmtInt(median(r.b)),
            fmtRatio(ratio),
            ratios.length > 1 ? `${fmtRatio(Math.min(...ratios))}–${fmtRatio(Math.max(...ratios))}` : "—",
            verdict(ratio >= 0.8),
          ];
        }),
      ),
    );
    for (const r of result.aof) for (const f of r.failures) console.log(`FAILED SET appendfsync ${r.policy}: ${f}`);
  }
}

export function persistenceFailed(result: PersistenceResult): boolean {
  return result.aof.some((r) => r.failures.length > 0);
}
