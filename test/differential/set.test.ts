// The set group (t_set.c) against a real redis-server: every command with each option, each
// error (arity, syntax, WRONGTYPE, Redis's per-command texts and their order), intset order and
// encodings (SMEMBERS, SINTER/SUNION/SDIFF results and what *STORE and SPOP leave behind), binary
// members, RESP2 and RESP3. Hashtable replies compare unordered; random picks by their counts.

import { differentialSuite, frames, type Case, type Normalizer } from "../support/differential.ts";
import { latin1, latin1Bytes, type Argv } from "../support/resp-client.ts";
import { ALL_BYTES, FUTURE_S, LLONG_MAX, LLONG_MIN, TOO_BIG, objectEncoding } from "../support/values.ts";

const TOO_SMALL = "-9223372036854775809";

const CRLF_MEMBER = latin1Bytes("a\r\nb\x00c");

const STRING_SETUP: Argv[] = [["SET", "str", "v"]];
const members = (key = "s"): Argv => ["SMEMBERS", key];

/** An aggregate reply compared by its header only (how many random members came back). */
const headerOnly: Normalizer = (reply) => {
  const text = latin1(reply);
  return text.slice(0, text.indexOf("\r\n") + 2);
};

/** A step whose aggregate reply is compared as a multiset (a hashtable's order is its own). */
const unordered = (argv: Argv) => ({ argv, unordered: true as const });
const countOnly = (argv: Argv) => ({ argv, normalize: headerOnly });

// --- SADD, SREM, SCARD, SISMEMBER, SMISMEMBER, SMEMBERS ---------------------------------------------

