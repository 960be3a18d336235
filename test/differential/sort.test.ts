// SORT and SORT_RO (sort.c) against a real redis-server: numeric and ALPHA sorts of lists, sets
// and sorted sets, every option and combination (BY with string keys and hash fields, BY nosort,
// LIMIT clamps, GET #/patterns/fields, ASC/DESC, STORE), strtod's edge cases for scores, NUL
// bytes in elements and patterns, ties (stable qsort, Redis's pqsort for BY with LIMIT), errors
// and their order, the STORE result's encoding, TTL and events, RESP2 and RESP3.

import { differentialSuite, frames, KEYSPACE_HITS_AND_MISSES, type Case, type Step } from "../support/differential.ts";
import { latin1Bytes, type Argv } from "../support/resp-client.ts";
import { LLONG_MAX, LLONG_MIN, FUTURE_S } from "../support/values.ts";

/** ZADD is written by another engineer: sorted-set cases wait for it. */

const range = (key = "d"): Argv => ["LRANGE", key, "0", "-1"];
const unordered = (argv: Argv): Step => ({ argv, unordered: true });

/** A list of numbers in no order, with duplicates and negatives. */
const NUMBERS: Argv = ["RPUSH", "l", "10", "-3", "7", "2.5", "7", "0", "-20", "100", "1e2", "3"];
/** Weights for the elements 1..5 of WEIGHTED: w_1 … w_4 (w_5 missing), and hashes h_1 … h_5. */
const WEIGHTED: Argv[] = [
  ["RPUSH", "l", "3", "1", "5", "2", "4"],
  ["MSET", "w_1", "40", "w_2", "10", "w_3", "30", "w_4", "-5", "n_1", "one", "n_2", "two", "n_3", "three", "n_4", "four", "n_5", "five"],
  ["HSET", "h_1", "w", "b", "name", "uno"],
  ["HSET", "h_2", "w", "d", "name", "dos"],
  ["HSET", "h_3", "w", "a", "name", "tres"],
  ["HSET", "h_4", "w", "c"],
  ["HSET", "h_5", "name", "cinco"],
];

// --- numeric and ALPHA sorts of lists -----------------------------------------------------------

