// Generates test/fixtures/rdb: dump.rdb files written by a real redis-server 7.0.15 (every type in
// each of its encodings, compression and checksum on and off, LRU/LFU metadata, types redbun
// refuses), plus hand-built files in older formats (RDB 9 ziplists/zipmap, RDB 4 without a
// checksum) that redis-check-rdb must accept. Each <name>.rdb gets <name>.json: the keys as Redis
// itself reports them after loading the file (see test/unit/persistence/rdb/snapshot.ts).
// Run: bun scripts/gen-rdb-fixtures.ts

import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Crc64 } from "../src/persistence/rdb/crc64.ts";
import { Opcode, RdbType } from "../src/persistence/rdb/format.ts";
import { encodeIntset } from "../src/persistence/rdb/intset.ts";
import { ByteSink, RdbOutput } from "../src/persistence/rdb/output.ts";
import { latin1Bytes, RespClient } from "../test/support/resp-client.ts";
import { startRealRedis } from "../test/support/redis-server.ts";
import { snapshotRedis } from "../test/unit/persistence/rdb/snapshot.ts";

const OUT_DIR = resolve(import.meta.dir, "../test/fixtures/rdb");
const FAR_FUTURE_MS = "4102444800123"; // 2100-01-01

type Command = string[];

/** A deterministic byte string (mulberry32), incompressible for LZF. */
function noise(length: number, seed: number): string {
  let a = seed >>> 0;
  let s = "";
  for (let i = 0; i < length; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    s += String.fromCharCode(((t ^ (t >>> 14)) >>> 0) & 0xff);
  }
  return s;
}

const allBytes = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join("");
const range = (n: number, f: (i: number) => string): string[] => Array.from({ length: n }, (_, i) => f(i));

