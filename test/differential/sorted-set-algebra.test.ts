// ZUNION, ZINTER, ZDIFF, ZUNIONSTORE, ZINTERSTORE, ZDIFFSTORE and ZINTERCARD against a real
// redis-server: sets and sorted sets (listpack and skiplist) as inputs, WEIGHTS and AGGREGATE,
// NaN and -0 scores, the order SUM adds in, numkeys and option errors in Redis's order, the
// stored result's encoding and TTL, keyspace events and hit/miss counts, in RESP2 and RESP3.

import { differentialSuite, frames, KEYSPACE_HITS_AND_MISSES, type Case } from "../support/differential.ts";
import type { Argv } from "../support/resp-client.ts";
import { objectEncoding } from "../support/values.ts";

const all = (key: string): Argv => ["ZRANGE", key, "0", "-1", "WITHSCORES"];

/** a: x1 y2 z3; b: y4 w5; s: an intset {1, 2}; h: a hashtable set {y, v, 1}. */
const INPUTS: Argv[] = [
  ["ZADD", "a", "1", "x", "2", "y", "3", "z"],
  ["ZADD", "b", "4", "y", "5", "w"],
  ["SADD", "s", "1", "2"],
  ["SADD", "h", "y", "v", "1"],
  ["SET", "str", "v"],
  ["RPUSH", "list", "v"],
];

const SKIPLIST: Argv = ["CONFIG", "SET", "zset-max-listpack-entries", "0"];
const RESET_LISTPACK: Argv = ["CONFIG", "SET", "zset-max-listpack-entries", "128"];

/** The case with listpack inputs and again with skiplist ones, in both protocols. */
function everyWay(c: Case): Case[] {
  const encodings: Case[] = [
    { ...c, name: `${c.name} (listpack)`, setup: [RESET_LISTPACK, ...(c.setup ?? [])] },
    { ...c, name: `${c.name} (skiplist)`, setup: [SKIPLIST, ...(c.setup ?? [])], commands: [RESET_LISTPACK, ...c.commands] },
  ];
  return encodings.flatMap((x) => [x, { ...x, name: `${x.name} RESP3`, resp: 3 as const }]);
}

// --- results ---------------------------------------------------------------------------------