const listCases: Case[] = [
  {
    name: "numeric sort, ASC and DESC, the last of them wins",
    setup: [NUMBERS],
    commands: [
      ["SORT", "l"],
      ["SORT", "l", "ASC"],
      ["SORT", "l", "DESC"],
      ["SORT", "l", "desc", "asc"],
      ["SORT", "l", "ASC", "DESC"],
      ["sort", "l", "Desc"],
      ["SORT_RO", "l"],
      ["SORT_RO", "l", "DESC"],
      range("l"),
    ],
  },
  {
    name: "equal scores order by the elements' bytes (1e2 vs 100, -0 vs 0, 007 vs 7)",
    setup: [["RPUSH", "l", "100", "1e2", "0", "-0", "7", "007", "7.0", "+7", "0x7", " 7"]],
    commands: [
      ["SORT", "l"],
      ["SORT", "l", "DESC"],
      ["SORT", "l", "LIMIT", "2", "5"],
    ],
  },
  {
    name: "strtod's forms: spaces, signs, hex, exponents, inf, empty string",
    setup: [["RPUSH", "l", " 2", "\t\n3", "+5", "0x10", "0X1p-2", "1.5e1", ".5", "5.", "inf", "-inf", "Infinity", "-INF", "", "1e308", "0x1p-1074", "5x"]],
    commands: [["SORT", "l"], ["LPOP", "l"], ["RPOP", "l"], ["SORT", "l"], ["SORT", "l", "DESC"]],
  },
  {
    name: "scores that do not convert: words, trailing bytes, NaN, blanks",
    commands: [
      ["RPUSH", "a", "1", "x"],
      ["SORT", "a"],
      ["RPUSH", "b", "1", "nan"],
      ["SORT", "b"],
      ["RPUSH", "f", "  "],
      ["SORT", "f"],
      ["RPUSH", "g", "1 "],
      ["SORT", "g"],
      ["RPUSH", "h", "0x"],
      ["SORT", "h"],
      ["SORT", "a", "ALPHA"],
      ["SORT", "a", "LIMIT", "0", "1"],
      ["SORT", "a", "STORE", "dst"],
      ["EXISTS", "dst"],
      ["SORT", "a", "GET", "#"],
    ],
  },
  // Redis checks errno == ERANGE after strtod without clearing it first: once a conversion
  // overflows or underflows, later SORTs on the connection fail too until some system call
  // resets errno (see the notes in sort.ts). Each case ends with its out-of-range score.
  ...[["1e400"], ["1e-310"], ["2.2250738585072011e-308"], ["-1e-400"], ["0x1p-1075"], ["1", "1e-400", "2"]].map(
    (elements): Case => ({
      name: `a score out of range is an error: ${elements.join(" ")}`,
      setup: [["RPUSH", "l", ...elements]],
      commands: [["SORT", "l", "ALPHA"], ["SORT", "l", "STORE", "d"], ["EXISTS", "d"]],
    }),
  ),
  {
    name: "a NUL ends the number (\"1\\0x\" is 1) and a lone NUL is 0",
    setup: [["RPUSH", "l", latin1Bytes("5\x00abc"), "3", latin1Bytes("\x00"), latin1Bytes("-1\x00")]],
    commands: [["SORT", "l"], ["SORT", "l", "DESC"], ["SORT", "l", "STORE", "d"], range()],
  },
  {
    name: "ALPHA sorts by bytes: case, UTF-8, high bytes, empty string, prefixes",
    setup: [["RPUSH", "l", "b", "B", "a", "é", "e", "", "ab", "a ", "Z", "10", "9", latin1Bytes("\xff"), latin1Bytes("\x80x"), "~"]],
    commands: [
      ["SORT", "l", "ALPHA"],
      ["SORT", "l", "ALPHA", "DESC"],
      ["SORT", "l", "alpha", "limit", "3", "4"],
      ["SORT", "l", "ALPHA", "STORE", "d"],
      range(),
      ["SORT", "l"],
    ],
  },
  {
    name: "ALPHA without STORE compares up to a NUL (strcoll), ties keep list order; STORE compares every byte",
    setup: [["RPUSH", "l", latin1Bytes("a\x00z"), latin1Bytes("a\x00b"), "a", latin1Bytes("a\x00"), "b", latin1Bytes("\x00")]],
    commands: [
      ["SORT", "l", "ALPHA"],
      ["SORT", "l", "ALPHA", "DESC"],
      ["SORT", "l", "ALPHA", "STORE", "d"],
      range(),
      ["SORT", "l", "ALPHA", "DESC", "STORE", "d"],
      range(),
    ],
  },
  {
    name: "duplicates in a list are all kept",
    setup: [["RPUSH", "l", "b", "a", "b", "a", "2", "1", "2"]],
    commands: [["SORT", "l", "ALPHA"], ["SORT", "l", "ALPHA", "DESC"], ["SORT", "l", "BY", "nosort"]],
  },
  {
    name: "a missing key sorts as an empty list; wrong types are refused",
    setup: [["SET", "str", "1"], ["HSET", "hash", "f", "1"]],
    commands: [
      ["SORT", "missing"],
      ["SORT", "missing", "ALPHA", "LIMIT", "0", "10", "GET", "#", "BY", "w_*"],
      ["SORT_RO", "missing"],
      ["SORT", "str"],
      ["SORT", "hash"],
      ["SORT_RO", "str", "ALPHA"],
      ["SORT", "str", "STORE", "d"],
      ["EXISTS", "d"],
    ],
  },
];

// --- LIMIT ----------------------------------------------------------------------------------

const limitCases: Case[] = [
  {
    name: "LIMIT offsets and counts, clamped to the collection",
    setup: [["RPUSH", "l", "5", "3", "1", "4", "2"]],
    commands: [
      ["SORT", "l", "LIMIT", "0", "2"],
      ["SORT", "l", "LIMIT", "1", "3"],
      ["SORT", "l", "LIMIT", "3", "100"],
      ["SORT", "l", "LIMIT", "4", "1"],
      ["SORT", "l", "LIMIT", "5", "1"],
      ["SORT", "l", "LIMIT", "100", "100"],
      ["SORT", "l", "LIMIT", "0", "0"],
      ["SORT", "l", "LIMIT", "0", "-1"],
      ["SORT", "l", "LIMIT", "2", "-5"],
      ["SORT", "l", "LIMIT", "-3", "2"],
      ["SORT", "l", "LIMIT", "-3", "-3"],
      ["SORT", "l", "LIMIT", LLONG_MAX, LLONG_MAX],
      ["SORT", "l", "LIMIT", LLONG_MIN, LLONG_MAX],
      ["SORT", "l", "LIMIT", "1", LLONG_MIN],
      ["SORT", "l", "LIMIT", "1", "2", "DESC"],
      ["SORT", "l", "LIMIT", "0", "1", "LIMIT", "2", "2"],
      ["SORT", "l", "LIMIT", "+1", "2"],
    ],
  },
  {
    name: "LIMIT errors: not integers, overflow, missing words, and which error comes first",
    setup: [["RPUSH", "l", "2", "1"], ["SET", "str", "x"]],
    commands: [
      ["SORT", "l", "LIMIT", "x", "1"],
      ["SORT", "l", "LIMIT", "1", "x"],
      ["SORT", "l", "LIMIT", "1.5", "1"],
      ["SORT", "l", "LIMIT", "9223372036854775808", "1"],
      ["SORT", "l", "LIMIT", "0", "-9223372036854775809"],
      ["SORT", "l", "LIMIT", " 1", "1"],
      ["SORT", "l", "LIMIT", "", "1"],
      ["SORT", "l", "LIMIT", "1"],
      ["SORT", "l", "LIMIT"],
      ["SORT", "l", "LIMIT", "x"],
      ["SORT", "l", "BOGUS", "LIMIT", "x", "1"],
      ["SORT", "l", "LIMIT", "x", "1", "BOGUS"],
      ["SORT", "str", "LIMIT", "x", "1"],
      ["SORT", "str", "LIMIT", "0", "1"],
    ],
  },
  {
    name: "LIMIT on an empty or missing collection",
    setup: [["RPUSH", "one", "1"]],
    commands: [
      ["SORT", "missing", "LIMIT", "0", "1"],
      ["SORT", "missing", "LIMIT", "5", "-1"],
      ["SORT", "one", "LIMIT", "0", "5"],
      ["SORT", "one", "LIMIT", "1", "5"],
      ["SORT", "one", "LIMIT", "-1", "1"],
      ["SORT", "one", "BY", "nosort", "LIMIT", "1", "1"],
      ["SORT", "one", "BY", "nosort", "LIMIT", "0", "1", "DESC"],
    ],
  },
];

