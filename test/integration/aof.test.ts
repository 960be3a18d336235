// The AOF in a running redbun: fsync policies (counted through an injected AofIo, with the
// server's sockets watched so no reply leaves before its write is fsynced under `always`),
// expired keys as DEL, restarts, CONFIG SET appendonly, BGREWRITEAOF (point in time while
// writes go on, scheduling behind a BGSAVE or inside MULTI, the automatic one), timestamps,
// and loading damaged files as Redis does. Time is a ManualClock; nothing sleeps for time.

import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ManualClock, startServer, type StartOptions } from "../../src/index.ts";
import type { AofIo } from "../../src/persistence/aof/io.ts";
import { nodeAofIo } from "../../src/persistence/aof/io.ts";
import type { Server } from "../../src/server/server.ts";
import { currentIncrPath, parseCommands, readManifestLines } from "../support/aof-files.ts";
import { RespClient } from "../support/resp-client.ts";
import { comparableKeyspace } from "../unit/persistence/rdb/snapshot.ts";

let dir = "";
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "redbun-aof-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const aofDir = () => join(dir, "appendonlydir");

function start(options: StartOptions = {}) {
  return startServer({ port: 0, dir, appendonly: true, save: [], ...options });
}

/** Every command in the current incr file. */
function incrCommands(): string[][] {
  return parseCommands(readFileSync(currentIncrPath(dir)));
}

/** An AofIo that counts what goes through it. */
function countingIo() {
  const counts = { writes: 0, fsyncs: 0, backgroundFsyncs: 0 };
  const io: AofIo = {
    write: (fd, bytes, offset, length) => {
      counts.writes++;
      return nodeAofIo.write(fd, bytes, offset, length);
    },
    fsync: (fd) => {
      counts.fsyncs++;
      nodeAofIo.fsync(fd);
    },
    // Done at once, so a test knows when the next one may start.
    fsyncInBackground: (fd, done) => {
      counts.backgroundFsyncs++;
      nodeAofIo.fsync(fd);
      done(null);
    },
    syncDirectoryOf: (path) => nodeAofIo.syncDirectoryOf(path),
  };
  return { io, counts };
}

