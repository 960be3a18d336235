// Raw RESP client for tests: writes exact bytes, reads back the exact bytes of each reply.
// ReplyReader frames RESP2/RESP3 replies incrementally (one growable buffer, resumable scan,
// so a 100 MB reply or a million-element array costs linear time); RespClient wraps Bun.connect
// over TCP or a unix socket; decodeReply/encodeCommand/formatBytes are for assertions and messages.

import type { Socket } from "bun";

export type Arg = string | Uint8Array;
export type Argv = readonly Arg[];

const CR = 13;
const LF = 10;
const textEncoder = new TextEncoder();
const utf8Decoder = new TextDecoder();

// ---------------------------------------------------------------------------------------------
// Encoding

/** Encodes argv as a RESP multibulk (`*N\r\n$len\r\narg\r\n…`); strings are UTF-8. One allocation. */
export function encodeCommand(args: Argv): Uint8Array {
  const parts: Uint8Array[] = args.map((a) => (typeof a === "string" ? textEncoder.encode(a) : a));
  const headers: string[] = parts.map((p) => `$${p.length}\r\n`);
  const head = `*${parts.length}\r\n`;
  let size = head.length;
  for (let i = 0; i < parts.length; i++) size += headers[i].length + parts[i].length + 2;
  const out = new Uint8Array(size);
  let pos = textEncoder.encodeInto(head, out).written;
  for (let i = 0; i < parts.length; i++) {
    pos += textEncoder.encodeInto(headers[i], out.subarray(pos)).written;
    out.set(parts[i], pos);
    pos += parts[i].length;
    out[pos++] = CR;
    out[pos++] = LF;
  }
  return out;
}

/** Bytes of a string, one byte per char code (latin1), so `"\xff"` is the byte 0xff. */
export function latin1Bytes(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, "latin1"));
}

/** The bytes as a latin1 string: every byte survives, handy for `toBe("+OK\r\n")`. */
export function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
}

function toBytes(data: string | Uint8Array): Uint8Array {
  return typeof data === "string" ? textEncoder.encode(data) : data;
}

/**
 * Readable, escaped form of raw bytes for failure messages: `"$3\r\nbar\r\n"`.
 * Long inputs keep their head and tail and say how many bytes were left out.
 */
export function formatBytes(bytes: Uint8Array, maxBytes = 600): string {
  const escape = (b: Uint8Array): string => {
    let s = "";
    for (const c of b) {
      if (c === CR) s += "\\r";
      else if (c === LF) s += "\\n";
      else if (c === 9) s += "\\t";
      else if (c === 0x5c) s += "\\\\";
      else if (c === 0x22) s += '\\"';
      else if (c >= 0x20 && c < 0x7f) s += String.fromCharCode(c);
      else s += "\\x" + c.toString(16).padStart(2, "0");
    }
    return s;
  };
  if (bytes.length <= maxBytes) return `"${escape(bytes)}"`;
  const half = Math.floor(maxBytes / 2);
  const omitted = bytes.length - 2 * half;
  return `"${escape(bytes.subarray(0, half))}" …(${omitted} bytes omitted, ${bytes.length} total)… "${escape(
    bytes.subarray(bytes.length - half),
  )}"`;
}

/** argv as a human reads it: `SET foo "a b"`. */
export function formatArgv(argv: Argv): string {
  return argv
    .map((a) => {
      const bytes = toBytes(a);
      const plain = bytes.length > 0 && bytes.every((c) => c > 0x20 && c < 0x7f && c !== 0x22 && c !== 0x5c);
      return plain ? latin1(bytes) : formatBytes(bytes, 80);
    })
    .join(" ");
}

// ---------------------------------------------------------------------------------------------
// Incremental framing

/** Thrown when bytes are not valid RESP (the reader cannot frame them). */
export class RespFramingError extends Error {
  override name = "RespFramingError";
}

/**
 * Splits a byte stream into complete RESP replies, returning each reply's exact bytes.
 * push() appends (copying: the caller may reuse its chunk); next() returns the next complete
 * reply or undefined. Parsing resumes where it stopped, so each byte is scanned about once.
 * An attribute (`|`) is framed together with the reply it annotates, as one reply.
 */
