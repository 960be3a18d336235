// The hash group (t_hash.c) against a real redis-server: every command with each option and
// error, binary and empty fields, 64-bit and long double limits, listpack order (byte for byte)
// and hashtable order (compared unordered), the listpack → hashtable conversion, RESP2 and RESP3.
// HRANDFIELD is compared where its reply is deterministic; its randomness is checked in
// test/integration/hash.test.ts.

import { commandTable } from "../../src/commands/table.ts";
import { differentialSuite, fires, type Case, type Normalizer } from "../support/differential.ts";
import { decodeReply, latin1Bytes, type Argv, type RespValue } from "../support/resp-client.ts";
import { LLONG_MAX, LLONG_MIN, ALL_BYTES, objectEncoding } from "../support/values.ts";

const CRLF_VALUE = latin1Bytes("a\r\nb\r\n\x00c");

/** A key of another type, for WRONGTYPE. */
const STRING_SETUP: Argv[] = [["SET", "s", "x"]];

/** HSET key f0 v0 … f(n-1) v(n-1). */
function fields(key: string, n: number, prefix = "f"): Argv {
  const argv: string[] = ["HSET", key];
  for (let i = 0; i < n; i++) argv.push(`${prefix}${i}`, `v${i}`);
  return argv;
}

/** HSCAN replies with the [field, value] pairs sorted: a hashtable's order and cursor are its own. */
const scanPairsSorted: Normalizer = (reply) => {
  const decoded = decodeReply(reply, { bulk: "latin1" });
  if (!Array.isArray(decoded)) return reply;
  const [cursor, items] = decoded as [RespValue, RespValue[]];
  const pairs: string[] = [];
  for (let i = 0; i < items.length; i += 2) pairs.push(`${String(items[i])}=${String(items[i + 1])}`);
  return JSON.stringify([cursor, pairs.sort()]);
};

/** How many elements an array reply has (random picks compared by size only). */
const arrayLength: Normalizer = (reply) => {
  const decoded = decodeReply(reply, { bulk: "latin1" });
  return Array.isArray(decoded) ? `length ${decoded.length}` : reply;
};

// --- HSET, HMSET, HSETNX, HGET, HMGET ---------------------------------------------------------