describe("appendfsync", () => {
  test("always: one fsync per event-loop turn, and no reply leaves before it", async () => {
    await using srv = await start({ appendfsync: "always" });
    const { io, counts } = countingIo();
    let unsynced = false;
    let repliesBeforeFsync = 0;
    srv.server.aof.io = {
      ...io,
      write: (fd, bytes, offset, length) => {
        unsynced = true;
        return io.write(fd, bytes, offset, length);
      },
      fsync: (fd) => {
        io.fsync(fd);
        unsynced = false;
      },
    };
    const clients = await Promise.all(Array.from({ length: 8 }, () => RespClient.connect(srv.port)));
    await Promise.all(clients.map((c) => c.call("PING")));
    watchReplies(srv.server, () => {
      if (unsynced) repliesBeforeFsync++;
    });
    // 8 clients × 50 pipelined SETs: far fewer fsyncs than writes, as they share turns.
    for (let round = 0; round < 5; round++) {
      await Promise.all(
        clients.map(async (c, i) => {
          c.pipeline(Array.from({ length: 10 }, (_, j) => ["SET", `k${i}:${round}:${j}`, "v"]));
          for (let j = 0; j < 10; j++) expect(await c.readReply()).toEqual(Buffer.from("+OK\r\n"));
        }),
      );
    }
    expect(repliesBeforeFsync).toBe(0);
    expect(counts.fsyncs).toBeGreaterThan(0);
    expect(counts.fsyncs).toBeLessThan(400);
    expect(counts.fsyncs).toBe(counts.writes);
    // A read-only command needs no fsync.
    const before = counts.fsyncs;
    await clients[0]!.call("GET", "k0:0:0");
    expect(counts.fsyncs).toBe(before);
    for (const c of clients) await c.close();
  });

  test("everysec: fsyncs in the background, at most once a second", async () => {
    const clock = new ManualClock();
    await using srv = await start({ appendfsync: "everysec", clock });
    const { io, counts } = countingIo();
    srv.server.aof.io = io;
    const c = await RespClient.connect(srv.port);
    for (let i = 0; i < 20; i++) await c.call("SET", `k${i}`, "v");
    // Within the first second after start-up nothing is fsynced, but every write is written.
    expect(counts.backgroundFsyncs).toBe(0);
    expect(counts.fsyncs).toBe(0);
    expect(incrCommands().length).toBe(21);
    clock.advance(1000);
    for (let i = 0; i < 20; i++) await c.call("SET", `k${i}`, "w");
    expect(counts.backgroundFsyncs).toBe(1);
    // Written data not fsynced yet: the cron fsyncs it a second later even without new writes.
    clock.advance(999);
    srv.server.cron();
    expect(counts.backgroundFsyncs).toBe(1);
    clock.advance(1);
    srv.server.aof.cron();
    expect(counts.backgroundFsyncs).toBe(2);
    // Nothing new written: no further fsync.
    clock.advance(5000);
    srv.server.aof.cron();
    expect(counts.backgroundFsyncs).toBe(2);
    expect(counts.fsyncs).toBe(0);
    await c.close();
  });

  test("no: never fsyncs while running; shutdown does", async () => {
    const clock = new ManualClock();
    const { io, counts } = countingIo();
    {
      await using srv = await start({ appendfsync: "no", clock });
      srv.server.aof.io = io;
      const c = await RespClient.connect(srv.port);
      for (let i = 0; i < 20; i++) await c.call("SET", `k${i}`, "v");
      clock.advance(10_000);
      srv.server.cron();
      expect(counts.fsyncs + counts.backgroundFsyncs).toBe(0);
      await c.close();
    }
    expect(counts.fsyncs).toBe(1);
  });

  test("CONFIG GET/SET of the AOF settings", async () => {
    await using srv = await start();
    const c = await RespClient.connect(srv.port);
    expect(await c.callText("CONFIG", "SET", "appendfsync", "always")).toBe("+OK\r\n");
    expect(await c.callText("CONFIG", "GET", "appendfsync")).toBe("*2\r\n$11\r\nappendfsync\r\n$6\r\nalways\r\n");
    expect(await c.callText("CONFIG", "SET", "appenddirname", "x")).toContain("can't set immutable config");
    await c.close();
  });
});

/** Calls `onWrite` whenever the server writes to any client socket. */
function watchReplies(server: Server, onWrite: () => void): void {
  for (const client of server.clients.values()) {
    const socket = client.socket!;
    const write = socket.write.bind(socket);
    Object.defineProperty(socket, "write", {
      value: (...args: Parameters<typeof socket.write>) => {
        onWrite();
        return write(...args);
      },
    });
  }
}

describe("what is appended", () => {
  test("expired keys removed by the active cycle are appended as DEL, in their db", async () => {
    const clock = new ManualClock();
    await using srv = await start({ clock });
    const c = await RespClient.connect(srv.port);
    await c.call("SET", "a", "v", "PX", "100");
    await c.call("SELECT", "3");
    await c.call("SET", "b", "v", "PX", "100");
    await c.call("SET", "c", "v");
    clock.advance(200);
    srv.server.cron();
    const deadline = String(clock.nowMs() - 100);
    expect(incrCommands()).toEqual([
      ["SELECT", "0"],
      ["SET", "a", "v", "PXAT", deadline],
      ["SELECT", "3"],
      ["SET", "b", "v", "PXAT", deadline],
      ["SET", "c", "v"],
      // The cycle goes through the dbs in order.
      ["SELECT", "0"],
      ["DEL", "a"],
      ["SELECT", "3"],
      ["DEL", "b"],
    ]);
    await c.close();
  });

  test("aof-timestamp-enabled writes #TS annotations, which loading skips", async () => {
    const clock = new ManualClock(1_700_000_000_000);
    {
      await using srv = await start({ clock, "aof-timestamp-enabled": true });
      const c = await RespClient.connect(srv.port);
      await c.call("SET", "a", "1");
      await c.call("SET", "b", "2");
      clock.advance(1500);
      await c.call("SET", "c", "3");
      await c.close();
    }
    expect(incrCommands()).toEqual([
      ["#TS:1700000000"],
      ["SELECT", "0"],
      ["SET", "a", "1"],
      ["SET", "b", "2"],
      ["#TS:1700000001"],
      ["SET", "c", "3"],
    ]);
    await using srv = await start({ clock });
    const c = await RespClient.connect(srv.port);
    expect(await c.callText("MGET", "a", "b", "c")).toBe("*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n");
    await c.close();
  });
});