const resultCases: Case[] = [
  ...everyWay({
    name: "ZUNION, ZINTER, ZDIFF with and without scores",
    setup: INPUTS,
    commands: [
      ["ZUNION", "2", "a", "b"],
      ["ZUNION", "2", "a", "b", "WITHSCORES"],
      ["ZINTER", "2", "a", "b"],
      ["ZINTER", "2", "a", "b", "WITHSCORES"],
      ["ZDIFF", "2", "a", "b"],
      ["ZDIFF", "2", "a", "b", "WITHSCORES"],
      ["ZDIFF", "2", "b", "a", "withscores"],
      ["ZUNION", "1", "a", "withscores"],
      ["ZINTER", "1", "b", "WITHSCORES"],
      ["ZDIFF", "1", "a", "WITHSCORES"],
      ["ZINTERCARD", "2", "a", "b"],
      ["ZINTERCARD", "1", "a"],
    ],
  }),
  ...everyWay({
    name: "sets as inputs score 1",
    setup: INPUTS,
    commands: [
      ["ZUNION", "2", "a", "s", "WITHSCORES"],
      ["ZUNION", "3", "s", "h", "b", "WITHSCORES"],
      ["ZINTER", "2", "a", "h", "WITHSCORES"],
      ["ZINTER", "2", "s", "h", "WITHSCORES"],
      ["ZINTER", "2", "h", "s", "WEIGHTS", "2", "3", "WITHSCORES"],
      ["ZDIFF", "2", "h", "a", "WITHSCORES"],
      ["ZDIFF", "2", "s", "h", "WITHSCORES"],
      ["ZDIFF", "3", "a", "h", "s", "WITHSCORES"],
      ["ZINTERCARD", "2", "s", "h"],
      ["ZINTERCARD", "3", "a", "b", "h"],
    ],
  }),
  ...everyWay({
    name: "missing keys are empty inputs",
    setup: INPUTS,
    commands: [
      ["ZUNION", "2", "nosuch", "a", "WITHSCORES"],
      ["ZUNION", "1", "nosuch", "WITHSCORES"],
      ["ZINTER", "2", "a", "nosuch"],
      ["ZINTER", "2", "nosuch", "a", "WITHSCORES"],
      ["ZDIFF", "2", "nosuch", "a"],
      ["ZDIFF", "2", "a", "nosuch", "WITHSCORES"],
      ["ZINTERCARD", "2", "a", "nosuch"],
    ],
  }),
  ...everyWay({
    name: "the same key more than once",
    setup: INPUTS,
    commands: [
      ["ZUNION", "2", "a", "a", "WITHSCORES"],
      ["ZINTER", "3", "a", "a", "a", "WEIGHTS", "1", "2", "3", "WITHSCORES"],
      ["ZINTER", "2", "s", "s", "WITHSCORES"],
      ["ZDIFF", "2", "a", "a"],
      ["ZDIFF", "3", "a", "b", "a", "WITHSCORES"],
      ["ZINTERCARD", "2", "a", "a"],
    ],
  }),
  ...everyWay({
    name: "WEIGHTS",
    setup: INPUTS,
    commands: [
      ["ZUNION", "2", "a", "b", "WEIGHTS", "2", "3", "WITHSCORES"],
      ["ZUNION", "2", "a", "b", "weights", "-1", "0.5", "WITHSCORES"],
      ["ZUNION", "2", "a", "b", "WEIGHTS", "1e300", "1e300", "WITHSCORES"],
      ["ZUNION", "2", "a", "b", "WEIGHTS", "0x10", "+.5", "WITHSCORES"],
      ["ZUNION", "2", "a", "b", "WEIGHTS", "inf", "-inf", "WITHSCORES"],
      ["ZINTER", "2", "a", "b", "WEIGHTS", "0", "1", "WITHSCORES"],
      // A second WEIGHTS replaces the first.
      ["ZUNION", "1", "a", "WEIGHTS", "2", "WEIGHTS", "3", "WITHSCORES"],
      ["ZUNION", "2", "a", "b", "WEIGHTS", "1", "1", "WITHSCORES", "WEIGHTS", "-1", "-1"],
    ],
  }),
  ...everyWay({
    name: "AGGREGATE",
    setup: INPUTS,
    commands: [
      ["ZUNION", "2", "a", "b", "AGGREGATE", "SUM", "WITHSCORES"],
      ["ZUNION", "2", "a", "b", "AGGREGATE", "MIN", "WITHSCORES"],
      ["ZUNION", "2", "a", "b", "aggregate", "max", "WITHSCORES"],
      ["ZINTER", "2", "a", "b", "AGGREGATE", "MIN", "WITHSCORES"],
      ["ZINTER", "2", "a", "b", "WEIGHTS", "10", "1", "AGGREGATE", "MAX", "WITHSCORES"],
      ["ZINTER", "3", "a", "b", "h", "AGGREGATE", "MAX", "WEIGHTS", "1", "1", "100", "WITHSCORES"],
      ["ZUNION", "1", "a", "AGGREGATE", "MIN", "AGGREGATE", "MAX", "WITHSCORES"],
      ["ZUNION", "2", "a", "s", "WITHSCORES", "AGGREGATE", "MIN"],
    ],
  }),
];

// --- scores at their edges -------------------------------------------------------------------

