// DUMP and RESTORE against real redis-server, reply bytes compared. DUMP payloads match byte for
// byte wherever the layout is deterministic (strings with their integer and LZF encodings,
// intsets, listpacks, skiplists, one-entry hashtables); RESTORE gets the same payloads on both
// sides — Redis's own (quicklist lists, hashtables) and ones built by redbun's encoder — and the
// resulting keys are compared (content, TYPE, OBJECT ENCODING, TTL, idle time), plus every
// option, error and check order of restoreCommand, with the encoding thresholds changed too.

import { differentialSuite, type Case } from "../support/differential.ts";
import { latin1Bytes, type Argv } from "../support/resp-client.ts";
import { Crc64 } from "../../src/persistence/rdb/crc64.ts";
import { encodeDumpPayload } from "../../src/persistence/rdb/dump-payload.ts";
import type { RdbValue } from "../../src/persistence/rdb/format.ts";
import { range } from "../support/datasets.ts";
import { FUTURE_MS } from "../support/values.ts";

const b = latin1Bytes;
const hex = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, "hex"));
const payload = (value: RdbValue): Uint8Array => encodeDumpPayload(value, true);

/** DUMP payloads written by redis-server 7.0.15 (DUMP's bulk, hex). */
const REDIS = {
  /** RPUSH l a b 1 2: a quicklist of one listpack node. */
  list: hex("1201021111000000040081610281620201010201ff0a006d72713e9b43482b"),
  /** SADD s a b c: a hashtable set (RDB_TYPE_SET). */
  set: hex("02030163016201610a005ea67e5623750bab"),
  /** HSET h f1 v1: a listpack hash. */
  hash: hex("100f0f00000002008266310382763103ff0a005e9922ca42314c99"),
  /** HSET hh f1 v1 f2 v2 under hash-max-listpack-entries 0: a hashtable hash. */
  hashtable: hex("04020266320276320266310276310a008b6523ec6bc03cf6"),
};

const STRING = payload({ type: "string", value: b("hello") });
const INTSET = payload({ type: "set", members: ["1", "2", "3"], encoding: "intset" });
const PLAIN_INT_SET = payload({ type: "set", members: ["30", "-1", "200"] });
const LONG_FIELD_HASH_LP = payload({ type: "hash", entries: [["f", "v".repeat(100)]], encoding: "listpack" });
const LONG_FIELD_HASH = payload({ type: "hash", entries: [["f", "v".repeat(100)]] });
const ZSET_LP = payload({ type: "zset", entries: [["a", 1], ["b", 2.5], ["c", Infinity]], encoding: "listpack" });
const ZSET_PLAIN = payload({ type: "zset", entries: [["a", -0], ["b", 1], ["c", 2]] });
const LONG_MEMBER_ZSET_LP = payload({ type: "zset", entries: [["m".repeat(100), 1]], encoding: "listpack" });
const PLAIN_LIST = payload({ type: "list", elements: ["x", "", "\x00\xff", "12"] });

/** A payload with one bit flipped: the checksum fails. */
function corrupt(p: Uint8Array, at: number): Uint8Array {
  const copy = p.slice();
  copy[at] ^= 0x01;
  return copy;
}

/** A payload with its RDB version (footer bytes 0-1) set to `version`, checksum redone. */
function withVersion(value: RdbValue, version: number): Uint8Array {
  const p = payload(value);
  const body = p.subarray(0, p.length - 10);
  const out = new Uint8Array(p.length);
  out.set(body);
  out[body.length] = version & 0xff;
  out[body.length + 1] = version >> 8;
  return refreshChecksum(out);
}

/**
 * Recomputes the CRC64 trailer of a payload whose other bytes were changed on purpose: RESTORE
 * checks the checksum first, so reaching "Bad data format" needs a good one.
 */
function refreshChecksum(p: Uint8Array): Uint8Array {
  new Crc64().update(p, 0, p.length - 8).writeLE(p, p.length - 8);
  return p;
}

/** Raw bytes (type byte and value) with a valid footer. */
function rawPayload(bytes: number[]): Uint8Array {
  const out = new Uint8Array(bytes.length + 10);
  out.set(bytes);
  out[bytes.length] = 10;
  return refreshChecksum(out);
}

/** RESTORE then the reads that show what was made. */
function restoreAndInspect(key: string, p: Uint8Array, read: Argv): Argv[] {
  return [["RESTORE", key, "0", p], read, ["TYPE", key], ["OBJECT", "ENCODING", key], ["TTL", key]];
}

