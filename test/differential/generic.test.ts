// The keyspace (generic) group against real redis-server, reply bytes compared: DEL, UNLINK,
// EXISTS, TOUCH, TYPE, KEYS, SCAN, RANDOMKEY, RENAME(NX), MOVE, COPY, OBJECT, the EXPIRE and TTL
// families and PERSIST — normal use, every option and error, binary keys, RESP2 and RESP3.
// A full SCAN iteration (whose cursors differ by design) is compared as the set of keys returned.

import { afterAll, beforeAll, expect, test } from "bun:test";
import { differentialSuite, type Case, type Normalizer } from "../support/differential.ts";
import { startRedbun, type Redbun } from "../support/redbun.ts";
import { describeWithRealRedis, startRealRedis, type RealRedis } from "../support/redis-server.ts";
import { RespClient, decodeReply, latin1, latin1Bytes, type Argv, type RespValue } from "../support/resp-client.ts";
import { genericCommands } from "../../src/commands/generic.ts";
import { FUTURE_S, FUTURE_MS } from "../support/values.ts";

const b = latin1Bytes;

/** An integer reply up to `slackMs` below `expected` (time passes between commands) compares as `expected`. */
function near(expected: number, slackMs = 2000): Normalizer {
  return (reply) => {
    const match = /^:(-?\d+)\r\n$/.exec(latin1(reply));
    const value = match === null ? Number.NaN : Number(match[1]);
    return value <= expected && value >= expected - slackMs ? `:${expected}\r\n` : reply;
  };
}

const BINARY_KEY = b("bin\x00\xff\r\nkey");