// --- BY -------------------------------------------------------------------------------------

const byCases: Case[] = [
  {
    name: "BY string keys: numeric weights, a missing weight counts 0",
    setup: WEIGHTED,
    commands: [
      ["SORT", "l", "BY", "w_*"],
      ["SORT", "l", "BY", "w_*", "DESC"],
      ["SORT", "l", "BY", "w_*", "LIMIT", "1", "2"],
      ["SORT", "l", "BY", "w_*", "DESC", "LIMIT", "0", "3"],
      ["SORT", "l", "BY", "w_*", "GET", "#", "GET", "w_*"],
      ["SORT_RO", "l", "BY", "w_*"],
    ],
  },
  {
    name: "BY with a prefix and postfix around the *, and * alone (the element is the key)",
    setup: [
      ["RPUSH", "l", "a", "b", "c"],
      ["MSET", "x:a:y", "3", "x:b:y", "1", "x:c:y", "2", "a", "20", "b", "30", "c", "10"],
    ],
    commands: [
      ["SORT", "l", "BY", "x:*:y"],
      ["SORT", "l", "BY", "*"],
      ["SORT", "l", "BY", "*", "DESC", "GET", "*"],
      ["SORT", "l", "BY", "x:*:*"],
    ],
  },
  {
    name: "BY weights that are not numbers are an error; keys of other types count as missing",
    setup: [["RPUSH", "l", "1", "2", "3"], ["MSET", "w_1", "5", "w_2", "abc"], ["RPUSH", "v_1", "9"], ["SET", "v_2", "1"]],
    commands: [
      ["SORT", "l", "BY", "w_*"],
      ["SORT", "l", "BY", "v_*"],
      ["SORT", "l", "BY", "v_*", "DESC"],
      ["SORT", "l", "BY", "w_*", "ALPHA"],
      ["SORT", "l", "BY", "w_*", "STORE", "d"],
      ["EXISTS", "d"],
    ],
  },
  {
    name: "BY hash fields: ->field, missing fields and non-hash keys count as missing",
    setup: [...WEIGHTED, ["HSET", "g_1", "n", "3"], ["HSET", "g_2", "n", "1"], ["SET", "g_3", "2"], ["HSET", "g_4", "other", "7"]],
    commands: [
      ["SORT", "l", "BY", "g_*->n"],
      ["SORT", "l", "BY", "g_*->n", "DESC"],
      ["SORT", "l", "BY", "h_*->w", "ALPHA"],
      ["SORT", "l", "BY", "h_*->w", "ALPHA", "DESC"],
      ["SORT", "l", "BY", "h_*->w", "ALPHA", "GET", "h_*->name", "GET", "#"],
      ["SORT", "l", "BY", "h_*->name"],
      ["SORT", "l", "BY", "w_*->n"],
    ],
  },
  {
    name: "an arrow with nothing after it is part of the key name; a second arrow is in the field",
    setup: [
      ["RPUSH", "l", "1", "2"],
      ["MSET", "k_1->", "2", "k_2->", "1"],
      ["HSET", "m_1", "a->b", "1", "a", "9"],
      ["HSET", "m_2", "a->b", "0", "a", "-9"],
    ],
    commands: [
      ["SORT", "l", "BY", "k_*->"],
      ["SORT", "l", "BY", "m_*->a->b"],
      ["SORT", "l", "BY", "m_*->a"],
      ["SORT", "l", "BY", "m->*_x"],
      ["SORT", "l", "GET", "k_*->", "GET", "m_*->a->b", "GET", "m_*->a"],
    ],
  },
  {
    name: "BY ALPHA: missing values first, equal values keep list order",
    setup: [
      ["RPUSH", "l", "a", "b", "c", "d", "e", "f"],
      ["MSET", "s_a", "y", "s_b", "x", "s_d", "x", "s_e", "y"],
    ],
    commands: [
      ["SORT", "l", "BY", "s_*", "ALPHA"],
      ["SORT", "l", "BY", "s_*", "ALPHA", "DESC"],
      ["SORT", "l", "BY", "s_*", "ALPHA", "STORE", "d"],
      range(),
      ["SORT", "l", "BY", "s_*", "ALPHA", "DESC", "STORE", "d"],
      range(),
      ["SORT", "l", "BY", "missing_*", "ALPHA"],
      ["SORT", "l", "BY", "missing_*"],
    ],
  },
  {
    name: "BY ALPHA compares values up to a NUL unless STORE",
    setup: [
      ["RPUSH", "l", "1", "2", "3"],
      ["SET", "s_1", latin1Bytes("a\x00z")],
      ["SET", "s_2", latin1Bytes("a\x00b")],
      ["SET", "s_3", "a"],
    ],
    commands: [
      ["SORT", "l", "BY", "s_*", "ALPHA"],
      ["SORT", "l", "BY", "s_*", "ALPHA", "DESC"],
      ["SORT", "l", "BY", "s_*", "ALPHA", "STORE", "d"],
      range(),
    ],
  },
  {
    name: "BY nosort keeps list order; DESC walks from the tail; LIMIT takes a range",
    setup: [["RPUSH", "l", "c", "a", "d", "b", "e"]],
    commands: [
      ["SORT", "l", "BY", "nosort"],
      ["SORT", "l", "BY", "nosort", "DESC"],
      ["SORT", "l", "BY", "nosort", "LIMIT", "1", "2"],
      ["SORT", "l", "BY", "nosort", "LIMIT", "1", "2", "DESC"],
      ["SORT", "l", "BY", "nosort", "LIMIT", "3", "100", "DESC"],
      ["SORT", "l", "BY", "nosort", "LIMIT", "5", "1"],
      ["SORT", "l", "BY", "nosort", "LIMIT", "-2", "2"],
      ["SORT", "l", "BY", "nosort", "ALPHA"],
      ["SORT", "l", "BY", "", "DESC"],
      ["SORT", "l", "BY", "#"],
      ["SORT", "l", "BY", "nosort", "GET", "#", "GET", "x_*"],
      ["SORT", "l", "BY", "nosort", "STORE", "d", "DESC"],
      range(),
      ["SORT_RO", "l", "BY", "nosort", "DESC"],
    ],
  },
  {
    name: "a constant BY anywhere means no sort, whatever BY comes after; a * after a NUL is not a pattern",
    setup: [["RPUSH", "l", "3", "1", "2"], ["MSET", "w_1", "3", "w_2", "2", "w_3", "1"]],
    commands: [
      ["SORT", "l", "BY", "w_*", "BY", "nosort"],
      ["SORT", "l", "BY", "nosort", "BY", "w_*"],
      ["SORT", "l", "BY", "w_*", "BY", "w_*"],
      ["SORT", "l", "BY", latin1Bytes("w_\x00*")],
      ["SORT", "l", "BY", latin1Bytes("w_*\x00x")],
    ],
  },
  {
    name: "weights from keys past their TTL count as missing",
    setup: [["RPUSH", "l", "1", "2", "3"], ["MSET", "w_1", "3", "w_2", "2", "w_3", "1"], ["PEXPIREAT", "w_3", "1000"], ["EXPIREAT", "w_2", FUTURE_S]],
    commands: [["SORT", "l", "BY", "w_*"], ["SORT", "l", "GET", "w_*"], ["EXISTS", "w_3"]],
  },
];

