// Hash commands over a real socket, for what a differential test cannot compare byte for byte:
// HRANDFIELD's random picks (distinct or repeated, always real fields with their own values),
// HSCAN's cursor over a hashtable (every field present for the whole iteration comes back,
// also while fields are added and removed), and the dirty count and keyspace events.

import { describe, expect, test } from "bun:test";
import { startServer } from "../../src/index.ts";
import { RespClient, type RespValue } from "../support/resp-client.ts";

async function start(): Promise<{ srv: Awaited<ReturnType<typeof startServer>>; client: RespClient }> {
  const srv = await startServer({ port: 0 });
  const client = await RespClient.connect(srv.port);
  return { srv, client };
}

/** HSET key f0 v0 … in batches (a listpack up to 512 entries, a hashtable beyond). */
async function fill(client: RespClient, key: string, n: number): Promise<void> {
  for (let from = 0; from < n; from += 100) {
    const argv = ["HSET", key];
    for (let i = from; i < Math.min(n, from + 100); i++) argv.push(`f${i}`, `v${i}`);
    await client.call(...argv);
  }
}

function strings(value: RespValue): string[] {
  return (value as RespValue[]).map(String);
}

/** f<i> must carry v<i>. */
function expectOwnValues(flat: string[]): void {
  for (let i = 0; i < flat.length; i += 2) expect(flat[i + 1]).toBe(`v${flat[i]!.slice(1)}`);
}

describe("HRANDFIELD", () => {
  for (const [label, size] of [["listpack", 20], ["hashtable", 1000]] as const) {
    test(`${label}: a positive count gives distinct fields with their values`, async () => {
      const { srv, client } = await start();
      await using _server = srv;
      await using _client = client;
      await fill(client, "h", size);
      // Both of Redis's strategies: most of the hash (CASE 3) and a small part (CASE 4).
      for (const count of [size - 1, Math.floor(size / 2), 3, 2]) {
        const picked = strings(await client.callDecoded("HRANDFIELD", "h", String(count)));
        expect(picked.length).toBe(count);
        expect(new Set(picked).size).toBe(count);
        for (const field of picked) expect(Number(field.slice(1))).toBeLessThan(size);
        const withValues = strings(await client.callDecoded("HRANDFIELD", "h", String(count), "WITHVALUES"));
        expect(withValues.length).toBe(2 * count);
        expectOwnValues(withValues);
        expect(new Set(withValues.filter((_, i) => i % 2 === 0)).size).toBe(count);
      }
    });

    test(`${label}: a negative count repeats, drawing every field sooner or later`, async () => {
      const { srv, client } = await start();
      await using _server = srv;
      await using _client = client;
      await fill(client, "h", 5);
      if (size > 5) await fill(client, "big", size);
      const key = size > 5 ? "big" : "h";
      const picked = strings(await client.callDecoded("HRANDFIELD", key, "-2000"));
      expect(picked.length).toBe(2000);
      // A hash of `size` fields: with 2000 draws, repeats are certain.
      expect(new Set(picked).size).toBeLessThan(2000);
      if (key === "h") expect(new Set(picked).size).toBe(5);
      const withValues = strings(await client.callDecoded("HRANDFIELD", key, "-300", "WITHVALUES"));
      expect(withValues.length).toBe(600);
      expectOwnValues(withValues);
    });
  }

  test("no count: a single field of the hash, and every field turns up", async () => {
    const { srv, client } = await start();
    await using _server = srv;
    await using _client = client;
    await fill(client, "h", 4);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) seen.add(String(await client.callDecoded("HRANDFIELD", "h")));
    expect([...seen].sort()).toEqual(["f0", "f1", "f2", "f3"]);
  });

  test("RESP3: WITHVALUES nests each pair", async () => {
    const { srv, client } = await start();
    await using _server = srv;
    await using _client = client;
    await client.call("HELLO", "3");
    await fill(client, "h", 10);
    const pairs = (await client.callDecoded("HRANDFIELD", "h", "-4", "WITHVALUES")) as RespValue[];
    expect(pairs.length).toBe(4);
    for (const pair of pairs) expectOwnValues(strings(pair));
    const distinct = (await client.callDecoded("HRANDFIELD", "h", "3", "WITHVALUES")) as RespValue[];
    expect(distinct.length).toBe(3);
    for (const pair of distinct) expectOwnValues(strings(pair));
  });
});