const basicCases: Case[] = [
  {
    name: "SADD counts new members; an intset answers in ascending order",
    commands: [
      ["SADD", "s", "3", "1", "2"],
      ["SADD", "s", "2", "5", "5", "4"],
      ["SADD", "s", "1"],
      members(),
      ["SCARD", "s"],
      ["TYPE", "s"],
      objectEncoding("s"),
    ],
  },
  {
    name: "intset order with negatives and every length, long range ends",
    commands: [
      ["SADD", "s", "600", "-3", "40", "0", "-20", "5", "-100", LLONG_MAX, LLONG_MIN, "-1", "99999999999"],
      members(),
      objectEncoding("s"),
      ["SISMEMBER", "s", LLONG_MIN],
      ["SISMEMBER", "s", "-100"],
    ],
  },
  {
    name: "non-canonical integers are strings: the set becomes a hashtable",
    commands: [
      ["SADD", "a", "1", "01"],
      objectEncoding("a"),
      ["SADD", "b", "1", "-0"],
      objectEncoding("b"),
      ["SADD", "c", "1", "+1"],
      objectEncoding("c"),
      ["SADD", "d", "1", " 1"],
      objectEncoding("d"),
      ["SADD", "e", "1", TOO_BIG],
      objectEncoding("e"),
      ["SADD", "f", "1", TOO_SMALL],
      objectEncoding("f"),
      ["SADD", "g", "1", "1.0"],
      objectEncoding("g"),
      ["SADD", "h", "1", ""],
      objectEncoding("h"),
      ["SADD", "i", "-"],
      objectEncoding("i"),
      ["SADD", "j", "0", "-1", LLONG_MIN],
      objectEncoding("j"),
      unordered(members("a")),
      ["SCARD", "a"],
    ],
  },
  {
    name: "a first non-integer member makes a hashtable; a later one converts an intset",
    commands: [["SADD", "s", "a", "1", "2"], objectEncoding("s"), ["SADD", "t", "1", "2", "a"], objectEncoding("t"), unordered(members("t"))],
  },
  {
    name: "an intset stays one after members go, a hashtable never goes back",
    commands: [["SADD", "s", "1", "2", "a"], ["SREM", "s", "a"], objectEncoding("s"), unordered(members()), ["SADD", "t", "1", "2"], ["SREM", "t", "1"], objectEncoding("t")],
  },
  {
    name: "SISMEMBER on intsets and hashtables, non-canonical lookups",
    setup: [["SADD", "ints", "1", "2", "-5"], ["SADD", "strs", "a", "1", "01"]],
    commands: [
      ["SISMEMBER", "ints", "1"],
      ["SISMEMBER", "ints", "01"],
      ["SISMEMBER", "ints", "-5"],
      ["SISMEMBER", "ints", "x"],
      ["SISMEMBER", "strs", "01"],
      ["SISMEMBER", "strs", "1"],
      ["SISMEMBER", "strs", "001"],
      ["SISMEMBER", "missing", "a"],
    ],
  },
  {
    name: "SMISMEMBER answers per member, zeros for a missing key",
    setup: [["SADD", "s", "a", "b", "1"]],
    commands: [["SMISMEMBER", "s", "a", "x", "1", "a"], ["SMISMEMBER", "missing", "a", "b"], ["SMISMEMBER", "s", "b"]],
  },
  {
    name: "binary, empty and CRLF members",
    commands: [
      ["SADD", "s", ALL_BYTES, "", CRLF_MEMBER],
      ["SADD", "s", ""],
      ["SISMEMBER", "s", ALL_BYTES],
      ["SISMEMBER", "s", ""],
      ["SMISMEMBER", "s", CRLF_MEMBER, "a\r\nb"],
      unordered(members()),
      ["SREM", "s", ALL_BYTES, ""],
      members(),
    ],
  },
  {
    name: "SREM counts removed members and deletes the emptied key",
    setup: [["SADD", "s", "a", "b", "c"]],
    commands: [["SREM", "s", "a", "x", "a"], ["SCARD", "s"], ["SREM", "s", "b", "c", "d"], ["EXISTS", "s"], ["SREM", "s", "a"], ["SREM", "missing", "a"]],
  },
  {
    name: "SREM on an intset, with non-integers and non-canonical forms",
    setup: [["SADD", "s", "1", "2", "3"]],
    commands: [["SREM", "s", "01", "x", "-0", "2"], members(), objectEncoding("s"), ["SREM", "s", "1", "3", "1"], ["EXISTS", "s"]],
  },
  {
    name: "SCARD and SMEMBERS of a missing key",
    commands: [["SCARD", "missing"], members("missing")],
  },
  {
    name: "SMEMBERS and friends in RESP3",
    resp: 3,
    setup: [["SADD", "s", "3", "1", "2"], ["SADD", "h", "a"]],
    commands: [members(), members("h"), members("missing"), ["SMISMEMBER", "s", "1", "x"], ["SISMEMBER", "s", "1"], ["SCARD", "s"], ["SADD", "s", "4"], ["SREM", "s", "4"]],
  },
  {
    name: "WRONGTYPE for every command on a string",
    setup: STRING_SETUP,
    commands: [
      ["SADD", "str", "a"],
      ["SREM", "str", "a"],
      ["SCARD", "str"],
      ["SISMEMBER", "str", "a"],
      ["SMISMEMBER", "str", "a"],
      members("str"),
      ["SPOP", "str"],
      ["SPOP", "str", "0"],
      ["SPOP", "str", "2"],
      ["SRANDMEMBER", "str"],
      ["SRANDMEMBER", "str", "0"],
      ["SRANDMEMBER", "str", "-2"],
      ["SSCAN", "str", "0"],
      ["SINTER", "str"],
      ["SUNION", "str"],
      ["SDIFF", "str"],
      ["SINTERCARD", "1", "str"],
    ],
  },
  {
    name: "WRONGTYPE on a list, the value untouched",
    setup: [["RPUSH", "list", "a"]],
    commands: [["SADD", "list", "a"], ["SREM", "list", "a"], ["LRANGE", "list", "0", "-1"]],
  },
  {
    name: "arity errors",
    commands: [
      ["SADD", "s"],
      ["SADD"],
      ["SREM", "s"],
      ["SCARD"],
      ["SCARD", "a", "b"],
      ["SISMEMBER", "s"],
      ["SISMEMBER", "s", "a", "b"],
      ["SMISMEMBER", "s"],
      ["SMEMBERS"],
      ["SMEMBERS", "a", "b"],
      ["SPOP"],
      ["SRANDMEMBER"],
      ["SMOVE", "a", "b"],
      ["SMOVE", "a", "b", "c", "d"],
      ["SINTER"],
      ["SINTERCARD", "1"],
      ["SINTERSTORE", "d"],
      ["SUNION"],
      ["SUNIONSTORE", "d"],
      ["SDIFF"],
      ["SDIFFSTORE", "d"],
      ["SSCAN", "s"],
    ],
  },
  {
    name: "a key past its deadline is gone for SADD and SCARD",
    setup: [["SADD", "s", "a", "b"], ["PEXPIREAT", "s", "1000"]],
    commands: [["SCARD", "s"], ["SADD", "s", "c"], members(), ["TTL", "s"]],
  },
  {
    name: "SADD and SREM keep the key's TTL",
    setup: [["SADD", "s", "a", "b"], ["EXPIREAT", "s", FUTURE_S]],
    commands: [["SADD", "s", "c"], ["SREM", "s", "a"], ["EXPIRETIME", "s"]],
  },
];

// --- SMOVE -------------------------------------------------------------------------------------