const dumpCases: Case[] = [
  { name: "DUMP a missing key is nil", commands: [["DUMP", "nope"]] },
  { name: "DUMP a missing key is nil (RESP3)", resp: 3, commands: [["DUMP", "nope"]] },
  { name: "DUMP arity", commands: [["DUMP"], ["DUMP", "a", "b"]] },
  {
    name: "DUMP strings: int8/16/32 encodings, 64-bit ints as text, embstr, raw, empty, binary",
    setup: [
      ["SET", "i8", "-12"],
      ["SET", "i16", "3000"],
      ["SET", "i32", "-2000000000"],
      ["SET", "i64", "9223372036854775807"],
      ["SET", "lead0", "007"],
      ["SET", "empty", ""],
      ["SET", "bin", b("\x00\xff\r\n\x80")],
      ["SET", "raw", "r".repeat(50)],
      ["SET", "short-raw", "ab"],
      ["APPEND", "short-raw", "cd"],
    ],
    commands: ["i8", "i16", "i32", "i64", "lead0", "empty", "bin", "raw", "short-raw"].map((k) => ["DUMP", k]),
  },
  {
    name: "DUMP long strings: LZF-compressed when it saves 4 bytes, raw otherwise",
    setup: [
      ["SET", "abc", "abc".repeat(200)],
      ["SET", "21", "a".repeat(21)],
      ["SET", "20", "a".repeat(20)],
      ["SET", "noise", range(300, (i) => String.fromCharCode(33 + ((i * 7919) % 90))).join("")],
      ["SET", "big", "xyz".repeat(10_000)],
    ],
    commands: ["abc", "21", "20", "noise", "big"].map((k) => ["DUMP", k]),
  },
  {
    name: "DUMP an intset",
    setup: [["SADD", "s", "5", "-3", "100000", "9223372036854775807", "0"]],
    commands: [["DUMP", "s"]],
  },
  {
    name: "DUMP a one-member hashtable set",
    setup: [["SADD", "s", "member"]],
    commands: [["DUMP", "s"], ["OBJECT", "ENCODING", "s"]],
  },
  {
    name: "DUMP a listpack hash (insertion order, integer values)",
    setup: [["HSET", "h", "b", "1", "a", "-20000", "c", "text", "", "9999999999"]],
    commands: [["DUMP", "h"]],
  },
  {
    name: "DUMP a one-field hashtable hash",
    setup: [["HSET", "h", "f", "v".repeat(100)]],
    commands: [["DUMP", "h"], ["OBJECT", "ENCODING", "h"]],
  },
  {
    name: "DUMP a listpack zset: integral, fractional, huge, infinite and -0 scores",
    setup: [["ZADD", "z", "1", "a", "-2.5", "b", "inf", "c", "-inf", "d", "1e300", "e", "-0", "f", "4611686018427387904", "g", "0.1", "h"]],
    commands: [["DUMP", "z"]],
  },
  {
    name: "DUMP a skiplist zset (written greatest first)",
    setup: [["ZADD", "z", "1", "a", "2", "m".repeat(70), "-0", "zero", "3.25", "c"]],
    commands: [["DUMP", "z"], ["OBJECT", "ENCODING", "z"]],
  },
  {
    name: "DUMP after a key expired is nil",
    setup: [["SET", "k", "v"], ["PEXPIREAT", "k", "1000"]],
    commands: [["DUMP", "k"]],
  },
  {
    name: "DUMP does not change the key or its TTL",
    setup: [["SET", "k", "v"], ["PEXPIREAT", "k", FUTURE_MS]],
    commands: [["DUMP", "k"], ["PEXPIRETIME", "k"], ["GET", "k"]],
  },
];