// --- ties under a partial sort (pqsort) -----------------------------------------------------

/** `RPUSH l e0 e1 …` with `count` elements. */
function manyElements(count: number): Argv {
  return ["RPUSH", "l", ...Array.from({ length: count }, (_, i) => `e${i}`)];
}

/** Weights with many ties: element i weighs one of `kinds` letters, some missing. */
function tiedWeights(count: number, kinds: number): Argv {
  const pairs: string[] = [];
  for (let i = 0; i < count; i++) if (i % 7 !== 3) pairs.push(`w_e${i}`, String.fromCharCode(97 + ((i * 5) % kinds)));
  return ["MSET", ...pairs];
}

const pqsortCases: Case[] = [6, 7, 8, 30, 41, 60, 200].map((count) => ({
  name: `BY ALPHA with LIMIT over ${count} elements with tied weights (partial sort order)`,
  setup: [manyElements(count), tiedWeights(count, 3)],
  commands: [
    ["SORT", "l", "BY", "w_*", "ALPHA", "LIMIT", "0", "5"],
    ["SORT", "l", "BY", "w_*", "ALPHA", "LIMIT", "1", String(count - 1)],
    ["SORT", "l", "BY", "w_*", "ALPHA", "LIMIT", String(Math.floor(count / 2)), "4"],
    ["SORT", "l", "BY", "w_*", "ALPHA", "LIMIT", String(count - 3), "10", "DESC"],
    ["SORT", "l", "BY", "w_*", "ALPHA", "LIMIT", "0", String(count)],
    ["SORT", "l", "BY", "w_*", "ALPHA", "DESC"],
    ["SORT", "l", "BY", "missing_*", "ALPHA", "LIMIT", "2", "3"],
    ["SORT", "l", "BY", "w_*", "ALPHA", "LIMIT", "3", "4", "STORE", "d"],
    range(),
    ["SORT", "l", "BY", "w_*", "LIMIT", "1", "3"],
  ],
}));

