// A command's words as ranges of one byte buffer, as the parser found them. No view is made
// per word unless something asks for one: creating a Uint8Array view costs ~50 ns, more than
// the work of most commands, and the compiled argument readers mostly need a key's latin1
// string, a number or a token comparison, which they read from the buffer directly.

import { latin1 } from "../store/latin1.ts";

export class Request {
  /** Where the words' bytes are; word i is buf[starts[i], ends[i]). */
  buf: Uint8Array = new Uint8Array(0);
  starts = new Int32Array(8);
  ends = new Int32Array(8);
  length = 0;
  /** The words as views, made on first use of `words()` for this command. */
  private views: Uint8Array[] | null = null;

  /** A request over copies of `words` (queued, replayed or inline commands). */
  static of(words: readonly Uint8Array[]): Request {
    const request = new Request();
    let total = 0;
    for (const word of words) total += word.length;
    const buf = new Uint8Array(total);
    request.reset(buf);
    let at = 0;
    for (const word of words) {
      buf.set(word, at);
      request.push(at, at + word.length);
      at += word.length;
    }
    return request;
  }

  /** Starts a new command over `buf` (the parser's per-frame reset). */
  reset(buf: Uint8Array): void {
    this.buf = buf;
    this.length = 0;
    this.views = null;
  }

  /** Appends the word buf[start, end). */
  push(start: number, end: number): void {
    if (this.length === this.starts.length) {
      const starts = new Int32Array(this.length * 2);
      starts.set(this.starts);
      this.starts = starts;
      const ends = new Int32Array(this.length * 2);
      ends.set(this.ends);
      this.ends = ends;
    }
    this.starts[this.length] = start;
    this.ends[this.length++] = end;
  }

  /** Word i as a view into the buffer (valid while the command runs). */
  word(i: number): Uint8Array {
    return this.views !== null ? this.views[i]! : this.buf.subarray(this.starts[i], this.ends[i]);
  }

  /** Every word as a view, made once per command: what `client.argv` hands out. */
  words(): Uint8Array[] {
    if (this.views === null) {
      const views = new Array<Uint8Array>(this.length);
      for (let i = 0; i < this.length; i++) views[i] = this.buf.subarray(this.starts[i], this.ends[i]);
      this.views = views;
    }
    return this.views;
  }

  /** Word i as a latin1 string (keys, names, patterns). */
  latin1(i: number): string {
    return latin1(this.buf, this.starts[i], this.ends[i]);
  }

  wordLength(i: number): number {
    return this.ends[i]! - this.starts[i]!;
  }

  /** Case-insensitive compare of word i with an upper-case ASCII token. */
  isToken(i: number, upper: string): boolean {
    return rangeIsToken(this.buf, this.starts[i]!, this.ends[i]!, upper);
  }
}

/** Case-insensitive compare of bytes[start, end) with an upper-case ASCII token (strcasecmp). */
export function rangeIsToken(bytes: Uint8Array, start: number, end: number, upper: string): boolean {
  const n = upper.length;
  if (end - start !== n) return false;
  for (let k = 0; k < n; k++) {
    let c = bytes[start + k]!;
    if (c >= 97 && c <= 122) c -= 32;
    if (c !== upper.charCodeAt(k)) return false;
  }
  return true;
}
