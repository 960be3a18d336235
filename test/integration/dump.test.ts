// DUMP/RESTORE beyond single replies: payloads move both ways between redbun and a real
// redis-server 7.0.15 for every type and encoding (including Redis's multi-node and plain-node
// quicklists) and the keys compare equal with the same OBJECT ENCODING; and, with a ManualClock,
// relative TTLs, IDLETIME (with the 24-bit LRU clock's wrap at a fixed time), the "restore" and
// "del" keyspace events, dirty, and what RESTORE propagates (absolute TTL + ABSTTL, or DEL).

import { expect, test } from "bun:test";
import { ManualClock, startServer } from "../../src/index.ts";
import { encodeDumpPayload } from "../../src/persistence/rdb/dump-payload.ts";
import type { PropagatedArgv } from "../../src/server/propagate.ts";
import { EVERY_ENCODING, send } from "../support/datasets.ts";
import { describeWithRealRedis, startRealRedis } from "../support/redis-server.ts";
import { RespClient, decodeReply, latin1, latin1Bytes } from "../support/resp-client.ts";
import { comparable, snapshotRedis, type KeySnapshot } from "../unit/persistence/rdb/snapshot.ts";

const b = latin1Bytes;

/** The DUMP payload of a key (the bulk's bytes). */
async function dumpOf(client: RespClient, key: string): Promise<Uint8Array> {
  const reply = decodeReply(await send(client, ["DUMP", b(key)]), { bulk: "latin1" });
  if (typeof reply !== "string") throw new Error(`DUMP ${key}: ${String(reply)}`);
  return b(reply);
}

/** Snapshots of one db, with encodings, minus DUMP (compared by content here). */
async function dbSnapshot(client: RespClient, db: number): Promise<(Omit<KeySnapshot, "encoding" | "dump"> & { encoding?: string })[]> {
  const all = await snapshotRedis(client, db + 1);
  await send(client, ["SELECT", "0"]);
  return all.filter((s) => s.db === db).map((s) => ({ ...comparable(s), db: 0, encoding: s.encoding }));
}

/** DUMPs every key of db 0 on `from` and RESTOREs it into db 1 on `to`. */
async function copyAll(from: RespClient, to: RespClient, keys: string[]): Promise<void> {
  await send(to, ["SELECT", "1"]);
  for (const key of keys) expect(latin1(await to.call("RESTORE", b(key), "0", await dumpOf(from, key)))).toBe("+OK\r\n");
  await send(to, ["SELECT", "0"]);
}

describeWithRealRedis("DUMP/RESTORE between redbun and redis-server", () => {
  test("every type and encoding moves both ways with its data and encoding", async () => {
    await using redis = await startRealRedis(["--enable-debug-command", "yes"]);
    await using srv = await startServer({ port: 0 });
    await using r = await RespClient.connect(redis.socketPath);
    await using ours = await RespClient.connect(srv.port);
    for (const argv of EVERY_ENCODING) {
      await send(r, argv);
      await send(ours, argv);
    }
    // Quicklist nodes Redis keeps plain (elements past the packed threshold): redbun reads them.
    await send(r, ["DEBUG", "QUICKLIST-PACKED-THRESHOLD", "100"]);
    await send(r, ["RPUSH", "list:plain-nodes", "small", "p".repeat(150), "1", "q".repeat(300), "end"]);

    const redisKeys = (decodeReply(await send(r, ["KEYS", "*"]), { bulk: "latin1" }) as string[]).sort();
    const ourKeys = (decodeReply(await send(ours, ["KEYS", "*"]), { bulk: "latin1" }) as string[]).sort();
    expect(redisKeys.length).toBe(EVERY_ENCODING.length + 1);

    await copyAll(r, ours, redisKeys);
    await copyAll(ours, r, ourKeys);
    const fromRedis = await dbSnapshot(ours, 1);
    const redisOriginals = await dbSnapshot(r, 0);
    expect(fromRedis.length).toBe(redisKeys.length);
    expect(new Set(fromRedis.map((s) => s.encoding))).toEqual(new Set(["int", "embstr", "raw", "quicklist", "intset", "hashtable", "listpack", "skiplist"]));
    expect(fromRedis).toEqual(redisOriginals);
    const fromUs = await dbSnapshot(r, 1);
    const ourOriginals = await dbSnapshot(ours, 0);
    expect(fromUs).toEqual(ourOriginals);
    // Both built the same keys the same way: the originals agree too (plain-node list aside).
    expect(ourOriginals).toEqual(redisOriginals.filter((s) => s.key !== "list:plain-nodes"));
  });
});

