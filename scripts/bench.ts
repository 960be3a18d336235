// `bun run bench`: redbun side by side with redis-server 7.0, same flags, same machine, same run.
// Throughput: redis-benchmark against both servers alternately (A B A B …) per test × pipeline,
// medians and ratio redbun/redis. Memory (`--memory`): exactly N distinct keys loaded into each,
// RSS per key from /proc. Sorted sets (`--zset-curve`): ZADD/ZRANK cost per op at 10 k…1 M members.
// Persistence (`--persistence`): SAVE and load of 1 M mixed keys, SET under each appendfsync policy.
// `--target redis` benches redis against a second redis: the noise floor. The test list is data
// in scripts/bench/tests.ts; `--help` lists every option.

import { existsSync } from "node:fs";
import { cpus, release } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { runBenchmark, type BenchOutcome } from "./bench/redis-benchmark.ts";
import {
  installCleanupHandlers,
  killAllChildrenNow,
  logTail,
  readProcMemory,
  runCommand,
  startServer,
  threadCpuNs,
  type RunningServer,
  type ServerSpec,
} from "./bench/processes.ts";
import { loadAverage1m, sampleCpuBusy } from "./bench/machine.ts";
import { fmtBytes, fmtInt, fmtPct, fmtRatio, median, spread, table } from "./bench/report.ts";
import { RespClient, RespError, benchmarkKey, sendAll } from "./bench/resp-client.ts";
import { selectTests, type BenchTest } from "./bench/tests.ts";
import {
  printZsetCurve,
  zsetCurve,
  type CurveOptions,
  type CurveResult,
  type CurveSide,
} from "./bench/zset-curve.ts";
import { PUBSUB_ARGS, PUBSUB_USAGE, printPubsub, pubsubBench, pubsubFailed, type PubsubOptions, type PubsubResult } from "./bench/pubsub.ts";
import {
  PERSISTENCE_ARGS,
  PERSISTENCE_USAGE,
  parsePolicies,
  persistenceBench,
  persistenceFailed,
  printPersistence,
  type PersistenceOptions,
  type PersistenceResult,
} from "./bench/persistence.ts";

const REPO_ROOT = resolve(import.meta.dir, "..");
/** CPU busy fraction (all cores) from other work above which the results are flagged as noisy. */
const BUSY_WARNING = 0.1;

const USAGE = `usage: bun run bench [options]

Throughput (default): redis-benchmark against redis-server and redbun, alternately.
  --tests LIST         tests or groups to run, comma-separated: "strings" (get,set,incr,mset;
                       the default), "collections" (issue 3's lpush,rpush,lpop,rpop,sadd,hset,
                       spop,zadd,zpopmin,lrange_100,lrange_600), single test names, or "all".
                       Collection keys are reset before every run (pops start from -n elements)
  --pipeline LIST      pipeline depths (default: 1,16)
  --rounds N           A/B rounds per test and pipeline; medians are reported (default: 5)
  -n, --requests N     requests per redis-benchmark run (default: sized per test so that a run
                       against redis-server takes --seconds, measured in the warm-up)
  --seconds S          target duration of one run against redis-server (default: 1.5)
  -c, --clients N      redis-benchmark -c (default: 50)
  -d, --data-size N    redis-benchmark -d, value size in bytes (default: 64)
  -r, --keyspace N     redis-benchmark -r; this many key:<n> keys are preloaded (default: 100000)
  --no-preload         do not preload the keyspace (GET then mostly misses)
  --no-warmup          skip the warm-up run (needs -n, since the warm-up sizes the runs)
  --timeout S          give up on one redis-benchmark run after S seconds (default: 120)

Memory:
  --memory             only the memory section: load --keys keys of --data-size bytes into each
                       server, report RSS growth per key
  --all                throughput, memory, the zset curve, pub/sub, then persistence
  --keys N             keys to load in the memory section (default: 1000000)
  --settle-ms MS       idle time after loading before RSS is read (default: 1000)

Sorted sets (the O(log n) curve):
  --zset-curve         only this section: grow one sorted set to each size (random scores), time
                       ZADD of new members and ZRANK of random members, pipelined, per size
  --curve-sizes LIST   set sizes (default: 10000,100000,1000000)
  --curve-ops N        timed commands per op, size, server and round (default: 100000)
  --curve-batch N      commands per pipelined batch, one batch in flight (default: 100)
  (--rounds applies here too)

${PUBSUB_USAGE}

${PERSISTENCE_USAGE}

Servers:
  --binary PATH        bench a compiled redbun (e.g. dist/redbun) instead of bun src/main.ts
  --target redbun|redis  the B side; "redis" benches redis against a second redis-server,
                       which shows the noise floor of the method (default: redbun)
  --pin                pin servers to CPU 1 and redis-benchmark to CPU 0 (taskset)
  --redis-server PATH  (default: redis-server)   --redis-benchmark PATH (default: redis-benchmark)
  --json PATH          also write the results as JSON
  -h, --help`;