const restoreCases: Case[] = [
  {
    name: "RESTORE a string; binary key",
    commands: [["RESTORE", b("k\x00\xff"), "0", STRING], ["GET", b("k\x00\xff")], ["OBJECT", "ENCODING", b("k\x00\xff")], ["TTL", b("k\x00\xff")]],
  },
  {
    name: "RESTORE string encodings come from tryObjectEncoding",
    commands: [
      ...restoreAndInspect("int", payload({ type: "string", value: b("12345") }), ["GET", "int"]),
      ...restoreAndInspect("big", payload({ type: "string", value: b("-9223372036854775808") }), ["GET", "big"]),
      ...restoreAndInspect("embstr", payload({ type: "string", value: b("e".repeat(44)) }), ["STRLEN", "embstr"]),
      ...restoreAndInspect("raw", payload({ type: "string", value: b("r".repeat(45)) }), ["STRLEN", "raw"]),
      ...restoreAndInspect("lzf", payload({ type: "string", value: b("abc".repeat(100)) }), ["GET", "lzf"]),
      ...restoreAndInspect("empty", payload({ type: "string", value: b("") }), ["GET", "empty"]),
    ],
  },
  { name: "RESTORE Redis's quicklist list payload", commands: restoreAndInspect("l", REDIS.list, ["LRANGE", "l", "0", "-1"]) },
  { name: "RESTORE a plain list payload", commands: restoreAndInspect("l", PLAIN_LIST, ["LRANGE", "l", "0", "-1"]) },
  {
    name: "RESTORE Redis's hashtable set payload",
    commands: [{ argv: ["RESTORE", "s", "0", REDIS.set] }, { argv: ["SMEMBERS", "s"], unordered: true }, ["OBJECT", "ENCODING", "s"]],
  },
  { name: "RESTORE an intset payload", commands: restoreAndInspect("s", INTSET, ["SMEMBERS", "s"]) },
  { name: "RESTORE a plain set of integers becomes an intset", commands: restoreAndInspect("s", PLAIN_INT_SET, ["SMEMBERS", "s"]) },
  { name: "RESTORE Redis's listpack hash payload", commands: restoreAndInspect("h", REDIS.hash, ["HGETALL", "h"]) },
  {
    name: "RESTORE Redis's hashtable hash payload (small: becomes a listpack)",
    commands: restoreAndInspect("h", REDIS.hashtable, ["HGETALL", "h"]),
  },
  {
    name: "RESTORE a listpack hash with a long value stays a listpack; a plain one converts",
    commands: [...restoreAndInspect("lp", LONG_FIELD_HASH_LP, ["HLEN", "lp"]), ...restoreAndInspect("ht", LONG_FIELD_HASH, ["HLEN", "ht"])],
  },
  {
    name: "RESTORE zsets: listpack, plain (small: listpack, -0 becomes 0), long member",
    commands: [
      ...restoreAndInspect("lp", ZSET_LP, ["ZRANGE", "lp", "0", "-1", "WITHSCORES"]),
      ...restoreAndInspect("plain", ZSET_PLAIN, ["ZRANGE", "plain", "0", "-1", "WITHSCORES"]),
      ...restoreAndInspect("long", LONG_MEMBER_ZSET_LP, ["ZCARD", "long"]),
    ],
  },
  {
    name: "RESTORE a zset; RESP3 scores",
    resp: 3,
    commands: restoreAndInspect("z", ZSET_LP, ["ZRANGE", "z", "0", "-1", "WITHSCORES"]),
  },
  {
    name: "RESTORE over an existing key: BUSYKEY, nothing changed",
    setup: [["SET", "k", "old"]],
    commands: [["RESTORE", "k", "0", STRING], ["GET", "k"]],
  },
  {
    name: "RESTORE REPLACE over a key of another type",
    setup: [["RPUSH", "k", "a"], ["PEXPIREAT", "k", FUTURE_MS]],
    commands: [["RESTORE", "k", "0", STRING, "REPLACE"], ["GET", "k"], ["TTL", "k"], ["restore", "k", "0", INTSET, "replace"], ["TYPE", "k"]],
  },
  {
    name: "RESTORE REPLACE of a missing key",
    commands: [["RESTORE", "k", "0", STRING, "REPLACE"], ["GET", "k"]],
  },
  {
    name: "RESTORE over a key that has expired needs no REPLACE",
    setup: [["SET", "k", "old"], ["PEXPIREAT", "k", "1000"]],
    commands: [["RESTORE", "k", "0", STRING], ["GET", "k"]],
  },
  {
    name: "RESTORE with a relative TTL",
    commands: [["RESTORE", "k", "100000", STRING], ["TTL", "k"], ["GET", "k"]],
  },
  {
    name: "RESTORE ABSTTL in the future",
    commands: [["RESTORE", "k", FUTURE_MS, STRING, "ABSTTL"], ["PEXPIRETIME", "k"], ["GET", "k"]],
  },
  {
    name: "RESTORE ABSTTL in the past creates nothing, still OK",
    commands: [["RESTORE", "k", "1000", STRING, "ABSTTL"], ["EXISTS", "k"]],
  },
  {
    name: "RESTORE REPLACE ABSTTL in the past deletes the old key",
    setup: [["SET", "k", "old"]],
    commands: [["RESTORE", "k", "1", STRING, "ABSTTL", "REPLACE"], ["EXISTS", "k"]],
  },
  {
    name: "RESTORE with a TTL that overflows when added to now creates nothing",
    commands: [["RESTORE", "k", "9223372036854775807", STRING], ["EXISTS", "k"], ["RESTORE", "k", "9223372036854000000", STRING], ["EXISTS", "k"]],
  },
  {
    name: "RESTORE ABSTTL at the largest deadline",
    commands: [["RESTORE", "k", "9223372036854775807", STRING, "ABSTTL"], ["EXISTS", "k"], ["TTL", "k"]],
  },
  {
    name: "RESTORE ttl errors: not an integer, negative, out of range",
    commands: [
      ["RESTORE", "k", "abc", STRING],
      ["RESTORE", "k", "1.5", STRING],
      ["RESTORE", "k", "-1", STRING],
      ["RESTORE", "k", "9223372036854775808", STRING],
      ["RESTORE", "k", "", STRING],
      ["EXISTS", "k"],
    ],
  },
  {
    name: "RESTORE payload errors: too short, bad checksum, newer version",
    commands: [
      ["RESTORE", "k", "0", ""],
      ["RESTORE", "k", "0", "short"],
      ["RESTORE", "k", "0", corrupt(STRING, 2)],
      ["RESTORE", "k", "0", corrupt(STRING, STRING.length - 1)],
      ["RESTORE", "k", "0", withVersion({ type: "string", value: b("v") }, 11)],
      ["RESTORE", "k", "0", withVersion({ type: "string", value: b("v") }, 9)],
      ["GET", "k"],
    ],
  },
  {
    name: "RESTORE Bad data format: unknown type, truncated value, empty collections",
    commands: [
      ["RESTORE", "k", "0", rawPayload([0x63, 0x01, 0x61])],
      ["RESTORE", "k", "0", rawPayload([0x00, 0x05, 0x61])],
      ["RESTORE", "k", "0", rawPayload([0x01, 0x00])],
      ["RESTORE", "k", "0", rawPayload([0x02, 0x00])],
      ["RESTORE", "k", "0", rawPayload([0x04, 0x00])],
      ["RESTORE", "k", "0", rawPayload([0x05, 0x00])],
      ["EXISTS", "k"],
    ],
  },
  {
    name: "RESTORE a bad payload with REPLACE keeps the old key",
    setup: [["SET", "k", "old"]],
    commands: [["RESTORE", "k", "0", corrupt(STRING, 2), "REPLACE"], ["RESTORE", "k", "0", rawPayload([0x01, 0x00]), "REPLACE"], ["GET", "k"]],
  },
  {
    name: "RESTORE IDLETIME sets what OBJECT IDLETIME reads",
    commands: [
      ["RESTORE", "a", "0", STRING, "IDLETIME", "1000"],
      ["OBJECT", "IDLETIME", "a"],
      ["RESTORE", "b", "0", STRING, "IDLETIME", "0"],
      ["OBJECT", "IDLETIME", "b"],
      ["RESTORE", "c", "0", STRING, "IDLETIME", "5", "IDLETIME", "7"],
      ["OBJECT", "IDLETIME", "c"],
    ],
  },
  {
    name: "RESTORE IDLETIME wraps like Redis's 24-bit LRU clock",
    commands: [
      ["RESTORE", "a", "0", STRING, "IDLETIME", "16777214"],
      ["OBJECT", "IDLETIME", "a"],
      ["RESTORE", "b", "0", STRING, "IDLETIME", "16777215"],
      ["OBJECT", "IDLETIME", "b"],
      ["RESTORE", "c", "0", STRING, "IDLETIME", "16777216"],
      ["OBJECT", "IDLETIME", "c"],
      ["RESTORE", "d", "0", STRING, "IDLETIME", "9223372036854775807"],
      ["OBJECT", "IDLETIME", "d"],
    ],
  },
  {
    name: "RESTORE FREQ is checked, and ignored without an LFU policy",
    commands: [["RESTORE", "a", "0", STRING, "FREQ", "255"], ["OBJECT", "FREQ", "a"], ["RESTORE", "b", "0", STRING, "FREQ", "0"], ["EXISTS", "b"]],
  },
  {
    name: "RESTORE option errors",
    commands: [
      ["RESTORE", "k", "0", STRING, "IDLETIME", "-1"],
      ["RESTORE", "k", "0", STRING, "IDLETIME", "x"],
      ["RESTORE", "k", "0", STRING, "IDLETIME", "9223372036854775808"],
      ["RESTORE", "k", "0", STRING, "FREQ", "256"],
      ["RESTORE", "k", "0", STRING, "FREQ", "-1"],
      ["RESTORE", "k", "0", STRING, "FREQ", "1.0"],
      ["RESTORE", "k", "0", STRING, "IDLETIME", "1", "FREQ", "1"],
      ["RESTORE", "k", "0", STRING, "FREQ", "1", "IDLETIME", "1"],
      ["RESTORE", "k", "0", STRING, "IDLETIME"],
      ["RESTORE", "k", "0", STRING, "FREQ"],
      ["RESTORE", "k", "0", STRING, "BOGUS"],
      ["RESTORE", "k", "0", STRING, "REPLACE", "REPLACE", "ABSTTL", "x"],
      ["RESTORE", "k", "0"],
      ["RESTORE", "k"],
      ["EXISTS", "k"],
    ],
  },
  {
    name: "RESTORE check order: options, then BUSYKEY, then the TTL, then the payload",
    setup: [["SET", "k", "old"]],
    commands: [
      ["RESTORE", "k", "abc", "bad payload", "BOGUS"],
      ["RESTORE", "k", "abc", "bad payload", "IDLETIME", "-5"],
      ["RESTORE", "k", "abc", "bad payload"],
      ["RESTORE", "k", "abc", "bad payload", "REPLACE"],
      ["RESTORE", "k", "-1", "bad payload", "REPLACE"],
      ["RESTORE", "k", "0", "bad payload", "REPLACE"],
      ["GET", "k"],
    ],
  },
  {
    name: "RESTORE inside MULTI",
    commands: [["MULTI"], ["RESTORE", "k", "0", STRING], ["RESTORE", "k", "0", STRING], ["EXEC"], ["GET", "k"]],
  },
  {
    name: "DUMP of a RESTOREd value is the same payload (string, intset, listpack hash and zset)",
    commands: [
      ["RESTORE", "s", "0", STRING],
      ["DUMP", "s"],
      ["RESTORE", "i", "0", INTSET],
      ["DUMP", "i"],
      ["RESTORE", "h", "0", REDIS.hash],
      ["DUMP", "h"],
      ["RESTORE", "z", "0", ZSET_LP],
      ["DUMP", "z"],
    ],
  },
];