export class ReplyReader {
  private buf = new Uint8Array(64 * 1024);
  /** Start of the first unconsumed byte. */
  private start = 0;
  /** End of buffered data. */
  private end = 0;
  /** Where scanning resumes (absolute index into buf, start <= scan <= end). */
  private scan = 0;
  /** Elements still needed at each open nesting level; empty when no reply is in progress. */
  private needs: number[] = [];

  /** Bytes buffered and not yet returned by next()/takeRemaining(). */
  get buffered(): number {
    return this.end - this.start;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.reserve(this.end - this.start + chunk.length);
    this.buf.set(chunk, this.end);
    this.end += chunk.length;
  }

  /** Returns the exact bytes of the next complete reply, or undefined if more bytes are needed. */
  next(): Uint8Array | undefined {
    const buf = this.buf;
    if (this.needs.length === 0) {
      if (this.scan >= this.end) return undefined;
      this.needs.push(1);
    }
    while (this.needs.length > 0) {
      const lineStart = this.scan;
      if (lineStart >= this.end) return undefined;
      // Bounded to buffered bytes: the spare capacity past `end` may hold stale bytes.
      const rel = buf.subarray(lineStart + 1, this.end).indexOf(CR);
      const cr = rel === -1 ? -1 : lineStart + 1 + rel;
      if (cr === -1 || cr + 1 >= this.end) return undefined;
      if (buf[cr + 1] !== LF) throw new RespFramingError(`expected \\n after \\r at offset ${cr + 1 - this.start}`);
      const type = buf[lineStart];
      const after = cr + 2;
      switch (type) {
        case 0x2b: // + simple string
        case 0x2d: // - error
        case 0x3a: // : integer
        case 0x5f: // _ null
        case 0x2c: // , double
        case 0x23: // # boolean
        case 0x28: // ( big number
          this.scan = after;
          this.elementDone();
          break;
        case 0x24: // $ bulk string
        case 0x21: // ! blob error
        case 0x3d: {
          // = verbatim string
          const len = this.parseLength(lineStart + 1, cr);
          if (len === -1 && type === 0x24) {
            this.scan = after;
            this.elementDone();
            break;
          }
          if (len < 0) throw new RespFramingError(`bad length ${len} for ${String.fromCharCode(type)}`);
          const bodyEnd = after + len + 2;
          if (bodyEnd > this.end) {
            // Grow once to the full size now rather than doubling through a large bulk.
            this.reserve(bodyEnd - this.start);
            return undefined;
          }
          if (this.buf[bodyEnd - 2] !== CR || this.buf[bodyEnd - 1] !== LF) {
            throw new RespFramingError(`bulk of length ${len} not followed by \\r\\n`);
          }
          this.scan = bodyEnd;
          this.elementDone();
          break;
        }
        case 0x2a: // * array
        case 0x7e: // ~ set
        case 0x3e: // > push
        case 0x25: // % map
        case 0x7c: {
          // | attribute: annotates the next reply, so the current level needs one more element
          const n = this.parseLength(lineStart + 1, cr);
          this.scan = after;
          if (n === -1 && type === 0x2a) {
            this.elementDone();
            break;
          }
          if (n < 0) throw new RespFramingError(`bad count ${n} for ${String.fromCharCode(type)}`);
          if (type === 0x7c) this.needs[this.needs.length - 1] += 1;
          const count = type === 0x25 || type === 0x7c ? 2 * n : n;
          if (count === 0) this.elementDone();
          else this.needs.push(count);
          break;
        }
        default:
          throw new RespFramingError(
            `unknown RESP type byte 0x${(type ?? 0).toString(16)} at offset ${lineStart - this.start}: ${formatBytes(
              buf.subarray(lineStart, Math.min(this.end, lineStart + 40)),
            )}`,
          );
      }
    }
    return this.take(this.scan);
  }

  /** Everything buffered and not yet returned, consumed (partial replies included). */
  takeRemaining(): Uint8Array {
    this.needs = [];
    return this.take(this.end);
  }

