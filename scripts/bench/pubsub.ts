// Pub/sub in `bun run bench --pubsub` (issue 4's targets). Fan-out: pipelined PUBLISHes to one
// channel with 50 subscribers, messages delivered per second at the subscribers, both servers
// alternately per round. Flood: 1 M messages while one subscriber reads nothing: peak RSS, that
// subscriber cut off by `client-output-buffer-limit pubsub`, every other one checked for order.
// Publisher and subscribers are raw sockets in this process; every frame has the same size, so
// counting messages is counting bytes, and checking order is reading one number per frame.

import type { Socket } from "bun";
import { readProcMemory, runCommand, startServer, threadCpuNs, type RunningServer, type ServerSpec } from "./processes.ts";
import { RespClient, encodeCommand } from "./resp-client.ts";
import { fmtBytes, fmtInt, fmtPct, fmtRatio, median, spread, table } from "./report.ts";

export const PUBSUB_USAGE = `Pub/sub (issue 4's targets):
  --pubsub             only this section. Fan-out: pipelined PUBLISHes to one channel with
                       --subscribers subscribers, messages delivered per second (at the subscribers)
                       and the server's CPU ns per delivered message, per round. Flood:
                       --flood-messages messages while one more subscriber reads nothing; peak RSS
                       (VmHWM) and sampled RSS, when that subscriber was cut off, and whether every
                       other one got every message in order. -d is the payload size (>= 10)
  --subscribers N      fan-out subscribers (default: 50)
  --pubsub-messages N  messages per fan-out run (default: 100000)
  --flood-messages N   messages in the flood (default: 1000000)
  --flood-readers N    subscribers that read and check order in the flood (default: 4)
  --pubsub-window N    the publisher stays at most N messages ahead of the slowest subscriber
                       (default: 1000, where redis-server peaked here); each subscriber's backlog
                       in the server is up to N frames
  (--rounds, --pin and --target redis apply; --pin also pins this process, the load, to CPU 0)`;

/** Flags of this section, spread into bench.ts's parseArgs options. */
export const PUBSUB_ARGS = {
  pubsub: { type: "boolean" },
  subscribers: { type: "string" },
  "pubsub-messages": { type: "string" },
  "flood-messages": { type: "string" },
  "flood-readers": { type: "string" },
  "pubsub-window": { type: "string" },
} as const;

export interface PubsubOptions {
  readonly subscribers: number;
  readonly messages: number;
  readonly floodMessages: number;
  readonly floodReaders: number;
  /**
   * Messages published but not yet seen by the slowest counted subscriber, at most: bounds each
   * subscriber's backlog in the server (≈ this × frame bytes, far below the pubsub limits).
   */
  readonly window: number;
  /** Payload bytes per message: a 10-digit sequence number, then padding. */
  readonly dataSize: number;
  readonly rounds: number;
}

/** A sequence number's digits at the start of every payload. */
const SEQ_DIGITS = 10;
/** PUBLISH commands per write of the publisher, at most: a quarter of the window keeps 4 in flight. */
const BATCH = 500;
/** A run that makes no progress for this long has failed (a subscriber lost, a server stuck). */
const STALL_MS = 15_000;
/** How often the flood samples the server's VmRSS. */
const RSS_SAMPLE_MS = 10;

const CHANNEL = "bench:pubsub";

// ---------------------------------------------------------------------------------------------
// Raw connections

/** A Bun socket with the write queue Bun leaves to us (`write` takes what the kernel accepts). */
class RawConnection {
  private readonly queue: Uint8Array[] = [];
  alive = true;
  readonly closed: Promise<void>;

  private constructor(
    private readonly socket: Socket<undefined>,
    closed: Promise<void>,
  ) {
    this.closed = closed.then(() => void (this.alive = false));
  }

