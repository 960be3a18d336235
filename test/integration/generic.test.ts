// The keyspace commands over a real socket with a ManualClock: lazy expiry on access, active
// expiry in the cron, TTLs as time passes, idle time (OBJECT IDLETIME) and which commands reset
// it, the commands that skip or remove expired keys, and the dirty count and keyspace events
// each command produces. Time moves only when the test says so.

import { describe, expect, test } from "bun:test";
import { ManualClock, startServer } from "../../src/index.ts";
import { RespClient } from "../support/resp-client.ts";

const T0 = 1_700_000_000_000;

async function start(): Promise<{ srv: Awaited<ReturnType<typeof startServer>>; clock: ManualClock; client: RespClient }> {
  const clock = new ManualClock(T0);
  const srv = await startServer({ port: 0, clock });
  // The cron's timer would run active expiry whenever it fires; tests call cron() themselves.
  srv.server.activeExpireEnabled = false;
  const client = await RespClient.connect(srv.port);
  return { srv, clock, client };
}

describe("expiry with a manual clock", () => {
  test("PX 100: still there at 100 ms, GET misses after 101 (lazy), cron removes an unread one (active)", async () => {
    const { srv, clock, client } = await start();
    await using _server = srv;
    await using _client = client;
    expect(await client.callText("SET", "read", "v", "PX", "100")).toBe("+OK\r\n");
    expect(await client.callText("SET", "unread", "v", "PX", "100")).toBe("+OK\r\n");
    clock.advance(99);
    expect(await client.callText("GET", "read")).toBe("$1\r\nv\r\n");
    expect(await client.callText("PTTL", "read")).toBe(":1\r\n");
    clock.advance(2);
    expect(await client.callText("DBSIZE")).toBe(":2\r\n");
    expect(await client.callText("GET", "read")).toBe("$-1\r\n");
    expect(await client.callText("DBSIZE")).toBe(":1\r\n");
    srv.server.activeExpireEnabled = true;
    srv.server.cron();
    expect(await client.callText("DBSIZE")).toBe(":0\r\n");
  });

  test("the cron removes many expired keys and leaves the rest", async () => {
    const { srv, clock, client } = await start();
    await using _server = srv;
    await using _client = client;
    for (let i = 0; i < 300; i++) await client.call("SET", `t${i}`, "v", "PX", "50");
    for (let i = 0; i < 100; i++) await client.call("SET", `p${i}`, "v");
    for (let i = 0; i < 100; i++) await client.call("SET", `f${i}`, "v", "EX", "3600");
    clock.advance(50);
    srv.server.activeExpireEnabled = true;
    for (let i = 0; i < 100 && srv.server.keyspace.dbs[0]!.size > 200; i++) srv.server.cron();
    expect(await client.callText("DBSIZE")).toBe(":200\r\n");
    expect(srv.server.keyspace.stats.expiredKeys).toBe(300);
  });

  test("TTL, PTTL, EXPIRETIME and PEXPIRETIME as time passes", async () => {
    const { srv, clock, client } = await start();
    await using _server = srv;
    await using _client = client;
    await client.call("SET", "k", "v");
    expect(await client.callText("EXPIRE", "k", "100")).toBe(":1\r\n");
    expect(await client.callText("TTL", "k")).toBe(":100\r\n");
    clock.advance(30_499);
    expect(await client.callText("PTTL", "k")).toBe(":69501\r\n");
    expect(await client.callText("TTL", "k")).toBe(":70\r\n");
    clock.advance(2);
    // 69 499 ms left rounds to 69 s.
    expect(await client.callText("TTL", "k")).toBe(":69\r\n");
    expect(await client.callText("PEXPIRETIME", "k")).toBe(`:${T0 + 100_000}\r\n`);
    expect(await client.callText("EXPIRETIME", "k")).toBe(`:${(T0 + 100_000) / 1000}\r\n`);
    clock.advance(69_498);
    expect(await client.callText("PTTL", "k")).toBe(":1\r\n");
    expect(await client.callText("TTL", "k")).toBe(":0\r\n");
    clock.advance(1);
    expect(await client.callText("PTTL", "k")).toBe(":-2\r\n");
  });

  test("GT and LT compare exact deadlines", async () => {
    const { srv, clock, client } = await start();
    await using _server = srv;
    await using _client = client;
    await client.call("SET", "k", "v");
    expect(await client.callText("PEXPIRE", "k", "1000")).toBe(":1\r\n");
    clock.advance(10);
    // Same relative TTL, 10 ms later: a later deadline, so GT passes and LT does not.
    expect(await client.callText("PEXPIRE", "k", "1000", "LT")).toBe(":0\r\n");
    expect(await client.callText("PEXPIRE", "k", "1000", "GT")).toBe(":1\r\n");
    expect(await client.callText("PEXPIRETIME", "k")).toBe(`:${T0 + 1010}\r\n`);
    expect(await client.callText("PEXPIREAT", "k", String(T0 + 1010), "GT")).toBe(":0\r\n");
    expect(await client.callText("PEXPIREAT", "k", String(T0 + 1010), "LT")).toBe(":0\r\n");
    expect(await client.callText("PEXPIREAT", "k", String(T0 + 1009), "LT")).toBe(":1\r\n");
    // A deadline equal to now is already past: the key goes.
    expect(await client.callText("PEXPIREAT", "k", String(T0 + 10))).toBe(":1\r\n");
    expect(await client.callText("EXISTS", "k")).toBe(":0\r\n");
  });

  test("KEYS skips expired keys without removing them; SCAN and RANDOMKEY remove them", async () => {
    const { srv, clock, client } = await start();
    await using _server = srv;
    await using _client = client;
    await client.call("SET", "a", "v", "PX", "100");
    await client.call("SET", "b", "v", "PX", "100");
    await client.call("SET", "live", "v");
    clock.advance(100);
    expect(await client.callText("KEYS", "*")).toBe("*1\r\n$4\r\nlive\r\n");
    expect(await client.callText("KEYS", "a")).toBe("*0\r\n");
    expect(await client.callText("DBSIZE")).toBe(":3\r\n");
    expect(await client.callText("SCAN", "0", "MATCH", "a")).toBe("*2\r\n$1\r\n0\r\n*0\r\n");
    expect(await client.callText("DBSIZE")).toBe(":2\r\n");
    await client.call("DEL", "live");
    expect(await client.callText("RANDOMKEY")).toBe("$-1\r\n");
    expect(await client.callText("DBSIZE")).toBe(":0\r\n");
  });

  test("an expired key is gone for EXISTS, TYPE, TTL, RENAME, MOVE, COPY, EXPIRE and OBJECT", async () => {
    const { srv, clock, client } = await start();
    await using _server = srv;
    await using _client = client;
    for (const name of ["a", "b", "c", "d", "e", "f", "g", "h"]) await client.call("SET", name, "v", "PX", "1");
    clock.advance(1);
    expect(await client.callText("EXISTS", "a")).toBe(":0\r\n");
    expect(await client.callText("TYPE", "b")).toBe("+none\r\n");
    expect(await client.callText("TTL", "c")).toBe(":-2\r\n");
    expect(await client.callText("RENAME", "d", "x")).toBe("-ERR no such key\r\n");
    expect(await client.callText("MOVE", "e", "1")).toBe(":0\r\n");
    expect(await client.callText("COPY", "f", "y")).toBe(":0\r\n");
    expect(await client.callText("EXPIRE", "g", "100")).toBe(":0\r\n");
    expect(await client.callText("OBJECT", "ENCODING", "h")).toBe("$-1\r\n");
    expect(await client.callText("DBSIZE")).toBe(":0\r\n");
  });

  test("an expired target is overwritten by RENAMENX, MOVE and COPY", async () => {
    const { srv, clock, client } = await start();
    await using _server = srv;
    await using _client = client;
    await client.call("SET", "src", "new");
    await client.call("SET", "dst", "old", "PX", "5");
    await client.call("SELECT", "1");
    await client.call("SET", "src", "old", "PX", "5");
    await client.call("SELECT", "0");
    clock.advance(5);
    expect(await client.callText("COPY", "src", "dst")).toBe(":1\r\n");
    expect(await client.callText("MOVE", "src", "1")).toBe(":1\r\n");
    expect(await client.callText("RENAMENX", "dst", "src")).toBe(":1\r\n");
    expect(await client.callText("GET", "src")).toBe("$3\r\nnew\r\n");
  });
});

