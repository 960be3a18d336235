// Sorted sets over real sockets, for what a differential test cannot pin down: the blocking pops
// (wake-up on ZADD, waiter order, timeouts on a ManualClock, keys of another type, MULTI),
// ZSCAN's guarantee over a skiplist changing between calls, ZRANDMEMBER's properties, the dirty
// counter and keyspace events. (O(log n) growth is checked in test/unit/store/skiplist.test.ts.)

import { describe, expect, test } from "bun:test";
import { blocked, blockOn, startBlockingSetup } from "../support/blocking.ts";
import { decodeReply } from "../support/resp-client.ts";

describe("BZPOPMIN / BZPOPMAX / BZMPOP", () => {
  test("a ZADD wakes the blocked client with [key, member, score]", async () => {
    await using setup = await startBlockingSetup();
    const client = await blocked(setup, "BZPOPMIN", "a", "z", "0");
    expect(await setup.writer.callText("ZADD", "z", "2", "two", "1", "one")).toBe(":2\r\n");
    expect(await client.readText()).toBe("*3\r\n$1\r\nz\r\n$3\r\none\r\n$1\r\n1\r\n");
    expect(await setup.writer.callText("ZRANGE", "z", "0", "-1")).toBe("*1\r\n$3\r\ntwo\r\n");
  });

  test("RESP3: the score is a double", async () => {
    await using setup = await startBlockingSetup();
    const client = await setup.connect();
    await client.call("HELLO", "3");
    await blockOn(setup, client, "BZPOPMAX", "z", "0");
    await setup.writer.call("ZADD", "z", "1.5", "m", "0.5", "n");
    expect(await client.readText()).toBe("*3\r\n$1\r\nz\r\n$1\r\nm\r\n,1.5\r\n");
  });

  test("waiters are served in the order they blocked, one member each", async () => {
    await using setup = await startBlockingSetup();
    const first = await blocked(setup, "BZPOPMIN", "z", "0");
    const second = await blocked(setup, "BZPOPMIN", "z", "0");
    const third = await blocked(setup, "BZPOPMIN", "z", "0");
    await setup.writer.call("ZADD", "z", "1", "a", "2", "b");
    expect(await first.readText()).toBe("*3\r\n$1\r\nz\r\n$1\r\na\r\n$1\r\n1\r\n");
    expect(await second.readText()).toBe("*3\r\n$1\r\nz\r\n$1\r\nb\r\n$1\r\n2\r\n");
    expect(setup.srv.server.blocking.blockedCount).toBe(1);
    await setup.writer.call("ZADD", "z", "3", "c");
    expect(await third.readText()).toBe("*3\r\n$1\r\nz\r\n$1\r\nc\r\n$1\r\n3\r\n");
    expect(await setup.writer.callText("EXISTS", "z")).toBe(":0\r\n");
  });

  test("BZMPOP wakes with [key, [[member, score] …]] up to COUNT", async () => {
    await using setup = await startBlockingSetup();
    const client = await blocked(setup, "BZMPOP", "0", "2", "x", "y", "MAX", "COUNT", "2");
    await setup.writer.call("ZADD", "y", "1", "a", "2", "b", "3", "c");
    expect(await client.readText()).toBe("*2\r\n$1\r\ny\r\n*2\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n");
    expect(await setup.writer.callText("ZCARD", "y")).toBe(":1\r\n");
  });

  test("a key of another type does not serve a waiter; a sorted set does", async () => {
    await using setup = await startBlockingSetup();
    const client = await blocked(setup, "BZPOPMIN", "k", "0");
    await setup.writer.call("SET", "k", "string");
    await setup.writer.call("DEL", "k");
    expect(setup.srv.server.blocking.blockedCount).toBe(1);
    await setup.writer.call("ZADD", "k", "5", "m");
    expect(await client.readText()).toBe("*3\r\n$1\r\nk\r\n$1\r\nm\r\n$1\r\n5\r\n");
  });

  test("timeouts follow the clock: nil array after the deadline, not before", async () => {
    await using setup = await startBlockingSetup();
    const client = await blocked(setup, "BZPOPMIN", "z", "1.5");
    const mpop = await blocked(setup, "BZMPOP", "1", "1", "z", "MIN");
    setup.clock.advance(999);
    setup.srv.server.cron();
    expect(setup.srv.server.blocking.blockedCount).toBe(2);
    setup.clock.advance(1);
    setup.srv.server.cron();
    expect(await mpop.readText()).toBe("*-1\r\n");
    setup.clock.advance(500);
    setup.srv.server.cron();
    expect(await client.readText()).toBe("*-1\r\n");
    expect(setup.srv.server.blocking.blockedCount).toBe(0);
  });

  test("a ZADD inside MULTI serves the waiter after EXEC, with the set as EXEC left it", async () => {
    await using setup = await startBlockingSetup();
    const client = await blocked(setup, "BZPOPMAX", "z", "0");
    await setup.writer.call("MULTI");
    await setup.writer.call("ZADD", "z", "1", "a");
    await setup.writer.call("ZADD", "z", "9", "b");
    await setup.writer.call("EXEC");
    expect(await client.readText()).toBe("*3\r\n$1\r\nz\r\n$1\r\nb\r\n$1\r\n9\r\n");
  });
});