interface Options {
  readonly tests: BenchTest[];
  readonly pipelines: number[];
  readonly rounds: number;
  readonly requests: number | undefined;
  readonly seconds: number;
  readonly clients: number;
  readonly dataSize: number;
  readonly keyspace: number;
  readonly preload: boolean;
  readonly warmup: boolean;
  readonly timeoutMs: number;
  readonly throughput: boolean;
  readonly memory: boolean;
  readonly zsetCurve: boolean;
  readonly curve: CurveOptions;
  /** The pub/sub section's options; null when it does not run. */
  readonly pubsub: PubsubOptions | null;
  /** The persistence section's options; null when it does not run. */
  readonly persistence: Omit<PersistenceOptions, "benchCpus"> | null;
  readonly keys: number;
  readonly settleMs: number;
  readonly binary: string | undefined;
  readonly target: "redbun" | "redis";
  readonly pin: boolean;
  readonly redisServer: string;
  readonly redisBenchmark: string;
  readonly json: string | undefined;
}

function parseOptions(argv: string[]): Options | null {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      tests: { type: "string" },
      pipeline: { type: "string" },
      rounds: { type: "string" },
      requests: { type: "string", short: "n" },
      seconds: { type: "string" },
      clients: { type: "string", short: "c" },
      "data-size": { type: "string", short: "d" },
      keyspace: { type: "string", short: "r" },
      "no-preload": { type: "boolean" },
      "no-warmup": { type: "boolean" },
      timeout: { type: "string" },
      memory: { type: "boolean" },
      "zset-curve": { type: "boolean" },
      "curve-sizes": { type: "string" },
      "curve-ops": { type: "string" },
      "curve-batch": { type: "string" },
      all: { type: "boolean" },
      keys: { type: "string" },
      "settle-ms": { type: "string" },
      binary: { type: "string" },
      target: { type: "string" },
      pin: { type: "boolean" },
      "redis-server": { type: "string" },
      "redis-benchmark": { type: "string" },
      json: { type: "string" },
      help: { type: "boolean", short: "h" },
      ...PUBSUB_ARGS,
      ...PERSISTENCE_ARGS,
    },
  });
  if (values.help === true) return null;

  const int = (name: string, raw: string | undefined, dflt: number, min = 1): number => {
    if (raw === undefined) return dflt;
    const n = Number(raw.replace(/_/g, ""));
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} wants an integer >= ${min}, got "${raw}"`);
    return n;
  };
  const num = (name: string, raw: string | undefined, dflt: number): number => {
    if (raw === undefined) return dflt;
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} wants a positive number, got "${raw}"`);
    return n;
  };
  const target = values.target ?? "redbun";
  if (target !== "redbun" && target !== "redis") throw new Error(`--target is redbun or redis, got "${target}"`);
  if (values.binary !== undefined && target === "redis") throw new Error("--binary makes no sense with --target redis");
  const pipelines = (values.pipeline ?? "1,16").split(",").map((p) => int("pipeline", p.trim(), 1));
  const warmup = values["no-warmup"] !== true;
  const requests = values.requests === undefined ? undefined : int("requests", values.requests, 0);
  if (!warmup && requests === undefined) throw new Error("--no-warmup needs -n: the warm-up sizes the runs");
  const all = values.all === true;
  // --memory and --zset-curve pick their sections only; neither (nor --all) means throughput.
  const memory = all || values.memory === true;
  const zsetCurve = all || values["zset-curve"] === true;
  const pubsub = all || values.pubsub === true;
  const persistence = all || values.persistence === true;
  const rounds = int("rounds", values.rounds, 5);
  const seconds = num("seconds", values.seconds, 1.5);
  const clients = int("clients", values.clients, 50);
  const dataSize = int("data-size", values["data-size"], 64);
  const keyspace = int("keyspace", values.keyspace, 100_000);
  const redisBenchmark = values["redis-benchmark"] ?? "redis-benchmark";
  const timeoutMs = num("timeout", values.timeout, 120) * 1000;
  return {
    tests: selectTests(values.tests),
    pipelines,
    rounds,
    requests,
    seconds,
    clients,
    dataSize,
    keyspace,
    preload: values["no-preload"] !== true,
    warmup,
    timeoutMs,
    throughput: all || (!memory && !zsetCurve && !pubsub && !persistence),
    memory,
    zsetCurve,
    curve: {
      sizes: (values["curve-sizes"] ?? "10000,100000,1000000").split(",").map((n) => int("curve-sizes", n.trim(), 0, 2)),
      ops: int("curve-ops", values["curve-ops"], 100_000),
      batch: int("curve-batch", values["curve-batch"], 100),
      rounds,
    },
    pubsub: pubsub
      ? {
          subscribers: int("subscribers", values.subscribers, 50),
          messages: int("pubsub-messages", values["pubsub-messages"], 100_000),
          floodMessages: int("flood-messages", values["flood-messages"], 1_000_000),
          floodReaders: int("flood-readers", values["flood-readers"], 4),
          window: int("pubsub-window", values["pubsub-window"], 1_000),
          dataSize: int("data-size", values["data-size"], 64),
          rounds,
        }
      : null,
    persistence: persistence
      ? {
          keys: int("persist-keys", values["persist-keys"], 1_000_000, 0),
          policies: parsePolicies(values["aof-fsync"]),
          rounds,
          requests,
          seconds,
          clients,
          dataSize,
          keyspace,
          redisBenchmark,
          timeoutMs,
        }
      : null,
    keys: int("keys", values.keys, 1_000_000),
    settleMs: int("settle-ms", values["settle-ms"], 1_000, 0),
    binary: values.binary,
    target,
    pin: values.pin === true,
    redisServer: values["redis-server"] ?? "redis-server",
    redisBenchmark,
    json: values.json,
  };
}

