// The list group (t_list.c) against a real redis-server: every command with each option, each
// error (arity, syntax, WRONGTYPE, not an integer, Redis's per-command texts and their order),
// edge cases (empty and binary elements, negative and 64-bit indexes, emptied lists deleted),
// RESP2 and RESP3 where reply types differ, and the immediate paths of the blocking commands.

import { differentialSuite, frames, type Case } from "../support/differential.ts";
import { latin1Bytes, type Argv } from "../support/resp-client.ts";
import { LLONG_MAX, LLONG_MIN, TOO_BIG, ALL_BYTES } from "../support/values.ts";

const CRLF_VALUE = latin1Bytes("a\r\nb\r\n\x00c");

/** A string and a set-free other type for WRONGTYPE. */
const STRING_SETUP: Argv[] = [["SET", "str", "v"]];
/** list = a b c d e */
const ABCDE: Argv[] = [["RPUSH", "list", "a", "b", "c", "d", "e"]];

const all = (key = "list"): Argv => ["LRANGE", key, "0", "-1"];
const exists = (...keys: string[]): Argv => ["EXISTS", ...keys];

// --- pushes ------------------------------------------------------------------------------------

const pushCases: Case[] = [
  {
    name: "LPUSH and RPUSH order, lengths",
    commands: [["LPUSH", "list", "a"], ["LPUSH", "list", "b", "c"], ["RPUSH", "list", "x", "y"], all(), ["LLEN", "list"], ["TYPE", "list"]],
  },
  {
    name: "push empty, binary and CRLF elements",
    commands: [["RPUSH", "list", "", ALL_BYTES, CRLF_VALUE, ""], all(), ["LLEN", "list"], ["LINDEX", "list", "1"]],
  },
  {
    name: "integer-looking elements round-trip as given",
    commands: [["RPUSH", "list", "1", "01", "-0", LLONG_MIN, TOO_BIG, "1.5", " 1"], all(), ["LPOS", "list", "1"], ["LPOS", "list", "01"]],
  },
  { name: "LPUSH/RPUSH arity", commands: [["LPUSH"], ["LPUSH", "list"], ["RPUSH", "list"], ["LPUSHX", "list"], ["RPUSHX"]] },
  {
    name: "LPUSH/RPUSH on a string: WRONGTYPE",
    setup: STRING_SETUP,
    commands: [["LPUSH", "str", "a"], ["RPUSH", "str", "a", "b"], ["LPUSHX", "str", "a"], ["RPUSHX", "str", "a"], ["GET", "str"]],
  },
  {
    name: "LPUSHX/RPUSHX only on an existing list",
    commands: [
      ["LPUSHX", "list", "a"],
      ["RPUSHX", "list", "a", "b"],
      exists("list"),
      ["RPUSH", "list", "m"],
      ["LPUSHX", "list", "l1", "l2"],
      ["RPUSHX", "list", "r1", "r2"],
      all(),
    ],
  },
  {
    name: "a push onto an expired list starts a new one",
    setup: [["RPUSH", "list", "old"], ["PEXPIREAT", "list", "1000"]],
    commands: [["RPUSHX", "list", "x"], ["RPUSH", "list", "new"], all(), ["TTL", "list"]],
  },
  {
    name: "a push keeps the TTL",
    setup: [["RPUSH", "list", "a"], ["EXPIREAT", "list", "4102444800"]],
    commands: [["RPUSH", "list", "b"], ["LPUSH", "list", "c"], ["EXPIRETIME", "list"], all()],
  },
  { name: "OBJECT ENCODING is quicklist, small or large", commands: [["RPUSH", "list", "a"], ["OBJECT", "ENCODING", "list"], ["RPUSH", "big", "x".repeat(10_000)], ["OBJECT", "ENCODING", "big"]] },
  {
    name: "many elements",
    commands: [
      ["RPUSH", "list", ...Array.from({ length: 300 }, (_, i) => String(i))],
      ["LPUSH", "list", ...Array.from({ length: 300 }, (_, i) => `h${i}`)],
      ["LLEN", "list"],
      ["LRANGE", "list", "290", "310"],
      ["LINDEX", "list", "-300"],
      ["LINDEX", "list", "299"],
    ],
  },
];

// --- pops --------------------------------------------------------------------------------------

