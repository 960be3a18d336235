// The redis-benchmark tests `bun run bench` knows, as data: adding a test is one line here.
// `t` is the name passed to `redis-benchmark -t`, `csv` the test name redis-benchmark prints in
// its --csv output (they differ for MSET and LRANGE_*), `group` what `--tests <group>` selects.
// Keys follow redis-benchmark: `key:<12 digits>` (GET/SET/MSET), `counter:<12 digits>` (INCR),
// fixed `mylist`/`myset`/`myhash`/`myzset` for the collections, reset before every run (`state`).

export type BenchGroup = "strings" | "collections";

/**
 * A collection test's starting point, set up on each server before each run (warm-up and rounds)
 * so both servers and every round start from the same keyspace: `key` is deleted, then, for the
 * pops, filled with one element per request (and the few redis-benchmark sends beyond -n).
 * redis-benchmark's own order (LPUSH n, RPUSH n, then LPOP n, RPOP n) pops what it pushed, so
 * every pop hits; running tests one by one, with -n sized per test and rounds repeating, would
 * otherwise drift into popping an empty key (measuring misses) or, for the pushes and LRANGE's
 * own LPUSH, grow the key without bound.
 */
export interface RunState {
  readonly key: string;
  /** Builds one command adding elements [from, to) of the fill; absent: the run starts empty. */
  readonly fill?: (key: string, from: number, to: number, dataSize: number) => string[];
}

export interface BenchTest {
  /** What `--tests` accepts (lower case). */
  readonly id: string;
  /** The argument to `redis-benchmark -t`. */
  readonly t: string;
  /** The test's name in redis-benchmark's --csv output. */
  readonly csv: string;
  readonly group: BenchGroup;
  readonly state?: RunState;
}

/** List elements as redis-benchmark writes them: -d bytes of "x". */
const fillList = (key: string, from: number, to: number, dataSize: number): string[] => [
  "RPUSH",
  key,
  ...Array.from({ length: to - from }, () => "x".repeat(dataSize)),
];

/** Distinct members in redis-benchmark's `element:<n>` style (SPOP needs one per request). */
const fillSet = (key: string, from: number, to: number): string[] => [
  "SADD",
  key,
  ...Array.from({ length: to - from }, (_, i) => `element:${from + i}`),
];

const fillZset = (key: string, from: number, to: number): string[] => [
  "ZADD",
  key,
  ...Array.from({ length: to - from }, (_, i) => [String(from + i), `element:${from + i}`]).flat(),
];

export const BENCH_TESTS: readonly BenchTest[] = [
  { id: "get", t: "get", csv: "GET", group: "strings" },
  { id: "set", t: "set", csv: "SET", group: "strings" },
  { id: "incr", t: "incr", csv: "INCR", group: "strings" },
  { id: "mset", t: "mset", csv: "MSET (10 keys)", group: "strings" },
  { id: "lpush", t: "lpush", csv: "LPUSH", group: "collections", state: { key: "mylist" } },
  { id: "rpush", t: "rpush", csv: "RPUSH", group: "collections", state: { key: "mylist" } },
  { id: "lpop", t: "lpop", csv: "LPOP", group: "collections", state: { key: "mylist", fill: fillList } },
  { id: "rpop", t: "rpop", csv: "RPOP", group: "collections", state: { key: "mylist", fill: fillList } },
  { id: "sadd", t: "sadd", csv: "SADD", group: "collections", state: { key: "myset" } },
  { id: "hset", t: "hset", csv: "HSET", group: "collections", state: { key: "myhash" } },
  { id: "spop", t: "spop", csv: "SPOP", group: "collections", state: { key: "myset", fill: fillSet } },
  { id: "zadd", t: "zadd", csv: "ZADD", group: "collections", state: { key: "myzset" } },
  { id: "zpopmin", t: "zpopmin", csv: "ZPOPMIN", group: "collections", state: { key: "myzset", fill: fillZset } },
  // redis-benchmark runs its own "LPUSH (needed to benchmark LRANGE)" of -n elements first, onto
  // the emptied list; only the LRANGE line of its output is kept.
  {
    id: "lrange_100",
    t: "lrange_100",
    csv: "LRANGE_100 (first 100 elements)",
    group: "collections",
    state: { key: "mylist" },
  },
  {
    id: "lrange_600",
    t: "lrange_600",
    csv: "LRANGE_600 (first 600 elements)",
    group: "collections",
    state: { key: "mylist" },
  },
];

const GROUPS: readonly BenchGroup[] = ["strings", "collections"];

/**
 * Resolves `--tests get,set`, a group (`strings`, the default; `collections`, issue 3's set),
 * a mix of both, or `all`, in the table's order; throws on an unknown name.
 */
export function selectTests(spec: string | undefined): BenchTest[] {
  const wanted = new Set<BenchTest>();
  for (const name of (spec ?? "strings").split(",").map((s) => s.trim().toLowerCase())) {
    if (name.length === 0) continue;
    const matches = BENCH_TESTS.filter((t) => name === "all" || t.group === name || t.id === name);
    if (matches.length === 0) {
      const known = [...GROUPS, "all", ...BENCH_TESTS.map((t) => t.id)].join(", ");
      throw new Error(`unknown test "${name}"; known: ${known}`);
    }
    for (const t of matches) wanted.add(t);
  }
  return BENCH_TESTS.filter((t) => wanted.has(t));
}
