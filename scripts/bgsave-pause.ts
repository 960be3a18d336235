// `bun scripts/bgsave-pause.ts [--keys N] [--writers W] [--baseline-ms MS]`: what clients feel
// while redbun writes a BGSAVE of N keys (1 M by default) under write load, and proof that the
// file is the dataset as it was when BGSAVE began. A redbun process is started on a temp dir and
// loaded; W writer connections send SETs one at a time (P1) and time every reply, first for a
// baseline, then during the BGSAVE (changing and deleting the saved keys, adding new ones); a
// foreground SAVE is timed too. The file is then read back and checked key by key.

import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { readRdb } from "../src/persistence/rdb/reader.ts";
import { latin1 } from "../src/store/latin1.ts";
import { startServer, type RunningServer } from "./bench/processes.ts";
import { RespClient, RespError, sendAll } from "./bench/resp-client.ts";

const HOST = "127.0.0.1";

const { values: options } = parseArgs({
  options: {
    keys: { type: "string", default: "1000000" },
    writers: { type: "string", default: "4" },
    "baseline-ms": { type: "string", default: "3000" },
  },
});
const KEYS = Number(options.keys);
const WRITERS = Number(options.writers);
const BASELINE_MS = Number(options["baseline-ms"]);

const savedKey = (i: number): string => `key:${String(i).padStart(12, "0")}`;
/** The value every saved key has when BGSAVE begins. */
const savedValue = (i: number): string => `v0:${String(i).padStart(12, "0")}:${"x".repeat(16)}`;

interface Phase {
  latenciesMs: number[];
  writes: number;
}

/** One writer: sends `next()`'s commands one at a time while `running()`, timing each reply. */
async function writer(client: RespClient, phase: () => Phase | null, next: () => string[]): Promise<void> {
  for (let current = phase(); current !== null; current = phase()) {
    const argv = next();
    const start = performance.now();
    const reply = await client.command(...argv);
    current.latenciesMs.push(performance.now() - start);
    current.writes++;
    if (reply instanceof RespError) throw new Error(`${argv[0]}: ${reply.message}`);
  }
}

function summary(label: string, phase: Phase, wallMs: number): string {
  const sorted = [...phase.latenciesMs].sort((a, b) => a - b);
  const at = (q: number): string => (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(2);
  return (
    `${label.padEnd(18)} ${String(phase.writes).padStart(8)} writes in ${(wallMs / 1000).toFixed(2)} s` +
    `   p50 ${at(0.5)} ms   p99 ${at(0.99)} ms   p99.9 ${at(0.999)} ms   max ${(sorted.at(-1) ?? 0).toFixed(2)} ms`
  );
}

async function infoField(client: RespClient, name: string): Promise<string> {
  const text = await client.command("INFO", "persistence");
  if (typeof text !== "string") throw new Error("INFO did not answer a bulk string");
  return new RegExp(`${name}:([^\\r\\n]*)`).exec(text)?.[1] ?? "";
}

async function main(): Promise<void> {
  await using server: RunningServer = await startServer({
    label: "redbun",
    command: [process.execPath, join(import.meta.dir, "..", "src", "main.ts")],
    extraArgs: [],
    cpus: undefined,
  });
  const dumpPath = join(dirname(server.logPath), "dump.rdb");
  const control = await RespClient.connect(server.port, HOST);
  const loadStart = performance.now();
  await sendAll(control, { count: KEYS, command: (i) => ["SET", savedKey(i), savedValue(i)] });
  console.log(`loaded ${KEYS.toLocaleString()} keys in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`);

  const clients = await Promise.all(Array.from({ length: WRITERS }, () => RespClient.connect(server.port, HOST)));
  let random = 12345;
  const rand = (n: number): number => {
    random = (Math.imul(random, 1664525) + 1013904223) >>> 0;
    return random % n;
  };

  // Baseline: writers touch only warm:* keys (all set to "w" before the save begins).
  const warm = new Set<string>();
  const baseline: Phase = { latenciesMs: [], writes: 0 };
  let current: Phase | null = baseline;
  const baselineStart = performance.now();
  const timer = setTimeout(() => (current = null), BASELINE_MS);
  await Promise.all(
    clients.map((client) =>
      writer(client, () => current, () => {
        const key = `warm:${rand(1000)}`;
        warm.add(key);
        return ["SET", key, "w"];
      }),
    ),
  );
  clearTimeout(timer);
  const baselineMs = performance.now() - baselineStart;

  // During BGSAVE: overwrite and delete saved keys, add new ones; none of it may reach the file.
  const during: Phase = { latenciesMs: [], writes: 0 };
  let newKeys = 0;
  const bgsaveStart = performance.now();
  const started = await control.command("BGSAVE");
  if (started !== "Background saving started") throw new Error(`BGSAVE answered ${JSON.stringify(started)}`);
  current = during;
  const writers = Promise.all(
    clients.map((client) =>
      writer(client, () => current, () => {
        const choice = rand(10);
        const i = rand(KEYS);
        if (choice < 6) return ["SET", savedKey(i), `v1:${i}`];
        if (choice < 8) return ["DEL", savedKey(i)];
        return ["SET", `new:${newKeys++}`, "n"];
      }),
    ),
  );
  while ((await infoField(control, "rdb_bgsave_in_progress")) === "1") await Bun.sleep(20);
  const bgsaveMs = performance.now() - bgsaveStart;
  current = null;
  await writers;
  const status = await infoField(control, "rdb_last_bgsave_status");

  // The file: exactly the saved keys with their values as they were, and the warm keys.
  const file = readRdb(readFileSync(dumpPath));
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const record of file.records) {
    seen.add(record.key);
    const value = record.value.type === "string" ? latin1(record.value.value, 0, record.value.value.length) : null;
    if (record.key.startsWith("key:")) {
      const expected = savedValue(Number(record.key.slice(4)));
      if (value !== expected) problems.push(`${record.key} = ${String(value)}`);
    } else if (!(warm.has(record.key) && value === "w")) {
      problems.push(`unexpected key ${record.key}`);
    }
  }
  const missing = KEYS + warm.size - seen.size;
  if (file.records.length !== KEYS + warm.size || missing !== 0) {
    problems.push(`${file.records.length} keys in the file, ${KEYS + warm.size} expected`);
  }

  // A foreground SAVE of the (now changed) dataset, for comparison: the whole server waits.
  const saveStart = performance.now();
  await control.command("SAVE");
  const saveMs = performance.now() - saveStart;

  console.log(`BGSAVE of ${KEYS.toLocaleString()} keys: ${(bgsaveMs / 1000).toFixed(2)} s (status ${status}); SAVE: ${(saveMs / 1000).toFixed(2)} s`);
  console.log(`${WRITERS} writers, one command in flight each (P1); latency of every reply:`);
  console.log(summary("baseline", baseline, baselineMs));
  console.log(summary("during BGSAVE", during, bgsaveMs));
  console.log(
    `file check: ${file.records.length.toLocaleString()} keys read back; ` +
      (problems.length === 0 ? "exactly the dataset as it was when BGSAVE began" : `${problems.length} problems, first: ${problems.slice(0, 5).join("; ")}`),
  );
  for (const client of clients) client.close();
  control.close();
  if (problems.length > 0) process.exitCode = 1;
}

await main();
