// The blocking list commands over real sockets, one client blocking while others write: wake-up
// on a push, FIFO order among waiters, one push serving several, dbs kept apart, BLMOVE's push
// waking a client blocked on its destination, timeouts driven by a ManualClock and the cron
// (whole and fractional seconds), and CLIENT UNBLOCK. Time moves only when the test says so.

import { describe, expect, test } from "bun:test";
import { blocked, startBlockingSetup, waitBlocked } from "../support/blocking.ts";

describe("BLPOP / BRPOP", () => {
  test("a push wakes the blocked client; the pusher sees the length before the pop", async () => {
    await using setup = await startBlockingSetup();
    const client = await blocked(setup, "BLPOP", "list", "0");
    expect(await setup.writer.callText("RPUSH", "list", "a")).toBe(":1\r\n");
    expect(await client.readText()).toBe("*2\r\n$4\r\nlist\r\n$1\r\na\r\n");
    expect(await setup.writer.callText("EXISTS", "list")).toBe(":0\r\n");
    await waitBlocked(setup.writer, 0);
  });

  test("waiters are served first come, first served", async () => {
    await using setup = await startBlockingSetup();
    const first = await blocked(setup, "BRPOP", "list", "0");
    const second = await blocked(setup, "BRPOP", "list", "0");
    const third = await blocked(setup, "BLPOP", "list", "0");
    expect(await setup.writer.callText("RPUSH", "list", "a")).toBe(":1\r\n");
    expect(await first.readText()).toBe("*2\r\n$4\r\nlist\r\n$1\r\na\r\n");
    expect(await setup.writer.callText("RPUSH", "list", "b")).toBe(":1\r\n");
    expect(await second.readText()).toBe("*2\r\n$4\r\nlist\r\n$1\r\nb\r\n");
    expect(await setup.writer.callText("RPUSH", "list", "c")).toBe(":1\r\n");
    expect(await third.readText()).toBe("*2\r\n$4\r\nlist\r\n$1\r\nc\r\n");
  });

  test("one push of several elements serves several clients, in order; the rest keep waiting", async () => {
    await using setup = await startBlockingSetup();
    const clients = [];
    for (let i = 0; i < 3; i++) clients.push(await blocked(setup, "BLPOP", "list", "0"));
    expect(await setup.writer.callText("RPUSH", "list", "a", "b")).toBe(":2\r\n");
    expect(await clients[0]!.readText()).toBe("*2\r\n$4\r\nlist\r\n$1\r\na\r\n");
    expect(await clients[1]!.readText()).toBe("*2\r\n$4\r\nlist\r\n$1\r\nb\r\n");
    await waitBlocked(setup.writer, 1);
    expect(await setup.writer.callText("EXISTS", "list")).toBe(":0\r\n");
    expect(await setup.writer.callText("LPUSH", "list", "c")).toBe(":1\r\n");
    expect(await clients[2]!.readText()).toBe("*2\r\n$4\r\nlist\r\n$1\r\nc\r\n");
  });

  test("several keys: served from the one that was pushed", async () => {
    await using setup = await startBlockingSetup();
    const client = await blocked(setup, "BRPOP", "a", "b", "c", "0");
    await setup.writer.callText("RPUSH", "b", "1", "2");
    expect(await client.readText()).toBe("*2\r\n$1\r\nb\r\n$1\r\n2\r\n");
    expect(await setup.writer.callText("LRANGE", "b", "0", "-1")).toBe("*1\r\n$1\r\n1\r\n");
  });

  test("a client blocked in db 1 is not woken by a push in db 0", async () => {
    await using setup = await startBlockingSetup();
    const client = await setup.connect();
    expect(await client.callText("SELECT", "1")).toBe("+OK\r\n");
    client.command("BLPOP", "list", "0");
    await waitBlocked(setup.writer, 1);
    await setup.writer.callText("RPUSH", "list", "db0");
    expect(await setup.writer.callText("LLEN", "list")).toBe(":1\r\n");
    await waitBlocked(setup.writer, 1);
    await setup.writer.callText("SELECT", "1");
    await setup.writer.callText("RPUSH", "list", "db1");
    expect(await client.readText()).toBe("*2\r\n$4\r\nlist\r\n$3\r\ndb1\r\n");
    await setup.writer.callText("SELECT", "0");
    expect(await setup.writer.callText("LLEN", "list")).toBe(":1\r\n");
  });

  test("a key that becomes another type does not serve; a list later does", async () => {
    await using setup = await startBlockingSetup();
    const client = await blocked(setup, "BLPOP", "k", "0");
    await setup.writer.callText("SET", "k", "string");
    await waitBlocked(setup.writer, 1);
    await setup.writer.callText("DEL", "k");
    await setup.writer.callText("RPUSH", "k", "x");
    expect(await client.readText()).toBe("*2\r\n$1\r\nk\r\n$1\r\nx\r\n");
  });

  test("pushes inside MULTI/EXEC serve the waiter after EXEC", async () => {
    await using setup = await startBlockingSetup();
    const client = await blocked(setup, "BLPOP", "list", "0");
    const writer = setup.writer;
    await writer.callText("MULTI");
    await writer.callText("RPUSH", "list", "a");
    await writer.callText("RPUSH", "list", "b");
    expect(await writer.callText("EXEC")).toBe("*2\r\n:1\r\n:2\r\n");
    expect(await client.readText()).toBe("*2\r\n$4\r\nlist\r\n$1\r\na\r\n");
    expect(await writer.callText("LRANGE", "list", "0", "-1")).toBe("*1\r\n$1\r\nb\r\n");
  });
});

