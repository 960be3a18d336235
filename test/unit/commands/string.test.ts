// The string group from the inside: declarations against Redis 7.0.15's COMMAND INFO, and what
// differential tests cannot see or cannot set up yet — WRONGTYPE on a value of another type
// put straight into the keyspace, RESP3 reply shapes, expiry driven by a ManualClock, `dirty`
// and keyspace events per command, hit/miss statistics, and in-place growth of long strings.

import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { stringCommands } from "../../../src/commands/string.ts";
import { ManualClock, startServer } from "../../../src/index.ts";
import type { Client } from "../../../src/server/client.ts";
import type { CollectionValue, Database } from "../../../src/store/keyspace.ts";
import { RespClient, latin1, type Arg } from "../../support/resp-client.ts";

const WRONGTYPE = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";

// --- declarations --------------------------------------------------------------------------------

/** COMMAND INFO of Redis 7.0.15: name, arity, flags, first/last/step, ACL categories, tips. */
const REDIS_COMMAND_INFO: [string, number, string, number, number, number, string, string][] = [
  ["get", 2, "readonly fast", 1, 1, 1, "@read @string @fast", ""],
  ["set", -3, "write denyoom", 1, 1, 1, "@write @string @slow", ""],
  ["setnx", 3, "write denyoom fast", 1, 1, 1, "@write @string @fast", ""],
  ["setex", 4, "write denyoom", 1, 1, 1, "@write @string @slow", ""],
  ["psetex", 4, "write denyoom", 1, 1, 1, "@write @string @slow", ""],
  ["mget", -2, "readonly fast", 1, -1, 1, "@read @string @fast", "request_policy:multi_shard"],
  ["mset", -3, "write denyoom", 1, -1, 2, "@write @string @slow", "request_policy:multi_shard response_policy:all_succeeded"],
  ["msetnx", -3, "write denyoom", 1, -1, 2, "@write @string @slow", "request_policy:multi_shard response_policy:agg_min"],
  ["getset", 3, "write denyoom fast", 1, 1, 1, "@write @string @fast", ""],
  ["getdel", 2, "write fast", 1, 1, 1, "@write @string @fast", ""],
  ["getex", -2, "write fast", 1, 1, 1, "@write @string @fast", ""],
  ["append", 3, "write denyoom fast", 1, 1, 1, "@write @string @fast", ""],
  ["strlen", 2, "readonly fast", 1, 1, 1, "@read @string @fast", ""],
  ["incr", 2, "write denyoom fast", 1, 1, 1, "@write @string @fast", ""],
  ["decr", 2, "write denyoom fast", 1, 1, 1, "@write @string @fast", ""],
  ["incrby", 3, "write denyoom fast", 1, 1, 1, "@write @string @fast", ""],
  ["decrby", 3, "write denyoom fast", 1, 1, 1, "@write @string @fast", ""],
  ["incrbyfloat", 3, "write denyoom fast", 1, 1, 1, "@write @string @fast", ""],
  ["getrange", 4, "readonly", 1, 1, 1, "@read @string @slow", ""],
  ["substr", 4, "readonly", 1, 1, 1, "@read @string @slow", ""],
  ["setrange", 4, "write denyoom", 1, 1, 1, "@write @string @slow", ""],
  ["lcs", -3, "readonly", 1, 2, 1, "@read @string @slow", ""],
];

describe("string command declarations", () => {
  test("every Redis 7.0 string command is declared, and nothing else", () => {
    expect(stringCommands.map((c) => c.name).sort()).toEqual(REDIS_COMMAND_INFO.map(([name]) => name).sort());
  });

  for (const [name, arity, flags, first, last, step, categories, tips] of REDIS_COMMAND_INFO) {
    test(`${name} derives Redis's COMMAND INFO`, () => {
      const command = stringCommands.find((c) => c.name === name)!;
      expect([command.arity, [...command.flags].join(" "), command.firstKey, command.lastKey, command.keyStep]).toEqual([
        arity,
        flags,
        first,
        last,
        step,
      ]);
      expect(command.categories.map((c) => `@${c}`).join(" ")).toBe(categories);
      expect((command.spec.tips ?? []).join(" ")).toBe(tips);
    });
  }
});

// --- a server with a manual clock -------------------------------------------------------------------

const clock = new ManualClock(1_700_000_000_000);
let srv: Awaited<ReturnType<typeof startServer>>;
let conn: RespClient;

