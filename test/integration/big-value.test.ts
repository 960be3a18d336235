// Big strings over a real socket: a 100 MB value round-trips through SET/GET byte for byte,
// a value built by many APPENDs and one stretched by SETRANGE keep every byte in place, and
// the proto-max-bulk-len limit (512 MB by default) stops SETRANGE before it allocates.

import { describe, expect, test } from "bun:test";
import { startServer } from "../../src/index.ts";
import { RespClient, latin1 } from "../support/resp-client.ts";

const MB = 1024 * 1024;

/** Bytes that differ from their neighbours, so a shifted or truncated copy is caught. */
function pattern(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
}

/** The payload of a bulk reply (`$<n>\r\n<payload>\r\n`). */
function bulkPayload(reply: Uint8Array): Uint8Array {
  const headerEnd = reply.indexOf(10) + 1;
  expect(latin1(reply.subarray(0, headerEnd))).toBe(`$${reply.length - headerEnd - 2}\r\n`);
  return reply.subarray(headerEnd, reply.length - 2);
}

describe("big values", () => {
  test("a 100 MB value round-trips through SET and GET", async () => {
    await using srv = await startServer({ port: 0 });
    await using client = await RespClient.connect(srv.port);
    const value = pattern(100 * MB, 1);
    expect(await client.callText("SET", "big", value)).toBe("+OK\r\n");
    expect(await client.callText("STRLEN", "big")).toBe(`:${100 * MB}\r\n`);
    const got = bulkPayload(await client.call("GET", "big"));
    expect(got.length).toBe(value.length);
    expect(Buffer.compare(got, value)).toBe(0);
    const tail = bulkPayload(await client.call("GETRANGE", "big", "-5", "-1"));
    expect(Buffer.compare(tail, value.subarray(value.length - 5))).toBe(0);
    // The server still answers small commands on the same connection afterwards.
    expect(await client.callText("PING")).toBe("+PONG\r\n");
  });

  test("64 MB built by APPENDs of 1 MB holds every chunk in order", async () => {
    await using srv = await startServer({ port: 0 });
    await using client = await RespClient.connect(srv.port);
    const chunks = Array.from({ length: 64 }, (_, i) => pattern(MB, i + 7));
    for (let i = 0; i < chunks.length; i++) {
      expect(await client.callText("APPEND", "k", chunks[i]!)).toBe(`:${(i + 1) * MB}\r\n`);
    }
    const got = bulkPayload(await client.call("GET", "k"));
    expect(got.length).toBe(64 * MB);
    for (let i = 0; i < chunks.length; i++) {
      expect(Buffer.compare(got.subarray(i * MB, (i + 1) * MB), chunks[i]!)).toBe(0);
    }
  });

  test("SETRANGE stretches a value to 200 MB, zero-filled, and stops at proto-max-bulk-len", async () => {
    await using srv = await startServer({ port: 0 });
    await using client = await RespClient.connect(srv.port);
    expect(await client.callText("SET", "k", "head")).toBe("+OK\r\n");
    expect(await client.callText("SETRANGE", "k", String(200 * MB), "tail")).toBe(`:${200 * MB + 4}\r\n`);
    expect(await client.callText("GETRANGE", "k", "0", "5")).toBe("$6\r\nhead\x00\x00\r\n");
    expect(await client.callText("GETRANGE", "k", String(200 * MB - 2), "-1")).toBe("$6\r\n\x00\x00tail\r\n");
    // Overwriting inside the value, then appending past it.
    expect(await client.callText("SETRANGE", "k", String(100 * MB), "mid")).toBe(`:${200 * MB + 4}\r\n`);
    expect(await client.callText("GETRANGE", "k", String(100 * MB - 1), String(100 * MB + 3))).toBe("$5\r\n\x00mid\x00\r\n");
    expect(await client.callText("APPEND", "k", "!")).toBe(`:${200 * MB + 5}\r\n`);
    expect(await client.callText("GETRANGE", "k", "-5", "-1")).toBe("$5\r\ntail!\r\n");
    // 512 MB is the default limit: one byte past it is refused, the value is left alone.
    const limit = 512 * MB;
    expect(await client.callText("SETRANGE", "k", String(limit), "x")).toBe(
      "-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n",
    );
    expect(await client.callText("SETRANGE", "new", String(limit - 1), "xy")).toBe(
      "-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n",
    );
    expect(await client.callText("STRLEN", "k")).toBe(`:${200 * MB + 5}\r\n`);
    expect(await client.callText("STRLEN", "new")).toBe(":0\r\n");
  });
});
