// The sorted set group (t_zset.c) against a real redis-server: every command with each option
// and error, scores at their edges (inf, -0, 0.1's 17 digits, exclusive bounds, hex, spaces),
// binary members, listpack and skiplist encodings (their conversions, and replies whose order
// depends on them), in RESP2 and RESP3. Random commands compare only what is deterministic.

import { differentialSuite, type Case } from "../support/differential.ts";
import { latin1Bytes, type Argv } from "../support/resp-client.ts";
import { seededRandom } from "../support/random.ts";
import { ALL_BYTES, objectEncoding } from "../support/values.ts";

const abc: Argv = ["ZADD", "z", "1", "a", "2", "b", "3", "c"];
/** Members a..e with scores 1..5 (listpack). */
const five: Argv = ["ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"];
/** Equal scores: ordered by member bytes (the lex commands need that). */
const lex: Argv = ["ZADD", "l", "0", "a", "0", "b", "0", "c", "0", "d", "0", "e", "0", "f", "0", "g", "0", ""];
/** Forces the skiplist encoding for every set created after it on the connection's server. */
const SKIPLIST: Argv = ["CONFIG", "SET", "zset-max-listpack-entries", "0"];
const RESET_LISTPACK: Argv = ["CONFIG", "SET", "zset-max-listpack-entries", "128"];

/** The same case once with listpack sets and once with skiplist ones (same replies expected). */
function bothEncodings(c: Case): Case[] {
  return [
    { ...c, name: `${c.name} (listpack)`, setup: [RESET_LISTPACK, ...(c.setup ?? [])] },
    { ...c, name: `${c.name} (skiplist)`, setup: [SKIPLIST, ...(c.setup ?? [])], commands: [...c.commands, RESET_LISTPACK] },
  ];
}

/** Both protocols too. */
function everyWay(c: Case): Case[] {
  return bothEncodings(c).flatMap((x) => [x, { ...x, name: `${x.name} RESP3`, resp: 3 as const }]);
}

// --- ZADD / ZINCRBY ------------------------------------------------------------------------------

const zaddCases: Case[] = [
  ...everyWay({
    name: "ZADD then read back",
    commands: [abc, ["ZADD", "z", "1.5", "x"], ["ZRANGE", "z", "0", "-1", "WITHSCORES"], ["ZCARD", "z"], ["TYPE", "z"]],
  }),
  ...everyWay({
    name: "ZADD flags NX XX GT LT CH",
    setup: [abc],
    commands: [
      ["ZADD", "z", "NX", "10", "a", "4", "d"],
      ["ZADD", "z", "XX", "10", "a", "5", "e"],
      ["ZADD", "z", "XX", "CH", "11", "a", "5", "e"],
      ["ZADD", "z", "GT", "CH", "1", "a", "20", "b", "6", "f"],
      ["ZADD", "z", "LT", "CH", "100", "a", "0", "b"],
      ["ZADD", "z", "XX", "GT", "CH", "100", "a", "1", "c", "9", "nope"],
      ["ZADD", "z", "ch", "xx", "lt", "-1", "c"],
      ["ZADD", "z", "CH", "3", "c", "3", "c"],
      ["ZADD", "z", "CH", "-1", "c"],
      ["ZRANGE", "z", "0", "-1", "WITHSCORES"],
    ],
  }),
  ...everyWay({
    name: "ZADD INCR and ZINCRBY",
    setup: [abc],
    commands: [
      ["ZADD", "z", "INCR", "2.5", "a"],
      ["ZADD", "z", "INCR", "1", "new"],
      ["ZADD", "z", "NX", "INCR", "1", "a"],
      ["ZADD", "z", "XX", "INCR", "1", "nope"],
      ["ZADD", "z", "GT", "INCR", "-1", "a"],
      ["ZADD", "z", "LT", "INCR", "-1", "a"],
      ["ZADD", "z", "GT", "INCR", "0", "a"],
      ["ZINCRBY", "z", "-10", "b"],
      ["ZINCRBY", "z", "0.1", "c"],
      ["ZINCRBY", "z", "1e300", "c"],
      ["ZINCRBY", "z", "1e308", "c"],
      ["ZINCRBY", "z", "1e308", "c"],
      ["ZINCRBY", "z", "-inf", "c"],
      ["ZINCRBY", "z", "inf", "b"],
      ["ZINCRBY", "nokey", "5", "m"],
      ["ZRANGE", "z", "0", "-1", "WITHSCORES"],
    ],
  }),
  ...everyWay({
    name: "NaN results are refused",
    setup: [["ZADD", "z", "inf", "a", "-inf", "b"]],
    commands: [
      ["ZINCRBY", "z", "-inf", "a"],
      ["ZADD", "z", "INCR", "+inf", "b"],
      ["ZADD", "z", "INCR", "inf", "a"],
      ["ZSCORE", "z", "a"],
      ["ZADD", "z", "nan", "a"],
      ["ZINCRBY", "z", "nan", "a"],
      ["ZRANGE", "z", "0", "-1", "WITHSCORES"],
    ],
  }),
  {
    name: "ZADD option and pair errors",
    commands: [
      ["ZADD", "k"],
      ["ZADD", "k", "1"],
      ["ZADD", "k", "NX"],
      ["ZADD", "k", "NX", "1"],
      ["ZADD", "k", "1", "a", "2"],
      ["ZADD", "k", "NX", "XX", "1", "a"],
      ["ZADD", "k", "GT", "LT", "1", "a"],
      ["ZADD", "k", "GT", "NX", "1", "a"],
      ["ZADD", "k", "LT", "NX", "1", "a"],
      ["ZADD", "k", "XX", "NX", "x", "a"],
      ["ZADD", "k", "INCR", "1", "a", "2", "b"],
      ["ZADD", "k", "INCR", "x", "a", "1"],
      ["ZADD", "k", "x", "a"],
      ["ZADD", "k", "1", "a", "x", "b"],
      ["ZADD", "k", "1", "a", "nx", "b"],
      ["ZADD", "k", "", "a"],
      ["ZADD", "k", " 1", "a"],
      ["ZADD", "k", "1 ", "a"],
      ["ZADD", "k", "1e400", "a"],
      ["ZADD", "k", "1", "a", "NX", "b"],
      ["EXISTS", "k"],
      ["ZINCRBY", "k", "x", "a"],
      ["ZINCRBY", "k", "nx", "a"],
      ["ZINCRBY", "k", "incr", "a"],
      ["ZINCRBY", "k", "1"],
      ["ZINCRBY", "k", "1", "a", "b"],
      ["EXISTS", "k"],
    ],
  },
  {
    name: "score formats: 17 digits, exponents, hex, -0, tiny, huge",
    commands: [
      ["ZADD", "z", "0.1", "a", "1e20", "b", "-0", "c", "5e-324", "d", "0x10", "e", "+1.5", "f", "1E3", "g", "-1.7976931348623157e308", "h", "123456789012345678", "i"],
      ["ZRANGE", "z", "0", "-1", "WITHSCORES"],
      ["ZSCORE", "z", "c"],
      ["ZMSCORE", "z", "a", "c", "nope"],
      ["ZINCRBY", "z", "-0", "c"],
      ["ZINCRBY", "z", "-0", "newzero"],
      ["ZSCORE", "z", "newzero"],
    ],
  },
  {
    name: "-0 is kept by a skiplist only",
    setup: [SKIPLIST],
    commands: [["ZADD", "z", "-0", "c", "0.5", "x"], ["ZSCORE", "z", "c"], ["ZRANGE", "z", "0", "-1", "WITHSCORES"], ["ZINCRBY", "z", "-0", "c"], RESET_LISTPACK],
  },
  {
    name: "binary members and the empty member",
    commands: [
      ["ZADD", "z", "1", ALL_BYTES, "1", "", "1", latin1Bytes("a\r\nb\x00"), "1", latin1Bytes("\xff"), "1", latin1Bytes("a\x00")],
      ["ZRANGE", "z", "0", "-1", "WITHSCORES"],
      ["ZSCORE", "z", ALL_BYTES],
      ["ZRANK", "z", latin1Bytes("\xff")],
      ["ZRANGEBYLEX", "z", "-", "+"],
      ["ZRANGEBYLEX", "z", "[a", latin1Bytes("(a\x00")],
      ["ZREM", "z", ""],
      ["ZRANGE", "z", "0", "0"],
    ],
  },
  {
    name: "ZADD on a key of another type",
    setup: [["SET", "s", "x"]],
    commands: [["ZADD", "s", "1", "a"], ["ZADD", "s", "XX", "1", "a"], ["ZINCRBY", "s", "1", "a"], ["ZADD", "s", "x", "a"], ["ZADD", "s", "NX", "XX", "1", "a"]],
  },
  {
    name: "ZADD XX on a missing key creates nothing",
    commands: [["ZADD", "k", "XX", "1", "a"], ["ZADD", "k", "XX", "INCR", "1", "a"], ["EXISTS", "k"]],
  },
];