beforeAll(async () => {
  srv = await startServer({ port: 0, clock });
  conn = await RespClient.connect(srv.port);
});

afterAll(async () => {
  await conn.close();
  await srv.close();
});

beforeEach(async () => {
  expect(await call("FLUSHALL")).toBe("+OK\r\n");
});

async function call(...argv: Arg[]): Promise<string> {
  return latin1(await conn.call(...argv));
}

function db(): Database {
  return srv.server.keyspace.dbs[0]!;
}

/** A value of another type, put straight into the keyspace (the list group may not exist yet). */
function putList(key: string): void {
  const list: CollectionValue = { type: "list", encoding: () => "quicklist", clone: () => list };
  db().add(key, list, clock.nowMs());
}

/** The server-side Client of our one connection. */
function serverClient(): Client {
  const clients = [...srv.server.clients.values()];
  expect(clients.length).toBe(1);
  return clients[0]!;
}

async function expectReplies(steps: [Arg[], string][]): Promise<void> {
  for (const [argv, expected] of steps) expect([argv.join(" "), await call(...argv)]).toEqual([argv.join(" "), expected]);
}

// --- WRONGTYPE ----------------------------------------------------------------------------------

describe("a key of another type", () => {
  test("answers WRONGTYPE, after the checks Redis makes first", async () => {
    putList("list");
    await expectReplies([
      [["GET", "list"], WRONGTYPE],
      [["GETDEL", "list"], WRONGTYPE],
      [["GETEX", "list"], WRONGTYPE],
      [["GETEX", "list", "EX", "abc"], WRONGTYPE],
      [["GETEX", "list", "FOO"], "-ERR syntax error\r\n"],
      [["GETSET", "list", "v"], WRONGTYPE],
      [["SET", "list", "v", "GET"], WRONGTYPE],
      [["SET", "list", "v", "GET", "EX", "0"], "-ERR invalid expire time in 'set' command\r\n"],
      [["STRLEN", "list"], WRONGTYPE],
      [["APPEND", "list", "x"], WRONGTYPE],
      [["INCR", "list"], WRONGTYPE],
      [["DECR", "list"], WRONGTYPE],
      [["INCRBY", "list", "1"], WRONGTYPE],
      [["INCRBY", "list", "x"], "-ERR value is not an integer or out of range\r\n"],
      [["DECRBY", "list", "-9223372036854775808"], "-ERR decrement would overflow\r\n"],
      [["INCRBYFLOAT", "list", "abc"], WRONGTYPE],
      [["GETRANGE", "list", "0", "-1"], WRONGTYPE],
      [["GETRANGE", "list", "x", "-1"], "-ERR value is not an integer or out of range\r\n"],
      [["SUBSTR", "list", "0", "1"], WRONGTYPE],
      [["SETRANGE", "list", "0", "x"], WRONGTYPE],
      [["SETRANGE", "list", "0", ""], WRONGTYPE],
      [["SETRANGE", "list", "-1", "x"], "-ERR offset is out of range\r\n"],
      [["LCS", "list", "nokey"], "-ERR The specified keys must contain string values\r\n"],
      [["LCS", "nokey", "list", "LEN", "IDX"], "-ERR The specified keys must contain string values\r\n"],
      [["MGET", "list", "nokey"], "*2\r\n$-1\r\n$-1\r\n"],
      [["MSETNX", "other", "1", "list", "2"], ":0\r\n"],
      [["GET", "other"], "$-1\r\n"],
    ]);
    expect(db().valueAt(db().peekSlot("list"))).toMatchObject({ type: "list" });
  });

  test("is replaced by SET, MSET and GETSET's setting side", async () => {
    putList("a");
    putList("b");
    await expectReplies([
      [["SET", "a", "v"], "+OK\r\n"],
      [["GET", "a"], "$1\r\nv\r\n"],
      [["MSET", "b", "w"], "+OK\r\n"],
      [["GET", "b"], "$1\r\nw\r\n"],
    ]);
  });
});

// --- RESP3 ----------------------------------------------------------------------------------------

