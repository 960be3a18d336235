// A minimal RESP2 client for the benchmark script only (PING, DBSIZE, DEL, timed batches) plus a
// pipelined bulk sender (preloading N distinct keys, filling collections) with a bounded number
// of commands in flight. Deliberately independent of src/ so the bench measures redbun from the outside, the way
// redis-benchmark does.

import { connect, type Socket } from "node:net";

export class RespError {
  constructor(readonly message: string) {}
}

export type RespReply = string | number | null | RespError | RespReply[];

interface Pending {
  /** Receives one reply; returns true when this entry has all the replies it waits for. */
  onReply(reply: RespReply): boolean;
  reject(err: Error): void;
}

const CRLF = "\r\n";

/** Encodes one command as a RESP multibulk (latin1: every char is one byte). */
export function encodeCommand(args: readonly string[]): string {
  let out = `*${args.length}${CRLF}`;
  for (const a of args) out += `$${a.length}${CRLF}${a}${CRLF}`;
  return out;
}

export class RespClient {
  private buf: Buffer = Buffer.alloc(0);
  private readonly pending: Pending[] = [];
  private closedError: Error | null = null;

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    socket.on("error", (err) => this.fail(err));
    socket.on("close", () => this.fail(new Error("connection closed")));
  }

  static connect(port: number, host: string): Promise<RespClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host });
      const onError = (err: Error): void => reject(err);
      socket.once("error", onError);
      socket.once("connect", () => {
        socket.off("error", onError);
        resolve(new RespClient(socket));
      });
    });
  }

  /** Sends one command and resolves with its reply (an error reply resolves as a RespError). */
  command(...args: string[]): Promise<RespReply> {
    return new Promise<RespReply>((resolve, reject) => {
      if (this.closedError !== null) {
        reject(this.closedError);
        return;
      }
      this.pending.push({
        onReply: (reply) => {
          resolve(reply);
          return true;
        },
        reject,
      });
      this.socket.write(Buffer.from(encodeCommand(args), "latin1"));
    });
  }

  /**
   * Sends `payload` (already RESP-encoded, holding `replyCount` commands) and resolves once all
   * replies arrived, with how many were errors and the first error text.
   */
  sendBatch(payload: Buffer, replyCount: number): Promise<{ errors: number; firstError: string | null }> {
    return new Promise((resolve, reject) => {
      if (this.closedError !== null) {
        reject(this.closedError);
        return;
      }
      let remaining = replyCount;
      let errors = 0;
      let firstError: string | null = null;
      this.pending.push({
        onReply: (reply) => {
          if (reply instanceof RespError) {
            errors++;
            firstError ??= reply.message;
          }
          remaining--;
          if (remaining === 0) {
            resolve({ errors, firstError });
            return true;
          }
          return false;
        },
        reject,
      });
      this.socket.write(payload);
    });
  }

  close(): void {
    this.closedError ??= new Error("client closed");
    this.socket.destroy();
  }

  private fail(err: Error): void {
    this.closedError ??= err;
    for (const p of this.pending.splice(0)) p.reject(err);
  }

  private onData(chunk: Buffer): void {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    let offset = 0;
    for (;;) {
      const parsed = parseReply(this.buf, offset);
      if (parsed === null) break;
      offset = parsed.next;
      const head = this.pending[0];
      if (head === undefined) {
        this.fail(new Error("reply without a pending command"));
        this.socket.destroy();
        return;
      }
      if (head.onReply(parsed.value)) this.pending.shift();
    }
    this.buf = offset === this.buf.length ? Buffer.alloc(0) : this.buf.subarray(offset);
  }
}

/** Parses one reply at `offset`; null if the buffer does not hold a whole reply yet. */
function parseReply(buf: Buffer, offset: number): { value: RespReply; next: number } | null {
  if (offset >= buf.length) return null;
  const lineEnd = buf.indexOf(CRLF, offset, "latin1");
  if (lineEnd < 0) return null;
  const type = String.fromCharCode(buf[offset]);
  const line = buf.toString("latin1", offset + 1, lineEnd);
  const after = lineEnd + 2;
  switch (type) {
    case "+":
      return { value: line, next: after };
    case "-":
      return { value: new RespError(line), next: after };
    case ":":
      return { value: Number(line), next: after };
    case "$": {
      const len = Number(line);
      if (len < 0) return { value: null, next: after };
      if (buf.length < after + len + 2) return null;
      return { value: buf.toString("latin1", after, after + len), next: after + len + 2 };
    }
    case "*": {
      const count = Number(line);
      if (count < 0) return { value: null, next: after };
      const items: RespReply[] = [];
      let next = after;
      for (let i = 0; i < count; i++) {
        const item = parseReply(buf, next);
        if (item === null) return null;
        items.push(item.value);
        next = item.next;
      }
      return { value: items, next };
    }
    default:
      throw new Error(`unexpected RESP type byte ${JSON.stringify(type)}`);
  }
}

export interface SendAllOptions {
  /** How many commands to send. */
  readonly count: number;
  /** The argv of command i. */
  readonly command: (i: number) => readonly string[];
  /** Commands per write. */
  readonly batch?: number;
  /** Batches in flight at once. */
  readonly window?: number;
}

/**
 * Sends commands 0..count-1 through one connection, pipelined with a bounded number in flight
 * (preloading keys, filling collections); throws if any reply is an error.
 */
export async function sendAll(client: RespClient, opts: SendAllOptions): Promise<void> {
  const batch = opts.batch ?? 1_000;
  const window = opts.window ?? 8;
  const inFlight: Promise<{ errors: number; firstError: string | null }>[] = [];
  const check = (r: { errors: number; firstError: string | null }): void => {
    if (r.errors > 0) throw new Error(`${r.errors} error replies while loading, first: ${r.firstError}`);
  };
  for (let start = 0; start < opts.count; start += batch) {
    const end = Math.min(opts.count, start + batch);
    let payload = "";
    for (let i = start; i < end; i++) payload += encodeCommand(opts.command(i));
    inFlight.push(client.sendBatch(Buffer.from(payload, "latin1"), end - start));
    if (inFlight.length >= window) {
      const oldest = inFlight.shift();
      if (oldest !== undefined) check(await oldest);
    }
  }
  for (const r of await Promise.all(inFlight)) check(r);
}

/** redis-benchmark's key format: `key:` + the number zero-padded to 12 digits. */
export function benchmarkKey(i: number, prefix = "key:"): string {
  return prefix + String(i).padStart(12, "0");
}