const setGetCases: Case[] = [
  { name: "HGET missing key and missing field", setup: [["HSET", "h", "a", "1"]], commands: [["HGET", "nokey", "a"], ["HGET", "h", "b"], ["HGET", "h", "a"]] },
  {
    name: "HSET creates, counts new fields only, overwrites",
    commands: [
      ["HSET", "h", "a", "1", "b", "2"],
      ["HSET", "h", "a", "10", "c", "3"],
      ["HSET", "h", "a", "10"],
      ["HGETALL", "h"],
      ["HLEN", "h"],
      ["TYPE", "h"],
      objectEncoding("h"),
    ],
  },
  { name: "HSET the same field twice in one call", commands: [["HSET", "h", "a", "1", "a", "2", "b", "3", "a", "4"], ["HGETALL", "h"]] },
  {
    name: "HSET binary, empty, CRLF and NUL fields and values",
    commands: [
      ["HSET", "h", ALL_BYTES, ALL_BYTES, "", "", "e", "", "", "empty-field", CRLF_VALUE, CRLF_VALUE],
      ["HGET", "h", ALL_BYTES],
      ["HGET", "h", ""],
      ["HGET", "h", "e"],
      ["HGET", "h", CRLF_VALUE],
      // The 256-byte field made it a hashtable.
      { argv: ["HGETALL", "h"], unordered: "pairs" },
      ["HSTRLEN", "h", ALL_BYTES],
    ],
  },
  {
    name: "HSET and HMSET arity",
    commands: [["HSET", "h"], ["HSET", "h", "a"], ["HSET", "h", "a", "1", "b"], ["HMSET", "h", "a"], ["HMSET", "h", "a", "1", "b"], ["EXISTS", "h"]],
  },
  { name: "HMSET replies OK", commands: [["HMSET", "h", "a", "1", "b", "2"], ["HMSET", "h", "a", "3"], ["HGETALL", "h"]] },
  {
    name: "HSET and friends on a string: WRONGTYPE",
    setup: STRING_SETUP,
    commands: [
      ["HSET", "s", "a", "1"],
      ["HMSET", "s", "a", "1"],
      ["HSETNX", "s", "a", "1"],
      ["HGET", "s", "a"],
      ["HMGET", "s", "a"],
      ["HDEL", "s", "a"],
      ["HLEN", "s"],
      ["HEXISTS", "s", "a"],
      ["HSTRLEN", "s", "a"],
      ["HKEYS", "s"],
      ["HVALS", "s"],
      ["HGETALL", "s"],
      ["HINCRBY", "s", "a", "1"],
      ["HINCRBYFLOAT", "s", "a", "1"],
      ["HRANDFIELD", "s"],
      ["HRANDFIELD", "s", "2"],
      ["HSCAN", "s", "0"],
      ["GET", "s"],
    ],
  },
  {
    name: "HSETNX",
    commands: [
      ["HSETNX", "h", "a", "1"],
      ["HSETNX", "h", "a", "2"],
      ["HSETNX", "h", "b", ""],
      ["HGETALL", "h"],
      ["HSETNX", "h", "a"],
      ["HSETNX", "h", "a", "1", "x"],
    ],
  },
  {
    name: "HMGET",
    setup: [["HSET", "h", "a", "1", "b", "2"]],
    commands: [["HMGET", "h", "a", "x", "b", "a"], ["HMGET", "nokey", "a", "b"], ["HMGET", "h"], ["HMGET", "h", ""]],
  },
  { name: "HGET arity", commands: [["HGET", "h"], ["HGET", "h", "a", "b"]] },
  {
    name: "short binary fields keep listpack order",
    commands: [
      ["HSET", "h", "\x00", "nul", "\xff\xfe", "hi", "\r\n", "crlf", "12", "int", "-0", "neg-zero", "007", "padded"],
      ["HGETALL", "h"],
      ["HSTRLEN", "h", "12"],
      ["HGET", "h", "007"],
      objectEncoding("h"),
    ],
  },
  {
    name: "pipelined HSET and HGET",
    pipeline: true,
    commands: [["HSET", "h", "a", "1"], ["HSET", "h", "b", "2", "a", "3"], ["HGET", "h", "a"], ["HSET", "h"], ["HGETALL", "h"]],
  },
  {
    name: "HSET on another db",
    commands: [["SELECT", "3"], ["HSET", "h", "a", "1"], ["SELECT", "0"], ["HGET", "h", "a"], ["SELECT", "3"], ["HGETALL", "h"]],
  },
  {
    name: "HSET keeps the TTL; an expired hash is gone",
    commands: [
      ["HSET", "h", "a", "1"],
      ["EXPIREAT", "h", "4102444800"],
      ["HSET", "h", "b", "2"],
      ["EXPIRETIME", "h"],
      ["HSET", "old", "a", "1"],
      ["PEXPIREAT", "old", "1000"],
      ["HGET", "old", "a"],
      ["HLEN", "old"],
      ["HSET", "old", "b", "2"],
      ["HGETALL", "old"],
      ["TTL", "old"],
    ],
  },
];

// --- HDEL, HLEN, HEXISTS, HSTRLEN ---------------------------------------------------------------