const scoreCases: Case[] = [
  ...everyWay({
    name: "inf * 0 and inf + -inf count as 0",
    setup: [["ZADD", "p", "inf", "m", "-inf", "n", "0", "o"], ["ZADD", "q", "-inf", "m", "inf", "n", "1", "o"]],
    commands: [
      ["ZUNION", "2", "p", "q", "WITHSCORES"],
      ["ZUNION", "1", "p", "WEIGHTS", "0", "WITHSCORES"],
      ["ZUNION", "2", "p", "q", "AGGREGATE", "MIN", "WITHSCORES"],
      ["ZUNION", "2", "p", "q", "AGGREGATE", "MAX", "WITHSCORES"],
      ["ZINTER", "2", "p", "q", "WITHSCORES"],
      ["ZINTER", "2", "p", "q", "WEIGHTS", "0", "0", "WITHSCORES"],
      ["ZINTER", "2", "p", "q", "WEIGHTS", "1", "0", "AGGREGATE", "MIN", "WITHSCORES"],
      ["ZINTER", "2", "p", "q", "WEIGHTS", "1", "0", "AGGREGATE", "MAX", "WITHSCORES"],
      ["ZINTER", "2", "q", "p", "WEIGHTS", "0", "1", "AGGREGATE", "MAX", "WITHSCORES"],
      ["ZUNIONSTORE", "d", "2", "p", "q"],
      all("d"),
    ],
  }),
  ...everyWay({
    name: "-0 in replies and in stored sets",
    setup: [["ZADD", "z", "0", "x", "1", "y"]],
    commands: [
      ["ZUNION", "1", "z", "WEIGHTS", "-1", "WITHSCORES"],
      ["ZINTER", "2", "z", "z", "WEIGHTS", "-1", "-1", "WITHSCORES"],
      ["ZUNIONSTORE", "d", "1", "z", "WEIGHTS", "-1"],
      all("d"),
      objectEncoding("d"),
      ["CONFIG", "SET", "zset-max-listpack-entries", "0"],
      ["ZUNIONSTORE", "d", "1", "z", "WEIGHTS", "-1"],
      all("d"),
      objectEncoding("d"),
    ],
  }),
  {
    // Inputs of equal size keep their key order, and SUM adds in that order: 1 + 1 + 1e16.
    name: "SUM rounds in the order of the inputs, smallest first",
    setup: [
      ["ZADD", "e", "1", "p", "1", "q", "1", "r"],
      ["ZADD", "f", "1e16", "p", "1", "q", "1", "r"],
      ["ZADD", "g", "1", "p", "1e16", "q", "-1e16", "r"],
      ["ZADD", "big", "1", "p", "1", "q", "1", "r", "1", "t"],
    ],
    commands: [
      ["ZUNION", "3", "e", "f", "g", "WITHSCORES"],
      ["ZUNION", "3", "g", "f", "e", "WITHSCORES"],
      ["ZUNION", "3", "f", "g", "e", "WITHSCORES"],
      ["ZUNION", "3", "big", "f", "e", "WITHSCORES"],
      ["ZINTER", "3", "e", "f", "g", "WITHSCORES"],
      ["ZINTER", "3", "g", "e", "f", "WITHSCORES"],
      ["ZINTER", "3", "big", "g", "e", "WITHSCORES"],
    ],
  },
  {
    name: "equal scores order by member bytes; binary members",
    setup: [
      ["ZADD", "z", "1", "b", "1", "a", "1", "", "1", "a\0", "1", "\xff", "0", "\r\n"],
      ["SADD", "s", "\0", "b", "\xfe"],
    ],
    commands: [
      ["ZUNION", "2", "z", "s", "WITHSCORES"],
      ["ZINTER", "2", "z", "s", "WITHSCORES"],
      ["ZDIFF", "2", "z", "s", "WITHSCORES"],
      ["ZUNIONSTORE", "d", "2", "z", "s"],
      all("d"),
    ],
  },
  {
    name: "intset members as numbers, mixed with zset members",
    setup: [["SADD", "s", "-5", "10", "3", "0"], ["ZADD", "z", "2", "10", "1", "-5", "1", "abc"]],
    commands: [
      ["ZUNION", "2", "s", "z", "WITHSCORES"],
      ["ZINTER", "2", "s", "z", "AGGREGATE", "MAX", "WITHSCORES"],
      ["ZDIFF", "2", "s", "z", "WITHSCORES"],
      ["ZDIFF", "2", "z", "s", "WITHSCORES"],
    ],
  },
];

// --- errors ----------------------------------------------------------------------------------

