// The string group (t_string.c) against a real redis-server: every command with each option,
// each error and the edge cases (empty and binary values, 64-bit limits, negative ranges), in
// RESP2 and, where reply types differ, RESP3.

import { differentialSuite, type Case, type Step } from "../support/differential.ts";
import { latin1Bytes, type Argv } from "../support/resp-client.ts";
import { LLONG_MAX, LLONG_MIN, ALL_BYTES, FUTURE_S, FUTURE_MS, objectEncoding } from "../support/values.ts";

/** Far in the past (the future ones are FUTURE_S and FUTURE_MS), so no case depends on when it runs. */
const PAST_MS = "1000";
const PAST_S = "1";

const CRLF_VALUE = latin1Bytes("a\r\nb\r\n\x00c");

/** A key of another type, for WRONGTYPE. */
const LIST_SETUP: Argv[] = [["RPUSH", "list", "a", "b"]];

const wrongType = (c: Case): Case => ({ ...c, setup: [...LIST_SETUP, ...(c.setup ?? [])] });

// --- GET / SET ---------------------------------------------------------------------------------

const getSetCases: Case[] = [
  { name: "GET missing key", commands: [["GET", "nokey"]] },
  { name: "SET then GET", commands: [["SET", "k", "v"], ["GET", "k"], ["SET", "k", "other"], ["GET", "k"]] },
  { name: "SET empty value", commands: [["SET", "k", ""], ["GET", "k"], ["STRLEN", "k"]] },
  { name: "SET binary value with every byte", commands: [["SET", ALL_BYTES, ALL_BYTES], ["GET", ALL_BYTES]] },
  { name: "SET value with CRLF and NUL", commands: [["SET", "k", CRLF_VALUE], ["GET", "k"]] },
  { name: "SET a 100 KB value", commands: [["SET", "k", "x".repeat(100_000)], ["GET", "k"], ["STRLEN", "k"]] },
  { name: "SET integer-looking values", commands: [["SET", "a", "12345"], ["GET", "a"], ["SET", "b", "-0"], ["GET", "b"], ["SET", "c", LLONG_MIN], ["GET", "c"]] },
  {
    name: "SET NX and XX",
    commands: [
      ["SET", "k", "1", "XX"],
      ["GET", "k"],
      ["SET", "k", "1", "NX"],
      ["SET", "k", "2", "NX"],
      ["GET", "k"],
      ["SET", "k", "3", "XX"],
      ["GET", "k"],
      ["SET", "k", "4", "nx"],
      ["SET", "k", "5", "xX"],
    ],
  },
  {
    name: "SET GET returns the old value",
    commands: [
      ["SET", "k", "1", "GET"],
      ["SET", "k", "2", "GET"],
      ["GET", "k"],
      ["SET", "k", "3", "get", "get"],
      ["GET", "k"],
    ],
  },
  {
    name: "SET NX GET and XX GET",
    commands: [
      ["SET", "k", "1", "NX", "GET"],
      ["SET", "k", "2", "NX", "GET"],
      ["GET", "k"],
      ["SET", "m", "1", "XX", "GET"],
      ["GET", "m"],
      ["SET", "k", "3", "GET", "XX"],
      ["GET", "k"],
    ],
  },
  {
    name: "SET with expire options on a far-future deadline",
    commands: [
      ["SET", "a", "v", "EX", "100"],
      ["SET", "b", "v", "PX", "100000"],
      ["SET", "c", "v", "EXAT", FUTURE_S],
      ["SET", "d", "v", "PXAT", FUTURE_MS],
      ["SET", "e", "v", "ex", "100", "nx"],
      ["SET", "f", "v", "NX", "GET", "PX", "5000"],
      ["MGET", "a", "b", "c", "d", "e", "f"],
    ],
  },
  {
    name: "SET with an absolute deadline in the past stores an already expired key",
    commands: [
      ["SET", "a", "v", "PXAT", PAST_MS],
      ["GET", "a"],
      ["SET", "b", "v", "EXAT", PAST_S],
      ["GET", "b"],
      ["SET", "c", "old"],
      ["SET", "c", "new", "GET", "PXAT", PAST_MS],
      ["GET", "c"],
      ["SET", "c", "again", "NX"],
    ],
  },
  {
    name: "SET repeated expire option keeps the last",
    commands: [
      ["SET", "k", "v", "EX", "10", "EX", "20"],
      ["SET", "k", "v", "NX", "NX"],
      ["SET", "k", "v", "KEEPTTL", "KEEPTTL"],
      ["GET", "k"],
    ],
  },
  {
    name: "SET option conflicts are syntax errors",
    commands: [
      ["SET", "k", "v", "NX", "XX"],
      ["SET", "k", "v", "XX", "NX"],
      ["SET", "k", "v", "EX", "10", "PX", "10"],
      ["SET", "k", "v", "PX", "10", "EX", "10"],
      ["SET", "k", "v", "EX", "10", "EXAT", FUTURE_S],
      ["SET", "k", "v", "PXAT", FUTURE_MS, "EXAT", FUTURE_S],
      ["SET", "k", "v", "KEEPTTL", "EX", "10"],
      ["SET", "k", "v", "PX", "10", "KEEPTTL"],
      ["SET", "k", "v", "PERSIST"],
      ["SET", "k", "v", "FOO"],
      ["SET", "k", "v", "EX"],
      ["SET", "k", "v", "NX", "EX"],
      ["SET", "k", "v", "EXX", "10"],
      ["SET", "k", "v", ""],
      ["GET", "k"],
    ],
  },
  {
    name: "SET checks the whole syntax before the expire value",
    commands: [
      ["SET", "k", "v", "EX", "abc", "NX", "XX"],
      ["SET", "k", "v", "EX", "abc", "FOO"],
      ["SET", "k", "v", "EX", "abc", "EX", "10"],
      ["GET", "k"],
      ["SET", "k", "v", "EX", "NX"],
      ["SET", "k", "v", "PX", "XX", "NX"],
    ],
  },
  {
    name: "SET expire value errors",
    commands: [
      ["SET", "k", "v", "EX", "0"],
      ["SET", "k", "v", "EX", "-1"],
      ["SET", "k", "v", "PX", "0"],
      ["SET", "k", "v", "PX", "-100"],
      ["SET", "k", "v", "EXAT", "0"],
      ["SET", "k", "v", "PXAT", "-1"],
      ["SET", "k", "v", "EX", "abc"],
      ["SET", "k", "v", "EX", "1.5"],
      ["SET", "k", "v", "EX", "+10"],
      ["SET", "k", "v", "EX", " 10"],
      ["SET", "k", "v", "EX", "010"],
      ["SET", "k", "v", "EX", ""],
      ["SET", "k", "v", "PX", "9223372036854775808"],
      ["GET", "k"],
    ],
  },
  {
    name: "SET expire overflow limits",
    commands: [
      ["SET", "a", "v", "EX", "9223372036854776"],
      ["SET", "a", "v", "EX", "9223372036854775"],
      ["SET", "a", "v", "EX", "9007199254740993"],
      ["SET", "a", "v", "PX", LLONG_MAX],
      ["SET", "a", "v", "PX", "9223372036854000000"],
      ["GET", "a"],
      ["SET", "b", "v", "EXAT", "9223372036854775"],
      ["SET", "c", "v", "PXAT", LLONG_MAX],
      ["SET", "d", "v", "EXAT", "9223372036854776"],
      ["SET", "e", "v", "EX", "9007199254740991"],
      ["MGET", "b", "c", "d", "e"],
    ],
  },
  {
    name: "SET expire errors come before GET and NX",
    commands: [["SET", "k", "v"], ["SET", "k", "w", "GET", "EX", "0"], ["SET", "k", "w", "NX", "EX", "x"], ["GET", "k"]],
  },
  { name: "SET arity", commands: [["SET"], ["SET", "k"]] },
  wrongType({
    name: "SET GET on a non-string key",
    commands: [["SET", "list", "v", "GET"], ["SET", "list", "v", "GET", "EX", "0"], ["SET", "list", "v"], ["GET", "list"]],
  }),
  wrongType({ name: "GET on a non-string key", commands: [["GET", "list"]] }),
  {
    name: "SET TTLs, KEEPTTL and their removal",
    commands: [
      ["SET", "k", "v", "EXAT", FUTURE_S],
      ["EXPIRETIME", "k"],
      ["SET", "k", "w", "KEEPTTL"],
      ["EXPIRETIME", "k"],
      ["SET", "k", "x"],
      ["TTL", "k"],
      ["SET", "k", "y", "PXAT", FUTURE_MS],
      ["PEXPIRETIME", "k"],
      ["SET", "k", "z", "XX", "KEEPTTL", "GET"],
      ["PEXPIRETIME", "k"],
      ["SET", "k", "z", "EX", "100"],
      ["TTL", "k"],
    ],
  },
];

