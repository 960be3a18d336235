// Redis's sdssplitargs (sds.c) over bytes: splits one line into arguments the way the inline
// protocol (processInlineBuffer), redis-cli and the redis.conf loader do. Bare words, "double
// quotes" with C-like escapes, 'single quotes' with only \' as an escape; null on unbalanced
// quotes or on a closing quote glued to more text ("foo"bar).

/** C isspace() in the "C" locale (Redis never sets LC_CTYPE): space, \t \n \v \f \r. */
function isCSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

/** The byte a backslash escape stands for inside double quotes (other than \xHH). */
function escapedByte(c: number): number {
  switch (c) {
    case 0x6e: return 0x0a; // \n
    case 0x72: return 0x0d; // \r
    case 0x74: return 0x09; // \t
    case 0x62: return 0x08; // \b
    case 0x61: return 0x07; // \a
    default: return c; // \" \\ and any other byte stand for themselves: \q is q, \x1 is x then 1
  }
}

/**
 * Split `line` into arguments exactly as sdssplitargs does. Returns [] for a blank line and
 * null for unbalanced quotes or a closing quote not followed by whitespace/end.
 *
 * Like the C code, which walks a NUL-terminated string, a 0x00 byte ends the line: whatever
 * follows it is ignored (an inline request "GET a\0junk" is GET a).
 *
 * Arguments written without quotes are returned as views into `line` (no copy), like the
 * multibulk parser's argv; quoted ones are fresh arrays. Copy before keeping either.
 */
export function splitArgs(line: Uint8Array): Uint8Array[] | null {
  let end = line.indexOf(0);
  if (end === -1) end = line.length;
  const argv: Uint8Array[] = [];
  // Scratch for quoted arguments, allocated on the first quote only. An argument is never
  // longer than the line, which bounds its size.
  let scratch: Uint8Array | null = null;
  let p = 0;
  for (;;) {
    // sdssplitargs skips blanks with isspace(), which includes \v and \f...
    while (p < end && isCSpace(line[p])) p++;
    if (p >= end) return argv;
    const wordStart = p;
    // ...but a bare word only ends at ' ', \n, \r, \t or the end: "a\vb" is one argument.
    while (p < end) {
      const c = line[p];
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x22 || c === 0x27) break;
      p++;
    }
    if (p >= end || (line[p] !== 0x22 && line[p] !== 0x27)) {
      argv.push(line.subarray(wordStart, p));
      continue;
    }
    // A quote opened inside or at the start of a word: the bytes before it and the quoted
    // part make one argument (abc"def" is abcdef), and the argument ends at the closing quote.
    if (scratch === null) scratch = new Uint8Array(end);
    let len = 0;
    for (let i = wordStart; i < p; i++) scratch[len++] = line[i];
    const quote = line[p++];
    for (;;) {
      if (p >= end) return null; // unterminated quotes
      const c = line[p];
      if (c === quote) break;
      if (quote === 0x22 && c === 0x5c && p + 1 < end) {
        const next = line[p + 1];
        if (next === 0x78 && p + 3 < end) {
          const hi = hexValue(line[p + 2]);
          const lo = hexValue(line[p + 3]);
          if (hi >= 0 && lo >= 0) {
            scratch[len++] = hi * 16 + lo;
            p += 4;
            continue;
          }
        }
        scratch[len++] = escapedByte(next);
        p += 2;
        continue;
      }
      if (quote === 0x27 && c === 0x5c && p + 1 < end && line[p + 1] === 0x27) {
        scratch[len++] = 0x27; // \' is the only escape in single quotes; \n stays two bytes
        p += 2;
        continue;
      }
      // Includes a backslash that is the last byte: it is kept, then the quote is unterminated.
      scratch[len++] = c;
      p++;
    }
    // p is on the closing quote, which must be followed by isspace() or the end.
    p++;
    if (p < end && !isCSpace(line[p])) return null;
    argv.push(scratch.slice(0, len));
  }
}

/**
 * splitArgs over a latin1 string (each char one byte), for the config file loader and tests.
 * Chars above U+00FF are not bytes; like Buffer's latin1 encoding they keep only their low byte.
 */
export function splitArgsString(line: string): string[] | null {
  const argv = splitArgs(Buffer.from(line, "latin1"));
  if (argv === null) return null;
  return argv.map((arg) => Buffer.from(arg.buffer, arg.byteOffset, arg.byteLength).toString("latin1"));
}