const smoveCases: Case[] = [
  {
    name: "SMOVE moves a member and creates the destination",
    setup: [["SADD", "src", "a", "b", "1"]],
    commands: [
      ["SMOVE", "src", "dst", "a"],
      members("dst"),
      objectEncoding("dst"),
      ["SMOVE", "src", "ints", "1"],
      objectEncoding("ints"),
      unordered(members("src")),
    ],
  },
  {
    name: "SMOVE of a member the destination has, of an absent member, of the last member",
    setup: [["SADD", "src", "a", "b"], ["SADD", "dst", "a"]],
    commands: [
      ["SMOVE", "src", "dst", "a"],
      members("src"),
      ["SMOVE", "src", "dst", "x"],
      ["SMOVE", "src", "dst", "b"],
      ["EXISTS", "src"],
      unordered(members("dst")),
    ],
  },
  {
    name: "SMOVE a non-integer into an intset converts it",
    setup: [["SADD", "src", "x"], ["SADD", "dst", "3", "1"]],
    commands: [["SMOVE", "src", "dst", "x"], objectEncoding("dst"), unordered(members("dst"))],
  },
  {
    name: "SMOVE within one key answers membership without changes",
    setup: [["SADD", "s", "a", "b"]],
    commands: [["SMOVE", "s", "s", "a"], ["SMOVE", "s", "s", "x"], ["SCARD", "s"]],
  },
  {
    name: "SMOVE type checks: missing source first, then source, then destination",
    setup: [["SET", "str", "v"], ["SADD", "s", "a"]],
    commands: [
      ["SMOVE", "missing", "str", "a"],
      ["SMOVE", "str", "s", "a"],
      ["SMOVE", "s", "str", "a"],
      ["SMOVE", "s", "str", "x"],
      members(),
      ["SMOVE", "str", "str", "a"],
    ],
  },
  {
    name: "SMOVE with binary members, RESP3",
    resp: 3,
    setup: [["SADD", "src", ALL_BYTES, ""]],
    commands: [["SMOVE", "src", "dst", ALL_BYTES], ["SMOVE", "src", "dst", ""], unordered(members("dst")), ["EXISTS", "src"]],
  },
];

// --- SPOP, SRANDMEMBER -------------------------------------------------------------------------------

