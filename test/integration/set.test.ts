// The set commands' random and incremental behaviour over a real socket, checked by property:
// SPOP and SRANDMEMBER pick distinct (or, with a negative count, repeated) members, about
// uniformly, and SPOP removes what it returns; SSCAN walks a big hashtable in COUNT-sized steps
// and returns every member; and each command's dirty count and keyspace events match t_set.c.

import { describe, expect, test } from "bun:test";
import { startServer } from "../../src/index.ts";
import { RespClient, type RespValue } from "../support/resp-client.ts";

async function start(): Promise<{ srv: Awaited<ReturnType<typeof startServer>>; client: RespClient }> {
  const srv = await startServer({ port: 0 });
  const client = await RespClient.connect(srv.port);
  return { srv, client };
}

function strings(value: RespValue): string[] {
  if (!Array.isArray(value)) throw new Error(`not an array: ${String(value)}`);
  return value.map((item) => {
    if (typeof item !== "string") throw new Error(`not a string: ${String(item)}`);
    return item;
  });
}

const range = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
const letters = (n: number): string[] => Array.from({ length: n }, (_, i) => `m${i}`);

describe("SRANDMEMBER", () => {
  test("a positive count gives distinct members of the set, for every strategy", async () => {
    const { srv, client } = await start();
    await using _server = srv;
    await using _client = client;
    await client.call("SADD", "ints", ...range(1, 30));
    await client.call("SADD", "strs", ...letters(30));
    for (const key of ["ints", "strs"]) {
      const all = new Set(strings(await client.callDecoded("SMEMBERS", key)));
      // 1 (one pick), 5 (draw until distinct), 20 (copy and shuffle), 30 and 40 (the whole set).
      for (const count of [1, 5, 20, 30, 40]) {
        const picked = strings(await client.callDecoded("SRANDMEMBER", key, String(count)));
        expect(picked.length).toBe(Math.min(count, 30));
        expect(new Set(picked).size).toBe(picked.length);
        for (const member of picked) expect(all.has(member)).toBe(true);
      }
      expect(await client.callDecoded("SCARD", key)).toBe(30);
    }
  });

  test("a negative count repeats members, drawn about uniformly", async () => {
    const { srv, client } = await start();
    await using _server = srv;
    await using _client = client;
    await client.call("SADD", "s", ...letters(10));
    const picked = strings(await client.callDecoded("SRANDMEMBER", "s", "-20000"));
    expect(picked.length).toBe(20000);
    const counts = new Map<string, number>();
    for (const member of picked) counts.set(member, (counts.get(member) ?? 0) + 1);
    expect(counts.size).toBe(10);
    // Binomial(20000, 0.1): mean 2000, standard deviation ~42; allow ±7 deviations.
    for (const count of counts.values()) expect(Math.abs(count - 2000)).toBeLessThan(300);
  });

  test("the one-member form is about uniform over an intset", async () => {
    const { srv, client } = await start();
    await using _server = srv;
    await using _client = client;
    await client.call("SADD", "s", "1", "2", "3", "4");
    const counts = new Map<string, number>();
    for (let i = 0; i < 2000; i++) {
      const member = (await client.callDecoded("SRANDMEMBER", "s")) as string;
      counts.set(member, (counts.get(member) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual(["1", "2", "3", "4"]);
    // Binomial(2000, 0.25): mean 500, standard deviation ~19.
    for (const count of counts.values()) expect(Math.abs(count - 500)).toBeLessThan(150);
  });
});

describe("SPOP", () => {
  test("popped members are distinct, gone from the set, and with what is left make the whole", async () => {
    const { srv, client } = await start();
    await using _server = srv;
    await using _client = client;
    for (const [key, members] of [["ints", range(1, 50)], ["strs", letters(50)]] as const) {
      await client.call("SADD", key, ...members);
      const popped: string[] = [];
      // 3 is a few random pops; 40 of the 47 left rebuilds the set from the 7 that stay.
      for (const count of [3, 40]) {
        const got = strings(await client.callDecoded("SPOP", key, String(count)));
        expect(got.length).toBe(count);
        popped.push(...got);
      }
      popped.push((await client.callDecoded("SPOP", key)) as string);
      const left = strings(await client.callDecoded("SMEMBERS", key));
      expect(left.length).toBe(6);
      expect(new Set(popped).size).toBe(popped.length);
      expect([...popped, ...left].sort()).toEqual([...members].sort());
      for (const member of popped) expect(await client.callDecoded("SISMEMBER", key, member)).toBe(0);
    }
  });

  test("popping most of an intset answers the popped members in ascending order", async () => {
    const { srv, client } = await start();
    await using _server = srv;
    await using _client = client;
    await client.call("SADD", "s", ...range(-20, 19));
    const got = strings(await client.callDecoded("SPOP", "s", "38")).map(Number);
    expect(got).toEqual([...got].sort((a, b) => a - b));
    expect(await client.callDecoded("SCARD", "s")).toBe(2);
    expect(await client.callDecoded("OBJECT", "ENCODING", "s")).toBe("intset");
  });

  test("one-member pops are about uniform", async () => {
    const { srv, client } = await start();
    await using _server = srv;
    await using _client = client;
    const counts = new Map<string, number>();
    for (let i = 0; i < 1000; i++) {
      await client.call("SADD", "s", "a", "b", "c", "d");
      const member = (await client.callDecoded("SPOP", "s")) as string;
      counts.set(member, (counts.get(member) ?? 0) + 1);
      await client.call("DEL", "s");
    }
    expect([...counts.keys()].sort()).toEqual(["a", "b", "c", "d"]);
    // Binomial(1000, 0.25): mean 250, standard deviation ~14.
    for (const count of counts.values()) expect(Math.abs(count - 250)).toBeLessThan(100);
  });
});

describe("SSCAN", () => {
  test("walks a big hashtable in COUNT-sized steps and returns each member once", async () => {
    const { srv, client } = await start();
    await using _server = srv;
    await using _client = client;
    const members = letters(1000);
    await client.call("SADD", "s", ...members);
    const seen: string[] = [];
    let cursor = "0";
    let calls = 0;
    do {
      const [next, batch] = (await client.callDecoded("SSCAN", "s", cursor, "COUNT", "7")) as [string, RespValue];
      const got = strings(batch);
      expect(got.length).toBeLessThanOrEqual(7);
      seen.push(...got);
      cursor = next;
      calls++;
    } while (cursor !== "0");
    expect(calls).toBe(Math.ceil(1000 / 7));
    expect(seen.sort()).toEqual([...members].sort());
  });

  test("MATCH filters each step after it is taken; members removed mid-scan do not hide others", async () => {
    const { srv, client } = await start();
    await using _server = srv;
    await using _client = client;
    await client.call("SADD", "s", ...letters(300));
    const seen = new Set<string>();
    let cursor = "0";
    let removed = 0;
    do {
      const [next, batch] = (await client.callDecoded("SSCAN", "s", cursor, "MATCH", "m1*", "COUNT", "20")) as [string, RespValue];
      for (const member of strings(batch)) {
        expect(member.startsWith("m1")).toBe(true);
        seen.add(member);
      }
      // Remove members that do not match, from anywhere in the set.
      await client.call("SREM", "s", `m2${removed}`, `m3${removed}`);
      removed++;
      cursor = next;
    } while (cursor !== "0");
    expect([...seen].sort()).toEqual(letters(300).filter((member) => member.startsWith("m1")).sort());
  });
});

describe("dirty count and keyspace events", () => {
  test("each command counts its changes and fires t_set.c's events", async () => {
    const { srv, client } = await start();
    await using _server = srv;
    await using _client = client;
    const events: string[] = [];
    srv.server.keyChangeListeners.push((_db, key, event) => events.push(`${key}:${event}`));
    const dirtyBefore = srv.server.dirty;
    const steps: [string[], string][] = [
      [["SADD", "s", "a", "b", "c", "a"], ":3\r\n"], // +3
      [["SADD", "s", "a"], ":0\r\n"], // +0, no event
      [["SREM", "s", "a", "x"], ":1\r\n"], // +1
      [["SMOVE", "s", "d", "b"], ":1\r\n"], // +2 (srem, sadd)
      [["SMOVE", "d", "d", "b"], ":1\r\n"], // +0
      [["SADD", "e", "c"], ":1\r\n"], // +1
      [["SMOVE", "s", "e", "c"], ":1\r\n"], // +1: e had c already; s emptied
      [["SINTERSTORE", "i", "d", "e"], ":0\r\n"], // +0: nothing to delete
      [["SUNIONSTORE", "u", "d", "e"], ":2\r\n"], // +1
      [["SDIFFSTORE", "u", "d", "d"], ":0\r\n"], // +1: u deleted
      [["SADD", "p", "1", "2", "3"], ":3\r\n"], // +3
      [["SPOP", "p", "10"], "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"], // +3
      [["SPOP", "e"], "$1\r\nc\r\n"], // +1
      [["SINTERSTORE", "d", "d", "missing"], ":0\r\n"], // +1: d deleted
    ];
    for (const [argv, reply] of steps) expect([argv, await client.callText(...argv)]).toEqual([argv, reply]);
    expect(events).toEqual([
      "s:sadd",
      "s:srem",
      "s:srem",
      "d:sadd",
      "e:sadd",
      "s:srem",
      "s:del",
      "u:sunionstore",
      "u:del",
      "p:sadd",
      "p:spop",
      "p:del",
      "e:spop",
      "e:del",
      "d:del",
    ]);
    expect(srv.server.dirty - dirtyBefore).toBe(18);
  });
});