// --- SETNX, SETEX, PSETEX, GETSET, GETDEL, GETEX -------------------------------------------------

const setVariantCases: Case[] = [
  { name: "SETNX", commands: [["SETNX", "k", "1"], ["SETNX", "k", "2"], ["GET", "k"], ["SETNX", "k"], ["SETNX", "k", "v", "x"]] },
  {
    name: "SETEX and PSETEX store with a TTL",
    commands: [["SETEX", "a", "100", "v1"], ["PSETEX", "b", "100000", "v2"], ["MGET", "a", "b"], ["SETEX", "a", "5", "12"], ["GET", "a"]],
  },
  {
    name: "SETEX and PSETEX errors",
    commands: [
      ["SETEX", "k", "0", "v"],
      ["SETEX", "k", "-5", "v"],
      ["SETEX", "k", "abc", "v"],
      ["SETEX", "k", "1.5", "v"],
      ["SETEX", "k", "9223372036854776", "v"],
      ["SETEX", "k", "9223372036854775", "v"],
      ["SETEX", "k", "9223372036854775808", "v"],
      ["PSETEX", "k", "0", "v"],
      ["PSETEX", "k", "-1", "v"],
      ["PSETEX", "k", "x", "v"],
      ["PSETEX", "k", LLONG_MAX, "v"],
      ["GET", "k"],
      ["SETEX", "k", "10"],
      ["PSETEX", "k", "10", "v", "extra"],
    ],
  },
  { name: "SETEX TTL", commands: [["SETEX", "k", "100", "v"], ["TTL", "k"], ["PSETEX", "k", "500000", "v"], ["TTL", "k"]] },
  {
    name: "GETSET",
    commands: [["GETSET", "k", "1"], ["GET", "k"], ["GETSET", "k", "2"], ["GET", "k"], ["GETSET", "k", ""], ["GET", "k"], ["GETSET", "k"]],
  },
  wrongType({ name: "GETSET on a non-string key", commands: [["GETSET", "list", "v"], ["GETSET", "nokey", "v"]] }),
  { name: "GETSET drops the TTL", commands: [["SET", "k", "v", "EX", "100"], ["GETSET", "k", "w"], ["TTL", "k"]] },
  {
    name: "GETDEL",
    commands: [["SET", "k", "v"], ["GETDEL", "k"], ["GET", "k"], ["GETDEL", "k"], ["GETDEL"], ["GETDEL", "a", "b"]],
  },
  { name: "GETEX of an expired key", commands: [["SET", "k", "v", "PXAT", PAST_MS], ["GETEX", "k", "EX", "100"], ["GETEX", "k", "PERSIST"], ["GET", "k"]] },
  { name: "GETDEL of an expired key", commands: [["SET", "k", "v", "PXAT", PAST_MS], ["GETDEL", "k"]] },
  wrongType({ name: "GETDEL on a non-string key", commands: [["GETDEL", "list"], ["LLEN", "list"]] }),
  {
    name: "GETEX without options and with a relative TTL",
    commands: [
      ["GETEX", "nokey"],
      ["SET", "k", "v"],
      ["GETEX", "k"],
      ["GETEX", "k", "EX", "100"],
      ["GETEX", "k", "PX", "100000"],
      ["GETEX", "k", "EXAT", FUTURE_S],
      ["GETEX", "k", "PXAT", FUTURE_MS],
      ["GETEX", "k", "persist"],
      ["GET", "k"],
    ],
  },
  {
    name: "GETEX with a past absolute deadline deletes the key",
    commands: [["SET", "a", "v"], ["GETEX", "a", "PXAT", PAST_MS], ["GET", "a"], ["SET", "b", "w"], ["GETEX", "b", "EXAT", PAST_S], ["GETEX", "b"]],
  },
  {
    name: "GETEX on a missing key ignores a bad expire value",
    commands: [["GETEX", "nokey", "EX", "abc"], ["GETEX", "nokey", "PX", "0"], ["GETEX", "nokey", "EX", "-1", "EX", "x"]],
  },
  {
    name: "GETEX expire value errors",
    setup: [["SET", "k", "v"]],
    commands: [
      ["GETEX", "k", "EX", "abc"],
      ["GETEX", "k", "EX", "0"],
      ["GETEX", "k", "PX", "-1"],
      ["GETEX", "k", "EXAT", "0"],
      ["GETEX", "k", "PXAT", "-5"],
      ["GETEX", "k", "EX", "9223372036854776"],
      ["GETEX", "k", "PX", LLONG_MAX],
      ["GETEX", "k", "EX", "1.5"],
      ["GET", "k"],
    ],
  },
  {
    name: "GETEX syntax errors",
    setup: [["SET", "k", "v"]],
    commands: [
      ["GETEX", "k", "EX", "10", "PX", "10"],
      ["GETEX", "k", "PERSIST", "EX", "10"],
      ["GETEX", "k", "EX", "10", "PERSIST"],
      ["GETEX", "k", "KEEPTTL"],
      ["GETEX", "k", "NX"],
      ["GETEX", "k", "GET"],
      ["GETEX", "k", "EX"],
      ["GETEX", "k", "FOO"],
      ["GETEX", "k", "PERSIST", "PERSIST"],
      ["GETEX", "k", "EX", "abc", "PX", "1"],
      ["GETEX", "nokey", "FOO"],
      ["GETEX"],
    ],
  },
  wrongType({ name: "GETEX on a non-string key", commands: [["GETEX", "list"], ["GETEX", "list", "EX", "abc"], ["GETEX", "list", "FOO"]] }),
  {
    name: "GETEX sets and removes TTLs",
    setup: [["SET", "k", "v"]],
    commands: [
      ["GETEX", "k", "EXAT", FUTURE_S],
      ["EXPIRETIME", "k"],
      ["GETEX", "k", "PXAT", FUTURE_MS],
      ["PEXPIRETIME", "k"],
      ["GETEX", "k", "EX", "100"],
      ["TTL", "k"],
      ["GETEX", "k", "PERSIST"],
      ["TTL", "k"],
      ["GETEX", "k", "PERSIST"],
      ["TTL", "k"],
    ],
  },
];