describe("idle time", () => {
  test("OBJECT IDLETIME grows with time; reads and writes reset it, inspection does not", async () => {
    const { srv, clock, client } = await start();
    await using _server = srv;
    await using _client = client;
    await client.call("SET", "k", "v");
    clock.advance(10_000);
    expect(await client.callText("OBJECT", "IDLETIME", "k")).toBe(":10\r\n");
    for (const argv of [["EXISTS", "k"], ["TYPE", "k"], ["TTL", "k"], ["PTTL", "k"], ["EXPIRETIME", "k"], ["OBJECT", "ENCODING", "k"], ["OBJECT", "REFCOUNT", "k"], ["KEYS", "*"], ["SCAN", "0"]]) {
      await client.call(...argv);
    }
    expect(await client.callText("OBJECT", "IDLETIME", "k")).toBe(":10\r\n");
    expect(await client.callText("GET", "k")).toBe("$1\r\nv\r\n");
    expect(await client.callText("OBJECT", "IDLETIME", "k")).toBe(":0\r\n");
    clock.advance(5000);
    expect(await client.callText("TOUCH", "k")).toBe(":1\r\n");
    expect(await client.callText("OBJECT", "IDLETIME", "k")).toBe(":0\r\n");
    clock.advance(5000);
    expect(await client.callText("EXPIRE", "k", "1000")).toBe(":1\r\n");
    expect(await client.callText("OBJECT", "IDLETIME", "k")).toBe(":0\r\n");
    clock.advance(7000);
    expect(await client.callText("PERSIST", "k")).toBe(":1\r\n");
    expect(await client.callText("OBJECT", "IDLETIME", "k")).toBe(":0\r\n");
  });
});