const popCases: Case[] = [
  {
    name: "LPOP and RPOP one element",
    setup: ABCDE,
    commands: [["LPOP", "list"], ["RPOP", "list"], all(), ["LLEN", "list"]],
  },
  {
    name: "popping the last element deletes the key",
    setup: [["RPUSH", "list", "only"]],
    commands: [["RPOP", "list"], exists("list"), ["RPOP", "list"], ["LPOP", "list"], ["TYPE", "list"]],
  },
  {
    name: "LPOP/RPOP with a count",
    setup: ABCDE,
    commands: [["LPOP", "list", "2"], ["RPOP", "list", "2"], all(), ["LPOP", "list", "1"], exists("list")],
  },
  {
    name: "a count beyond the length pops everything",
    setup: ABCDE,
    commands: [["RPOP", "list", "100"], exists("list"), ["RPUSH", "list", "x"], ["LPOP", "list", LLONG_MAX], exists("list")],
  },
  {
    name: "count 0: an empty array and no change",
    setup: ABCDE,
    commands: [["LPOP", "list", "0"], ["RPOP", "list", "0"], ["LLEN", "list"], ["LPOP", "nokey", "0"]],
  },
  {
    name: "count errors: negative, not an integer, out of range",
    setup: ABCDE,
    commands: [
      ["LPOP", "list", "-1"],
      ["RPOP", "list", "abc"],
      ["LPOP", "list", TOO_BIG],
      ["LPOP", "list", LLONG_MIN],
      ["LPOP", "list", "1.5"],
      ["LPOP", "list", ""],
      ["LPOP", "nokey", "-1"],
      ["LPOP", "str", "x"],
      ["LLEN", "list"],
    ],
  },
  { name: "LPOP/RPOP arity", commands: [["LPOP"], ["RPOP"], ["LPOP", "list", "1", "2"], ["RPOP", "list", "1", "x", "y"]] },
  {
    name: "missing key: nil without count, nil array with count",
    commands: [["LPOP", "nokey"], ["RPOP", "nokey"], ["LPOP", "nokey", "1"], ["RPOP", "nokey", "5"]],
  },
  {
    name: "missing key (RESP3)",
    resp: 3,
    commands: [["LPOP", "nokey"], ["RPOP", "nokey", "1"], ["LPOP", "nokey", "0"]],
  },
  {
    name: "pops with counts (RESP3)",
    resp: 3,
    setup: ABCDE,
    commands: [["LPOP", "list", "2"], ["RPOP", "list", "0"], ["RPOP", "list"], ["RPOP", "list", "9"]],
  },
  {
    name: "pops on a string: WRONGTYPE, but the count is checked first",
    setup: STRING_SETUP,
    commands: [["LPOP", "str"], ["RPOP", "str", "2"], ["LPOP", "str", "0"], ["RPOP", "str", "-2"]],
  },
  {
    name: "pop from an expired list",
    setup: [["RPUSH", "list", "a"], ["PEXPIREAT", "list", "1000"]],
    commands: [["LPOP", "list"], ["RPOP", "list", "1"], exists("list")],
  },
];

// --- LLEN, LRANGE, LINDEX ---------------------------------------------------------------------

const readCases: Case[] = [
  { name: "LLEN", setup: [...ABCDE, ...STRING_SETUP], commands: [["LLEN", "list"], ["LLEN", "nokey"], ["LLEN", "str"], ["LLEN"], ["LLEN", "a", "b"]] },
  {
    name: "LRANGE index rules",
    setup: ABCDE,
    commands: [
      ["LRANGE", "list", "0", "0"],
      ["LRANGE", "list", "1", "3"],
      ["LRANGE", "list", "-2", "-1"],
      ["LRANGE", "list", "-100", "100"],
      ["LRANGE", "list", "3", "1"],
      ["LRANGE", "list", "5", "10"],
      ["LRANGE", "list", "4", "4"],
      ["LRANGE", "list", "-1", "-5"],
      ["LRANGE", "list", "0", "-6"],
      ["LRANGE", "list", "-6", "0"],
      ["LRANGE", "list", LLONG_MIN, LLONG_MAX],
      ["LRANGE", "list", LLONG_MAX, LLONG_MIN],
      ["LRANGE", "list", "2", LLONG_MAX],
    ],
  },
  {
    name: "LRANGE errors: integers are checked before the key",
    setup: STRING_SETUP,
    commands: [
      ["LRANGE", "nokey", "0", "-1"],
      ["LRANGE", "str", "0", "-1"],
      ["LRANGE", "str", "x", "-1"],
      ["LRANGE", "nokey", "0", "1.0"],
      ["LRANGE", "nokey", TOO_BIG, "1"],
      ["LRANGE", "nokey", "0"],
      ["LRANGE", "nokey", "0", "1", "2"],
    ],
  },
  { name: "LRANGE (RESP3)", resp: 3, setup: ABCDE, commands: [["LRANGE", "list", "0", "1"], ["LRANGE", "nokey", "0", "-1"], ["LRANGE", "list", "3", "1"]] },
  {
    name: "LINDEX",
    setup: ABCDE,
    commands: [
      ["LINDEX", "list", "0"],
      ["LINDEX", "list", "4"],
      ["LINDEX", "list", "5"],
      ["LINDEX", "list", "-1"],
      ["LINDEX", "list", "-5"],
      ["LINDEX", "list", "-6"],
      ["LINDEX", "list", LLONG_MAX],
      ["LINDEX", "list", LLONG_MIN],
      ["LINDEX", "nokey", "0"],
    ],
  },
  {
    name: "LINDEX errors: the key's type comes before the index",
    setup: [...ABCDE, ...STRING_SETUP],
    commands: [
      ["LINDEX", "list", "x"],
      ["LINDEX", "list", TOO_BIG],
      ["LINDEX", "nokey", "x"],
      ["LINDEX", "str", "x"],
      ["LINDEX", "str", "0"],
      ["LINDEX", "list"],
      ["LINDEX", "list", "0", "1"],
    ],
  },
  { name: "LINDEX (RESP3)", resp: 3, setup: ABCDE, commands: [["LINDEX", "list", "9"], ["LINDEX", "nokey", "0"], ["LINDEX", "list", "1"]] },
];

