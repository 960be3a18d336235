// client-output-buffer-limit for normal clients: a client that stops reading is closed at once
// past the hard limit, and past the soft limit only after staying over it for the soft seconds
// (time driven by a ManualClock and the cron, never by sleeping). A 16 MB reply is more than
// the kernel's socket buffers take, so most of it stays in redbun's output buffer.

import { expect, test } from "bun:test";
import { ManualClock, startServer } from "../../src/index.ts";
import { RespClient } from "../support/resp-client.ts";
import { stalledClient } from "../support/stalled-client.ts";

async function serverWithBigValue(limit: string) {
  const clock = new ManualClock();
  const srv = await startServer({ port: 0, clock });
  srv.server.activeExpireEnabled = false;
  await using setup = await RespClient.connect(srv.port);
  expect(await setup.callText("CONFIG", "SET", "client-output-buffer-limit", limit)).toBe("+OK\r\n");
  expect(await setup.callText("SET", "big", "x".repeat(16 * 1024 * 1024))).toBe("+OK\r\n");
  return { srv, clock };
}

/** Waits (polling, not for time to pass) until a client's output is stuck over `bytes`. */
async function untilOutputPending(srv: Awaited<ReturnType<typeof startServer>>, bytes: number): Promise<void> {
  for (;;) {
    for (const client of srv.server.clients.values()) if (client.reply.pendingBytes >= bytes) return;
    await Bun.sleep(1);
  }
}

test("past the hard limit a client that does not read is closed", async () => {
  const { srv } = await serverWithBigValue("normal 1mb 0 0");
  await using _ = srv;
  const reader = await stalledClient(srv.port, Array.from({ length: 16 }, () => ["GET", "big"]));
  await reader.closed;
  expect(srv.server.clients.size).toBe(0);
});

test("past the soft limit a client is closed only after the soft seconds", async () => {
  const { srv, clock } = await serverWithBigValue("normal 0 1mb 10");
  await using _ = srv;
  let closed = false;
  const reader = await stalledClient(srv.port, Array.from({ length: 16 }, () => ["GET", "big"]));
  void reader.closed.then(() => (closed = true));
  await untilOutputPending(srv, 1024 * 1024);
  srv.server.cron();
  clock.advance(10_000);
  srv.server.cron();
  expect(srv.server.clients.size).toBe(1);
  expect(closed).toBe(false);
  clock.advance(1_000);
  srv.server.cron();
  await reader.closed;
  expect(srv.server.clients.size).toBe(0);
});

test("a SYNC replica that stops reading is cut off at the replica class's limit", async () => {
  await using srv = await startServer({ port: 0 });
  await using client = await RespClient.connect(srv.port);
  // The normal class has no limit: only the replica class can close it.
  expect(await client.callText("CONFIG", "SET", "client-output-buffer-limit", "normal 0 0 0 replica 256kb 0 0")).toBe("+OK\r\n");
  const replica = await stalledClient(srv.port, [["SYNC"]]);
  // The snapshot goes out, then the client is a replica (CLIENT LIST TYPE replica shows it).
  let listed = "";
  while (!listed.includes("cmd=sync")) listed = await client.callText("CLIENT", "LIST", "TYPE", "replica");
  const value = "v".repeat(10_000);
  // 8 MB: more than the kernel's socket buffers take, so the rest waits in the replica's output.
  for (let i = 0; i < 800; i++) await client.call("SET", `k${i}`, value);
  await replica.closed;
  expect(await client.callText("CLIENT", "LIST", "TYPE", "replica")).toBe("$0\r\n\r\n");
});
