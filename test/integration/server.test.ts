// The server group against redbun alone, where real Redis cannot be the oracle: figures that
// depend on the clock or the process (TIME, INFO), settings that act at run time (CONFIG SET
// requirepass / maxclients / timeout / hz / port / bind, unixsocketperm, tcp-keepalive),
// statistics, DEBUG, SHUTDOWN, and the COMMAND replies that list the whole command table.
// Time moves only through a ManualClock.

import { describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import packageJson from "../../package.json" with { type: "json" };
import { commandTable } from "../../src/commands/table.ts";
import { ManualClock, startServer, type StartOptions } from "../../src/index.ts";
import { RespClient, decodeReply, latin1, type RespValue } from "../support/resp-client.ts";

const START_MS = 1_700_000_000_123;

/** A server on a fresh temp dir (its log goes to a file there), with a ManualClock. */
async function start(options: StartOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), "redbun-server-test-"));
  const clock = new ManualClock(START_MS);
  const logfile = join(dir, "redbun.log");
  const srv = await startServer({ port: 0, dir, logfile, save: [], clock, ...options });
  const connect = () => RespClient.connect({ port: srv.port, host: "127.0.0.1" });
  return {
    srv,
    clock,
    connect,
    log: () => readFileSync(logfile, "utf8"),
    async [Symbol.asyncDispose]() {
      await srv.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A port nothing listens on right now (the OS picked it and it was let go). */
function freePort(): number {
  const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = probe.port;
  probe.stop(true);
  return port;
}

/** Whether a TCP connection to host:port is refused. */
async function refused(port: number, host = "127.0.0.1"): Promise<boolean> {
  try {
    const c = await RespClient.connect({ port, host });
    await c.close();
    return false;
  } catch {
    return true;
  }
}

/** INFO's text as a map of field → value (section titles skipped). */
async function infoFields(client: RespClient, ...sections: string[]): Promise<Map<string, string>> {
  const text = decodeReply(await client.call("INFO", ...sections)) as string;
  const fields = new Map<string, string>();
  for (const line of text.split("\r\n")) {
    const colon = line.indexOf(":");
    if (line.startsWith("#") || colon === -1) continue;
    fields.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return fields;
}

describe("TIME", () => {
  test("answers the server clock's seconds and microseconds", async () => {
    await using t = await start();
    await using c = await t.connect();
    expect(await c.callText("TIME")).toBe("*2\r\n$10\r\n1700000000\r\n$6\r\n123000\r\n");
    t.clock.advance(2_000.5);
    expect(await c.callText("TIME")).toBe("*2\r\n$10\r\n1700000002\r\n$6\r\n123500\r\n");
  });
});

describe("INFO", () => {
  test("is one bulk string of CRLF lines, default sections in Redis's order", async () => {
    await using t = await start();
    await using c = await t.connect();
    const text = decodeReply(await c.call("INFO")) as string;
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.includes("\n") && !/[^\r]\n/.test(text)).toBe(true);
    expect(text.split("\r\n").filter((line) => line.startsWith("#"))).toEqual([
      "# Server", "# Clients", "# Memory", "# Persistence", "# Stats", "# Replication", "# CPU", "# Modules",
      "# Errorstats", "# Cluster", "# Keyspace",
    ]);
    const all = decodeReply(await c.call("INFO", "all")) as string;
    expect(all.split("\r\n").filter((line) => line.startsWith("#"))).toEqual([
      "# Server", "# Clients", "# Memory", "# Persistence", "# Stats", "# Replication", "# CPU", "# Modules",
      "# Commandstats", "# Errorstats", "# Latencystats", "# Cluster", "# Keyspace",
    ]);
    expect(await c.callText("INFO", "nosuch")).toBe("$0\r\n\r\n");
  });

  test("server section: versions, port, clock-driven uptime, stable run_id", async () => {
    await using t = await start();
    await using c = await t.connect();
    const before = await infoFields(c, "server");
    expect(before.get("redis_version")).toBe("7.0.15");
    expect(before.get("redbun_version")).toBe(packageJson.version);
    expect(before.get("tcp_port")).toBe(String(t.srv.port));
    expect(before.get("process_id")).toBe(String(process.pid));
    expect(before.get("uptime_in_seconds")).toBe("0");
    expect(before.get("server_time_usec")).toBe(String(START_MS * 1000));
    expect(before.get("run_id")).toMatch(/^[0-9a-f]{40}$/);
    expect(before.get("hz")).toBe("10");
    t.clock.advance(90_061_000);
    const after = await infoFields(c, "server");
    expect(after.get("uptime_in_seconds")).toBe("90061");
    expect(after.get("uptime_in_days")).toBe("1");
    expect(after.get("lru_clock")).toBe(String(Math.floor((START_MS + 90_061_000) / 1000) & 0xffffff));
    expect(after.get("run_id")).toBe(before.get("run_id")!);
  });

  test("what ioredis and other clients read before they are ready", async () => {
    await using t = await start();
    await using c = await t.connect();
    const fields = await infoFields(c);
    expect(fields.get("loading")).toBe("0");
    expect(fields.get("role")).toBe("master");
    expect(fields.get("redis_mode")).toBe("standalone");
    expect(fields.get("connected_clients")).toBe("1");
    expect(Number(fields.get("used_memory"))).toBeGreaterThan(0);
    expect(fields.get("used_memory_human")).toMatch(/^\d+(\.\d\d[KMGTP])?B?$/);
    expect(fields.get("maxmemory_policy")).toBe("noeviction");
  });

  test("keyspace lines per non-empty db, with keys, expires and the mean TTL left", async () => {
    await using t = await start();
    await using c = await t.connect();
    expect(await c.callText("INFO", "keyspace")).toBe("$12\r\n# Keyspace\r\n\r\n");
    await c.call("SET", "a", "1");
    await c.call("SET", "b", "1", "PX", "10000");
    await c.call("SET", "c", "1", "PX", "20000");
    await c.call("SELECT", "3");
    await c.call("SET", "d", "1");
    expect(decodeReply(await c.call("INFO", "keyspace"))).toBe(
      "# Keyspace\r\ndb0:keys=3,expires=2,avg_ttl=15000\r\ndb3:keys=1,expires=0,avg_ttl=0\r\n",
    );
    t.clock.advance(4000);
    expect((await infoFields(c, "keyspace")).get("db0")).toBe("keys=3,expires=2,avg_ttl=11000");
  });

  test("stats: commands, connections, hits and misses, expired keys, errors", async () => {
    await using t = await start();
    await using c = await t.connect();
    await c.call("SET", "k", "v");
    await c.call("GET", "k");
    await c.call("GET", "missing");
    await c.call("SET", "gone", "v", "PX", "10");
    t.clock.advance(20);
    t.srv.server.cron();
    await c.call("NOSUCHCOMMAND");
    await c.call("GET");
    await c.call("SET", "k", "v", "EX", "abc");
    const stats = await infoFields(c, "stats");
    expect(stats.get("total_connections_received")).toBe("1");
    expect(stats.get("total_commands_processed")).toBe("5");
    expect(stats.get("keyspace_hits")).toBe("1");
    expect(stats.get("keyspace_misses")).toBe("1");
    expect(stats.get("expired_keys")).toBe("1");
    expect(stats.get("total_error_replies")).toBe("3");
    const text = decodeReply(await c.call("INFO", "commandstats", "errorstats")) as string;
    expect(text).toMatch(/\r\ncmdstat_get:calls=2,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=1,failed_calls=0\r\n/);
    expect(text).toMatch(/\r\ncmdstat_set:calls=3,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=0,failed_calls=1\r\n/);
    expect(text).toContain("# Errorstats\r\nerrorstat_ERR:count=3\r\n");
  });

  test("commandstats follow the command table's order, subcommands after their container", async () => {
    await using t = await start();
    await using c = await t.connect();
    await c.call("CONFIG", "GET", "hz");
    await c.call("DBSIZE");
    await c.call("COMMAND", "COUNT");
    await c.call("CONFIG");
    const text = decodeReply(await c.call("INFO", "commandstats")) as string;
    const names = [...text.matchAll(/cmdstat_([^:]+):/g)].map((m) => m[1]);
    const order = [...commandTable.values()].flatMap((cmd) => [cmd.fullName, ...[...cmd.subcommands.values()].map((s) => s.fullName)]);
    expect(names).toEqual(order.filter((name) => names.includes(name)));
    expect(names).toEqual(expect.arrayContaining(["config", "config|get", "dbsize", "command|count"]));
    expect(text).toMatch(/cmdstat_config:calls=0,usec=0,usec_per_call=0\.00,rejected_calls=1,failed_calls=0/);
  });

  test("errorstats list codes in byte order", async () => {
    await using t = await start();
    await using c = await t.connect();
    await c.call("SET", "k", "v");
    await c.call("SWAPDB", "0", "99");
    await c.call("INCR", "k");
    await c.call("CONFIG", "SET", "requirepass", "pw");
    await using other = await t.connect();
    await other.call("GET", "k");
    const text = decodeReply(await c.call("INFO", "errorstats")) as string;
    expect(text).toBe("# Errorstats\r\nerrorstat_ERR:count=2\r\nerrorstat_NOAUTH:count=1\r\n");
  });
});

describe("CONFIG", () => {
  test("RESETSTAT zeroes statistics; its own call is what remains", async () => {
    await using t = await start();
    await using c = await t.connect();
    await c.call("SET", "k", "v");
    await c.call("GET", "k");
    await c.call("GET", "nope");
    await c.call("NOSUCH");
    expect(await c.callText("CONFIG", "RESETSTAT")).toBe("+OK\r\n");
    const text = decodeReply(await c.call("INFO", "commandstats", "errorstats", "stats")) as string;
    expect(text).toMatch(/# Commandstats\r\ncmdstat_config\|resetstat:calls=1,usec=\d+,usec_per_call=[\d.]+,rejected_calls=0,failed_calls=0\r\n\r\n/);
    expect(text.endsWith("# Errorstats\r\n")).toBe(true);
    expect(text).toContain("\r\ntotal_commands_processed:1\r\n");
    expect(text).toContain("\r\nkeyspace_hits:0\r\nkeyspace_misses:0\r\n");
    expect(text).toContain("\r\ntotal_error_replies:0\r\n");
  });

  test("SET requirepass: new connections must AUTH, existing ones keep going", async () => {
    await using t = await start();
    await using admin = await t.connect();
    expect(await admin.callText("CONFIG", "SET", "requirepass", "s3cret")).toBe("+OK\r\n");
    expect(await admin.callText("PING")).toBe("+PONG\r\n");
    await using late = await t.connect();
    expect(await late.callText("GET", "k")).toBe("-NOAUTH Authentication required.\r\n");
    expect(await admin.callText("CONFIG", "SET", "requirepass", "")).toBe("+OK\r\n");
    await using later = await t.connect();
    expect(await later.callText("GET", "k")).toBe("$-1\r\n");
  });

  test("SET maxclients: connections past the limit are refused", async () => {
    await using t = await start();
    await using first = await t.connect();
    expect(await first.callText("CONFIG", "SET", "maxclients", "1")).toBe("+OK\r\n");
    await using second = await t.connect();
    expect(latin1(await second.readUntilClosed())).toBe("-ERR max number of clients reached\r\n");
    expect(await first.callText("CONFIG", "SET", "maxclients", "10")).toBe("+OK\r\n");
    await using third = await t.connect();
    expect(await third.callText("PING")).toBe("+PONG\r\n");
  });

  test("SET timeout: idle clients are closed by the cron", async () => {
    await using t = await start();
    await using idle = await t.connect();
    await using admin = await t.connect();
    expect(await idle.callText("PING")).toBe("+PONG\r\n");
    expect(await admin.callText("CONFIG", "SET", "timeout", "10")).toBe("+OK\r\n");
    t.clock.advance(5_000);
    expect(await admin.callText("PING")).toBe("+PONG\r\n");
    t.clock.advance(6_000);
    t.srv.server.cron();
    expect(latin1(await idle.readUntilClosed())).toBe("");
    expect(await admin.callText("PING")).toBe("+PONG\r\n");
  });

  test("SET hz: INFO reports the new rate", async () => {
    await using t = await start();
    await using c = await t.connect();
    expect(await c.callText("CONFIG", "SET", "hz", "100")).toBe("+OK\r\n");
    expect((await infoFields(c, "server")).get("hz")).toBe("100");
    expect(await c.callText("CONFIG", "SET", "hz", "0")).toBe("+OK\r\n");
    expect(await c.callText("CONFIG", "GET", "hz")).toBe("*2\r\n$2\r\nhz\r\n$1\r\n1\r\n");
  });

  test("settings redbun does not have yet are unknown, not stored", async () => {
    await using t = await start();
    await using c = await t.connect();
    for (const name of ["lazyfree-lazy-expire", "aof-rewrite-incremental-fsync", "maxmemory", "maxmemory-policy", "activerehashing"]) {
      expect(await c.callText("CONFIG", "SET", name, "yes")).toBe(
        `-ERR Unknown option or number of arguments for CONFIG SET - '${name}'\r\n`,
      );
      expect(await c.callText("CONFIG", "GET", name)).toBe("*0\r\n");
    }
  });

  test("SET port: the listeners move, connected clients stay, a busy port keeps the old one", async () => {
    await using t = await start();
    await using admin = await t.connect();
    const startPort = t.srv.port;
    const port = freePort();
    expect(await admin.callText("CONFIG", "SET", "port", String(port))).toBe("+OK\r\n");
    expect(await admin.callText("PING")).toBe("+PONG\r\n");
    expect(await refused(startPort)).toBe(true);
    await using moved = await RespClient.connect({ port, host: "127.0.0.1" });
    expect(await moved.callText("PING")).toBe("+PONG\r\n");
    expect((await infoFields(moved, "server")).get("tcp_port")).toBe(String(port));

    const busy = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
    try {
      expect(await admin.callText("CONFIG", "SET", "port", String(busy.port))).toBe(
        "-ERR CONFIG SET failed (possibly related to argument 'port') - Unable to listen on this port. Check server logs.\r\n",
      );
    } finally {
      busy.stop(true);
    }
    expect(await admin.callText("CONFIG", "GET", "port")).toBe(`*2\r\n$4\r\nport\r\n$${String(port).length}\r\n${port}\r\n`);
    await using again = await RespClient.connect({ port, host: "127.0.0.1" });
    expect(await again.callText("PING")).toBe("+PONG\r\n");
    expect(t.log()).toContain(`Warning: Could not create server TCP listening socket 127.0.0.1:${busy.port}:`);

    // This server started on port 0, an OS-picked port: port 0 goes back there.
    expect(await admin.callText("CONFIG", "SET", "port", "0")).toBe("+OK\r\n");
    expect(await refused(port)).toBe(true);
    await using back = await RespClient.connect({ port: startPort, host: "127.0.0.1" });
    expect(await back.callText("PING")).toBe("+PONG\r\n");
  });

  test("SET port 0 with a unix socket: no TCP at all, as in Redis", async () => {
    const dir = mkdtempSync(join(tmpdir(), "redbun-server-test-"));
    try {
      const unixsocket = join(dir, "redbun.sock");
      const logfile = join(dir, "redbun.log");
      await using srv = await startServer({ port: freePort(), unixsocket, dir, logfile, save: [] });
      await using c = await RespClient.connect(unixsocket);
      expect(await c.callText("CONFIG", "SET", "port", "0")).toBe("+OK\r\n");
      expect(await refused(srv.port)).toBe(true);
      expect((await infoFields(c, "server")).get("tcp_port")).toBe("0");
      // bind changes nothing while there is no port to listen on.
      expect(await c.callText("CONFIG", "SET", "bind", "192.0.2.1")).toBe("+OK\r\n");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("SET bind: the listeners move to the new addresses, an unusable one keeps the old ones", async () => {
    await using t = await start();
    await using admin = await t.connect();
    const port = t.srv.port;
    // All of 127/8 is loopback on Linux; 192.0.2.1 (TEST-NET-1) is on no interface.
    expect(await admin.callText("CONFIG", "SET", "bind", "127.0.0.2")).toBe("+OK\r\n");
    expect(await admin.callText("PING")).toBe("+PONG\r\n");
    expect(await refused(port)).toBe(true);
    await using other = await RespClient.connect({ port, host: "127.0.0.2" });
    expect(await other.callText("PING")).toBe("+PONG\r\n");

    expect(await admin.callText("CONFIG", "SET", "bind", "127.0.0.1 192.0.2.1")).toBe(
      "-ERR CONFIG SET failed (possibly related to argument 'bind') - Failed to bind to specified addresses.\r\n",
    );
    expect(await admin.callText("CONFIG", "GET", "bind")).toBe("*2\r\n$4\r\nbind\r\n$9\r\n127.0.0.2\r\n");
    expect(await refused(port)).toBe(true);
    await using still = await RespClient.connect({ port, host: "127.0.0.2" });
    expect(await still.callText("PING")).toBe("+PONG\r\n");

    // '-' marks an address that may be missing.
    expect(await admin.callText("CONFIG", "SET", "bind", "127.0.0.1 -192.0.2.1")).toBe("+OK\r\n");
    expect(await refused(port, "127.0.0.2")).toBe(true);
    await using back = await t.connect();
    expect(await back.callText("PING")).toBe("+PONG\r\n");
  });

  test("HELP lists GET, SET and RESETSTAT", async () => {
    await using t = await start();
    await using c = await t.connect();
    expect(await c.callText("config", "help")).toBe(
      "*9\r\n+CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+GET <pattern>\r\n" +
        "+    Return parameters matching the glob-like <pattern> and their values.\r\n+SET <directive> <value>\r\n" +
        "+    Set the configuration <directive> to <value>.\r\n+RESETSTAT\r\n+    Reset statistics reported by the INFO command.\r\n" +
        "+HELP\r\n+    Prints this help.\r\n",
    );
  });
});

describe("sockets", () => {
  test("unixsocketperm sets the socket file's mode", async () => {
    const dir = mkdtempSync(join(tmpdir(), "redbun-server-test-"));
    try {
      // 777 is a mode no usual umask leaves, so it shows that the setting acted.
      for (const perm of [0o700, 0o777]) {
        const unixsocket = join(dir, `redbun-${perm.toString(8)}.sock`);
        const logfile = join(dir, "redbun.log");
        await using _srv = await startServer({ port: 0, unixsocket, unixsocketperm: perm, dir, logfile, save: [] });
        expect(statSync(unixsocket).mode & 0o777).toBe(perm);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // ss shows the kernel's keepalive timer of a socket; without it the test has nothing to read.
  const ss = Bun.which("ss");
  test.skipIf(ss === null)("tcp-keepalive: accepted TCP connections probe after that many idle seconds", async () => {
    await using t = await start({ "tcp-keepalive": 0 });
    /** Seconds left on the keepalive timer of the server's side of the newest connection, or null. */
    const keepAliveTimerSec = (): number | null => {
      const newest = [...t.srv.server.clients.values()].at(-1);
      const clientPort = newest?.address.addr.split(":").at(-1) ?? "";
      const filter = `( sport = :${t.srv.port} and dport = :${clientPort} )`;
      const out = Bun.spawnSync([ss ?? "ss", "-tnoH", "state", "established", filter]).stdout.toString();
      const m = /timer:\(keepalive,(?:(\d+)min)?(?:(\d+)(?:\.\d+)?sec|(\d+)ms)/.exec(out);
      if (m === null) return null;
      return Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0);
    };
    await using plain = await t.connect();
    expect(await plain.callText("PING")).toBe("+PONG\r\n");
    expect(keepAliveTimerSec()).toBeNull();
    expect(await plain.callText("CONFIG", "SET", "tcp-keepalive", "100")).toBe("+OK\r\n");
    await using probed = await t.connect();
    expect(await probed.callText("PING")).toBe("+PONG\r\n");
    const left = keepAliveTimerSec();
    expect(left).not.toBeNull();
    expect(left ?? 0).toBeGreaterThan(90);
    expect(left ?? 0).toBeLessThanOrEqual(100);
  });
});

describe("dirty: what FLUSHALL, FLUSHDB and SWAPDB count as changes", () => {
  test("rdb_changes_since_last_save", async () => {
    await using t = await start();
    await using c = await t.connect();
    const dirty = async () => (await infoFields(c, "persistence")).get("rdb_changes_since_last_save");
    expect(await dirty()).toBe("0");
    await c.call("SET", "a", "1");
    await c.call("SET", "b", "1");
    await c.call("SELECT", "1");
    await c.call("SET", "c", "1");
    await c.call("SELECT", "0");
    expect(await dirty()).toBe("3");
    await c.call("FLUSHDB");
    expect(await dirty()).toBe("5");
    await c.call("FLUSHDB");
    expect(await dirty()).toBe("5");
    // Redis 7.0.15 counts the keys FLUSHALL removes, not the flush itself (it forces the
    // command's propagation instead).
    await c.call("FLUSHALL");
    expect(await dirty()).toBe("6");
    await c.call("FLUSHALL", "ASYNC");
    expect(await dirty()).toBe("6");
    await c.call("SWAPDB", "0", "1");
    expect(await dirty()).toBe("7");
    await c.call("SWAPDB", "0", "99");
    await c.call("FLUSHALL", "x");
    expect(await dirty()).toBe("7");
  });
});

describe("COMMAND", () => {
  test("COUNT and the full listing cover the whole command table", async () => {
    await using t = await start();
    await using c = await t.connect();
    expect(await c.callText("COMMAND", "COUNT")).toBe(`:${commandTable.size}\r\n`);
    const all = decodeReply(await c.call("COMMAND")) as RespValue[][];
    expect(all.map((entry) => entry[0])).toEqual([...commandTable.keys()]);
    for (const entry of all) expect(entry).toHaveLength(10);
    expect(decodeReply(await c.call("COMMAND", "INFO"))).toEqual(all);
  });

  test("LIST names every command and subcommand; ACLCAT filters by category", async () => {
    await using t = await start();
    await using c = await t.connect();
    const everything = [...commandTable.values()].flatMap((cmd) => [cmd, ...cmd.subcommands.values()]);
    expect(decodeReply(await c.call("COMMAND", "LIST"))).toEqual(everything.map((cmd) => cmd.fullName));
    const dangerous = everything.filter((cmd) => cmd.categories.includes("dangerous")).map((cmd) => cmd.fullName);
    expect(dangerous).toEqual(expect.arrayContaining(["flushall", "config|set", "debug", "shutdown", "info"]));
    expect(decodeReply(await c.call("COMMAND", "LIST", "FILTERBY", "ACLCAT", "DANGEROUS"))).toEqual(dangerous);
    expect(decodeReply(await c.call("COMMAND", "LIST", "FILTERBY", "PATTERN", "CONFIG|G*"))).toEqual(["config|get"]);
  });

  test("DOCS answers every command with summary, since, group and complexity", async () => {
    // The commands redis-server 7.0.15 itself documents without a complexity.
    const withoutComplexity = new Set(["monitor", "sync", "psync", "lolwut"]);
    await using t = await start();
    await using c = await t.connect();
    const docs = decodeReply(await c.call("COMMAND", "DOCS")) as RespValue[];
    const names = docs.filter((_, i) => i % 2 === 0);
    expect(names).toEqual([...commandTable.keys()]);
    for (let i = 1; i < docs.length; i += 2) {
      const fields = (docs[i] as RespValue[]).filter((_, j) => j % 2 === 0);
      const expected = withoutComplexity.has(docs[i - 1] as string)
        ? ["summary", "since", "group"]
        : ["summary", "since", "group", "complexity"];
      expect(fields.slice(0, expected.length)).toEqual(expected);
      if (expected.length === 3) expect(fields).not.toContain("complexity");
    }
  });
});

describe("DEBUG", () => {
  test("SET-ACTIVE-EXPIRE 0 stops the expiry cycle; lazy expiry still works", async () => {
    await using t = await start({ "enable-debug-command": "yes" });
    await using c = await t.connect();
    const db = t.srv.server.keyspace.dbs[0]!;
    expect(await c.callText("DEBUG", "SET-ACTIVE-EXPIRE", "0")).toBe("+OK\r\n");
    await c.call("SET", "a", "v", "PX", "100");
    await c.call("SET", "b", "v", "PX", "100");
    t.clock.advance(200);
    t.srv.server.cron();
    expect(db.size).toBe(2);
    expect(await c.callText("GET", "a")).toBe("$-1\r\n");
    expect(db.size).toBe(1);
    expect(await c.callText("DEBUG", "SET-ACTIVE-EXPIRE", "1")).toBe("+OK\r\n");
    t.srv.server.cron();
    expect(db.size).toBe(0);
    expect((await infoFields(c, "stats")).get("expired_keys")).toBe("2");
  });

  test("SLEEP stops the whole server for that long", async () => {
    await using t = await start({ "enable-debug-command": "yes" });
    await using c = await t.connect();
    const started = performance.now();
    expect(await c.callText("DEBUG", "SLEEP", "0.05")).toBe("+OK\r\n");
    expect(performance.now() - started).toBeGreaterThanOrEqual(49);
  });

  test("local: allowed from a loopback connection", async () => {
    await using t = await start({ "enable-debug-command": "local" });
    await using c = await t.connect();
    expect(await c.callText("DEBUG", "SLEEP", "0")).toBe("+OK\r\n");
  });

  test("HELP lists the subcommands redbun has", async () => {
    await using t = await start({ "enable-debug-command": "yes" });
    await using c = await t.connect();
    expect(await c.callText("DEBUG", "HELP")).toBe(
      "*24\r\n+DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n" +
        "+OBJECT <key>\r\n+    Show low level info about `key` and associated value.\r\n" +
        "+RELOAD [option ...]\r\n" +
        "+    Save the RDB on disk and reload it back to memory. Valid <option> values:\r\n" +
        "+    * MERGE: conflicting keys will be loaded from RDB.\r\n" +
        "+    * NOFLUSH: the existing database will not be removed before load, but\r\n" +
        "+      conflicting keys will generate an exception and kill the server.\r\n" +
        "+    * NOSAVE: the database will be loaded from an existing RDB file.\r\n" +
        "+    Examples:\r\n" +
        "+    * DEBUG RELOAD: verify that the server is able to persist, flush and reload\r\n" +
        "+      the database.\r\n" +
        "+    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an\r\n" +
        "+      existing RDB file.\r\n" +
        "+    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB\r\n" +
        "+      file to the database.\r\n" +
        "+SET-ACTIVE-EXPIRE <0|1>\r\n" +
        "+    Setting it to 0 disables expiring keys in background when they are not\r\n" +
        "+    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the\r\n+    default.\r\n" +
        "+SLEEP <seconds>\r\n+    Stop the server for <seconds>. Decimals allowed.\r\n+HELP\r\n+    Prints this help.\r\n",
    );
  });
});

describe("SHUTDOWN", () => {
  test("NOSAVE closes every connection without a reply and stops the server", async () => {
    await using t = await start();
    await using c = await t.connect();
    await using other = await t.connect();
    c.command("SHUTDOWN", "NOSAVE");
    expect(latin1(await c.readUntilClosed())).toBe("");
    expect(latin1(await other.readUntilClosed())).toBe("");
    await t.srv.closed;
    expect(t.log()).toContain("User requested shutdown...");
  });

  test("without save points, plain SHUTDOWN exits", async () => {
    await using t = await start();
    await using c = await t.connect();
    c.command("SHUTDOWN");
    expect(latin1(await c.readUntilClosed())).toBe("");
    await t.srv.closed;
  });

  test("a shutdown whose final save fails keeps the server running, unless FORCE", async () => {
    // dbfilename names a non-empty directory: the rename of the temp file fails.
    await using t = await start({ save: [{ seconds: 3600, changes: 1 }], dbfilename: "blocker" });
    mkdirSync(join(t.srv.server.config.values.dir, "blocker", "x"), { recursive: true });
    await using c = await t.connect();
    expect(await c.callText("SHUTDOWN")).toBe("-ERR Errors trying to SHUTDOWN. Check logs.\r\n");
    expect(await c.callText("SHUTDOWN", "SAVE", "NOW")).toBe("-ERR Errors trying to SHUTDOWN. Check logs.\r\n");
    expect(await c.callText("PING")).toBe("+PONG\r\n");
    expect(t.log()).toContain("Error trying to save the DB, can't exit.");
    c.command("SHUTDOWN", "FORCE");
    expect(latin1(await c.readUntilClosed())).toBe("");
    await t.srv.closed;
    expect(t.log()).toContain("Error trying to save the DB. Exit anyway.");
  });

  test("SAVE saves first even without save points, NOSAVE skips the save points", async () => {
    await using t = await start();
    const dump = join(t.srv.server.config.values.dir, "dump.rdb");
    await using c = await t.connect();
    await c.call("SET", "k", "v");
    c.command("SHUTDOWN", "SAVE");
    expect(latin1(await c.readUntilClosed())).toBe("");
    await t.srv.closed;
    expect(t.log()).toContain("Saving the final RDB snapshot before exiting.");
    expect(existsSync(dump)).toBe(true);

    await using saving = await start({ save: [{ seconds: 3600, changes: 1 }] });
    const skipped = join(saving.srv.server.config.values.dir, "dump.rdb");
    await using d = await saving.connect();
    d.command("SHUTDOWN", "NOSAVE");
    expect(latin1(await d.readUntilClosed())).toBe("");
    expect(existsSync(skipped)).toBe(false);
  });
});