async function withServer(
  run: (ctx: { clock: ManualClock; srv: Awaited<ReturnType<typeof startServer>>; client: RespClient }) => Promise<void>,
  startMs?: number,
): Promise<void> {
  const clock = new ManualClock(startMs);
  await using srv = await startServer({ port: 0, clock });
  await using client = await RespClient.connect(srv.port);
  await run({ clock, srv, client });
}

const PAYLOAD = encodeDumpPayload({ type: "string", value: b("value") }, true);

test("a relative TTL counts from the command's time; the key expires with the clock", async () => {
  await withServer(async ({ clock, client }) => {
    expect(await client.callText("RESTORE", "k", "5000", PAYLOAD)).toBe("+OK\r\n");
    expect(await client.callText("PTTL", "k")).toBe(":5000\r\n");
    expect(await client.callText("PEXPIRETIME", "k")).toBe(`:${clock.nowMs() + 5000}\r\n`);
    clock.advance(4999);
    expect(await client.callText("GET", "k")).toBe("$5\r\nvalue\r\n");
    clock.advance(1);
    expect(await client.callText("GET", "k")).toBe("$-1\r\n");
    // ABSTTL exactly now is already expired: nothing is created.
    expect(await client.callText("RESTORE", "k", String(clock.nowMs()), PAYLOAD, "ABSTTL")).toBe("+OK\r\n");
    expect(await client.callText("EXISTS", "k")).toBe(":0\r\n");
    expect(await client.callText("RESTORE", "k", String(clock.nowMs() + 1), PAYLOAD, "ABSTTL")).toBe("+OK\r\n");
    expect(await client.callText("PTTL", "k")).toBe(":1\r\n");
  });
});

test("IDLETIME backdates the last access; OBJECT IDLETIME then grows with the clock, an access resets it", async () => {
  await withServer(async ({ clock, client }) => {
    expect(await client.callText("RESTORE", "k", "0", PAYLOAD, "IDLETIME", "1000")).toBe("+OK\r\n");
    expect(await client.callText("OBJECT", "IDLETIME", "k")).toBe(":1000\r\n");
    clock.advance(10_000);
    expect(await client.callText("OBJECT", "IDLETIME", "k")).toBe(":1010\r\n");
    await client.call("GET", "k");
    expect(await client.callText("OBJECT", "IDLETIME", "k")).toBe(":0\r\n");
    expect(await client.callText("RESTORE", "fresh", "0", PAYLOAD)).toBe("+OK\r\n");
    expect(await client.callText("OBJECT", "IDLETIME", "fresh")).toBe(":0\r\n");
  });
});

test("IDLETIME past the 24-bit LRU clock wraps as in Redis (values read from redis-server at the same second)", async () => {
  // 1795261404 s: Redis's LRU clock (seconds mod 2^24) read 99292 then; these are the answers
  // redis-server 7.0.15 gave for OBJECT IDLETIME right after RESTORE … IDLETIME n at that second.
  const observed: [string, string][] = [
    ["20000000", "3222784"],
    ["100000000", "16113920"],
    ["1000000000", "10144256"],
    ["9223372036854775", "14898167"],
    ["9223372036854775807", "16777214"],
    ["16777215", "0"],
  ];
  await withServer(async ({ client }) => {
    for (const [idle, shown] of observed) {
      expect(await client.callText("RESTORE", `k${idle}`, "0", PAYLOAD, "IDLETIME", idle)).toBe("+OK\r\n");
      expect(await client.callText("OBJECT", "IDLETIME", `k${idle}`)).toBe(`:${shown}\r\n`);
    }
  }, 1795261404_000);
});

