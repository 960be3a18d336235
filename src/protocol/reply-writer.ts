// The reply side of RESP: one growable output buffer per client, written by commands and
// flushed once per read event (ARCHITECTURE: batching writes is what makes pipelining fast).
// The same calls produce RESP2 or RESP3 depending on the protocol the client chose with HELLO,
// as Redis's addReply* family does: a map is `%` in RESP3 and a flat array in RESP2, and so on.

import { writeLatin1 } from "../store/latin1.ts";
import { formatDouble, writeSafeInt } from "../store/numbers.ts";

export type Protocol = 2 | 3;

const CR = 13;
const LF = 10;
const INITIAL_CAPACITY = 1024;
/**
 * A buffer above this is given back once it is empty at a cron tick (clientsCronResizeOutputBuffer),
 * not after every flush: a subscriber or pipeline that keeps a backlog would otherwise regrow and
 * re-copy it on every event (measured: pub/sub fan-out with 2 MB backlogs 0.86× → 1.40× Redis).
 */
const SHRINK_ABOVE = 256 * 1024;

const encoder = new TextEncoder();

/** Called for every error reply with its text, so the server can keep errorstats. */
export type ErrorSink = (message: string) => void;

export class ReplyWriter {
  /** Bytes not yet handed to the socket live in buf[sent, length). */
  buf = new Uint8Array(INITIAL_CAPACITY);
  length = 0;
  sent = 0;
  protocol: Protocol = 2;

  constructor(private readonly onError: ErrorSink) {}

  get pendingBytes(): number {
    return this.length - this.sent;
  }