/** Every type in each encoding Redis 7.0 writes, with TTLs, over three dbs. */
const TYPES: Command[] = [
  ["SELECT", "0"],
  // Strings: integer encodings (int8/16/32), decimal text that is not canonical, raw, LZF, binary.
  ["SET", "str:int8", "12"],
  ["SET", "str:int8-neg", "-128"],
  ["SET", "str:int16", "30000"],
  ["SET", "str:int32", "-2147483648"],
  ["SET", "str:int32-max", "2147483647"],
  ["SET", "str:int64", "9223372036854775807"],
  ["SET", "str:leading-zero", "012"],
  ["SET", "str:plus", "+1"],
  ["SET", "str:minus-zero", "-0"],
  ["SET", "str:empty", ""],
  ["SET", "str:embstr", "hello world"],
  ["SET", "str:float", "3.14"],
  ["SET", "str:lzf", "abc".repeat(100)],
  ["SET", "str:lzf-big", "abcdefgh".repeat(2000)],
  ["SET", "str:21-bytes", "aaaaaaaaaaaaaaaaaaaaa"],
  ["SET", "str:noise", noise(300, 1)],
  ["SET", "str:binary", allBytes],
  ["SET", "123", "integer-looking key"],
  ["SET", "", "empty key"],
  ["SET", "\x00\xff\r\nkey", "binary key"],
  ["APPEND", "str:appended", "raw"],
  // Lists: one listpack node, many nodes, long elements (12- and 32-bit listpack lengths).
  ["RPUSH", "list:small", "a", "b", "1", "-1", "127", "128", "-4096", "4095", "-32768", "32767", "8388607", "-8388608", "2147483647", "-2147483648", "9223372036854775807", "-9223372036854775808", "", "x\x00y", "01"],
  ["RPUSH", "list:big", ...range(600, (i) => (i % 3 === 0 ? String(i) : `element-${i}-${"z".repeat(i % 50)}`))],
  ["RPUSH", "list:long-elements", "s".repeat(100), "m".repeat(5000), noise(300, 2), "tail"],
  ["LPUSH", "list:lpushed", "1", "2", "3"],
  // Sets: intset (16/32/64-bit), hashtable by content and by size.
  ["SADD", "set:intset16", "1", "2", "3", "-4", "30000"],
  ["SADD", "set:intset32", "1", "100000", "-2147483648"],
  ["SADD", "set:intset64", "1", "9223372036854775807", "-9223372036854775808"],
  ["SADD", "set:hashtable", "a", "b", "c", "1", ""],
  ["SADD", "set:many-ints", ...range(600, (i) => String(i * 7))],
  // Hashes: listpack (every integer width), hashtable by value size and by count (the built-in
  // hash-max-listpack-entries is 512; redis.conf's 128 is not in force here).
  ["HSET", "hash:small", "f1", "v1", "n", "123", "neg", "-1", "i13", "-4000", "i16", "30000", "i24", "-8000000", "i32", "2000000000", "i64", "-9223372036854775808", "empty", "", "", "empty field", "bin", "\x00\xff"],
  ["HSET", "hash:long-value", "f", "v".repeat(100), "g", "short"],
  ["HSET", "hash:many", ...range(1100, (i) => (i % 2 === 0 ? `field-${i}` : `value-${i}`))],
  // Sorted sets: listpack (integer and text scores, inf, -0) and skiplist.
  ["ZADD", "zset:small", "1", "one", "2.5", "two-and-half", "-3", "minus-three", "inf", "plus-inf", "-inf", "minus-inf", "0", "zero", "1e100", "googol", "3.141592653589793", "pi", "1234567890123", "big", "-0", "minus-zero"],
  ["ZADD", "zset:long-member", "1", "m".repeat(100), "2", "short", "inf", "top"],
  ["ZADD", "zset:many", ...range(400, (i) => (i % 2 === 0 ? String((i * 37) % 101 / 4) : `member-${i}`))],
  // TTLs.
  ["SET", "ttl:string", "v"],
  ["PEXPIREAT", "ttl:string", FAR_FUTURE_MS],
  ["HSET", "ttl:hash", "a", "1"],
  ["PEXPIREAT", "ttl:hash", "4102444800999"],
  ["SELECT", "3"],
  ["SET", "db3:key", "in db 3"],
  ["RPUSH", "db3:list", "x"],
  ["SELECT", "15"],
  ["SADD", "db15:set", "only"],
  ["PEXPIREAT", "db15:set", FAR_FUTURE_MS],
];

/** Lists with plain quicklist nodes: DEBUG QUICKLIST-PACKED-THRESHOLD makes 7.0 use them early. */
const PLAIN_NODES: Command[] = [
  ["DEBUG", "QUICKLIST-PACKED-THRESHOLD", "100"],
  ["RPUSH", "list:plain-nodes", "small", "p".repeat(150), "1", noise(200, 3), "end"],
  ["SET", "str:plain", "x"],
];

/** Compressible values, for the files written with rdbcompression off. */
const COMPRESSIBLE: Command[] = [
  ["SET", "str:long", "abc".repeat(100)],
  ["SET", "str:int", "42"],
  ["RPUSH", "list", ...range(300, (i) => `item-${i % 10}`)],
  ["HSET", "hash", "field", "value".repeat(5)],
  ["ZADD", "zset", "1", "a".repeat(30)],
  ["SADD", "set", "1", "2"],
];

const METADATA: Command[] = [
  ["SET", "a", "1"],
  ["RPUSH", "b", "x", "y"],
  ["GET", "a"],
  ["GET", "a"],
];

interface RedisFixture {
  name: string;
  args: string[];
  commands: Command[];
}