// ---------------------------------------------------------------------------------------------
// Servers and the header

interface Sides {
  readonly a: ServerSpec;
  readonly b: ServerSpec;
  readonly benchCpus: string | undefined;
}

function sides(o: Options): Sides {
  const canPin = o.pin && cpus().length >= 2;
  if (o.pin && !canPin) process.stderr.write("bench: --pin needs 2 CPUs, running unpinned\n");
  const serverCpus = canPin ? "1" : undefined;
  // No AOF on either side (redbun's default), so neither server pays for one; the persistence
  // section turns it on for both.
  const a: ServerSpec = { label: "redis", command: [o.redisServer], extraArgs: ["--appendonly", "no"], cpus: serverCpus };
  if (o.target === "redis") {
    return { a, b: { ...a, label: "redis#2" }, benchCpus: canPin ? "0" : undefined };
  }
  let command: string[];
  if (o.binary !== undefined) {
    const bin = resolve(o.binary);
    if (!existsSync(bin)) throw new Error(`--binary ${bin} does not exist (bun run build first?)`);
    command = [bin];
  } else {
    const entry = join(REPO_ROOT, "src", "main.ts");
    if (!existsSync(entry)) throw new Error(`${entry} does not exist yet; try --target redis`);
    command = [process.execPath, entry];
  }
  return { a, b: { label: "redbun", command, extraArgs: [], cpus: serverCpus }, benchCpus: canPin ? "0" : undefined };
}