differentialSuite("DUMP", dumpCases);
differentialSuite("RESTORE", restoreCases);

/** Encoding thresholds changed: what RESTORE converts at load time. */
const LOW_LIMITS: Record<string, string> = {
  "set-max-intset-entries": "2",
  "hash-max-listpack-entries": "1",
  "hash-max-listpack-value": "4",
  "zset-max-listpack-entries": "2",
  "zset-max-listpack-value": "4",
};

differentialSuite(
  "RESTORE with low encoding thresholds",
  [
    { name: "an intset blob past set-max-intset-entries", commands: [{ argv: ["RESTORE", "s", "0", INTSET] }, { argv: ["SMEMBERS", "s"], unordered: true }, ["OBJECT", "ENCODING", "s"]] },
    {
      name: "a listpack hash within the entries limit stays one whatever its value length",
      commands: [["RESTORE", "h", "0", LONG_FIELD_HASH_LP], ["OBJECT", "ENCODING", "h"], ["RESTORE", "p", "0", LONG_FIELD_HASH], ["OBJECT", "ENCODING", "p"]],
    },
    {
      name: "a listpack hash past the entries limit",
      commands: [["RESTORE", "h", "0", payload({ type: "hash", entries: [["a", "1"], ["b", "2"]], encoding: "listpack" })], ["OBJECT", "ENCODING", "h"]],
    },
    {
      name: "zsets: a listpack within the entries limit, past it, a plain one with a long member",
      commands: [
        ["RESTORE", "a", "0", LONG_MEMBER_ZSET_LP],
        ["OBJECT", "ENCODING", "a"],
        ["RESTORE", "b", "0", ZSET_LP],
        ["OBJECT", "ENCODING", "b"],
        ["RESTORE", "c", "0", payload({ type: "zset", entries: [["long-member", 1]] })],
        ["OBJECT", "ENCODING", "c"],
        ["RESTORE", "d", "0", payload({ type: "zset", entries: [["z", -0]] })],
        ["ZSCORE", "d", "z"],
      ],
    },
    {
      name: "skiplist zsets with -0 keep it",
      commands: [["RESTORE", "z", "0", ZSET_PLAIN], ["OBJECT", "ENCODING", "z"], ["ZRANGE", "z", "0", "-1", "WITHSCORES"], ["DUMP", "z"]],
    },
  ],
  {
    redisArgs: Object.entries(LOW_LIMITS).flatMap(([k, v]) => [`--${k}`, v]),
    redbunConfig: Object.fromEntries(Object.entries(LOW_LIMITS).map(([k, v]) => [k, Number(v)])),
  },
);