// --- GET ------------------------------------------------------------------------------------

const getCases: Case[] = [
  {
    name: "GET # and patterns, several GETs per element, missing values are nil",
    setup: WEIGHTED,
    commands: [
      ["SORT", "l", "GET", "#"],
      ["SORT", "l", "GET", "n_*"],
      ["SORT", "l", "GET", "n_*", "GET", "#", "GET", "w_*", "GET", "h_*->name"],
      ["SORT", "l", "DESC", "GET", "h_*->name", "LIMIT", "1", "3"],
      ["SORT", "l", "GET", "constant"],
      ["SORT", "l", "GET", "h_*->missing"],
      ["SORT", "l", "GET", "h_*"],
      ["SORT", "l", "GET", "l"],
      ["SORT", "l", "GET", "#", "GET", "#"],
      ["SORT", "l", "BY", "w_*", "GET", "n_*", "ALPHA"],
    ],
  },
  {
    name: "GET # only when the pattern is exactly # (up to a NUL)",
    setup: [["RPUSH", "l", "2", "1"], ["MSET", "#1", "x", "#2", "y"]],
    commands: [
      ["SORT", "l", "GET", "##"],
      ["SORT", "l", "GET", "#*"],
      ["SORT", "l", "GET", latin1Bytes("#\x00x")],
      ["SORT", "l", "GET", latin1Bytes("\x00#*")],
      ["SORT", "l", "GET", ""],
    ],
  },
  {
    name: "GET in RESP3: nil is _",
    resp: 3,
    setup: WEIGHTED,
    commands: [
      ["SORT", "l", "GET", "#", "GET", "w_*"],
      ["SORT", "l", "BY", "w_*", "GET", "h_*->name"],
      ["SORT", "l", "ALPHA", "DESC"],
      ["SORT", "missing"],
      ["SORT", "l", "STORE", "d"],
      ["SORT", "l", "LIMIT", "x", "1"],
    ],
  },
  {
    name: "binary elements, keys and values round-trip",
    setup: [
      ["RPUSH", "l", latin1Bytes("\x00\r\n"), latin1Bytes("\xff\xfe")],
      ["SET", latin1Bytes("k\x00\r\n"), latin1Bytes("v\r\n\x00")],
      ["HSET", latin1Bytes("h\xff\xfe"), latin1Bytes("f\x00"), latin1Bytes("\x01\x02")],
    ],
    commands: [
      ["SORT", "l", "ALPHA", "GET", "#", "GET", "k*", "GET", latin1Bytes("h*->f\x00")],
      ["SORT", "l", "ALPHA", "GET", "k*", "GET", latin1Bytes("h*->f\x00"), "STORE", "d"],
      range(),
    ],
  },
];

// --- STORE ----------------------------------------------------------------------------------

