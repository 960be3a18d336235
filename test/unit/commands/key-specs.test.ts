// Key specs beyond fixed places, against a real redis-server. `numkeys key [key ...]` arguments
// (numkeysKeys): the numkeys commands' declarations (as their groups have them; EVAL as proposed,
// with a stub `run`) derive Redis's COMMAND INFO (arity, movablekeys, 0 0 0 or the destination's
// 1 1 1, keynum key specs) and COMMAND DOCS arguments; their compiled parser answers Redis's
// numkeys errors. Keys no spec can locate (unknownKeySpec, a command's getKeys): SORT and SORT_RO.
// For all, COMMAND GETKEYSANDFLAGS finds Redis's keys.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { bytes, multiple, numkeysKeys, optional, text, type ReadState } from "../../../src/commands/args.ts";
import { commandKeys, replyCommandDocs, replyCommandInfo } from "../../../src/commands/command-docs.ts";
import { defineCommand, type Command } from "../../../src/commands/define.ts";
import { commandTable } from "../../../src/commands/table.ts";
import { Errors } from "../../../src/protocol/errors.ts";
import { Request } from "../../../src/protocol/request.ts";
import { ReplyWriter } from "../../../src/protocol/reply-writer.ts";
import { describeWithRealRedis, startRealRedis, type RealRedis } from "../../support/redis-server.ts";
import { RespClient, RespError, decodeReply, latin1, latin1Bytes, type RespValue } from "../../support/resp-client.ts";

// --- the declarations -----------------------------------------------------------------------------

const sintercard = commandTable.get("sintercard")!;

const DECLARED: readonly Command[] = [
  ...["sintercard", "lmpop", "blmpop", "zmpop", "bzmpop", "zunion", "zinter", "zdiff", "zintercard", "zunionstore", "zinterstore", "zdiffstore"].map(
    (name) => commandTable.get(name)!,
  ),
  // evalGenericCommand: numkeys may be 0, and the command then names no key at all.
  defineCommand({
    name: "eval",
    group: "scripting",
    summary: "",
    since: "",
    complexity: "",
    flags: ["noscript", "stale", "skip_monitor", "no_mandatory_keys"],
    keySpecs: [["RW", "ACCESS", "UPDATE"]],
    args: {
      script: text("script"),
      keys: numkeysKeys({
        min: 0,
        tooFew: "ERR Number of keys can't be negative",
        tooMany: "ERR Number of keys can't be greater than number of args",
      }),
      arg: optional(multiple(bytes("arg"))),
    },
    run: () => {},
  }),
];

function named(name: string): Command {
  return DECLARED.find((command) => command.name === name)!;
}

// SORT and SORT_RO: BY and GET patterns name keys from the data, and STORE's keyword may be a
// pattern's value, so their key specs are unknown; COMMAND GETKEYS then asks sortGetKeys.
const SORTS: readonly Command[] = [commandTable.get("sort")!, commandTable.get("sort_ro")!];

const SORT_ARGVS: readonly string[][] = [
  ["k"],
  ["k", "STORE", "d"],
  ["k", "store\0x", "d"],
  ["k", "STORE"],
  ["k", "STORE", "d", "STORE", "e"],
  ["k", "BY", "STORE", "STORE", "d"],
  ["k", "GET", "#", "GET", "STORE", "LIMIT", "0", "1"],
  ["k", "LIMIT", "STORE", "d", "STORE", "e"],
  ["k", "ALPHA", "STORE", "d", "bogus"],
];

// --- unit: what the declarations derive -----------------------------------------------------------

function argvOf(words: readonly string[]): Request {
  return Request.of(words.map(latin1Bytes));
}

/** The parsed keys (whatever the command calls its numkeys argument), or the parser's error. */
function parse(command: Command, words: readonly string[]): { keys: unknown } | { error: string } {
  const state: ReadState = { value: undefined, error: "", keyPositions: null };
  const parsed = command.parse(argvOf(words), state);
  if (parsed === null) return { error: state.error };
  const [name] = Object.entries(command.spec.args).find(([, arg]) => arg.keynum !== undefined)!;
  return { keys: (parsed as Record<string, unknown>)[name] };
}

