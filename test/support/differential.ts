// Differential case tables: each case runs the same commands on a fresh connection to redbun and
// to a real redis-server (both FLUSHALLed first); raw reply bytes must match step by step.
// differentialSuite() = one describe per table, one test per case; runCase/compareCaseRuns/compareReplies
// are the lower levels. No clock driving: cases needing expiry use PEXPIREAT/EXAT with timestamps
// far in the past (already expired) or far in the future (cannot expire during the test).
// The helpers case tables share live at the end: normalizers, multi-frame steps, `needs`.

import { afterAll, beforeAll, test } from "bun:test";
import {
  RespClient,
  RespReadError,
  encodeCommand,
  formatArgv,
  formatBytes,
  latin1,
  latin1Bytes,
  parseNode,
  splitReplies,
  type Argv,
  type RespNode,
} from "./resp-client.ts";
import { describeWithRealRedis, startRealRedis } from "./redis-server.ts";

/** Rewrites a reply before comparison (both sides alike); a string is taken as latin1 bytes. */
export type Normalizer = (reply: Uint8Array, argv: Argv | undefined) => Uint8Array | string;

/**
 * Compare aggregates as multisets: `true` sorts the elements of every aggregate at every depth
 * (maps and attributes by key/value pair); `"pairs"` additionally treats the top-level flat
 * array as key/value pairs (RESP2 HGETALL, ZRANGE … WITHSCORES).
 */
export type Unordered = boolean | "pairs";

export interface StepOptions {
  /** The command to send, encoded as a multibulk. */
  argv?: Argv;
  /** Raw bytes to send instead of argv (inline commands, malformed input). */
  raw?: string | Uint8Array;
  /** Replies to read after sending: default 1; 0 when none is expected (CLIENT REPLY OFF); n for SUBSCRIBE a b c. */
  replies?: number;
  /** Read every byte until the server closes the connection (protocol errors, QUIT), compared as one blob. */
  untilClosed?: boolean;
  normalize?: Normalizer;
  unordered?: Unordered;
}

/** A step: a plain argv, or StepOptions. */
export type Step = Argv | StepOptions;

export interface Case {
  /** Test name; unique within its suite. */
  name: string;
  /** Run first on the same connection; replies are read but not compared. */
  setup?: readonly Argv[];
  /** The compared steps. */
  commands: readonly Step[];
  /** 3: send HELLO 3 first on both sides (its reply is checked to be a map, not compared). */
  resp?: 2 | 3;
  /** Send all commands in one write, then read the replies (a pipeline). */
  pipeline?: boolean;
  /** Defaults for every step. */
  normalize?: Normalizer;
  unordered?: Unordered;
  /** Skip this case (a string says why). */
  skip?: boolean | string;
  /** Mark as todo: defined, not yet expected to pass. */
  todo?: boolean | string;
}

/** One side of a comparison. */
export interface DiffServer {
  label: string;
  connect(): Promise<RespClient>;
  close(): Promise<void>;
}

export interface DifferentialOptions {
  /** Config for startRedbun (the default subject). */
  redbunConfig?: Record<string, unknown>;
  /** Extra redis-server arguments (the default reference), e.g. ["--enable-debug-command", "yes"]. */
  redisArgs?: string[];
  /** How long to wait for each reply before recording "no reply" (default 3000 ms). */
  readTimeoutMs?: number;
  /** Override the server under test (default: redbun). */
  subject?: () => Promise<DiffServer>;
  /** Override the reference (default: real redis-server). */
  reference?: () => Promise<DiffServer>;
}

/** What one step produced: its replies, and a failure text when the connection closed or stalled. */
export interface StepOutcome {
  replies: Uint8Array[];
  failure?: string;
}

export interface CaseRun {
  hello?: Uint8Array;
  setup: StepOutcome[];
  steps: StepOutcome[];
}

const DEFAULT_READ_TIMEOUT_MS = 3000;

function stepOptions(step: Step): StepOptions {
  return isArgv(step) ? { argv: step } : step;
}