const errorCases: Case[] = [
  {
    name: "arity",
    commands: [
      ["ZUNION", "1"],
      ["ZINTER"],
      ["ZDIFF", "1"],
      ["ZINTERCARD", "1"],
      ["ZUNIONSTORE", "d", "1"],
      ["ZINTERSTORE", "d"],
      ["ZDIFFSTORE", "d", "1"],
    ],
  },
  {
    name: "numkeys: not an integer, below 1, more than the keys given",
    setup: INPUTS,
    commands: [
      ...["ZUNION", "ZINTER", "ZDIFF", "ZINTERCARD"].flatMap((name): Argv[] => [
        [name, "0", "a"],
        [name, "-1", "a"],
        [name, "x", "a"],
        [name, "01", "a"],
        [name, "", "a"],
        [name, "99999999999999999999", "a"],
        [name, "9223372036854775807", "a"],
        [name, "3", "a", "b"],
        [name, "2", "a"],
      ]),
      ...["ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE"].flatMap((name): Argv[] => [
        [name, "d", "0", "a"],
        [name, "d", "-3", "a"],
        [name, "d", "1.5", "a"],
        [name, "d", "2", "a"],
        [name, "d", "3", "a", "WEIGHTS"],
      ]),
    ],
  },
  {
    name: "WRONGTYPE comes first, before any option error",
    setup: INPUTS,
    commands: [
      ["ZUNION", "2", "a", "str"],
      ["ZUNION", "2", "nosuch", "list", "WEIGHTS", "x"],
      ["ZINTER", "2", "str", "a", "BOGUS"],
      ["ZINTER", "2", "nosuch", "str"],
      ["ZDIFF", "2", "a", "list", "WEIGHTS", "1", "1"],
      ["ZDIFF", "2", "nosuch", "str"],
      ["ZINTERCARD", "2", "a", "str", "LIMIT", "-1"],
      ["ZUNIONSTORE", "d", "2", "a", "str", "WITHSCORES"],
      ["ZINTERSTORE", "d", "2", "str", "a"],
      ["ZDIFFSTORE", "d", "2", "a", "str", "bogus"],
      ["ZDIFFSTORE", "str", "1", "a"],
      ["TYPE", "str"],
      ["EXISTS", "d"],
    ],
  },
  {
    name: "WEIGHTS errors",
    setup: INPUTS,
    commands: [
      ["ZUNION", "2", "a", "b", "WEIGHTS", "1"],
      ["ZUNION", "2", "a", "b", "WEIGHTS"],
      ["ZUNION", "2", "a", "b", "WEIGHTS", "1", "x"],
      ["ZUNION", "2", "a", "b", "WEIGHTS", "x", "1"],
      ["ZUNION", "2", "a", "b", "WEIGHTS", "1", "2", "3"],
      ["ZINTER", "1", "a", "WEIGHTS", "nan"],
      ["ZINTER", "1", "a", "WEIGHTS", "1e400"],
      ["ZINTER", "1", "a", "WEIGHTS", " 1"],
      ["ZINTER", "1", "a", "WEIGHTS", "1 "],
      ["ZINTER", "1", "a", "WEIGHTS", ""],
      ["ZINTER", "1", "a", "WEIGHTS", "1\x000"],
      ["ZUNIONSTORE", "d", "1", "a", "WEIGHTS", "one"],
      ["ZINTERSTORE", "d", "2", "a", "b", "WEIGHTS", "1"],
      ["ZDIFF", "1", "a", "WEIGHTS", "1"],
      ["ZINTERCARD", "1", "a", "WEIGHTS", "1"],
      ["EXISTS", "d"],
    ],
  },
  {
    name: "AGGREGATE, WITHSCORES and LIMIT where they do not belong",
    setup: INPUTS,
    commands: [
      ["ZUNION", "2", "a", "b", "AGGREGATE"],
      ["ZUNION", "2", "a", "b", "AGGREGATE", "AVG"],
      ["ZUNION", "2", "a", "b", "AGGREGATE", "MIN", "WITHSCORES", "AGGREGATE", "x"],
      ["ZINTER", "2", "a", "b", "AGGREGATE", "SUM", "BOGUS"],
      ["ZUNION", "1", "a", "LIMIT", "1"],
      ["ZDIFF", "1", "a", "AGGREGATE", "MIN"],
      ["ZDIFF", "1", "a", "WITHSCORES", "WITHSCORES"],
      ["ZDIFF", "1", "a", "bogus"],
      ["ZUNIONSTORE", "d", "1", "a", "WITHSCORES"],
      ["ZINTERSTORE", "d", "1", "a", "AGGREGATE", "MIN", "WITHSCORES"],
      ["ZDIFFSTORE", "d", "1", "a", "WITHSCORES"],
      ["ZDIFFSTORE", "d", "2", "a", "b", "x"],
      ["ZINTERCARD", "1", "a", "WITHSCORES"],
      ["ZINTERCARD", "1", "a", "AGGREGATE", "SUM"],
      ["EXISTS", "d"],
    ],
  },
  {
    name: "option words end at a NUL byte (strcasecmp)",
    setup: INPUTS,
    commands: [
      ["ZUNION", "1", "a", "WITHSCORES\0x"],
      ["ZUNION", "1", "a", "WEIGHTS\0", "2", "WITHSCORES"],
      ["ZUNION", "2", "a", "b", "AGGREGATE", "MAX\0zz", "WITHSCORES"],
      ["ZINTERCARD", "2", "a", "b", "LIMIT\0", "1"],
    ],
  },
];