const deleteCases: Case[] = [
  {
    name: "HDEL some, absent and repeated fields",
    setup: [["HSET", "h", "a", "1", "b", "2", "c", "3"]],
    commands: [["HDEL", "h", "a", "x", "a"], ["HGETALL", "h"], ["HDEL", "h", "x"], ["HDEL", "nokey", "a"], ["HDEL", "h"]],
  },
  {
    name: "HDEL of the last field removes the key",
    setup: [["HSET", "h", "a", "1", "b", "2"]],
    commands: [["HDEL", "h", "a", "b", "c"], ["EXISTS", "h"], ["HLEN", "h"], ["HGETALL", "h"]],
  },
  {
    name: "HDEL and HLEN on an expired hash",
    setup: [["HSET", "h", "a", "1"], ["PEXPIREAT", "h", "1000"]],
    commands: [["HDEL", "h", "a"], ["HLEN", "h"], ["HEXISTS", "h", "a"], ["EXISTS", "h"]],
  },
  {
    name: "HDEL stops at the field that empties the hash",
    setup: [["HSET", "h", "a", "1"]],
    commands: [["HDEL", "h", "a", "a"], ["EXISTS", "h"]],
  },
  {
    name: "listpack order: a deleted then re-added field goes last",
    setup: [["HSET", "h", "a", "1", "b", "2", "c", "3"]],
    commands: [["HDEL", "h", "a"], ["HSET", "h", "a", "4"], ["HGETALL", "h"], ["HSET", "h", "b", "5"], ["HKEYS", "h"], ["HVALS", "h"]],
  },
  {
    name: "listpack order after many deletes and inserts",
    setup: [fields("h", 40)],
    commands: [
      ["HDEL", "h", "f0", "f3", "f5", "f7", "f11", "f13", "f17", "f19", "f23", "f29", "f31", "f37", "f1", "f2", "f4", "f6", "f8", "f9", "f10", "f12", "f14", "f15", "f16", "f18"],
      ["HKEYS", "h"],
      ["HSET", "h", "f3", "x", "new", "y", "f0", "z"],
      ["HGETALL", "h"],
      ["HDEL", "h", "f20", "f21", "f22", "f24", "f25", "f26", "f27", "f28"],
      ["HSET", "h", "f21", "again"],
      ["HGETALL", "h"],
      ["HLEN", "h"],
      objectEncoding("h"),
    ],
  },
  {
    name: "HLEN, HEXISTS, HSTRLEN",
    setup: [["HSET", "h", "a", "hello", "n", "-123", "big", LLONG_MIN, "e", ""]],
    commands: [
      ["HLEN", "h"],
      ["HLEN", "nokey"],
      ["HEXISTS", "h", "a"],
      ["HEXISTS", "h", "x"],
      ["HEXISTS", "nokey", "a"],
      ["HSTRLEN", "h", "a"],
      ["HSTRLEN", "h", "n"],
      ["HSTRLEN", "h", "big"],
      ["HSTRLEN", "h", "e"],
      ["HSTRLEN", "h", "x"],
      ["HSTRLEN", "nokey", "a"],
      ["HLEN", "h", "x"],
      ["HEXISTS", "h"],
      ["HSTRLEN", "h", "a", "b"],
    ],
  },
];

// --- HGETALL, HKEYS, HVALS ----------------------------------------------------------------------

const readAllCases: Case[] = [
  { name: "absent key: empty replies", commands: [["HGETALL", "nokey"], ["HKEYS", "nokey"], ["HVALS", "nokey"]] },
  { name: "absent key: empty replies (RESP3)", resp: 3, commands: [["HGETALL", "nokey"], ["HKEYS", "nokey"], ["HVALS", "nokey"]] },
  {
    name: "HGETALL is a map in RESP3",
    resp: 3,
    setup: [["HSET", "h", "a", "1", "b", "", "", "c"]],
    commands: [["HGETALL", "h"], ["HKEYS", "h"], ["HVALS", "h"], ["HGET", "h", "x"], ["HMGET", "h", "a", "x"]],
  },
  { name: "arity", commands: [["HGETALL"], ["HGETALL", "h", "x"], ["HKEYS", "h", "x"], ["HVALS"]] },
  {
    name: "hashtable replies (unordered)",
    setup: [fields("h", 600)],
    commands: [
      { argv: ["HGETALL", "h"], unordered: "pairs" },
      { argv: ["HKEYS", "h"], unordered: true },
      { argv: ["HVALS", "h"], unordered: true },
      ["HLEN", "h"],
      objectEncoding("h"),
    ],
  },
  {
    name: "hashtable HGETALL (RESP3 map, unordered)",
    resp: 3,
    setup: [fields("h", 550)],
    commands: [{ argv: ["HGETALL", "h"], unordered: true }],
  },
];

// --- HINCRBY, HINCRBYFLOAT ----------------------------------------------------------------------