  private elementDone(): void {
    const needs = this.needs;
    needs[needs.length - 1] -= 1;
    while (needs.length > 0 && needs[needs.length - 1] === 0) {
      needs.pop();
      if (needs.length > 0) needs[needs.length - 1] -= 1;
    }
  }

  private parseLength(from: number, to: number): number {
    const buf = this.buf;
    let i = from;
    let negative = false;
    if (buf[i] === 0x2d) {
      negative = true;
      i++;
    }
    if (i >= to) throw new RespFramingError("empty length");
    let n = 0;
    for (; i < to; i++) {
      const d = buf[i] - 0x30;
      if (d < 0 || d > 9) {
        throw new RespFramingError(`bad length ${formatBytes(buf.subarray(from, to))} (streamed RESP3 types are not supported)`);
      }
      n = n * 10 + d;
    }
    return negative ? -n : n;
  }

  /** Returns buf[start, upTo) and consumes it. */
  private take(upTo: number): Uint8Array {
    let out: Uint8Array;
    if (upTo === this.end && upTo - this.start >= 1 << 20) {
      // Hand the big buffer over instead of copying it; start afresh.
      out = this.buf.subarray(this.start, upTo);
      this.buf = new Uint8Array(64 * 1024);
      this.start = this.end = this.scan = 0;
      return out;
    }
    out = this.buf.slice(this.start, upTo);
    this.start = upTo;
    this.scan = Math.max(this.scan, upTo);
    if (this.start === this.end) this.start = this.end = this.scan = 0;
    return out;
  }

  /** Makes room for `size` bytes counted from start, compacting or growing (doubling). */
  private reserve(size: number): void {
    if (this.start + size <= this.buf.length) return;
    const live = this.end - this.start;
    if (size <= this.buf.length && this.start >= live) {
      // Enough room once compacted, and the move is cheaper than the bytes already consumed.
      this.buf.copyWithin(0, this.start, this.end);
    } else {
      const next = new Uint8Array(Math.max(size, this.buf.length * 2));
      next.set(this.buf.subarray(this.start, this.end));
      this.buf = next;
    }
    this.scan -= this.start;
    this.end = live;
    this.start = 0;
  }
}