differentialSuite(
  "DUMP with rdbcompression no",
  [
    {
      name: "long strings and elements are written plain",
      setup: [["SET", "s", "abc".repeat(100)], ["HSET", "h", "f", "abc".repeat(10)], ["SADD", "set", "1"]],
      commands: [["DUMP", "s"], ["DUMP", "h"], ["DUMP", "set"], ["CONFIG", "GET", "rdbcompression"]],
    },
  ],
  { redisArgs: ["--rdbcompression", "no"], redbunConfig: { rdbcompression: false } },
);

// REPLCONF and SYNC's refusals (a SYNC that succeeds sends a snapshot whose AUX fields differ:
// redis-cli-rdb.test.ts checks those with the real redis-cli).
differentialSuite("REPLCONF and SYNC", [
  {
    name: "REPLCONF options Redis accepts",
    commands: [
      ["REPLCONF"],
      ["REPLCONF", "capa", "eof"],
      ["REPLCONF", "CAPA", "psync2", "capa", "unknown"],
      ["REPLCONF", "rdb-only", "1"],
      ["REPLCONF", "rdb-only", "0"],
      ["REPLCONF", "listening-port", "6380", "ip-address", "10.0.0.1"],
      ["REPLCONF", "rdb-filter-only", ""],
      ["REPLCONF", "rdb-filter-only", "functions"],
      ["REPLCONF", "rdb-filter-only", "FUNCTIONS functions"],
    ],
  },
  {
    name: "REPLCONF errors",
    commands: [
      ["REPLCONF", "capa"],
      ["REPLCONF", "a", "b", "c"],
      ["REPLCONF", "foo", "bar"],
      ["REPLCONF", b("fo\x00o"), "bar"],
      ["REPLCONF", "rdb-only", "2"],
      ["REPLCONF", "rdb-only", "-1"],
      ["REPLCONF", "rdb-only", "x"],
      ["REPLCONF", "listening-port", "x"],
      ["REPLCONF", "listening-port", "99999999999999999999"],
      ["REPLCONF", "ip-address", "a".repeat(256)],
      ["REPLCONF", "ip-address", "a".repeat(255)],
      ["REPLCONF", "rdb-filter-only", "keys"],
      ["REPLCONF", "rdb-filter-only", "functions keys"],
      ["REPLCONF", "rdb-filter-only", '"unbalanced'],
      ["REPLCONF", "capa", "eof", "bogus", "x"],
    ],
  },
  {
    name: "REPLCONF ACK and GETACK answer nothing",
    commands: [{ argv: ["REPLCONF", "ACK", "5"], replies: 0 }, { argv: ["REPLCONF", "GETACK", "*"], replies: 0 }, ["PING"]],
  },
  { name: "SYNC arity", commands: [["SYNC", "x"]] },
  { name: "SYNC inside MULTI", commands: [["MULTI"], ["SYNC"], ["EXEC"]] },
  { name: "SYNC after replies still pending", commands: [{ raw: "PING\r\nSYNC\r\n", replies: 2 }] },
  {
    name: "SYNC with a filter but without capa eof",
    commands: [["REPLCONF", "rdb-filter-only", "functions"], ["SYNC"], ["REPLCONF", "capa", "eof", "rdb-only", "0"]],
  },
]);

differentialSuite("DUMP, RESTORE, SYNC, REPLCONF declarations", [
  { name: "COMMAND INFO", commands: [["COMMAND", "INFO", "dump", "restore", "sync", "replconf"]] },
  { name: "COMMAND GETKEYS", commands: [["COMMAND", "GETKEYS", "RESTORE", "k", "0", "x", "REPLACE"], ["COMMAND", "GETKEYS", "DUMP", "k"]] },
]);