describe("dirty count and keyspace events", () => {
  test("each command counts its changes and fires Redis's events", async () => {
    const { srv, clock, client } = await start();
    await using _server = srv;
    await using _client = client;
    const events: string[] = [];
    srv.server.keyChangeListeners.push((db, key, event) => events.push(`${db.id}:${key}:${event}`));
    await client.call("SET", "a", "1");
    await client.call("SET", "b", "2");
    events.length = 0;
    const dirtyBefore = srv.server.dirty;
    const steps: [string[], string][] = [
      [["EXPIRE", "a", "100"], ":1\r\n"],
      [["PERSIST", "a"], ":1\r\n"],
      [["PERSIST", "a"], ":0\r\n"],
      [["RENAME", "a", "c"], "+OK\r\n"],
      [["RENAMENX", "c", "b"], ":0\r\n"],
      [["COPY", "c", "d", "DB", "2"], ":1\r\n"],
      [["MOVE", "c", "1"], ":1\r\n"],
      [["EXPIRE", "b", "-1"], ":1\r\n"],
      [["UNLINK", "b", "nothing"], ":0\r\n"],
      [["SET", "e", "v", "PX", "10"], "+OK\r\n"],
    ];
    for (const [argv, reply] of steps) expect(await client.callText(...argv)).toBe(reply);
    clock.advance(10);
    expect(await client.callText("GET", "e")).toBe("$-1\r\n");
    expect(events).toEqual([
      "0:a:expire",
      "0:a:persist",
      "0:a:rename_from",
      "0:c:rename_to",
      "2:d:copy_to",
      "0:c:move_from",
      "1:c:move_to",
      "0:b:del",
      "0:e:set",
      "0:e:expire",
      "0:e:expired",
    ]);
    // EXPIRE, PERSIST, RENAME, COPY, MOVE, EXPIRE-in-the-past one each; SET one; expiry none.
    expect(srv.server.dirty - dirtyBefore).toBe(7);
  });
});