const storeCases: Case[] = [
  {
    name: "STORE writes a quicklist and replies its length",
    setup: WEIGHTED,
    commands: [
      ["SORT", "l", "STORE", "d"],
      range(),
      ["TYPE", "d"],
      ["OBJECT", "ENCODING", "d"],
      ["SORT", "l", "BY", "w_*", "GET", "n_*", "GET", "h_*->name", "STORE", "d"],
      range(),
      ["SORT", "l", "GET", "#", "GET", "#", "LIMIT", "1", "2", "DESC", "STORE", "d"],
      range(),
      ["sort", "l", "store", "d", "store", "e"],
      ["EXISTS", "d"],
      range("e"),
    ],
  },
  {
    name: "STORE replaces any type and drops the destination's TTL",
    setup: [["RPUSH", "l", "2", "1"], ["SET", "str", "x"], ["SADD", "set", "a"], ["EXPIRE", "str", "1000"]],
    commands: [
      ["SORT", "l", "STORE", "str"],
      ["TYPE", "str"],
      ["TTL", "str"],
      ["SORT", "l", "STORE", "set"],
      range("set"),
      ["SORT", "l", "STORE", "l"],
      range("l"),
    ],
  },
  {
    name: "an empty result deletes the destination; nothing to delete is fine",
    setup: [["RPUSH", "l", "2", "1"], ["SET", "d", "x"], ["SET", "e", "x"], ["SET", "f", "x"]],
    commands: [
      ["SORT", "missing", "STORE", "d"],
      ["EXISTS", "d"],
      ["SORT", "l", "LIMIT", "0", "0", "STORE", "e"],
      ["EXISTS", "e"],
      ["SORT", "l", "LIMIT", "5", "5", "STORE", "f"],
      ["EXISTS", "f"],
      ["SORT", "missing", "STORE", "nothing"],
      ["DBSIZE"],
    ],
  },
  {
    name: "SORT_RO has no STORE; STORE needs a key",
    setup: [["RPUSH", "l", "2", "1"]],
    commands: [
      ["SORT_RO", "l", "STORE", "d"],
      ["SORT_RO", "l", "ALPHA", "STORE"],
      ["EXISTS", "d"],
      ["SORT", "l", "STORE"],
    ],
  },
];

// --- sets and sorted sets ---------------------------------------------------------------------

const setCases: Case[] = [
  {
    name: "an intset sorts numerically, ALPHA, BY, and BY nosort answers in intset order",
    setup: [["SADD", "s", "30", "-2", "100", "7", "0"], ["MSET", "w_30", "1", "w_-2", "2", "w_100", "3"]],
    commands: [
      ["SORT", "s"],
      ["SORT", "s", "DESC"],
      ["SORT", "s", "ALPHA"],
      ["SORT", "s", "BY", "w_*"],
      ["SORT", "s", "BY", "w_*", "ALPHA", "LIMIT", "0", "3"],
      ["SORT", "s", "BY", "nosort"],
      ["SORT", "s", "BY", "nosort", "DESC"],
      ["SORT", "s", "BY", "nosort", "LIMIT", "1", "2"],
      ["SORT", "s", "GET", "w_*", "GET", "#"],
      ["OBJECT", "ENCODING", "s"],
    ],
  },
  {
    name: "BY nosort on a set sorts ALPHA after all when the result is stored",
    setup: [["SADD", "s", "30", "-2", "100", "7", "0"], ["SADD", "h", "b", "c", "a", "10", "9"]],
    commands: [
      ["SORT", "s", "BY", "nosort", "STORE", "d"],
      range(),
      ["SORT", "s", "BY", "nosort", "DESC", "LIMIT", "1", "3", "STORE", "d"],
      range(),
      ["SORT", "h", "BY", "nosort", "STORE", "d", "GET", "#", "GET", "x_*"],
      range(),
      ["SORT", "h", "BY", "w_*", "BY", "nosort", "STORE", "d"],
      range(),
    ],
  },
  {
    name: "a hashtable set: sorted results are deterministic, BY nosort is not",
    setup: [["SADD", "s", "b", "10", "a", "-1", "c", "2.5", "B"]],
    commands: [
      ["SORT", "s", "ALPHA"],
      ["SORT", "s", "ALPHA", "DESC", "LIMIT", "1", "4"],
      ["SORT", "s"],
      unordered(["SORT", "s", "BY", "nosort"]),
      ["SREM", "s", "b", "a", "c", "B"],
      ["SORT", "s"],
      ["SORT", "s", "DESC", "GET", "#"],
    ],
  },
];

