// Pub/sub between connections over real sockets: messages from a publisher reach every
// subscriber in order (channel and pattern subscriptions alike), RESP3 pushes interleave with a
// subscriber's own replies, subscriptions vanish with their connection (close, CLIENT KILL,
// RESET), CLIENT LIST/INFO show them, and a subscriber that stops reading is cut off by the
// pubsub class of client-output-buffer-limit while the others still get every message.

import { expect, test } from "bun:test";
import { startServer } from "../../src/index.ts";
import { RespClient, decodeReply, latin1 } from "../support/resp-client.ts";
import { stalledClient } from "../support/stalled-client.ts";

type Handle = Awaited<ReturnType<typeof startServer>>;

/** A message frame as RESP2 writes it. */
function message(channel: string, payload: string): string {
  return `*3\r\n$7\r\nmessage\r\n$${channel.length}\r\n${channel}\r\n$${payload.length}\r\n${payload}\r\n`;
}

function pmessage(pattern: string, channel: string, payload: string): string {
  return `*4\r\n$8\r\npmessage\r\n$${pattern.length}\r\n${pattern}\r\n$${channel.length}\r\n${channel}\r\n$${payload.length}\r\n${payload}\r\n`;
}

async function subscriber(srv: Handle, ...channels: string[]): Promise<RespClient> {
  const client = await RespClient.connect(srv.port);
  client.command("SUBSCRIBE", ...channels);
  await client.readReplies(channels.length);
  return client;
}

/** Waits (polling the registry, not for time to pass) until `channel` has `count` subscribers. */
async function untilSubscribers(srv: Handle, channel: string, count: number): Promise<void> {
  while (srv.server.pubsub.subscriberCount("channel", channel) !== count) await Bun.sleep(1);
}

test("a subscriber gets every message of its channel, in publish order", async () => {
  await using srv = await startServer({ port: 0 });
  await using sub = await subscriber(srv, "news", "other");
  await using pub = await RespClient.connect(srv.port);
  for (let i = 0; i < 50; i++) expect(await pub.callText("PUBLISH", "news", `m${i}`)).toBe(":1\r\n");
  expect(await pub.callText("PUBLISH", "nobody", "x")).toBe(":0\r\n");
  expect(await pub.callText("PUBLISH", "other", "last")).toBe(":1\r\n");
  for (let i = 0; i < 50; i++) expect(await sub.readText({ timeoutMs: 2000 })).toBe(message("news", `m${i}`));
  expect(await sub.readText({ timeoutMs: 2000 })).toBe(message("other", "last"));
});

test("pipelined PUBLISHes reach several subscribers in order", async () => {
  await using srv = await startServer({ port: 0 });
  const subs = [await subscriber(srv, "c"), await subscriber(srv, "c"), await subscriber(srv, "c")];
  await using pub = await RespClient.connect(srv.port);
  pub.pipeline(Array.from({ length: 200 }, (_, i) => ["PUBLISH", "c", String(i)]));
  const counts = await pub.readReplies(200);
  expect(counts.every((reply) => latin1(reply) === ":3\r\n")).toBe(true);
  for (const sub of subs) {
    for (let i = 0; i < 200; i++) expect(await sub.readText({ timeoutMs: 2000 })).toBe(message("c", String(i)));
    await sub.close();
  }
});

test("a client subscribed to a channel and matching patterns gets one frame for each", async () => {
  await using srv = await startServer({ port: 0 });
  await using sub = await subscriber(srv, "a.b");
  sub.command("PSUBSCRIBE", "a.*", "*.b", "z*");
  expect((await sub.readReplies(3)).map(latin1).at(-1)).toBe("*3\r\n$10\r\npsubscribe\r\n$2\r\nz*\r\n:4\r\n");
  await using pub = await RespClient.connect(srv.port);
  expect(await pub.callText("PUBLISH", "a.b", "hi")).toBe(":3\r\n");
  // The channel's subscribers first, then the patterns' (Redis walks its patterns in hash order).
  expect(await sub.readText({ timeoutMs: 2000 })).toBe(message("a.b", "hi"));
  const patterns = [await sub.readText({ timeoutMs: 2000 }), await sub.readText({ timeoutMs: 2000 })].sort();
  expect(patterns).toEqual([pmessage("*.b", "a.b", "hi"), pmessage("a.*", "a.b", "hi")].sort());
  expect(await pub.callText("PUBLISH", "zz", "z")).toBe(":1\r\n");
  expect(await sub.readText({ timeoutMs: 2000 })).toBe(pmessage("z*", "zz", "z"));
});

