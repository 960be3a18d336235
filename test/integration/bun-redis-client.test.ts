// A real client library against redbun: Bun's built-in RedisClient (it speaks RESP3 after
// HELLO 3, pipelines automatically and reads INFO-free replies), used as an application would.

import { RedisClient } from "bun";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startServer, type ServerHandle } from "../../src/index.ts";

describe("Bun's RedisClient against redbun", () => {
  let server: ServerHandle;
  let client: RedisClient;

  beforeAll(async () => {
    server = await startServer({ port: 0 });
    client = new RedisClient(`redis://127.0.0.1:${server.port}`);
    await client.connect();
  });

  afterAll(async () => {
    client.close();
    await server.close();
  });

  test("strings, counters and expiry", async () => {
    expect(await client.set("greeting", "hello")).toBe("OK");
    expect(await client.get("greeting")).toBe("hello");
    expect(await client.incr("visits")).toBe(1);
    expect(await client.incrby("visits", 41)).toBe(42);
    expect(await client.expire("greeting", 60)).toBe(1);
    expect(await client.ttl("greeting")).toBe(60);
    expect(await client.get("missing")).toBeNull();
    expect(await client.del("greeting")).toBe(1);
    expect(await client.exists("greeting")).toBe(false);
  });

  test("many concurrent commands come back in order", async () => {
    const replies = await Promise.all(Array.from({ length: 1000 }, (_, i) => client.set(`key:${i}`, String(i))));
    expect(replies.every((reply) => reply === "OK")).toBe(true);
    const values = await Promise.all(Array.from({ length: 1000 }, (_, i) => client.get(`key:${i}`)));
    expect(values).toEqual(Array.from({ length: 1000 }, (_, i) => String(i)));
  });

  test("binary values round-trip", async () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    await client.set("blob", Buffer.from(bytes));
    const back = await client.getBuffer("blob");
    expect(back === null ? null : new Uint8Array(back)).toEqual(bytes);
  });

  test("errors reach the caller as Redis wrote them", async () => {
    await client.set("text", "abc");
    await expect(client.incr("text")).rejects.toThrow("value is not an integer or out of range");
  });
});