// --- encodings ------------------------------------------------------------------------------------

const encodingCases: Case[] = [
  {
    name: "listpack until 128 entries, skiplist past it, never back",
    setup: [["ZADD", "z", ...Array.from({ length: 128 }, (_, i) => [String(i), `m${i}`]).flat()]],
    commands: [objectEncoding("z"), ["ZADD", "z", "1000", "one-more"], objectEncoding("z"), ["ZREM", "z", "one-more", "m0", "m1"], objectEncoding("z"), ["ZCARD", "z"]],
  },
  {
    name: "a member past 64 bytes converts; on a new key too",
    commands: [
      ["ZADD", "z", "1", "a"],
      objectEncoding("z"),
      ["ZADD", "z", "2", "x".repeat(64)],
      objectEncoding("z"),
      ["ZADD", "z", "3", "x".repeat(65)],
      objectEncoding("z"),
      ["ZADD", "new", "1", "y".repeat(65)],
      objectEncoding("new"),
      ["ZADD", "new2", "1", "short", "2", "y".repeat(65)],
      objectEncoding("new2"),
      ["ZINCRBY", "new3", "1", "y".repeat(65)],
      objectEncoding("new3"),
    ],
  },
  {
    name: "zset-max-listpack-entries 0 and 1, -value 0",
    commands: [
      ["CONFIG", "SET", "zset-max-listpack-entries", "1"],
      ["ZADD", "one", "1", "a"],
      objectEncoding("one"),
      ["ZADD", "one", "2", "b"],
      objectEncoding("one"),
      SKIPLIST,
      ["ZADD", "zero", "1", "a"],
      objectEncoding("zero"),
      RESET_LISTPACK,
      ["CONFIG", "SET", "zset-max-listpack-value", "0"],
      ["ZADD", "v", "1", "", "2", "a"],
      objectEncoding("v"),
      ["CONFIG", "SET", "zset-max-listpack-value", "64"],
    ],
  },
  {
    name: "ZRANGESTORE builds a listpack that converts as it fills",
    setup: [["ZADD", "big", ...Array.from({ length: 200 }, (_, i) => [String(i), `m${i}`]).flat()], ["ZADD", "long", "1", "z".repeat(100), "2", "a"]],
    commands: [
      objectEncoding("big"),
      ["ZRANGESTORE", "d1", "big", "0", "9"],
      objectEncoding("d1"),
      ["ZRANGESTORE", "d2", "big", "0", "149"],
      objectEncoding("d2"),
      ["ZRANGESTORE", "d3", "long", "0", "-1"],
      objectEncoding("d3"),
      ["ZRANGESTORE", "d4", "long", "1", "1"],
      objectEncoding("d4"),
    ],
  },
  {
    name: "COPY keeps the encoding",
    setup: [abc, ["ZADD", "big", ...Array.from({ length: 200 }, (_, i) => [String(i), `m${i}`]).flat()]],
    commands: [["COPY", "z", "z2"], objectEncoding("z2"), ["ZRANGE", "z2", "0", "-1", "WITHSCORES"], ["COPY", "big", "big2"], objectEncoding("big2"), ["ZRANGE", "big2", "0", "4", "WITHSCORES"], ["ZCARD", "big2"]],
  },
];

