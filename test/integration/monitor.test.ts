// MONITOR over real sockets with a ManualClock, so the fed lines can be asserted whole: the
// timestamp (seconds.microseconds of the wall clock), the db and the caller's address, the
// quoting of binary arguments, and what happens to a monitor that disconnects or resets.

import { describe, expect, test } from "bun:test";
import { ManualClock, startServer } from "../../src/index.ts";
import { quoteRepr } from "../../src/server/monitor.ts";
import { RespClient, latin1Bytes } from "../support/resp-client.ts";

const T0 = 1_700_000_000_000;

async function start() {
  const clock = new ManualClock(T0);
  const srv = await startServer({ port: 0, clock });
  return { srv, clock };
}

/** The caller's `ip:port` as the server sees it (CLIENT INFO's addr). */
async function addressOf(client: RespClient): Promise<string> {
  const info = (await client.callDecoded("CLIENT", "INFO")) as string;
  return /addr=(\S+)/.exec(info)![1]!;
}

describe("MONITOR", () => {
  test("a line is the wall time in microseconds, the db and the caller's address, then the quoted argv", async () => {
    const { srv, clock } = await start();
    await using _srv = srv;
    await using monitor = await RespClient.connect(srv.port);
    await using client = await RespClient.connect(srv.port);
    const addr = await addressOf(client);
    expect(await monitor.callText("MONITOR")).toBe("+OK\r\n");
    clock.advance(1.5);
    await client.call("SET", "k", "v");
    expect(await monitor.readText()).toBe(`+1700000000.001500 [0 ${addr}] "SET" "k" "v"\r\n`);
    clock.advance(998.5);
    await client.call("SELECT", "5");
    expect(await monitor.readText()).toBe(`+1700000001.000000 [5 ${addr}] "SELECT" "5"\r\n`);
  });

  test("a unix socket client is shown by the server's socket path", async () => {
    const clock = new ManualClock(T0);
    const socketPath = `/tmp/redbun-monitor-${process.pid}-${Date.now()}.sock`;
    await using srv = await startServer({ port: 0, unixsocket: socketPath, clock });
    await using monitor = await RespClient.connect({ path: socketPath });
    await using client = await RespClient.connect({ path: socketPath });
    await monitor.call("MONITOR");
    await client.call("PING");
    expect(await monitor.readText()).toBe(`+1700000000.000000 [0 unix:${socketPath}] "PING"\r\n`);
    expect(srv.server.monitors.size).toBe(1);
  });

  test("arguments are quoted as sdscatrepr quotes them", () => {
    expect(quoteRepr(latin1Bytes('a"b\\c'))).toBe('"a\\"b\\\\c"');
    expect(quoteRepr(latin1Bytes("\r\n\t\x07\x08"))).toBe('"\\r\\n\\t\\a\\b"');
    expect(quoteRepr(latin1Bytes("\x00\x1f \x7e\x7f\x80\xff"))).toBe('"\\x00\\x1f ~\\x7f\\x80\\xff"');
    expect(quoteRepr(new Uint8Array(0))).toBe('""');
  });

  test("a monitor that disconnects or resets is fed no more", async () => {
    const { srv } = await start();
    await using _srv = srv;
    const gone = await RespClient.connect(srv.port);
    await using resetting = await RespClient.connect(srv.port);
    await using client = await RespClient.connect(srv.port);
    await gone.call("MONITOR");
    await resetting.call("MONITOR");
    expect(srv.server.monitors.size).toBe(2);
    await gone.close();
    // Round trips until the server has seen the close (CLIENT LIST, being admin, is not fed).
    for (let i = 0; i < 50 && srv.server.clients.size > 2; i++) await client.call("CLIENT", "LIST");
    expect(srv.server.monitors.size).toBe(1);
    expect(await resetting.callText("RESET")).toBe("+RESET\r\n");
    expect(srv.server.monitors.size).toBe(0);
    await client.call("SET", "k", "v");
    expect(await resetting.callText("PING")).toBe("+PONG\r\n");
    expect(await resetting.callText("CLIENT", "INFO")).toContain(" flags=N ");
  });

  test("CLIENT LIST flags a monitor with O", async () => {
    const { srv } = await start();
    await using _srv = srv;
    await using monitor = await RespClient.connect(srv.port);
    await monitor.call("MONITOR");
    const info = (await monitor.callDecoded("CLIENT", "INFO")) as string;
    expect(info).toContain(" flags=O ");
    // The monitor is fed its own CLIENT INFO after the reply.
    expect(await monitor.readText()).toMatch(/^\+1700000000\.000000 \[0 [^\]]+\] "CLIENT" "INFO"\r\n$/);
  });
});