// --- ZINTERCARD LIMIT ------------------------------------------------------------------------

const intercardCases: Case[] = [
  ...everyWay({
    name: "ZINTERCARD LIMIT",
    setup: [["ZADD", "p", "1", "a", "2", "b", "3", "c", "4", "d"], ["SADD", "s", "a", "b", "c", "e"]],
    commands: [
      ["ZINTERCARD", "2", "p", "s"],
      ["ZINTERCARD", "2", "p", "s", "LIMIT", "0"],
      ["ZINTERCARD", "2", "p", "s", "LIMIT", "1"],
      ["ZINTERCARD", "2", "p", "s", "limit", "2"],
      ["ZINTERCARD", "2", "p", "s", "LIMIT", "3"],
      ["ZINTERCARD", "2", "p", "s", "LIMIT", "9223372036854775807"],
      ["ZINTERCARD", "2", "p", "s", "LIMIT", "1", "LIMIT", "0"],
      ["ZINTERCARD", "2", "p", "s", "LIMIT", "-1"],
      ["ZINTERCARD", "2", "p", "s", "LIMIT", "x"],
      ["ZINTERCARD", "2", "p", "s", "LIMIT", "9223372036854775808"],
      ["ZINTERCARD", "2", "p", "s", "LIMIT"],
      ["ZINTERCARD", "2", "p", "s", "LIMIT", "1", "2"],
      ["ZINTERCARD", "2", "nosuch", "s", "LIMIT", "1"],
    ],
  }),
];

// --- the STORE forms -------------------------------------------------------------------------