const sortedSetCases: Case[] = [
  {
    name: "a sorted set sorts by its members, not its scores",
    setup: [["ZADD", "z", "1", "30", "2", "-2", "3", "100", "4", "b", "5", "a"]],
    commands: [
      ["SORT", "z", "ALPHA"],
      ["SORT", "z", "ALPHA", "DESC"],
      ["ZREM", "z", "a", "b"],
      ["SORT", "z"],
      ["SORT", "z", "DESC", "LIMIT", "1", "1"],
    ],
  },
  {
    name: "BY nosort answers in score order, DESC from the highest, LIMIT by rank",
    setup: [["ZADD", "z", "5", "e", "1", "a", "3", "c", "2", "b", "4", "d"]],
    commands: [
      ["SORT", "z", "BY", "nosort"],
      ["SORT", "z", "BY", "nosort", "DESC"],
      ["SORT", "z", "BY", "nosort", "LIMIT", "1", "2"],
      ["SORT", "z", "BY", "nosort", "LIMIT", "1", "2", "DESC"],
      ["SORT", "z", "BY", "nosort", "LIMIT", "3", "100", "DESC"],
      ["SORT", "z", "BY", "nosort", "LIMIT", "5", "1"],
      ["SORT", "z", "BY", "nosort", "GET", "#", "GET", "x_*"],
      ["SORT", "z", "BY", "nosort", "STORE", "d"],
      range(),
      ["SORT_RO", "z", "BY", "nosort", "DESC", "LIMIT", "0", "2"],
    ],
  },
  {
    name: "SORT turns a listpack sorted set into a skiplist for good",
    setup: [["ZADD", "z", "1", "a", "2", "b"], ["ZADD", "y", "1", "a"]],
    commands: [
      ["OBJECT", "ENCODING", "z"],
      ["SORT", "z", "BY", "nosort"],
      ["OBJECT", "ENCODING", "z"],
      ["ZRANGE", "z", "0", "-1", "WITHSCORES"],
      ["SORT_RO", "y", "ALPHA"],
      ["OBJECT", "ENCODING", "y"],
      ["SORT", "y", "LIMIT", "x", "1"],
      ["OBJECT", "ENCODING", "y"],
    ],
  },
  {
    name: "a sorted set BY weights, numeric and ALPHA",
    setup: [["ZADD", "z", "1", "a", "2", "b", "3", "c"], ["MSET", "w_a", "3", "w_b", "1", "w_c", "2", "s_a", "y", "s_b", "z", "s_c", "x"]],
    commands: [
      ["SORT", "z", "BY", "w_*"],
      ["SORT", "z", "BY", "s_*", "ALPHA", "DESC"],
      ["SORT", "z", "BY", "w_*", "LIMIT", "1", "1", "GET", "s_*"],
    ],
  },
];

// --- syntax and declarations -----------------------------------------------------------------

const syntaxCases: Case[] = [
  {
    name: "unknown words and keywords missing their argument are syntax errors, before the type check",
    setup: [["RPUSH", "l", "1"], ["SET", "str", "x"]],
    commands: [
      ["SORT", "l", "BOGUS"],
      ["SORT", "l", "BY"],
      ["SORT", "l", "GET"],
      ["SORT", "l", "ALPHA", "GET"],
      ["SORT", "l", "DESC", "BY"],
      ["SORT", "l", "NOSORT"],
      ["SORT", "str", "BOGUS"],
      ["SORT", "str", "GET"],
      ["SORT", "l", "GET", "#", "BOGUS"],
      ["SORT", "l", "LIMIT", "0", "1", "2"],
      ["SORT_RO", "l", "BOGUS"],
    ],
  },
  {
    name: "arity",
    commands: [["SORT"], ["SORT_RO"], ["sort"]],
  },
  {
    name: "COMMAND GETKEYS finds the key and the STORE destination",
    commands: [
      ["COMMAND", "GETKEYS", "SORT", "k"],
      ["COMMAND", "GETKEYS", "SORT", "k", "BY", "w_*", "GET", "#", "STORE", "dst"],
      ["COMMAND", "GETKEYS", "SORT", "k", "LIMIT", "0", "1", "store", "dst", "ALPHA"],
      ["COMMAND", "GETKEYS", "SORT_RO", "k", "ALPHA"],
      ["COMMAND", "GETKEYSANDFLAGS", "SORT", "k", "STORE", "dst"],
    ],
  },
  {
    name: "COMMAND GETKEYS: the last STORE with a word after it; STORE as LIMIT's, BY's or GET's value is skipped",
    commands: [
      ["COMMAND", "GETKEYS", "SORT", "k", "STORE"],
      ["COMMAND", "GETKEYS", "SORT", "k", "STORE", "d", "STORE", "e"],
      ["COMMAND", "GETKEYS", "SORT", "k", "STORE", "d", "STORE"],
      ["COMMAND", "GETKEYS", "SORT", "k", "BY", "STORE", "STORE", "d"],
      ["COMMAND", "GETKEYS", "SORT", "k", "GET", "STORE", "d"],
      ["COMMAND", "GETKEYS", "SORT", "k", "GET", "#", "GET", "STORE", "LIMIT", "0", "1"],
      ["COMMAND", "GETKEYS", "SORT", "k", "LIMIT", "STORE", "d", "STORE", "e"],
      ["COMMAND", "GETKEYS", "SORT", "k", "LIMIT", "STORE", "STORE", "d"],
      ["COMMAND", "GETKEYS", "SORT", "k", "BY", "STORE", "d"],
      ["COMMAND", "GETKEYS", "SORT", "k", "LIMIT", "0"],
      ["COMMAND", "GETKEYS", "SORT", "k", "ALPHA", "STORE", "d", "bogus"],
      ["COMMAND", "GETKEYSANDFLAGS", "SORT", "k", "BY", "w_*", "STORE", "d"],
      ["COMMAND", "GETKEYSANDFLAGS", "SORT_RO", "k", "BY", "w_*", "GET", "#"],
      ["COMMAND", "GETKEYS", "SORT_RO", "k", "STORE", "d"],
    ],
  },
  {
    name: "COMMAND GETKEYS compares keywords up to a NUL, in any case",
    commands: [
      ["COMMAND", "GETKEYS", "SORT", "k", "store\0x", "d"],
      ["COMMAND", "GETKEYS", "SORT", "k", "limit\0", "STORE", "d"],
      ["COMMAND", "GETKEYS", "SORT", "k", "limit\0", "STORE", "d", "sToRe", "e"],
      ["COMMAND", "GETKEYS", "SORT", "k", "by\0y", "STORE", "d"],
      ["COMMAND", "GETKEYS", "SORT", "k", "Get\0", "STORE", "d"],
    ],
  },
  {
    name: "COMMAND GETKEYS: SORT's arity",
    commands: [
      ["COMMAND", "GETKEYS", "SORT"],
      ["COMMAND", "GETKEYS", "SORT_RO"],
    ],
  },
  {
    name: "inside MULTI",
    setup: [["RPUSH", "l", "2", "1"]],
    commands: [["MULTI"], ["SORT", "l", "STORE", "d"], ["SORT", "d", "DESC"], ["SORT", "d", "BOGUS"], ["EXEC"]],
  },
];

