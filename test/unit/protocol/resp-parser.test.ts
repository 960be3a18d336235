// The request parser fed whole, byte by byte and split at every offset must find the same
// commands; malformed frames must produce Redis's exact protocol errors.

import { describe, expect, test } from "bun:test";
import { ParseStatus, RequestParser, type ParseLimits } from "../../../src/protocol/resp-parser.ts";

const limits: ParseLimits = { maxBulkLength: 512 * 1024 * 1024, authRequired: false };
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString("latin1");

/** Feeds `input` in the given chunks the way a connection does and returns the argvs found. */
function parseChunks(chunks: Uint8Array[]): string[][] | string {
  const parser = new RequestParser();
  const commands: string[][] = [];
  let pending = new Uint8Array(0);
  for (const chunk of chunks) {
    const buf = new Uint8Array(pending.length + chunk.length);
    buf.set(pending);
    buf.set(chunk, pending.length);
    let start = 0;
    for (;;) {
      const status = parser.parse(buf, start, buf.length, limits);
      if (status === ParseStatus.command) {
        commands.push(parser.request.words().map(text));
        start = parser.next;
      } else if (status === ParseStatus.empty) {
        start = parser.next;
      } else if (status === ParseStatus.error) {
        return parser.error;
      } else {
        break;
      }
    }
    pending = buf.slice(start);
  }
  return commands;
}

const stream = Buffer.from(
  "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nva\r\nl\r\n" + // a payload holding CRLF
    "PING\r\n" + // inline
    "\r\n" + // empty inline line: ignored
    "*0\r\n" + // empty multibulk: ignored
    "set  'a b'  \"c\\x41\\n\"\n" + // inline with quotes and escapes, bare LF
    "*1\r\n$0\r\n\r\n", // empty argument
  "latin1",
);
const expected = [["SET", "key", "va\r\nl"], ["PING"], ["set", "a b", "cA\n"], [""]];

describe("RequestParser", () => {
  test("whole buffer", () => {
    expect(parseChunks([stream])).toEqual(expected);
  });

  test("byte by byte", () => {
    const chunks = [...stream].map((byte) => Uint8Array.of(byte));
    expect(parseChunks(chunks)).toEqual(expected);
  });

  test("split at every offset", () => {
    for (let at = 1; at < stream.length; at++) {
      expect(parseChunks([stream.subarray(0, at), stream.subarray(at)])).toEqual(expected);
    }
  });

  test("a frame's words are ranges of the buffer, and their views are not copies", () => {
    const parser = new RequestParser();
    const buf = Buffer.from("*2\r\n$4\r\nPING\r\n$2\r\nhi\r\n");
    expect(parser.parse(buf, 0, buf.length, limits)).toBe(ParseStatus.command);
    const request = parser.request;
    expect(request.buf).toBe(buf);
    expect([request.length, [...request.starts.subarray(0, 2)], [...request.ends.subarray(0, 2)]]).toEqual([2, [8, 18], [12, 20]]);
    expect([request.latin1(1), request.isToken(0, "PING"), request.isToken(1, "PING")]).toEqual(["hi", true, false]);
    expect(request.word(0).buffer).toBe(buf.buffer);
    expect(request.words()[1]!.buffer).toBe(buf.buffer);
  });

  const errors: [string, string][] = [
    ["*abc\r\n", "ERR Protocol error: invalid multibulk length"],
    ["*3000000000\r\n", "ERR Protocol error: invalid multibulk length"],
    ["*1\r\nx\r\n", "ERR Protocol error: expected '$', got 'x'"],
    ["*1\r\n$abc\r\n", "ERR Protocol error: invalid bulk length"],
    ["*1\r\n$-1\r\n", "ERR Protocol error: invalid bulk length"],
    ["*1\r\n$600000000\r\n", "ERR Protocol error: invalid bulk length"],
    ['SET "a\r\n', "ERR Protocol error: unbalanced quotes in request"],
    ["*1\r\n$" + "1".repeat(70000), "ERR Protocol error: too big bulk count string"],
    ["*" + "1".repeat(70000), "ERR Protocol error: too big mbulk count string"],
    ["A".repeat(70000), "ERR Protocol error: too big inline request"],
  ];
  for (const [input, message] of errors) {
    test(`error: ${JSON.stringify(input.slice(0, 24))}`, () => {
      expect(parseChunks([Buffer.from(input, "latin1")])).toBe(message);
    });
  }

  test("before AUTH, big frames are refused as Redis does", () => {
    const parser = new RequestParser();
    const strict: ParseLimits = { maxBulkLength: limits.maxBulkLength, authRequired: true };
    const many = Buffer.from("*11\r\n");
    expect(parser.parse(many, 0, many.length, strict)).toBe(ParseStatus.error);
    expect(parser.error).toBe("ERR Protocol error: unauthenticated multibulk length");
    const big = Buffer.from("*1\r\n$16385\r\n");
    expect(parser.parse(big, 0, big.length, strict)).toBe(ParseStatus.error);
    expect(parser.error).toBe("ERR Protocol error: unauthenticated bulk length");
  });

  test("a partial bulk says how many bytes are missing", () => {
    const parser = new RequestParser();
    const head = Buffer.from("*1\r\n$100\r\nabc");
    expect(parser.parse(head, 0, head.length, limits)).toBe(ParseStatus.incomplete);
    expect(parser.needBytes).toBe(100 + 2 - 3);
  });
});