/** Splits bytes holding zero or more complete replies; throws if bytes are left over. */
export function splitReplies(bytes: Uint8Array): Uint8Array[] {
  const reader = new ReplyReader();
  reader.push(bytes);
  const out: Uint8Array[] = [];
  for (let r = reader.next(); r !== undefined; r = reader.next()) out.push(r);
  if (reader.buffered > 0) throw new RespFramingError(`incomplete reply at the end: ${formatBytes(reader.takeRemaining())}`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Decoding (for convenience assertions; raw bytes remain the precise check)

/** An error reply (`-ERR …` or RESP3 `!`); `toEqual({ error: "ERR …" })` matches it. */
export class RespError {
  constructor(readonly error: string) {}
}

export type RespValue =
  | string
  | number
  | bigint
  | boolean
  | null
  | RespError
  | RespValue[]
  | { [key: string]: RespValue };

export interface DecodeOptions {
  /** How bulk strings decode: "utf8" (default) or "latin1" (every byte kept as one char). */
  bulk?: "utf8" | "latin1";
}

/**
 * Decodes one complete reply to a JS value: simple/bulk/verbatim → string, integers → number
 * (bigint when unsafe), `$-1`/`*-1`/`_` → null, arrays/sets/pushes → arrays, maps → plain objects
 * (keys stringified), doubles → number, `#` → boolean, `(` → bigint, errors → RespError.
 * Attributes are dropped. Throws if the bytes are not exactly one reply.
 */
export function decodeReply(bytes: Uint8Array, options: DecodeOptions = {}): RespValue {
  const node = parseNode(bytes, 0);
  if (node.end !== bytes.length) {
    throw new RespFramingError(`decodeReply: ${bytes.length - node.end} bytes after the first reply`);
  }
  return toValue(bytes, node, options.bulk ?? "utf8");
}

/** A parsed reply: where it lies in the buffer and its children (for aggregates). */
export interface RespNode {
  type: string;
  /** Offset of the type byte. */
  start: number;
  /** Offset just past the header line (`\r\n`). */
  headerEnd: number;
  /** Offset just past the whole node (including an attribute's annotated reply). */
  end: number;
  /** Payload span for bulk-like types. */
  body?: { from: number; to: number };
  /** Children of aggregates, in order (maps: key, value, key, value …). */
  children?: RespNode[];
  /** For `|`: the annotated reply that follows the attribute map. */
  annotated?: RespNode;
}

function lineEnd(bytes: Uint8Array, from: number): number {
  const cr = bytes.indexOf(CR, from);
  if (cr === -1 || bytes[cr + 1] !== LF) throw new RespFramingError(`incomplete line at offset ${from}`);
  return cr;
}

/** Parses one complete node starting at `pos` (recursive; replies are complete here). */
export function parseNode(bytes: Uint8Array, pos: number): RespNode {
  const type = String.fromCharCode(bytes[pos]);
  const cr = lineEnd(bytes, pos + 1);
  const header = latin1(bytes.subarray(pos + 1, cr));
  const headerEnd = cr + 2;
  switch (type) {
    case "+":
    case "-":
    case ":":
    case "_":
    case ",":
    case "#":
    case "(":
      return { type, start: pos, headerEnd, end: headerEnd };
    case "$":
    case "!":
    case "=": {
      const len = Number(header);
      if (len === -1 && type === "$") return { type, start: pos, headerEnd, end: headerEnd };
      if (!Number.isInteger(len) || len < 0) throw new RespFramingError(`bad length ${header}`);
      const to = headerEnd + len;
      if (to + 2 > bytes.length || bytes[to] !== CR || bytes[to + 1] !== LF) {
        throw new RespFramingError(`bulk of length ${len} at offset ${pos} is incomplete`);
      }
      return { type, start: pos, headerEnd, end: to + 2, body: { from: headerEnd, to } };
    }
    case "*":
    case "~":
    case ">":
    case "%":
    case "|": {
      const n = Number(header);
      if (n === -1 && type === "*") return { type, start: pos, headerEnd, end: headerEnd };
      if (!Number.isInteger(n) || n < 0) throw new RespFramingError(`bad count ${header}`);
      const count = type === "%" || type === "|" ? 2 * n : n;
      const children: RespNode[] = [];
      let at = headerEnd;
      for (let i = 0; i < count; i++) {
        const child = parseNode(bytes, at);
        children.push(child);
        at = child.end;
      }
      if (type === "|") {
        const annotated = parseNode(bytes, at);
        return { type, start: pos, headerEnd, end: annotated.end, children, annotated };
      }
      return { type, start: pos, headerEnd, end: at, children };
    }
    default:
      throw new RespFramingError(`unknown RESP type byte ${JSON.stringify(type)} at offset ${pos}`);
  }
}

function toValue(bytes: Uint8Array, node: RespNode, bulk: "utf8" | "latin1"): RespValue {
  const line = (): string => latin1(bytes.subarray(node.start + 1, node.headerEnd - 2));
  const body = (): string => {
    if (node.body === undefined) throw new RespFramingError("no body");
    const b = bytes.subarray(node.body.from, node.body.to);
    return bulk === "latin1" ? latin1(b) : utf8Decoder.decode(b);
  };
  const children = node.children ?? [];
  switch (node.type) {
    case "+":
      return utf8Decoder.decode(bytes.subarray(node.start + 1, node.headerEnd - 2));
    case "-":
      return new RespError(utf8Decoder.decode(bytes.subarray(node.start + 1, node.headerEnd - 2)));
    case ":": {
      const n = Number(line());
      return Number.isSafeInteger(n) ? n : BigInt(line());
    }
    case "_":
      return null;
    case ",": {
      const s = line();
      if (s === "inf") return Infinity;
      if (s === "-inf") return -Infinity;
      if (s === "nan") return NaN;
      return Number(s);
    }
    case "#":
      return line() === "t";
    case "(":
      return BigInt(line());
    case "$":
      return node.body === undefined ? null : body();
    case "!":
      return new RespError(body());
    case "=":
      return body().slice(4); // drop the "txt:" / "mkd:" format prefix
    case "*":
    case "~":
    case ">":
      return node.children === undefined ? null : children.map((c) => toValue(bytes, c, bulk));
    case "%": {
      const out: { [key: string]: RespValue } = {};
      for (let i = 0; i < children.length; i += 2) {
        out[String(toValue(bytes, children[i], bulk))] = toValue(bytes, children[i + 1], bulk);
      }
      return out;
    }
    case "|":
      if (node.annotated === undefined) throw new RespFramingError("attribute without a reply");
      return toValue(bytes, node.annotated, bulk);
    default:
      throw new RespFramingError(`unknown type ${node.type}`);
  }
}

// ---------------------------------------------------------------------------------------------
// The client

/** Where to connect: a TCP port on 127.0.0.1, a unix socket path, or either spelled out. */
export type RespTarget = number | string | { port: number; host?: string } | { path: string };

export interface ReadOptions {
  /** Reject if no complete reply arrives within this many ms (default: wait forever). */
  timeoutMs?: number;
}

interface Waiter {
  resolve(reply: Uint8Array): void;
  reject(error: Error): void;
}

/** Thrown by readReply when the connection closes before a complete reply, or on timeout. */
export class RespReadError extends Error {
  override name = "RespReadError";
  constructor(
    message: string,
    readonly reason: "closed" | "timeout",
  ) {
    super(message);
  }
}

export class RespClient implements AsyncDisposable {
  /** Resolves when the connection is closed, by either side. Never rejects. */
  readonly closed: Promise<void>;
  private readonly reader = new ReplyReader();
  private readonly waiters: Waiter[] = [];
  private readonly outQueue: Uint8Array[] = [];
  private outOffset = 0;
  private socket: Socket<undefined> | undefined;
  private isClosed = false;
  private closeError: Error | undefined;
  private framingError: Error | undefined;
  private markClosed!: () => void;

  private constructor(readonly target: RespTarget) {
    this.closed = new Promise<void>((resolve) => {
      this.markClosed = resolve;
    });
  }

  /** Opens a connection; rejects if nothing accepts it. */
  static async connect(target: RespTarget): Promise<RespClient> {
    const client = new RespClient(target);
    const handlers = {
      data: (_s: Socket<undefined>, data: Buffer) => client.onData(data),
      drain: () => client.flush(),
      close: (_s: Socket<undefined>, error?: Error) => client.onClose(error),
      error: (_s: Socket<undefined>, error: Error) => client.onClose(error),
    };
    if (typeof target === "string" || (typeof target === "object" && "path" in target)) {
      const path = typeof target === "string" ? target : target.path;
      client.socket = await Bun.connect({ unix: path, socket: handlers });
    } else {
      const port = typeof target === "number" ? target : target.port;
      const hostname = typeof target === "number" ? "127.0.0.1" : (target.host ?? "127.0.0.1");
      client.socket = await Bun.connect({ hostname, port, socket: handlers });
    }
    return client;
  }

  /** True once the connection has closed. */
  get isOpen(): boolean {
    return !this.isClosed;
  }

  /** Writes raw bytes (strings as UTF-8), queueing what the socket does not take at once. */
  send(data: string | Uint8Array): void {
    if (this.isClosed) throw new Error("send on a closed connection");
    const bytes = toBytes(data);
    if (bytes.length === 0) return;
    this.outQueue.push(bytes);
    if (this.outQueue.length === 1) this.flush();
  }

  /** Writes argv as one multibulk. */
  command(...args: Arg[]): void {
    this.send(encodeCommand(args));
  }

  /** Writes several commands in one write (a pipeline). */
  pipeline(commands: readonly Argv[]): void {
    const parts = commands.map(encodeCommand);
    this.send(Buffer.concat(parts));
  }

  /** The exact bytes of the next complete reply. Rejects if the connection closes first. */
  readReply(options: ReadOptions = {}): Promise<Uint8Array> {
    if (this.waiters.length === 0) {
      const ready = this.tryNext();
      if (ready !== undefined) return Promise.resolve(ready);
    }
    if (this.framingError !== undefined) return Promise.reject(this.framingError);
    if (this.isClosed) return Promise.reject(this.closedError());
    return new Promise<Uint8Array>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const waiter: Waiter = {
        resolve: (r) => {
          if (timer !== undefined) clearTimeout(timer);
          resolve(r);
        },
        reject: (e) => {
          if (timer !== undefined) clearTimeout(timer);
          reject(e);
        },
      };
      this.waiters.push(waiter);
      if (options.timeoutMs !== undefined) {
        const timeoutMs = options.timeoutMs;
        timer = setTimeout(() => {
          const i = this.waiters.indexOf(waiter);
          if (i !== -1) this.waiters.splice(i, 1);
          reject(
            new RespReadError(
              `no complete reply within ${timeoutMs} ms (${this.reader.buffered} bytes buffered)`,
              "timeout",
            ),
          );
        }, timeoutMs);
      }
    });
  }

  /** Reads `n` replies in order. */
  async readReplies(n: number, options: ReadOptions = {}): Promise<Uint8Array[]> {
    const out: Uint8Array[] = [];
    for (let i = 0; i < n; i++) out.push(await this.readReply(options));
    return out;
  }

  /** command + readReply. */
  call(...args: Arg[]): Promise<Uint8Array> {
    this.command(...args);
    return this.readReply();
  }

  /** call, with the reply as a latin1 string: `expect(await c.callText("PING")).toBe("+PONG\r\n")`. */
  async callText(...args: Arg[]): Promise<string> {
    return latin1(await this.call(...args));
  }

  /** call, decoded with decodeReply. */
  async callDecoded(...args: Arg[]): Promise<RespValue> {
    return decodeReply(await this.call(...args));
  }

  /** Next reply as a latin1 string. */
  async readText(options: ReadOptions = {}): Promise<string> {
    return latin1(await this.readReply(options));
  }

  /**
   * Every byte not yet returned by readReply, up to the server closing the connection
   * (e.g. after a protocol error or QUIT). Resolves once closed.
   */
  async readUntilClosed(): Promise<Uint8Array> {
    await this.closed;
    return this.reader.takeRemaining();
  }

  /** Closes our side; resolves when the socket is closed. */
  async close(): Promise<void> {
    if (!this.isClosed) this.socket?.end();
    await this.closed;
  }

  /** Drops the connection without a graceful shutdown. */
  terminate(): void {
    this.socket?.terminate();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private flush(): void {
    const socket = this.socket;
    if (socket === undefined) return; // connect() flushes nothing before the socket exists
    while (this.outQueue.length > 0) {
      const head = this.outQueue[0];
      const left = head.length - this.outOffset;
      const written = socket.write(head, this.outOffset, left);
      if (written < 0) return; // closed; onClose reports it to readers
      if (written < left) {
        this.outOffset += written;
        return; // wait for drain
      }
      this.outQueue.shift();
      this.outOffset = 0;
    }
  }

  private onData(data: Uint8Array): void {
    this.reader.push(data);
    while (this.waiters.length > 0) {
      const reply = this.tryNext();
      if (reply === undefined) break;
      this.waiters.shift()?.resolve(reply);
    }
    if (this.framingError !== undefined) {
      for (const w of this.waiters.splice(0)) w.reject(this.framingError);
    }
  }

  private tryNext(): Uint8Array | undefined {
    if (this.framingError !== undefined) return undefined;
    try {
      return this.reader.next();
    } catch (e) {
      this.framingError = e instanceof Error ? e : new Error(String(e));
      return undefined;
    }
  }

  private closedError(): RespReadError {
    const partial = this.reader.buffered > 0 ? `; ${this.reader.buffered} bytes of an incomplete reply buffered` : "";
    const cause = this.closeError !== undefined ? ` (${this.closeError.message})` : "";
    return new RespReadError(`connection closed before a complete reply${partial}${cause}`, "closed");
  }

  private onClose(error?: Error): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.closeError = error;
    this.outQueue.length = 0;
    for (const w of this.waiters.splice(0)) w.reject(this.framingError ?? this.closedError());
    this.markClosed();
  }
}

/** Opens a RespClient (see RespTarget). */
export function connectResp(target: RespTarget): Promise<RespClient> {
  return RespClient.connect(target);
}