  static async connect(port: number, onData: (chunk: Uint8Array) => void): Promise<RawConnection> {
    const { promise: closed, resolve } = Promise.withResolvers<void>();
    let conn: RawConnection | null = null;
    const socket = await Bun.connect({
      hostname: "127.0.0.1",
      port,
      socket: {
        data: (_socket, chunk) => onData(chunk),
        drain: () => conn?.flush(),
        close: () => resolve(),
        error: () => resolve(),
      },
    });
    socket.setNoDelay(true);
    conn = new RawConnection(socket, closed);
    return conn;
  }

  write(bytes: Uint8Array): void {
    this.queue.push(bytes);
    if (this.queue.length === 1) this.flush();
  }

  /** Stops reading: the kernel's buffers fill, then the server's output buffer for us grows. */
  pause(): void {
    this.socket.pause();
  }

  close(): void {
    this.socket.end();
  }

  private flush(): void {
    while (this.queue.length > 0) {
      const head = this.queue[0]!;
      const written = this.socket.write(head);
      if (written < 0) return;
      if (written < head.length) {
        this.queue[0] = head.subarray(written);
        return;
      }
      this.queue.shift();
    }
  }
}

function encode(args: readonly string[]): Uint8Array {
  return Buffer.from(encodeCommand(args), "latin1");
}

/** The payload of message `seq`: its zero-padded number, then padding up to `size` bytes. */
function payload(seq: number, size: number): string {
  return String(seq).padStart(SEQ_DIGITS, "0") + "x".repeat(size - SEQ_DIGITS);
}

/** Frame sizes and offsets, the same for every message of one size. */
class Frames {
  /** A `message` frame as a RESP2 subscriber receives it. */
  readonly messageBytes: number;
  /** Where the sequence digits start in a message frame. */
  readonly seqOffset: number;
  /** The SUBSCRIBE confirmation each subscriber reads first (one channel: count 1). */
  readonly confirmBytes: number;
  /** One PUBLISH command. */
  readonly publish: Uint8Array;
  readonly publishSeqOffset: number;

  constructor(readonly payloadSize: number) {
    const prefix = `*3\r\n$7\r\nmessage\r\n$${CHANNEL.length}\r\n${CHANNEL}\r\n$${payloadSize}\r\n`;
    this.seqOffset = prefix.length;
    this.messageBytes = prefix.length + payloadSize + 2;
    this.confirmBytes = `*3\r\n$9\r\nsubscribe\r\n$${CHANNEL.length}\r\n${CHANNEL}\r\n:1\r\n`.length;
    this.publish = encode(["PUBLISH", CHANNEL, payload(0, payloadSize)]);
    this.publishSeqOffset = this.publish.length - 2 - payloadSize;
  }
}

// ---------------------------------------------------------------------------------------------
// Subscribers

/**
 * One subscriber. Counts message bytes after its confirmation; a checking one also reads the
 * sequence number of every frame (frames split across reads go through a frame-sized scratch).
 */
class Subscriber {
  /** Bytes received after the SUBSCRIBE confirmation. */
  private bytes = 0;
  private confirmLeft: number;
  /** Checking only: the next sequence number expected, and the first frame that broke order. */
  private expected = 0;
  orderError: string | null = null;
  private readonly scratch: Uint8Array;
  private partial = 0;
  conn!: RawConnection;
  /** Called after each read, with messages received so far. */
  onProgress: () => void = () => undefined;

  private constructor(
    private readonly frames: Frames,
    private readonly checking: boolean,
  ) {
    this.confirmLeft = frames.confirmBytes;
    this.scratch = new Uint8Array(frames.messageBytes);
  }

  /** Connects, subscribes and resolves once the confirmation arrived. */
  static async subscribe(port: number, frames: Frames, checking: boolean): Promise<Subscriber> {
    const sub = new Subscriber(frames, checking);
    const { promise: confirmed, resolve } = Promise.withResolvers<void>();
    sub.conn = await RawConnection.connect(port, (chunk) => {
      let at = 0;
      if (sub.confirmLeft > 0) {
        at = Math.min(sub.confirmLeft, chunk.length);
        sub.confirmLeft -= at;
        if (sub.confirmLeft === 0) resolve();
      }
      if (at < chunk.length) sub.receive(chunk, at);
    });
    sub.conn.write(encode(["SUBSCRIBE", CHANNEL]));
    await Promise.race([confirmed, sub.conn.closed.then(() => Promise.reject(new Error("closed before SUBSCRIBE's reply")))]);
    return sub;
  }