const cases: Case[] = [
  // --- DEL / UNLINK ---------------------------------------------------------------------------
  {
    name: "DEL counts removed keys, ignores missing ones and repeats",
    setup: [["SET", "a", "1"], ["SET", "b", "2"]],
    commands: [["DEL", "a", "b", "c", "a"], ["EXISTS", "a", "b"], ["DEL", "a"]],
  },
  { name: "DEL arity", commands: [["DEL"]] },
  {
    name: "UNLINK counts removed keys like DEL",
    setup: [["SET", "a", "1"], ["SET", "b", "2"]],
    commands: [["UNLINK", "a", "b", "c", "b"], ["EXISTS", "a", "b"], ["UNLINK"]],
  },
  {
    name: "DEL and UNLINK take binary keys",
    setup: [["SET", BINARY_KEY, "v"]],
    commands: [["UNLINK", BINARY_KEY], ["EXISTS", BINARY_KEY]],
  },

  // --- EXISTS / TOUCH / TYPE ------------------------------------------------------------------
  {
    name: "EXISTS counts every argument, repeats included",
    setup: [["SET", "a", "1"], ["SET", "", "empty"]],
    commands: [["EXISTS", "a"], ["EXISTS", "a", "a", "a"], ["EXISTS", "a", "missing", ""], ["EXISTS", "missing"], ["EXISTS"]],
  },
  {
    name: "TOUCH counts existing keys",
    setup: [["SET", "a", "1"], ["SET", "b", "2"]],
    commands: [["TOUCH", "a", "b", "c", "a"], ["TOUCH", "c"], ["TOUCH"]],
  },
  {
    name: "TYPE of a string, a missing key, arity",
    setup: [["SET", "s", "v"], ["SET", "n", "12"]],
    commands: [["TYPE", "s"], ["TYPE", "n"], ["TYPE", "missing"], ["TYPE"], ["TYPE", "s", "n"]],
  },
  {
    name: "TYPE in RESP3",
    resp: 3,
    setup: [["SET", "s", "v"]],
    commands: [["TYPE", "s"], ["TYPE", "missing"]],
  },

  // --- KEYS -------------------------------------------------------------------------------------
  {
    name: "KEYS with glob patterns",
    setup: [
      ["SET", "hello", "1"],
      ["SET", "hallo", "1"],
      ["SET", "hxllo", "1"],
      ["SET", "hllo", "1"],
      ["SET", "heeeello", "1"],
      ["SET", "h*llo", "1"],
      ["SET", "user:1", "1"],
      ["SET", "user:2", "1"],
      ["SET", "User:3", "1"],
    ],
    unordered: true,
    commands: [
      ["KEYS", "*"],
      ["KEYS", "h?llo"],
      ["KEYS", "h*llo"],
      ["KEYS", "h[ae]llo"],
      ["KEYS", "h[^e]llo"],
      ["KEYS", "h[a-b]llo"],
      ["KEYS", "h\\*llo"],
      ["KEYS", "user:*"],
      ["KEYS", "*:?"],
      ["KEYS", "[Uu]ser:*"],
      ["KEYS", "nomatch*"],
    ],
  },
  {
    name: "KEYS with a literal pattern",
    setup: [["SET", "hello", "1"], ["SET", "hello2", "1"], ["SET", "", "empty"]],
    commands: [["KEYS", "hello"], ["KEYS", "missing"], ["KEYS", ""], ["KEYS", "hello]"]],
  },
  {
    name: "KEYS on an empty db, arity",
    commands: [["KEYS", "*"], ["KEYS"], ["KEYS", "a", "b"]],
  },
  {
    name: "KEYS returns binary keys as they are",
    setup: [["SET", BINARY_KEY, "v"], ["SET", b("\xff"), "v"]],
    unordered: true,
    commands: [["KEYS", "*"], ["KEYS", b("bin\x00*")], ["KEYS", b("\xff")], ["KEYS", "?"]],
  },
  {
    name: "KEYS leaves out keys whose deadline passed",
    setup: [["SET", "a", "1"], ["SET", "b", "2", "EXAT", FUTURE_S], ["SET", "c", "3"], ["PEXPIREAT", "c", "1000"]],
    unordered: true,
    commands: [["KEYS", "*"], ["KEYS", "c"]],
  },
  {
    name: "KEYS in RESP3",
    resp: 3,
    setup: [["SET", "a", "1"], ["SET", "b", "2"]],
    unordered: true,
    commands: [["KEYS", "*"], ["KEYS", "none"]],
  },

  // --- SCAN (one call covers a small db) --------------------------------------------------------
  {
    name: "SCAN returns every key of a small db with cursor 0",
    setup: [["SET", "a", "1"], ["SET", "b", "2"], ["SET", "c", "3"], ["SET", BINARY_KEY, "4"]],
    unordered: true,
    commands: [["SCAN", "0"], ["SCAN", "0", "COUNT", "100"], ["scan", "0", "count", "5"]],
  },
  {
    name: "SCAN on an empty db",
    commands: [["SCAN", "0"], ["SCAN", "0", "MATCH", "*", "COUNT", "1000", "TYPE", "string"]],
  },
  {
    name: "SCAN MATCH filters by glob",
    setup: [["SET", "user:1", "1"], ["SET", "user:2", "2"], ["SET", "item:1", "3"], ["SET", "x", "4"]],
    unordered: true,
    commands: [
      ["SCAN", "0", "MATCH", "user:*"],
      ["SCAN", "0", "MATCH", "*:1"],
      ["SCAN", "0", "MATCH", "*"],
      ["SCAN", "0", "MATCH", "nothing"],
      ["SCAN", "0", "MATCH", "x"],
      ["SCAN", "0", "MATCH", "user:*", "MATCH", "item:*"],
    ],
  },
  {
    name: "SCAN TYPE filters by type, case-insensitively",
    setup: [["SET", "a", "1"], ["SET", "b", "2"]],
    unordered: true,
    commands: [
      ["SCAN", "0", "TYPE", "string"],
      ["SCAN", "0", "TYPE", "STRING"],
      ["SCAN", "0", "TYPE", "list"],
      ["SCAN", "0", "TYPE", "none"],
      ["SCAN", "0", "TYPE", "nosuchtype"],
      ["SCAN", "0", "TYPE", b("string\x00junk")],
      ["SCAN", "0", "MATCH", "a", "TYPE", "string", "COUNT", "20"],
    ],
  },
  {
    name: "SCAN drops keys whose deadline passed",
    setup: [["SET", "a", "1"], ["SET", "b", "2", "EXAT", FUTURE_S], ["SET", "c", "3"], ["PEXPIREAT", "c", "1"]],
    unordered: true,
    commands: [["SCAN", "0"], ["DBSIZE"]],
  },
  {
    name: "SCAN cursor forms that read as zero",
    setup: [["SET", "a", "1"]],
    commands: [["SCAN", ""], ["SCAN", "+0"], ["SCAN", "-0"], ["SCAN", "000"], ["SCAN", b("0\x00junk")]],
  },
  {
    name: "SCAN invalid cursors",
    setup: [["SET", "a", "1"]],
    commands: [
      ["SCAN", "abc"],
      ["SCAN", " 0"],
      ["SCAN", "\t0"],
      ["SCAN", "0 "],
      ["SCAN", "1a"],
      ["SCAN", "+"],
      ["SCAN", "-"],
      ["SCAN", "0x10"],
      ["SCAN", "1.5"],
      ["SCAN", "18446744073709551616"],
      ["SCAN", "-18446744073709551616"],
      ["SCAN", "99999999999999999999999"],
    ],
  },
  {
    name: "SCAN option errors, in Redis's order",
    setup: [["SET", "a", "1"]],
    commands: [
      ["SCAN"],
      ["SCAN", "abc", "COUNT", "0"],
      ["SCAN", "abc", "FOO"],
      ["SCAN", "0", "COUNT", "0"],
      ["SCAN", "0", "COUNT", "-1"],
      ["SCAN", "0", "COUNT", "abc"],
      ["SCAN", "0", "COUNT", "+5"],
      ["SCAN", "0", "COUNT", "1.0"],
      ["SCAN", "0", "COUNT", "9223372036854775808"],
      ["SCAN", "0", "COUNT", "abc", "FOO"],
      ["SCAN", "0", "FOO", "COUNT", "abc"],
      ["SCAN", "0", "COUNT"],
      ["SCAN", "0", "MATCH"],
      ["SCAN", "0", "TYPE"],
      ["SCAN", "0", "MATCH", "*", "COUNT"],
      ["SCAN", "0", "FOO"],
      ["SCAN", "0", "FOO", "BAR"],
      ["SCAN", "0", "COUNT", "0", "MATCH", "*"],
    ],
  },
  {
    name: "SCAN COUNT accepts huge values",
    setup: [["SET", "a", "1"]],
    commands: [["SCAN", "0", "COUNT", "9223372036854775807"], ["SCAN", "0", "count", "1000", "COUNT", "50"]],
  },
  {
    name: "SCAN in RESP3",
    resp: 3,
    setup: [["SET", "a", "1"], ["SET", "b", "2"]],
    unordered: true,
    commands: [["SCAN", "0"], ["SCAN", "abc"]],
  },

  // --- RANDOMKEY --------------------------------------------------------------------------------
  {
    name: "RANDOMKEY on an empty db and with one key",
    commands: [["RANDOMKEY"], ["SET", "only", "v"], ["RANDOMKEY"], ["RANDOMKEY", "extra"]],
  },
  {
    name: "RANDOMKEY never returns a key whose deadline passed",
    setup: [["SET", "gone", "v"], ["PEXPIREAT", "gone", "1"], ["SET", "kept", "v", "EXAT", FUTURE_S]],
    commands: [["RANDOMKEY"], ["RANDOMKEY"]],
  },
  {
    name: "RANDOMKEY returns a binary key",
    setup: [["SET", BINARY_KEY, "v"]],
    commands: [["RANDOMKEY"]],
  },
  {
    name: "RANDOMKEY in RESP3",
    resp: 3,
    commands: [["RANDOMKEY"], ["SET", "k", "v"], ["RANDOMKEY"]],
  },

  // --- RENAME / RENAMENX ------------------------------------------------------------------------
  {
    name: "RENAME moves the value",
    setup: [["SET", "a", "hello"]],
    commands: [["RENAME", "a", "b"], ["GET", "a"], ["GET", "b"], ["EXISTS", "a"], ["OBJECT", "ENCODING", "b"]],
  },
  {
    name: "RENAME moves the TTL with the key and overwrites the target's",
    setup: [["SET", "a", "1", "EXAT", FUTURE_S], ["SET", "b", "2", "PXAT", "5000000000000"], ["SET", "c", "3"]],
    commands: [
      ["RENAME", "a", "b"],
      ["EXPIRETIME", "b"],
      ["GET", "b"],
      ["RENAME", "c", "b"],
      ["TTL", "b"],
      ["GET", "b"],
    ],
  },
  {
    name: "RENAME errors: missing source, same name",
    setup: [["SET", "a", "1"]],
    commands: [
      ["RENAME", "missing", "x"],
      ["RENAME", "missing", "missing"],
      ["RENAME", "a", "a"],
      ["GET", "a"],
      ["RENAME", "a"],
      ["RENAME", "a", "b", "c"],
    ],
  },
  {
    name: "RENAME keeps int and raw encodings",
    setup: [["SET", "i", "123"], ["SET", "r", "x".repeat(100)]],
    commands: [["RENAME", "i", "i2"], ["OBJECT", "ENCODING", "i2"], ["RENAME", "r", "r2"], ["OBJECT", "ENCODING", "r2"], ["STRLEN", "r2"]],
  },
  {
    name: "RENAME with binary names",
    setup: [["SET", BINARY_KEY, "v"]],
    commands: [["RENAME", BINARY_KEY, b("\x00")], ["GET", b("\x00")], ["EXISTS", BINARY_KEY]],
  },
  {
    name: "RENAMENX only renames onto a free name",
    setup: [["SET", "a", "1"], ["SET", "b", "2"], ["SET", "c", "3", "EXAT", FUTURE_S]],
    commands: [
      ["RENAMENX", "a", "b"],
      ["GET", "a"],
      ["GET", "b"],
      ["RENAMENX", "c", "d"],
      ["EXPIRETIME", "d"],
      ["EXISTS", "c"],
      ["RENAMENX", "a", "a"],
      ["RENAMENX", "missing", "a"],
      ["RENAMENX", "missing", "missing"],
      ["RENAMENX", "a"],
    ],
  },

  // --- MOVE -------------------------------------------------------------------------------------
  {
    name: "MOVE moves a key with its TTL to another db",
    setup: [["SET", "k", "v", "EXAT", FUTURE_S]],
    commands: [
      ["MOVE", "k", "1"],
      ["EXISTS", "k"],
      ["SELECT", "1"],
      ["GET", "k"],
      ["EXPIRETIME", "k"],
      ["MOVE", "k", "0"],
      ["SELECT", "0"],
      ["GET", "k"],
    ],
  },
  {
    name: "MOVE does not overwrite an existing key",
    setup: [["SET", "k", "v0"], ["SELECT", "2"], ["SET", "k", "v2"], ["SELECT", "0"]],
    commands: [["MOVE", "k", "2"], ["GET", "k"], ["SELECT", "2"], ["GET", "k"]],
  },
  {
    name: "MOVE errors, in Redis's order",
    setup: [["SET", "k", "v"]],
    commands: [
      ["MOVE", "missing", "1"],
      ["MOVE", "k", "0"],
      ["MOVE", "missing", "0"],
      ["MOVE", "k", "16"],
      ["MOVE", "k", "-1"],
      ["MOVE", "k", "abc"],
      ["MOVE", "k", "1.0"],
      ["MOVE", "k", ""],
      ["MOVE", "k", "2147483648"],
      ["MOVE", "k", "-2147483649"],
      ["MOVE", "k", "9223372036854775808"],
      ["MOVE", "k"],
      ["MOVE", "k", "1", "2"],
    ],
  },

  // --- COPY -------------------------------------------------------------------------------------
  {
    name: "COPY copies the value and its TTL",
    setup: [["SET", "a", "hello", "EXAT", FUTURE_S]],
    commands: [["COPY", "a", "b"], ["GET", "b"], ["EXPIRETIME", "b"], ["GET", "a"], ["APPEND", "b", "!"], ["GET", "a"], ["GET", "b"]],
  },
  {
    name: "COPY keeps the encoding",
    setup: [["SET", "i", "12345678"], ["SET", "e", "short"], ["SET", "r", "y".repeat(60)], ["SET", "big", "z".repeat(5000)]],
    commands: [
      ["COPY", "i", "i2"],
      ["OBJECT", "ENCODING", "i2"],
      ["COPY", "e", "e2"],
      ["OBJECT", "ENCODING", "e2"],
      ["COPY", "r", "r2"],
      ["OBJECT", "ENCODING", "r2"],
      ["COPY", "big", "big2"],
      ["OBJECT", "ENCODING", "big2"],
      ["STRLEN", "big2"],
    ],
  },
  {
    name: "COPY onto an existing key needs REPLACE",
    setup: [["SET", "a", "1"], ["SET", "b", "2", "EXAT", FUTURE_S]],
    commands: [
      ["COPY", "a", "b"],
      ["GET", "b"],
      ["COPY", "a", "b", "REPLACE"],
      ["GET", "b"],
      ["TTL", "b"],
      ["COPY", "a", "b", "replace", "REPLACE"],
    ],
  },
  {
    name: "COPY to another db",
    setup: [["SET", "a", "1"]],
    commands: [
      ["COPY", "a", "a", "DB", "1"],
      ["COPY", "a", "a", "DB", "1"],
      ["COPY", "a", "a", "DB", "1", "REPLACE"],
      ["COPY", "a", "b", "REPLACE", "db", "3"],
      ["SELECT", "1"],
      ["GET", "a"],
      ["SELECT", "3"],
      ["GET", "b"],
      ["COPY", "b", "b", "DB", "3"],
      ["COPY", "b", "c", "DB", "0", "DB", "3"],
      ["GET", "c"],
    ],
  },
  {
    name: "COPY of a missing key",
    commands: [["COPY", "missing", "b"], ["COPY", "missing", "b", "REPLACE"], ["EXISTS", "b"]],
  },
  {
    name: "COPY errors, in Redis's order",
    setup: [["SET", "a", "1"]],
    commands: [
      ["COPY", "a", "a"],
      ["COPY", "missing", "missing"],
      ["COPY", "a", "a", "DB", "0"],
      ["COPY", "a", "b", "DB"],
      ["COPY", "a", "b", "FOO"],
      ["COPY", "a", "b", "DB", "16"],
      ["COPY", "a", "b", "DB", "-1"],
      ["COPY", "a", "b", "DB", "abc"],
      ["COPY", "a", "b", "DB", "REPLACE"],
      ["COPY", "a", "b", "DB", "3000000000"],
      ["COPY", "a", "b", "DB", "99", "FOO"],
      ["COPY", "a", "b", "FOO", "DB", "99"],
      ["COPY", "a", "b", "DB", "99", "DB", "1"],
      ["COPY", "a", "b", "REPLACE", "FOO"],
      ["COPY", "a"],
      ["COPY"],
      ["EXISTS", "b"],
    ],
  },

  // --- OBJECT -----------------------------------------------------------------------------------
  {
    name: "OBJECT ENCODING of strings",
    setup: [
      ["SET", "int", "12345"],
      ["SET", "neg", "-42"],
      ["SET", "max", "9223372036854775807"],
      ["SET", "min", "-9223372036854775808"],
      ["SET", "over", "9223372036854775808"],
      ["SET", "zeroes", "007"],
      ["SET", "minus0", "-0"],
      ["SET", "plus", "+1"],
      ["SET", "space", " 1"],
      ["SET", "emb", "x".repeat(44)],
      ["SET", "raw", "x".repeat(45)],
      ["SET", "empty", ""],
      ["SET", "long", "z".repeat(10000)],
    ],
    commands: [
      ["OBJECT", "ENCODING", "int"],
      ["OBJECT", "ENCODING", "neg"],
      ["OBJECT", "ENCODING", "max"],
      ["OBJECT", "ENCODING", "min"],
      ["OBJECT", "ENCODING", "over"],
      ["OBJECT", "ENCODING", "zeroes"],
      ["OBJECT", "ENCODING", "minus0"],
      ["OBJECT", "ENCODING", "plus"],
      ["OBJECT", "ENCODING", "space"],
      ["OBJECT", "ENCODING", "emb"],
      ["OBJECT", "ENCODING", "raw"],
      ["OBJECT", "ENCODING", "empty"],
      ["OBJECT", "ENCODING", "long"],
      ["object", "encoding", "missing"],
    ],
  },
  {
    name: "OBJECT REFCOUNT: shared integers 0..9999",
    setup: [
      ["SET", "zero", "0"],
      ["SET", "top", "9999"],
      ["SET", "past", "10000"],
      ["SET", "neg", "-1"],
      ["SET", "text", "abc"],
      ["SET", "big", "x".repeat(5000)],
    ],
    commands: [
      ["OBJECT", "REFCOUNT", "zero"],
      ["OBJECT", "REFCOUNT", "top"],
      ["OBJECT", "REFCOUNT", "past"],
      ["OBJECT", "REFCOUNT", "neg"],
      ["OBJECT", "REFCOUNT", "text"],
      ["OBJECT", "REFCOUNT", "big"],
      ["OBJECT", "REFCOUNT", "missing"],
    ],
  },
  {
    name: "OBJECT REFCOUNT of a copied small integer",
    todo: "Redis's dupStringObject gives the copy its own object (refcount 1); redbun cannot tell a copy from a shared integer",
    setup: [["SET", "a", "5"]],
    commands: [["COPY", "a", "b"], ["OBJECT", "REFCOUNT", "b"]],
  },
  {
    name: "OBJECT IDLETIME of a fresh key, FREQ without an LFU policy",
    setup: [["SET", "a", "1"]],
    commands: [["OBJECT", "IDLETIME", "a"], ["OBJECT", "IDLETIME", "missing"], ["OBJECT", "FREQ", "a"], ["OBJECT", "FREQ", "missing"]],
  },
  {
    name: "OBJECT HELP and container errors",
    commands: [
      ["OBJECT", "HELP"],
      ["object", "help"],
      ["OBJECT", "HELP", "extra"],
      ["OBJECT"],
      ["OBJECT", "FOO"],
      ["OBJECT", "FOO", "k"],
      ["OBJECT", "ENCODING"],
      ["OBJECT", "ENCODING", "a", "b"],
      ["OBJECT", "REFCOUNT"],
      ["OBJECT", "IDLETIME", "a", "b"],
      ["OBJECT", "FREQ"],
    ],
  },
  {
    name: "OBJECT in RESP3",
    resp: 3,
    setup: [["SET", "a", "100"]],
    commands: [
      ["OBJECT", "ENCODING", "a"],
      ["OBJECT", "ENCODING", "missing"],
      ["OBJECT", "REFCOUNT", "missing"],
      ["OBJECT", "IDLETIME", "missing"],
      ["OBJECT", "FREQ", "missing"],
      ["OBJECT", "HELP"],
    ],
  },

  // --- EXPIRE family ----------------------------------------------------------------------------
  {
    name: "EXPIRE sets a TTL in seconds",
    setup: [["SET", "k", "v"]],
    commands: [["EXPIRE", "k", "100"], ["TTL", "k"], { argv: ["PTTL", "k"], normalize: near(100000) }, ["EXPIRE", "missing", "100"], ["EXISTS", "missing"]],
  },
  {
    name: "PEXPIRE sets a TTL in milliseconds",
    setup: [["SET", "k", "v"]],
    commands: [["PEXPIRE", "k", "100300"], { argv: ["PTTL", "k"], normalize: near(100300) }, ["TTL", "k"], ["PEXPIRE", "missing", "100"]],
  },
  {
    name: "EXPIREAT and PEXPIREAT set absolute deadlines",
    setup: [["SET", "a", "v"], ["SET", "b", "v"]],
    commands: [
      ["EXPIREAT", "a", FUTURE_S],
      ["EXPIRETIME", "a"],
      ["PEXPIRETIME", "a"],
      ["PEXPIREAT", "b", "4102444800123"],
      ["PEXPIRETIME", "b"],
      ["EXPIRETIME", "b"],
      ["PEXPIREAT", "b", "4102444800499"],
      ["EXPIRETIME", "b"],
      ["PEXPIREAT", "b", "4102444800500"],
      ["EXPIRETIME", "b"],
      ["EXPIREAT", "missing", FUTURE_S],
    ],
  },
  {
    name: "A deadline in the past deletes the key and replies 1",
    setup: [["SET", "a", "v"], ["SET", "b", "v"], ["SET", "c", "v"], ["SET", "d", "v"], ["SET", "e", "v"], ["SET", "f", "v"]],
    commands: [
      ["EXPIRE", "a", "0"],
      ["EXISTS", "a"],
      ["EXPIRE", "b", "-100"],
      ["EXISTS", "b"],
      ["PEXPIRE", "c", "-1"],
      ["EXISTS", "c"],
      ["EXPIREAT", "d", "1000"],
      ["EXISTS", "d"],
      ["PEXPIREAT", "e", "0"],
      ["EXISTS", "e"],
      ["PEXPIREAT", "f", "-9223372036854775808"],
      ["EXISTS", "f"],
      ["EXPIRE", "a", "-1"],
      ["DBSIZE"],
    ],
  },
  {
    name: "EXPIRE NX and XX",
    setup: [["SET", "k", "v"]],
    commands: [
      ["EXPIRE", "k", "100", "XX"],
      ["TTL", "k"],
      ["EXPIRE", "k", "100", "NX"],
      ["TTL", "k"],
      ["EXPIRE", "k", "200", "NX"],
      ["TTL", "k"],
      ["EXPIRE", "k", "300", "xx"],
      ["TTL", "k"],
      ["EXPIRE", "k", "300", "nx", "NX"],
      ["EXPIRE", "missing", "10", "NX"],
      ["EXPIRE", "missing", "10", "XX"],
    ],
  },
  {
    name: "EXPIRE GT and LT",
    setup: [["SET", "k", "v"], ["SET", "p", "v"]],
    commands: [
      ["EXPIRE", "k", "100", "GT"],
      ["TTL", "k"],
      ["EXPIRE", "k", "100", "LT"],
      ["TTL", "k"],
      ["EXPIRE", "k", "50", "GT"],
      ["EXPIRE", "k", "200", "GT"],
      ["TTL", "k"],
      ["EXPIRE", "k", "300", "LT"],
      ["EXPIRE", "k", "200", "LT"],
      ["EXPIRE", "k", "150", "lt"],
      ["TTL", "k"],
      ["EXPIRE", "k", "1000", "XX", "GT"],
      ["TTL", "k"],
      ["EXPIRE", "k", "500", "LT", "XX"],
      ["TTL", "k"],
      ["EXPIRE", "p", "500", "XX", "LT"],
      ["TTL", "p"],
      ["EXPIRE", "k", "-1", "LT"],
      ["EXISTS", "k"],
    ],
  },
  {
    name: "PEXPIREAT with conditions compares absolute deadlines",
    setup: [["SET", "k", "v"]],
    commands: [
      ["PEXPIREAT", "k", FUTURE_MS, "NX"],
      ["PEXPIREAT", "k", "4102444800001", "GT"],
      ["PEXPIRETIME", "k"],
      ["PEXPIREAT", "k", "4102444800001", "GT"],
      ["PEXPIREAT", "k", "4102444800001", "LT"],
      ["PEXPIREAT", "k", "4102444799999", "LT"],
      ["PEXPIRETIME", "k"],
      ["EXPIREAT", "k", "1000", "GT"],
      ["EXISTS", "k"],
      ["EXPIREAT", "k", "1000", "NX"],
      ["EXISTS", "k"],
      ["EXPIREAT", "k", "1000", "XX"],
      ["EXISTS", "k"],
    ],
  },
  {
    name: "EXPIRE option errors come before the number and the key",
    setup: [["SET", "k", "v"]],
    commands: [
      ["EXPIRE", "k", "abc", "foo"],
      ["EXPIRE", "k", "abc", "NX"],
      ["EXPIRE", "k", "10", "NX", "XX"],
      ["EXPIRE", "k", "10", "XX", "NX"],
      ["EXPIRE", "k", "10", "NX", "GT"],
      ["EXPIRE", "k", "10", "LT", "NX"],
      ["EXPIRE", "k", "10", "GT", "LT"],
      ["EXPIRE", "k", "10", "lt", "gt"],
      ["EXPIRE", "k", "10", "GT", "LT", "NX"],
      ["EXPIRE", "k", "10", "GT", "LT", "foo"],
      ["EXPIRE", "k", "10", "NX", "foo"],
      ["EXPIRE", "k", "10", "NXX"],
      ["EXPIRE", "k", "10", ""],
      ["EXPIRE", "missing", "10", "bar"],
      ["EXPIRE", "missing", "abc"],
      ["TTL", "k"],
    ],
  },
  {
    name: "Unsupported option text: NUL ends it, CR/LF are trimmed or become spaces",
    setup: [["SET", "k", "v"]],
    commands: [
      ["EXPIRE", "k", "10", b("a\x00b")],
      ["EXPIRE", "k", "10", "a\r\n"],
      ["EXPIRE", "k", "10", "a\nb"],
      ["EXPIRE", "k", "10", "\r\nx\r\n"],
      ["PEXPIRE", "k", "10", b("\xff\xfe")],
    ],
  },
  {
    name: "EXPIRE value errors and overflow",
    setup: [["SET", "k", "v"]],
    commands: [
      ["EXPIRE", "k", "1.5"],
      ["EXPIRE", "k", ""],
      ["EXPIRE", "k", " 10"],
      ["EXPIRE", "k", "+10"],
      ["EXPIRE", "k", "9223372036854775808"],
      ["EXPIRE", "k", "9223372036854775807"],
      ["EXPIRE", "k", "9223372036854775"],
      ["EXPIRE", "k", "-9223372036854776"],
      ["EXPIRE", "k", "-9223372036854775808"],
      ["PEXPIRE", "k", "9223372036854775807"],
      ["PEXPIRE", "k", "9223372036854775807", "NX"],
      ["EXPIREAT", "k", "9223372036854776"],
      ["EXPIREAT", "k", "-9223372036854776"],
      ["EXPIREAT", "missing", "9223372036854776"],
      ["PEXPIRE", "missing", "9223372036854775807"],
      ["TTL", "k"],
      ["EXPIRE", "k", "-9223372036854775"],
      ["EXISTS", "k"],
    ],
  },
  {
    name: "EXPIRE family arity",
    commands: [["EXPIRE"], ["EXPIRE", "k"], ["PEXPIRE", "k"], ["EXPIREAT", "k"], ["PEXPIREAT"]],
  },

  // --- TTL family, PERSIST ----------------------------------------------------------------------
  {
    name: "TTL, PTTL, EXPIRETIME, PEXPIRETIME of missing and persistent keys",
    setup: [["SET", "k", "v"]],
    commands: [
      ["TTL", "missing"],
      ["PTTL", "missing"],
      ["EXPIRETIME", "missing"],
      ["PEXPIRETIME", "missing"],
      ["TTL", "k"],
      ["PTTL", "k"],
      ["EXPIRETIME", "k"],
      ["PEXPIRETIME", "k"],
      ["TTL"],
      ["PTTL", "a", "b"],
      ["EXPIRETIME"],
      ["PEXPIRETIME", "a", "b"],
    ],
  },
  {
    name: "TTL rounds to the nearest second",
    setup: [["SET", "a", "v", "PX", "100600"], ["SET", "b", "v", "PX", "100400"], ["SET", "c", "v", "EX", "5"]],
    commands: [["TTL", "a"], ["TTL", "b"], ["TTL", "c"], { argv: ["PTTL", "c"], normalize: near(5000) }],
  },
  {
    name: "PERSIST removes a TTL",
    setup: [["SET", "k", "v", "EXAT", FUTURE_S], ["SET", "p", "v"]],
    commands: [
      ["PERSIST", "k"],
      ["TTL", "k"],
      ["PERSIST", "k"],
      ["PERSIST", "p"],
      ["PERSIST", "missing"],
      ["GET", "k"],
      ["PERSIST"],
      ["PERSIST", "a", "b"],
    ],
  },
  {
    name: "TTL family in RESP3",
    resp: 3,
    setup: [["SET", "k", "v", "EXAT", FUTURE_S]],
    commands: [["TTL", "missing"], ["EXPIRETIME", "k"], ["PEXPIRETIME", "k"], ["PERSIST", "k"], ["EXPIRE", "k", "10", "foo"]],
  },
  {
    name: "SET drops a TTL, SET KEEPTTL keeps it",
    setup: [["SET", "k", "v", "EXAT", FUTURE_S]],
    commands: [["SET", "k", "w", "KEEPTTL"], ["EXPIRETIME", "k"], ["SET", "k", "x"], ["EXPIRETIME", "k"]],
  },
];