// --- LSET, LINSERT, LREM, LTRIM ----------------------------------------------------------------

const changeCases: Case[] = [
  {
    name: "LSET",
    setup: ABCDE,
    commands: [["LSET", "list", "0", "A"], ["LSET", "list", "-1", "E"], ["LSET", "list", "2", ""], ["LSET", "list", "1", ALL_BYTES], all()],
  },
  {
    name: "LSET errors: no such key, then type, then index",
    setup: [...ABCDE, ...STRING_SETUP],
    commands: [
      ["LSET", "nokey", "0", "x"],
      ["LSET", "nokey", "x", "x"],
      ["LSET", "str", "0", "x"],
      ["LSET", "str", "x", "x"],
      ["LSET", "list", "x", "x"],
      ["LSET", "list", "5", "x"],
      ["LSET", "list", "-6", "x"],
      ["LSET", "list", LLONG_MAX, "x"],
      ["LSET", "list", TOO_BIG, "x"],
      ["LSET", "list", "0"],
      ["LSET", "list", "0", "x", "y"],
      all(),
    ],
  },
  {
    name: "LINSERT BEFORE and AFTER",
    setup: ABCDE,
    commands: [
      ["LINSERT", "list", "BEFORE", "a", "0"],
      ["LINSERT", "list", "after", "e", "9"],
      ["LINSERT", "list", "Before", "c", "b2"],
      ["LINSERT", "list", "AFTER", "c", "c2"],
      ["LINSERT", "list", "AFTER", "nothere", "x"],
      all(),
    ],
  },
  {
    name: "LINSERT uses the first pivot from the head",
    setup: [["RPUSH", "list", "p", "x", "p", "y"]],
    commands: [["LINSERT", "list", "AFTER", "p", "1"], ["LINSERT", "list", "BEFORE", "p", "0"], all()],
  },
  {
    name: "LINSERT in the middle of a long list, both halves",
    setup: [["RPUSH", "list", ...Array.from({ length: 100 }, (_, i) => String(i))]],
    commands: [["LINSERT", "list", "BEFORE", "10", "x"], ["LINSERT", "list", "AFTER", "90", "y"], ["LINSERT", "list", "BEFORE", "50", "z"], ["LRANGE", "list", "8", "13"], ["LRANGE", "list", "48", "53"], ["LRANGE", "list", "-12", "-8"]],
  },
  {
    name: "LINSERT errors: the where word is checked before the key",
    setup: [...ABCDE, ...STRING_SETUP],
    commands: [
      ["LINSERT", "list", "MIDDLE", "a", "x"],
      ["LINSERT", "nokey", "MIDDLE", "a", "x"],
      ["LINSERT", "str", "MIDDLE", "a", "x"],
      ["LINSERT", "str", "BEFORE", "a", "x"],
      ["LINSERT", "nokey", "BEFORE", "a", "x"],
      exists("nokey"),
      ["LINSERT", "list", "BEFORE", "a"],
      ["LINSERT", "list", "BEFORE", "a", "x", "y"],
    ],
  },
  {
    name: "LREM from the head, the tail, or all",
    setup: [["RPUSH", "list", "x", "a", "x", "b", "x", "c", "x"]],
    commands: [["LREM", "list", "2", "x"], all(), ["LREM", "list", "-1", "x"], all(), ["LREM", "list", "0", "x"], all(), ["LREM", "list", "0", "nothere"]],
  },
  {
    name: "LREM from the tail keeps the order of the rest",
    setup: [["RPUSH", "list", "1", "x", "2", "x", "3", "x", "4"]],
    commands: [["LREM", "list", "-2", "x"], all(), ["LREM", "list", LLONG_MIN, "x"], all()],
  },
  {
    name: "LREM removing every element deletes the key",
    setup: [["RPUSH", "list", "x", "x", "x"]],
    commands: [["LREM", "list", "0", "x"], exists("list"), ["LREM", "list", "0", "x"]],
  },
  {
    name: "LREM errors",
    setup: STRING_SETUP,
    commands: [["LREM", "str", "0", "x"], ["LREM", "str", "x", "x"], ["LREM", "nokey", "x", "x"], ["LREM", "nokey", "1", "x"], ["LREM", "nokey", "1"], ["LREM", "nokey", "1", "x", "y"]],
  },
  {
    name: "LREM matches bytes exactly",
    setup: [["RPUSH", "list", "1", "01", "1.0", "", ALL_BYTES, "1"]],
    commands: [["LREM", "list", "0", "1"], ["LREM", "list", "0", ""], ["LREM", "list", "0", ALL_BYTES], all()],
  },
  {
    name: "LTRIM",
    setup: ABCDE,
    commands: [["LTRIM", "list", "1", "-2"], all(), ["LTRIM", "list", "-2", "100"], all(), ["LTRIM", "list", "0", "0"], all()],
  },
  {
    name: "LTRIM to nothing deletes the key",
    setup: ABCDE,
    commands: [["LTRIM", "list", "3", "1"], exists("list"), ["RPUSH", "list", "a"], ["LTRIM", "list", "1", "-1"], exists("list"), ["RPUSH", "list", "a"], ["LTRIM", "list", "0", "-2"], exists("list")],
  },
  {
    name: "LTRIM with extreme indexes",
    setup: ABCDE,
    commands: [["LTRIM", "list", LLONG_MIN, LLONG_MAX], all(), ["LTRIM", "list", "-100", "-3"], all()],
  },
  {
    name: "LTRIM errors",
    setup: STRING_SETUP,
    commands: [["LTRIM", "nokey", "0", "1"], ["LTRIM", "str", "0", "1"], ["LTRIM", "str", "a", "1"], ["LTRIM", "nokey", "0", TOO_BIG], ["LTRIM", "nokey", "0"], ["LTRIM", "nokey", "0", "1", "2"]],
  },
];