describe("numkeysKeys", () => {
  test("arity counts numkeys and `min` keys, variable; the legacy key range leaves the keys out", () => {
    const derived = Object.fromEntries(
      DECLARED.map((command) => [command.name, [command.arity, command.firstKey, command.lastKey, command.keyStep]]),
    );
    expect(derived).toEqual({
      sintercard: [-3, 0, 0, 0],
      lmpop: [-4, 0, 0, 0],
      blmpop: [-5, 0, 0, 0],
      zmpop: [-4, 0, 0, 0],
      bzmpop: [-5, 0, 0, 0],
      zunion: [-3, 0, 0, 0],
      zinter: [-3, 0, 0, 0],
      zdiff: [-3, 0, 0, 0],
      zintercard: [-3, 0, 0, 0],
      zunionstore: [-4, 1, 1, 1],
      zinterstore: [-4, 1, 1, 1],
      zdiffstore: [-4, 1, 1, 1],
      eval: [-3, 0, 0, 0],
    });
  });

  test("the parser takes numkeys keys as strings, copies of any bytes", () => {
    expect(parse(sintercard, ["sintercard", "2", "a\0\xff", "LIMIT", "LIMIT", "3"])).toEqual({ keys: ["a\0\xff", "LIMIT"] });
    expect(parse(named("zunionstore"), ["zunionstore", "d", "1", "k", "WEIGHTS", "2"])).toEqual({ keys: ["k"] });
    expect(parse(named("eval"), ["eval", "s", "0", "a", "b"])).toEqual({ keys: [] });
    expect(parse(named("blmpop"), ["blmpop", "0", "2", "a", "b", "LEFT"])).toEqual({ keys: ["a", "b"] });
  });

  test("the keys must leave room for the required arguments after them", () => {
    expect(parse(named("lmpop"), ["lmpop", "2", "a", "LEFT"])).toEqual({ error: Errors.syntax });
    expect(parse(named("lmpop"), ["lmpop", "1", "a", "LEFT"])).toEqual({ keys: ["a"] });
    expect(parse(sintercard, ["sintercard", "3", "a", "b"])).toEqual({ error: Errors.numkeysOverArgs });
  });

  test("GETKEYS on parsed commands records the key positions", () => {
    expect(named("zunionstore").keyPositions(["zunionstore", "d", "2", "a", "b"].map(latin1Bytes))).toEqual([1, 3, 4]);
  });
});

// --- differential: the same declarations next to redis-server 7.0.15 ------------------------------

/** What a reply writer holds after `write`, in the given protocol. */
function written(protocol: 2 | 3, write: (reply: ReplyWriter) => void): Uint8Array {
  const reply = new ReplyWriter(() => {});
  reply.protocol = protocol;
  write(reply);
  return reply.buf.slice(0, reply.length);
}

/** Drops Redis's free-text `notes` (EVAL's key spec has some) from a decoded RESP3 COMMAND INFO. */
function withoutNotes(value: RespValue): RespValue {
  if (Array.isArray(value)) return value.map(withoutNotes);
  if (value === null || typeof value !== "object" || value instanceof RespError) return value;
  const out: { [key: string]: RespValue } = {};
  for (const [field, item] of Object.entries(value)) if (field !== "notes") out[field] = withoutNotes(item);
  return out;
}

/** COMMAND DOCS's argument list (argument `since` fields dropped: declarations do not carry them). */
function argumentsOf(docs: RespValue): RespValue {
  const entry = (docs as RespValue[])[1] as RespValue[];
  const args = entry[entry.indexOf("arguments") + 1] as RespValue[];
  const strip = (arg: RespValue): RespValue => {
    const pairs = arg as RespValue[];
    const out: RespValue[] = [];
    for (let i = 0; i < pairs.length; i += 2) {
      if (pairs[i] === "since") continue;
      out.push(pairs[i]!, pairs[i] === "arguments" ? (pairs[i + 1] as RespValue[]).map(strip) : pairs[i + 1]!);
    }
    return out;
  };
  return args.map(strip);
}

/** GETKEYSANDFLAGS as redbun would answer it for `words` (the command's argv). */
function getkeysAndFlags(command: Command, words: readonly string[]): RespValue {
  const keys = commandKeys(command, words.map(latin1Bytes));
  if (typeof keys === "string") return keys;
  return keys.map(({ position, flags }) => [words[position]!, [...flags]]);
}

function redisGetkeysAndFlags(reply: Uint8Array): RespValue {
  const value = decodeReply(reply, { bulk: "latin1" });
  return value instanceof RespError ? value.error : value;
}

/** Argvs for GETKEYS and the parser: counts that string2ll takes or not, too few or many keys. */
const COUNTS = ["1", "2", "0", "-1", "3", "01", "+1", " 1", "1abc", "x", "", "4294967297", "9223372036854775807", "99999999999999999999"];

