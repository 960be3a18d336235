// The O(log n) curve (`bun run bench --zset-curve`): ZADD of new members and ZRANK of existing
// ones against one sorted set grown to 10 k, 100 k and 1 M members, both servers alternately.
// Timed from our own client in pipelined batches (one in flight): wall µs per command, round trip
// included, and the server's own CPU µs per command from /proc; PING in the same shape is the floor.

import { fmtRatio, median, spread, table } from "./report.ts";
import { encodeCommand, type RespClient } from "./resp-client.ts";

export interface CurveOptions {
  readonly sizes: readonly number[];
  /** Timed commands per op, size, server and round. */
  readonly ops: number;
  /** Commands per pipelined batch. */
  readonly batch: number;
  readonly rounds: number;
}

export type CurveOp = "PING" | "ZADD" | "ZRANK";
const OPS: readonly CurveOp[] = ["PING", "ZADD", "ZRANK"];

/** µs per command, one per round in round order; NaN (null in JSON) once the side is out. */
interface PerRound {
  readonly a: number[];
  readonly b: number[];
}

export interface CurveRow {
  readonly size: number;
  readonly op: CurveOp;
  /** Seen by our client, from sending a batch to its last reply. */
  readonly wallUs: PerRound;
  /** CPU time the server process spent meanwhile (all its threads). */
  readonly cpuUs: PerRound;
}

export interface CurveSide {
  readonly label: string;
  readonly client: RespClient;
  /** The server process's CPU time so far, ns. */
  readonly cpuNs: () => number;
}

export interface CurveResult {
  readonly rows: CurveRow[];
  /** Why a side stopped (a missing command, an error reply), by label. */
  readonly failures: Record<string, string>;
}

const KEY = "curve:zset";
/** Member/score pairs per ZADD while growing the set. */
const LOAD_PAIRS = 500;

/** Existing members are m:0 … m:<size-1>; each keeps one score, the same on both servers. */
const member = (i: number): string => `m:${i}`;