// --- keyspace hits and misses ----------------------------------------------------------------

const statsCases: Case[] = [
  {
    name: "every BY and GET lookup counts as a hit or a miss; BY nosort looks nothing up",
    setup: [...WEIGHTED, ["CONFIG", "RESETSTAT"]],
    commands: [
      ["SORT", "l", "BY", "w_*", "GET", "n_*", "GET", "#", "GET", "h_*->name", "GET", "nothing"],
      KEYSPACE_HITS_AND_MISSES,
      ["SORT", "l", "BY", "nosort", "LIMIT", "1", "2", "GET", "w_*"],
      KEYSPACE_HITS_AND_MISSES,
      ["SORT", "missing", "BY", "w_*", "GET", "w_*"],
      KEYSPACE_HITS_AND_MISSES,
      ["SORT", "l", "BY", "w_*", "ALPHA", "STORE", "d", "GET", "h_*->w"],
      KEYSPACE_HITS_AND_MISSES,
    ],
  },
];

// --- keyspace events ---------------------------------------------------------------------------

const SUBSCRIBE_ALL = frames(1, "PSUBSCRIBE", "__key*__:*");
const NOTIFY_ALL: Argv = ["CONFIG", "SET", "notify-keyspace-events", "KEA"];

const eventCases: Case[] = [
  {
    name: "STORE fires sortstore; an empty result fires del when it deletes; SORT alone fires nothing",
    resp: 3,
    setup: [NOTIFY_ALL, ["RPUSH", "l", "2", "1"], ["SET", "old", "x"], ["SET", "gone", "x"]],
    commands: [
      SUBSCRIBE_ALL,
      frames(3, "SORT", "l", "STORE", "d"),
      frames(3, "SORT", "l", "STORE", "old"),
      frames(3, "SORT", "missing", "STORE", "gone"),
      frames(1, "SORT", "missing", "STORE", "gone"),
      frames(1, "SORT", "l"),
      frames(1, "SORT", "l", "BY", "nokey_*", "GET", "nokey_*"),
    ],
  },
];

differentialSuite("SORT: lists, numeric and ALPHA", listCases);
differentialSuite("SORT: LIMIT", limitCases);
differentialSuite("SORT: BY", byCases);
differentialSuite("SORT: ties under a partial sort", pqsortCases);
differentialSuite("SORT: GET", getCases);
differentialSuite("SORT: STORE", storeCases);
differentialSuite("SORT: sets", setCases);
differentialSuite("SORT: sorted sets", sortedSetCases);
differentialSuite("SORT: syntax, arity, keys", syntaxCases);
differentialSuite("SORT: keyspace hits and misses", statsCases);
differentialSuite("SORT: keyspace events", eventCases);