describe("timeouts", () => {
  test("a whole-second timeout expires in the cron once the clock passes it", async () => {
    await using setup = await startBlockingSetup();
    const client = await blocked(setup, "BLPOP", "list", "2");
    setup.clock.advance(1999);
    setup.srv.server.cron();
    await waitBlocked(setup.writer, 1);
    setup.clock.advance(1);
    setup.srv.server.cron();
    expect(await client.readText()).toBe("*-1\r\n");
    await waitBlocked(setup.writer, 0);
    // The client is free again.
    expect(await client.callText("PING")).toBe("+PONG\r\n");
  });

  test("a fractional timeout, and RESP3's null", async () => {
    await using setup = await startBlockingSetup();
    const client = await setup.connect();
    await client.call("HELLO", "3");
    client.command("BRPOP", "list", "0.25");
    await waitBlocked(setup.writer, 1);
    setup.clock.advance(249);
    setup.srv.server.cron();
    await waitBlocked(setup.writer, 1);
    setup.clock.advance(1);
    setup.srv.server.cron();
    expect(await client.readText()).toBe("_\r\n");
  });

  test("BLMOVE and BLMPOP time out with a nil array too", async () => {
    await using setup = await startBlockingSetup();
    const move = await blocked(setup, "BLMOVE", "src", "dst", "LEFT", "LEFT", "1");
    const mpop = await blocked(setup, "BLMPOP", "1", "1", "list", "LEFT");
    setup.clock.advance(1000);
    setup.srv.server.cron();
    expect(await move.readText()).toBe("*-1\r\n");
    expect(await mpop.readText()).toBe("*-1\r\n");
  });

  test("timeout 0 waits however long the clock runs", async () => {
    await using setup = await startBlockingSetup();
    const client = await blocked(setup, "BLPOP", "list", "0");
    setup.clock.advance(365 * 24 * 3600 * 1000);
    setup.srv.server.cron();
    await waitBlocked(setup.writer, 1);
    await setup.writer.callText("RPUSH", "list", "late");
    expect(await client.readText()).toBe("*2\r\n$4\r\nlist\r\n$4\r\nlate\r\n");
  });
});

describe("CLIENT UNBLOCK", () => {
  test("TIMEOUT answers as a timeout, ERROR with UNBLOCKED", async () => {
    await using setup = await startBlockingSetup();
    const first = await blocked(setup, "BLPOP", "list", "0");
    const firstId = (await setup.writer.callText("CLIENT", "LIST")).match(/id=(\d+) [^\n]*cmd=blpop/)![1]!;
    expect(await setup.writer.callText("CLIENT", "UNBLOCK", firstId, "TIMEOUT")).toBe(":1\r\n");
    expect(await first.readText()).toBe("*-1\r\n");
    const second = await blocked(setup, "BLMOVE", "src", "dst", "RIGHT", "LEFT", "0");
    const secondId = (await setup.writer.callText("CLIENT", "LIST")).match(/id=(\d+) [^\n]*cmd=blmove/)![1]!;
    expect(await setup.writer.callText("CLIENT", "UNBLOCK", secondId, "ERROR")).toBe(":1\r\n");
    expect(await second.readText()).toBe("-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n");
    expect(await setup.writer.callText("CLIENT", "UNBLOCK", secondId)).toBe(":0\r\n");
  });
});

describe("BLMOVE / BRPOPLPUSH / BLMPOP", () => {
  test("BLMOVE's push onto its destination wakes a client blocked there", async () => {
    await using setup = await startBlockingSetup();
    const mover = await blocked(setup, "BLMOVE", "src", "dst", "LEFT", "RIGHT", "0");
    const popper = await blocked(setup, "BLPOP", "dst", "0");
    expect(await setup.writer.callText("RPUSH", "src", "x", "y")).toBe(":2\r\n");
    expect(await mover.readText()).toBe("$1\r\nx\r\n");
    expect(await popper.readText()).toBe("*2\r\n$3\r\ndst\r\n$1\r\nx\r\n");
    expect(await setup.writer.callText("EXISTS", "dst")).toBe(":0\r\n");
    expect(await setup.writer.callText("LRANGE", "src", "0", "-1")).toBe("*1\r\n$1\r\ny\r\n");
  });

  test("BRPOPLPUSH onto a destination of another type answers WRONGTYPE and leaves the source", async () => {
    await using setup = await startBlockingSetup();
    await setup.writer.callText("SET", "dst", "string");
    const client = await blocked(setup, "BRPOPLPUSH", "src", "dst", "0");
    await setup.writer.callText("RPUSH", "src", "x");
    expect(await client.readText()).toBe("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    expect(await setup.writer.callText("LRANGE", "src", "0", "-1")).toBe("*1\r\n$1\r\nx\r\n");
    await waitBlocked(setup.writer, 0);
  });

  test("BLMPOP with COUNT takes up to count elements of the key that was pushed", async () => {
    await using setup = await startBlockingSetup();
    const client = await blocked(setup, "BLMPOP", "0", "2", "a", "b", "RIGHT", "COUNT", "2");
    await setup.writer.callText("RPUSH", "b", "1", "2", "3");
    expect(await client.readText()).toBe("*2\r\n$1\r\nb\r\n*2\r\n$1\r\n3\r\n$1\r\n2\r\n");
    expect(await setup.writer.callText("LRANGE", "b", "0", "-1")).toBe("*1\r\n$1\r\n1\r\n");
  });

  test("an LMOVE onto a key someone waits on serves that client", async () => {
    await using setup = await startBlockingSetup();
    await setup.writer.callText("RPUSH", "src", "a", "b");
    const client = await blocked(setup, "BRPOP", "dst", "0");
    expect(await setup.writer.callText("LMOVE", "src", "dst", "LEFT", "LEFT")).toBe("$1\r\na\r\n");
    expect(await client.readText()).toBe("*2\r\n$3\r\ndst\r\n$1\r\na\r\n");
  });
});