describe("RESP3 replies", () => {
  test("nulls are `_` and LCS IDX is a map", async () => {
    await call("PING");
    const client = serverClient();
    client.reply.protocol = 3;
    try {
      putList("list");
      await expectReplies([
        [["GET", "nokey"], "_\r\n"],
        [["SET", "k", "v", "NX"], "+OK\r\n"],
        [["SET", "k", "w", "NX"], "_\r\n"],
        [["SET", "m", "v", "XX"], "_\r\n"],
        [["SET", "k", "x", "GET"], "$1\r\nv\r\n"],
        [["SET", "z", "x", "XX", "GET"], "_\r\n"],
        [["GETSET", "y", "1"], "_\r\n"],
        [["GETDEL", "nokey"], "_\r\n"],
        [["GETEX", "nokey"], "_\r\n"],
        [["MGET", "k", "nokey", "y", "list"], "*4\r\n$1\r\nx\r\n_\r\n$1\r\n1\r\n_\r\n"],
        [["GETRANGE", "nokey", "0", "1"], "$0\r\n\r\n"],
        [["INCRBY", "n", "-9223372036854775808"], ":-9223372036854775808\r\n"],
        [["INCRBYFLOAT", "f", "1.5"], "$3\r\n1.5\r\n"],
        [["SET", "a", "ohmytext"], "+OK\r\n"],
        [["SET", "b", "mynewtext"], "+OK\r\n"],
        [
          ["LCS", "a", "b", "IDX", "MINMATCHLEN", "3", "WITHMATCHLEN"],
          "%2\r\n$7\r\nmatches\r\n*1\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n$3\r\nlen\r\n:6\r\n",
        ],
        [["LCS", "a", "b", "LEN"], ":6\r\n"],
        [["LCS", "x", "y", "IDX"], "%2\r\n$7\r\nmatches\r\n*0\r\n$3\r\nlen\r\n:0\r\n"],
      ]);
    } finally {
      client.reply.protocol = 2;
    }
  });
});

// --- expiry --------------------------------------------------------------------------------------

describe("expiry on a manual clock", () => {
  test("SET EX/PX/EXAT/PXAT, SETEX and PSETEX deadlines", async () => {
    const now = clock.nowMs();
    await expectReplies([
      [["SET", "ex", "v", "EX", "10"], "+OK\r\n"],
      [["SET", "px", "v", "PX", "1500"], "+OK\r\n"],
      [["SET", "exat", "v", "EXAT", String(Math.floor(now / 1000) + 20)], "+OK\r\n"],
      [["SET", "pxat", "v", "PXAT", String(now + 2500)], "+OK\r\n"],
      [["SETEX", "setex", "3", "v"], "+OK\r\n"],
      [["PSETEX", "psetex", "700", "v"], "+OK\r\n"],
    ]);
    const deadline = (key: string): number => db().expiresAtMs[db().peekSlot(key)]!;
    expect(deadline("ex")).toBe(now + 10_000);
    expect(deadline("px")).toBe(now + 1500);
    expect(deadline("exat")).toBe((Math.floor(now / 1000) + 20) * 1000);
    expect(deadline("pxat")).toBe(now + 2500);
    expect(deadline("setex")).toBe(now + 3000);
    expect(deadline("psetex")).toBe(now + 700);
    clock.advance(699);
    expect(await call("GET", "psetex")).toBe("$1\r\nv\r\n");
    clock.advance(1);
    expect(await call("GET", "psetex")).toBe("$-1\r\n");
    clock.advance(9300);
    expect(await call("MGET", "ex", "px", "setex")).toBe("*3\r\n$-1\r\n$-1\r\n$-1\r\n");
  });

  test("SET drops a TTL, KEEPTTL and the in-place writers keep it", async () => {
    await call("SET", "k", "1", "EX", "100");
    const slot = db().peekSlot("k");
    const deadline = db().expiresAtMs[slot]!;
    for (const argv of [
      ["SET", "k", "2", "KEEPTTL"],
      ["INCR", "k"],
      ["INCRBY", "k", "5"],
      ["DECRBY", "k", "1"],
      ["INCRBYFLOAT", "k", "0.5"],
      ["APPEND", "k", "x"],
      ["SETRANGE", "k", "0", "y"],
      ["GETEX", "k"],
      ["GET", "k"],
    ]) {
      await call(...argv);
      expect([argv.join(" "), db().expiresAtMs[db().peekSlot("k")]]).toEqual([argv.join(" "), deadline]);
    }
    await call("SET", "k", "3");
    expect(db().expiresAtMs[db().peekSlot("k")]).toBe(0);
    await call("SET", "g", "1", "EX", "100");
    await call("GETSET", "g", "2");
    expect(db().expiresAtMs[db().peekSlot("g")]).toBe(0);
    await call("SET", "m", "1", "EX", "100");
    await call("MSET", "m", "2");
    expect(db().expiresAtMs[db().peekSlot("m")]).toBe(0);
  });

  test("GETEX: an absolute deadline at now deletes the key, one ms later keeps it", async () => {
    const now = clock.nowMs();
    await call("MSET", "a", "1", "b", "2");
    expect(await call("GETEX", "a", "PXAT", String(now))).toBe("$1\r\n1\r\n");
    expect(db().peekSlot("a")).toBe(-1);
    expect(await call("GETEX", "b", "PXAT", String(now + 1))).toBe("$1\r\n2\r\n");
    expect(db().expiresAtMs[db().peekSlot("b")]).toBe(now + 1);
    expect(await call("GETEX", "b", "PERSIST")).toBe("$1\r\n2\r\n");
    expect(db().expiresAtMs[db().peekSlot("b")]).toBe(0);
    clock.advance(5);
    expect(await call("GET", "b")).toBe("$1\r\n2\r\n");
  });

  test("a key whose deadline passed is absent to every string command", async () => {
    for (const key of ["a", "b", "c", "d", "e", "f", "g"]) await call("SET", key, "10", "PX", "5");
    clock.advance(5);
    await expectReplies([
      [["SETNX", "a", "new"], ":1\r\n"],
      [["INCR", "b"], ":1\r\n"],
      [["APPEND", "c", "x"], ":1\r\n"],
      [["STRLEN", "d"], ":0\r\n"],
      [["SETRANGE", "e", "1", "x"], ":2\r\n"],
      [["GETDEL", "f"], "$-1\r\n"],
      [["INCRBYFLOAT", "g", "1"], "$1\r\n1\r\n"],
    ]);
    expect(db().expiresAtMs[db().peekSlot("a")]).toBe(0);
  });
});

