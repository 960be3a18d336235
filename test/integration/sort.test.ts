// SORT beyond what the differential cases compare: pqsort (Redis's partial quicksort) against a
// full sort on random inputs with many ties; sorted sets built straight in the keyspace (their
// BY nosort order, LIMIT by rank, and the one-way listpack → skiplist conversion that keeps the
// TTL); and the dirty count STORE adds, as sort.c's `server.dirty += outputlen`.

import { describe, expect, test } from "bun:test";
import { pqsort } from "../../src/commands/sort.ts";
import { startServer } from "../../src/index.ts";
import { SortedSetValue } from "../../src/store/types/sorted-set.ts";
import { RespClient } from "../support/resp-client.ts";
import { seededRandom } from "../support/random.ts";

describe("pqsort", () => {
  test("the range [low, high] holds what a full sort puts there, ties or not", () => {
    const next = seededRandom(7);
    for (let round = 0; round < 400; round++) {
      const n = 1 + Math.floor(next() * 120);
      const distinct = 1 + Math.floor(next() * (round % 2 === 0 ? 4 : 1000));
      const values = Array.from({ length: n }, (_, id) => ({ id, weight: Math.floor(next() * distinct) }));
      const low = Math.floor(next() * n);
      const high = Math.min(n - 1, low + Math.floor(next() * n));
      const byWeight = (a: { weight: number }, b: { weight: number }): number => a.weight - b.weight;
      const partial = values.slice();
      pqsort(partial, byWeight, low, high);
      const full = values.slice().sort(byWeight);
      expect(partial.slice(low, high + 1).map((v) => v.weight)).toEqual(full.slice(low, high + 1).map((v) => v.weight));
      // A permutation: nothing lost or duplicated.
      expect(partial.map((v) => v.id).sort((a, b) => a - b)).toEqual(values.map((v) => v.id));
    }
  });

  test("a range covering everything sorts everything", () => {
    const next = seededRandom(11);
    const values = Array.from({ length: 300 }, () => Math.floor(next() * 1000));
    const sorted = values.slice();
    pqsort(sorted, (a, b) => a - b, 0, sorted.length - 1);
    expect(sorted).toEqual(values.slice().sort((a, b) => a - b));
  });
});

async function start(): Promise<{ srv: Awaited<ReturnType<typeof startServer>>; client: RespClient }> {
  const srv = await startServer({ port: 0 });
  const client = await RespClient.connect(srv.port);
  return { srv, client };
}

const LISTPACK_LIMITS = { maxEntries: 128, maxValue: 64 };

describe("SORT on sorted sets", () => {
  test("BY nosort answers in score order with LIMIT by rank; SORT makes a listpack a skiplist, TTL kept", async () => {
    const { srv, client } = await start();
    await using _server = srv;
    await using _client = client;
    const zset = new SortedSetValue(true);
    for (const [member, score] of [["e", 5], ["a", 1], ["c", 3], ["b", 2], ["d", 4]] as const) zset.insert(member, score, LISTPACK_LIMITS);
    const db = srv.server.keyspace.dbs[0]!;
    db.add("z", zset, srv.server.clock.nowMs());
    expect(await client.callText("PEXPIREAT", "z", "4102444800000")).toBe(":1\r\n");
    expect(await client.callText("OBJECT", "ENCODING", "z")).toBe("$8\r\nlistpack\r\n");
    expect(await client.callDecoded("SORT", "z", "BY", "nosort")).toEqual(["a", "b", "c", "d", "e"]);
    expect(await client.callText("OBJECT", "ENCODING", "z")).toBe("$8\r\nskiplist\r\n");
    expect(await client.callText("PEXPIRETIME", "z")).toBe(":4102444800000\r\n");
    expect(await client.callDecoded("SORT", "z", "BY", "nosort", "DESC")).toEqual(["e", "d", "c", "b", "a"]);
    expect(await client.callDecoded("SORT", "z", "BY", "nosort", "LIMIT", "1", "2")).toEqual(["b", "c"]);
    expect(await client.callDecoded("SORT", "z", "BY", "nosort", "LIMIT", "1", "2", "DESC")).toEqual(["d", "c"]);
    expect(await client.callDecoded("SORT", "z", "BY", "nosort", "LIMIT", "3", "100", "DESC")).toEqual(["b", "a"]);
    expect(await client.callDecoded("SORT", "z", "BY", "nosort", "LIMIT", "5", "1")).toEqual([]);
    expect(await client.callDecoded("SORT", "z", "ALPHA", "DESC", "LIMIT", "0", "2")).toEqual(["e", "d"]);
    expect(await client.callText("SORT", "z")).toBe("-ERR One or more scores can't be converted into double\r\n");
    expect(await client.callText("SORT", "z", "BY", "nosort", "STORE", "d")).toBe(":5\r\n");
    expect(await client.callDecoded("LRANGE", "d", "0", "-1")).toEqual(["a", "b", "c", "d", "e"]);
  });

  test("numeric sort of members, ties broken by bytes", async () => {
    const { srv, client } = await start();
    await using _server = srv;
    await using _client = client;
    const zset = new SortedSetValue(true);
    for (const [member, score] of [["10", 1], ["-3", 2], ["1e1", 3], ["2.5", 4]] as const) zset.insert(member, score, LISTPACK_LIMITS);
    srv.server.keyspace.dbs[0]!.add("z", zset, srv.server.clock.nowMs());
    expect(await client.callDecoded("SORT", "z")).toEqual(["-3", "2.5", "10", "1e1"]);
    expect(await client.callDecoded("SORT", "z", "DESC")).toEqual(["1e1", "10", "2.5", "-3"]);
  });
});

describe("SORT STORE and dirty", () => {
  test("STORE adds the stored length to dirty; deleting an empty result adds one; a plain SORT none", async () => {
    const { srv, client } = await start();
    await using _server = srv;
    await using _client = client;
    await client.call("RPUSH", "l", "3", "1", "2");
    await client.call("SET", "old", "x");
    const dirty = (): number => srv.server.dirty;
    let before = dirty();
    await client.call("SORT", "l");
    await client.call("SORT", "l", "BY", "nosort", "GET", "#", "GET", "#");
    expect(dirty()).toBe(before);
    await client.call("SORT", "l", "GET", "#", "GET", "x_*", "STORE", "d");
    expect(dirty()).toBe(before + 6);
    before = dirty();
    await client.call("SORT", "missing", "STORE", "old");
    expect(dirty()).toBe(before + 1);
    before = dirty();
    await client.call("SORT", "missing", "STORE", "old");
    expect(dirty()).toBe(before);
  });
});