// --- LPOS --------------------------------------------------------------------------------------

const LPOS_LIST: Argv[] = [["RPUSH", "list", "a", "b", "c", "1", "2", "3", "c", "c"]];

const lposCases: Case[] = [
  {
    name: "LPOS basic, RANK, COUNT, MAXLEN",
    setup: LPOS_LIST,
    commands: [
      ["LPOS", "list", "c"],
      ["LPOS", "list", "x"],
      ["LPOS", "list", "c", "RANK", "2"],
      ["LPOS", "list", "c", "RANK", "-1"],
      ["LPOS", "list", "c", "RANK", "-3"],
      ["LPOS", "list", "c", "RANK", "4"],
      ["LPOS", "list", "c", "RANK", "-4"],
      ["LPOS", "list", "c", "COUNT", "2"],
      ["LPOS", "list", "c", "COUNT", "0"],
      ["LPOS", "list", "c", "COUNT", "0", "RANK", "-1"],
      ["LPOS", "list", "c", "COUNT", "2", "RANK", "2"],
      ["LPOS", "list", "x", "COUNT", "2"],
      ["LPOS", "list", "c", "MAXLEN", "3"],
      ["LPOS", "list", "c", "MAXLEN", "2"],
      ["LPOS", "list", "c", "MAXLEN", "2", "RANK", "-1"],
      ["LPOS", "list", "c", "MAXLEN", "7", "COUNT", "0"],
      ["LPOS", "list", "c", "MAXLEN", "0", "COUNT", "0"],
      ["LPOS", "list", "c", "maxlen", "100", "count", "10", "rank", "1"],
      ["LPOS", "list", "c", "RANK", "1", "RANK", "3"],
      ["LPOS", "list", "c", "RANK", LLONG_MAX],
      ["LPOS", "list", "c", "RANK", "-" + LLONG_MAX],
    ],
  },
  {
    name: "LPOS RANK LONG_MIN overflows as in C",
    setup: LPOS_LIST,
    commands: [["LPOS", "list", "c", "RANK", LLONG_MIN], ["LPOS", "list", "c", "RANK", LLONG_MIN, "COUNT", "1"], ["LPOS", "list", "x", "RANK", LLONG_MIN]],
  },
  {
    name: "LPOS option errors, in the order given",
    setup: LPOS_LIST,
    commands: [
      ["LPOS", "list", "c", "RANK", "0"],
      ["LPOS", "list", "c", "RANK", "x"],
      ["LPOS", "list", "c", "RANK", TOO_BIG],
      ["LPOS", "list", "c", "COUNT", "-1"],
      ["LPOS", "list", "c", "COUNT", "x"],
      ["LPOS", "list", "c", "MAXLEN", "-1"],
      ["LPOS", "list", "c", "MAXLEN", "x"],
      ["LPOS", "list", "c", "RANK"],
      ["LPOS", "list", "c", "COUNT"],
      ["LPOS", "list", "c", "BOGUS", "1"],
      ["LPOS", "list", "c", "RANK", "1", "BOGUS"],
      ["LPOS", "list", "c", "BOGUS", "RANK", "0"],
      ["LPOS", "list", "c", "RANK", "0", "BOGUS"],
      ["LPOS", "list", "c", "COUNT", "-1", "RANK", "0"],
      ["LPOS", "list"],
    ],
  },
  {
    name: "LPOS on a missing key or a string: options first",
    setup: STRING_SETUP,
    commands: [
      ["LPOS", "nokey", "a"],
      ["LPOS", "nokey", "a", "COUNT", "1"],
      ["LPOS", "nokey", "a", "RANK", "0"],
      ["LPOS", "str", "a"],
      ["LPOS", "str", "a", "COUNT", "x"],
      ["LPOS", "str", "a", "BOGUS"],
    ],
  },
  { name: "LPOS (RESP3)", resp: 3, setup: LPOS_LIST, commands: [["LPOS", "list", "x"], ["LPOS", "nokey", "x"], ["LPOS", "nokey", "x", "COUNT", "0"], ["LPOS", "list", "c", "COUNT", "0"]] },
];