// --- MGET / MSET / MSETNX ----------------------------------------------------------------------

const multiKeyCases: Case[] = [
  {
    name: "MGET",
    setup: [["SET", "a", "1"], ["SET", "b", ""], ["SET", "c", "three"]],
    commands: [["MGET", "a"], ["MGET", "a", "b", "c", "d"], ["MGET", "d", "d"], ["MGET"]],
  },
  { name: "MGET skips expired keys", setup: [["SET", "a", "1", "PXAT", PAST_MS], ["SET", "b", "2"]], commands: [["MGET", "a", "b"]] },
  wrongType({ name: "MGET reads other types as nil", setup: [["SET", "a", "1"]], commands: [["MGET", "a", "list", "nokey"]] }),
  {
    name: "MSET",
    commands: [
      ["MSET", "a", "1", "b", "2"],
      ["MGET", "a", "b"],
      ["MSET", "a", "x", "a", "y"],
      ["GET", "a"],
      ["MSET", "a"],
      ["MSET", "a", "1", "b"],
      ["MSET"],
      ["MSET", ALL_BYTES, CRLF_VALUE],
      ["GET", ALL_BYTES],
    ],
  },
  wrongType({ name: "MSET overwrites other types", commands: [["MSET", "list", "v"], ["GET", "list"]] }),
  { name: "MSET drops TTLs", setup: [["SET", "a", "1", "EX", "100"]], commands: [["MSET", "a", "2"], ["TTL", "a"]] },
  {
    name: "MSETNX",
    commands: [
      ["MSETNX", "a", "1", "b", "2"],
      ["MSETNX", "b", "3", "c", "4"],
      ["MGET", "a", "b", "c"],
      ["MSETNX", "c", "5", "c", "6"],
      ["GET", "c"],
      ["MSETNX", "a"],
      ["MSETNX", "x", "1", "y"],
      ["MSETNX"],
    ],
  },
  { name: "MSETNX treats an expired key as absent", setup: [["SET", "a", "1", "PXAT", PAST_MS]], commands: [["MSETNX", "a", "2"], ["GET", "a"]] },
  wrongType({ name: "MSETNX counts a key of another type as existing", commands: [["MSETNX", "x", "1", "list", "2"], ["GET", "x"]] }),
];