/** `bun src/main.ts` rather than two absolute paths in the header. */
function shortPath(arg: string): string {
  if (arg === process.execPath) return "bun";
  return arg.startsWith(`${REPO_ROOT}/`) ? arg.slice(REPO_ROOT.length + 1) : arg;
}

async function toolVersion(argv: string[]): Promise<string> {
  try {
    const res = await runCommand(argv, 10_000);
    return res.stdout.trim() || res.stderr.trim();
  } catch {
    return "not found";
  }
}

async function header(o: Options, s: Sides): Promise<Record<string, string>> {
  const redisV = await toolVersion([o.redisServer, "--version"]);
  const benchV = await toolVersion([o.redisBenchmark, "--version"]);
  if (!/redis-benchmark/.test(benchV)) throw new Error(`redis-benchmark not usable (${o.redisBenchmark}): ${benchV}`);
  const git = await toolVersion(["git", "-C", REPO_ROOT, "describe", "--always", "--dirty"]);
  const v = /v=(\S+)/.exec(redisV)?.[1] ?? redisV;
  const malloc = /malloc=(\S+)/.exec(redisV)?.[1] ?? "?";
  const cpuList = cpus();
  const busy = await sampleCpuBusy();
  const meta: Record<string, string> = {
    date: new Date().toISOString(),
    bun: Bun.version,
    redis: `${v} (${malloc})`,
    "redis-benchmark": /redis-benchmark (\S+)/.exec(benchV)?.[1] ?? benchV,
    machine: `${process.platform} ${release()}, ${cpuList[0]?.model ?? "?"} × ${cpuList.length} cores`,
    git,
    A: [...s.a.command, "--port P --bind 127.0.0.1 --save \"\"", ...s.a.extraArgs].join(" "),
    B: [...s.b.command.map(shortPath), "--port Q --bind 127.0.0.1 --save \"\"", ...s.b.extraArgs].join(" "),
    "machine load": `${fmtPct(busy)} CPU busy in the second before start, load average ${loadAverage1m()}`,
    pinning:
      s.benchCpus === undefined
        ? "none (servers, redis-benchmark and the OS share all cores)"
        : "servers on CPU 1, redis-benchmark on CPU 0",
  };
  const lines = [`redbun bench — ${meta.date}`];
  for (const [k, val] of Object.entries(meta)) if (k !== "date") lines.push(`  ${k.padEnd(16)}${val}`);
  if (o.throughput && cpuList.length <= 2) {
    lines.push(
      `  note: ${cpuList.length} cores — redis-benchmark and the server compete for CPU. At pipeline 1`,
      "        redis-benchmark itself is the bottleneck (~90 k req/s here), so ratio 1.00 is the ceiling;",
      "        pipeline 16 shows the server's own cost. Other work on the machine shows up as spread.",
    );
  }
  if (busy > BUSY_WARNING) {
    lines.push(`  WARNING: the machine is busy (${fmtPct(busy)} CPU) before we start; expect noisy numbers.`);
  }
  console.log(lines.join("\n"));
  return meta;
}

async function withClient<T>(srv: RunningServer, fn: (c: RespClient) => Promise<T>): Promise<T> {
  const client = await RespClient.connect(srv.port, "127.0.0.1");
  try {
    return await fn(client);
  } finally {
    client.close();
  }
}

async function dbsize(srv: RunningServer): Promise<number> {
  const reply = await withClient(srv, (c) => c.command("DBSIZE"));
  if (typeof reply !== "number") throw new Error(`${srv.label}: DBSIZE answered ${JSON.stringify(reply)}`);
  return reply;
}