// --- LMOVE, RPOPLPUSH ------------------------------------------------------------------------

const moveCases: Case[] = [
  {
    name: "LMOVE in every direction",
    setup: [["RPUSH", "src", "1", "2", "3", "4"], ["RPUSH", "dst", "x"]],
    commands: [
      ["LMOVE", "src", "dst", "LEFT", "LEFT"],
      ["LMOVE", "src", "dst", "LEFT", "RIGHT"],
      ["LMOVE", "src", "dst", "right", "left"],
      ["LMOVE", "src", "dst", "Right", "Right"],
      all("src"),
      all("dst"),
      exists("src"),
    ],
  },
  {
    name: "LMOVE creates the destination",
    setup: [["RPUSH", "src", "a", "b"]],
    commands: [["LMOVE", "src", "new", "RIGHT", "LEFT"], all("new"), ["TYPE", "new"], all("src")],
  },
  {
    name: "LMOVE onto the same list rotates it",
    setup: [["RPUSH", "list", "1", "2", "3"]],
    commands: [["LMOVE", "list", "list", "LEFT", "RIGHT"], all(), ["LMOVE", "list", "list", "RIGHT", "LEFT"], all(), ["LMOVE", "list", "list", "LEFT", "LEFT"], all()],
  },
  {
    name: "LMOVE of a single element onto itself keeps the key",
    setup: [["RPUSH", "list", "only"]],
    commands: [["LMOVE", "list", "list", "RIGHT", "LEFT"], all(), ["RPOPLPUSH", "list", "list"], all()],
  },
  {
    name: "LMOVE errors",
    setup: [["RPUSH", "src", "a"], ...STRING_SETUP],
    commands: [
      ["LMOVE", "src", "dst", "UP", "LEFT"],
      ["LMOVE", "src", "dst", "LEFT", "DOWN"],
      ["LMOVE", "nokey", "dst", "UP", "DOWN"],
      ["LMOVE", "nokey", "dst", "LEFT", "LEFT"],
      ["LMOVE", "nokey", "str", "LEFT", "LEFT"],
      ["LMOVE", "str", "dst", "LEFT", "LEFT"],
      ["LMOVE", "src", "str", "LEFT", "LEFT"],
      all("src"),
      ["LMOVE", "src", "dst", "LEFT"],
      ["LMOVE", "src", "dst", "LEFT", "LEFT", "LEFT"],
    ],
  },
  { name: "LMOVE missing source (RESP3)", resp: 3, commands: [["LMOVE", "nokey", "dst", "LEFT", "LEFT"], ["RPOPLPUSH", "nokey", "dst"]] },
  {
    name: "RPOPLPUSH",
    setup: [["RPUSH", "src", "a", "b", "c"], ...STRING_SETUP],
    commands: [
      ["RPOPLPUSH", "src", "dst"],
      ["RPOPLPUSH", "src", "dst"],
      all("dst"),
      ["RPOPLPUSH", "src", "str"],
      ["RPOPLPUSH", "str", "dst"],
      ["RPOPLPUSH", "src", "dst"],
      exists("src"),
      ["RPOPLPUSH", "src", "dst"],
      ["RPOPLPUSH", "src"],
      ["RPOPLPUSH", "src", "dst", "x"],
    ],
  },
  {
    name: "LMOVE keeps the destination's TTL and the source's",
    setup: [["RPUSH", "src", "a", "b"], ["RPUSH", "dst", "x"], ["EXPIREAT", "src", "4102444800"], ["EXPIREAT", "dst", "4102444801"]],
    commands: [["LMOVE", "src", "dst", "LEFT", "LEFT"], ["EXPIRETIME", "src"], ["EXPIRETIME", "dst"]],
  },
];