function sampleArgvs(command: Command): string[][] {
  const name = command.name;
  if (name === "sort" || name === "sort_ro") return SORT_ARGVS.map((words) => [name, ...words]);
  const withCount = (count: string): string[][] => {
    switch (name) {
      case "lmpop":
        return [[name, count, "a", "b", "LEFT"], [name, count, "a", "LEFT", "COUNT", "2"], [name, count, "a", "nowhere"]];
      case "blmpop":
        return [["blmpop", "0", count, "a", "b", "LEFT"], ["blmpop", "x", count, "a", "RIGHT"], ["blmpop", "0", count, "a", "UP"]];
      case "zmpop":
        return [[name, count, "a", "b", "MIN"], [name, count, "a", "MAX", "COUNT", "2"], [name, count, "a", "LEFT"]];
      case "bzmpop":
        return [["bzmpop", "0", count, "a", "b", "MIN"], ["bzmpop", "x", count, "a", "MAX"], ["bzmpop", "0", count, "a", "UP"]];
      case "zunionstore":
      case "zinterstore":
        return [[name, "d", count, "a", "b"], [name, "d", count, "a", "WEIGHTS", "1"], [name, "d", count, "a", "AGGREGATE", "MIN"]];
      case "zdiffstore":
        return [[name, "d", count, "a", "b"], [name, "d", count, "a"]];
      case "eval":
        return [[name, "return 1", count, "a", "b"], [name, "return 1", count]];
      default:
        return [[name, count, "a", "b"], [name, count, "a", "WITHSCORES"], [name, count, "a", "LIMIT", "1"]];
    }
  };
  return COUNTS.flatMap(withCount);
}

describeWithRealRedis("key specs next to redis-server", () => {
  let redis: RealRedis;
  let client: RespClient;
  let client3: RespClient;

  beforeAll(async () => {
    redis = await startRealRedis();
    client = await RespClient.connect(redis.socketPath);
    client3 = await RespClient.connect(redis.socketPath);
    await client3.call("HELLO", "3");
  });
  afterAll(async () => {
    await client?.close();
    await client3?.close();
    await redis?.stop();
  });

  for (const command of [...DECLARED, ...SORTS]) {
    const name = command.name;
    test(`COMMAND INFO ${name}`, async () => {
      const ours = written(3, (reply) => {
        reply.arrayHeader(1);
        replyCommandInfo(reply, command);
      });
      const theirs = await client3.call("COMMAND", "INFO", name);
      // EVAL's and SORT's key specs carry Redis's free-text notes.
      if (name === "eval" || name.startsWith("sort")) expect(withoutNotes(decodeReply(ours))).toEqual(withoutNotes(decodeReply(theirs)));
      else {
        expect(latin1(ours)).toBe(latin1(theirs));
        const ours2 = written(2, (reply) => {
          reply.arrayHeader(1);
          replyCommandInfo(reply, command);
        });
        expect(latin1(ours2)).toBe(latin1(await client.call("COMMAND", "INFO", name)));
      }
    });

    test(`COMMAND DOCS ${name}: arguments`, async () => {
      const ours = written(2, (reply) => {
        reply.arrayHeader(2);
        reply.bulkLatin1(name);
        replyCommandDocs(reply, command);
      });
      expect(argumentsOf(decodeReply(ours))).toEqual(argumentsOf(decodeReply(await client.call("COMMAND", "DOCS", name))));
    });

    test(`COMMAND GETKEYSANDFLAGS ${name}`, async () => {
      for (const words of sampleArgvs(command)) {
        const theirs = redisGetkeysAndFlags(await client.call("COMMAND", "GETKEYSANDFLAGS", ...words));
        expect({ words, keys: getkeysAndFlags(command, words) }).toEqual({ words, keys: theirs });
      }
    });
  }

  for (const command of DECLARED) {
    const name = command.name;
    // The blocking ones would block on a valid call: only their parse errors are compared.
    test(`${name}: the parser's numkeys errors are Redis's`, async () => {
      await client.call("FLUSHALL");
      for (const words of sampleArgvs(command)) {
        const outcome = parse(command, words);
        if (!("error" in outcome)) continue;
        expect({ words, reply: latin1(await client.call(...words)) }).toEqual({ words, reply: `-${outcome.error}\r\n` });
      }
    });
  }

  test("every numkeys error Redis gives is one the parser gives", async () => {
    await client.call("FLUSHALL");
    const numkeysErrors = new Set<string>([Errors.numkeysNotPositive, Errors.numkeysOverArgs, Errors.notInteger]);
    for (const command of DECLARED) {
      if (command.flags.has("blocking")) continue;
      for (const words of sampleArgvs(command)) {
        const reply = latin1(await client.call(...words));
        const error = reply.startsWith("-") ? reply.slice(1, -2) : null;
        if (error === null) continue;
        if (!numkeysErrors.has(error) && !error.includes("input key is needed") && !error.includes("Number of keys")) continue;
        expect({ words, parsed: parse(command, words) }).toEqual({ words, parsed: { error } });
      }
    }
  });
});