const randomCases: Case[] = [
  {
    name: "SPOP of a one-member set deletes the key",
    setup: [["SADD", "s", "only"]],
    commands: [["SPOP", "s"], ["EXISTS", "s"], ["SPOP", "s"], ["SPOP", "missing"]],
  },
  {
    name: "SPOP without count in RESP3",
    resp: 3,
    setup: [["SADD", "s", "7"]],
    commands: [["SPOP", "s"], ["SPOP", "s"]],
  },
  {
    name: "SPOP count errors come before the key is looked at",
    setup: STRING_SETUP,
    commands: [
      ["SPOP", "str", "-1"],
      ["SPOP", "missing", "abc"],
      ["SPOP", "missing", "-1"],
      ["SPOP", "missing", TOO_BIG],
      ["SPOP", "missing", "1.5"],
      ["SPOP", "missing", ""],
      ["SPOP", "str", "1", "2"],
      ["SPOP", "missing", "1", "2"],
      ["SPOP", "missing", "x", "y", "z"],
    ],
  },
  {
    name: "SPOP count of 0 and on a missing key",
    setup: [["SADD", "s", "a"]],
    commands: [["SPOP", "s", "0"], ["SPOP", "missing", "0"], ["SPOP", "missing", "5"], ["SCARD", "s"]],
  },
  {
    name: "SPOP count of 0 and on a missing key, RESP3",
    resp: 3,
    setup: [["SADD", "s", "a"]],
    commands: [["SPOP", "s", "0"], ["SPOP", "missing", "3"], ["SPOP", "s", "1"]],
  },
  {
    name: "SPOP a count at least the size returns the whole intset sorted",
    setup: [["SADD", "s", "5", "-2", "9", "0"]],
    commands: [["SPOP", "s", "4"], ["EXISTS", "s"], ["SADD", "t", "3", "1", "2"], ["SPOP", "t", LLONG_MAX], ["EXISTS", "t"]],
  },
  {
    name: "SPOP all of a hashtable holding only integers answers them sorted (as SUNION would)",
    setup: [["SADD", "s", "x", "30", "10", "20"], ["SREM", "s", "x"]],
    commands: [objectEncoding("s"), ["SPOP", "s", "3"], ["EXISTS", "s"]],
  },
  {
    name: "SPOP all of a hashtable",
    setup: [["SADD", "s", "a", "b", "c", "1"]],
    commands: [unordered(["SPOP", "s", "10"]), ["EXISTS", "s"]],
  },
  {
    name: "SPOP all in RESP3",
    resp: 3,
    setup: [["SADD", "s", "2", "1"], ["SADD", "h", "a", "b"]],
    commands: [["SPOP", "s", "2"], unordered(["SPOP", "h", "5"])],
  },
  {
    name: "SPOP some: counts and what is left",
    setup: [["SADD", "s", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"], ["SADD", "h", "a", "b", "c", "d", "e", "f", "g", "h"]],
    commands: [
      countOnly(["SPOP", "s", "2"]),
      ["SCARD", "s"],
      countOnly(["SPOP", "s", "7"]),
      ["SCARD", "s"],
      objectEncoding("s"),
      countOnly(["SPOP", "h", "3"]),
      ["SCARD", "h"],
      countOnly(["SPOP", "h", "4"]),
      ["SCARD", "h"],
      objectEncoding("h"),
    ],
  },
  {
    name: "SPOP most of a set rebuilds it: a hashtable of integers becomes an intset",
    setup: [["SADD", "s", "x", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"], ["SREM", "s", "x"]],
    commands: [objectEncoding("s"), countOnly(["SPOP", "s", "9"]), ["SCARD", "s"], objectEncoding("s")],
  },
  {
    name: "SPOP most of a set keeps the key's TTL",
    setup: [["SADD", "s", "a", "b", "c", "d", "e", "f", "g"], ["EXPIREAT", "s", FUTURE_S]],
    commands: [countOnly(["SPOP", "s", "6"]), ["EXPIRETIME", "s"], countOnly(["SPOP", "s", "1"]), ["EXISTS", "s"]],
  },
  {
    name: "SRANDMEMBER of one member, missing keys, the set untouched",
    setup: [["SADD", "s", "only"]],
    commands: [
      ["SRANDMEMBER", "s"],
      ["SRANDMEMBER", "s", "1"],
      ["SRANDMEMBER", "s", "5"],
      ["SRANDMEMBER", "s", "-3"],
      ["SRANDMEMBER", "missing"],
      ["SRANDMEMBER", "missing", "3"],
      ["SRANDMEMBER", "missing", "-3"],
      ["SRANDMEMBER", "s", "0"],
      ["SCARD", "s"],
    ],
  },
  {
    name: "SRANDMEMBER replies arrays even in RESP3",
    resp: 3,
    setup: [["SADD", "s", "2", "1"]],
    commands: [["SRANDMEMBER", "s", "5"], ["SRANDMEMBER", "missing", "2"], ["SRANDMEMBER", "s", "0"], ["SRANDMEMBER", "missing"], countOnly(["SRANDMEMBER", "s", "-4"])],
  },
  {
    name: "SRANDMEMBER count errors come before the key is looked at",
    setup: STRING_SETUP,
    commands: [
      ["SRANDMEMBER", "missing", "abc"],
      ["SRANDMEMBER", "str", "abc"],
      ["SRANDMEMBER", "missing", LLONG_MIN],
      ["SRANDMEMBER", "missing", TOO_BIG],
      ["SRANDMEMBER", "missing", "1", "2"],
      ["SRANDMEMBER", "str", "1", "2"],
      ["SRANDMEMBER", "missing", "-9223372036854775807"],
    ],
  },
  {
    name: "SRANDMEMBER a count at least the size: the whole set",
    setup: [["SADD", "s", "3", "1", "2"], ["SADD", "h", "a", "b", "c"]],
    commands: [["SRANDMEMBER", "s", "3"], ["SRANDMEMBER", "s", LLONG_MAX], unordered(["SRANDMEMBER", "h", "10"])],
  },
  {
    name: "SRANDMEMBER counts: distinct, repeated, every strategy",
    setup: [["SADD", "s", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"], ["SADD", "h", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]],
    commands: [
      countOnly(["SRANDMEMBER", "s", "1"]),
      countOnly(["SRANDMEMBER", "s", "2"]),
      countOnly(["SRANDMEMBER", "s", "9"]),
      countOnly(["SRANDMEMBER", "s", "-20"]),
      countOnly(["SRANDMEMBER", "h", "3"]),
      countOnly(["SRANDMEMBER", "h", "8"]),
      countOnly(["SRANDMEMBER", "h", "-1"]),
      ["SCARD", "s"],
      ["SCARD", "h"],
    ],
  },
];

// --- SINTER, SINTERCARD, SINTERSTORE ----------------------------------------------------------------

/** a = 1..6 (intset), b = 2 4 6 8 (intset), h = x 2 4 6 (hashtable), z = 4 5 6 x y z w (hashtable). */
const ALGEBRA_SETUP: Argv[] = [
  ["SADD", "a", "1", "2", "3", "4", "5", "6"],
  ["SADD", "b", "8", "6", "4", "2"],
  ["SADD", "h", "x", "2", "4", "6"],
  ["SADD", "z", "4", "5", "6", "x", "y", "z", "w"],
];

const interCases: Case[] = [
  {
    name: "SINTER of intsets answers in ascending order",
    setup: ALGEBRA_SETUP,
    commands: [["SINTER", "a", "b"], ["SINTER", "b", "a"], ["SINTER", "a"], ["SINTER", "a", "a", "b"]],
  },
  {
    name: "SINTER with a hashtable: the smallest set decides the order",
    setup: ALGEBRA_SETUP,
    commands: [["SINTER", "z", "b"], unordered(["SINTER", "h", "z"]), unordered(["SINTER", "h", "a", "z"]), unordered(["SINTER", "h"])],
  },
  {
    name: "SINTER with a missing key is empty; WRONGTYPE wins wherever it is",
    setup: [...ALGEBRA_SETUP, ["SET", "str", "v"]],
    commands: [
      ["SINTER", "a", "missing"],
      ["SINTER", "missing", "a"],
      ["SINTER", "missing", "str"],
      ["SINTER", "str", "missing"],
      ["SINTER", "a", "str"],
      ["SINTER", "a", "b", "missing", "str"],
    ],
  },
  {
    name: "SINTER of disjoint sets, binary members",
    setup: [["SADD", "p", ALL_BYTES, "", "q"], ["SADD", "q", ALL_BYTES, ""], ["SADD", "r", "1"]],
    commands: [["SINTER", "p", "r"], unordered(["SINTER", "p", "q"])],
  },
  {
    name: "SINTER in RESP3",
    resp: 3,
    setup: ALGEBRA_SETUP,
    commands: [["SINTER", "a", "b"], ["SINTER", "a", "missing"], ["SINTER", "a", "b", "h"]],
  },
  {
    name: "SINTERSTORE stores an intset when it can, a hashtable otherwise",
    setup: ALGEBRA_SETUP,
    commands: [
      ["SINTERSTORE", "d", "a", "b"],
      members("d"),
      objectEncoding("d"),
      ["SINTERSTORE", "d2", "h", "z"],
      objectEncoding("d2"),
      unordered(members("d2")),
      ["SINTERSTORE", "d3", "h", "b"],
      objectEncoding("d3"),
      members("d3"),
    ],
  },
  {
    name: "SINTERSTORE overwrites any type and drops the TTL; an empty result deletes",
    setup: [...ALGEBRA_SETUP, ["SET", "str", "v"], ["EXPIREAT", "str", FUTURE_S], ["SET", "other", "v"]],
    commands: [
      ["SINTERSTORE", "str", "a", "b"],
      ["TYPE", "str"],
      ["TTL", "str"],
      ["SINTERSTORE", "str", "a", "z", "b"],
      members("str"),
      ["SINTERSTORE", "str", "a", "missing"],
      ["EXISTS", "str"],
      ["SINTERSTORE", "other", "b", "z", "h", "a"],
      ["SINTERSTORE", "other", "a", "missing"],
      ["EXISTS", "other"],
      ["SINTERSTORE", "none", "a", "missing"],
      ["EXISTS", "none"],
    ],
  },
  {
    name: "SINTERSTORE into one of its sources, WRONGTYPE leaves the destination",
    setup: [...ALGEBRA_SETUP, ["SET", "str", "v"]],
    commands: [["SINTERSTORE", "a", "a", "b"], members("a"), ["SINTERSTORE", "a", "b", "str"], members("a"), ["SINTERSTORE", "a", "missing", "str"], members("a")],
  },
  {
    name: "SINTERSTORE with a key past its deadline",
    setup: [...ALGEBRA_SETUP, ["SADD", "old", "1"], ["PEXPIREAT", "old", "1000"], ["SET", "gone", "x"], ["PEXPIREAT", "gone", "1000"]],
    commands: [["SINTERSTORE", "gone", "a", "old"], ["EXISTS", "gone"], ["SINTERSTORE", "d", "a", "b"], ["SCARD", "d"]],
  },
  {
    name: "SINTERCARD counts, with LIMIT",
    setup: ALGEBRA_SETUP,
    commands: [
      ["SINTERCARD", "2", "a", "b"],
      ["SINTERCARD", "1", "a"],
      ["SINTERCARD", "3", "a", "b", "h"],
      ["SINTERCARD", "2", "a", "b", "LIMIT", "0"],
      ["SINTERCARD", "2", "a", "b", "LIMIT", "2"],
      ["SINTERCARD", "2", "a", "b", "limit", "100"],
      ["SINTERCARD", "2", "a", "b", "LIMIT", "1", "LIMIT", "0"],
      ["SINTERCARD", "2", "a", "missing"],
      ["SINTERCARD", "2", "a", "a"],
      ["SINTERCARD", "2", "h", "z", "LIMIT", "2"],
    ],
  },
  {
    name: "SINTERCARD errors in Redis's order",
    setup: [...ALGEBRA_SETUP, ["SET", "str", "v"]],
    commands: [
      ["SINTERCARD", "0", "a"],
      ["SINTERCARD", "-1", "a"],
      ["SINTERCARD", "abc", "a"],
      ["SINTERCARD", TOO_BIG, "a"],
      ["SINTERCARD", "3", "a", "b"],
      ["SINTERCARD", "2", "a"],
      ["SINTERCARD", "1", "a", "b"],
      ["SINTERCARD", "1", "a", "LIMIT"],
      ["SINTERCARD", "1", "a", "LIMIT", "-1"],
      ["SINTERCARD", "1", "a", "LIMIT", "abc"],
      ["SINTERCARD", "1", "a", "LIMIT", "1", "x"],
      ["SINTERCARD", "2", "str", "a", "LIMIT", "-1"],
      ["SINTERCARD", "2", "str", "a"],
      ["SINTERCARD", "2", "missing", "str"],
      ["SINTERCARD", "1", "str", "LIMIT", "5"],
    ],
  },
  {
    name: "SINTERCARD and SINTERSTORE in RESP3",
    resp: 3,
    setup: ALGEBRA_SETUP,
    commands: [["SINTERCARD", "2", "a", "b"], ["SINTERSTORE", "d", "a", "b"], ["SINTERCARD", "1", "missing"]],
  },
];

// --- SUNION, SDIFF and their STORE forms ------------------------------------------------------------

const unionDiffCases: Case[] = [
  {
    name: "SUNION of intsets answers in ascending order; missing keys are empty",
    setup: ALGEBRA_SETUP,
    commands: [["SUNION", "a", "b"], ["SUNION", "b", "missing", "a"], ["SUNION", "missing"], ["SUNION", "a", "a"]],
  },
  {
    name: "SUNION with strings is a hashtable",
    setup: ALGEBRA_SETUP,
    commands: [unordered(["SUNION", "a", "h"]), unordered(["SUNION", "z", "h", "b"])],
  },
  {
    name: "SUNION of a hashtable holding only integers comes out sorted",
    setup: [["SADD", "s", "x", "30", "-1", "20"], ["SREM", "s", "x"]],
    commands: [["SUNION", "s"], ["SUNIONSTORE", "d", "s"], objectEncoding("d"), objectEncoding("s")],
  },
  {
    name: "SDIFF of intsets in ascending order; the first key decides",
    setup: ALGEBRA_SETUP,
    commands: [
      ["SDIFF", "a", "b"],
      ["SDIFF", "b", "a"],
      ["SDIFF", "a", "missing"],
      ["SDIFF", "missing", "a"],
      ["SDIFF", "a"],
      ["SDIFF", "a", "a"],
      ["SDIFF", "a", "b", "a"],
      ["SDIFF", "a", "h", "z"],
      unordered(["SDIFF", "z", "a"]),
    ],
  },
  {
    name: "SDIFF's algorithm decides the result's encoding",
    setup: [["SADD", "big", "x", "1", "2", "3", "4", "5", "6", "7", "8", "9"], ["SADD", "one", "x"], ["SADD", "other", "zz"]],
    commands: [
      // Two sets: algorithm 1 adds only survivors, an intset.
      ["SDIFFSTORE", "d1", "big", "one"],
      objectEncoding("d1"),
      members("d1"),
      ["SDIFF", "big", "one"],
      // Three small subtrahends: algorithm 2 adds `x` first, a hashtable for good.
      ["SDIFFSTORE", "d2", "big", "one", "other"],
      objectEncoding("d2"),
      unordered(members("d2")),
      unordered(["SDIFF", "big", "one", "other"]),
    ],
  },
  {
    name: "SDIFF algorithm 2 stops once nothing is left",
    setup: [["SADD", "s", "1", "2"], ["SADD", "t", "1", "2", "3"], ["SADD", "u", "9"], ["SADD", "v", "8"]],
    commands: [["SDIFF", "s", "t", "u", "v"], ["SDIFFSTORE", "d", "s", "t", "u", "v"], ["EXISTS", "d"]],
  },
  {
    name: "SUNION and SDIFF: WRONGTYPE wherever it is",
    setup: [...ALGEBRA_SETUP, ["SET", "str", "v"]],
    commands: [
      ["SUNION", "a", "str"],
      ["SUNION", "missing", "str"],
      ["SDIFF", "str", "a"],
      ["SDIFF", "missing", "str"],
      ["SDIFF", "a", "b", "str"],
      ["SUNIONSTORE", "d", "a", "str"],
      ["SDIFFSTORE", "d", "missing", "str"],
      ["EXISTS", "d"],
    ],
  },
  {
    name: "SUNIONSTORE and SDIFFSTORE store, overwrite and delete",
    setup: [...ALGEBRA_SETUP, ["SET", "str", "v"], ["EXPIREAT", "str", FUTURE_S]],
    commands: [
      ["SUNIONSTORE", "d", "a", "b"],
      members("d"),
      objectEncoding("d"),
      ["SUNIONSTORE", "str", "a", "h"],
      ["TTL", "str"],
      objectEncoding("str"),
      unordered(members("str")),
      ["SDIFFSTORE", "str", "a", "b"],
      members("str"),
      objectEncoding("str"),
      ["SDIFFSTORE", "str", "b", "a"],
      ["SDIFFSTORE", "str", "a", "a"],
      ["EXISTS", "str"],
      ["SUNIONSTORE", "d", "missing"],
      ["EXISTS", "d"],
      ["SDIFFSTORE", "d", "missing", "a"],
      ["SUNIONSTORE", "a", "a", "b"],
      members("a"),
    ],
  },
  {
    name: "SUNION and SDIFF in RESP3",
    resp: 3,
    setup: ALGEBRA_SETUP,
    commands: [["SUNION", "a", "b"], ["SDIFF", "a", "b"], ["SUNION", "missing"], ["SDIFF", "missing", "a"], ["SUNIONSTORE", "d", "a"], ["SDIFFSTORE", "d", "a", "a"]],
  },
  {
    name: "SUNION and SDIFF with binary members",
    setup: [["SADD", "p", ALL_BYTES, "", CRLF_MEMBER], ["SADD", "q", ""]],
    commands: [unordered(["SUNION", "p", "q"]), unordered(["SDIFF", "p", "q"]), ["SDIFF", "q", "p"]],
  },
];

// --- SSCAN ---------------------------------------------------------------------------------------------

const scanCases: Case[] = [
  {
    name: "SSCAN returns an intset whole whatever the cursor and COUNT",
    setup: [["SADD", "s", ...Array.from({ length: 40 }, (_, i) => String(40 - i))]],
    commands: [["SSCAN", "s", "0"], ["SSCAN", "s", "0", "COUNT", "1"], ["SSCAN", "s", "17"], ["SSCAN", "s", "0", "MATCH", "1*"], ["SSCAN", "s", "0", "MATCH", "*5", "COUNT", "2"]],
  },
  {
    name: "SSCAN of a small hashtable in one call, with MATCH",
    setup: [["SADD", "h", "apple", "banana", "avocado", "1"]],
    commands: [unordered(["SSCAN", "h", "0"]), unordered(["SSCAN", "h", "0", "MATCH", "a*"]), ["SSCAN", "h", "0", "MATCH", "nothing*"], unordered(["SSCAN", "h", "0", "match", "*", "count", "100"])],
  },
  {
    name: "SSCAN of a missing key answers an empty scan, options unchecked",
    commands: [["SSCAN", "missing", "0"], ["SSCAN", "missing", "0", "COUNT", "abc"], ["SSCAN", "missing", "0", "BOGUS"], ["SSCAN", "missing", "x"]],
  },
  {
    name: "SSCAN errors: the cursor first, then the type, then the options",
    setup: [["SADD", "s", "1", "2"], ["SET", "str", "v"]],
    commands: [
      ["SSCAN", "s", "abc"],
      ["SSCAN", "s", "-1"],
      ["SSCAN", "s", " 1"],
      ["SSCAN", "s", "18446744073709551616"],
      ["SSCAN", "str", "abc"],
      ["SSCAN", "str", "0", "COUNT", "abc"],
      ["SSCAN", "s", "0", "COUNT", "0"],
      ["SSCAN", "s", "0", "COUNT", "-1"],
      ["SSCAN", "s", "0", "COUNT", "abc"],
      ["SSCAN", "s", "0", "COUNT"],
      ["SSCAN", "s", "0", "MATCH"],
      ["SSCAN", "s", "0", "TYPE", "set"],
      ["SSCAN", "s", "0", "MATCH", "*", "BOGUS", "x"],
      ["SSCAN", "s", "0", "COUNT", "abc", "BOGUS"],
      ["SSCAN", "s", "18446744073709551615"],
    ],
  },
  {
    name: "SSCAN in RESP3, binary members",
    resp: 3,
    setup: [["SADD", "s", "2", "1"], ["SADD", "b", ALL_BYTES]],
    commands: [["SSCAN", "s", "0"], ["SSCAN", "b", "0"], ["SSCAN", "missing", "0"]],
  },
];

// --- set-max-intset-entries -------------------------------------------------------------------------

const intsetLimitCases: Case[] = [
  {
    name: "SADD past set-max-intset-entries converts to a hashtable",
    commands: [["SADD", "s", "1", "2", "3", "4"], objectEncoding("s"), members(), ["SADD", "s", "5"], objectEncoding("s"), ["SREM", "s", "5", "4"], objectEncoding("s")],
  },
  {
    name: "a single SADD of too many integers",
    commands: [["SADD", "s", "1", "2", "3", "4", "5", "6"], objectEncoding("s"), unordered(members())],
  },
  {
    name: "*STORE results past the limit are hashtables",
    setup: [["SADD", "a", "1", "2", "3"], ["SADD", "b", "4", "5", "6"], ["SADD", "c", "1", "2", "3", "4"], ["SADD", "d", "1"]],
    commands: [
      ["SUNIONSTORE", "u", "a", "b"],
      objectEncoding("u"),
      unordered(["SUNION", "a", "b"]),
      ["SUNIONSTORE", "u2", "a", "d"],
      objectEncoding("u2"),
      ["SUNION", "a", "d"],
      ["SINTERSTORE", "i", "c", "c"],
      objectEncoding("i"),
      ["SDIFFSTORE", "df", "c", "d"],
      objectEncoding("df"),
      ["SDIFF", "c", "d"],
    ],
  },
  {
    name: "SMOVE into a full intset converts it",
    setup: [["SADD", "src", "9"], ["SADD", "dst", "1", "2", "3", "4"]],
    commands: [["SMOVE", "src", "dst", "9"], objectEncoding("dst"), unordered(members("dst"))],
  },
  {
    name: "SPOP all of a set past the limit",
    setup: [["SADD", "s", "1", "2", "3", "4", "5"]],
    commands: [unordered(["SPOP", "s", "5"]), ["EXISTS", "s"]],
  },
];

const intsetZeroCases: Case[] = [
  {
    name: "set-max-intset-entries 0: every set is a hashtable",
    commands: [["SADD", "s", "1"], objectEncoding("s"), ["SINTERSTORE", "d", "s"], objectEncoding("d"), ["SMOVE", "s", "new", "1"], objectEncoding("new")],
  },
];

// --- keyspace events ------------------------------------------------------------------------------

/** A command read with the keyspace and keyevent pushes it makes (RESP3: the subscriber runs it too). */
const SUBSCRIBE_ALL = frames(1, "PSUBSCRIBE", "__key*__:*");
const NOTIFY_ALL: Argv = ["CONFIG", "SET", "notify-keyspace-events", "KEA"];

const eventCases: Case[] = [
  {
    name: "SADD, SREM and SMOVE events, del after the command's own",
    resp: 3,
    setup: [NOTIFY_ALL],
    commands: [
      SUBSCRIBE_ALL,
      frames(3, "SADD", "s", "a", "b"),
      frames(1, "SADD", "s", "a"),
      frames(3, "SREM", "s", "a", "x"),
      frames(1, "SREM", "s", "x"),
      frames(7, "SMOVE", "s", "d", "b"),
      frames(1, "SMOVE", "d", "d", "b"),
      frames(3, "SADD", "e", "b"),
      frames(5, "SMOVE", "d", "e", "b"),
      frames(5, "SREM", "e", "b"),
    ],
  },
  {
    name: "SPOP events",
    resp: 3,
    setup: [NOTIFY_ALL, ["SADD", "s", "1"], ["SADD", "t", "1", "2", "3"], ["SADD", "u", "1", "2"]],
    commands: [SUBSCRIBE_ALL, frames(5, "SPOP", "s"), frames(5, "SPOP", "t", "5"), frames(1, "SPOP", "u", "0"), frames(1, "SPOP", "missing", "1")],
  },
  {
    name: "*STORE events: the reply first, del for an emptied destination",
    resp: 3,
    setup: [NOTIFY_ALL, ["SADD", "a", "1", "2"], ["SADD", "b", "2", "3"]],
    commands: [
      SUBSCRIBE_ALL,
      frames(3, "SINTERSTORE", "d", "a", "b"),
      frames(3, "SUNIONSTORE", "d", "a", "b"),
      frames(3, "SDIFFSTORE", "d", "a", "b"),
      frames(3, "SDIFFSTORE", "d", "a", "a"),
      frames(1, "SDIFFSTORE", "d", "a", "a"),
      frames(3, "SUNIONSTORE", "d", "a"),
      frames(3, "SINTERSTORE", "d", "a", "missing"),
      frames(1, "SINTERSTORE", "d", "a", "missing"),
    ],
  },
];

differentialSuite("set commands: SADD, SREM, SCARD, SISMEMBER, SMISMEMBER, SMEMBERS", basicCases);
differentialSuite("set commands: SMOVE", smoveCases);
differentialSuite("set commands: SPOP, SRANDMEMBER", randomCases);
differentialSuite("set commands: SINTER, SINTERCARD, SINTERSTORE", interCases);
differentialSuite("set commands: SUNION, SDIFF and their STORE forms", unionDiffCases);
differentialSuite("set commands: SSCAN", scanCases);
differentialSuite("set commands: set-max-intset-entries 4", intsetLimitCases, {
  redisArgs: ["--set-max-intset-entries", "4"],
  redbunConfig: { "set-max-intset-entries": 4 },
});
differentialSuite("set commands: set-max-intset-entries 0", intsetZeroCases, {
  redisArgs: ["--set-max-intset-entries", "0"],
  redbunConfig: { "set-max-intset-entries": 0 },
});
differentialSuite("set commands: keyspace events", eventCases);