// --- LMPOP -------------------------------------------------------------------------------------

const lmpopCases: Case[] = [
  {
    name: "LMPOP from the first non-empty list",
    setup: [["RPUSH", "b", "1", "2", "3"], ["RPUSH", "c", "x"]],
    commands: [
      ["LMPOP", "3", "a", "b", "c", "LEFT"],
      ["LMPOP", "3", "a", "b", "c", "RIGHT", "COUNT", "5"],
      exists("b"),
      ["LMPOP", "2", "b", "c", "left", "count", "1"],
      ["LMPOP", "2", "b", "c", "LEFT"],
      ["LMPOP", "1", "a", "LEFT"],
    ],
  },
  {
    name: "LMPOP COUNT",
    setup: ABCDE,
    commands: [["LMPOP", "1", "list", "LEFT", "COUNT", "2"], ["LMPOP", "1", "list", "RIGHT", "COUNT", "2"], ["LMPOP", "1", "list", "RIGHT", "COUNT", LLONG_MAX], exists("list")],
  },
  {
    name: "LMPOP stops at a key of another type",
    setup: [["RPUSH", "b", "1"], ...STRING_SETUP],
    commands: [["LMPOP", "3", "a", "str", "b", "LEFT"], ["LMPOP", "2", "b", "str", "LEFT"], ["LMPOP", "2", "a", "str", "LEFT"]],
  },
  {
    name: "LMPOP errors, in Redis's order",
    setup: ABCDE,
    commands: [
      ["LMPOP", "0", "list", "LEFT"],
      ["LMPOP", "-1", "list", "LEFT"],
      ["LMPOP", "x", "list", "LEFT"],
      ["LMPOP", LLONG_MAX, "list", "LEFT"],
      ["LMPOP", "2", "list", "LEFT"],
      ["LMPOP", "1", "list", "UP"],
      ["LMPOP", "1", "list", "UP", "COUNT", "0"],
      ["LMPOP", "1", "list", "LEFT", "COUNT", "0"],
      ["LMPOP", "1", "list", "LEFT", "COUNT", "-1"],
      ["LMPOP", "1", "list", "LEFT", "COUNT", "x"],
      ["LMPOP", "1", "list", "LEFT", "COUNT"],
      ["LMPOP", "1", "list", "LEFT", "COUNT", "1", "COUNT", "1"],
      ["LMPOP", "1", "list", "LEFT", "BOGUS"],
      ["LMPOP", "1", "list", "LEFT", "COUNT", "1", "BOGUS"],
      ["LMPOP", "1", "list"],
      ["LMPOP", "1"],
      ["LLEN", "list"],
    ],
  },
  {
    name: "LMPOP (RESP3)",
    resp: 3,
    setup: ABCDE,
    commands: [["LMPOP", "1", "nokey", "LEFT"], ["LMPOP", "2", "nokey", "list", "RIGHT", "COUNT", "2"]],
  },
];

// --- the blocking commands' immediate paths ----------------------------------------------------

