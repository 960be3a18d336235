// The redis-benchmark tests `bun run bench` knows, as data: adding a test is one line here.
// `t` is the name passed to `redis-benchmark -t`, `csv` the test name redis-benchmark prints
// in its --csv output (they differ for MSET and LRANGE_*), `inDefault` whether a plain
// `bun run bench` runs it. Keys follow redis-benchmark: `key:<12 digits>` (GET/SET/MSET),
// `counter:<12 digits>` (INCR), fixed `mylist`/`myset`/`myhash`/`myzset` for the collections.

export interface BenchTest {
  /** What `--tests` accepts (lower case). */
  readonly id: string;
  /** The argument to `redis-benchmark -t`. */
  readonly t: string;
  /** The test's name in redis-benchmark's --csv output. */
  readonly csv: string;
  /** Part of the default selection. */
  readonly inDefault: boolean;
}

export const BENCH_TESTS: readonly BenchTest[] = [
  { id: "get", t: "get", csv: "GET", inDefault: true },
  { id: "set", t: "set", csv: "SET", inDefault: true },
  { id: "incr", t: "incr", csv: "INCR", inDefault: true },
  { id: "mset", t: "mset", csv: "MSET (10 keys)", inDefault: true },
  { id: "lpush", t: "lpush", csv: "LPUSH", inDefault: false },
  { id: "rpush", t: "rpush", csv: "RPUSH", inDefault: false },
  { id: "lpop", t: "lpop", csv: "LPOP", inDefault: false },
  { id: "rpop", t: "rpop", csv: "RPOP", inDefault: false },
  { id: "sadd", t: "sadd", csv: "SADD", inDefault: false },
  { id: "hset", t: "hset", csv: "HSET", inDefault: false },
  { id: "spop", t: "spop", csv: "SPOP", inDefault: false },
  { id: "zadd", t: "zadd", csv: "ZADD", inDefault: false },
  { id: "zpopmin", t: "zpopmin", csv: "ZPOPMIN", inDefault: false },
  // redis-benchmark runs its own "LPUSH (needed to benchmark LRANGE)" first; only this line is kept.
  { id: "lrange_100", t: "lrange_100", csv: "LRANGE_100 (first 100 elements)", inDefault: false },
  { id: "lrange_300", t: "lrange_300", csv: "LRANGE_300 (first 300 elements)", inDefault: false },
];

/** Resolves `--tests get,set` (or `all`); throws on an unknown name. */
export function selectTests(spec: string | undefined): BenchTest[] {
  if (spec === undefined) return BENCH_TESTS.filter((t) => t.inDefault);
  if (spec === "all") return [...BENCH_TESTS];
  return spec
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s.length > 0)
    .map((id) => {
      const test = BENCH_TESTS.find((t) => t.id === id);
      if (test === undefined) {
        throw new Error(`unknown test "${id}"; known: ${BENCH_TESTS.map((t) => t.id).join(", ")}, all`);
      }
      return test;
    });
}