describe("ZSCAN over a skiplist", () => {
  test("every member present for the whole iteration comes back, with its score", async () => {
    await using setup = await startBlockingSetup();
    const members = Array.from({ length: 1000 }, (_, i) => [String(i % 13), `m${i}`]).flat();
    await setup.writer.call("ZADD", "z", ...members);
    expect(await setup.writer.callText("OBJECT", "ENCODING", "z")).toBe("$8\r\nskiplist\r\n");
    const seen = new Map<string, string>();
    let cursor = "0";
    let calls = 0;
    do {
      const [next, items] = (await setup.writer.callDecoded("ZSCAN", "z", cursor, "COUNT", "25")) as [string, string[]];
      for (let i = 0; i < items.length; i += 2) seen.set(items[i]!, items[i + 1]!);
      cursor = next;
      calls++;
      // Churn between calls: members added and removed mid-iteration must not hide the others.
      await setup.writer.call("ZADD", "z", "100", `new${calls}`);
      await setup.writer.call("ZREM", "z", `m${999 - calls}`);
    } while (cursor !== "0");
    expect(calls).toBeGreaterThan(10);
    for (let i = 0; i < 1000 - calls - 1; i++) expect(seen.get(`m${i}`)).toBe(String(i % 13));
  });

  test("MATCH filters members and keeps their scores", async () => {
    await using setup = await startBlockingSetup({ "zset-max-listpack-entries": 0 });
    await setup.writer.call("ZADD", "z", "1", "apple", "2", "banana", "3", "avocado");
    const [cursor, items] = (await setup.writer.callDecoded("ZSCAN", "z", "0", "MATCH", "a*", "COUNT", "100")) as [string, string[]];
    expect(cursor).toBe("0");
    const pairs = new Map<string, string>();
    for (let i = 0; i < items.length; i += 2) pairs.set(items[i]!, items[i + 1]!);
    expect(pairs).toEqual(new Map([["apple", "1"], ["avocado", "3"]]));
  });
});

describe("ZRANDMEMBER", () => {
  for (const config of [{}, { "zset-max-listpack-entries": 0 }]) {
    const label = Object.keys(config).length === 0 ? "listpack" : "skiplist";
    test(`distinct members for a positive count, repeats allowed for a negative one (${label})`, async () => {
      await using setup = await startBlockingSetup(config);
      const scores = new Map(Array.from({ length: 20 }, (_, i) => [`m${i}`, String(i * 1.5)]));
      await setup.writer.call("ZADD", "z", ...[...scores].flatMap(([member, score]) => [score, member]));
      for (const count of [1, 2, 6, 7, 19]) {
        const picked = (await setup.writer.callDecoded("ZRANDMEMBER", "z", String(count), "WITHSCORES")) as string[];
        expect(picked.length).toBe(count * 2);
        const names = picked.filter((_, i) => i % 2 === 0);
        expect(new Set(names).size).toBe(count);
        for (let i = 0; i < picked.length; i += 2) expect(scores.get(picked[i]!)).toBe(picked[i + 1]!);
      }
      const many = (await setup.writer.callDecoded("ZRANDMEMBER", "z", "-200")) as string[];
      expect(many.length).toBe(200);
      expect(many.every((member) => scores.has(member))).toBe(true);
      expect(new Set(many).size).toBeGreaterThan(10);
      const one = (await setup.writer.callDecoded("ZRANDMEMBER", "z")) as string;
      expect(scores.has(one)).toBe(true);
    });
  }
});