  private ensure(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.buf.length) return;
    // Reclaim the already-sent prefix before growing.
    if (this.sent > 0) {
      this.buf.copyWithin(0, this.sent, this.length);
      this.length -= this.sent;
      this.sent = 0;
      if (this.length + extra <= this.buf.length) return;
    }
    let capacity = this.buf.length * 2;
    while (capacity < this.length + extra) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.buf.subarray(0, this.length));
    this.buf = grown;
  }

  /** Called once everything up to `length` was accepted by the socket. */
  markAllSent(): void {
    this.length = 0;
    this.sent = 0;
  }

  /** Gives a big buffer back when nothing in it is waiting to be sent (the cron calls this). */
  shrinkIfIdle(): void {
    if (this.length === 0 && this.buf.length > SHRINK_ABOVE) this.buf = new Uint8Array(INITIAL_CAPACITY);
  }

  /** Drop replies written since `mark` (CLIENT REPLY OFF/SKIP). */
  discardFrom(mark: number): void {
    this.length = mark;
  }

  // --- low-level byte writers ------------------------------------------------------------

  /** Writes each char code as one byte: ASCII protocol text and latin1-decoded user bytes. */
  private putAscii(text: string): void {
    this.ensure(text.length);
    this.length = writeLatin1(this.buf, this.length, text);
  }

  private putCrlf(): void {
    this.ensure(2);
    this.buf[this.length++] = CR;
    this.buf[this.length++] = LF;
  }

  /** A type byte, a decimal integer and CRLF: the header of most RESP frames. */
  private putHeader(type: number, n: number): void {
    this.ensure(24);
    const buf = this.buf;
    let at = this.length;
    buf[at++] = type;
    at = writeSafeInt(buf, at, n);
    buf[at++] = CR;
    buf[at++] = LF;
    this.length = at;
  }

  /** Bytes exactly as given: pre-encoded replies and the MONITOR/pub-sub fan-out. */
  raw(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
  }

  // --- RESP types --------------------------------------------------------------------------

  /** `+OK` style status reply. The text must not contain CR or LF. */
  simple(text: string): void {
    this.ensure(text.length + 3);
    this.buf[this.length++] = 43; // '+'
    this.putAscii(text);
    this.putCrlf();
  }

  ok(): void {
    this.simple("OK");
  }

  /** An error reply; `message` starts with its code (ERR, WRONGTYPE, …) as Redis writes it. */
  error(message: string): void {
    this.onError(message);
    this.ensure(message.length + 3);
    this.buf[this.length++] = 45; // '-'
    this.putAscii(message); // latin1: user bytes quoted in errors go back as they came
    this.putCrlf();
  }

  integer(n: number | bigint): void {
    if (typeof n === "number" && Number.isSafeInteger(n)) {
      this.putHeader(58, n); // ':'
      return;
    }
    this.putAscii(`:${n}`);
    this.putCrlf();
  }

  /** A bulk string from bytes. */
  bulk(bytes: Uint8Array): void {
    const n = bytes.length;
    this.putHeader(36, n); // '$'
    this.ensure(n + 2);
    this.buf.set(bytes, this.length);
    this.length += n;
    this.buf[this.length++] = CR;
    this.buf[this.length++] = LF;
  }

  /** A bulk string from a byte range of a larger buffer (values stored in slabs). */
  bulkRange(source: Uint8Array, start: number, end: number): void {
    const n = end - start;
    this.putHeader(36, n);
    this.ensure(n + 2);
    const buf = this.buf;
    let at = this.length;
    // A view for TypedArray.set costs ~35 ns to create: a byte loop is cheaper below a few
    // hundred bytes (most stored values).
    if (n <= 256) {
      for (let i = start; i < end; i++) buf[at++] = source[i]!;
    } else {
      buf.set(source.subarray(start, end), at);
      at += n;
    }
    buf[at++] = CR;
    buf[at++] = LF;
    this.length = at;
  }

  /** A bulk string from a latin1 string whose chars are bytes (keys are stored this way). */
  bulkLatin1(text: string): void {
    this.putHeader(36, text.length);
    this.putAscii(text);
    this.putCrlf();
  }

  /** A bulk string from human text (UTF-8 encoded): INFO, CLIENT LIST, help lines. */
  bulkText(text: string): void {
    const bytes = encoder.encode(text);
    this.bulk(bytes);
  }

  /** RESP3 verbatim string (`=`); a bulk string in RESP2. INFO and CLIENT LIST use it. */
  verbatim(text: string, format = "txt"): void {
    if (this.protocol === 2) {
      this.bulkText(text);
      return;
    }
    const bytes = encoder.encode(text);
    this.putHeader(61, bytes.length + 4); // '='
    this.putAscii(format);
    this.putAscii(":");
    this.raw(bytes);
    this.putCrlf();
  }

  /** A missing value: `$-1` in RESP2, `_` in RESP3. */
  nullBulk(): void {
    if (this.protocol === 3) this.putAscii("_\r\n");
    else this.putAscii("$-1\r\n");
  }

  /** A missing aggregate: `*-1` in RESP2, `_` in RESP3. */
  nullArray(): void {
    if (this.protocol === 3) this.putAscii("_\r\n");
    else this.putAscii("*-1\r\n");
  }

  arrayHeader(count: number): void {
    this.putHeader(42, count); // '*'
  }

  /** A map of `count` pairs: `%` in RESP3, a flat array of 2*count in RESP2. */
  mapHeader(count: number): void {
    if (this.protocol === 3) this.putHeader(37, count);
    else this.putHeader(42, count * 2);
  }

  /** A set: `~` in RESP3, an array in RESP2. */
  setHeader(count: number): void {
    this.putHeader(this.protocol === 3 ? 126 : 42, count);
  }

  /** An out-of-band push (pub/sub messages, invalidations): `>` in RESP3, an array in RESP2. */
  pushHeader(count: number): void {
    this.putHeader(this.protocol === 3 ? 62 : 42, count);
  }

  /** A double: `,` in RESP3, a bulk string in RESP2, formatted as Redis 7.0 does (%.17g). */
  double(value: number): void {
    const text = formatDouble(value);
    if (this.protocol === 3) {
      this.ensure(text.length + 3);
      this.buf[this.length++] = 44; // ','
      this.putAscii(text);
      this.putCrlf();
    } else {
      this.bulkLatin1(text);
    }
  }

  /** `#t`/`#f` in RESP3; `:1`/`:0` in RESP2. */
  boolean(value: boolean): void {
    if (this.protocol === 3) this.putAscii(value ? "#t\r\n" : "#f\r\n");
    else this.putAscii(value ? ":1\r\n" : ":0\r\n");
  }

  /** `(` big number in RESP3, bulk string in RESP2. */
  bigNumber(digits: string): void {
    if (this.protocol === 3) {
      this.ensure(digits.length + 3);
      this.buf[this.length++] = 40; // '('
      this.putAscii(digits);
      this.putCrlf();
    } else {
      this.bulkLatin1(digits);
    }
  }
}