// --- counters ----------------------------------------------------------------------------------

const counterCases: Case[] = [
  {
    name: "INCR and DECR",
    commands: [["INCR", "n"], ["INCR", "n"], ["DECR", "n"], ["DECR", "m"], ["DECR", "m"], ["GET", "n"], ["GET", "m"]],
  },
  {
    name: "INCRBY and DECRBY",
    commands: [
      ["INCRBY", "n", "10"],
      ["INCRBY", "n", "-25"],
      ["DECRBY", "n", "5"],
      ["DECRBY", "n", "-100"],
      ["INCRBY", "n", "0"],
      ["GET", "n"],
    ],
  },
  {
    name: "counters on values that are not integers",
    setup: [
      ["SET", "word", "abc"],
      ["SET", "float", "1.5"],
      ["SET", "space", " 1"],
      ["SET", "trailing", "1 "],
      ["SET", "plus", "+1"],
      ["SET", "zeros", "010"],
      ["SET", "negzero", "-0"],
      ["SET", "empty", ""],
      ["SET", "big", "9223372036854775808"],
      ["SET", "long", "123456789012345678901"],
    ],
    commands: [
      ["INCR", "word"],
      ["INCR", "float"],
      ["DECR", "space"],
      ["INCRBY", "trailing", "1"],
      ["DECRBY", "plus", "1"],
      ["INCR", "zeros"],
      ["INCR", "negzero"],
      ["INCR", "empty"],
      ["INCR", "big"],
      ["INCR", "long"],
      ["GET", "zeros"],
    ],
  },
  {
    name: "counter argument errors",
    commands: [
      ["INCRBY", "n", "abc"],
      ["INCRBY", "n", "1.0"],
      ["INCRBY", "n", ""],
      ["INCRBY", "n", "9223372036854775808"],
      ["DECRBY", "n", "-9223372036854775809"],
      ["DECRBY", "n", "+5"],
      ["INCR"],
      ["INCR", "a", "b"],
      ["DECR"],
      ["INCRBY", "n"],
      ["DECRBY", "n", "1", "2"],
      ["GET", "n"],
    ],
  },
  {
    name: "counters at the 64-bit limits",
    commands: [
      ["SET", "n", String(BigInt(LLONG_MAX) - 1n)],
      ["INCR", "n"],
      ["INCR", "n"],
      ["INCRBY", "n", "0"],
      ["INCRBY", "n", "-1"],
      ["SET", "m", String(BigInt(LLONG_MIN) + 1n)],
      ["DECR", "m"],
      ["DECR", "m"],
      ["DECRBY", "m", "1"],
      ["INCRBY", "m", LLONG_MIN],
      ["INCRBY", "z", LLONG_MAX],
      ["INCRBY", "z", "1"],
      ["INCRBY", "y", LLONG_MIN],
      ["DECRBY", "y", "1"],
      ["INCRBY", "y", LLONG_MAX],
      ["SET", "neg", "-1"],
      ["DECRBY", "neg", LLONG_MAX],
      ["DECR", "neg"],
      ["GET", "n"],
      ["GET", "m"],
    ],
  },
  {
    name: "DECRBY of LLONG_MIN",
    commands: [["DECRBY", "n", LLONG_MIN], ["GET", "n"], ["SET", "n", "-5"], ["DECRBY", "n", LLONG_MIN], ["GET", "n"]],
  },
  wrongType({ name: "DECRBY of LLONG_MIN refuses before looking at the key", commands: [["DECRBY", "list", LLONG_MIN], ["DECRBY", "list", "x"], ["DECRBY", "list", "1"]] }),
  {
    name: "counters past 2^53 stay exact",
    commands: [
      ["SET", "n", "9007199254740991"],
      ["INCR", "n"],
      ["INCR", "n"],
      ["INCRBY", "n", "9007199254740993"],
      ["DECRBY", "n", "18014398509481987"],
      ["INCRBY", "n", "-9007199254740993"],
      ["GET", "n"],
      ["INCRBY", "m", "1234567890123456789"],
      ["INCR", "m"],
    ],
  },
  { name: "INCR of an expired key starts from zero", setup: [["SET", "n", "41", "PXAT", PAST_MS]], commands: [["INCR", "n"]] },
  wrongType({ name: "counters on a non-string key", commands: [["INCR", "list"], ["DECR", "list"], ["INCRBY", "list", "1"], ["INCRBY", "list", "x"], ["DECRBY", "list", "2"]] }),
  {
    name: "counters keep the TTL",
    setup: [["SET", "n", "1", "EXAT", FUTURE_S], ["SET", "f", "1.5", "EXAT", FUTURE_S]],
    commands: [["INCR", "n"], ["INCRBY", "n", "5"], ["DECR", "n"], ["EXPIRETIME", "n"], ["INCRBYFLOAT", "f", "1"], ["EXPIRETIME", "f"]],
  },
];