/** A whole HSCAN iteration: the fields returned (with repeats) and how many calls it took. */
async function scanAll(client: RespClient, key: string, count: number, between?: (call: number) => Promise<void>): Promise<{ fields: string[]; calls: number }> {
  const fields: string[] = [];
  let cursor = "0";
  let calls = 0;
  do {
    const [next, items] = (await client.callDecoded("HSCAN", key, cursor, "COUNT", String(count))) as [RespValue, RespValue[]];
    cursor = String(next);
    const flat = strings(items);
    expectOwnValues(flat);
    for (let i = 0; i < flat.length; i += 2) fields.push(flat[i]!);
    calls++;
    await between?.(calls);
  } while (cursor !== "0");
  return { fields, calls };
}

describe("HSCAN over a hashtable", () => {
  test("a full iteration returns every field exactly once, in several calls", async () => {
    const { srv, client } = await start();
    await using _server = srv;
    await using _client = client;
    await fill(client, "h", 1000);
    expect(await client.callText("OBJECT", "ENCODING", "h")).toBe("$9\r\nhashtable\r\n");
    const { fields, calls } = await scanAll(client, "h", 50);
    expect(calls).toBeGreaterThan(10);
    expect(fields.length).toBe(1000);
    expect(new Set(fields).size).toBe(1000);
  });

  test("fields present throughout come back while others are added and removed", async () => {
    const { srv, client } = await start();
    await using _server = srv;
    await using _client = client;
    await fill(client, "h", 1000);
    // Remove f900… and add n0… as the iteration goes: freed slots are reused by the new fields.
    const { fields } = await scanAll(client, "h", 30, async (call) => {
      const argv = ["HSET", "h"];
      for (let i = call * 5; i < call * 5 + 5; i++) argv.push(`n${i}`, `v${i}`);
      await client.call("HDEL", "h", `f${900 + call}`, `f${950 + call}`);
      await client.call(...argv);
    });
    const returned = new Set(fields);
    for (let i = 0; i < 900; i++) expect(returned.has(`f${i}`)).toBe(true);
  });

  test("MATCH filters what COUNT took; the cursor still walks the whole hash", async () => {
    const { srv, client } = await start();
    await using _server = srv;
    await using _client = client;
    await fill(client, "h", 600);
    const matched: string[] = [];
    let cursor = "0";
    do {
      const [next, items] = (await client.callDecoded("HSCAN", "h", cursor, "MATCH", "f1?", "COUNT", "20")) as [RespValue, RespValue[]];
      cursor = String(next);
      const flat = strings(items);
      expect(flat.length).toBeLessThanOrEqual(40);
      for (let i = 0; i < flat.length; i += 2) matched.push(flat[i]!);
    } while (cursor !== "0");
    expect(matched.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `f1${i}`).sort());
  });
});

describe("dirty count and keyspace events", () => {
  test("each command counts its changes and fires Redis's events", async () => {
    const { srv, client } = await start();
    await using _server = srv;
    await using _client = client;
    const events: string[] = [];
    srv.server.keyChangeListeners.push((db, key, event) => events.push(`${db.id}:${key}:${event}`));
    const dirtyBefore = srv.server.dirty;
    const steps: [string[], string][] = [
      [["HSET", "h", "a", "1", "b", "2", "a", "3"], ":2\r\n"],
      [["HMSET", "h", "c", "3"], "+OK\r\n"],
      [["HSETNX", "h", "a", "x"], ":0\r\n"],
      [["HSETNX", "h", "d", "4"], ":1\r\n"],
      [["HINCRBY", "h", "n", "5"], ":5\r\n"],
      [["HINCRBY", "h", "a", "x"], "-ERR value is not an integer or out of range\r\n"],
      [["HINCRBYFLOAT", "h", "f", "1.5"], "$3\r\n1.5\r\n"],
      [["HDEL", "h", "a", "nothing", "b"], ":2\r\n"],
      [["HDEL", "h", "nothing"], ":0\r\n"],
      [["HDEL", "h", "c", "d", "n", "f"], ":4\r\n"],
      [["EXISTS", "h"], ":0\r\n"],
    ];
    for (const [argv, reply] of steps) expect(await client.callText(...argv)).toBe(reply);
    expect(events).toEqual(["0:h:hset", "0:h:hset", "0:h:hset", "0:h:hincrby", "0:h:hincrbyfloat", "0:h:hdel", "0:h:hdel", "0:h:del"]);
    // HSET 3 pairs, HMSET 1, HSETNX 1, HINCRBY 1, HINCRBYFLOAT 1, HDEL 2 + 4 (the del adds none).
    expect(srv.server.dirty - dirtyBefore).toBe(13);
  });
});
