// sdssplitargs semantics (src/protocol/split-args.ts). The INLINE table is what a real
// redis-server 7.0.15 stored for the inline request "RPUSH L X <line>" (read back with LRANGE),
// null where it answered "-ERR Protocol error: unbalanced quotes in request".

import { describe, expect, test } from "bun:test";
import { splitArgs, splitArgsString } from "../../../src/protocol/split-args.ts";

const latin1 = (s: string): Uint8Array => Buffer.from(s, "latin1");
const text = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("latin1");
const split = (s: string): string[] | null => splitArgs(latin1(s))?.map(text) ?? null;

const INLINE: [string, string[] | null][] = [
  ["a b c", ["a", "b", "c"]],
  ["  a   b  ", ["a", "b"]],
  ["a\tb", ["a", "b"]],
  ["a\x0bb", ["a\x0bb"]],
  ["\x0ba\fb", ["a\fb"]],
  ["\"a b\" c", ["a b", "c"]],
  ["'a b' c", ["a b", "c"]],
  ["\"\"", [""]],
  ["''", [""]],
  ["\"a\\nb\"", ["a\nb"]],
  ["\"\\r\\t\\b\\a\\\\\\\"\"", ["\r\t\b\x07\\\""]],
  ["\"\\x41\\x4a\\x4A\\xff\\x00\"", ["AJJ\xff\x00"]],
  ["\"\\x4\"", ["x4"]],
  ["\"\\xg1\"", ["xg1"]],
  ["\"\\q\"", ["q"]],
  ["'\\n'", ["\\n"]],
  ["'it\\'s'", ["it's"]],
  ["'a\\\\b'", ["a\\\\b"]],
  ["\"a\"b", null],
  ["'a'b", null],
  ["\"a\"\"b\"", null],
  ["\"a\" b", ["a", "b"]],
  ["\"a\"\tb", ["a", "b"]],
  ["\"a\"\x0bb", ["a", "b"]],
  ["foo\"bar baz\"", ["foobar baz"]],
  ["foo'bar baz'", ["foobar baz"]],
  ["\"unterminated", null],
  ["'unterminated", null],
  ["\"a\\\"", null],
  ["\"a\\\\\"", ["a\\"]],
  ["a\"b", null],
  ["\xff\xfe", ["\xff\xfe"]],
  ["\"\\xFF\"", ["\xff"]],
  ["'\"'", ["\""]],
  ["\"'\"", ["'"]],
  ["a'b'", ["ab"]],
  ["\"a\"x y", null],
  ["\\x41", ["\\x41"]],
  ["a\\ b", ["a\\", "b"]],
];

describe("splitArgs against redis-server's inline protocol", () => {
  test.each(INLINE)("%j", (line, expected) => {
    expect(split(line)).toEqual(expected);
  });
});

describe("splitArgs details", () => {
  test("blank input gives no arguments, not null", () => {
    expect(split("")).toEqual([]);
    expect(split("   \t\v\f\r\n ")).toEqual([]);
  });

  test("a NUL byte ends the line, as in the C string sdssplitargs walks", () => {
    expect(split("a b\x00c d")).toEqual(["a", "b"]);
    expect(split("\x00a")).toEqual([]);
    // A quote still open at the NUL is unterminated.
    expect(split('"a\x00"')).toBeNull();
    // \x00 written as an escape is a real byte of the argument.
    expect(split('"a\\x00b"')).toEqual(["a\x00b"]);
  });

  test("bare words are views into the line, quoted ones are copies", () => {
    const line = latin1('get "k 1" plain');
    const argv = splitArgs(line) as Uint8Array[];
    expect(argv.map(text)).toEqual(["get", "k 1", "plain"]);
    expect(argv[0].buffer).toBe(line.buffer);
    expect(argv[2].byteOffset).toBe(line.byteOffset + 10);
    expect(argv[1].buffer).not.toBe(line.buffer);
  });

  test("works on a subarray with an offset", () => {
    const buf = latin1('xxSET "a b" c\r\nyy');
    expect(splitArgs(buf.subarray(2, 13))?.map(text)).toEqual(["SET", "a b", "c"]);
  });

  test("escapes at the very end of the line", () => {
    expect(split('"\\')).toBeNull();
    expect(split('"\\x4')).toBeNull();
    expect(split("'\\")).toBeNull();
    expect(split("a\\")).toEqual(["a\\"]);
  });

  test("round-trips arguments quoted the way sdscatrepr quotes them", () => {
    const repr = (s: string): string => {
      let out = '"';
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        const ch = s[i];
        if (ch === "\\" || ch === '"') out += `\\${ch}`;
        else if (ch === "\n") out += "\\n";
        else if (ch === "\r") out += "\\r";
        else if (ch === "\t") out += "\\t";
        else if (ch === "\x07") out += "\\a";
        else if (ch === "\b") out += "\\b";
        else if (c >= 0x20 && c < 0x7f) out += ch;
        else out += `\\x${c.toString(16).padStart(2, "0")}`;
      }
      return `${out}"`;
    };
    let seed = 42;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let i = 0; i < 2000; i++) {
      const args: string[] = [];
      for (let j = next(5); j >= 0; j--) {
        let arg = "";
        for (let k = next(8); k > 0; k--) arg += String.fromCharCode(next(4) === 0 ? next(256) : 0x61 + next(3));
        args.push(arg);
      }
      expect(split(args.map(repr).join(next(2) === 0 ? " " : "\t"))).toEqual(args);
    }
  });
});

describe("splitArgsString", () => {
  test("latin1 in and out", () => {
    expect(splitArgsString('save 900 1 "\\xe9t\\xe9"')).toEqual(["save", "900", "1", "\xe9t\xe9"]);
    expect(splitArgsString("dir 'unbalanced")).toBeNull();
    expect(splitArgsString("")).toEqual([]);
  });
});