const floatCases: Case[] = [
  {
    name: "INCRBYFLOAT basics",
    commands: [
      ["INCRBYFLOAT", "f", "10.5"],
      ["INCRBYFLOAT", "f", "0.1"],
      ["INCRBYFLOAT", "f", "-5"],
      ["INCRBYFLOAT", "f", "5.0e3"],
      ["INCRBYFLOAT", "f", "2.0e2"],
      ["INCRBYFLOAT", "f", "-5205.6"],
      ["GET", "f"],
      ["SET", "i", "10"],
      ["INCRBYFLOAT", "i", "1"],
      ["INCRBYFLOAT", "i", "-1.5"],
      ["SET", "g", "3.0e3"],
      ["INCRBYFLOAT", "g", "0"],
      ["SET", "h", "1.1"],
      ["INCRBYFLOAT", "h", "2.2"],
    ],
  },
  {
    name: "INCRBYFLOAT formatting",
    commands: [
      ["INCRBYFLOAT", "a", "0.1"],
      ["INCRBYFLOAT", "a", "0.2"],
      ["INCRBYFLOAT", "b", "1e-10"],
      ["INCRBYFLOAT", "c", "123456789.123456789"],
      ["INCRBYFLOAT", "d", "1e20"],
      ["INCRBYFLOAT", "e", "-0.0"],
      ["INCRBYFLOAT", "f", "1e300"],
      ["INCRBYFLOAT", "g", "1e400"],
      ["INCRBYFLOAT", "h", "-1e-300"],
      ["INCRBYFLOAT", "i", "0x10"],
      ["INCRBYFLOAT", "j", ".5"],
      ["INCRBYFLOAT", "k", "5."],
      ["INCRBYFLOAT", "l", "+3"],
      ["INCRBYFLOAT", "m", "1E2"],
      ["INCRBYFLOAT", "n", "17179869184.000001"],
      ["INCRBYFLOAT", "o", "9223372036854775807"],
      ["INCRBYFLOAT", "p", "3.14159265358979323846264338327950288"],
    ],
  },
  {
    name: "INCRBYFLOAT errors",
    setup: [["SET", "word", "abc"], ["SET", "num", "1"], ["SET", "spaced", " 1"], ["SET", "empty", ""]],
    commands: [
      ["INCRBYFLOAT", "num", "abc"],
      ["INCRBYFLOAT", "num", ""],
      ["INCRBYFLOAT", "num", " 1"],
      ["INCRBYFLOAT", "num", "1 "],
      ["INCRBYFLOAT", "num", "nan"],
      ["INCRBYFLOAT", "num", "inf"],
      ["INCRBYFLOAT", "num", "-inf"],
      ["INCRBYFLOAT", "num", "infinity"],
      ["INCRBYFLOAT", "num", "1e5000"],
      ["INCRBYFLOAT", "num", "1.7976931348623157e308"],
      ["INCRBYFLOAT", "word", "1"],
      ["INCRBYFLOAT", "word", "abc"],
      ["INCRBYFLOAT", "spaced", "1"],
      ["INCRBYFLOAT", "empty", "1"],
      ["INCRBYFLOAT", "num"],
      ["INCRBYFLOAT", "num", "1", "2"],
      ["GET", "num"],
    ],
  },
  {
    name: "INCRBYFLOAT on strings past string2ld's 5 KB limit",
    setup: [["SET", "long", "1" + "0".repeat(5118)], ["SET", "longer", "1" + "0".repeat(5119)], ["SET", "n", "1"]],
    commands: [
      ["INCRBYFLOAT", "long", "1"],
      ["INCRBYFLOAT", "longer", "1"],
      ["INCRBYFLOAT", "n", "0." + "0".repeat(5116) + "1"],
      ["INCRBYFLOAT", "n", "0." + "0".repeat(5117) + "1"],
      ["STRLEN", "long"],
    ],
  },
  {
    name: "INCRBYFLOAT overflow to infinity",
    commands: [["SET", "f", "1e4932"], ["INCRBYFLOAT", "f", "1e4932"], ["INCRBYFLOAT", "f", "1"], ["SET", "g", "1.18e4932"], ["INCRBYFLOAT", "g", "1.18e4932"]],
  },
  wrongType({ name: "INCRBYFLOAT on a non-string key", commands: [["INCRBYFLOAT", "list", "1"], ["INCRBYFLOAT", "list", "abc"]] }),
];

// --- APPEND, STRLEN, GETRANGE, SETRANGE ----------------------------------------------------------