describe("start-up and restarts", () => {
  test("a fresh start writes an empty base and an incr file, named as Redis names them", async () => {
    await using srv = await start();
    expect(readManifestLines(dir)).toEqual([
      { name: "appendonly.aof.1.base.rdb", seq: 1, type: "b" },
      { name: "appendonly.aof.1.incr.aof", seq: 1, type: "i" },
    ]);
    expect(readFileSync(join(aofDir(), "appendonly.aof.1.base.rdb")).subarray(0, 9).toString()).toBe("REDIS0010");
    expect(readFileSync(join(aofDir(), "appendonly.aof.manifest"), "latin1")).toBe(
      "file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n",
    );
    void srv;
  });

  test("the dataset survives a restart, and appending goes on in the same incr file", async () => {
    let expected;
    {
      await using srv = await start();
      const c = await RespClient.connect(srv.port);
      await c.call("RPUSH", "l", "a", "b");
      await c.call("SET", "s", "v", "EX", "1000");
      await c.call("SELECT", "2");
      await c.call("HSET", "h", "f", "v");
      expected = await comparableKeyspace(c);
      await c.close();
    }
    await using srv = await start();
    const c = await RespClient.connect(srv.port);
    expect(await comparableKeyspace(c)).toEqual(expected);
    await c.call("SET", "more", "1");
    await c.close();
    expect(readManifestLines(dir).map((l) => l.name)).toEqual(["appendonly.aof.1.base.rdb", "appendonly.aof.1.incr.aof"]);
    expect(incrCommands().slice(-1)).toEqual([["SET", "more", "1"]]);
  });

  test("with appendonly yes the AOF wins: dump.rdb is not loaded", async () => {
    {
      await using srv = await start({ appendonly: false });
      const c = await RespClient.connect(srv.port);
      await c.call("SET", "from-rdb", "1");
      await c.call("SAVE");
      await c.close();
    }
    await using srv = await start();
    const c = await RespClient.connect(srv.port);
    expect(await c.callText("DBSIZE")).toBe(":0\r\n");
    await c.close();
  });

  test("loaded commands count as changes but not as calls", async () => {
    {
      await using srv = await start();
      const c = await RespClient.connect(srv.port);
      await c.call("SET", "a", "1");
      await c.call("INCR", "a");
      await c.close();
    }
    await using srv = await start();
    const c = await RespClient.connect(srv.port);
    expect(await c.callText("INFO", "persistence")).toContain("rdb_changes_since_last_save:2\r\n");
    expect(await c.callText("INFO", "commandstats")).not.toContain("cmdstat_set");
    await c.close();
  });

  test("keys whose TTL passed while the server was down keep their later writes until loaded", async () => {
    const clock = new ManualClock();
    {
      await using srv = await start({ clock });
      const c = await RespClient.connect(srv.port);
      await c.call("SET", "k", "v", "PX", "1000");
      await c.call("APPEND", "k", "w");
      await c.close();
    }
    clock.advance(5000);
    // Replay keeps the TTL with its key (it would otherwise come back as "w" with no TTL).
    await using srv = await start({ clock });
    const c = await RespClient.connect(srv.port);
    expect(await c.callText("EXISTS", "k")).toBe(":0\r\n");
    await c.close();
  });
});

