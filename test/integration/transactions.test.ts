// MULTI/EXEC and WATCH over real sockets with a ManualClock: watched keys that expire while
// nobody looks, keys that had already expired when watched, CLIENT LIST's transaction fields,
// and what a transaction counts (dirty, commandstats). The byte-for-byte comparison with Redis
// is in test/differential/transactions.test.ts; these are the cases that need time to pass.

import { describe, expect, test } from "bun:test";
import { ManualClock, startServer } from "../../src/index.ts";
import { RespClient } from "../support/resp-client.ts";

const T0 = 1_700_000_000_000;

async function start() {
  const clock = new ManualClock(T0);
  const srv = await startServer({ port: 0, clock });
  // Tests run the cron themselves, so expiry happens only when they say.
  srv.server.activeExpireEnabled = false;
  return { srv, clock };
}

/** WATCH key, MULTI, EXEC on one connection after `between` ran: EXEC's raw reply. */
async function execAfterWatch(client: RespClient, key: string, between: () => Promise<unknown> | void): Promise<string> {
  expect(await client.callText("WATCH", key)).toBe("+OK\r\n");
  await between();
  expect(await client.callText("MULTI")).toBe("+OK\r\n");
  expect(await client.callText("PING")).toBe("+QUEUED\r\n");
  return client.callText("EXEC");
}

describe("WATCH and expiry", () => {
  test("a watched key that expires before EXEC fails it, even if nothing removed it", async () => {
    const { srv, clock } = await start();
    await using _srv = srv;
    await using client = await RespClient.connect(srv.port);
    await client.call("SET", "k", "v", "PX", "100");
    expect(await execAfterWatch(client, "k", () => clock.advance(101))).toBe("*-1\r\n");
    // The key is still in the db: EXEC only looked (keyIsExpired), it did not remove it.
    expect(srv.server.keyspace.dbs[0]!.size).toBe(1);
  });

  test("a watched key removed by the active expiry cycle fails EXEC", async () => {
    const { srv, clock } = await start();
    await using _srv = srv;
    await using client = await RespClient.connect(srv.port);
    await client.call("SET", "k", "v", "PX", "100");
    const reply = await execAfterWatch(client, "k", () => {
      clock.advance(101);
      srv.server.activeExpireEnabled = true;
      srv.server.cron();
      expect(srv.server.keyspace.dbs[0]!.size).toBe(0);
    });
    expect(reply).toBe("*-1\r\n");
  });

  test("a watched key still within its TTL at EXEC does not fail it", async () => {
    const { srv, clock } = await start();
    await using _srv = srv;
    await using client = await RespClient.connect(srv.port);
    await client.call("SET", "k", "v", "PX", "100");
    expect(await execAfterWatch(client, "k", () => clock.advance(99))).toBe("*1\r\n+PONG\r\n");
  });

  test("a key that had expired before WATCH: removing it is no change, writing it is", async () => {
    const { srv, clock } = await start();
    await using _srv = srv;
    await using client = await RespClient.connect(srv.port);
    await using other = await RespClient.connect(srv.port);
    await client.call("SET", "k", "v", "PX", "100");
    clock.advance(200);
    expect(await execAfterWatch(client, "k", () => undefined)).toBe("*1\r\n+PONG\r\n");
    // Lazy removal by another client's read.
    expect(await execAfterWatch(client, "k", () => other.call("GET", "k"))).toBe("*1\r\n+PONG\r\n");
    // Active removal by the cron.
    await client.call("SET", "k", "v", "PX", "100");
    clock.advance(200);
    const afterCron = await execAfterWatch(client, "k", () => {
      srv.server.activeExpireEnabled = true;
      srv.server.cron();
      srv.server.activeExpireEnabled = false;
    });
    expect(afterCron).toBe("*1\r\n+PONG\r\n");
    // Written anew: the removal on the way clears the flag, the write then touches it.
    await client.call("SET", "k", "v", "PX", "100");
    clock.advance(200);
    expect(await execAfterWatch(client, "k", () => other.call("SET", "k", "new"))).toBe("*-1\r\n");
  });

  test("SWAPDB bringing in an expired key leaves a watched absent key logically absent", async () => {
    const { srv, clock } = await start();
    await using _srv = srv;
    await using client = await RespClient.connect(srv.port);
    await client.call("SELECT", "1");
    await client.call("SET", "k", "v", "PX", "100");
    await client.call("SELECT", "0");
    clock.advance(200);
    expect(await execAfterWatch(client, "k", () => client.call("SWAPDB", "0", "1"))).toBe("*1\r\n+PONG\r\n");
    // And the reverse: a live key swapped in is a change.
    await client.call("SELECT", "1");
    await client.call("SET", "live", "v");
    await client.call("SELECT", "0");
    expect(await execAfterWatch(client, "live", () => client.call("SWAPDB", "0", "1"))).toBe("*-1\r\n");
  });

  test("queued commands run at EXEC's time, not at the time they were queued", async () => {
    const { srv, clock } = await start();
    await using _srv = srv;
    await using client = await RespClient.connect(srv.port);
    await client.call("SET", "k", "v", "PXAT", String(T0 + 100));
    await client.call("MULTI");
    await client.call("PTTL", "k");
    await client.call("GET", "k");
    clock.advance(150);
    expect(await client.callText("EXEC")).toBe("*2\r\n:-2\r\n$-1\r\n");
  });
});