const incrCases: Case[] = [
  {
    name: "HINCRBY new key, new field, existing field",
    commands: [
      ["HINCRBY", "h", "a", "5"],
      ["HINCRBY", "h", "a", "-7"],
      ["HINCRBY", "h", "b", "0"],
      ["HSET", "h", "c", "100"],
      ["HINCRBY", "h", "c", "1"],
      ["HGETALL", "h"],
    ],
  },
  {
    name: "HINCRBY on values that are not integers",
    setup: [["HSET", "h", "s", "abc", "f", "1.5", "sp", " 1", "plus", "+1", "zero", "01", "neg0", "-0", "e", "", "big", "9223372036854775808"]],
    commands: [
      ["HINCRBY", "h", "s", "1"],
      ["HINCRBY", "h", "f", "1"],
      ["HINCRBY", "h", "sp", "1"],
      ["HINCRBY", "h", "plus", "1"],
      ["HINCRBY", "h", "zero", "1"],
      ["HINCRBY", "h", "neg0", "1"],
      ["HINCRBY", "h", "e", "1"],
      ["HINCRBY", "h", "big", "1"],
    ],
  },
  {
    name: "HINCRBY increments that are not integers",
    setup: STRING_SETUP,
    commands: [
      ["HINCRBY", "h", "a", "x"],
      ["HINCRBY", "h", "a", "1.0"],
      ["HINCRBY", "h", "a", "9223372036854775808"],
      ["HINCRBY", "h", "a", ""],
      ["HINCRBY", "s", "a", "x"],
      ["EXISTS", "h"],
      ["HINCRBY", "h", "a"],
    ],
  },
  {
    name: "HINCRBY at the 64-bit limits",
    commands: [
      ["HINCRBY", "h", "max", LLONG_MAX],
      ["HINCRBY", "h", "max", "1"],
      ["HINCRBY", "h", "max", "0"],
      ["HINCRBY", "h", "max", LLONG_MIN],
      ["HINCRBY", "h", "min", LLONG_MIN],
      ["HINCRBY", "h", "min", "-1"],
      ["HINCRBY", "h", "min", LLONG_MAX],
      ["HSET", "h", "m2", "-2"],
      ["HINCRBY", "h", "m2", "-9223372036854775807"],
      ["HGETALL", "h"],
    ],
  },
  {
    name: "HINCRBYFLOAT basics and formatting",
    commands: [
      ["HINCRBYFLOAT", "h", "a", "10.5"],
      ["HINCRBYFLOAT", "h", "a", "0.1"],
      ["HINCRBYFLOAT", "h", "a", "-5.6"],
      ["HINCRBYFLOAT", "h", "b", "5.0e3"],
      ["HINCRBYFLOAT", "h", "c", "-0"],
      ["HINCRBYFLOAT", "h", "d", "0x10"],
      ["HSET", "h", "i", "7"],
      ["HINCRBYFLOAT", "h", "i", "1"],
      ["HINCRBYFLOAT", "h", "i", "1.23e-10"],
      ["HINCRBYFLOAT", "h", "e", "1e-20"],
      ["HGETALL", "h"],
    ],
  },
  {
    name: "HINCRBYFLOAT errors, in Redis's order",
    setup: [...STRING_SETUP, ["HSET", "h", "s", "abc", "inf", "inf", "sp", " 1"]],
    commands: [
      ["HINCRBYFLOAT", "h", "s", "1"],
      ["HINCRBYFLOAT", "h", "sp", "1"],
      ["HINCRBYFLOAT", "h", "inf", "1"],
      ["HINCRBYFLOAT", "h", "a", "x"],
      ["HINCRBYFLOAT", "h", "a", "inf"],
      ["HINCRBYFLOAT", "h", "a", "-inf"],
      ["HINCRBYFLOAT", "h", "a", "nan"],
      ["HINCRBYFLOAT", "h", "a", ""],
      ["HINCRBYFLOAT", "s", "a", "x"],
      ["HINCRBYFLOAT", "s", "a", "inf"],
      ["HINCRBYFLOAT", "s", "a", "1"],
      ["HINCRBYFLOAT", "nokey", "a", "inf"],
      ["EXISTS", "nokey"],
      ["HINCRBYFLOAT", "h", "a"],
    ],
  },
  {
    name: "HINCRBYFLOAT number syntax",
    setup: [["HSET", "h", "t", "1.5 ", "l", " 1.5", "x", "0x1p3", "e", "1e", "d", "1.", "p", ".5"]],
    commands: [
      ["HINCRBYFLOAT", "h", "t", "1"],
      ["HINCRBYFLOAT", "h", "l", "1"],
      ["HINCRBYFLOAT", "h", "x", "1"],
      ["HINCRBYFLOAT", "h", "e", "1"],
      ["HINCRBYFLOAT", "h", "d", "1"],
      ["HINCRBYFLOAT", "h", "p", "1"],
      ["HINCRBYFLOAT", "h", "n", "1.5 "],
      ["HINCRBYFLOAT", "h", "n", " 1.5"],
      ["HINCRBYFLOAT", "h", "n", "0x1p-2"],
      ["HINCRBYFLOAT", "h", "n", "1e-4950"],
      ["HINCRBYFLOAT", "h", "n", "+3"],
      ["HGET", "h", "n"],
    ],
  },
  {
    name: "HINCRBYFLOAT in long double range",
    commands: [
      ["HINCRBYFLOAT", "h", "a", "1e400"],
      ["HINCRBYFLOAT", "h", "a", "-1e400"],
      ["HINCRBYFLOAT", "h", "b", "1e5000"],
      ["HSET", "h", "c", "1e4932"],
      ["HINCRBYFLOAT", "h", "c", "1e4932"],
      ["HINCRBYFLOAT", "h", "d", "1e300"],
      ["HSTRLEN", "h", "d"],
      objectEncoding("h"),
    ],
  },
  {
    name: "HINCRBYFLOAT reply is a bulk string in RESP3",
    resp: 3,
    commands: [["HINCRBYFLOAT", "h", "a", "1.5"], ["HINCRBY", "h", "b", "2"], ["HGETALL", "h"]],
  },
];