  get messages(): number {
    return Math.floor(this.bytes / this.frames.messageBytes);
  }

  private receive(chunk: Uint8Array, from: number): void {
    this.bytes += chunk.length - from;
    if (this.checking) this.check(chunk, from);
    this.onProgress();
  }

  private check(chunk: Uint8Array, from: number): void {
    const size = this.frames.messageBytes;
    let at = from;
    if (this.partial > 0) {
      const take = Math.min(size - this.partial, chunk.length - at);
      this.scratch.set(chunk.subarray(at, at + take), this.partial);
      this.partial += take;
      at += take;
      if (this.partial < size) return;
      this.checkFrame(this.scratch, 0);
      this.partial = 0;
    }
    for (; at + size <= chunk.length; at += size) this.checkFrame(chunk, at);
    if (at < chunk.length) {
      this.scratch.set(chunk.subarray(at), 0);
      this.partial = chunk.length - at;
    }
  }

  private checkFrame(buf: Uint8Array, at: number): void {
    if (this.orderError !== null) return;
    let seq = 0;
    const digits = at + this.frames.seqOffset;
    for (let i = digits; i < digits + SEQ_DIGITS; i++) seq = seq * 10 + buf[i]! - 48;
    const end = at + this.frames.messageBytes;
    if (buf[at] !== 42 || buf[end - 2] !== 13 || buf[end - 1] !== 10 || seq !== this.expected) {
      this.orderError = `frame ${this.expected}: got ${JSON.stringify(Buffer.from(buf.subarray(at, end)).toString("latin1"))}`;
      return;
    }
    this.expected++;
  }
}

// ---------------------------------------------------------------------------------------------
// The publisher

/** Pipelined PUBLISHes with their sequence numbers patched in; reads the receiver counts back. */
class Publisher {
  /** Messages sent so far (the next sequence number). */
  sent = 0;
  /** Replies read so far. */
  replies = 0;
  /** Each change of the reply (receiver count): from which reply on, which count. */
  readonly counts: { fromReply: number; count: number }[] = [];
  /** Called after each read of replies. */
  onProgress: () => void = () => undefined;
  private digit = 0;
  private inNumber = false;
  private conn!: RawConnection;

  private constructor(private readonly frames: Frames) {}

  static async connect(port: number, frames: Frames): Promise<Publisher> {
    const pub = new Publisher(frames);
    pub.conn = await RawConnection.connect(port, (chunk) => pub.read(chunk));
    return pub;
  }

  /** Sends messages sent … sent+count-1 in one write. */
  send(count: number): void {
    const one = this.frames.publish;
    const batch = new Uint8Array(one.length * count);
    for (let i = 0; i < count; i++) {
      const base = i * one.length;
      batch.set(one, base);
      let seq = this.sent + i;
      for (let d = base + this.frames.publishSeqOffset + SEQ_DIGITS - 1; seq > 0; d--) {
        batch[d] = 48 + (seq % 10);
        seq = Math.floor(seq / 10);
      }
    }
    this.sent += count;
    this.conn.write(batch);
  }

  get alive(): boolean {
    return this.conn.alive;
  }

  close(): void {
    this.conn.close();
  }

  /** PUBLISH replies are `:<receivers>\r\n`; anything else (an error) is a failure. */
  private read(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (byte === 58) {
        this.inNumber = true;
        this.digit = 0;
      } else if (byte === 10) {
        const last = this.counts.at(-1);
        if (last?.count !== this.digit) this.counts.push({ fromReply: this.replies, count: this.digit });
        this.replies++;
      } else if (byte >= 48 && byte <= 57 && this.inNumber) {
        this.digit = this.digit * 10 + byte - 48;
      } else if (byte !== 13) {
        this.inNumber = false;
        this.counts.push({ fromReply: this.replies, count: -1 }); // not an integer reply
      }
    }
    this.onProgress();
  }
}