const REDIS_FIXTURES: RedisFixture[] = [
  { name: "redis-7.0-types", args: [], commands: TYPES },
  { name: "redis-7.0-plain-nodes", args: ["--enable-debug-command", "yes"], commands: PLAIN_NODES },
  { name: "redis-7.0-no-compression", args: ["--rdbcompression", "no"], commands: COMPRESSIBLE },
  { name: "redis-7.0-no-checksum", args: ["--rdbchecksum", "no"], commands: COMPRESSIBLE },
  { name: "redis-7.0-lru", args: ["--maxmemory-policy", "allkeys-lru"], commands: METADATA },
  { name: "redis-7.0-lfu", args: ["--maxmemory-policy", "allkeys-lfu"], commands: METADATA },
  { name: "redis-7.0-stream", args: [], commands: [["SET", "before", "1"], ["XADD", "events", "1-1", "field", "value"]] },
  {
    name: "redis-7.0-function",
    args: [],
    commands: [["FUNCTION", "LOAD", "#!lua name=mylib\nredis.register_function('f', function() return 1 end)"], ["SET", "k", "v"]],
  },
];

async function send(client: RespClient, argv: Command): Promise<void> {
  const reply = await client.call(...argv.map(latin1Bytes));
  if (reply[0] === 0x2d) throw new Error(`${argv.slice(0, 3).join(" ")}: ${Buffer.from(reply).toString("latin1")}`);
}

async function fromRedis(fixture: RedisFixture): Promise<void> {
  await using redis = await startRealRedis(fixture.args);
  const client = await RespClient.connect(redis.socketPath);
  try {
    for (const argv of fixture.commands) await send(client, argv);
    await send(client, ["SAVE"]);
    copyFileSync(join(redis.dir, "dump.rdb"), join(OUT_DIR, `${fixture.name}.rdb`));
    const loadable = !fixture.name.endsWith("stream") && !fixture.name.endsWith("function");
    const freqs: Record<string, number> = {};
    if (fixture.name.endsWith("lfu")) {
      for (const key of ["a", "b"]) freqs[key] = Number((await client.callText("OBJECT", "FREQ", key)).slice(1, -2));
    }
    const records = loadable ? await snapshotRedis(client) : [];
    writeJson(fixture.name, { source: `redis-server 7.0.15 ${fixture.args.join(" ")}`.trim(), records, ...(fixture.name.endsWith("lfu") ? { freqs } : {}) });
  } finally {
    await client.close();
  }
}

/** One record per line: diffs stay readable, the file stays small. */
function writeJson(name: string, data: { records: object[] } & Record<string, unknown>): void {
  const { records, ...rest } = data;
  const head = JSON.stringify(rest).slice(0, -1);
  const lines = records.map((r) => JSON.stringify(r)).join(",\n");
  writeFileSync(join(OUT_DIR, `${name}.json`), `${head}${head.length > 1 ? "," : ""}"records":[\n${lines}\n]}\n`);
}

// ---------------------------------------------------------------------------------------------
// Hand-built old formats

type ZipItem = string | bigint;

/** A ziplist as Redis ≤ 6.2 builds it; integers take the encoding their value needs. */
function ziplist(items: readonly ZipItem[]): Uint8Array {
  const entries: Buffer[] = [];
  let prevLen = 0;
  for (const item of items) {
    const prev = prevLen < 254 ? Buffer.from([prevLen]) : Buffer.concat([Buffer.from([0xfe]), u32le(prevLen)]);
    let body: Buffer;
    if (typeof item === "bigint") {
      const v = item;
      if (v >= 0n && v <= 12n) body = Buffer.from([0xf1 + Number(v)]);
      else if (v >= -128n && v <= 127n) body = Buffer.from([0xfe, Number(v) & 0xff]);
      else if (v >= -32768n && v <= 32767n) body = intBytes(0xc0, v, 2);
      else if (v >= -8388608n && v <= 8388607n) body = intBytes(0xf0, v, 3);
      else if (v >= -2147483648n && v <= 2147483647n) body = intBytes(0xd0, v, 4);
      else body = intBytes(0xe0, v, 8);
    } else {
      const data = Buffer.from(item, "latin1");
      const n = data.length;
      const header = n <= 63 ? Buffer.from([n]) : n <= 16383 ? Buffer.from([0x40 | (n >> 8), n & 0xff]) : Buffer.concat([Buffer.from([0x80]), u32be(n)]);
      body = Buffer.concat([header, data]);
    }
    const entry = Buffer.concat([prev, body]);
    entries.push(entry);
    prevLen = entry.length;
  }
  const body = Buffer.concat(entries);
  const total = 10 + body.length + 1;
  const tail = entries.length === 0 ? 10 : 10 + body.length - entries[entries.length - 1].length;
  return Buffer.concat([u32le(total), u32le(tail), u16le(Math.min(items.length, 65535)), body, Buffer.from([0xff])]);
}