function isArgv(step: Step): step is Argv {
  return Array.isArray(step);
}

function stepBytes(step: StepOptions): Uint8Array {
  if (step.raw !== undefined) return typeof step.raw === "string" ? latin1Bytes(step.raw) : step.raw;
  if (step.argv !== undefined) return encodeCommand(step.argv);
  throw new Error("a step needs argv or raw");
}

/** How a step reads in messages: `GET foo`, or `raw "PING\r\n"`. */
export function describeStep(step: Step): string {
  const s = stepOptions(step);
  if (s.raw !== undefined) return `raw ${formatBytes(typeof s.raw === "string" ? latin1Bytes(s.raw) : s.raw, 120)}`;
  return s.argv !== undefined ? formatArgv(s.argv) : "(empty step)";
}

async function readStep(client: RespClient, step: StepOptions, readTimeoutMs: number): Promise<StepOutcome> {
  if (step.untilClosed) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stalled = new Promise<"stalled">((resolve) => {
      timer = setTimeout(() => resolve("stalled"), readTimeoutMs);
    });
    const result = await Promise.race([client.readUntilClosed(), stalled]);
    clearTimeout(timer);
    if (result === "stalled") {
      client.terminate();
      const got = await client.readUntilClosed();
      return { replies: [got], failure: `<connection still open after ${readTimeoutMs} ms>` };
    }
    return { replies: [result] };
  }
  const replies: Uint8Array[] = [];
  const count = step.replies ?? 1;
  for (let i = 0; i < count; i++) {
    try {
      replies.push(await client.readReply({ timeoutMs: readTimeoutMs }));
    } catch (e) {
      if (e instanceof RespReadError && e.reason === "timeout") {
        return { replies, failure: `<no reply within ${readTimeoutMs} ms>` };
      }
      if (e instanceof RespReadError && e.reason === "closed") return { replies, failure: "<connection closed>" };
      return { replies, failure: `<${e instanceof Error ? e.message : String(e)}>` };
    }
  }
  return { replies };
}

/**
 * Runs a case on one connection: FLUSHALL, HELLO 3 if asked, setup, then the steps. After a step
 * stalls the connection is out of step, so the rest are recorded as not run.
 */
export async function runCase(client: RespClient, c: Case, readTimeoutMs = DEFAULT_READ_TIMEOUT_MS): Promise<CaseRun> {
  client.command("FLUSHALL");
  const flushed = await client.readReply({ timeoutMs: readTimeoutMs });
  if (latin1(flushed) !== "+OK\r\n") throw new Error(`FLUSHALL before the case replied ${formatBytes(flushed)}`);
  const run: CaseRun = { setup: [], steps: [] };
  if (c.resp === 3) {
    client.command("HELLO", "3");
    run.hello = await client.readReply({ timeoutMs: readTimeoutMs });
  }
  let broken: string | undefined;
  for (const argv of c.setup ?? []) {
    if (!client.isOpen) {
      broken = "the connection closed during setup";
      break;
    }
    client.command(...argv);
    const outcome = await readStep(client, {}, readTimeoutMs);
    run.setup.push(outcome);
    if (outcome.failure !== undefined) {
      broken = `setup step ${formatArgv(argv)} failed: ${outcome.failure}`;
      break;
    }
  }
  const steps = c.commands.map(stepOptions);
  const notRun = (): StepOutcome => ({ replies: [], failure: `<not run: ${broken}>` });
  const send = (bytes: Uint8Array): string | undefined => {
    if (!client.isOpen) return "<connection closed>";
    client.send(bytes);
    return undefined;
  };
  // Pipelined: every step's bytes go out in one write, then the replies are read step by step.
  const pipelineFailure = c.pipeline && broken === undefined ? send(Buffer.concat(steps.map(stepBytes))) : undefined;
  for (const step of steps) {
    if (broken !== undefined) {
      run.steps.push(notRun());
      continue;
    }
    const sendFailure = c.pipeline ? pipelineFailure : send(stepBytes(step));
    const outcome = sendFailure !== undefined ? { replies: [], failure: sendFailure } : await readStep(client, step, readTimeoutMs);
    run.steps.push(outcome);
    // A closed connection stays comparable (later steps read "closed" too); a stall desynchronizes.
    if (outcome.failure !== undefined && outcome.failure !== "<connection closed>") broken = "an earlier step stalled";
  }
  return run;
}