const rangeCases: Case[] = [
  {
    name: "APPEND",
    commands: [
      ["APPEND", "k", "Hello"],
      ["APPEND", "k", " World"],
      ["APPEND", "k", ""],
      ["GET", "k"],
      ["APPEND", "e", ""],
      ["GET", "e"],
      ["APPEND", "b", ALL_BYTES],
      ["APPEND", "b", CRLF_VALUE],
      ["GET", "b"],
      ["SET", "n", "12"],
      ["APPEND", "n", "3"],
      ["INCR", "n"],
      ["APPEND", "k"],
      ["APPEND", "k", "a", "b"],
    ],
  },
  { name: "APPEND to an expired key starts afresh", setup: [["SET", "k", "old", "PXAT", PAST_MS]], commands: [["APPEND", "k", "new"], ["GET", "k"]] },
  { name: "APPEND grows a long value", commands: [["SET", "k", "x".repeat(5000)], ["APPEND", "k", "y".repeat(5000)], ["APPEND", "k", "z"], ["STRLEN", "k"], ["GETRANGE", "k", "4998", "5001"], ["GETRANGE", "k", "-3", "-1"]] },
  wrongType({ name: "APPEND and STRLEN on a non-string key", commands: [["APPEND", "list", "x"], ["STRLEN", "list"]] }),
  { name: "APPEND and SETRANGE keep the TTL", setup: [["SET", "k", "v", "EXAT", FUTURE_S]], commands: [["APPEND", "k", "w"], ["SETRANGE", "k", "5", "x"], ["EXPIRETIME", "k"]] },
  {
    name: "STRLEN",
    setup: [["SET", "a", "hello"], ["SET", "n", "-12345"], ["SET", "e", ""], ["SET", "b", ALL_BYTES]],
    commands: [["STRLEN", "a"], ["STRLEN", "n"], ["STRLEN", "e"], ["STRLEN", "b"], ["STRLEN", "nokey"], ["STRLEN"], ["STRLEN", "a", "b"]],
  },
  {
    name: "GETRANGE index arithmetic",
    setup: [["SET", "k", "Hello World"]],
    commands: [
      ["0", "3"], ["-3", "-1"], ["0", "-1"], ["10", "100"], ["5", "3"], ["-1", "-5"], ["-100", "-50"], ["-100", "5"],
      ["0", "0"], ["100", "200"], ["-5", "-1"], ["11", "11"], ["10", "10"], ["-11", "-11"], ["-12", "-12"], ["3", "-100"],
      ["-1", "0"], ["0", "-12"], [LLONG_MAX, LLONG_MAX], [LLONG_MIN, LLONG_MAX], [LLONG_MIN, LLONG_MIN], ["0", LLONG_MIN],
      ["9007199254740993", "-1"], ["-9007199254740993", "-1"],
    ].map(([start, end]): Step => ["GETRANGE", "k", start!, end!]),
  },
  {
    name: "GETRANGE on empty, integer, missing and binary values",
    setup: [["SET", "e", ""], ["SET", "n", "-1234"], ["SET", "b", ALL_BYTES]],
    commands: [
      ["GETRANGE", "e", "0", "-1"],
      ["GETRANGE", "e", "0", "0"],
      ["GETRANGE", "e", "-1", "-1"],
      ["GETRANGE", "n", "1", "2"],
      ["GETRANGE", "n", "-2", "-1"],
      ["GETRANGE", "nokey", "0", "-1"],
      ["GETRANGE", "b", "8", "15"],
      ["GETRANGE", "b", "250", "1000"],
    ],
  },
  {
    name: "GETRANGE argument errors",
    setup: [["SET", "k", "v"]],
    commands: [
      ["GETRANGE", "k", "a", "1"],
      ["GETRANGE", "k", "0", "b"],
      ["GETRANGE", "k", "1.5", "2"],
      ["GETRANGE", "k", "9223372036854775808", "1"],
      ["GETRANGE", "nokey", "x", "1"],
      ["GETRANGE", "k", "0"],
      ["GETRANGE", "k", "0", "1", "2"],
    ],
  },
  {
    name: "SUBSTR is GETRANGE",
    setup: [["SET", "k", "Hello World"]],
    commands: [["SUBSTR", "k", "0", "4"], ["SUBSTR", "k", "-5", "-1"], ["SUBSTR", "k", "5", "1"], ["SUBSTR", "nokey", "0", "1"], ["SUBSTR", "k", "x", "1"], ["SUBSTR", "k", "1"]],
  },
  wrongType({ name: "GETRANGE on a non-string key", commands: [["GETRANGE", "list", "0", "-1"], ["GETRANGE", "list", "x", "-1"], ["SUBSTR", "list", "0", "1"]] }),
  {
    name: "SETRANGE",
    commands: [
      ["SET", "k", "Hello World"],
      ["SETRANGE", "k", "6", "Redis"],
      ["GET", "k"],
      ["SETRANGE", "k", "11", "!!"],
      ["GET", "k"],
      ["SETRANGE", "k", "0", ""],
      ["SETRANGE", "k", "100", ""],
      ["GET", "k"],
      ["SETRANGE", "k", "20", "end"],
      ["GET", "k"],
      ["SETRANGE", "k", "0", ALL_BYTES],
      ["STRLEN", "k"],
    ],
  },
  {
    name: "SETRANGE on a missing key",
    commands: [
      ["SETRANGE", "a", "0", ""],
      ["SETRANGE", "a", "5", ""],
      ["GET", "a"],
      ["SETRANGE", "b", "5", "x"],
      ["GET", "b"],
      ["SETRANGE", "c", "0", "abc"],
      ["GET", "c"],
    ],
  },
  {
    name: "SETRANGE on an integer value",
    commands: [["SET", "n", "12345"], ["SETRANGE", "n", "1", "x"], ["GET", "n"], ["SET", "m", "100"], ["SETRANGE", "m", "3", "5"], ["INCR", "m"]],
  },
  {
    name: "SETRANGE errors",
    setup: [["SET", "k", "v"]],
    commands: [
      ["SETRANGE", "k", "-1", "x"],
      ["SETRANGE", "nokey", "-1", ""],
      ["SETRANGE", "k", "abc", "x"],
      ["SETRANGE", "k", "1.5", "x"],
      ["SETRANGE", "k", "9223372036854775808", "x"],
      ["SETRANGE", "k", "536870912", "x"],
      ["SETRANGE", "k", "536870911", "xy"],
      ["SETRANGE", "k", LLONG_MAX, "x"],
      ["SETRANGE", "nokey", "536870912", "x"],
      ["SETRANGE", "k", "536870912", ""],
      ["SETRANGE", "nokey", "536870912", ""],
      ["GET", "k"],
      ["SETRANGE", "k", "1"],
      ["SETRANGE", "k", "1", "x", "y"],
    ],
  },
  wrongType({ name: "SETRANGE on a non-string key", commands: [["SETRANGE", "list", "0", "x"], ["SETRANGE", "list", "0", ""], ["SETRANGE", "list", "-1", "x"]] }),
];