test("keyspace events: restore, and del when REPLACE meets a deadline already past; none for refusals", async () => {
  await withServer(async ({ clock, srv, client }) => {
    await using listener = await RespClient.connect(srv.port);
    await listener.call("PSUBSCRIBE", "__keyevent@*__:*");
    await client.call("CONFIG", "SET", "notify-keyspace-events", "KEA");
    await client.call("RESTORE", "a", "0", PAYLOAD);
    await client.call("RESTORE", "a", "0", PAYLOAD);
    await client.call("RESTORE", "a", "0", b("bad"), "REPLACE");
    await client.call("RESTORE", "a", "0", PAYLOAD, "REPLACE");
    await client.call("RESTORE", "gone", "1", PAYLOAD, "ABSTTL");
    await client.call("RESTORE", "a", String(clock.nowMs() - 1), PAYLOAD, "ABSTTL", "REPLACE");
    const frames: string[] = [];
    for (let i = 0; i < 3; i++) frames.push(await listener.readText({ timeoutMs: 2000 }));
    const event = (name: string, key: string): string =>
      `*4\r\n$8\r\npmessage\r\n$16\r\n__keyevent@*__:*\r\n$${`__keyevent@0__:${name}`.length}\r\n__keyevent@0__:${name}\r\n$${key.length}\r\n${key}\r\n`;
    expect(frames).toEqual([event("restore", "a"), event("restore", "a"), event("del", "a")]);
    expect(await client.callText("EXISTS", "a")).toBe(":0\r\n");
  });
});

test("dirty counts a restore and a deleting REPLACE, not refusals or no-ops", async () => {
  await withServer(async ({ srv, client }) => {
    const dirty = (): number => srv.server.dirty;
    const start = dirty();
    await client.call("RESTORE", "a", "0", PAYLOAD);
    expect(dirty()).toBe(start + 1);
    await client.call("RESTORE", "a", "0", PAYLOAD);
    await client.call("RESTORE", "b", "1", PAYLOAD, "ABSTTL");
    await client.call("RESTORE", "b", "0", b("bad"));
    await client.call("DUMP", "a");
    expect(dirty()).toBe(start + 1);
    await client.call("RESTORE", "a", "0", PAYLOAD, "REPLACE");
    expect(dirty()).toBe(start + 2);
    await client.call("RESTORE", "a", "1", PAYLOAD, "ABSTTL", "REPLACE");
    expect(dirty()).toBe(start + 3);
  });
});

test("propagation: a relative TTL becomes the absolute deadline with ABSTTL; a deleting REPLACE becomes DEL", async () => {
  await withServer(async ({ clock, srv, client }) => {
    const fed: string[][] = [];
    const text = (arg: PropagatedArgv[number]): string => (typeof arg === "string" ? arg : Buffer.from(arg).toString("latin1"));
    srv.server.propagation.addTarget({ feed: (_db, argv) => fed.push(argv.map(text)) });
    const payload = Buffer.from(PAYLOAD).toString("latin1");
    const now = clock.nowMs();
    await client.call("RESTORE", "a", "5000", PAYLOAD, "IDLETIME", "3");
    await client.call("RESTORE", "b", "0", PAYLOAD);
    await client.call("RESTORE", "c", String(now + 9000), PAYLOAD, "ABSTTL");
    await client.call("RESTORE", "a", "0", PAYLOAD);
    await client.call("RESTORE", "none", "1", PAYLOAD, "ABSTTL");
    await client.call("RESTORE", "b", "1", PAYLOAD, "ABSTTL", "REPLACE");
    expect(fed).toEqual([
      ["RESTORE", "a", String(now + 5000), payload, "IDLETIME", "3", "ABSTTL"],
      ["RESTORE", "b", "0", payload],
      ["RESTORE", "c", String(now + 9000), payload, "ABSTTL"],
      ["DEL", "b"],
    ]);
  });
});