differentialSuite("generic commands", cases);

// --- SCAN across many calls ---------------------------------------------------------------------

/** SCAN from 0 until the cursor comes back to 0; returns the keys seen and the number of calls. */
async function scanAll(client: RespClient, extra: readonly string[]): Promise<{ keys: string[]; calls: number }> {
  const keys: string[] = [];
  let cursor = "0";
  let calls = 0;
  do {
    const reply = decodeReply(await client.call("SCAN", cursor, ...extra), { bulk: "latin1" });
    if (!Array.isArray(reply) || reply.length !== 2 || typeof reply[0] !== "string" || !Array.isArray(reply[1])) {
      throw new Error(`unexpected SCAN reply ${JSON.stringify(reply)}`);
    }
    cursor = reply[0];
    for (const name of reply[1]) keys.push(String(name));
    calls++;
  } while (cursor !== "0" && calls < 100_000);
  return { keys, calls };
}

describeWithRealRedis("SCAN iterates the whole keyspace like Redis", () => {
  let redis: RealRedis;
  let redbun: Redbun;
  let onRedis: RespClient;
  let onRedbun: RespClient;

  beforeAll(async () => {
    [redis, redbun] = await Promise.all([startRealRedis(), startRedbun()]);
    [onRedis, onRedbun] = await Promise.all([RespClient.connect(redis.socketPath), redbun.connect()]);
  });

  afterAll(async () => {
    onRedis?.terminate();
    onRedbun?.terminate();
    await Promise.all([redis?.stop(), redbun?.close()]);
  });

  async function both(...argv: Argv): Promise<void> {
    const [a, c] = await Promise.all([onRedis.call(...argv), onRedbun.call(...argv)]);
    expect(latin1(c)).toBe(latin1(a));
  }

  async function compareScan(extra: readonly string[], expectedCount: number): Promise<void> {
    const [fromRedis, fromRedbun] = await Promise.all([scanAll(onRedis, extra), scanAll(onRedbun, extra)]);
    const redisSet = [...new Set(fromRedis.keys)].sort();
    const redbunSet = [...new Set(fromRedbun.keys)].sort();
    expect(redisSet.length).toBe(expectedCount);
    expect(redbunSet).toEqual(redisSet);
    // Without concurrent changes a key is returned once.
    expect(fromRedbun.keys.length).toBe(redbunSet.length);
  }

  test("1000 keys, default COUNT, COUNT 1, COUNT 7 with MATCH and TYPE", async () => {
    await both("FLUSHALL");
    const mset: string[] = [];
    for (let i = 0; i < 1000; i++) mset.push(`key:${i}`, String(i));
    await both("MSET", ...mset);
    await compareScan([], 1000);
    await compareScan(["COUNT", "1"], 1000);
    await compareScan(["COUNT", "7", "MATCH", "key:1*"], 111);
    await compareScan(["COUNT", "50", "TYPE", "string", "MATCH", "*9"], 100);
    await compareScan(["TYPE", "list"], 0);
  });

  test("keys deleted and added during the scan: every key present throughout is returned", async () => {
    await both("FLUSHALL");
    const mset: string[] = [];
    for (let i = 0; i < 500; i++) mset.push(`k${i}`, "v");
    await both("MSET", ...mset);
    const stable = new Set(Array.from({ length: 250 }, (_, i) => `k${i * 2}`));
    for (const client of [onRedis, onRedbun]) {
      const seen = new Set<string>();
      let cursor = "0";
      let round = 0;
      do {
        const reply = decodeReply(await client.call("SCAN", cursor, "COUNT", "20"), { bulk: "latin1" }) as [string, string[]];
        cursor = reply[0];
        for (const name of reply[1]) seen.add(name);
        // Churn: drop an odd key and add a new one every call.
        await client.call("DEL", `k${round * 2 + 1}`);
        await client.call("SET", `new${round}`, "v");
        round++;
      } while (cursor !== "0");
      for (const name of stable) expect(seen.has(name)).toBe(true);
    }
  });
});