const storeCases: Case[] = [
  ...everyWay({
    name: "ZUNIONSTORE, ZINTERSTORE, ZDIFFSTORE store and reply the size",
    setup: INPUTS,
    commands: [
      ["ZUNIONSTORE", "d", "2", "a", "b"],
      all("d"),
      ["ZINTERSTORE", "d", "2", "a", "b", "WEIGHTS", "2", "3"],
      all("d"),
      ["ZDIFFSTORE", "d", "2", "a", "b"],
      all("d"),
      ["ZUNIONSTORE", "d", "3", "a", "b", "s", "AGGREGATE", "MAX"],
      all("d"),
      ["ZINTERSTORE", "d", "2", "a", "h", "AGGREGATE", "min"],
      all("d"),
      ["TYPE", "d"],
    ],
  }),
  {
    name: "an empty result deletes the destination; none there replies 0",
    setup: [...INPUTS, ["ZADD", "d", "1", "old"], ["SET", "d2", "string"]],
    commands: [
      ["ZINTERSTORE", "d", "2", "a", "nosuch"],
      ["EXISTS", "d"],
      ["ZDIFFSTORE", "d2", "2", "a", "a"],
      ["EXISTS", "d2"],
      ["ZUNIONSTORE", "d3", "1", "nosuch"],
      ["EXISTS", "d3"],
      ["ZDIFFSTORE", "d3", "1", "nosuch"],
    ],
  },
  {
    name: "the destination is replaced whatever it held, its TTL dropped",
    setup: [...INPUTS, ["SET", "d", "string", "EX", "1000"], ["RPUSH", "l", "x"]],
    commands: [
      ["ZUNIONSTORE", "d", "1", "a"],
      ["TTL", "d"],
      ["TYPE", "d"],
      ["ZADD", "e", "1", "q"],
      ["PEXPIREAT", "e", "4102444800000"],
      ["ZINTERSTORE", "e", "1", "b"],
      ["TTL", "e"],
      ["ZDIFFSTORE", "l", "1", "a"],
      ["TYPE", "l"],
    ],
  },
  {
    name: "the destination may be an input",
    setup: INPUTS,
    commands: [
      ["ZUNIONSTORE", "a", "2", "a", "b", "WEIGHTS", "2", "1"],
      all("a"),
      ["ZINTERSTORE", "b", "2", "b", "a"],
      all("b"),
      ["ZDIFFSTORE", "a", "2", "a", "b"],
      all("a"),
      ["ZUNIONSTORE", "s", "1", "s"],
      ["TYPE", "s"],
      all("s"),
    ],
  },
  {
    name: "stored encoding: listpack when the result fits the limits, else skiplist",
    setup: [
      ["CONFIG", "SET", "zset-max-listpack-entries", "3"],
      ["CONFIG", "SET", "zset-max-listpack-value", "8"],
      ["ZADD", "small", "1", "a", "2", "b"],
      ["ZADD", "other", "3", "c", "4", "d"],
      ["ZADD", "long", "1", "a", "2", "ninechars"],
      ["SADD", "ints", "1", "2", "3", "4"],
    ],
    commands: [
      objectEncoding("other"),
      ["ZUNIONSTORE", "d", "1", "small"],
      objectEncoding("d"),
      ["ZUNIONSTORE", "d", "2", "small", "other"],
      objectEncoding("d"),
      ["ZINTERSTORE", "d", "2", "small", "other"],
      ["ZDIFFSTORE", "d", "2", "other", "small"],
      objectEncoding("d"),
      ["ZUNIONSTORE", "d", "1", "long"],
      objectEncoding("d"),
      ["ZDIFFSTORE", "d", "2", "long", "small"],
      objectEncoding("d"),
      ["ZUNIONSTORE", "d", "1", "ints"],
      objectEncoding("d"),
      ["ZINTERSTORE", "d", "2", "ints", "ints"],
      objectEncoding("d"),
      ["ZDIFFSTORE", "d", "2", "ints", "small"],
      objectEncoding("d"),
      all("d"),
      ["CONFIG", "SET", "zset-max-listpack-entries", "128"],
      ["CONFIG", "SET", "zset-max-listpack-value", "64"],
    ],
  },
  {
    name: "WATCH sees a stored result and a deleted destination, not a read or a no-op",
    setup: INPUTS,
    commands: [
      ["WATCH", "d"],
      ["ZUNIONSTORE", "d", "1", "a"],
      ["MULTI"],
      ["PING"],
      ["EXEC"],
      ["WATCH", "d"],
      ["ZINTERSTORE", "d", "2", "a", "nosuch"],
      ["MULTI"],
      ["PING"],
      ["EXEC"],
      ["WATCH", "d", "a"],
      ["ZDIFFSTORE", "d", "1", "nosuch"],
      ["ZUNION", "1", "a"],
      ["MULTI"],
      ["PING"],
      ["EXEC"],
    ],
  },
  {
    name: "inside MULTI",
    setup: INPUTS,
    commands: [
      ["MULTI"],
      ["ZUNIONSTORE", "d", "2", "a", "b"],
      ["ZINTER", "2", "d", "a", "WITHSCORES"],
      ["ZUNION", "0", "a"],
      ["ZINTERCARD", "2", "d", "str"],
      ["EXEC"],
    ],
  },
];

// --- larger sets ---------------------------------------------------------------------------------

const range = (n: number, make: (i: number) => string[]): string[] => Array.from({ length: n }, (_, i) => make(i)).flat();