const blockingCases: Case[] = [
  {
    name: "BLPOP/BRPOP with data present",
    setup: [["RPUSH", "b", "1", "2", "3"], ["RPUSH", "c", "x"]],
    commands: [
      ["BLPOP", "a", "b", "c", "0"],
      ["BRPOP", "a", "b", "c", "1.5"],
      ["BRPOP", "a", "b", "0"],
      exists("b"),
      ["BLPOP", "b", "c", "0"],
      exists("c"),
    ],
  },
  {
    name: "BLPOP/BRPOP timeout errors come first",
    setup: [["RPUSH", "list", "a"], ...STRING_SETUP],
    commands: [
      ["BLPOP", "list", "-1"],
      ["BLPOP", "list", "x"],
      ["BRPOP", "str", "x"],
      ["BRPOP", "list", "inf"],
      ["BLPOP", "list", "1e100"],
      ["BLPOP", "list", "nan"],
      ["BLPOP", "list"],
      ["BRPOP"],
      all(),
    ],
  },
  {
    name: "BLPOP/BRPOP WRONGTYPE stops at the first key of another type",
    setup: [["RPUSH", "list", "a"], ...STRING_SETUP],
    commands: [["BLPOP", "str", "list", "0"], ["BRPOP", "nokey", "str", "0"], ["BLPOP", "list", "str", "0"]],
  },
  {
    name: "blocking commands in MULTI answer at once",
    setup: [["RPUSH", "full", "1"]],
    commands: [
      ["MULTI"],
      ["BLPOP", "nokey", "0"],
      ["BRPOP", "nokey", "full", "1"],
      ["BLMOVE", "nokey", "dst", "LEFT", "LEFT", "0"],
      ["BRPOPLPUSH", "nokey", "dst", "0"],
      ["BLMPOP", "0", "1", "nokey", "LEFT"],
      ["EXEC"],
    ],
  },
  {
    name: "blocking commands in MULTI answer at once (RESP3)",
    resp: 3,
    commands: [["MULTI"], ["BLPOP", "nokey", "0"], ["BLMOVE", "nokey", "dst", "LEFT", "LEFT", "0"], ["BRPOPLPUSH", "nokey", "dst", "0"], ["BLMPOP", "0", "1", "nokey", "LEFT"], ["EXEC"]],
  },
  {
    name: "BLMOVE and BRPOPLPUSH with data present",
    setup: [["RPUSH", "src", "1", "2", "3"]],
    commands: [
      ["BLMOVE", "src", "dst", "LEFT", "RIGHT", "0"],
      ["BLMOVE", "src", "dst", "RIGHT", "LEFT", "0.1"],
      ["BRPOPLPUSH", "src", "dst", "0"],
      exists("src"),
      all("dst"),
    ],
  },
  {
    name: "BLMOVE and BRPOPLPUSH errors, in Redis's order",
    setup: [["RPUSH", "src", "1"], ...STRING_SETUP],
    commands: [
      ["BLMOVE", "src", "dst", "UP", "LEFT", "x"],
      ["BLMOVE", "src", "dst", "LEFT", "DOWN", "x"],
      ["BLMOVE", "src", "dst", "LEFT", "LEFT", "x"],
      ["BLMOVE", "src", "dst", "LEFT", "LEFT", "-1"],
      ["BLMOVE", "str", "dst", "LEFT", "LEFT", "0"],
      ["BLMOVE", "src", "str", "LEFT", "LEFT", "0"],
      ["BRPOPLPUSH", "src", "dst", "x"],
      ["BRPOPLPUSH", "str", "dst", "0"],
      ["BRPOPLPUSH", "src", "str", "0"],
      ["BLMOVE", "src", "dst", "LEFT", "LEFT"],
      ["BRPOPLPUSH", "src", "dst"],
      all("src"),
    ],
  },
  {
    name: "BLMPOP with data present",
    setup: [["RPUSH", "b", "1", "2", "3"]],
    commands: [["BLMPOP", "0", "2", "a", "b", "LEFT"], ["BLMPOP", "1", "2", "a", "b", "RIGHT", "COUNT", "10"], exists("b")],
  },
  {
    name: "BLMPOP errors, in Redis's order",
    setup: [["RPUSH", "list", "1"], ...STRING_SETUP],
    commands: [
      ["BLMPOP", "x", "0", "list", "LEFT"],
      ["BLMPOP", "x", "1", "list", "UP"],
      ["BLMPOP", "x", "1", "list", "LEFT", "COUNT", "0"],
      ["BLMPOP", "x", "1", "list", "LEFT"],
      ["BLMPOP", "-1", "1", "list", "LEFT"],
      ["BLMPOP", "0", "2", "str", "list", "LEFT"],
      ["BLMPOP", "0", "1", "list"],
      ["BLMPOP", "0", "1"],
      all(),
    ],
  },
  {
    name: "blocking pops with data present (RESP3)",
    resp: 3,
    setup: [["RPUSH", "list", "1", "2", "3", "4"]],
    commands: [["BLPOP", "list", "0"], ["BLMOVE", "list", "dst", "LEFT", "LEFT", "0"], ["BLMPOP", "0", "1", "list", "RIGHT", "COUNT", "5"]],
  },
];