describe("dirty counter and keyspace events", () => {
  test("changes count once per member changed; no-ops count nothing", async () => {
    await using setup = await startBlockingSetup();
    const server = setup.srv.server;
    const dirty = (): number => server.dirty;
    let before = dirty();
    await setup.writer.call("ZADD", "z", "1", "a", "2", "b", "3", "c");
    expect(dirty() - before).toBe(3);
    before = dirty();
    await setup.writer.call("ZADD", "z", "1", "a", "5", "b");
    expect(dirty() - before).toBe(1);
    before = dirty();
    await setup.writer.call("ZADD", "z", "NX", "9", "a");
    await setup.writer.call("ZREM", "z", "nope");
    await setup.writer.call("ZPOPMIN", "z", "0");
    expect(dirty() - before).toBe(0);
    before = dirty();
    await setup.writer.call("ZPOPMIN", "z", "2");
    expect(dirty() - before).toBe(2);
    before = dirty();
    await setup.writer.call("ZRANGESTORE", "d", "z", "0", "-1");
    await setup.writer.call("ZRANGESTORE", "d", "nokey", "0", "-1");
    expect(dirty() - before).toBe(2);
  });

  test("events in Redis's order: the command's own, then del when the set empties", async () => {
    await using setup = await startBlockingSetup();
    await setup.writer.call("CONFIG", "SET", "notify-keyspace-events", "KEA");
    const subscriber = await setup.connect();
    await subscriber.call("PSUBSCRIBE", "__keyevent@0__:*");
    const events: string[] = [];
    const expectEvents = async (argv: string[], expected: string[]): Promise<void> => {
      await setup.writer.call(...argv);
      for (let i = 0; i < expected.length; i++) {
        const message = decodeReply(await subscriber.readReply({ timeoutMs: 2000 })) as string[];
        events.push(`${message[2]!.slice("__keyevent@0__:".length)} ${message[3]}`);
      }
      expect(events.splice(0)).toEqual(expected);
    };
    await expectEvents(["ZADD", "z", "1", "a", "2", "b", "3", "c"], ["zadd z"]);
    await expectEvents(["ZINCRBY", "z", "1", "a"], ["zincr z"]);
    await expectEvents(["ZADD", "z", "INCR", "1", "a"], ["zincr z"]);
    await expectEvents(["ZRANGESTORE", "d", "z", "0", "0"], ["zrangestore d"]);
    await expectEvents(["ZRANGESTORE", "d", "nokey", "0", "0"], ["del d"]);
    // z is now a:3 b:2 c:3.
    await expectEvents(["ZREMRANGEBYSCORE", "z", "2", "2"], ["zremrangebyscore z"]);
    await expectEvents(["ZPOPMAX", "z"], ["zpopmax z"]);
    await expectEvents(["ZREM", "z", "a", "nope"], ["zrem z", "del z"]);
    await expectEvents(["ZADD", "y", "1", "a", "1", "b"], ["zadd y"]);
    await expectEvents(["ZREMRANGEBYLEX", "y", "-", "[a"], ["zremrangebylex y"]);
    await expectEvents(["ZREMRANGEBYRANK", "y", "0", "-1"], ["zremrangebyrank y", "del y"]);
    await expectEvents(["ZADD", "y", "1", "a"], ["zadd y"]);
    await expectEvents(["ZMPOP", "1", "y", "MIN"], ["zpopmin y", "del y"]);
  });
});