const bigCases: Case[] = [
  {
    name: "hundreds of members (skiplist inputs and results)",
    setup: [
      ["ZADD", "z1", ...range(300, (i) => [String(i % 17), `m${i}`])],
      ["ZADD", "z2", ...range(200, (i) => [String((i * 7) % 13), `m${i * 2}`])],
      ["SADD", "s1", ...range(250, (i) => [`m${i * 3}`])],
      ["SADD", "s2", ...range(600, (i) => [String(i * 5)])],
    ],
    commands: [
      ["ZUNION", "3", "z1", "z2", "s1", "WITHSCORES"],
      ["ZINTER", "3", "z1", "z2", "s1", "WEIGHTS", "1", "-2", "0.5", "WITHSCORES"],
      ["ZDIFF", "3", "z1", "z2", "s1", "WITHSCORES"],
      ["ZDIFF", "2", "s1", "z1"],
      ["ZINTERCARD", "2", "z1", "s1"],
      ["ZINTERCARD", "2", "z1", "s1", "LIMIT", "10"],
      ["ZUNIONSTORE", "d", "2", "s2", "z1", "AGGREGATE", "MAX"],
      objectEncoding("d"),
      ["ZRANGE", "d", "0", "20", "WITHSCORES"],
      ["ZINTERSTORE", "d", "2", "z1", "s1"],
      objectEncoding("d"),
      ["ZDIFFSTORE", "d", "2", "z2", "z1"],
      objectEncoding("d"),
      all("d"),
    ],
  },
];

// --- keyspace events and hit/miss counts -----------------------------------------------------------

const SUBSCRIBE_EVENTS: Argv = ["PSUBSCRIBE", "__keyevent@0__:*"];
const EVENTS_ON: Argv = ["CONFIG", "SET", "notify-keyspace-events", "KEA"];

const eventCases: Case[] = [
  {
    name: "zunionstore, zinterstore, zdiffstore; del for an empty result over a key",
    resp: 3,
    setup: [EVENTS_ON, ...INPUTS],
    commands: [
      SUBSCRIBE_EVENTS,
      frames(2, "ZUNIONSTORE", "d", "2", "a", "b"),
      frames(2, "ZINTERSTORE", "d", "2", "a", "b"),
      frames(2, "ZDIFFSTORE", "d", "2", "a", "b"),
      frames(2, "ZINTERSTORE", "d", "2", "a", "nosuch"),
      frames(1, "ZUNIONSTORE", "d", "1", "nosuch"),
      frames(1, "ZUNION", "2", "a", "b"),
      frames(1, "ZUNIONSTORE", "d", "2", "a", "str"),
      ["CONFIG", "SET", "notify-keyspace-events", ""],
    ],
  },
];

const statsCases: Case[] = [
  {
    name: "every input looked up counts as a hit or a miss, up to a WRONGTYPE",
    setup: [...INPUTS, ["CONFIG", "RESETSTAT"]],
    commands: [
      ["ZUNION", "3", "a", "nosuch", "s"],
      KEYSPACE_HITS_AND_MISSES,
      ["ZINTERSTORE", "d", "2", "nosuch", "b"],
      KEYSPACE_HITS_AND_MISSES,
      ["ZDIFF", "3", "a", "str", "nosuch"],
      KEYSPACE_HITS_AND_MISSES,
      ["ZINTERCARD", "2", "a", "b", "LIMIT", "-1"],
      KEYSPACE_HITS_AND_MISSES,
    ],
  },
];

const binaryCases: Case[] = [
  {
    name: "a member holding every byte value",
    setup: [["ZADD", "z", "1", Uint8Array.from({ length: 256 }, (_, i) => i)], ["SADD", "s", Uint8Array.of(0, 255, 13, 10)]],
    commands: [["ZUNION", "1", "z", "WITHSCORES"], ["ZUNIONSTORE", "d", "1", "z"], ["ZRANGE", "d", "0", "-1"], ["ZINTERCARD", "2", "z", "d"], ["ZUNION", "2", "z", "s"]],
  },
];

differentialSuite("sorted set algebra: results", resultCases);
differentialSuite("sorted set algebra: scores", scoreCases);
differentialSuite("sorted set algebra: errors", errorCases);
differentialSuite("sorted set algebra: ZINTERCARD", intercardCases);
differentialSuite("sorted set algebra: STORE", storeCases);
differentialSuite("sorted set algebra: large sets", bigCases);
differentialSuite("sorted set algebra: events", eventCases);
differentialSuite("sorted set algebra: stats", statsCases);
differentialSuite("sorted set algebra: binary", binaryCases);