// --- declarations ---------------------------------------------------------------------------------

/** What COMMAND INFO says about a command, in a comparable shape. */
interface InfoShape {
  arity: number;
  flags: string[];
  keys: [number, number, number];
  categories: string[];
  tips: string[];
  keySpecFlags: string[][];
}

function fromRedisInfo(info: RespValue[]): InfoShape {
  const [, arity, flags, first, last, step, categories, tips, keySpecs] = info as [
    string, number, string[], number, number, number, string[], string[], RespValue[][],
  ];
  return {
    arity,
    flags: [...flags].sort(),
    keys: [first, last, step],
    categories,
    tips,
    // Each key spec is a flat [name, value, …] list; keep its flags, upper-cased as declared.
    keySpecFlags: keySpecs.map((spec) => (spec[spec.indexOf("flags") + 1] as string[]).map((flag) => flag.toUpperCase())),
  };
}

describeWithRealRedis("generic command declarations derive Redis's COMMAND INFO", () => {
  let redis: RealRedis;
  let client: RespClient;

  beforeAll(async () => {
    redis = await startRealRedis();
    client = await RespClient.connect(redis.socketPath);
  });

  afterAll(async () => {
    client?.terminate();
    await redis?.stop();
  });

  for (const command of genericCommands) {
    test(command.fullName, async () => {
      const [info] = decodeReply(await client.call("COMMAND", "INFO", command.fullName)) as RespValue[][];
      const expected = fromRedisInfo(info!);
      const derived: InfoShape = {
        arity: command.arity,
        flags: [...command.flags].sort(),
        keys: [command.firstKey, command.lastKey, command.keyStep],
        categories: command.categories.map((category) => `@${category}`),
        tips: [...(command.spec.tips ?? [])],
        keySpecFlags: (command.spec.keySpecs ?? []).map((flags) => [...flags]),
      };
      expect(derived).toEqual(expected);
    });
  }
});