// ---------------------------------------------------------------------------------------------
// Comparison

function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  return parts.length === 1 ? parts[0] : new Uint8Array(Buffer.concat(parts));
}

function canonicalNode(bytes: Uint8Array, node: RespNode, pairs: boolean): Uint8Array {
  if (node.type === "|" && node.annotated !== undefined) {
    const attr = canonicalAggregate(bytes, node, true);
    return concatBytes([attr, canonicalNode(bytes, node.annotated, false)]);
  }
  if (node.children === undefined) return bytes.subarray(node.start, node.end);
  return canonicalAggregate(bytes, node, pairs || node.type === "%");
}

function canonicalAggregate(bytes: Uint8Array, node: RespNode, pairs: boolean): Uint8Array {
  const children = (node.children ?? []).map((c) => canonicalNode(bytes, c, false));
  const units: Uint8Array[] = [];
  if (pairs && children.length % 2 === 0) {
    for (let i = 0; i < children.length; i += 2) units.push(concatBytes([children[i], children[i + 1]]));
  } else {
    units.push(...children);
  }
  units.sort((a, b) => Buffer.compare(a, b));
  return concatBytes([bytes.subarray(node.start, node.headerEnd), ...units]);
}

/** The reply with aggregate elements sorted (see Unordered); unparseable bytes come back as they are. */
export function canonicalizeUnordered(reply: Uint8Array, mode: Unordered): Uint8Array {
  if (mode === false) return reply;
  try {
    const node = parseNode(reply, 0);
    if (node.end !== reply.length) return reply;
    return canonicalNode(reply, node, mode === "pairs");
  } catch {
    return reply;
  }
}

export interface CompareOptions {
  normalize?: Normalizer;
  unordered?: Unordered;
  argv?: Argv;
}

/** What a reply is compared as: normalized, then canonicalized if unordered. */
export function comparable(reply: Uint8Array, options: CompareOptions = {}): Uint8Array {
  let out = reply;
  if (options.normalize !== undefined) {
    const n = options.normalize(out, options.argv);
    out = typeof n === "string" ? latin1Bytes(n) : n;
  }
  if (options.unordered) out = canonicalizeUnordered(out, options.unordered);
  return out;
}

/** True when two replies are equal after normalize/unordered. */
export function compareReplies(expected: Uint8Array, actual: Uint8Array, options: CompareOptions = {}): boolean {
  return Buffer.compare(comparable(expected, options), comparable(actual, options)) === 0;
}

function comparableOutcome(outcome: StepOutcome, options: CompareOptions, untilClosed: boolean): Uint8Array[] {
  const replies = outcome.replies.map((r) => {
    if (!untilClosed || !options.unordered) return comparable(r, options);
    // A blob read until close: canonicalize each complete reply inside it when it frames cleanly.
    const normalized = comparable(r, { normalize: options.normalize, argv: options.argv });
    try {
      return concatBytes(splitReplies(normalized).map((x) => canonicalizeUnordered(x, options.unordered ?? false)));
    } catch {
      return normalized;
    }
  });
  if (outcome.failure !== undefined) replies.push(latin1Bytes(outcome.failure));
  return replies;
}

function outcomesEqual(a: readonly Uint8Array[], b: readonly Uint8Array[]): boolean {
  return a.length === b.length && a.every((x, i) => Buffer.compare(x, b[i]) === 0);
}

function formatOutcome(parts: readonly Uint8Array[]): string {
  if (parts.length === 0) return "(nothing)";
  return parts
    .map((p) => {
      const s = latin1(p);
      return s.startsWith("<") && s.endsWith(">") ? s : formatBytes(p);
    })
    .join(" + ");
}

