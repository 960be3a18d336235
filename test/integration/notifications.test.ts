// Keyspace notifications over real sockets: a subscriber on one connection receives the events
// another connection's commands fire, keys expired lazily and by the active cycle (time driven
// by a ManualClock and the cron, never by sleeping), class filtering, the db number, and the
// zero-cost path when notifications are off. The flag letters and the event → class table are
// checked here too, including that every event a command fires has a class.

import { expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ManualClock, startServer } from "../../src/index.ts";
import {
  EVENT_CLASSES,
  NotifyFlag,
  keyspaceEventsFromString,
  keyspaceEventsToString,
} from "../../src/server/notifications.ts";
import { RespClient } from "../support/resp-client.ts";

type Handle = Awaited<ReturnType<typeof startServer>>;

function pmessage(pattern: string, channel: string, payload: string): string {
  return `*4\r\n$8\r\npmessage\r\n$${pattern.length}\r\n${pattern}\r\n$${channel.length}\r\n${channel}\r\n$${payload.length}\r\n${payload}\r\n`;
}

/** A RESP2 connection subscribed to every keyspace channel of every db. */
async function eventListener(srv: Handle): Promise<RespClient> {
  const client = await RespClient.connect(srv.port);
  await client.call("PSUBSCRIBE", "__key*__:*");
  return client;
}

/** The keyspace and keyevent frames one event makes (with K and E both on). */
function eventFrames(db: number, key: string, event: string): string[] {
  return [
    pmessage("__key*__:*", `__keyspace@${db}__:${key}`, event),
    pmessage("__key*__:*", `__keyevent@${db}__:${event}`, key),
  ];
}

async function nextFrames(client: RespClient, n: number): Promise<string[]> {
  const frames: string[] = [];
  for (let i = 0; i < n; i++) frames.push(await client.readText({ timeoutMs: 2000 }));
  return frames;
}

test("another connection's commands reach the subscriber, in order, with the db number", async () => {
  await using srv = await startServer({ port: 0 });
  await using listener = await eventListener(srv);
  await using client = await RespClient.connect(srv.port);
  expect(await client.callText("CONFIG", "SET", "notify-keyspace-events", "KEA")).toBe("+OK\r\n");
  await client.call("SET", "k", "v");
  await client.call("APPEND", "k", "w");
  await client.call("SELECT", "7");
  await client.call("SET", "k", "v");
  await client.call("DEL", "k");
  expect(await nextFrames(listener, 8)).toEqual([
    ...eventFrames(0, "k", "set"),
    ...eventFrames(0, "k", "append"),
    ...eventFrames(7, "k", "set"),
    ...eventFrames(7, "k", "del"),
  ]);
});

test("expired keys: lazily on access and by the active expiry cycle", async () => {
  const clock = new ManualClock();
  await using srv = await startServer({ port: 0, clock });
  srv.server.activeExpireEnabled = false;
  await using listener = await eventListener(srv);
  await using client = await RespClient.connect(srv.port);
  await client.call("CONFIG", "SET", "notify-keyspace-events", "Ex");
  await client.call("SET", "lazy", "v", "PX", "100");
  await client.call("SET", "active", "v", "PX", "100");
  clock.advance(200);
  expect(await client.callText("GET", "lazy")).toBe("$-1\r\n");
  expect(await listener.readText({ timeoutMs: 2000 })).toBe(pmessage("__key*__:*", "__keyevent@0__:expired", "lazy"));
  srv.server.activeExpireEnabled = true;
  srv.server.cron();
  expect(await listener.readText({ timeoutMs: 2000 })).toBe(pmessage("__key*__:*", "__keyevent@0__:expired", "active"));
  expect(await client.callText("EXISTS", "active")).toBe(":0\r\n");
});

test("an empty *STORE result deletes a destination past its deadline as dbDelete does: del, not expired", async () => {
  const clock = new ManualClock();
  await using srv = await startServer({ port: 0, clock });
  srv.server.activeExpireEnabled = false;
  await using listener = await eventListener(srv);
  await using client = await RespClient.connect(srv.port);
  for (const key of ["z", "s", "l"]) await client.call("SET", key, "v", "PX", "100");
  await client.call("CONFIG", "SET", "notify-keyspace-events", "Egx");
  clock.advance(200);
  expect(await client.callText("ZUNIONSTORE", "z", "1", "nosuch")).toBe(":0\r\n");
  expect(await client.callText("SINTERSTORE", "s", "nosuch")).toBe(":0\r\n");
  expect(await client.callText("SORT", "nosuch", "STORE", "l")).toBe(":0\r\n");
  expect(await nextFrames(listener, 3)).toEqual(["z", "s", "l"].map((key) => pmessage("__key*__:*", "__keyevent@0__:del", key)));
});