describe("turning it on and off", () => {
  test("CONFIG SET appendonly yes writes a base of the dataset first, then appends", async () => {
    let expected;
    {
      await using srv = await start({ appendonly: false });
      const c = await RespClient.connect(srv.port);
      await c.call("SET", "before", "1");
      await c.call("SADD", "s", "a", "b");
      expect(existsSync(aofDir())).toBe(false);
      expect(await c.callText("CONFIG", "SET", "appendonly", "yes")).toBe("+OK\r\n");
      // Writes while the base is being written go to the temporary incr file.
      await c.call("SET", "during", "1");
      await srv.server.aof.rewriteEnded;
      await c.call("SET", "after", "1");
      expect(readManifestLines(dir)).toEqual([
        { name: "appendonly.aof.1.base.rdb", seq: 1, type: "b" },
        { name: "appendonly.aof.1.incr.aof", seq: 1, type: "i" },
      ]);
      expect(await c.callText("INFO", "persistence")).toContain("aof_enabled:1\r\n");
      expected = await comparableKeyspace(c);
      expect(await c.callText("CONFIG", "SET", "appendonly", "no")).toBe("+OK\r\n");
      await c.call("SET", "not-logged", "1");
      await c.close();
    }
    await using srv = await start();
    const c = await RespClient.connect(srv.port);
    expect(await comparableKeyspace(c)).toEqual(expected);
    await c.close();
  });
});

describe("BGREWRITEAOF", () => {
  test("a point-in-time base while writes go on; the new incr file holds them", async () => {
    let expected;
    {
      await using srv = await start();
      // Small slices, so that writes land while the base is half written.
      srv.server.rdb.slices.keysPerSlice = 50;
      const c = await RespClient.connect(srv.port);
      c.pipeline(Array.from({ length: 2000 }, (_, i) => ["SET", `k${i}`, `v${i}`]));
      for (let i = 0; i < 2000; i++) await c.readReply();
      expect(await c.callText("BGREWRITEAOF")).toBe("+Background append only file rewriting started\r\n");
      expect(await c.callText("BGREWRITEAOF")).toBe("-ERR Background append only file rewriting already in progress\r\n");
      let writesDuringRewrite = 0;
      while (srv.server.aof.rewriteInProgress) {
        const i = writesDuringRewrite++;
        await c.call("SET", `k${(i * 37) % 2000}`, `changed${i}`);
        await c.call("DEL", `k${(i * 53 + 1) % 2000}`);
        await c.call("RPUSH", "log", String(i));
      }
      expect(writesDuringRewrite).toBeGreaterThan(3);
      expect(await c.callText("INFO", "persistence")).toContain("aof_rewrites:1\r\n");
      expect(readManifestLines(dir).map((l) => l.name)).toEqual(["appendonly.aof.2.base.rdb", "appendonly.aof.2.incr.aof"]);
      expect(existsSync(join(aofDir(), "appendonly.aof.1.incr.aof"))).toBe(false);
      expected = await comparableKeyspace(c);
      await c.close();
    }
    await using srv = await start();
    const c = await RespClient.connect(srv.port);
    expect(await comparableKeyspace(c)).toEqual(expected);
    await c.close();
  });

  test("scheduled behind a BGSAVE and inside MULTI; the cron starts it", async () => {
    await using srv = await start();
    srv.server.rdb.slices.keysPerSlice = 1;
    const c = await RespClient.connect(srv.port);
    for (let i = 0; i < 50; i++) await c.call("SET", `k${i}`, "v");
    expect(await c.callText("BGSAVE")).toBe("+Background saving started\r\n");
    expect(await c.callText("BGREWRITEAOF")).toBe("+Background append only file rewriting scheduled\r\n");
    expect(await c.callText("INFO", "persistence")).toContain("aof_rewrite_scheduled:1\r\n");
    while (srv.server.rdb.child !== null) await Bun.sleep(1);
    srv.server.cron();
    expect(srv.server.aof.rewriteInProgress).toBe(true);
    await srv.server.aof.rewriteEnded;
    await c.call("MULTI");
    await c.call("BGREWRITEAOF");
    expect(await c.callText("EXEC")).toBe("*1\r\n+Background append only file rewriting scheduled\r\n");
    srv.server.cron();
    await srv.server.aof.rewriteEnded;
    expect(await c.callText("INFO", "persistence")).toContain("aof_rewrites:2\r\n");
    await c.close();
  });

  test("with appendonly no it writes a base alone", async () => {
    await using srv = await start({ appendonly: false });
    const c = await RespClient.connect(srv.port);
    await c.call("SET", "a", "1");
    expect(await c.callText("BGREWRITEAOF")).toBe("+Background append only file rewriting started\r\n");
    await srv.server.aof.rewriteEnded;
    expect(readManifestLines(dir)).toEqual([{ name: "appendonly.aof.1.base.rdb", seq: 1, type: "b" }]);
    await c.close();
  });

  test("auto-aof-rewrite-percentage starts one once the AOF has grown enough", async () => {
    await using srv = await start({ "auto-aof-rewrite-min-size": 1024, "auto-aof-rewrite-percentage": 100 });
    const c = await RespClient.connect(srv.port);
    const baseSize = srv.server.aof.baseSize;
    srv.server.cron();
    expect(srv.server.aof.rewriteInProgress).toBe(false);
    let i = 0;
    while (srv.server.aof.currentSize < Math.max(1025, baseSize * 2)) await c.call("SET", `key:${i++}`, "x".repeat(40));
    srv.server.cron();
    expect(srv.server.aof.rewriteInProgress).toBe(true);
    await srv.server.aof.rewriteEnded;
    expect(srv.server.aof.baseSize).toBe(srv.server.aof.currentSize);
    expect(await c.callText("INFO", "persistence")).toContain("aof_rewrites:1\r\n");
    await c.close();
  });
});