test("shard channels: smessage to SSUBSCRIBE, SPUBLISH never reaches patterns or global channels", async () => {
  await using srv = await startServer({ port: 0 });
  await using sub = await RespClient.connect(srv.port);
  sub.command("SSUBSCRIBE", "s");
  sub.command("PSUBSCRIBE", "*");
  sub.command("SUBSCRIBE", "s");
  await sub.readReplies(3);
  await using pub = await RespClient.connect(srv.port);
  expect(await pub.callText("SPUBLISH", "s", "shard")).toBe(":1\r\n");
  expect(await pub.callText("PUBLISH", "s", "global")).toBe(":2\r\n");
  expect(await sub.readText({ timeoutMs: 2000 })).toBe("*3\r\n$8\r\nsmessage\r\n$1\r\ns\r\n$5\r\nshard\r\n");
  expect(await sub.readText({ timeoutMs: 2000 })).toBe(message("s", "global"));
  expect(await sub.readText({ timeoutMs: 2000 })).toBe(pmessage("*", "s", "global"));
});

test("RESP3: pushes arrive as `>` frames between the subscriber's own replies", async () => {
  await using srv = await startServer({ port: 0 });
  await using sub = await RespClient.connect(srv.port);
  await sub.call("HELLO", "3");
  expect(await sub.callText("SUBSCRIBE", "c")).toBe(">3\r\n$9\r\nsubscribe\r\n$1\r\nc\r\n:1\r\n");
  await using pub = await RespClient.connect(srv.port);
  expect(await pub.callText("PUBLISH", "c", "one")).toBe(":1\r\n");
  expect(await sub.callText("SET", "k", "v")).toBe(">3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$3\r\none\r\n");
  expect(await sub.readText()).toBe("+OK\r\n");
  expect(await sub.callText("GET", "k")).toBe("$1\r\nv\r\n");
  expect(await pub.callText("PUBLISH", "c", "two")).toBe(":1\r\n");
  expect(await sub.readText({ timeoutMs: 2000 })).toBe(">3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$3\r\ntwo\r\n");
});

test("a closed or killed subscriber is forgotten; RESET unsubscribes from everything", async () => {
  await using srv = await startServer({ port: 0 });
  await using pub = await RespClient.connect(srv.port);
  const closing = await subscriber(srv, "c");
  const killed = await subscriber(srv, "c");
  await using resetting = await subscriber(srv, "c", "d");
  resetting.command("PSUBSCRIBE", "p*");
  resetting.command("SSUBSCRIBE", "s");
  await resetting.readReplies(2);
  expect(await pub.callDecoded("PUBSUB", "NUMSUB", "c")).toEqual(["c", 3]);

  await closing.close();
  await untilSubscribers(srv, "c", 2);

  const killedId = [...srv.server.clients.values()].find((client) => client.subscriptions !== null)!.id;
  expect(await pub.callText("CLIENT", "KILL", "ID", String(killedId))).toBe(":1\r\n");
  expect(await pub.callDecoded("PUBSUB", "NUMSUB", "c")).toEqual(["c", 1]);
  await killed.closed;

  expect(await resetting.callText("RESET")).toBe("+RESET\r\n");
  expect(await pub.callDecoded("PUBSUB", "NUMSUB", "c", "d")).toEqual(["c", 0, "d", 0]);
  expect(await pub.callText("PUBSUB", "NUMPAT")).toBe(":0\r\n");
  expect(await pub.callDecoded("PUBSUB", "SHARDCHANNELS")).toEqual([]);
  expect(await pub.callText("PUBLISH", "c", "x")).toBe(":0\r\n");
  expect(await resetting.callText("PING")).toBe("+PONG\r\n");
});

test("CLIENT LIST and INFO show subscriptions: flag P, sub/psub/ssub, TYPE pubsub", async () => {
  await using srv = await startServer({ port: 0 });
  await using sub = await subscriber(srv, "a", "b");
  sub.command("PSUBSCRIBE", "p*");
  sub.command("SSUBSCRIBE", "s1", "s2", "s3");
  await sub.readReplies(4);
  await using admin = await RespClient.connect(srv.port);
  const list = String(decodeReply(await admin.call("CLIENT", "LIST", "TYPE", "pubsub")));
  expect(list.trim().split("\n")).toHaveLength(1);
  expect(list).toContain(" flags=P ");
  expect(list).toContain(" sub=2 psub=1 ssub=3 ");
  expect(String(decodeReply(await admin.call("CLIENT", "LIST", "TYPE", "normal")))).toContain(" flags=N db=0 sub=0 psub=0 ssub=0 ");
  const stats = String(decodeReply(await admin.call("INFO", "stats")));
  expect(stats).toContain("pubsub_channels:2\r\n");
  expect(stats).toContain("pubsub_patterns:1\r\n");
  expect(stats).toContain("pubsubshard_channels:3\r\n");
  expect(await admin.callText("CLIENT", "KILL", "TYPE", "pubsub")).toBe(":1\r\n");
  await sub.closed;
  expect(String(decodeReply(await admin.call("INFO", "stats")))).toContain("pubsub_channels:0\r\n");
});

