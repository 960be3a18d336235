// The request side of RESP, as Redis's processMultibulkBuffer/processInlineBuffer read it.
// `parseRequest` looks at bytes [start, end) of a buffer and either finds one whole command
// (argv as zero-copy views into that buffer), says more bytes are needed, or reports
// Redis's protocol error. It keeps no state between calls: the connection keeps the unparsed
// tail, so a frame split anywhere is simply parsed again once the rest has arrived.

import { Request } from "./request.ts";
import { splitArgs } from "./split-args.ts";

/** Redis's PROTO_INLINE_MAX_SIZE: the longest inline request or `*`/`$` header line. */
export const INLINE_MAX_SIZE = 64 * 1024;
/** Before AUTH, Redis refuses big frames so that an unauthenticated peer cannot use memory. */
const UNAUTHENTICATED_MAX_MULTIBULK = 10;
const UNAUTHENTICATED_MAX_BULK = 16384;
const INT_MAX = 2147483647;

export const ParseStatus = {
  /** A command was read: see `argv` and `next`. */
  command: 0,
  /** Not enough bytes yet; `needBytes` is how many are known to be missing (0 if unknown). */
  incomplete: 1,
  /** An empty inline line or `*0`/`*-1`: nothing to run, continue at `next`. */
  empty: 2,
  /** A protocol error: reply `error` and close the connection. */
  error: 3,
} as const;
export type ParseStatus = (typeof ParseStatus)[keyof typeof ParseStatus];

export interface ParseLimits {
  /** proto-max-bulk-len */
  maxBulkLength: number;
  /** Whether AUTH is still required, which tightens the limits as in Redis. */
  authRequired: boolean;
}

export class RequestParser {
  /**
   * The command just read, as ranges of the buffer parsed (reused by the next parse: a caller
   * that keeps words copies them).
   */
  request = new Request();
  /** The one request a frame fills; an inline command gets its own. */
  private readonly frameRequest = this.request;
  /** Where the next frame starts after a `command` or `empty` result. */
  next = 0;
  needBytes = 0;
  error = "";

  parse(buf: Uint8Array, start: number, end: number, limits: ParseLimits): ParseStatus {
    if (start >= end) return this.incomplete(0);
    return buf[start] === 42 /* '*' */
      ? this.parseMultibulk(buf, start, end, limits)
      : this.parseInline(buf, start, end);
  }

  private incomplete(needBytes: number): ParseStatus {
    this.needBytes = needBytes;
    return ParseStatus.incomplete;
  }

  private fail(detail: string): ParseStatus {
    this.error = `ERR Protocol error: ${detail}`;
    return ParseStatus.error;
  }

  private parseInline(buf: Uint8Array, start: number, end: number): ParseStatus {
    const newline = buf.indexOf(10, start);
    if (newline === -1 || newline >= end) {
      if (end - start > INLINE_MAX_SIZE) return this.fail("too big inline request");
      return this.incomplete(0);
    }
    let lineEnd = newline;
    if (lineEnd > start && buf[lineEnd - 1] === 13) lineEnd--;
    this.next = newline + 1;
    const args = splitArgs(buf.subarray(start, lineEnd));
    if (args === null) return this.fail("unbalanced quotes in request");
    if (args.length === 0) return ParseStatus.empty;
    this.request = Request.of(args);
    return ParseStatus.command;
  }

  private parseMultibulk(buf: Uint8Array, start: number, end: number, limits: ParseLimits): ParseStatus {
    let pos = start + 1;
    const headerEnd = findCr(buf, pos, end);
    if (headerEnd === -1) {
      if (end - start > INLINE_MAX_SIZE) return this.fail("too big mbulk count string");
      return this.incomplete(0);
    }
    if (headerEnd + 1 >= end) return this.incomplete(1);
    const count = parseLength(buf, pos, headerEnd);
    if (count === null || count > INT_MAX) return this.fail("invalid multibulk length");
    if (count > UNAUTHENTICATED_MAX_MULTIBULK && limits.authRequired) {
      return this.fail("unauthenticated multibulk length");
    }
    pos = headerEnd + 2;
    if (count <= 0) {
      this.next = pos;
      return ParseStatus.empty;
    }
    const request = this.frameRequest;
    request.reset(buf);
    for (let i = 0; i < count; i++) {
      if (pos >= end) return this.incomplete(0);
      if (buf[pos] !== 36 /* '$' */) {
        return this.fail(`expected '$', got '${String.fromCharCode(buf[pos]!)}'`);
      }
      const lineEnd = findCr(buf, pos + 1, end);
      if (lineEnd === -1) {
        if (end - pos > INLINE_MAX_SIZE) return this.fail("too big bulk count string");
        return this.incomplete(0);
      }
      if (lineEnd + 1 >= end) return this.incomplete(1);
      const length = parseLength(buf, pos + 1, lineEnd);
      if (length === null || length < 0 || length > limits.maxBulkLength) {
        return this.fail("invalid bulk length");
      }
      if (length > UNAUTHENTICATED_MAX_BULK && limits.authRequired) {
        return this.fail("unauthenticated bulk length");
      }
      const dataStart = lineEnd + 2;
      // Like Redis, the two bytes after the payload are skipped, not checked.
      const dataEnd = dataStart + length;
      if (dataEnd + 2 > end) return this.incomplete(dataEnd + 2 - end);
      request.push(dataStart, dataEnd);
      pos = dataEnd + 2;
    }
    this.request = request;
    this.next = pos;
    return ParseStatus.command;
  }
}

/**
 * Header lines (`*3`, `$5`) are a few bytes long: a byte loop finds their CR sooner than a
 * call into native indexOf, which only pays off when the CR is far (an incomplete header).
 */
function findCr(buf: Uint8Array, from: number, end: number): number {
  const stop = Math.min(end, from + 32);
  for (let i = from; i < stop; i++) if (buf[i] === 13) return i;
  if (stop === end) return -1;
  const at = buf.indexOf(13, stop);
  return at === -1 || at >= end ? -1 : at;
}

/** string2ll over the header digits; null when Redis would reject them. */
function parseLength(buf: Uint8Array, start: number, end: number): number | null {
  if (start >= end || end - start > 20) return null;
  let i = start;
  let negative = false;
  if (buf[i] === 45) {
    negative = true;
    i++;
    if (i === end) return null;
  }
  if (buf[i] === 48 && end - i > 1) return null; // leading zeros are not a valid length
  let value = 0;
  for (; i < end; i++) {
    const digit = buf[i]! - 48;
    if (digit < 0 || digit > 9) return null;
    value = value * 10 + digit;
  }
  if (value > Number.MAX_SAFE_INTEGER) return null;
  return negative ? -value : value;
}