/** A 32-bit integer hash (murmur3's finalizer): scores that look random yet need no state. */
function mix32(x: number): number {
  let h = x | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const score = (i: number): string => String(mix32(i) % 1_000_000_000);

/** A seeded generator (mulberry32-like), so both servers are asked for the same random members. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    return mix32(state) / 2 ** 32;
  };
}

async function send(client: RespClient, payload: string, count: number): Promise<void> {
  const r = await client.sendBatch(Buffer.from(payload, "latin1"), count);
  if (r.errors > 0) throw new Error(`${r.errors} error replies, first: ${r.firstError}`);
}

/** Adds members [from, to) to the sorted set, 16 ZADDs of LOAD_PAIRS members per write. */
async function grow(client: RespClient, from: number, to: number): Promise<void> {
  const perWrite = LOAD_PAIRS * 16;
  for (let start = from; start < to; start += perWrite) {
    let payload = "";
    let commands = 0;
    for (let i = start; i < Math.min(to, start + perWrite); i += LOAD_PAIRS) {
      const argv = ["ZADD", KEY];
      for (let j = i; j < Math.min(to, i + LOAD_PAIRS); j++) argv.push(score(j), member(j));
      payload += encodeCommand(argv);
      commands++;
    }
    await send(client, payload, commands);
  }
  const card = await client.command("ZCARD", KEY);
  if (card !== to) throw new Error(`ZCARD ${JSON.stringify(card)} after loading ${to} members`);
}

/**
 * Times `ops` commands of one kind in batches; returns wall and server-CPU µs per command. ZADD
 * adds new members (n:<i>, random scores) and removes each batch again untimed, so the set stays
 * within [size, size + batch] instead of growing by `ops` during the pass.
 */
async function timedPass(
  side: CurveSide,
  op: CurveOp,
  size: number,
  ops: number,
  batch: number,
  seed: number,
): Promise<{ wallUs: number; cpuUs: number }> {
  const random = seededRandom(seed);
  let wallMs = 0;
  let cpuNs = 0;
  for (let done = 0; done < ops; done += batch) {
    const n = Math.min(batch, ops - done);
    let payload = "";
    let cleanup = "";
    for (let i = 0; i < n; i++) {
      if (op === "PING") {
        payload += encodeCommand(["PING"]);
      } else if (op === "ZRANK") {
        payload += encodeCommand(["ZRANK", KEY, member(Math.floor(random() * size))]);
      } else {
        const added = `n:${done + i}`;
        payload += encodeCommand(["ZADD", KEY, String(Math.floor(random() * 1_000_000_000)), added]);
        cleanup += encodeCommand(["ZREM", KEY, added]);
      }
    }
    const bytes = Buffer.from(payload, "latin1");
    const cpu0 = side.cpuNs();
    const t0 = performance.now();
    const r = await side.client.sendBatch(bytes, n);
    wallMs += performance.now() - t0;
    cpuNs += side.cpuNs() - cpu0;
    if (r.errors > 0) throw new Error(`${r.errors} error replies, first: ${r.firstError}`);
    if (cleanup.length > 0) await send(side.client, cleanup, n);
  }
  return { wallUs: (wallMs * 1000) / ops, cpuUs: cpuNs / 1000 / ops };
}

/** Runs the curve on sides a and b (each a connected client to its own server). */
export async function zsetCurve(
  a: CurveSide,
  b: CurveSide,
  o: CurveOptions,
  progress: (msg: string) => void,
): Promise<CurveResult> {
  const failures: Record<string, string> = {};
  const sides = [a, b] as const;
  /** Runs `fn` on a side still in the race; a failure takes that side out and records why. */
  const onSide = async <T>(side: CurveSide, what: string, fn: () => Promise<T>): Promise<T | undefined> => {
    if (side.label in failures) return undefined;
    try {
      return await fn();
    } catch (err) {
      failures[side.label] = `${what}: ${err instanceof Error ? err.message : String(err)}`;
      progress(`zset curve: ${side.label} out — ${failures[side.label]}`);
      return undefined;
    }
  };

  for (const side of sides) await onSide(side, "DEL", () => side.client.command("DEL", KEY));
  const rows: CurveRow[] = [];
  let loaded = 0;
  for (const size of [...o.sizes].sort((x, y) => x - y)) {
    for (const side of sides) {
      const t0 = performance.now();
      await onSide(side, `loading ${size} members`, () => grow(side.client, loaded, size));
      if (!(side.label in failures)) {
        const seconds = ((performance.now() - t0) / 1000).toFixed(1);
        progress(`zset curve: ${side.label} holds ${size} members (+${seconds} s)`);
      }
    }
    loaded = size;
    // Warm-up at every size: JIT on the first, and caches after the set grew on the others.
    const warmOps = Math.max(o.batch, Math.floor(o.ops / 10));
    for (const op of OPS) {
      for (const side of sides) {
        await onSide(side, `${op} warm-up`, () => timedPass(side, op, size, warmOps, o.batch, 1));
      }
    }
    const sizeRows = OPS.map((op): CurveRow => ({ size, op, wallUs: { a: [], b: [] }, cpuUs: { a: [], b: [] } }));
    rows.push(...sizeRows);
    for (let round = 1; round <= o.rounds; round++) {
      const line: string[] = [];
      for (const row of sizeRows) {
        // Same seed on both sides: the same members are asked for, in the same order.
        const seed = mix32(size * 31 + round * 7 + OPS.indexOf(row.op));
        for (const [side, which] of [
          [a, "a"],
          [b, "b"],
        ] as const) {
          const r = await onSide(side, row.op, () => timedPass(side, row.op, size, o.ops, o.batch, seed));
          row.wallUs[which].push(r?.wallUs ?? Number.NaN);
          row.cpuUs[which].push(r?.cpuUs ?? Number.NaN);
        }
        const last = (xs: number[]): string => fmtUs(xs.at(-1) ?? Number.NaN);
        line.push(`${row.op} ${last(row.cpuUs.a)}/${last(row.cpuUs.b)}`);
      }
      progress(
        `zset curve round ${round}/${o.rounds} size ${size}: CPU µs/op ${a.label}/${b.label} ${line.join("  ")}`,
      );
    }
  }
  return { rows, failures };
}

const fmtUs = (us: number): string => (Number.isFinite(us) ? us.toFixed(2) : "—");

function fmtSize(n: number): string {
  if (n >= 1_000_000 && n % 1_000_000 === 0) return `${n / 1_000_000} M`;
  if (n >= 1_000 && n % 1_000 === 0) return `${n / 1_000} k`;
  return String(n);
}

/** Median of the per-round ratios a µs / b µs: b's speed relative to a (1.00 = parity). */
function speedRatio(r: PerRound): number {
  return median(r.a.map((us, i) => us / r.b[i]).filter((x) => Number.isFinite(x) && x > 0));
}

export function printZsetCurve(result: CurveResult, la: string, lb: string, o: CurveOptions): void {
  console.log(
    `\nzset curve: ${o.ops.toLocaleString("en-US")} timed commands per op, size and server per round, ` +
      `batches of ${o.batch} (one in flight), ${o.rounds} rounds, ${la} and ${lb} alternately`,
  );
  const body = result.rows.map((r) => {
    const spreads = [r.wallUs.a, r.wallUs.b, r.cpuUs.a, r.cpuUs.b].map(spread).filter(Number.isFinite);
    return [
      fmtSize(r.size),
      r.op === "PING" ? "PING (floor)" : r.op,
      fmtUs(median(r.cpuUs.a)),
      fmtUs(median(r.cpuUs.b)),
      fmtRatio(speedRatio(r.cpuUs)),
      fmtUs(median(r.wallUs.a)),
      fmtUs(median(r.wallUs.b)),
      fmtRatio(speedRatio(r.wallUs)),
      spreads.length > 0 ? `${(Math.max(...spreads) * 100).toFixed(0)}%` : "—",
    ];
  });
  const header = ["size", "op", `${la} CPU`, `${lb} CPU`, "ratio", `${la} wall`, `${lb} wall`, "ratio", "spread"];
  console.log(table(header, body, 2));
  printGrowth(result.rows, la, lb);
  console.log(
    "CPU: the server's CPU µs per command (all its threads, /proc schedstat), unaffected by waiting for a core.\n" +
      "wall: µs per command at our client, round trip and client included; PING in the same batches is the floor.\n" +
      `Medians over rounds; ratio: median of the per-round ${la} µs / ${lb} µs, ${lb}'s speed relative to ${la}\n` +
      "(1.00 = parity); spread: the largest (max - min) / median of the four columns' rounds. ZADD adds new\n" +
      "members and removes them again untimed after each batch, so the size stays put.",
  );
  for (const [label, why] of Object.entries(result.failures)) console.log(`FAILED ${label}: ${why}`);
}

/** Growth of the cost from the smallest size to the largest, per op and server. */
function printGrowth(rows: readonly CurveRow[], la: string, lb: string): void {
  const sizes = [...new Set(rows.map((r) => r.size))];
  const first = sizes[0];
  const last = sizes.at(-1);
  if (first === undefined || last === undefined || first === last) return;
  const at = (size: number, op: CurveOp): CurveRow | undefined => rows.find((r) => r.size === size && r.op === op);
  const growth = (op: CurveOp, which: "a" | "b", measure: "cpuUs" | "wallUs", minusFloor: boolean): string => {
    const cost = (size: number): number => {
      const row = at(size, op);
      const floor = at(size, "PING");
      if (row === undefined || floor === undefined) return Number.NaN;
      return median(row[measure][which]) - (minusFloor ? median(floor[measure][which]) : 0);
    };
    const g = cost(last) / cost(first);
    return Number.isFinite(g) && g > 0 ? `×${g.toFixed(2)}` : "—";
  };
  const span = `${fmtSize(first)}→${fmtSize(last)}`;
  console.log(
    `growth ${span} (log n predicts ×${(Math.log2(last) / Math.log2(first)).toFixed(2)} for the search itself, ` +
      `linear ×${last / first}):`,
  );
  for (const op of ["ZADD", "ZRANK"] as const) {
    const parts = (["a", "b"] as const).map((which) => {
      const label = which === "a" ? la : lb;
      return (
        `${label} CPU ${growth(op, which, "cpuUs", false)} (net of PING ${growth(op, which, "cpuUs", true)}), ` +
        `wall ${growth(op, which, "wallUs", false)}`
      );
    });
    console.log(`  ${op.padEnd(5)}  ${parts.join(";  ")}`);
  }
}