export interface LabeledRun {
  label: string;
  run: CaseRun;
}

/**
 * Compares two runs of a case (reference = real Redis, subject = redbun). Returns undefined
 * when every step matches, else a readable message: the first differing step with both
 * replies escaped, then the whole step list marked ✓/✗.
 */
export function compareCaseRuns(c: Case, reference: LabeledRun, subject: LabeledRun): string | undefined {
  const width = Math.max(reference.label.length, subject.label.length) + 1;
  const line = (label: string, text: string, indent = "  "): string => `${indent}${(label + ":").padEnd(width)} ${text}`;
  if (c.resp === 3) {
    const bad = [reference, subject].filter((s) => s.run.hello === undefined || s.run.hello[0] !== 0x25);
    if (bad.length > 0) {
      return [
        `case ${JSON.stringify(c.name)}: HELLO 3 did not return a map`,
        ...[reference, subject].map((s) => line(s.label, s.run.hello ? formatBytes(s.run.hello) : "(none)")),
      ].join("\n");
    }
  }
  const steps = c.commands.map(stepOptions);
  const rows: string[] = [];
  let first: string[] | undefined;
  let mismatches = 0;
  steps.forEach((step, i) => {
    const options: CompareOptions = {
      normalize: step.normalize ?? c.normalize,
      unordered: step.unordered ?? c.unordered,
      argv: step.argv,
    };
    const untilClosed = step.untilClosed === true;
    const ref = comparableOutcome(reference.run.steps[i] ?? { replies: [], failure: "<missing>" }, options, untilClosed);
    const sub = comparableOutcome(subject.run.steps[i] ?? { replies: [], failure: "<missing>" }, options, untilClosed);
    const label = `${i + 1}. ${describeStep(step)}`;
    if (outcomesEqual(ref, sub)) {
      rows.push(`  ✓ ${label} → ${formatOutcome(ref)}`);
      return;
    }
    mismatches++;
    rows.push(`  ✗ ${label}`);
    if (first === undefined) {
      const transformed = options.normalize !== undefined || options.unordered ? " (as compared: after normalize/unordered)" : "";
      first = [
        `case ${JSON.stringify(c.name)}: step ${i + 1} of ${steps.length} differs${transformed}: ${describeStep(step)}`,
        line(reference.label, formatOutcome(ref)),
        line(subject.label, formatOutcome(sub)),
      ];
    }
  });
  if (first === undefined) return undefined;
  const out = [...first, "", `steps (${mismatches} differ${c.pipeline ? ", pipelined" : ""}):`, ...rows];
  const setupDiffers = (c.setup ?? []).some((_, i) => {
    const a = comparableOutcome(reference.run.setup[i] ?? { replies: [] }, {}, false);
    const b = comparableOutcome(subject.run.setup[i] ?? { replies: [] }, {}, false);
    return !outcomesEqual(a, b);
  });
  if (setupDiffers) {
    out.push("", "note: setup replies differed too:");
    (c.setup ?? []).forEach((argv, i) => {
      out.push(`  ${i + 1}. ${formatArgv(argv)}`);
      for (const side of [reference, subject]) {
        out.push(line(side.label, formatOutcome(comparableOutcome(side.run.setup[i] ?? { replies: [] }, {}, false)), "     "));
      }
    });
  }
  return out.join("\n");
}

/** Runs a case on both servers (each on its own fresh connection, in parallel) and compares. */
export async function runDifferentialCase(
  c: Case,
  reference: DiffServer,
  subject: DiffServer,
  readTimeoutMs = DEFAULT_READ_TIMEOUT_MS,
): Promise<string | undefined> {
  const runOn = async (server: DiffServer): Promise<LabeledRun> => {
    const client = await server.connect();
    try {
      return { label: server.label, run: await runCase(client, c, readTimeoutMs) };
    } finally {
      if (client.isOpen) client.terminate();
    }
  };
  const [ref, sub] = await Promise.all([runOn(reference), runOn(subject)]);
  return compareCaseRuns(c, ref, sub);
}

// ---------------------------------------------------------------------------------------------
// Servers and the suite