function intBytes(encoding: number, v: bigint, width: number): Buffer {
  const b = Buffer.alloc(1 + width);
  b[0] = encoding;
  const u = BigInt.asUintN(width * 8, v);
  for (let i = 0; i < width; i++) b[1 + i] = Number((u >> BigInt(8 * i)) & 0xffn);
  return b;
}

/** A zipmap as Redis ≤ 2.4 builds it; `free` pads a value with unused bytes as an update would. */
function zipmap(entries: readonly [string, string, number][]): Uint8Array {
  const len = (n: number): Buffer => (n < 254 ? Buffer.from([n]) : Buffer.concat([Buffer.from([254]), u32le(n)]));
  const parts: Buffer[] = [Buffer.from([Math.min(entries.length, 254)])];
  for (const [field, value, free] of entries) {
    parts.push(len(field.length), Buffer.from(field, "latin1"), len(value.length), Buffer.from([free]), Buffer.from(value, "latin1"), Buffer.alloc(free));
  }
  parts.push(Buffer.from([0xff]));
  return Buffer.concat(parts);
}

const u16le = (v: number): Buffer => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(v);
  return b;
};
const u32le = (v: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v);
  return b;
};
const u32be = (v: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(v);
  return b;
};

/** Writes an old-format file: the caller's records between magic and EOF (+ CRC from v5). */
function handBuilt(version: number, body: (out: RdbOutput) => void): Uint8Array {
  const sink = new ByteSink();
  const out = new RdbOutput(sink, true);
  sink.latin1(`REDIS${String(version).padStart(4, "0")}`);
  body(out);
  sink.u8(Opcode.eof);
  if (version >= 5) {
    const trailer = sink.reserve(8);
    new Crc64().update(sink.written).writeLE(trailer, sink.length);
    sink.length += 8;
  }
  return sink.take();
}

function key(out: RdbOutput, type: number, name: string): void {
  out.sink.u8(type);
  out.latin1String(name);
}

/** RDB 9 (Redis 5/6): ziplist lists, hashes and sorted sets, a zipmap hash, quicklist 1, intset. */
function v9File(): Uint8Array {
  return handBuilt(9, (out) => {
    const sink = out.sink;
    sink.u8(Opcode.aux);
    out.latin1String("redis-ver");
    out.latin1String("5.0.14");
    sink.u8(Opcode.selectDb);
    out.length(0);
    sink.u8(Opcode.resizeDb);
    out.length(9);
    out.length(2);
    key(out, RdbType.listZiplist, "ziplist:list");
    out.string(
      ziplist(["a", 0n, 12n, 13n, -1n, 127n, -128n, 300n, -32768n, 32767n, 8388607n, -8388608n, 2147483647n, -2147483648n, 9223372036854775807n, -9223372036854775808n, "", "x".repeat(300), "y".repeat(17000), "last"]),
    );
    key(out, RdbType.hashZiplist, "ziplist:hash");
    out.string(ziplist(["f1", "v1", "n", 5n, "big", 123456789012n]));
    key(out, RdbType.zsetZiplist, "ziplist:zset");
    out.string(ziplist(["minus", "-2.5", "zero", 0n, "one", 1n, "big", 5000000000n, "inf", "inf"]));
    key(out, RdbType.hashZipmap, "zipmap:hash");
    out.string(zipmap([["name", "redis", 0], ["version", "2.4", 3], ["", "empty field", 0], ["long", "l".repeat(300), 1]]));
    key(out, RdbType.listQuicklist, "quicklist:v1");
    out.length(2);
    out.string(ziplist(["n1-a", "n1-b", 7n]));
    out.string(ziplist(["n2-a", ...Array.from({ length: 40 }, (_, i) => `compressible-${i % 4}`)]));
    key(out, RdbType.setIntset, "intset");
    out.string(encodeIntset(["3", "1", "-2", "70000"]) ?? new Uint8Array());
    sink.u8(Opcode.expireTime);
    sink.reserve(4).writeInt32LE(2000000000, sink.length); // 2033, in seconds
    sink.length += 4;
    key(out, RdbType.zset, "zset:text-scores");
    out.length(5);
    for (const [member, score] of [["a", "1.5"], ["b", "-3"], ["c", "1e10"]] as const) {
      out.latin1String(member);
      sink.u8(score.length);
      sink.latin1(score);
    }
    out.latin1String("plus-inf");
    sink.u8(254);
    out.latin1String("minus-inf");
    sink.u8(255);
    sink.u8(Opcode.expireTimeMs);
    sink.i64le(4102444800123);
    key(out, RdbType.list, "plain:list");
    out.length(2);
    out.latin1String("p");
    out.latin1String("q");
    key(out, RdbType.zset2, "zset2");
    out.length(2);
    out.latin1String("hi");
    out.binaryDouble(2);
    out.latin1String("lo");
    out.binaryDouble(-0.5);
  });
}