describe("transaction state", () => {
  test("CLIENT LIST shows x and multi= during MULTI, multi-mem as Redis counts it, d once dirty", async () => {
    const { srv } = await start();
    await using _srv = srv;
    await using client = await RespClient.connect(srv.port);
    const info = async (): Promise<string> => (await client.callDecoded("CLIENT", "INFO")) as string;
    expect(await info()).toContain(" flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 ");
    await client.call("MULTI");
    await client.call("SET", "b", "2");
    await client.call("CLIENT", "LIST");
    await client.call("CLIENT", "INFO");
    const exec = (await client.callDecoded("EXEC")) as string[];
    // Redis 7.0.15 shows, for the same three queued commands, multi=3 and multi-mem=81:
    // the argument bytes plus a pointer per argument.
    expect(exec[2]).toContain(" flags=x ");
    expect(exec[2]).toContain(" multi=3 ");
    expect(exec[2]).toContain(" multi-mem=81 ");
    expect(exec[2]).toContain(" cmd=exec ");
    expect(await info()).toContain(" flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=");
    await client.call("WATCH", "k");
    await client.call("SET", "k", "v");
    expect(await info()).toContain(" flags=d ");
    await client.call("UNWATCH");
    expect(await info()).toContain(" flags=N ");
  });

  test("a transaction adds to dirty only what its commands change", async () => {
    const { srv } = await start();
    await using _srv = srv;
    await using client = await RespClient.connect(srv.port);
    const before = srv.server.dirty;
    await client.call("MULTI");
    await client.call("GET", "a");
    await client.call("EXEC");
    expect(srv.server.dirty).toBe(before);
    await client.call("MULTI");
    await client.call("SET", "a", "1");
    await client.call("INCR", "a");
    await client.call("EXEC");
    expect(srv.server.dirty).toBe(before + 2);
  });

  test("a client that closes stops watching; one that closes inside MULTI runs nothing", async () => {
    const { srv } = await start();
    await using _srv = srv;
    const watcher = await RespClient.connect(srv.port);
    await watcher.call("WATCH", "k");
    await watcher.call("MULTI");
    await watcher.call("SET", "k", "from-closed");
    await watcher.close();
    await using client = await RespClient.connect(srv.port);
    // The server notices the close on its own schedule; a round trip lets it.
    for (let i = 0; i < 50 && srv.server.clients.size > 1; i++) await client.call("PING");
    expect(srv.server.clients.size).toBe(1);
    expect(await client.callText("GET", "k")).toBe("$-1\r\n");
    expect(await execAfterWatch(client, "k", () => client.call("SET", "other", "v"))).toBe("*1\r\n+PONG\r\n");
  });
});