// --- HRANDFIELD ---------------------------------------------------------------------------------

const randomCases: Case[] = [
  {
    name: "HRANDFIELD on an absent key",
    commands: [["HRANDFIELD", "nokey"], ["HRANDFIELD", "nokey", "0"], ["HRANDFIELD", "nokey", "3"], ["HRANDFIELD", "nokey", "-3", "WITHVALUES"]],
  },
  {
    name: "HRANDFIELD on a single-field hash",
    setup: [["HSET", "h", "only", "1"]],
    commands: [
      ["HRANDFIELD", "h"],
      ["HRANDFIELD", "h", "0"],
      ["HRANDFIELD", "h", "1"],
      ["HRANDFIELD", "h", "1", "WITHVALUES"],
      ["HRANDFIELD", "h", "5"],
      ["HRANDFIELD", "h", "-3"],
      ["HRANDFIELD", "h", "-3", "withvalues"],
      ["HRANDFIELD", "h", "-1", "WithValues"],
    ],
  },
  {
    name: "HRANDFIELD on a single-field hash (RESP3)",
    resp: 3,
    setup: [["HSET", "h", "only", "1"]],
    commands: [
      ["HRANDFIELD", "h"],
      ["HRANDFIELD", "nokey"],
      ["HRANDFIELD", "h", "1", "WITHVALUES"],
      ["HRANDFIELD", "h", "-3", "WITHVALUES"],
      ["HRANDFIELD", "h", "2", "WITHVALUES"],
      ["HRANDFIELD", "h", "-2"],
    ],
  },
  {
    name: "HRANDFIELD with a count >= size returns the listpack in order",
    setup: [["HSET", "h", "a", "1", "b", "2", "c", "3"]],
    commands: [["HRANDFIELD", "h", "3"], ["HRANDFIELD", "h", "100", "WITHVALUES"], ["HRANDFIELD", "h", LLONG_MAX]],
  },
  {
    name: "HRANDFIELD with a count >= size on a hashtable (RESP3, unordered)",
    resp: 3,
    setup: [fields("h", 520)],
    commands: [
      { argv: ["HRANDFIELD", "h", "520", "WITHVALUES"], unordered: true },
      { argv: ["HRANDFIELD", "h", "1000"], unordered: true },
    ],
  },
  {
    name: "HRANDFIELD with a count >= size (RESP3)",
    resp: 3,
    setup: [["HSET", "h", "a", "1", "b", "2", "c", "3"]],
    commands: [["HRANDFIELD", "h", "3", "WITHVALUES"], ["HRANDFIELD", "h", "4"]],
  },
  {
    name: "HRANDFIELD sizes of random picks",
    setup: [fields("h", 10), fields("big", 600)],
    commands: [
      { argv: ["HRANDFIELD", "h", "2"], normalize: arrayLength },
      { argv: ["HRANDFIELD", "h", "9", "WITHVALUES"], normalize: arrayLength },
      { argv: ["HRANDFIELD", "h", "-20"], normalize: arrayLength },
      { argv: ["HRANDFIELD", "h", "-20", "WITHVALUES"], normalize: arrayLength },
      { argv: ["HRANDFIELD", "big", "5"], normalize: arrayLength },
      { argv: ["HRANDFIELD", "big", "200", "WITHVALUES"], normalize: arrayLength },
      { argv: ["HRANDFIELD", "big", "600"], unordered: true },
      { argv: ["HRANDFIELD", "big", "-7", "WITHVALUES"], normalize: arrayLength },
    ],
  },
  {
    name: "HRANDFIELD argument errors",
    setup: [...STRING_SETUP, ["HSET", "h", "a", "1"]],
    commands: [
      ["HRANDFIELD", "h", "x"],
      ["HRANDFIELD", "h", "1.5"],
      ["HRANDFIELD", "h", "9223372036854775808"],
      ["HRANDFIELD", "h", LLONG_MIN],
      ["HRANDFIELD", "nokey", LLONG_MIN],
      ["HRANDFIELD", "h", "1", "WITHVALUE"],
      ["HRANDFIELD", "h", "1", "WITHVALUES", "x"],
      ["HRANDFIELD", "h", "x", "WITHVALUES", "x"],
      ["HRANDFIELD", "h", "-4611686018427387904", "WITHVALUES"],
      ["HRANDFIELD", "nokey", "-4611686018427387904", "WITHVALUES"],
      ["HRANDFIELD", "s", "-4611686018427387904", "WITHVALUES"],
      ["HRANDFIELD", "s", "1", "x"],
      ["HRANDFIELD", "s", "0"],
      ["HRANDFIELD", "nokey", "1", "x"],
      ["HRANDFIELD"],
    ],
  },
];