// --- reads ---------------------------------------------------------------------------------------

const readCases: Case[] = [
  ...everyWay({
    name: "ZSCORE ZMSCORE ZRANK ZREVRANK ZCARD",
    setup: [five],
    commands: [
      ["ZSCORE", "z", "c"],
      ["ZSCORE", "z", "nope"],
      ["ZSCORE", "nokey", "a"],
      ["ZMSCORE", "z", "a", "nope", "e"],
      ["ZMSCORE", "nokey", "a", "b"],
      ["ZRANK", "z", "a"],
      ["ZRANK", "z", "e"],
      ["ZRANK", "z", "nope"],
      ["ZRANK", "nokey", "a"],
      ["ZREVRANK", "z", "a"],
      ["ZREVRANK", "z", "e"],
      ["ZREVRANK", "z", "nope"],
      ["ZCARD", "z"],
      ["ZCARD", "nokey"],
    ],
  }),
  {
    name: "reads on a key of another type, and arity",
    setup: [["SET", "s", "x"]],
    commands: [
      ["ZSCORE", "s", "a"],
      ["ZMSCORE", "s", "a"],
      ["ZRANK", "s", "a"],
      ["ZREVRANK", "s", "a"],
      ["ZCARD", "s"],
      ["ZCOUNT", "s", "0", "1"],
      ["ZCOUNT", "s", "x", "1"],
      ["ZLEXCOUNT", "s", "-", "+"],
      ["ZRANGE", "s", "0", "1"],
      ["ZRANGE", "s", "x", "1"],
      ["ZRANGEBYSCORE", "s", "0", "1"],
      ["ZRANGEBYLEX", "s", "-", "+"],
      ["ZRANGESTORE", "d", "s", "0", "1"],
      ["ZRANDMEMBER", "s"],
      ["ZRANDMEMBER", "s", "2"],
      ["ZSCAN", "s", "0"],
      ["ZSCAN", "s", "x"],
      ["ZSCAN", "s", "0", "COUNT", "0"],
      ["ZPOPMIN", "s"],
      ["ZPOPMAX", "s", "0"],
      ["ZMPOP", "1", "s", "MIN"],
      ["BZPOPMIN", "s", "0"],
      ["BZMPOP", "0", "1", "s", "MAX"],
      ["ZREM", "s", "a"],
      ["ZREMRANGEBYRANK", "s", "0", "1"],
      ["ZREMRANGEBYSCORE", "s", "0", "1"],
      ["ZREMRANGEBYLEX", "s", "-", "+"],
      ["ZSCORE", "s"],
      ["ZMSCORE", "s"],
      ["ZRANK", "s", "a", "b"],
      ["ZCARD", "s", "x"],
      ["ZREM", "s"],
      ["ZRANGE", "s", "0"],
      ["ZRANGESTORE", "d", "s", "0"],
      ["ZCOUNT", "s", "0"],
      ["ZPOPMIN"],
      ["ZRANDMEMBER"],
      ["ZSCAN", "s"],
      ["ZMPOP", "1", "s"],
      ["BZPOPMIN", "s"],
      ["BZMPOP", "0", "1", "s"],
    ],
  },
  ...bothEncodings({
    name: "ZCOUNT with every bound form",
    setup: [five, ["ZADD", "z", "-inf", "ninf", "inf", "pinf"]],
    commands: [
      ["ZCOUNT", "z", "-inf", "+inf"],
      ["ZCOUNT", "z", "2", "4"],
      ["ZCOUNT", "z", "(2", "4"],
      ["ZCOUNT", "z", "2", "(4"],
      ["ZCOUNT", "z", "(2", "(3"],
      ["ZCOUNT", "z", "(3", "(3"],
      ["ZCOUNT", "z", "3", "3"],
      ["ZCOUNT", "z", "4", "2"],
      ["ZCOUNT", "z", "(-inf", "(inf"],
      ["ZCOUNT", "z", "-INF", "INFINITY"],
      ["ZCOUNT", "z", " 2", "0x4"],
      ["ZCOUNT", "z", "", "10"],
      ["ZCOUNT", "z", "(", "3"],
      ["ZCOUNT", "z", "2.5", "1e1"],
      ["ZCOUNT", "z", "6", "10"],
      ["ZCOUNT", "z", "1e400", "-1e400"],
      ["ZCOUNT", "z", "-1e400", "1e400"],
      ["ZCOUNT", "z", "x", "1"],
      ["ZCOUNT", "z", "1", "x"],
      ["ZCOUNT", "z", "nan", "1"],
      ["ZCOUNT", "z", "(nan", "1"],
      ["ZCOUNT", "z", "1 ", "2"],
      ["ZCOUNT", "z", "((1", "2"],
      ["ZCOUNT", "z", "[1", "2"],
      ["ZCOUNT", "z", latin1Bytes("1\x00junk"), "2"],
      ["ZCOUNT", "nokey", "0", "1"],
      ["ZCOUNT", "nokey", "x", "1"],
    ],
  }),
  ...bothEncodings({
    name: "ZLEXCOUNT with every bound form",
    setup: [lex],
    commands: [
      ["ZLEXCOUNT", "l", "-", "+"],
      ["ZLEXCOUNT", "l", "+", "-"],
      ["ZLEXCOUNT", "l", "-", "-"],
      ["ZLEXCOUNT", "l", "+", "+"],
      ["ZLEXCOUNT", "l", "[b", "[d"],
      ["ZLEXCOUNT", "l", "(b", "(d"],
      ["ZLEXCOUNT", "l", "(b", "[b"],
      ["ZLEXCOUNT", "l", "[b", "[b"],
      ["ZLEXCOUNT", "l", "[", "(b"],
      ["ZLEXCOUNT", "l", "(", "+"],
      ["ZLEXCOUNT", "l", "[aa", "[zz"],
      ["ZLEXCOUNT", "l", "[d", "[b"],
      ["ZLEXCOUNT", "l", "b", "[d"],
      ["ZLEXCOUNT", "l", "[b", "d"],
      ["ZLEXCOUNT", "l", "", "+"],
      ["ZLEXCOUNT", "l", "-x", "+"],
      ["ZLEXCOUNT", "l", "++", "+"],
      ["ZLEXCOUNT", "l", latin1Bytes("-\x00x"), "+"],
      ["ZLEXCOUNT", "nokey", "-", "+"],
      ["ZLEXCOUNT", "nokey", "x", "+"],
    ],
  }),
];

