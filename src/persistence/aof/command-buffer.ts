// Commands as the AOF holds them: RESP multibulk (`*<argc>\r\n` then `$<len>\r\n<bytes>\r\n`
// per argument), appended to one growable byte buffer — Redis's aof_buf, written out before
// the replies of the commands it holds. The command-form base file is built with it too.

import type { PropagatedArgv } from "../../server/propagate.ts";
import { writeLatin1 } from "../../store/latin1.ts";

const CR = 13;
const LF = 10;
const INITIAL_CAPACITY = 16 * 1024;
/** A buffer that grew past this for a big write is given back once flushed. */
const SHRINK_ABOVE = 4 * 1024 * 1024;

export class CommandBuffer {
  private buf = new Uint8Array(INITIAL_CAPACITY);
  length = 0;

  /** The bytes appended since the last clear (a view: valid until the next append or clear). */
  get bytes(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }

  clear(): void {
    this.length = 0;
    if (this.buf.length > SHRINK_ABOVE) this.buf = new Uint8Array(INITIAL_CAPACITY);
  }

  /** catAppendOnlyGenericCommand: one command. Strings are latin1 (one byte per char). */
  command(argv: PropagatedArgv): void {
    this.header(42, argv.length); // '*'
    for (const arg of argv) {
      this.header(36, arg.length); // '$'
      if (typeof arg === "string") this.latin1(arg);
      else this.raw(arg);
      this.crlf();
    }
  }

  /** A line of its own, e.g. the `#TS:` annotation (CRLF added). */
  line(text: string): void {
    this.latin1(text);
    this.crlf();
  }

  /** Appends bytes as they are. */
  raw(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
  }

  private header(marker: number, count: number): void {
    this.ensure(1);
    this.buf[this.length++] = marker;
    this.latin1(String(count));
    this.crlf();
  }

  private latin1(text: string): void {
    this.ensure(text.length);
    this.length = writeLatin1(this.buf, this.length, text);
  }

  private crlf(): void {
    this.ensure(2);
    this.buf[this.length++] = CR;
    this.buf[this.length++] = LF;
  }

  private ensure(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.buf.length) return;
    let capacity = this.buf.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.buf.subarray(0, this.length));
    this.buf = grown;
  }
}