// --- keyspace events -------------------------------------------------------------------------
//
// A RESP3 client may subscribe and keep running commands: the events its own commands fire
// arrive as push messages interleaved with the replies, in the order Redis writes them (LMOVE
// notifies the push before it replies; LPUSH replies first). `replies` counts both.

const SUBSCRIBE_EVENTS: Argv = ["PSUBSCRIBE", "__keyevent@0__:*"];
const EVENTS_ON: Argv = ["CONFIG", "SET", "notify-keyspace-events", "KEA"];

const eventCases: Case[] = [
  {
    name: "pushes and pops",
    resp: 3,
    setup: [EVENTS_ON],
    commands: [
      SUBSCRIBE_EVENTS,
      frames(2, "LPUSH", "list", "a", "b"),
      frames(1, "RPUSHX", "nokey", "a"),
      frames(2, "RPUSH", "list", "c"),
      frames(1, "LPOP", "list", "0"),
      frames(2, "LPOP", "list"),
      frames(3, "RPOP", "list", "5"),
      frames(1, "RPOP", "list"),
    ],
  },
  {
    name: "LSET, LINSERT, LREM, LTRIM",
    resp: 3,
    setup: [EVENTS_ON, ["RPUSH", "list", "a", "b", "a"]],
    commands: [
      SUBSCRIBE_EVENTS,
      frames(2, "LSET", "list", "1", "B"),
      frames(2, "LINSERT", "list", "BEFORE", "B", "x"),
      frames(1, "LINSERT", "list", "BEFORE", "nothere", "x"),
      frames(1, "LREM", "list", "0", "nothere"),
      frames(2, "LREM", "list", "1", "a"),
      frames(2, "LTRIM", "list", "0", "-1"),
      frames(3, "LTRIM", "list", "1", "0"),
    ],
  },
  {
    name: "LMOVE, RPOPLPUSH, LMPOP, BLPOP",
    resp: 3,
    setup: [EVENTS_ON, ["RPUSH", "src", "a", "b", "c"], ["SET", "str", "v"]],
    commands: [
      SUBSCRIBE_EVENTS,
      frames(3, "LMOVE", "src", "dst", "LEFT", "RIGHT"),
      frames(3, "LMOVE", "src", "src", "LEFT", "RIGHT"),
      frames(1, "RPOPLPUSH", "src", "str"),
      frames(2, "LMPOP", "1", "src", "LEFT"),
      frames(3, "BLPOP", "src", "0"),
      frames(4, "BLMOVE", "dst", "dst2", "LEFT", "LEFT", "0"),
    ],
  },
];

// --- COMMAND GETKEYS ---------------------------------------------------------------------------

const getkeysCases: Case[] = [
  {
    name: "keys of the list commands",
    commands: [
      ["COMMAND", "GETKEYS", "LPUSH", "list", "a", "b"],
      ["COMMAND", "GETKEYS", "LMOVE", "src", "dst", "LEFT", "RIGHT"],
      ["COMMAND", "GETKEYS", "BLPOP", "a", "b", "c", "0"],
      ["COMMAND", "GETKEYS", "BRPOPLPUSH", "src", "dst", "0"],
      ["COMMAND", "GETKEYS", "LMPOP", "2", "a", "b", "LEFT", "COUNT", "3"],
      ["COMMAND", "GETKEYS", "BLMPOP", "0", "3", "a", "b", "c", "RIGHT"],
      ["COMMAND", "GETKEYSANDFLAGS", "LMOVE", "src", "dst", "LEFT", "RIGHT"],
      ["COMMAND", "GETKEYSANDFLAGS", "LMPOP", "1", "a", "LEFT"],
    ],
  },
  {
    name: "LMPOP's numkeys past the arguments",
    commands: [["COMMAND", "GETKEYS", "LMPOP", "5", "a", "LEFT"], ["COMMAND", "GETKEYS", "LMPOP", "x", "a", "LEFT"], ["COMMAND", "GETKEYS", "LMPOP", "0", "a", "LEFT"]],
  },
];

differentialSuite("list commands: pushes", pushCases);
differentialSuite("list commands: pops", popCases);
differentialSuite("list commands: LLEN, LRANGE, LINDEX", readCases);
differentialSuite("list commands: LSET, LINSERT, LREM, LTRIM", changeCases);
differentialSuite("list commands: LPOS", lposCases);
differentialSuite("list commands: LMOVE, RPOPLPUSH", moveCases);
differentialSuite("list commands: LMPOP", lmpopCases);
differentialSuite("list commands: blocking commands' immediate paths", blockingCases);
differentialSuite("list commands: keyspace events", eventCases);
differentialSuite("list commands: COMMAND GETKEYS", getkeysCases);