// --- HSCAN --------------------------------------------------------------------------------------

const scanCases: Case[] = [
  {
    name: "HSCAN an absent key",
    commands: [["HSCAN", "nokey", "0"], ["HSCAN", "nokey", "0", "COUNT", "x"], ["HSCAN", "nokey", "0", "bogus"], ["HSCAN", "nokey", "x"]],
  },
  {
    name: "HSCAN a listpack: everything in one call, whatever the cursor and COUNT",
    setup: [["HSET", "h", "a", "1", "b", "2", "c", "3", "ab", "4"]],
    commands: [
      ["HSCAN", "h", "0"],
      ["HSCAN", "h", "7"],
      ["HSCAN", "h", "0", "COUNT", "1"],
      ["HSCAN", "h", "0", "MATCH", "a*"],
      ["HSCAN", "h", "0", "match", "*", "count", "2"],
      ["HSCAN", "h", "0", "MATCH", "nothing"],
      ["HSCAN", "h", "0", "MATCH", "a*", "MATCH", "b"],
      ["HSCAN", "h", "0", "MATCH", "[a-b]"],
      ["HSCAN", "h", "0", "MATCH", "?b", "COUNT", "5"],
      ["HSCAN", "h", "0", "MATCH", "\\a"],
      ["HSCAN", "h", "0", "COUNT", "5", "MATCH", "*"],
      ["HSCAN", "h", "-0"],
      ["HSCAN", "h", ""],
    ],
  },
  {
    name: "HSCAN option and cursor errors",
    setup: [...STRING_SETUP, ["HSET", "h", "a", "1"]],
    commands: [
      ["HSCAN", "h", "x"],
      ["HSCAN", "h", "-1"],
      ["HSCAN", "h", "18446744073709551616"],
      ["HSCAN", "h", " 1"],
      ["HSCAN", "h", "0", "COUNT", "0"],
      ["HSCAN", "h", "0", "COUNT", "-1"],
      ["HSCAN", "h", "0", "COUNT", "x"],
      ["HSCAN", "h", "0", "COUNT"],
      ["HSCAN", "h", "0", "TYPE", "string"],
      ["HSCAN", "h", "0", "MATCH"],
      ["HSCAN", "s", "x"],
      ["HSCAN", "s", "0", "COUNT", "x"],
      ["HSCAN", "h"],
    ],
  },
  {
    name: "HSCAN a hashtable with a large COUNT returns everything",
    setup: [fields("h", 600)],
    commands: [
      objectEncoding("h"),
      { argv: ["HSCAN", "h", "0", "COUNT", "1000"], normalize: scanPairsSorted },
      { argv: ["HSCAN", "h", "0", "COUNT", "1000", "MATCH", "f1*"], normalize: scanPairsSorted },
    ],
  },
  {
    name: "HSCAN reply shape in RESP3",
    resp: 3,
    setup: [["HSET", "h", "a", "1"]],
    commands: [["HSCAN", "h", "0"], ["HSCAN", "nokey", "0"]],
  },
];