describe("loading damaged files", () => {
  /** Writes an AOF directory by hand: a command base and one incr file. */
  function writeAof(incr: string, base = "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$4\r\nbase\r\n$1\r\n1\r\n"): string {
    const path = join(aofDir(), "appendonly.aof.1.incr.aof");
    rmSync(aofDir(), { recursive: true, force: true });
    mkdirSync(aofDir(), { recursive: true });
    writeFileSync(join(aofDir(), "appendonly.aof.1.base.aof"), base, "latin1");
    writeFileSync(path, incr, "latin1");
    writeFileSync(
      join(aofDir(), "appendonly.aof.manifest"),
      "file appendonly.aof.1.base.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n",
    );
    return path;
  }
  const SET_A = "*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n";

  test("a truncated last command is cut off, with the file, when aof-load-truncated is on", async () => {
    const path = writeAof(SET_A + "*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$5\r\nab");
    const lines: string[] = [];
    await using srv = await start({ log: (line) => lines.push(line) });
    const c = await RespClient.connect(srv.port);
    expect(await c.callText("MGET", "base", "a", "b")).toBe("*3\r\n$1\r\n1\r\n$1\r\n1\r\n$-1\r\n");
    expect(lines.join("")).toContain("!!! Truncating the AOF appendonly.aof.1.incr.aof at offset 27 !!!");
    expect(readFileSync(path, "latin1")).toBe(SET_A);
    await c.close();
  });

  test("an incomplete MULTI at the end is reverted", async () => {
    const path = writeAof(SET_A + "*1\r\n$5\r\nMULTI\r\n" + "*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$1\r\n2\r\n");
    await using srv = await start();
    const c = await RespClient.connect(srv.port);
    expect(await c.callText("EXISTS", "a", "b")).toBe(":1\r\n");
    expect(readFileSync(path, "latin1")).toBe(SET_A);
    await c.close();
  });

  test("a truncated command with aof-load-truncated no refuses to start", async () => {
    writeAof(SET_A + "*3\r\n$3\r\nSET\r\n");
    expect(start({ "aof-load-truncated": false })).rejects.toThrow("Unexpected end of file reading the append only file appendonly.aof.1.incr.aof");
  });

  test("damage in the middle refuses to start, naming the file and the offset", async () => {
    writeAof(SET_A + "+junk\r\n" + SET_A);
    expect(start()).rejects.toThrow("Bad file format reading the append only file appendonly.aof.1.incr.aof (at offset 27)");
  });

  test("a truncated file that is not the last one refuses to start", async () => {
    writeAof(SET_A, "*3\r\n$3\r\nSET\r\n$1\r\nx");
    expect(start()).rejects.toThrow("is not the last file");
  });

  test("an unknown command refuses to start", async () => {
    writeAof("*1\r\n$7\r\nNOTACMD\r\n");
    expect(start()).rejects.toThrow("Unknown command 'NOTACMD' reading the append only file appendonly.aof.1.incr.aof");
  });

  test("a manifest naming a missing file, or a bad manifest, refuses to start", async () => {
    writeAof(SET_A);
    rmSync(join(aofDir(), "appendonly.aof.1.incr.aof"));
    expect(start()).rejects.toThrow("appendonly.aof.1.incr.aof");
    writeAof(SET_A);
    appendFileSync(join(aofDir(), "appendonly.aof.manifest"), "file x seq 1\n");
    expect(start()).rejects.toThrow("Invalid AOF manifest file format at line 3");
  });

  test("a bit flipped in an RDB base refuses to start", async () => {
    {
      await using srv = await start();
      const c = await RespClient.connect(srv.port);
      await c.call("SET", "a", "1");
      await c.call("BGREWRITEAOF");
      await srv.server.aof.rewriteEnded;
      await c.close();
    }
    const base = join(aofDir(), "appendonly.aof.2.base.rdb");
    const bytes = readFileSync(base);
    bytes[bytes.length - 12] = bytes[bytes.length - 12]! ^ 0x40;
    writeFileSync(base, bytes);
    expect(start()).rejects.toThrow("Error reading the RDB base file appendonly.aof.2.base.rdb");
    truncateSync(base, 20);
    expect(start()).rejects.toThrow("appendonly.aof.2.base.rdb");
  });
});