// --- LCS -----------------------------------------------------------------------------------------

const LCS_SETUP: Argv[] = [["SET", "a", "ohmytext"], ["SET", "b", "mynewtext"]];

const lcsCases: Case[] = [
  {
    name: "LCS reply forms",
    setup: LCS_SETUP,
    commands: [
      ["LCS", "a", "b"],
      ["LCS", "a", "b", "LEN"],
      ["LCS", "a", "b", "IDX"],
      ["LCS", "a", "b", "IDX", "MINMATCHLEN", "4"],
      ["LCS", "a", "b", "IDX", "WITHMATCHLEN"],
      ["LCS", "a", "b", "idx", "minmatchlen", "4", "withmatchlen"],
      ["LCS", "a", "b", "IDX", "MINMATCHLEN", "-3"],
      ["LCS", "a", "b", "IDX", "MINMATCHLEN", "2", "MINMATCHLEN", "100"],
      ["LCS", "a", "b", "MINMATCHLEN", "4"],
      ["LCS", "a", "b", "WITHMATCHLEN"],
      ["LCS", "a", "b", "LEN", "LEN"],
      ["LCS", "b", "a", "IDX", "WITHMATCHLEN"],
    ],
  },
  {
    name: "LCS edge strings",
    setup: [["SET", "same", "abcdef"], ["SET", "other", "xyz"], ["SET", "e", ""], ["SET", "n", "12345"], ["SET", "m", "3579"], ["SET", "bin", ALL_BYTES], ["SET", "rev", ALL_BYTES.slice().reverse()]],
    commands: [
      ["LCS", "same", "same", "IDX", "WITHMATCHLEN"],
      ["LCS", "same", "other"],
      ["LCS", "same", "other", "IDX"],
      ["LCS", "e", "same", "IDX"],
      ["LCS", "nokey", "same"],
      ["LCS", "nokey", "nokey2", "LEN"],
      ["LCS", "n", "m", "IDX", "WITHMATCHLEN"],
      ["LCS", "bin", "rev", "LEN"],
      ["LCS", "bin", "bin"],
    ],
  },
  {
    name: "LCS of repetitive strings picks Redis's ranges",
    setup: [["SET", "x", "aaabbbaaa"], ["SET", "y", "abababab"], ["SET", "p", "ACCGGTCGAGTGCGCGGAAGCCGGCCGAA"], ["SET", "q", "GTCGTTCGGAATGCCGTTGCTCTGTAAA"]],
    commands: [
      ["LCS", "x", "y", "IDX", "WITHMATCHLEN"],
      ["LCS", "y", "x", "IDX", "WITHMATCHLEN"],
      ["LCS", "p", "q"],
      ["LCS", "p", "q", "IDX", "WITHMATCHLEN"],
      ["LCS", "p", "q", "IDX", "MINMATCHLEN", "3", "WITHMATCHLEN"],
    ],
  },
  {
    name: "LCS errors",
    setup: LCS_SETUP,
    commands: [
      ["LCS", "a", "b", "LEN", "IDX"],
      ["LCS", "a", "b", "IDX", "LEN", "WITHMATCHLEN"],
      ["LCS", "a", "b", "MINMATCHLEN"],
      ["LCS", "a", "b", "MINMATCHLEN", "abc"],
      ["LCS", "a", "b", "MINMATCHLEN", "1.5"],
      ["LCS", "a", "b", "FOO"],
      ["LCS", "a", "b", "MINMATCHLEN", "x", "FOO"],
      ["LCS", "a", "b", "FOO", "MINMATCHLEN", "x"],
      ["LCS", "a"],
      ["LCS"],
    ],
  },
  wrongType({
    name: "LCS with a non-string key",
    setup: LCS_SETUP,
    commands: [["LCS", "a", "list"], ["LCS", "list", "b", "LEN"], ["LCS", "list", "b", "LEN", "IDX"]],
  }),
];

// --- RESP3 ----------------------------------------------------------------------------------------

const resp3Cases: Case[] = [
  {
    name: "RESP3 nulls",
    resp: 3,
    commands: [
      ["GET", "nokey"],
      ["SET", "k", "v", "NX"],
      ["SET", "k", "w", "NX"],
      ["SET", "m", "v", "XX"],
      ["SET", "k", "x", "GET"],
      ["SET", "z", "x", "GET"],
      ["GETSET", "y", "1"],
      ["GETDEL", "nokey"],
      ["GETEX", "nokey"],
      ["MGET", "k", "nokey", "y"],
      ["GETRANGE", "nokey", "0", "1"],
    ],
  },
  {
    name: "RESP3 counters and floats",
    resp: 3,
    commands: [["INCR", "n"], ["INCRBY", "n", LLONG_MIN], ["INCRBYFLOAT", "f", "1.5"], ["INCRBYFLOAT", "f", "1e400"], ["APPEND", "a", "x"], ["STRLEN", "a"], ["SETRANGE", "a", "3", "y"]],
  },
  {
    name: "RESP3 LCS",
    resp: 3,
    setup: LCS_SETUP,
    commands: [["LCS", "a", "b"], ["LCS", "a", "b", "LEN"], ["LCS", "a", "b", "IDX"], ["LCS", "a", "b", "IDX", "MINMATCHLEN", "3", "WITHMATCHLEN"], ["LCS", "x", "y", "IDX"]],
  },
];