// --- encodings ----------------------------------------------------------------------------------

const VALUE_64 = "v".repeat(64);
const VALUE_65 = "v".repeat(65);

const encodingCases: Case[] = [
  {
    name: "listpack up to 512 entries, hashtable at 513",
    setup: [fields("h", 512)],
    commands: [objectEncoding("h"), ["HSET", "h", "f0", "again"], objectEncoding("h"), ["HSET", "h", "f512", "x"], objectEncoding("h"), ["HLEN", "h"]],
  },
  {
    name: "a field or value over 64 bytes converts",
    commands: [
      ["HSET", "a", "f", VALUE_64, VALUE_64, "x"],
      objectEncoding("a"),
      ["HSET", "b", "f", VALUE_65],
      objectEncoding("b"),
      ["HSET", "c", VALUE_65, "x"],
      objectEncoding("c"),
      ["HSET", "d", "f", "1"],
      ["HSET", "d", "f", VALUE_65],
      objectEncoding("d"),
    ],
  },
  {
    name: "conversion happens before HSET writes (a long value later in the argv)",
    commands: [["HSET", "h", "a", "1", "b", VALUE_65, "c", "3"], objectEncoding("h"), { argv: ["HGETALL", "h"], unordered: "pairs" }],
  },
  {
    name: "HSETNX converts only when it writes",
    setup: [["HSET", "h", "a", "1"]],
    commands: [["HSETNX", "h", "a", VALUE_65], objectEncoding("h"), ["HSETNX", "h", "b", VALUE_65], objectEncoding("h"), ["HSETNX", "new", VALUE_65, "x"], objectEncoding("new")],
  },
  {
    name: "HINCRBYFLOAT and HINCRBY convert through their new value or field",
    commands: [
      ["HINCRBYFLOAT", "a", "f", "1e100"],
      objectEncoding("a"),
      ["HINCRBY", "b", VALUE_65, "1"],
      objectEncoding("b"),
      ["HINCRBY", "c", "f", LLONG_MAX],
      objectEncoding("c"),
    ],
  },
  {
    name: "a hashtable never converts back",
    setup: [["HSET", "h", "f", VALUE_65, "g", "1"]],
    commands: [["HDEL", "h", "f"], objectEncoding("h"), ["HGETALL", "h"]],
  },
  {
    name: "COPY keeps the encoding and the order",
    setup: [["HSET", "h", "b", "1", "a", "2"], ["HSET", "t", "f", VALUE_65]],
    commands: [["COPY", "h", "h2"], objectEncoding("h2"), ["HGETALL", "h2"], ["COPY", "t", "t2"], objectEncoding("t2"), ["HSET", "h2", "c", "3"], ["HLEN", "h"]],
  },
];