// --- the ZRANGE family -----------------------------------------------------------------------------

const rangeCases: Case[] = [
  ...everyWay({
    name: "ZRANGE by rank",
    setup: [five],
    commands: [
      ["ZRANGE", "z", "0", "-1"],
      ["ZRANGE", "z", "0", "-1", "WITHSCORES"],
      ["ZRANGE", "z", "1", "2", "withscores"],
      ["ZRANGE", "z", "-2", "-1"],
      ["ZRANGE", "z", "-100", "100"],
      ["ZRANGE", "z", "3", "1"],
      ["ZRANGE", "z", "5", "10"],
      ["ZRANGE", "z", "-1", "-2"],
      ["ZRANGE", "z", "0", "-6"],
      ["ZRANGE", "z", "0", "9223372036854775807"],
      ["ZRANGE", "z", "-9223372036854775808", "0"],
      ["ZRANGE", "z", "0", "-1", "REV"],
      ["ZRANGE", "z", "1", "2", "REV", "WITHSCORES"],
      ["ZRANGE", "z", "0", "0", "WITHSCORES", "WITHSCORES", "REV", "REV"],
      ["ZREVRANGE", "z", "0", "-1"],
      ["ZREVRANGE", "z", "1", "-2", "WITHSCORES"],
      ["ZREVRANGE", "z", "-1", "-1"],
      ["ZRANGE", "nokey", "0", "-1"],
      ["ZRANGE", "nokey", "0", "-1", "WITHSCORES"],
    ],
  }),
  ...everyWay({
    name: "ZRANGE BYSCORE and the legacy forms",
    setup: [five],
    commands: [
      ["ZRANGE", "z", "2", "4", "BYSCORE"],
      ["ZRANGE", "z", "(2", "+inf", "BYSCORE", "WITHSCORES"],
      ["ZRANGE", "z", "4", "2", "BYSCORE", "REV"],
      ["ZRANGE", "z", "2", "4", "BYSCORE", "REV"],
      ["ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "1", "2"],
      ["ZRANGE", "z", "+inf", "-inf", "BYSCORE", "REV", "LIMIT", "1", "2", "WITHSCORES"],
      ["ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "0", "-1"],
      ["ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "0", "0"],
      ["ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "-1", "2"],
      ["ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "5", "2"],
      ["ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "4", "2"],
      ["ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "1", "1", "LIMIT", "2", "2"],
      ["ZRANGE", "z", "(1", "(5", "BYSCORE", "LIMIT", "1", "10"],
      ["ZRANGEBYSCORE", "z", "-inf", "+inf"],
      ["ZRANGEBYSCORE", "z", "2", "(4", "WITHSCORES"],
      ["ZRANGEBYSCORE", "z", "-inf", "+inf", "LIMIT", "2", "2", "WITHSCORES"],
      ["ZRANGEBYSCORE", "z", "(1", "5", "withscores", "limit", "0", "1"],
      ["ZRANGEBYSCORE", "z", "5", "1"],
      ["ZREVRANGEBYSCORE", "z", "+inf", "-inf"],
      ["ZREVRANGEBYSCORE", "z", "4", "(2", "WITHSCORES"],
      ["ZREVRANGEBYSCORE", "z", "2", "4"],
      ["ZREVRANGEBYSCORE", "z", "+inf", "-inf", "LIMIT", "1", "3"],
      ["ZRANGEBYSCORE", "nokey", "0", "1", "WITHSCORES"],
    ],
  }),
  ...bothEncodings({
    name: "ZRANGE BYLEX and the legacy forms",
    setup: [lex],
    commands: [
      ["ZRANGE", "l", "-", "+", "BYLEX"],
      ["ZRANGE", "l", "[b", "(e", "BYLEX"],
      ["ZRANGE", "l", "+", "-", "BYLEX", "REV"],
      ["ZRANGE", "l", "(e", "[b", "BYLEX", "REV", "LIMIT", "1", "2"],
      ["ZRANGE", "l", "-", "+", "BYLEX", "LIMIT", "2", "3"],
      ["ZRANGE", "l", "-", "+", "BYLEX", "LIMIT", "-1", "3"],
      ["ZRANGE", "l", "-", "+", "BYLEX", "LIMIT", "100", "3"],
      ["ZRANGEBYLEX", "l", "-", "+"],
      ["ZRANGEBYLEX", "l", "[", "[a"],
      ["ZRANGEBYLEX", "l", "(a", "[c", "LIMIT", "0", "1"],
      ["ZRANGEBYLEX", "l", "[c", "[a"],
      ["ZREVRANGEBYLEX", "l", "+", "-"],
      ["ZREVRANGEBYLEX", "l", "[c", "(a"],
      ["ZREVRANGEBYLEX", "l", "+", "-", "LIMIT", "2", "2"],
      ["ZREVRANGEBYLEX", "l", "-", "+"],
      ["ZRANGEBYLEX", "nokey", "-", "+"],
    ],
  }),
  {
    name: "lex ranges over mixed scores follow the listpack's scans",
    setup: [["ZADD", "m", "1", "d", "2", "a", "3", "c", "4", "b", "5", "e", "6", "a0"]],
    commands: [
      ["ZRANGEBYLEX", "m", "[b", "[d"],
      ["ZREVRANGEBYLEX", "m", "[d", "[b"],
      ["ZRANGEBYLEX", "m", "(a", "+"],
      ["ZREVRANGEBYLEX", "m", "+", "(a"],
      ["ZLEXCOUNT", "m", "[b", "[d"],
      ["ZLEXCOUNT", "m", "-", "(c"],
      ["ZRANGE", "m", "[c", "[e", "BYLEX", "LIMIT", "1", "2"],
      ["ZREMRANGEBYLEX", "m", "[c", "[e"],
      ["ZRANGE", "m", "0", "-1"],
    ],
  },
  {
    name: "ZRANGE option errors, in Redis's order",
    setup: [five],
    commands: [
      ["ZRANGE", "z", "0", "-1", "BYSCORE", "BYLEX"],
      ["ZRANGE", "z", "0", "-1", "BYLEX", "BYSCORE"],
      ["ZRANGE", "z", "0", "-1", "BYSCORE", "BYSCORE"],
      ["ZRANGE", "z", "0", "-1", "LIMIT", "0", "1"],
      ["ZRANGE", "z", "0", "-1", "LIMIT", "0"],
      ["ZRANGE", "z", "0", "-1", "LIMIT"],
      ["ZRANGE", "z", "0", "-1", "LIMIT", "x", "1"],
      ["ZRANGE", "z", "0", "-1", "LIMIT", "1", "x"],
      ["ZRANGE", "z", "0", "-1", "LIMIT", "x", "1", "BOGUS"],
      ["ZRANGE", "z", "0", "-1", "BOGUS", "LIMIT", "x", "1"],
      ["ZRANGE", "z", "x", "-1", "LIMIT", "0", "1"],
      ["ZRANGE", "z", "0", "-1", "LIMIT", "0", "-1"],
      ["ZRANGE", "z", "-", "+", "BYLEX", "WITHSCORES"],
      ["ZRANGE", "z", "-", "+", "BYLEX", "WITHSCORES", "LIMIT", "x", "1"],
      ["ZRANGE", "z", "x", "y", "BYLEX", "WITHSCORES"],
      ["ZRANGE", "z", "x", "1"],
      ["ZRANGE", "z", "1", "x"],
      ["ZRANGE", "z", "1.5", "2"],
      ["ZRANGE", "z", "x", "1", "BYSCORE"],
      ["ZRANGE", "z", "x", "1", "BYLEX"],
      ["ZRANGE", "z", "-", "x", "BYLEX"],
      ["ZRANGE", "nokey", "x", "1"],
      ["ZRANGE", "nokey", "0", "1", "BOGUS"],
      ["ZRANGE", "z", "0", "1", "WITHSCORE"],
      ["ZREVRANGE", "z", "0", "-1", "BYSCORE"],
      ["ZREVRANGE", "z", "0", "-1", "REV"],
      ["ZREVRANGE", "z", "0", "-1", "LIMIT", "0", "1"],
      ["ZRANGEBYSCORE", "z", "0", "1", "BYLEX"],
      ["ZRANGEBYSCORE", "z", "0", "1", "REV"],
      ["ZRANGEBYSCORE", "z", "0", "1", "LIMIT", "0"],
      ["ZRANGEBYSCORE", "z", "x", "1"],
      ["ZRANGEBYLEX", "z", "-", "+", "WITHSCORES"],
      ["ZRANGEBYLEX", "z", "x", "+"],
      ["ZREVRANGEBYLEX", "z", "-", "x"],
      ["ZREVRANGEBYSCORE", "z", "x", "1"],
    ],
  },
  ...bothEncodings({
    name: "ZRANGESTORE",
    setup: [five, lex, ["SET", "str", "x"], ["ZADD", "old", "9", "gone"], ["EXPIRE", "old", "1000"]],
    commands: [
      ["ZRANGESTORE", "d", "z", "0", "-1"],
      ["ZRANGE", "d", "0", "-1", "WITHSCORES"],
      ["ZRANGESTORE", "d", "z", "1", "2", "REV"],
      ["ZRANGE", "d", "0", "-1", "WITHSCORES"],
      ["ZRANGESTORE", "d", "z", "(2", "inf", "BYSCORE", "LIMIT", "1", "5"],
      ["ZRANGE", "d", "0", "-1", "WITHSCORES"],
      ["ZRANGESTORE", "d", "l", "[b", "[d", "BYLEX"],
      ["ZRANGE", "d", "0", "-1", "WITHSCORES"],
      ["ZRANGESTORE", "str", "z", "0", "0"],
      ["TYPE", "str"],
      ["ZRANGESTORE", "old", "z", "0", "0"],
      ["TTL", "old"],
      ["ZRANGESTORE", "d", "z", "10", "20"],
      ["EXISTS", "d"],
      ["ZRANGESTORE", "z", "z", "0", "1"],
      ["ZRANGE", "z", "0", "-1", "WITHSCORES"],
      ["ZRANGESTORE", "l", "nokey", "0", "-1"],
      ["EXISTS", "l"],
      ["ZRANGESTORE", "d", "z", "0", "-1", "WITHSCORES"],
      ["ZRANGESTORE", "d", "z", "0", "-1", "LIMIT", "0", "1"],
      ["ZRANGESTORE", "d", "z", "x", "1", "BYSCORE"],
      ["ZRANGESTORE", "d", "str", "0", "1"],
    ],
  }),
];

// --- removals ----------------------------------------------------------------------------------------

const removeCases: Case[] = [
  ...bothEncodings({
    name: "ZREM",
    setup: [five],
    commands: [
      ["ZREM", "z", "a", "nope", "a", "b"],
      ["ZRANGE", "z", "0", "-1"],
      ["ZREM", "nokey", "a"],
      ["ZREM", "z", "c", "d", "e", "f"],
      ["EXISTS", "z"],
    ],
  }),
  ...bothEncodings({
    name: "ZREMRANGEBYRANK",
    setup: [five],
    commands: [
      ["ZREMRANGEBYRANK", "z", "1", "2"],
      ["ZRANGE", "z", "0", "-1"],
      ["ZREMRANGEBYRANK", "z", "5", "10"],
      ["ZREMRANGEBYRANK", "z", "2", "1"],
      ["ZREMRANGEBYRANK", "z", "-1", "-1"],
      ["ZRANGE", "z", "0", "-1"],
      ["ZREMRANGEBYRANK", "z", "x", "1"],
      ["ZREMRANGEBYRANK", "z", "0", "x"],
      ["ZREMRANGEBYRANK", "nokey", "0", "1"],
      ["ZREMRANGEBYRANK", "nokey", "x", "1"],
      ["ZREMRANGEBYRANK", "z", "-100", "100"],
      ["EXISTS", "z"],
    ],
  }),
  ...bothEncodings({
    name: "ZREMRANGEBYSCORE",
    setup: [five],
    commands: [
      ["ZREMRANGEBYSCORE", "z", "(1", "3"],
      ["ZRANGE", "z", "0", "-1"],
      ["ZREMRANGEBYSCORE", "z", "10", "1"],
      ["ZREMRANGEBYSCORE", "z", "x", "1"],
      ["ZREMRANGEBYSCORE", "nokey", "0", "1"],
      ["ZREMRANGEBYSCORE", "z", "-inf", "+inf"],
      ["EXISTS", "z"],
    ],
  }),
  ...bothEncodings({
    name: "ZREMRANGEBYLEX",
    setup: [lex],
    commands: [
      ["ZREMRANGEBYLEX", "l", "[b", "(d"],
      ["ZRANGE", "l", "0", "-1"],
      ["ZREMRANGEBYLEX", "l", "+", "-"],
      ["ZREMRANGEBYLEX", "l", "x", "+"],
      ["ZREMRANGEBYLEX", "nokey", "-", "+"],
      ["ZREMRANGEBYLEX", "l", "-", "+"],
      ["EXISTS", "l"],
    ],
  }),
];

// --- pops ---------------------------------------------------------------------------------------------

const popCases: Case[] = [
  ...everyWay({
    name: "ZPOPMIN and ZPOPMAX",
    setup: [five],
    commands: [
      ["ZPOPMIN", "z"],
      ["ZPOPMAX", "z"],
      ["ZPOPMIN", "z", "1"],
      ["ZPOPMAX", "z", "0"],
      ["ZPOPMIN", "z", "10"],
      ["EXISTS", "z"],
      ["ZPOPMIN", "z"],
      ["ZPOPMIN", "z", "3"],
      ["ZPOPMAX", "nokey", "0"],
    ],
  }),
  {
    name: "ZPOPMIN errors",
    setup: [five],
    commands: [
      ["ZPOPMIN", "z", "-1"],
      ["ZPOPMIN", "z", "x"],
      ["ZPOPMIN", "z", "1", "2"],
      ["ZPOPMIN", "z", "x", "y"],
      ["ZPOPMAX", "nokey", "-1"],
      ["ZPOPMIN", "z", "9223372036854775807"],
      ["EXISTS", "z"],
    ],
  },
  ...everyWay({
    name: "ZMPOP",
    setup: [five, ["ZADD", "y", "10", "p", "20", "q"]],
    commands: [
      ["ZMPOP", "1", "z", "MIN"],
      ["ZMPOP", "2", "nokey", "z", "max", "COUNT", "2"],
      ["ZMPOP", "3", "nokey", "y", "z", "MIN", "COUNT", "10"],
      ["EXISTS", "y"],
      ["ZMPOP", "2", "y", "z", "MAX", "COUNT", "100"],
      ["ZMPOP", "1", "z", "MIN"],
    ],
  }),
  {
    name: "ZMPOP errors",
    setup: [five, ["SET", "s", "x"]],
    commands: [
      ["ZMPOP", "0", "z", "MIN"],
      ["ZMPOP", "-1", "z", "MIN"],
      ["ZMPOP", "x", "z", "MIN"],
      ["ZMPOP", "2", "z", "MIN"],
      ["ZMPOP", "1", "z", "MID"],
      ["ZMPOP", "1", "z", "MIN", "COUNT"],
      ["ZMPOP", "1", "z", "MIN", "COUNT", "0"],
      ["ZMPOP", "1", "z", "MIN", "COUNT", "-1"],
      ["ZMPOP", "1", "z", "MIN", "COUNT", "x"],
      ["ZMPOP", "1", "z", "MIN", "COUNT", "1", "COUNT", "1"],
      ["ZMPOP", "1", "z", "MIN", "BOGUS"],
      ["ZMPOP", "2", "nokey", "s", "MIN"],
      ["ZMPOP", "2", "z", "s", "MIN"],
      ["ZMPOP", "9223372036854775807", "z", "MIN"],
      ["ZCARD", "z"],
    ],
  },
  ...everyWay({
    name: "BZPOPMIN BZPOPMAX BZMPOP with something to pop",
    setup: [five, ["ZADD", "y", "10", "p"]],
    commands: [
      ["BZPOPMIN", "nokey", "z", "0"],
      ["BZPOPMAX", "z", "y", "0.5"],
      ["BZPOPMIN", "y", "z", "0"],
      ["EXISTS", "y"],
      ["BZMPOP", "0", "2", "nokey", "z", "MIN", "COUNT", "2"],
      ["BZMPOP", "1.5", "1", "z", "MAX"],
    ],
  }),
  {
    name: "blocking pop errors",
    setup: [five, ["SET", "s", "x"]],
    commands: [
      ["BZPOPMIN", "z", "-1"],
      ["BZPOPMIN", "z", "x"],
      ["BZPOPMIN", "s", "0"],
      ["BZPOPMIN", "nokey", "s", "z", "0"],
      ["BZPOPMAX", "z", "nan"],
      ["BZPOPMAX", "z", "inf"],
      ["BZMPOP", "x", "1", "z", "MIN"],
      ["BZMPOP", "0", "0", "z", "MIN"],
      ["BZMPOP", "x", "0", "z", "MIN"],
      ["BZMPOP", "x", "1", "z", "MID"],
      ["BZMPOP", "-1", "1", "z", "MIN"],
      ["BZMPOP", "0", "1", "z", "MIN", "COUNT", "0"],
      ["BZMPOP", "0", "1", "s", "MIN"],
      ["ZCARD", "z"],
    ],
  },
  {
    name: "blocking pops inside MULTI answer at once",
    commands: [
      ["MULTI"],
      ["BZPOPMIN", "nokey", "0"],
      ["BZMPOP", "0", "1", "nokey", "MIN"],
      ["ZADD", "z", "1", "a"],
      ["BZPOPMAX", "z", "0"],
      ["EXEC"],
    ],
  },
  {
    name: "blocking pops inside MULTI answer at once (RESP3)",
    resp: 3,
    commands: [["MULTI"], ["BZPOPMIN", "nokey", "0"], ["BZMPOP", "0", "1", "nokey", "MIN"], ["EXEC"]],
  },
];

// --- ZRANDMEMBER ---------------------------------------------------------------------------------------

const randomCases: Case[] = [
  ...everyWay({
    name: "ZRANDMEMBER deterministic shapes",
    setup: [["ZADD", "one", "7", "only"], five],
    commands: [
      ["ZRANDMEMBER", "one"],
      ["ZRANDMEMBER", "one", "1"],
      ["ZRANDMEMBER", "one", "1", "WITHSCORES"],
      ["ZRANDMEMBER", "one", "-3", "WITHSCORES"],
      ["ZRANDMEMBER", "one", "-2"],
      ["ZRANDMEMBER", "one", "5", "withscores"],
      ["ZRANDMEMBER", "z", "5"],
      ["ZRANDMEMBER", "z", "100", "WITHSCORES"],
      ["ZRANDMEMBER", "z", "0"],
      ["ZRANDMEMBER", "z", "0", "WITHSCORES"],
      ["ZRANDMEMBER", "nokey"],
      ["ZRANDMEMBER", "nokey", "5"],
      ["ZRANDMEMBER", "nokey", "-5", "WITHSCORES"],
    ],
  }),
  {
    name: "ZRANDMEMBER errors",
    setup: [five],
    commands: [
      ["ZRANDMEMBER", "z", "x"],
      ["ZRANDMEMBER", "z", "1", "x"],
      ["ZRANDMEMBER", "z", "1", "WITHSCORES", "x"],
      ["ZRANDMEMBER", "z", "x", "y"],
      ["ZRANDMEMBER", "z", "-9223372036854775808"],
      ["ZRANDMEMBER", "z", "-9223372036854775807", "WITHSCORES"],
      ["ZRANDMEMBER", "z", "-4611686018427387904", "WITHSCORES"],
      ["ZRANDMEMBER", "z", "4611686018427387904", "WITHSCORES"],
      ["ZRANDMEMBER", "z", "9223372036854775807", "x"],
      ["ZRANDMEMBER", "nokey", "x"],
      ["ZRANDMEMBER", "nokey", "1", "x"],
      ["ZRANDMEMBER", "nokey", "-4611686018427387904", "WITHSCORES"],
    ],
  },
  {
    name: "ZRANDMEMBER counts of a skiplist",
    setup: [SKIPLIST, five, RESET_LISTPACK],
    commands: [
      ["ZRANDMEMBER", "z", "100", "WITHSCORES"],
      { argv: ["ZRANDMEMBER", "z", "4"], normalize: (reply) => String(reply[1]) },
      { argv: ["ZRANDMEMBER", "z", "-8"], normalize: (reply) => String(reply[1]) },
    ],
  },
];

// --- ZSCAN ---------------------------------------------------------------------------------------------

const bigSet: Argv = ["ZADD", "big", ...Array.from({ length: 300 }, (_, i) => [String(i % 7), `m${i}`]).flat()];
const scanCases: Case[] = [
  ...[2, 3].map((resp): Case => ({
    name: `ZSCAN of a listpack returns everything in order (RESP${resp})`,
    resp: resp as 2 | 3,
    setup: [["ZADD", "z", "0.1", "a", "-0", "b", "inf", "c", "1e20", "d", "5", "e"]],
    commands: [
      ["ZSCAN", "z", "0"],
      ["ZSCAN", "z", "0", "COUNT", "1"],
      ["ZSCAN", "z", "123"],
      ["ZSCAN", "z", "0", "MATCH", "[a-c]"],
      ["ZSCAN", "z", "0", "MATCH", "*", "COUNT", "100"],
      ["ZSCAN", "nokey", "0"],
    ],
  })),
  {
    name: "ZSCAN errors",
    setup: [five],
    commands: [
      ["ZSCAN", "z", "x"],
      ["ZSCAN", "z", "-1"],
      ["ZSCAN", "z", "0", "COUNT", "0"],
      ["ZSCAN", "z", "0", "COUNT", "x"],
      ["ZSCAN", "z", "0", "MATCH"],
      ["ZSCAN", "z", "0", "TYPE", "zset"],
      ["ZSCAN", "z", "0", "BOGUS", "x"],
      ["ZSCAN", "nokey", "0", "COUNT", "0"],
      ["ZSCAN", "nokey", "x"],
    ],
  },
  {
    name: "ZSCAN of a skiplist with a large COUNT returns everything",
    setup: [bigSet],
    commands: [
      objectEncoding("big"),
      { argv: ["ZSCAN", "big", "0", "COUNT", "1000"], unordered: true },
      { argv: ["ZSCAN", "big", "0", "COUNT", "1000", "MATCH", "m1*"], unordered: true },
    ],
  },
];

// --- keyspace behaviour ---------------------------------------------------------------------------

const keyspaceCases: Case[] = [
  {
    name: "emptied sets are deleted; TTLs stay with updates",
    setup: [abc, ["EXPIRE", "z", "1000"]],
    commands: [["ZADD", "z", "5", "a"], ["TTL", "z"], ["ZINCRBY", "z", "1", "b"], ["TTL", "z"], ["ZREM", "z", "a", "b", "c"], ["EXISTS", "z"], ["TTL", "z"]],
  },
  {
    name: "an expired set is gone",
    setup: [abc, ["PEXPIREAT", "z", "1000"]],
    commands: [["ZCARD", "z"], ["ZADD", "z", "XX", "1", "a"], ["ZRANGE", "z", "0", "-1"]],
  },
  {
    name: "COMMAND INFO of the group",
    commands: [
      { argv: ["COMMAND", "INFO", "zadd", "zincrby", "zrem", "zcard", "zscore", "zmscore", "zrank", "zrevrank", "zcount", "zlexcount"] },
      { argv: ["COMMAND", "INFO", "zrange", "zrangestore", "zrevrange", "zrangebyscore", "zrevrangebyscore", "zrangebylex", "zrevrangebylex"] },
      { argv: ["COMMAND", "INFO", "zremrangebyrank", "zremrangebyscore", "zremrangebylex", "zpopmin", "zpopmax", "bzpopmin", "bzpopmax"] },
      { argv: ["COMMAND", "INFO", "zrandmember", "zscan"] },
    ],
  },
];

// --- seeded random operations ----------------------------------------------------------------

/** Deterministic commands over a few keys with many equal scores, so ties order by member. */
function randomCommands(seed: number, count: number): Argv[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const keys = ["r1", "r2"];
  /** Lex ranges only where every score is 0: with mixed scores a skiplist's answer is random. */
  const lexKey = "r0";
  const member = (): string => `m${Math.floor(random() * 300)}`;
  const score = (): string => pick(["0", "1", "-1", "2.5", "1e3", "-inf", "+inf", String(Math.floor(random() * 20))]);
  const bound = (): string => pick(["", "("]) + score();
  const lexBound = (): string => pick(["-", "+", `[${member()}`, `(${member()}`, "[m1", "(m2"]);
  const index = (): string => String(Math.floor(random() * 40) - 20);
  const out: Argv[] = [];
  for (let i = 0; i < count; i++) {
    const key = pick(keys);
    const op = random();
    if (op < 0.35) {
      const pairs = Array.from({ length: 1 + Math.floor(random() * 12) }, () => [score(), member()]).flat();
      const flags = [pick(["", "NX", "XX"]), pick(["", "GT", "LT"]), pick(["", "CH"])].filter((f) => f !== "");
      out.push(["ZADD", key, ...flags, ...pairs]);
    } else if (op < 0.42) out.push(["ZINCRBY", key, score(), member()]);
    else if (op < 0.5) out.push(["ZREM", key, member(), member(), member()]);
    else if (op < 0.56) out.push(["ZRANGE", key, index(), index(), ...(random() < 0.5 ? ["REV"] : []), "WITHSCORES"]);
    else if (op < 0.62) out.push(["ZRANGE", key, bound(), bound(), "BYSCORE", ...(random() < 0.5 ? ["REV"] : []), "LIMIT", index(), index(), "WITHSCORES"]);
    else if (op < 0.67) {
      out.push(["ZADD", lexKey, "0", member(), "0", member()]);
      out.push(["ZRANGE", lexKey, lexBound(), lexBound(), "BYLEX", ...(random() < 0.5 ? ["REV"] : []), "LIMIT", index(), index()]);
    }
    else if (op < 0.71) out.push(["ZCOUNT", key, bound(), bound()]);
    else if (op < 0.74) out.push(["ZLEXCOUNT", lexKey, lexBound(), lexBound()]);
    else if (op < 0.79) out.push([pick(["ZRANK", "ZREVRANK"]), key, member()]);
    else if (op < 0.82) out.push(["ZMSCORE", key, member(), member()]);
    else if (op < 0.85) out.push(["ZREMRANGEBYRANK", key, index(), index()]);
    else if (op < 0.87) out.push(["ZREMRANGEBYSCORE", key, bound(), bound()]);
    else if (op < 0.89) out.push(["ZREMRANGEBYLEX", lexKey, lexBound(), lexBound()]);
    else if (op < 0.93) out.push([pick(["ZPOPMIN", "ZPOPMAX"]), key, String(Math.floor(random() * 4))]);
    else if (op < 0.96) out.push(["ZRANGESTORE", pick(keys), key, index(), index()]);
    else out.push(["ZCARD", key]);
  }
  return [...out, ...[lexKey, ...keys].flatMap((name): Argv[] => [["ZRANGE", name, "0", "-1", "WITHSCORES"], objectEncoding(name)])];
}

const randomOpsCases: Case[] = [1, 2, 3].flatMap((seed) =>
  bothEncodings({ name: `seeded random operations ${seed}`, setup: [], commands: randomCommands(seed, 400) }),
);

differentialSuite("sorted set commands: ZADD and ZINCRBY", zaddCases);
differentialSuite("sorted set commands: encodings", encodingCases);
differentialSuite("sorted set commands: reads", readCases);
differentialSuite("sorted set commands: ranges", rangeCases);
differentialSuite("sorted set commands: removals", removeCases);
differentialSuite("sorted set commands: pops", popCases);
differentialSuite("sorted set commands: random members", randomCases);
differentialSuite("sorted set commands: ZSCAN", scanCases);
differentialSuite("sorted set commands: seeded random operations", randomOpsCases);
differentialSuite("sorted set commands: keyspace", [
  ...keyspaceCases,
  {
    name: "ZMPOP and BZMPOP: keynum key specs and movable keys",
    commands: [
      ["COMMAND", "INFO", "zmpop", "bzmpop"],
      ["COMMAND", "GETKEYS", "ZMPOP", "2", "a", "b", "MIN"],
      ["COMMAND", "GETKEYS", "BZMPOP", "0", "3", "a", "b", "c", "MAX", "COUNT", "2"],
      ["COMMAND", "GETKEYS", "ZMPOP", "3", "a", "MIN"],
      ["COMMAND", "GETKEYS", "ZRANGESTORE", "dst", "src", "0", "-1"],
      ["COMMAND", "GETKEYS", "BZPOPMIN", "a", "b", "0"],
    ],
  },
]);