/** RDB 4 (Redis 2.6): no AUX fields, no checksum trailer; plain types and LZF strings. */
function v4File(): Uint8Array {
  return handBuilt(4, (out) => {
    const sink = out.sink;
    sink.u8(Opcode.selectDb);
    out.length(0);
    key(out, RdbType.string, "string");
    out.latin1String("compress me ".repeat(10));
    key(out, RdbType.string, "number");
    out.latin1String("-300");
    key(out, RdbType.set, "set");
    out.length(3);
    for (const m of ["x", "7", "y"]) out.latin1String(m);
    key(out, RdbType.hash, "hash");
    out.length(2);
    for (const s of ["f", "1", "g", "two"]) out.latin1String(s);
    sink.u8(Opcode.expireTimeMs);
    sink.i64le(4102444800123);
    key(out, RdbType.list, "list");
    out.length(3);
    for (const s of ["1", "2", "three"]) out.latin1String(s);
    sink.u8(Opcode.selectDb);
    out.length(1);
    key(out, RdbType.string, "db1");
    out.latin1String("one");
  });
}

async function handBuiltFixture(name: string, bytes: Uint8Array): Promise<void> {
  const path = join(OUT_DIR, `${name}.rdb`);
  writeFileSync(path, bytes);
  const check = Bun.spawnSync(["redis-check-rdb", path]);
  if (check.exitCode !== 0) throw new Error(`redis-check-rdb refused ${name}:\n${check.stdout.toString()}${check.stderr.toString()}`);
  const dir = mkdtempSync(join(tmpdir(), "redbun-rdb-fixture-"));
  try {
    copyFileSync(path, join(dir, "load.rdb"));
    await using redis = await startRealRedis(["--dir", dir, "--dbfilename", "load.rdb"]);
    const client = await RespClient.connect(redis.socketPath);
    try {
      writeJson(name, { source: "hand-built by scripts/gen-rdb-fixtures.ts, loaded by redis-server 7.0.15", records: await snapshotRedis(client) });
    } finally {
      await client.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

mkdirSync(OUT_DIR, { recursive: true });
for (const fixture of REDIS_FIXTURES) await fromRedis(fixture);
await handBuiltFixture("hand-v9-ziplist", v9File());
await handBuiltFixture("hand-v4-no-checksum", v4File());
const sizes = REDIS_FIXTURES.map((f) => f.name).concat("hand-v9-ziplist", "hand-v4-no-checksum").map((n) => `${n}.rdb ${readFileSync(join(OUT_DIR, `${n}.rdb`)).length} B`);
console.log(sizes.join("\n"));