/** The default reference: a real redis-server on a unix socket. */
export async function realRedisDiffServer(extraArgs: string[] = []): Promise<DiffServer> {
  const redis = await startRealRedis(extraArgs);
  return { label: "redis-server", connect: () => RespClient.connect(redis.socketPath), close: () => redis.stop() };
}

/** The default subject: redbun in-process (imported lazily so suites not using it need no src/). */
export async function redbunDiffServer(config: Record<string, unknown> = {}): Promise<DiffServer> {
  const { startRedbun } = await import("./redbun.ts");
  const redbun = await startRedbun(config);
  return { label: "redbun", connect: () => redbun.connect(), close: () => redbun.close() };
}

/**
 * One describe (skipped without redis-server, failing in CI without it) with one test per case;
 * one subject and one reference server per suite, started in beforeAll and closed in afterAll.
 */
export function differentialSuite(name: string, cases: readonly Case[], options: DifferentialOptions = {}): void {
  const seen = new Set<string>();
  for (const c of cases) {
    if (seen.has(c.name)) throw new Error(`differential suite ${JSON.stringify(name)}: duplicate case name ${JSON.stringify(c.name)}`);
    seen.add(c.name);
  }
  describeWithRealRedis(name, () => {
    let reference: DiffServer | undefined;
    let subject: DiffServer | undefined;
    beforeAll(async () => {
      const [ref, sub] = await Promise.allSettled([
        (options.reference ?? (() => realRedisDiffServer(options.redisArgs)))(),
        (options.subject ?? (() => redbunDiffServer(options.redbunConfig)))(),
      ]);
      if (ref.status === "fulfilled") reference = ref.value;
      if (sub.status === "fulfilled") subject = sub.value;
      if (ref.status === "rejected") throw ref.reason;
      if (sub.status === "rejected") throw sub.reason;
    });
    afterAll(async () => {
      await Promise.all([reference?.close(), subject?.close()]);
    });
    for (const c of cases) {
      const body = async (): Promise<void> => {
        if (reference === undefined || subject === undefined) throw new Error("servers did not start (see beforeAll)");
        const diff = await runDifferentialCase(c, reference, subject, options.readTimeoutMs);
        if (diff !== undefined) throw new Error(diff);
      };
      if (c.skip) test.skip(c.name, body);
      else if (c.todo) test.todo(c.name, body);
      else test(c.name, body);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Normalizers

/** Regex replace on the reply read as latin1 text (both sides alike), e.g. INFO's varying fields. */
export function replaceText(pattern: RegExp, replacement: string): Normalizer {
  return (reply) => latin1(reply).replace(pattern, replacement);
}

/** Keeps only the reply's type byte (and an error's code): for replies whose value legitimately differs. */
export const sameTypeOnly: Normalizer = (reply) => {
  const text = latin1(reply);
  if (text.startsWith("-")) return text.split(/[ \r]/, 1)[0];
  return text.slice(0, 1);
};

/** `INFO stats` compared by its keyspace hit and miss counters only: what a lookup counted. */
export const KEYSPACE_HITS_AND_MISSES: StepOptions = {
  argv: ["INFO", "stats"],
  normalize: (reply) =>
    latin1(reply)
      .split("\r\n")
      .filter((line) => line.startsWith("keyspace_hits:") || line.startsWith("keyspace_misses:"))
      .join(","),
};

// ---------------------------------------------------------------------------------------------
// Steps that answer more than one frame

/**
 * A step whose command answers `replies` frames: its reply and what comes with it (SUBSCRIBE's
 * confirmations, or the keyspace events a RESP3 subscriber's own command fires, as pushes
 * interleaved with the reply in the order Redis writes them).
 */
export function frames(replies: number, ...argv: Argv): StepOptions {
  return { argv, replies };
}

/** A command that fires `events` keyspace events, each published on __keyspace@ and __keyevent@ (KE). */
export function fires(events: number, ...argv: Argv): StepOptions {
  return frames(1 + 2 * events, ...argv);
}