// --- dirty and keyspace events ------------------------------------------------------------------------

describe("dirty counter and keyspace events", () => {
  const events: string[] = [];
  beforeAll(() => {
    srv.server.keyChangeListeners.push((_db, key, event) => events.push(`${event}:${key}`));
  });

  /** Runs argv; returns how much `dirty` rose and the events fired. */
  async function changes(...argv: Arg[]): Promise<[number, string[]]> {
    events.length = 0;
    const before = srv.server.dirty;
    await call(...argv);
    return [srv.server.dirty - before, [...events]];
  }

  test("as Redis counts and names them", async () => {
    const expectations: [Arg[], number, string[]][] = [
      [["SET", "k", "v"], 1, ["set:k"]],
      [["SET", "k", "v", "EX", "10"], 1, ["set:k", "expire:k"]],
      [["SET", "k", "v", "NX"], 0, []],
      [["SET", "k", "v", "EX", "0"], 0, []],
      [["SETNX", "k", "v"], 0, []],
      [["SETNX", "n", "v"], 1, ["set:n"]],
      [["SETEX", "k", "10", "v"], 1, ["set:k", "expire:k"]],
      [["GETSET", "k", "w"], 1, ["set:k"]],
      [["GETEX", "k"], 0, []],
      [["GETEX", "k", "EX", "10"], 1, ["expire:k"]],
      [["GETEX", "k", "PERSIST"], 1, ["persist:k"]],
      [["GETEX", "k", "PERSIST"], 0, []],
      [["GETEX", "k", "PXAT", "1"], 1, ["del:k"]],
      [["GETDEL", "n"], 1, ["del:n"]],
      [["GETDEL", "n"], 0, []],
      [["MSET", "a", "1", "b", "2", "a", "3"], 3, ["set:a", "set:b", "set:a"]],
      [["MSETNX", "a", "1", "c", "2"], 0, []],
      [["MSETNX", "c", "1", "d", "2"], 2, ["set:c", "set:d"]],
      [["INCR", "i"], 1, ["incrby:i"]],
      [["DECRBY", "i", "5"], 1, ["incrby:i"]],
      [["INCRBY", "i", "9223372036854775807"], 1, ["incrby:i"]],
      [["INCRBY", "i", "9223372036854775807"], 0, []],
      [["INCRBYFLOAT", "i", "1.5"], 1, ["incrbyfloat:i"]],
      [["INCRBYFLOAT", "i", "inf"], 0, []],
      [["APPEND", "s", "x"], 1, ["append:s"]],
      [["APPEND", "s", ""], 1, ["append:s"]],
      [["SETRANGE", "s", "0", "y"], 1, ["setrange:s"]],
      [["SETRANGE", "s", "0", ""], 0, []],
      [["SETRANGE", "t", "0", ""], 0, []],
      [["GET", "s"], 0, []],
      [["LCS", "s", "a"], 0, []],
    ];
    for (const [argv, dirty, fired] of expectations) {
      expect([argv.join(" "), ...(await changes(...argv))]).toEqual([argv.join(" "), dirty, fired]);
    }
  });
});