// With tiny limits the thresholds are cheap to reach from both sides.
const smallLimitCases: Case[] = [
  {
    name: "entries limit 2: the third field converts mid-command",
    commands: [["HSET", "h", "a", "1", "b", "2"], objectEncoding("h"), ["HSET", "h", "c", "3", "d", "4"], objectEncoding("h"), ["HLEN", "h"]],
  },
  {
    name: "value limit 4",
    commands: [
      ["HSET", "a", "abcd", "1234"],
      objectEncoding("a"),
      ["HSET", "b", "abcde", "1"],
      objectEncoding("b"),
      ["HINCRBY", "c", "f", "9999"],
      objectEncoding("c"),
      ["HINCRBY", "c", "f", "1"],
      objectEncoding("c"),
      ["HINCRBYFLOAT", "d", "f", "1.5"],
      objectEncoding("d"),
      ["HINCRBYFLOAT", "d", "f", "0.25"],
      objectEncoding("d"),
    ],
  },
  {
    name: "HSCAN a small hashtable with a large COUNT",
    setup: [["HSET", "h", "a", "1", "b", "2", "c", "3"]],
    commands: [objectEncoding("h"), { argv: ["HSCAN", "h", "0", "COUNT", "100"], normalize: scanPairsSorted }],
  },
];

// --- keyspace events ----------------------------------------------------------------------------

/**
 * The connection that writes also listens (RESP3), so the order of each reply and its events is
 * compared too: HSET, HSETNX and HINCRBY* reply first, HDEL publishes first.
 */
const eventCase: Case = {
  name: "events each command fires, in Redis's order",
  resp: 3,
  setup: [["CONFIG", "SET", "notify-keyspace-events", "KEA"], ["PSUBSCRIBE", "__key*__:*"]],
  commands: [
    fires(1, "HSET", "h", "a", "1", "b", "2"),
    fires(1, "HSET", "h", "a", "1"),
    fires(1, "HMSET", "h", "c", "3"),
    fires(0, "HSETNX", "h", "a", "x"),
    fires(1, "HSETNX", "h", "d", "4"),
    fires(1, "HINCRBY", "h", "n", "5"),
    fires(0, "HINCRBY", "h", "a", "x"),
    fires(1, "HINCRBYFLOAT", "h", "f", "1.5"),
    fires(0, "HINCRBYFLOAT", "h", "a", "inf"),
    fires(1, "HDEL", "h", "a", "nothing"),
    fires(0, "HDEL", "h", "nothing"),
    fires(2, "HDEL", "h", "b", "c", "d", "n", "f"),
    fires(0, "HGET", "h", "a"),
    ["CONFIG", "SET", "notify-keyspace-events", ""],
  ],
};

differentialSuite("hash commands: HSET, HMSET, HSETNX, HGET, HMGET", setGetCases);
differentialSuite("hash commands: HDEL, HLEN, HEXISTS, HSTRLEN", deleteCases);
differentialSuite("hash commands: HGETALL, HKEYS, HVALS", readAllCases);
differentialSuite("hash commands: HINCRBY, HINCRBYFLOAT", incrCases);
differentialSuite("hash commands: HRANDFIELD", randomCases);
differentialSuite("hash commands: HSCAN", scanCases);
differentialSuite("hash commands: encodings", encodingCases);
differentialSuite("hash commands: keyspace events", [
  commandTable.has("psubscribe") ? eventCase : { ...eventCase, todo: "needs PSUBSCRIBE" },
]);
differentialSuite("hash commands: small listpack limits", smallLimitCases, {
  redisArgs: ["--hash-max-listpack-entries", "2", "--hash-max-listpack-value", "4"],
  redbunConfig: { "hash-max-listpack-entries": 2, "hash-max-listpack-value": 4 },
});