/**
 * Publishes messages until `total` were sent, never more than `window` ahead of the slowest of
 * `readers`, and resolves once every reader has all of them and every reply is in. Rejects
 * when a reader or the publisher goes away, or nothing moves for STALL_MS.
 */
async function publishAll(
  pub: Publisher,
  readers: readonly Subscriber[],
  total: number,
  window: number,
): Promise<void> {
  const start = readers.map((r) => r.messages);
  const firstSeq = pub.sent;
  const lastReply = pub.replies + total;
  const { promise: done, resolve, reject } = Promise.withResolvers<void>();
  let progressAt = performance.now();
  const slowest = (): number => Math.min(...readers.map((r, i) => r.messages - start[i]!));
  const batch = Math.max(1, Math.min(BATCH, Math.floor(window / 4)));
  const pump = (): void => {
    progressAt = performance.now();
    const seen = slowest();
    if (seen >= total && pub.replies >= lastReply) {
      resolve();
      return;
    }
    for (;;) {
      const sent = pub.sent - firstSeq;
      const n = Math.min(batch, total - sent);
      if (n <= 0 || sent + n - seen > window) break;
      pub.send(n);
    }
  };
  for (const r of readers) r.onProgress = pump;
  pub.onProgress = pump;
  const watchdog = setInterval(() => {
    const lost = readers.findIndex((r) => !r.conn.alive);
    if (lost >= 0) reject(new Error(`subscriber ${lost} was disconnected`));
    else if (!pub.alive) reject(new Error("the publisher was disconnected"));
    else if (performance.now() - progressAt > STALL_MS) {
      const got = readers.map((r, i) => r.messages - start[i]!);
      reject(new Error(`no progress for ${STALL_MS / 1000} s: sent ${pub.sent - firstSeq}, replies ${pub.replies}, received ${Math.min(...got)}…${Math.max(...got)}`));
    }
  }, 50);
  pump();
  try {
    await done;
  } finally {
    clearInterval(watchdog);
    for (const r of readers) r.onProgress = () => undefined;
    pub.onProgress = () => undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Fan-out

interface FanOutRun {
  /** Messages delivered per second, all subscribers together. */
  readonly deliveredPerSec: number;
  /** Server CPU (all threads) per delivered message, ns. */
  readonly cpuNsPerDelivery: number;
  /** CPU this process (publisher and subscribers) used, as a share of the run's wall time. */
  readonly loadCpuShare: number;
}

export interface FanOutRow {
  readonly label: string;
  readonly runs: FanOutRun[];
  failure: string | null;
}

interface FanOutSide {
  readonly srv: RunningServer;
  readonly pub: Publisher;
  readonly subs: Subscriber[];
  readonly row: FanOutRow;
}

async function fanOutSide(srv: RunningServer, frames: Frames, subscribers: number): Promise<FanOutSide> {
  const subs: Subscriber[] = [];
  for (let i = 0; i < subscribers; i++) subs.push(await Subscriber.subscribe(srv.port, frames, false));
  const pub = await Publisher.connect(srv.port, frames);
  return { srv, pub, subs, row: { label: srv.label, runs: [], failure: null } };
}

async function fanOutRun(side: FanOutSide, messages: number, window: number): Promise<FanOutRun> {
  const cpu0 = threadCpuNs(side.srv.pid);
  const load0 = process.cpuUsage();
  const t0 = performance.now();
  const firstReply = side.pub.replies;
  await publishAll(side.pub, side.subs, messages, window);
  const seconds = (performance.now() - t0) / 1000;
  const cpuNs = threadCpuNs(side.srv.pid) - cpu0;
  const load = process.cpuUsage(load0);
  const wrong = side.pub.counts.find((c) => c.fromReply >= firstReply && c.count !== side.subs.length);
  if (wrong !== undefined || side.pub.counts.length === 0) {
    throw new Error(`PUBLISH answered ${wrong?.count ?? "nothing"}, not ${side.subs.length} (reply ${wrong?.fromReply})`);
  }
  const delivered = messages * side.subs.length;
  return {
    deliveredPerSec: delivered / seconds,
    cpuNsPerDelivery: cpuNs / delivered,
    loadCpuShare: (load.user + load.system) / 1e6 / seconds,
  };
}

async function fanOut(
  a: RunningServer,
  b: RunningServer,
  o: PubsubOptions,
  progress: (msg: string) => void,
): Promise<FanOutRow[]> {
  const frames = new Frames(o.dataSize);
  const sides = [await fanOutSide(a, frames, o.subscribers), await fanOutSide(b, frames, o.subscribers)];
  const attempt = async (side: FanOutSide, messages: number): Promise<FanOutRun | null> => {
    if (side.row.failure !== null) return null;
    try {
      return await fanOutRun(side, messages, o.window);
    } catch (err) {
      side.row.failure = err instanceof Error ? err.message : String(err);
      progress(`pubsub fan-out: ${side.row.label} out — ${side.row.failure}`);
      return null;
    }
  };
  try {
    // Warm-up (JIT, buffers grown to size) on both sides.
    for (const side of sides) await attempt(side, Math.max(BATCH, Math.floor(o.messages / 5)));
    for (let round = 1; round <= o.rounds; round++) {
      const line: string[] = [];
      for (const side of sides) {
        const run = await attempt(side, o.messages);
        side.row.runs.push(run ?? { deliveredPerSec: Number.NaN, cpuNsPerDelivery: Number.NaN, loadCpuShare: Number.NaN });
        line.push(run === null ? `${side.row.label} FAILED` : `${side.row.label} ${fmtInt(run.deliveredPerSec).padStart(10)} msg/s ${run.cpuNsPerDelivery.toFixed(0).padStart(4)} CPU ns/msg`);
      }
      progress(`pubsub fan-out round ${round}/${o.rounds}  ${line.join("  ")}`);
    }
  } finally {
    for (const side of sides) {
      side.pub.close();
      for (const sub of side.subs) sub.conn.close();
    }
  }
  return sides.map((s) => s.row);
}

// ---------------------------------------------------------------------------------------------
// Flood

export interface FloodRow {
  readonly label: string;
  readonly messages: number;
  readonly seconds: number;
  readonly rssBeforeBytes: number;
  /** The largest VmRSS sampled every RSS_SAMPLE_MS during the flood. */
  readonly rssMaxSampledBytes: number;
  /** VmHWM at the end: the peak over the server's life (it started fresh for this). */
  readonly hwmBytes: number;
  readonly rssAfterBytes: number;
  /** The first PUBLISH reply that no longer counted the stalled subscriber; null if none. */
  readonly cutOffAtMessage: number | null;
  /** PUBSUB NUMSUB of the channel after the flood: the readers alone once the stalled one is gone. */
  readonly subscribersAfter: number;
  /** Readers that got every message in order, of how many. */
  readonly readersInOrder: number;
  readonly readers: number;
  readonly failure: string | null;
}

async function floodOne(spec: ServerSpec, o: PubsubOptions, progress: (msg: string) => void): Promise<FloodRow> {
  await using srv = await startServer(spec);
  const frames = new Frames(o.dataSize);
  const readers: Subscriber[] = [];
  for (let i = 0; i < o.floodReaders; i++) readers.push(await Subscriber.subscribe(srv.port, frames, true));
  const stalled = await Subscriber.subscribe(srv.port, frames, false);
  stalled.conn.pause();
  const pub = await Publisher.connect(srv.port, frames);
  const rssBefore = readProcMemory(srv.pid).rssBytes;
  let rssMax = rssBefore;
  const sampler = setInterval(() => {
    if (srv.isAlive()) rssMax = Math.max(rssMax, readProcMemory(srv.pid).rssBytes);
  }, RSS_SAMPLE_MS);
  const t0 = performance.now();
  let failure: string | null = null;
  try {
    await publishAll(pub, readers, o.floodMessages, o.window);
  } catch (err) {
    failure = err instanceof Error ? err.message : String(err);
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - t0) / 1000;
  const admin = await RespClient.connect(srv.port, "127.0.0.1");
  const numsub = await admin.command("PUBSUB", "NUMSUB", CHANNEL);
  admin.close();
  const subscribersAfter = Array.isArray(numsub) && typeof numsub[1] === "number" ? numsub[1] : -1;
  const memory = readProcMemory(srv.pid);
  rssMax = Math.max(rssMax, memory.rssBytes);
  // Receivers counted: readers + the stalled one, then readers alone from the cut-off on.
  const expect = [o.floodReaders + 1, o.floodReaders];
  const counts = pub.counts;
  const shapeOk = counts.length <= 2 && counts.every((c, i) => c.count === expect[i]);
  if (failure === null && !shapeOk) failure = `PUBLISH answered ${JSON.stringify(counts)}, expected ${expect.join(" then ")}`;
  const broken = readers.find((r) => r.orderError !== null);
  if (failure === null && broken !== undefined) failure = `out of order: ${broken.orderError}`;
  pub.close();
  for (const r of [...readers, stalled]) r.conn.close();
  const row: FloodRow = {
    label: spec.label,
    messages: o.floodMessages,
    seconds,
    rssBeforeBytes: rssBefore,
    rssMaxSampledBytes: rssMax,
    hwmBytes: memory.hwmBytes,
    rssAfterBytes: memory.rssBytes,
    cutOffAtMessage: counts[1]?.fromReply ?? null,
    subscribersAfter,
    readersInOrder: readers.filter((r) => r.orderError === null && r.messages === o.floodMessages).length,
    readers: readers.length,
    failure,
  };
  progress(
    `pubsub flood ${spec.label}: ${fmtInt(row.messages)} messages in ${seconds.toFixed(1)} s, peak RSS ` +
      `${fmtBytes(row.hwmBytes)}, stalled subscriber ${cutOff(row)}` +
      (failure === null ? "" : ` — FAILED: ${failure}`),
  );
  return row;
}

/** The stalled subscriber is gone: PUBLISH stopped counting it and the server forgot it. */
function wasCutOff(r: FloodRow): boolean {
  return r.cutOffAtMessage !== null && r.subscribersAfter === r.readers;
}

function cutOff(r: FloodRow): string {
  if (wasCutOff(r)) return `at message ${fmtInt(r.cutOffAtMessage ?? Number.NaN)}`;
  return `NOT cut off (NUMSUB ${r.subscribersAfter})`;
}

// ---------------------------------------------------------------------------------------------

export interface PubsubResult {
  readonly fanOut: FanOutRow[];
  readonly flood: FloodRow[];
}

/**
 * Runs the section: fan-out on two fresh servers, then the flood on a fresh server per side, one
 * at a time (so each VmHWM is the flood's own). With `pinSelf` this process (publisher and
 * subscribers) moves to CPU 0; the specs pin the servers.
 */
export async function pubsubBench(
  a: ServerSpec,
  b: ServerSpec,
  pinSelf: boolean,
  o: PubsubOptions,
  progress: (msg: string) => void,
): Promise<PubsubResult> {
  if (o.dataSize < SEQ_DIGITS) throw new Error(`--pubsub needs -d >= ${SEQ_DIGITS} (the sequence number)`);
  if (pinSelf) {
    const r = await runCommand(["taskset", "-a", "-p", "-c", "0", String(process.pid)], 10_000);
    if (r.exitCode !== 0) throw new Error(`taskset of the bench process failed: ${r.stderr.trim()}`);
  }
  let fanOutRows: FanOutRow[];
  {
    await using sa = await startServer(a);
    await using sb = await startServer(b);
    fanOutRows = await fanOut(sa, sb, o, progress);
  }
  const flood = [await floodOne(a, o, progress), await floodOne(b, o, progress)];
  return { fanOut: fanOutRows, flood };
}

function pairedRatios(a: FanOutRow, b: FanOutRow, pick: (r: FanOutRun) => number): number[] {
  return a.runs.map((r, i) => pick(b.runs[i]!) / pick(r)).filter((x) => Number.isFinite(x) && x > 0);
}

export function printPubsub(result: PubsubResult, o: PubsubOptions): void {
  const [ra, rb] = result.fanOut;
  console.log(
    `\npub/sub fan-out: PUBLISH to 1 channel with ${o.subscribers} subscribers, ${fmtInt(o.messages)} messages ` +
      `of ${o.dataSize} bytes per run (pipelined, ≤ ${fmtInt(o.window)} ahead of the slowest subscriber), ` +
      `${o.rounds} rounds, alternately`,
  );
  console.log(
    table(
      ["server", "delivered msg/s", "spread", "server CPU ns/msg", "load generator CPU"],
      result.fanOut.map((r) => [
        r.label,
        fmtInt(median(r.runs.map((x) => x.deliveredPerSec))),
        Number.isFinite(spread(r.runs.map((x) => x.deliveredPerSec)))
          ? `${(spread(r.runs.map((x) => x.deliveredPerSec)) * 100).toFixed(0)}%`
          : "—",
        median(r.runs.map((x) => x.cpuNsPerDelivery)).toFixed(1),
        fmtPct(median(r.runs.map((x) => x.loadCpuShare))),
      ]),
    ),
  );
  if (ra !== undefined && rb !== undefined) {
    const rate = pairedRatios(ra, rb, (r) => r.deliveredPerSec);
    // CPU per message: the lower the better, so a's over b's is b's speed relative to a.
    const cpu = pairedRatios(rb, ra, (r) => r.cpuNsPerDelivery);
    const range = (xs: number[]): string =>
      xs.length > 1 ? ` (rounds ${fmtRatio(Math.min(...xs))}–${fmtRatio(Math.max(...xs))})` : "";
    console.log(`delivered msg/s ratio ${rb.label}/${ra.label}: ${fmtRatio(median(rate))}${range(rate)}`);
    console.log(`server CPU per message, ${ra.label} ÷ ${rb.label}: ${fmtRatio(median(cpu))}${range(cpu)}`);
  }
  console.log(
    "delivered msg/s: messages × subscribers ÷ time from the first PUBLISH to the last frame at the last subscriber;\n" +
      "median over rounds, ratio = median of the per-round ratios. CPU: the server's own CPU time (all threads);\n" +
      "load generator: this process's CPU time ÷ wall time (near 100% = one core: the client is the bottleneck).",
  );
  for (const r of result.fanOut) if (r.failure !== null) console.log(`FAILED fan-out ${r.label}: ${r.failure}`);

  console.log(
    `\npub/sub flood: ${fmtInt(o.floodMessages)} messages of ${o.dataSize} bytes, ${o.floodReaders} subscribers ` +
      "reading and checking order, 1 subscriber reading nothing (client-output-buffer-limit pubsub 32mb 8mb 60);\n" +
      `a fresh server each; RSS sampled every ${RSS_SAMPLE_MS} ms, peak = VmHWM`,
  );
  console.log(
    table(
      ["server", "time", "msg/s", "RSS before", "max sampled RSS", "peak RSS", "RSS after", "stalled cut off at", "in order"],
      result.flood.map((r) => [
        r.label,
        `${r.seconds.toFixed(1)} s`,
        fmtInt(r.messages / r.seconds),
        fmtBytes(r.rssBeforeBytes),
        fmtBytes(r.rssMaxSampledBytes),
        fmtBytes(r.hwmBytes),
        fmtBytes(r.rssAfterBytes),
        cutOff(r),
        `${r.readersInOrder}/${r.readers}`,
      ]),
    ),
  );
  for (const r of result.flood) if (r.failure !== null) console.log(`FAILED flood ${r.label}: ${r.failure}`);
}

/** Whether any part of the section failed (bench.ts's exit code). */
export function pubsubFailed(result: PubsubResult): boolean {
  return (
    result.fanOut.some((r) => r.failure !== null) ||
    result.flood.some((r) => r.failure !== null || !wasCutOff(r) || r.readersInOrder !== r.readers)
  );
}