test("inside MULTI a RESP2 client subscribes at EXEC and the queued commands after it still run", async () => {
  await using srv = await startServer({ port: 0 });
  await using client = await RespClient.connect(srv.port);
  await client.call("MULTI");
  await client.call("SUBSCRIBE", "c");
  await client.call("GET", "k");
  expect(await client.callText("EXEC")).toBe("*2\r\n*3\r\n$9\r\nsubscribe\r\n$1\r\nc\r\n:1\r\n$-1\r\n");
  expect(await client.callText("GET", "k")).toStartWith("-ERR Can't execute 'get'");
});

// --- the output buffer limit of pub/sub clients ------------------------------------------------------

const PAYLOAD = "x".repeat(64 * 1024);
const FLOOD = 256; // 16 MB: more than the kernel's socket buffers hold
const BATCH = 8;

function numbered(i: number): string {
  return `${String(i).padStart(4, "0")}${PAYLOAD}`;
}

/**
 * Publishes FLOOD numbered 64 KB messages, BATCH at a time in one pipeline; `between` runs after
 * each batch (a reader in this same process catches up there). Returns PUBLISH's counts.
 */
async function flood(pub: RespClient, channel: string, between: (first: number) => Promise<void>): Promise<string[]> {
  const counts: string[] = [];
  for (let first = 0; first < FLOOD; first += BATCH) {
    pub.pipeline(Array.from({ length: BATCH }, (_, i) => ["PUBLISH", channel, numbered(first + i)]));
    for (const reply of await pub.readReplies(BATCH, { timeoutMs: 10_000 })) counts.push(latin1(reply));
    await between(first);
  }
  return counts;
}

test("a subscriber that stops reading is cut off at the pubsub hard limit; the others get everything", async () => {
  await using srv = await startServer({ port: 0, log: () => undefined });
  await using pub = await RespClient.connect(srv.port);
  expect(await pub.callText("CONFIG", "SET", "client-output-buffer-limit", "pubsub 1mb 0 0")).toBe("+OK\r\n");
  await using reader = await subscriber(srv, "feed");
  const stalled = await stalledClient(srv.port, [["SUBSCRIBE", "feed"]]);
  await untilSubscribers(srv, "feed", 2);

  const counts = await flood(pub, "feed", async (first) => {
    for (let i = first; i < first + BATCH; i++) {
      const frame = await reader.readText({ timeoutMs: 10_000 });
      expect(frame).toBe(message("feed", numbered(i)));
    }
  });
  await stalled.closed;
  // Every message reached both subscribers until the stalled one was dropped, then only one.
  const dropAt = counts.indexOf(":1\r\n");
  expect(dropAt).toBeGreaterThan(0);
  expect(counts.slice(0, dropAt).every((count) => count === ":2\r\n")).toBe(true);
  expect(counts.slice(dropAt).every((count) => count === ":1\r\n")).toBe(true);
  expect(srv.server.pubsub.subscriberCount("channel", "feed")).toBe(1);
});

test("subscribers are judged by the pubsub class, not the normal one", async () => {
  await using srv = await startServer({ port: 0 });
  await using pub = await RespClient.connect(srv.port);
  expect(await pub.callText("CONFIG", "SET", "client-output-buffer-limit", "normal 1mb 0 0 pubsub 0 0 0")).toBe("+OK\r\n");
  const stalled = await stalledClient(srv.port, [["SUBSCRIBE", "feed"]]);
  await untilSubscribers(srv, "feed", 1);
  await flood(pub, "feed", async () => undefined);
  const [client] = [...srv.server.clients.values()].filter((c) => c.subscriptions !== null);
  expect(client!.reply.pendingBytes).toBeGreaterThan(1024 * 1024);
  srv.server.cron();
  expect(srv.server.clients.has(client!.id)).toBe(true);
  srv.server.closeClient(client!);
  await stalled.closed;
});