// --- encodings (OBJECT ENCODING) -------------------------------------------------------------------

const encodingCases: Case[] = [
  {
    name: "encoding chosen by SET and friends",
    commands: [
      ["SET", "int", "12345"], objectEncoding("int"),
      ["SET", "neg", "-9223372036854775808"], objectEncoding("neg"),
      ["SET", "big", "9223372036854775808"], objectEncoding("big"),
      ["SET", "zero", "0"], objectEncoding("zero"),
      ["SET", "negzero", "-0"], objectEncoding("negzero"),
      ["SET", "lead", "0123"], objectEncoding("lead"),
      ["SET", "word", "hello"], objectEncoding("word"),
      ["SET", "empty", ""], objectEncoding("empty"),
      ["SET", "e44", "x".repeat(44)], objectEncoding("e44"),
      ["SET", "r45", "x".repeat(45)], objectEncoding("r45"),
      ["SET", "r5000", "x".repeat(5000)], objectEncoding("r5000"),
      ["MSET", "m1", "7", "m2", "seven"], objectEncoding("m1"), objectEncoding("m2"),
      ["MSETNX", "m3", "8", "m4", "x".repeat(50)], objectEncoding("m3"), objectEncoding("m4"),
      ["SETEX", "sx", "100", "42"], objectEncoding("sx"),
      ["PSETEX", "px", "100000", "forty-two"], objectEncoding("px"),
      ["SETNX", "nx", "1"], objectEncoding("nx"),
      ["GETSET", "gs", "99"], objectEncoding("gs"),
      ["SET", "kt", "abc", "EX", "100"], objectEncoding("kt"),
    ],
  },
  {
    name: "encoding after APPEND, SETRANGE and counters",
    commands: [
      ["APPEND", "a1", "123"], objectEncoding("a1"),
      ["APPEND", "a2", "abc"], objectEncoding("a2"),
      ["APPEND", "a1", "4"], objectEncoding("a1"),
      ["SET", "a3", "abc"], ["APPEND", "a3", ""], objectEncoding("a3"),
      ["SETRANGE", "s1", "0", "1"], objectEncoding("s1"),
      ["SET", "s2", "hello"], ["SETRANGE", "s2", "0", ""], objectEncoding("s2"),
      ["SETRANGE", "s2", "0", "j"], objectEncoding("s2"),
      ["SET", "s3", "123"], ["SETRANGE", "s3", "0", "4"], objectEncoding("s3"),
      ["INCR", "c1"], objectEncoding("c1"),
      ["SET", "c2", "abc"], ["SETRANGE", "c2", "0", "12"], ["INCR", "c2"], objectEncoding("c2"),
      ["INCRBY", "c3", "100000"], objectEncoding("c3"),
      ["INCRBYFLOAT", "f1", "1"], objectEncoding("f1"),
      ["INCRBYFLOAT", "f2", "1.5"], objectEncoding("f2"),
      ["INCRBYFLOAT", "f3", "1e300"], objectEncoding("f3"),
      ["SET", "f4", "5"], ["INCRBYFLOAT", "f4", "1"], objectEncoding("f4"),
      ["SET", "g1", "hello"], ["GETEX", "g1", "EX", "100"], objectEncoding("g1"),
    ],
  },
];

differentialSuite("string commands: GET and SET", getSetCases);
differentialSuite("string commands: SET variants, GETSET, GETDEL, GETEX", setVariantCases);
differentialSuite("string commands: MGET, MSET, MSETNX", multiKeyCases);
differentialSuite("string commands: integer counters", counterCases);
differentialSuite("string commands: INCRBYFLOAT", floatCases);
differentialSuite("string commands: APPEND, STRLEN, GETRANGE, SETRANGE", rangeCases);
differentialSuite("string commands: LCS", lcsCases);
differentialSuite("string commands: RESP3", resp3Cases);
differentialSuite("string commands: encodings", encodingCases);

// A lower proto-max-bulk-len makes the size limits cheap to reach.
const ONE_MB = 1024 * 1024;
differentialSuite(
  "string commands: proto-max-bulk-len limits",
  [
    {
      name: "APPEND past the limit",
      setup: [["SET", "k", "x".repeat(ONE_MB - 10)]],
      commands: [["APPEND", "k", "0123456789"], ["APPEND", "k", "a"], ["STRLEN", "k"], ["APPEND", "new", "y".repeat(1000)]],
    },
    {
      name: "SETRANGE past the limit",
      commands: [
        ["SETRANGE", "k", String(ONE_MB), "x"],
        ["SETRANGE", "k", String(ONE_MB - 1), "xy"],
        ["SETRANGE", "k", String(ONE_MB - 1), "x"],
        ["STRLEN", "k"],
        ["SETRANGE", "k", String(ONE_MB), "x"],
        ["SETRANGE", "k", String(ONE_MB * 10), ""],
        ["GETRANGE", "k", "-3", "-1"],
      ],
    },
    {
      name: "LCS transient memory over the limit",
      setup: [["SET", "a", "a".repeat(600)], ["SET", "b", "b".repeat(600)], ["SET", "c", "c".repeat(500)]],
      commands: [["LCS", "a", "b"], ["LCS", "a", "b", "LEN"], ["LCS", "c", "c", "LEN"], ["LCS", "a", "nokey"], ["LCS", "nokey", "a", "IDX"]],
    },
  ],
  { redisArgs: ["--proto-max-bulk-len", String(ONE_MB)], redbunConfig: { "proto-max-bulk-len": ONE_MB } },
);