// --- statistics --------------------------------------------------------------------------------------

describe("keyspace hits and misses", () => {
  test("reads count them, writes do not (lookupKeyRead vs lookupKeyWrite)", async () => {
    await call("SET", "k", "v");
    const stats = srv.server.keyspace.stats;
    const counted = async (...argv: Arg[]): Promise<[number, number]> => {
      const [hits, misses] = [stats.keyspaceHits, stats.keyspaceMisses];
      await call(...argv);
      return [stats.keyspaceHits - hits, stats.keyspaceMisses - misses];
    };
    expect(await counted("GET", "k")).toEqual([1, 0]);
    expect(await counted("GET", "nokey")).toEqual([0, 1]);
    expect(await counted("MGET", "k", "nokey", "k")).toEqual([2, 1]);
    expect(await counted("STRLEN", "k")).toEqual([1, 0]);
    expect(await counted("GETRANGE", "nokey", "0", "1")).toEqual([0, 1]);
    expect(await counted("LCS", "k", "nokey")).toEqual([1, 1]);
    expect(await counted("SET", "k", "w", "GET")).toEqual([1, 0]);
    expect(await counted("GETEX", "k", "EX", "10")).toEqual([1, 0]);
    expect(await counted("INCR", "n")).toEqual([0, 0]);
    expect(await counted("APPEND", "k", "x")).toEqual([0, 0]);
    expect(await counted("SETRANGE", "k", "0", "x")).toEqual([0, 0]);
    expect(await counted("MSETNX", "k", "1")).toEqual([0, 0]);
  });
});

// --- long strings ------------------------------------------------------------------------------------

describe("long strings", () => {
  test("APPEND grows a long value in place once it has room", async () => {
    const chunk = "x".repeat(10_000);
    await call("SET", "k", chunk);
    await call("APPEND", "k", chunk);
    const first = db().valueAt(db().peekSlot("k")) as Uint8Array;
    expect(first.buffer.byteLength).toBe(40_000);
    await call("APPEND", "k", "y".repeat(19_999));
    const second = db().valueAt(db().peekSlot("k")) as Uint8Array;
    expect(second.buffer).toBe(first.buffer);
    expect(first.length).toBe(20_000);
    expect(await call("STRLEN", "k")).toBe(":39999\r\n");
    expect(await call("GETRANGE", "k", "19998", "20001")).toBe("$4\r\nxxyy\r\n");
    await call("APPEND", "k", "zz");
    expect((db().valueAt(db().peekSlot("k")) as Uint8Array).buffer).not.toBe(first.buffer);
    expect(await call("GETRANGE", "k", "-4", "-1")).toBe("$4\r\nyyzz\r\n");
  });

  test("SETRANGE pads with zeros and overwrites", async () => {
    expect(await call("SETRANGE", "k", "5000", "end")).toBe(":5003\r\n");
    const value = await conn.call("GET", "k");
    expect(latin1(value.subarray(0, 7))).toBe("$5003\r\n");
    expect(value.subarray(7, 7 + 5000).every((b) => b === 0)).toBe(true);
    expect(await call("SETRANGE", "k", "5001", "N")).toBe(":5003\r\n");
    expect(await call("GETRANGE", "k", "-3", "-1")).toBe("$3\r\neNd\r\n");
    expect(await call("SETRANGE", "k", "6000", "Z")).toBe(":6001\r\n");
    expect(await call("GETRANGE", "k", "5000", "5003")).toBe("$4\r\neNd\x00\r\n");
    expect(await call("GETRANGE", "k", "-1", "-1")).toBe("$1\r\nZ\r\n");
  });
});