/** Error texts can quote whole argv (MSET values): keep progress lines readable. */
function clip(text: string, max = 100): string {
  const oneLine = text.replace(/\s+/g, " ");
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

function progress(msg: string): void {
  process.stderr.write(`${msg}\n`);
}

// ---------------------------------------------------------------------------------------------
// Throughput

interface ThroughputRow {
  readonly test: string;
  readonly pipeline: number;
  /** -n of every run in this cell (sized by the warm-up unless given). */
  requests: number;
  /** req/s per round, in round order; NaN (null in JSON) where the run failed. */
  readonly a: number[];
  readonly b: number[];
  readonly failures: string[];
}

/** Rounds to two significant digits, so `-n` values read well (183_456 → 180_000). */
function roundRequests(n: number): number {
  const magnitude = 10 ** Math.max(0, Math.floor(Math.log10(n)) - 1);
  return Math.max(10_000, Math.round(n / magnitude) * magnitude);
}

/** Elements per fill command: quick to send, far below any argv limit. */
const FILL_CHUNK = 1_000;

/**
 * Puts a collection test's key in its starting state (`RunState` in tests.ts) on one server, with
 * `elements` elements where it fills. Returns the error instead of throwing: a server lacking the
 * fill command fails this cell only.
 */
async function prepareRun(
  srv: RunningServer,
  test: BenchTest,
  elements: number,
  dataSize: number,
): Promise<string | null> {
  const state = test.state;
  if (state === undefined) return null;
  try {
    await withClient(srv, async (c) => {
      const deleted = await c.command("DEL", state.key);
      if (deleted instanceof RespError) throw new Error(`DEL answered ${deleted.message}`);
      const fill = state.fill;
      if (fill === undefined) return;
      const chunk = (j: number): string[] =>
        fill(state.key, j * FILL_CHUNK, Math.min(elements, (j + 1) * FILL_CHUNK), dataSize);
      await sendAll(c, { count: Math.ceil(elements / FILL_CHUNK), command: chunk, batch: 16 });
    });
    return null;
  } catch (err) {
    return `preparing ${state.key}: ${err instanceof Error ? err.message : String(err)}`;
  }
}

async function throughput(o: Options, s: Sides): Promise<ThroughputRow[]> {
  await using a = await startServer(s.a);
  await using b = await startServer(s.b);
  const servers = [a, b] as const;

  if (o.preload) {
    // GET should hit: fill key:000000000000 … key:<keyspace-1> with -d sized values, like SET would.
    const value = "x".repeat(o.dataSize);
    for (const srv of servers) {
      const t0 = performance.now();
      await withClient(srv, (c) => sendAll(c, { count: o.keyspace, command: (i) => ["SET", benchmarkKey(i), value] }));
      const n = await dbsize(srv);
      if (n !== o.keyspace) throw new Error(`${srv.label}: DBSIZE ${n} after preloading ${o.keyspace} keys`);
      progress(`preloaded ${fmtInt(n)} keys into ${srv.label} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
  }

  const run = async (
    srv: RunningServer,
    test: BenchTest,
    pipeline: number,
    requests: number,
  ): Promise<BenchOutcome> => {
    // redis-benchmark may send up to one pipeline per client beyond -n (its last writes are whole
    // pipelines): fill that much more so that no pop ever finds the key empty.
    const unprepared = await prepareRun(srv, test, requests + o.clients * pipeline, o.dataSize);
    if (unprepared !== null) return { ok: false, reason: unprepared, elapsedMs: 0 };
    const outcome = await runBenchmark({
      redisBenchmark: o.redisBenchmark,
      port: srv.port,
      test,
      requests,
      clients: o.clients,
      dataSize: o.dataSize,
      keyspace: o.keyspace,
      pipeline,
      cpus: s.benchCpus,
      timeoutMs: o.timeoutMs,
    });
    if (!srv.isAlive()) {
      throw new Error(`${srv.label} died during ${test.csv} P${pipeline}; log:\n${logTail(srv.logPath)}`);
    }
    return outcome;
  };

  // Warm-up: one short run per test × pipeline on both sides (JIT, allocator, connection setup);
  // the redis side's rate sizes -n so that a real run takes about --seconds.
  const combos = o.tests.flatMap((test) => o.pipelines.map((pipeline) => ({ test, pipeline })));
  const cells: { test: BenchTest; row: ThroughputRow; skip: Set<RunningServer> }[] = [];
  const rows: ThroughputRow[] = [];
  for (const { test, pipeline } of combos) {
    const row: ThroughputRow = { test: test.csv, pipeline, requests: o.requests ?? 0, a: [], b: [], failures: [] };
    rows.push(row);
    // A side whose warm-up failed (unknown command, error reply, timeout) sits this cell out:
    // its real runs would fail the same way, only slower and louder.
    const skip = new Set<RunningServer>();
    if (o.warmup) {
      // Long enough (~0.5 s on redis) that connection setup does not skew the rate used for sizing.
      // Tests differ a hundredfold in speed (GET vs LRANGE_600 at pipeline 16), so a short probe
      // on the A side sizes the warm-up itself.
      const probe = await run(a, test, pipeline, 10_000);
      const warmN = probe.ok ? roundRequests(probe.rps * 0.5) : 50_000;
      const wa = await run(a, test, pipeline, warmN);
      const wb = await run(b, test, pipeline, warmN);
      if (o.requests === undefined) {
        if (!wa.ok) throw new Error(`warm-up of ${test.csv} P${pipeline} on ${a.label} failed: ${wa.reason}`);
        row.requests = roundRequests(wa.rps * o.seconds);
      }
      for (const [srv, out] of [
        [a, wa],
        [b, wb],
      ] as const) {
        if (out.ok) continue;
        skip.add(srv);
        row.failures.push(`${srv.label}: ${out.reason}`);
      }
      const show = (out: BenchOutcome): string => (out.ok ? fmtInt(out.rps) : `FAILED: ${clip(out.reason)}`);
      progress(
        `warm-up ${test.csv} P${pipeline}: ${a.label} ${show(wa)}, ${b.label} ${show(wb)} ` +
          `→ -n ${fmtInt(row.requests)}`,
      );
    }
    cells.push({ test, row, skip });
  }

  for (let round = 1; round <= o.rounds; round++) {
    for (const { test, row, skip } of cells) {
      const line: string[] = [];
      for (const [srv, into] of [
        [a, row.a],
        [b, row.b],
      ] as const) {
        if (skip.has(srv)) {
          into.push(Number.NaN); // keeps a[i] and b[i] paired by round in the JSON
          line.push(`${srv.label} skipped`);
          continue;
        }
        const out = await run(srv, test, row.pipeline, row.requests);
        if (out.ok) {
          into.push(out.rps);
          line.push(`${srv.label} ${fmtInt(out.rps).padStart(9)} (${(out.elapsedMs / 1000).toFixed(1)} s)`);
        } else {
          into.push(Number.NaN);
          row.failures.push(`${srv.label}: ${out.reason}`);
          line.push(`${srv.label} FAILED: ${clip(out.reason)}`);
        }
      }
      const cell = `${test.csv.padEnd(16)} P${String(row.pipeline).padEnd(3)}`;
      progress(`round ${round}/${o.rounds}  ${cell} ${line.join("  ")}`);
    }
  }
  return rows;
}

/**
 * The ratio of a cell is the median of the per-round ratios b[i]/a[i]: the two runs of a round
 * are back to back, so load from elsewhere that comes and goes hits both and cancels. On this
 * shared 2-core machine that lands nearer 1.00 in redis-vs-redis runs than median(b)/median(a).
 */
function pairedRatios(r: ThroughputRow): number[] {
  return r.a.map((a, i) => r.b[i] / a).filter((x) => Number.isFinite(x) && x > 0);
}

function printThroughput(rows: readonly ThroughputRow[], s: Sides, o: Options): void {
  const la = s.a.label;
  const lb = s.b.label;
  const anyFailed = rows.some((r) => r.failures.length > 0);
  const body = rows.map((r) => {
    const ratios = pairedRatios(r);
    const cells = [
      r.test,
      String(r.pipeline),
      fmtInt(r.requests),
      fmtInt(median(r.a)),
      fmtInt(median(r.b)),
      fmtRatio(median(ratios)),
      ratios.length > 1 ? `${fmtRatio(Math.min(...ratios))}–${fmtRatio(Math.max(...ratios))}` : "—",
      fmtPct(spread(r.a)),
      fmtPct(spread(r.b)),
    ];
    if (anyFailed) cells.push(r.failures.length > 0 ? "yes (below)" : "");
    return cells;
  });
  console.log(
    `\nthroughput: redis-benchmark -c ${o.clients} -d ${o.dataSize} -r ${o.keyspace}, ` +
      `${o.rounds} rounds, ${la} and ${lb} alternately`,
  );
  const header = ["test", "pipeline", "-n", `${la} req/s`, `${lb} req/s`, `ratio ${lb}/${la}`, "ratio min–max"];
  header.push(`${la} spread`, `${lb} spread`, ...(anyFailed ? ["failed"] : []));
  console.log(table(header, body));
  // Geometric mean of the ratios per pipeline depth: one number to track over time.
  for (const pipeline of o.pipelines) {
    const ratios = rows
      .filter((r) => r.pipeline === pipeline)
      .map((r) => median(pairedRatios(r)))
      .filter((x) => Number.isFinite(x) && x > 0);
    if (ratios.length === 0) continue;
    const geo = Math.exp(ratios.reduce((acc, x) => acc + Math.log(x), 0) / ratios.length);
    console.log(`geomean ratio at pipeline ${pipeline}: ${fmtRatio(geo)} (${ratios.length} tests)`);
  }
  console.log(
    "req/s: median over rounds. ratio: median of the per-round ratios (each round runs both servers back to\n" +
      "back); min–max: the per-round ratios. spread: (max - min) / median of one server's rounds, the noise.",
  );
  for (const r of rows) {
    const counts = new Map<string, number>();
    for (const f of r.failures) counts.set(f, (counts.get(f) ?? 0) + 1);
    for (const [f, n] of counts) {
      console.log(`FAILED ${r.test} P${r.pipeline}${n > 1 ? ` (${n}×)` : ""} ${clip(f, 160)}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Memory

interface MemoryRow {
  readonly label: string;
  readonly keys: number;
  readonly rssBeforeBytes: number;
  readonly rssAfterBytes: number;
  readonly hwmBytes: number;
  readonly loadMs: number;
}

async function memory(o: Options, s: Sides): Promise<MemoryRow[]> {
  // Fresh servers: the throughput section's heaps would blur the numbers.
  await using a = await startServer(s.a);
  await using b = await startServer(s.b);
  // Deterministic distinct values, so nothing can be shared between keys.
  const pad = "v".repeat(Math.max(0, o.dataSize - 12));
  const value = (i: number): string => (String(i).padStart(12, "0") + pad).slice(0, o.dataSize);
  const rows: MemoryRow[] = [];
  for (const srv of [a, b]) {
    await Bun.sleep(o.settleMs);
    const before = readProcMemory(srv.pid);
    const t0 = performance.now();
    await withClient(srv, (c) => sendAll(c, { count: o.keys, command: (i) => ["SET", benchmarkKey(i), value(i)] }));
    const loadMs = performance.now() - t0;
    const n = await dbsize(srv);
    if (n !== o.keys) throw new Error(`${srv.label}: DBSIZE ${n} after loading ${o.keys} keys`);
    await Bun.sleep(o.settleMs);
    const after = readProcMemory(srv.pid);
    progress(`loaded ${fmtInt(n)} keys into ${srv.label} in ${(loadMs / 1000).toFixed(1)} s`);
    rows.push({
      label: srv.label,
      keys: n,
      rssBeforeBytes: before.rssBytes,
      rssAfterBytes: after.rssBytes,
      hwmBytes: after.hwmBytes,
      loadMs,
    });
  }
  return rows;
}

function printMemory(rows: readonly MemoryRow[], o: Options): void {
  const perKey = (r: MemoryRow): number => (r.rssAfterBytes - r.rssBeforeBytes) / r.keys;
  console.log(
    `\nmemory: ${fmtInt(o.keys)} keys (key:<12 digits>, ${o.dataSize}-byte values), ` +
      `RSS from /proc/<pid>/status, read ${o.settleMs} ms after loading`,
  );
  console.log(
    table(
      ["server", "RSS before", "RSS after", "peak RSS", "bytes/key", "load time"],
      rows.map((r) => [
        r.label,
        fmtBytes(r.rssBeforeBytes),
        fmtBytes(r.rssAfterBytes),
        fmtBytes(r.hwmBytes),
        perKey(r).toFixed(1),
        `${(r.loadMs / 1000).toFixed(1)} s`,
      ]),
    ),
  );
  const [ra, rb] = rows;
  if (ra !== undefined && rb !== undefined) {
    console.log(`bytes/key ratio ${rb.label}/${ra.label}: ${fmtRatio(perKey(rb) / perKey(ra))}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Sorted sets: the O(log n) curve (scripts/bench/zset-curve.ts)

async function curve(o: Options, s: Sides): Promise<CurveResult> {
  // Fresh servers, one connection each for the whole section.
  await using a = await startServer(s.a);
  await using b = await startServer(s.b);
  const ca = await RespClient.connect(a.port, "127.0.0.1");
  const cb = await RespClient.connect(b.port, "127.0.0.1");
  try {
    const side = (srv: RunningServer, client: RespClient): CurveSide => ({
      label: srv.label,
      client,
      cpuNs: () => threadCpuNs(srv.pid),
    });
    return await zsetCurve(side(a, ca), side(b, cb), o.curve, progress);
  } finally {
    ca.close();
    cb.close();
  }
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  let o: Options | null;
  try {
    o = parseOptions(Bun.argv.slice(2));
  } catch (err) {
    console.error(`bench: ${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    return 2;
  }
  if (o === null) {
    console.log(USAGE);
    return 0;
  }
  installCleanupHandlers();
  const s = sides(o);
  const meta = await header(o, s);
  const result: {
    meta: Record<string, string>;
    throughput?: ThroughputRow[];
    memory?: MemoryRow[];
    zsetCurve?: CurveResult & { options: CurveOptions };
    pubsub?: PubsubResult & { options: PubsubOptions };
    persistence?: PersistenceResult & { options: PersistenceOptions };
  } = { meta };
  if (o.throughput) {
    result.throughput = await throughput(o, s);
    printThroughput(result.throughput, s, o);
  }
  if (o.memory) {
    result.memory = await memory(o, s);
    printMemory(result.memory, o);
  }
  if (o.zsetCurve) {
    const curveResult = await curve(o, s);
    result.zsetCurve = { options: o.curve, ...curveResult };
    printZsetCurve(curveResult, s.a.label, s.b.label, o.curve);
  }
  if (o.pubsub !== null) {
    const pubsubResult = await pubsubBench(s.a, s.b, s.benchCpus !== undefined, o.pubsub, progress);
    result.pubsub = { options: o.pubsub, ...pubsubResult };
    printPubsub(pubsubResult, o.pubsub);
  }
  if (o.persistence !== null) {
    const options: PersistenceOptions = { ...o.persistence, benchCpus: s.benchCpus };
    const persistenceResult = await persistenceBench(s.a, s.b, options, progress);
    result.persistence = { options, ...persistenceResult };
    printPersistence(persistenceResult, options);
  }
  // Load from elsewhere during the run shows up here too (the servers are stopped by now).
  const busyAfter = await sampleCpuBusy();
  meta["machine load after"] = `${fmtPct(busyAfter)} CPU busy in the second after the run`;
  const warning = busyAfter > BUSY_WARNING ? " — WARNING: other work was running, numbers are noisy" : "";
  console.log(`\nmachine load after the run: ${fmtPct(busyAfter)} CPU busy${warning}`);
  if (o.json !== undefined) {
    await Bun.write(o.json, `${JSON.stringify(result, null, 2)}\n`);
    progress(`wrote ${o.json}`);
  }
  const failed =
    (result.throughput?.some((r) => r.failures.length > 0) ?? false) ||
    Object.keys(result.zsetCurve?.failures ?? {}).length > 0 ||
    (result.pubsub !== undefined && pubsubFailed(result.pubsub)) ||
    (result.persistence !== undefined && persistenceFailed(result.persistence));
  return failed ? 1 : 0;
}

main().then(
  (code) => {
    killAllChildrenNow();
    process.exit(code);
  },
  (err: unknown) => {
    killAllChildrenNow();
    // Expected failures (server will not start, a tool is missing) read better without a stack.
    const verbose = process.env.BENCH_DEBUG !== undefined;
    const detail = err instanceof Error ? (verbose ? (err.stack ?? err.message) : err.message) : String(err);
    console.error(`bench: ${detail}`);
    process.exit(1);
  },
);