test("only the enabled classes are published, and only to the K/E channels asked for", async () => {
  await using srv = await startServer({ port: 0 });
  await using listener = await eventListener(srv);
  await using client = await RespClient.connect(srv.port);
  await client.call("CONFIG", "SET", "notify-keyspace-events", "Kg");
  await client.call("SET", "k", "v"); // string class: not asked for
  await client.call("PEXPIRE", "k", "100000"); // generic
  await client.call("CONFIG", "SET", "notify-keyspace-events", "E$");
  await client.call("PERSIST", "k"); // generic: off now
  await client.call("INCR", "n"); // string
  expect(await nextFrames(listener, 2)).toEqual([
    pmessage("__key*__:*", "__keyspace@0__:k", "expire"),
    pmessage("__key*__:*", "__keyevent@0__:incrby", "n"),
  ]);
});

test("with notifications off, writes do not pass through the notifier at all", async () => {
  await using srv = await startServer({ port: 0 });
  const server = srv.server;
  const baseline = server.keyChangeListeners.length;
  await using client = await RespClient.connect(srv.port);
  // K or E without a class, or classes without K or E, publish nothing: no listener either.
  for (const flags of ["", "KE", "A", "Anm"]) {
    await client.call("CONFIG", "SET", "notify-keyspace-events", flags);
    expect(server.keyChangeListeners.length).toBe(baseline);
    expect(server.keyspace.notifyNewKeys || server.keyspace.notifyKeyMisses).toBe(false);
  }
  await client.call("CONFIG", "SET", "notify-keyspace-events", "KEA");
  expect(server.keyChangeListeners.length).toBe(baseline + 1);
  expect(server.keyspace.notifyNewKeys).toBe(false);
  await client.call("CONFIG", "SET", "notify-keyspace-events", "KEAnm");
  expect(server.keyChangeListeners.length).toBe(baseline + 1);
  expect(server.keyspace.notifyNewKeys && server.keyspace.notifyKeyMisses).toBe(true);
  await client.call("CONFIG", "SET", "notify-keyspace-events", "");
  expect(server.keyChangeListeners.length).toBe(baseline);
  expect(server.keyspace.notifyNewKeys || server.keyspace.notifyKeyMisses).toBe(false);
});

test("a setting given at start-up takes effect (and CONFIG GET prints it back)", async () => {
  await using srv = await startServer({ port: 0, "notify-keyspace-events": "KEA" });
  await using listener = await eventListener(srv);
  await using client = await RespClient.connect(srv.port);
  expect(await client.callDecoded("CONFIG", "GET", "notify-keyspace-events")).toEqual(["notify-keyspace-events", "AKE"]);
  await client.call("SET", "k", "v");
  expect(await nextFrames(listener, 2)).toEqual(eventFrames(0, "k", "set"));
});

test("keyspace event letters: parsing and Redis's canonical printing", () => {
  expect(keyspaceEventsFromString("")).toBe(0);
  expect(keyspaceEventsFromString("KEA")).toBe(keyspaceEventsFromString("AKE"));
  expect(keyspaceEventsFromString("K E")).toBeNull();
  expect(keyspaceEventsFromString("a")).toBeNull();
  const cases: [string, string][] = [
    ["KEA", "AKE"],
    ["xE", "xE"],
    ["gl$shzxetd", "A"],
    ["nA", "A"], // Redis prints A alone even with n set
    ["mKn", "nKm"],
    ["Kg", "gK"],
    ["edtn", "etdn"],
  ];
  for (const [input, printed] of cases) expect(keyspaceEventsToString(keyspaceEventsFromString(input)!)).toBe(printed);
  expect(keyspaceEventsFromString("nA")! & NotifyFlag.newKey).toBe(NotifyFlag.newKey);
});

test("every event a command fires has a class", () => {
  const dir = join(import.meta.dir, "../../src/commands");
  const fired = new Set<string>();
  for (const file of readdirSync(dir).filter((name) => name.endsWith(".ts"))) {
    const source = readFileSync(join(dir, file), "utf8");
    // Events named in the call, in an EVENT table (list.ts's POP_EVENT), or handed to a helper
    // that stores a result (SINTERSTORE's "sinterstore").
    for (const match of source.matchAll(/(?:written|keyChanged)\([^;]*?"([a-z_-]+)"/g)) fired.add(match[1]!);
    for (const line of source.split("\n").filter((text) => /_EVENTS?\b.*=/.test(text))) {
      for (const match of line.matchAll(/"([a-z_-]+)"/g)) fired.add(match[1]!);
    }
    for (const match of source.matchAll(/, "([a-z]+store)"\)/g)) fired.add(match[1]!);
  }
  expect(fired).toContain("lpush");
  expect(fired.size).toBeGreaterThan(10);
  expect([...fired].filter((event) => !EVENT_CLASSES.has(event))).toEqual([]);
});