describe("write errors", () => {
  const failing = (code: string): AofIo["write"] => () => {
    throw Object.assign(new Error(`${code}: simulated`), { code });
  };

  test("everysec: writes answer MISCONF until the AOF can be written again", async () => {
    await using srv = await start({ appendfsync: "everysec" });
    const c = await RespClient.connect(srv.port);
    await c.call("SET", "a", "1");
    srv.server.aof.io = { ...nodeAofIo, write: failing("ENOSPC") };
    // This write is applied and answered; its AOF write fails and waits in the buffer.
    expect(await c.callText("SET", "b", "2")).toBe("+OK\r\n");
    expect(await c.callText("SET", "c", "3")).toBe("-MISCONF Errors writing to the AOF file: No space left on device\r\n");
    expect(await c.callText("PING")).toBe("-MISCONF Errors writing to the AOF file: No space left on device\r\n");
    expect(await c.callText("GET", "a")).toBe("$1\r\n1\r\n");
    expect(await c.callText("INFO", "persistence")).toContain("aof_last_write_status:err\r\n");
    srv.server.aof.io = nodeAofIo;
    srv.server.cron();
    expect(await c.callText("SET", "c", "3")).toBe("+OK\r\n");
    expect(incrCommands()).toEqual([["SELECT", "0"], ["SET", "a", "1"], ["SET", "b", "2"], ["SET", "c", "3"]]);
    await c.close();
  });

  test("always: a write that cannot reach the AOF is never acknowledged; the server stops", async () => {
    const srv = await start({ appendfsync: "always" });
    const c = await RespClient.connect(srv.port);
    await c.call("SET", "a", "1");
    srv.server.aof.io = { ...nodeAofIo, write: failing("EIO") };
    c.command("SET", "b", "2");
    await srv.closed;
    await c.closed;
    expect(c.isOpen).toBe(false);
    expect(await c.readReply().catch(() => "no reply")).toBe("no reply");
  });
});
