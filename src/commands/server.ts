// Server commands (Redis's "server" group): FLUSHALL, FLUSHDB, DBSIZE, SWAPDB, TIME, INFO, the
// CONFIG and COMMAND containers, DEBUG, MONITOR and SHUTDOWN. They act on the whole server
// rather than on one key. COMMAND's replies are built in command-docs.ts, INFO's text in
// server/info.ts, MONITOR's feed in server/monitor.ts. SYNC and REPLCONF (also "server" in
// Redis) live in replication.ts, like Redis's replication.c, and are exported with these.

import type { z } from "zod";
import { asciiLower } from "../config/values.ts";
import { Errors, subcommandSyntaxError } from "../protocol/errors.ts";
import { Request } from "../protocol/request.ts";
import type { Client } from "../server/client.ts";
import { lookupCommand } from "../server/dispatch.ts";
import { infoText } from "../server/info.ts";
import { debugObjectLine } from "../persistence/debug-object.ts";
import { stringMatch } from "../store/glob.ts";
import { block, bytes, int, multiple, oneOf, optional, text, token, withToken, type Arg } from "./args.ts";
import {
  commandKeys,
  type FoundKey,
  lookupCommandByName,
  replyCommandDocs,
  replyCommandInfo,
} from "./command-docs.ts";
import { defineCommand, defineContainer, type AclCategory, type Command } from "./define.ts";
import { replyHelp } from "./help.ts";
import { replicationCommands } from "./replication.ts";

// --- FLUSHALL, FLUSHDB, DBSIZE, SWAPDB --------------------------------------------------------

/** [ASYNC | SYNC]: redbun frees synchronously either way; the data is gone when OK is sent. */
function flushModeArg() {
  return oneOf("async", { async: token("ASYNC"), sync: token("SYNC") });
}

/**
 * getFlushCommandFlags takes exactly one optional word: `FLUSHALL ASYNC ASYNC` is a syntax
 * error in Redis, where the parser would keep the last of two equal options.
 */
function singleFlushMode(client: Client): boolean {
  if (client.argv.length <= 2) return true;
  client.reply.error(Errors.syntax);
  return false;
}

const FLUSH_TIPS = ["request_policy:all_shards", "response_policy:all_succeeded"];

/**
 * emptyData for one db: its watched keys that existed change (signalFlushedDb), then it is
 * emptied (a background snapshot that still needs its keys takes them over). Returns how many
 * keys it held.
 */
function emptyDb(client: Client, index: number): number {
  const server = client.server;
  const db = server.keyspace.dbs[index]!;
  const removed = db.size;
  server.watches.touchAllInDb(db, null, client.nowMs);
  server.keyspace.flushDb(index);
  return removed;
}

/** emptyData(-1): every db. */
function emptyAllDbs(client: Client): number {
  let removed = 0;
  for (let index = 0; index < client.server.keyspace.dbs.length; index++) removed += emptyDb(client, index);
  return removed;
}

/** FLUSHALL [ASYNC | SYNC] */
const flushall = defineCommand({
  name: "flushall",
  group: "server",
  summary: "Remove all keys from all databases",
  since: "1.0.0",
  complexity: "O(N) where N is the total number of keys in all databases",
  flags: ["write"],
  categories: ["keyspace", "dangerous"],
  tips: FLUSH_TIPS,
  args: { async: flushModeArg() },
  run(client) {
    if (!singleFlushMode(client)) return;
    const server = client.server;
    // flushAllDataAndResetRDB: a running BGSAVE is killed; dirty grows by the keys removed;
    // with save points the empty dataset is saved at once (which zeroes dirty, as rdbSave does).
    server.rdb.killBgsave();
    server.dirty += emptyAllDbs(client);
    if (server.config.values.save.length > 0) server.rdb.save();
    // forceCommandPropagation: even a FLUSHALL of empty dbs reaches the AOF.
    client.forcePropagation = true;
    client.reply.ok();
  },
});

/** FLUSHDB [ASYNC | SYNC] */
const flushdb = defineCommand({
  name: "flushdb",
  group: "server",
  summary: "Remove all keys from the current database",
  since: "1.0.0",
  complexity: "O(N) where N is the number of keys in the selected database",
  flags: ["write"],
  categories: ["keyspace", "dangerous"],
  tips: FLUSH_TIPS,
  args: { async: flushModeArg() },
  run(client) {
    if (!singleFlushMode(client)) return;
    // flushdbCommand: dirty grows by the keys removed only; forceCommandPropagation still
    // sends the FLUSHDB of an empty db to the AOF.
    client.server.dirty += emptyDb(client, client.dbIndex);
    client.forcePropagation = true;
    client.reply.ok();
  },
});

/** DBSIZE */
const dbsize = defineCommand({
  name: "dbsize",
  group: "server",
  summary: "Return the number of keys in the selected database",
  since: "1.0.0",
  complexity: "O(1)",
  flags: ["readonly", "fast"],
  categories: ["keyspace"],
  tips: ["request_policy:all_shards", "response_policy:agg_sum"],
  args: {},
  run(client) {
    client.reply.integer(client.db.size);
  },
});

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

/**
 * getIntFromObjectOrReply: an integer that fits a C int, else `error`. Checked while parsing,
 * so that SWAPDB reports its first bad index even when the second is bad too.
 */
function intArg(name: string, error: string): Arg<z.ZodNumber> {
  const base = int(name, { error });
  return {
    ...base,
    read(argv, at, state) {
      const next = base.read(argv, at, state);
      if (next === -1) return -1;
      const value = state.value as number;
      if (value < INT_MIN || value > INT_MAX) {
        state.error = error;
        return -1;
      }
      return next;
    },
  };
}

/** SWAPDB index1 index2 */
const swapdb = defineCommand({
  name: "swapdb",
  group: "server",
  summary: "Swaps two Redis databases",
  since: "4.0.0",
  complexity: "O(N) where N is the count of clients watching or blocking on keys from both databases.",
  flags: ["write", "fast"],
  categories: ["keyspace", "dangerous"],
  args: {
    index1: intArg("index1", Errors.invalidFirstDbIndex),
    index2: intArg("index2", Errors.invalidSecondDbIndex),
  },
  run(client, { index1, index2 }) {
    const keyspace = client.server.keyspace;
    const count = keyspace.dbs.length;
    if (index1 < 0 || index1 >= count || index2 < 0 || index2 >= count) {
      client.reply.error(Errors.dbIndexOutOfRange);
      return;
    }
    // A watched key that exists in either db changes (dbSwapDatabases, before the swap; a db
    // swapped with itself changes nothing).
    if (index1 !== index2) {
      const watches = client.server.watches;
      watches.touchAllInDb(keyspace.dbs[index1]!, keyspace.dbs[index2]!, client.nowMs);
      watches.touchAllInDb(keyspace.dbs[index2]!, keyspace.dbs[index1]!, client.nowMs);
    }
    // Clients keep their db numbers: a client on db 0 now sees what was db 1 (dbSwapDatabases).
    keyspace.swap(index1, index2);
    client.server.dirty++;
    client.reply.ok();
  },
});

// --- TIME, INFO -----------------------------------------------------------------------------

/** TIME */
const time = defineCommand({
  name: "time",
  group: "server",
  summary: "Return the current server time",
  since: "2.6.0",
  complexity: "O(1)",
  flags: ["loading", "stale", "fast"],
  tips: ["nondeterministic_output"],
  args: {},
  run(client) {
    // gettimeofday: seconds and microseconds, as bulk strings.
    const nowUs = Math.floor(client.server.clock.nowUs());
    client.reply.arrayHeader(2);
    client.reply.bulkLatin1(String(Math.floor(nowUs / 1_000_000)));
    client.reply.bulkLatin1(String(nowUs % 1_000_000));
  },
});

/** INFO [section [section ...]] */
const info = defineCommand({
  name: "info",
  group: "server",
  summary: "Get information and statistics about the server",
  since: "1.0.0",
  complexity: "O(1)",
  flags: ["loading", "stale"],
  categories: ["dangerous"],
  tips: ["nondeterministic_output", "request_policy:all_shards", "response_policy:special"],
  args: { sections: optional(multiple(text("section"))) },
  run(client, { sections }) {
    client.reply.verbatim(infoText(client.server, sections ?? []));
  },
});

// --- CONFIG ---------------------------------------------------------------------------------

const config = defineContainer({
  name: "config",
  group: "server",
  summary: "A container for server configuration commands",
  since: "2.0.0",
  complexity: "Depends on subcommand.",
});

/** A bulk string of config text: latin1 when every char is a byte (values set over RESP), else UTF-8 (paths). */
function bulkConfigText(client: Client, value: string): void {
  if (/[^\x00-\xff]/.test(value)) client.reply.bulkText(value);
  else client.reply.bulkLatin1(value);
}

/** CONFIG GET parameter [parameter ...] */
const configGet = defineCommand({
  container: "config",
  name: "get",
  group: "server",
  summary: "Get the values of configuration parameters",
  since: "2.0.0",
  complexity: "O(N) when N is the number of configuration parameters provided",
  flags: ["admin", "noscript", "loading", "stale"],
  args: { parameters: multiple(block("parameter", { parameter: text("parameter") })) },
  run(client, { parameters }) {
    const pairs = client.server.config.configGet(parameters.map((p) => p.parameter));
    client.reply.mapHeader(pairs.length);
    for (const [name, value] of pairs) {
      bulkConfigText(client, name);
      bulkConfigText(client, value);
    }
  },
});

/** CONFIG SET parameter value [parameter value ...] */
const configSet = defineCommand({
  container: "config",
  name: "set",
  group: "server",
  summary: "Set configuration parameters to the given values",
  since: "2.0.0",
  complexity: "O(N) when N is the number of configuration parameters provided",
  flags: ["admin", "noscript", "loading", "stale"],
  tips: ["request_policy:all_nodes", "response_policy:all_succeeded"],
  // An odd number of words is a syntax error in configSetCommand, not an arity error.
  args: {
    pairs: multiple(block("parameter_value", { parameter: text("parameter"), value: text("value") }), {
      countError: Errors.syntax,
    }),
  },
  run(client, { pairs }) {
    // All or nothing; the server's change hooks (hz …) run inside configSet.
    const result = client.server.config.configSet(
      pairs.map((pair) => [pair.parameter, pair.value] as const),
      { localClient: client.address.isLocal },
    );
    if (result.ok) client.reply.ok();
    else client.reply.error(result.error);
  },
});

/** CONFIG RESETSTAT */
const configResetstat = defineCommand({
  container: "config",
  name: "resetstat",
  group: "server",
  summary: "Reset the stats returned by INFO",
  since: "2.0.0",
  complexity: "O(1)",
  flags: ["admin", "noscript", "loading", "stale"],
  args: {},
  run(client) {
    // resetServerStats + resetCommandTableStats + resetErrorTableStats.
    const server = client.server;
    server.stats.reset();
    const keyspaceStats = server.keyspace.stats;
    keyspaceStats.keyspaceHits = 0;
    keyspaceStats.keyspaceMisses = 0;
    keyspaceStats.expiredKeys = 0;
    server.rdb.saves = 0;
    client.reply.ok();
  },
});

/** CONFIG HELP */
const configHelp = defineCommand({
  container: "config",
  name: "help",
  group: "server",
  summary: "Show helpful text about the different subcommands",
  since: "5.0.0",
  complexity: "O(1)",
  flags: ["loading", "stale"],
  args: {},
  run(client) {
    // Redis's lines, less REWRITE, which redbun does not have.
    replyHelp(client, "config", [
      "GET <pattern>",
      "    Return parameters matching the glob-like <pattern> and their values.",
      "SET <directive> <value>",
      "    Set the configuration <directive> to <value>.",
      "RESETSTAT",
      "    Reset statistics reported by the INFO command.",
    ]);
  },
});

// --- COMMAND --------------------------------------------------------------------------------

/** COMMAND and its subcommands: ACL category `connection`, runnable while loading. */
const COMMAND_FLAGS = ["loading", "stale"] as const;
const COMMAND_CATEGORIES: readonly AclCategory[] = ["connection"];
const UNORDERED = ["nondeterministic_output_order"];

/** COMMAND */
const command = defineContainer({
  name: "command",
  group: "server",
  summary: "Get array of Redis command details",
  since: "2.8.13",
  complexity: "O(N) where N is the total number of Redis commands",
  flags: COMMAND_FLAGS,
  categories: COMMAND_CATEGORIES,
  tips: UNORDERED,
  run(client) {
    replyAllCommandInfo(client);
  },
});

function replyAllCommandInfo(client: Client): void {
  const commands = client.server.commands;
  client.reply.arrayHeader(commands.size);
  for (const entry of commands.values()) replyCommandInfo(client.reply, entry);
}

/** COMMAND COUNT */
const commandCount = defineCommand({
  container: "command",
  name: "count",
  group: "server",
  summary: "Get total number of Redis commands",
  since: "2.8.13",
  complexity: "O(1)",
  flags: COMMAND_FLAGS,
  categories: COMMAND_CATEGORIES,
  args: {},
  run(client) {
    client.reply.integer(client.server.commands.size);
  },
});

/** COMMAND INFO [command-name [command-name ...]] */
const commandInfo = defineCommand({
  container: "command",
  name: "info",
  group: "server",
  summary: "Get array of specific Redis command details, or all when no argument is given.",
  since: "2.8.13",
  complexity: "O(N) where N is the number of commands to look up",
  flags: COMMAND_FLAGS,
  categories: COMMAND_CATEGORIES,
  tips: UNORDERED,
  args: { names: optional(multiple(text("command-name"))) },
  run(client, { names }) {
    if (names === undefined) {
      replyAllCommandInfo(client);
      return;
    }
    client.reply.arrayHeader(names.length);
    for (const name of names) {
      const found = lookupCommandByName(client.server.commands, name);
      if (found === undefined) client.reply.nullBulk();
      else replyCommandInfo(client.reply, found);
    }
  },
});

/** COMMAND DOCS [command-name [command-name ...]] */
const commandDocs = defineCommand({
  container: "command",
  name: "docs",
  group: "server",
  summary: "Get array of specific Redis command documentation",
  since: "7.0.0",
  complexity: "O(N) where N is the number of commands to look up",
  flags: COMMAND_FLAGS,
  categories: COMMAND_CATEGORIES,
  tips: UNORDERED,
  args: { names: optional(multiple(text("command-name"))) },
  run(client, { names }) {
    const commands = client.server.commands;
    // Unknown names are left out of the map.
    const found =
      names === undefined
        ? [...commands.values()]
        : names.flatMap((name) => lookupCommandByName(commands, name) ?? []);
    client.reply.mapHeader(found.length);
    for (const entry of found) {
      client.reply.bulkLatin1(entry.fullName);
      replyCommandDocs(client.reply, entry);
    }
  },
});

/** COMMAND LIST [FILTERBY <MODULE module-name | ACLCAT category | PATTERN pattern>] */
const commandList = defineCommand({
  container: "command",
  name: "list",
  group: "server",
  summary: "Get an array of Redis command names",
  since: "7.0.0",
  complexity: "O(N) where N is the total number of Redis commands",
  flags: COMMAND_FLAGS,
  categories: COMMAND_CATEGORIES,
  tips: UNORDERED,
  args: {
    filterby: withToken(
      "FILTERBY",
      oneOf("filterby", {
        module: withToken("MODULE", text("module-name")),
        aclcat: withToken("ACLCAT", text("category")),
        pattern: withToken("PATTERN", text("pattern", "pattern")),
      }),
    ),
  },
  run(client, { filterby }) {
    // commandListCommand accepts FILTERBY only as the whole rest of the command.
    if (client.argv.length !== 2 && client.argv.length !== 5) {
      client.reply.error(Errors.syntax);
      return;
    }
    const names: string[] = [];
    for (const entry of client.server.commands.values()) {
      for (const candidate of [entry, ...entry.subcommands.values()]) {
        if (filterby === undefined || listFilterAccepts(candidate, filterby)) names.push(candidate.fullName);
      }
    }
    client.reply.arrayHeader(names.length);
    for (const name of names) client.reply.bulkLatin1(name);
  },
});

type ListFilter = { kind: "module" | "aclcat" | "pattern"; value: string };

/** shouldFilterFromCommandList, inverted. redbun has no modules: a module filter matches nothing. */
function listFilterAccepts(candidate: Command, filter: ListFilter): boolean {
  if (filter.kind === "module") return false;
  if (filter.kind === "aclcat") return candidate.categories.some((category) => category === asciiLower(filter.value));
  return stringMatch(filter.value, candidate.fullName, true);
}

/**
 * getKeysSubcommand, shared by COMMAND GETKEYS and GETKEYSANDFLAGS: the keys of the command the
 * arguments after the subcommand spell, replied as an array of `replyKey` each — or the error.
 */
function replyKeysOfCommand(client: Client, replyKey: (key: Uint8Array, flags: FoundKey["flags"]) => void): void {
  const argv = client.argv.slice(2);
  const target = lookupCommand(Request.of(argv));
  const keys = typeof target === "string" ? Errors.getkeysInvalidCommand : commandKeys(target, argv);
  if (typeof keys === "string") {
    client.reply.error(keys);
    return;
  }
  client.reply.arrayHeader(keys.length);
  for (const { position, flags } of keys) replyKey(argv[position]!, flags);
}

/** COMMAND GETKEYS command arg [arg ...] */
const commandGetkeys = defineCommand({
  container: "command",
  name: "getkeys",
  group: "server",
  summary: "Extract keys given a full Redis command",
  since: "2.8.13",
  complexity: "O(N) where N is the number of arguments to the command",
  flags: COMMAND_FLAGS,
  categories: COMMAND_CATEGORIES,
  args: { command: text("command"), args: multiple(bytes("arg")) },
  run(client) {
    replyKeysOfCommand(client, (key) => client.reply.bulk(key));
  },
});

/** COMMAND GETKEYSANDFLAGS command arg [arg ...] */
const commandGetkeysandflags = defineCommand({
  container: "command",
  name: "getkeysandflags",
  group: "server",
  summary: "Extract keys and access flags given a full Redis command",
  since: "7.0.0",
  complexity: "O(N) where N is the number of arguments to the command",
  flags: COMMAND_FLAGS,
  categories: COMMAND_CATEGORIES,
  args: { command: text("command"), args: multiple(bytes("arg")) },
  run(client) {
    replyKeysOfCommand(client, (key, flags) => {
      client.reply.arrayHeader(2);
      client.reply.bulk(key);
      client.reply.setHeader(flags.length);
      for (const flag of flags) client.reply.simple(flag);
    });
  },
});

/** COMMAND HELP */
const commandHelp = defineCommand({
  container: "command",
  name: "help",
  group: "server",
  summary: "Show helpful text about the different subcommands",
  since: "5.0.0",
  complexity: "O(1)",
  flags: COMMAND_FLAGS,
  categories: COMMAND_CATEGORIES,
  args: {},
  run(client) {
    replyHelp(client, "command", [
      "(no subcommand)",
      "    Return details about all Redis commands.",
      "COUNT",
      "    Return the total number of commands in this Redis server.",
      "LIST",
      "    Return a list of all commands in this Redis server.",
      "INFO [<command-name> ...]",
      "    Return details about multiple Redis commands.",
      "    If no command names are given, documentation details for all",
      "    commands are returned.",
      "DOCS [<command-name> ...]",
      "    Return documentation details about multiple Redis commands.",
      "    If no command names are given, documentation details for all",
      "    commands are returned.",
      "GETKEYS <full-command>",
      "    Return the keys from a full Redis command.",
      "GETKEYSANDFLAGS <full-command>",
      "    Return the keys and the access flags from a full Redis command.",
    ]);
  },
});

// --- SAVE, BGSAVE, LASTSAVE -----------------------------------------------------------------

/** SAVE */
const save = defineCommand({
  name: "save",
  group: "server",
  summary: "Synchronously save the dataset to disk",
  since: "1.0.0",
  complexity: "O(N) where N is the total number of keys in all databases",
  flags: ["admin", "noscript", "no_async_loading", "no_multi"],
  args: {},
  run(client) {
    const rdb = client.server.rdb;
    if (rdb.bgsaveInProgress) {
      client.reply.error(Errors.bgsaveInProgress);
      return;
    }
    // Counted in rdb_saves whether it succeeds or not (a failure answers a bare -ERR).
    rdb.saves++;
    if (rdb.save()) client.reply.ok();
    else client.reply.error(Errors.plainErr);
  },
});

/** BGSAVE [SCHEDULE] */
const bgsave = defineCommand({
  name: "bgsave",
  group: "server",
  summary: "Asynchronously save the dataset to disk",
  since: "1.0.0",
  complexity: "O(1)",
  flags: ["admin", "noscript", "no_async_loading"],
  args: { schedule: token("SCHEDULE") },
  run(client, { schedule }) {
    // bgsaveCommand accepts exactly one optional word.
    if (client.argv.length > 2) {
      client.reply.error(Errors.syntax);
      return;
    }
    const rdb = client.server.rdb;
    // Inside EXEC (where denyBlocking is set) the save waits for the cron, as server.in_exec
    // makes Redis wait: the transaction's own writes are not the point in time to save.
    const inExec = client.denyBlocking;
    if (rdb.bgsaveInProgress) {
      client.reply.error(Errors.bgsaveInProgress);
    } else if (rdb.child !== null || inExec) {
      if (schedule || inExec) {
        rdb.bgsaveScheduled = true;
        client.reply.simple("Background saving scheduled");
      } else {
        client.reply.error(Errors.bgsaveOtherChild);
      }
    } else {
      rdb.bgsave();
      client.reply.simple("Background saving started");
    }
  },
});

/** LASTSAVE */
const lastsave = defineCommand({
  name: "lastsave",
  group: "server",
  summary: "Get the UNIX time stamp of the last successful save to disk",
  since: "1.0.0",
  complexity: "O(1)",
  flags: ["loading", "stale", "fast"],
  categories: ["admin", "dangerous"],
  tips: ["nondeterministic_output"],
  args: {},
  run(client) {
    client.reply.integer(client.server.rdb.lastSaveSec);
  },
});

// --- DEBUG ----------------------------------------------------------------------------------

/**
 * strtod as DEBUG SLEEP reads its argument: the longest numeric prefix ("1.5s" is 1.5, "abc"
 * is 0), with exponents, inf and nan.
 */
function strtod(textValue: string): number {
  const match = /^[\t\n\v\f\r ]*([+-]?(?:inf(?:inity)?|nan|(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?))/i.exec(textValue);
  if (match === null) return 0;
  const literal = match[1]!.toLowerCase().replace(/^([+-]?)inf(inity)?$/, "$1Infinity");
  return literal.endsWith("nan") ? Number.NaN : Number(literal);
}

/** atoi: leading blanks, a sign, digits; 0 when there are none. */
function atoi(textValue: string): number {
  const value = Number.parseInt(textValue, 10);
  return Number.isNaN(value) ? 0 : value;
}

/**
 * DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: save, flush, load. The file is read and checked
 * before the flush, so a bad file leaves the dataset alone; NOFLUSH without MERGE refuses a
 * file with keys already present, where Redis would stop with a panic.
 */
function debugReload(client: Client, options: readonly string[]): void {
  const words = options.map(asciiLower);
  if (words.some((word) => word !== "merge" && word !== "noflush" && word !== "nosave")) {
    client.reply.error(Errors.debugReloadOptions);
    return;
  }
  const reloadOptions = { save: !words.includes("nosave"), flush: !words.includes("noflush"), merge: words.includes("merge") };
  const error = client.server.rdb.reload(reloadOptions, () => emptyAllDbs(client));
  if (error === null) client.reply.ok();
  else client.reply.error(error);
}

/** DEBUG subcommand [argument [argument ...]] */
const debug = defineCommand({
  name: "debug",
  group: "server",
  summary: "A container for debugging commands",
  since: "1.0.0",
  complexity: "Depends on subcommand.",
  flags: ["admin", "noscript", "loading", "stale"],
  args: { subcommand: text("subcommand"), args: optional(multiple(text("argument"))) },
  run(client, { subcommand, args = [] }) {
    // processCommand refuses DEBUG unless enable-debug-command allows this client.
    const allowed = client.server.config.values["enable-debug-command"];
    if (allowed === "no" || (allowed === "local" && !client.address.isLocal)) {
      client.reply.error(Errors.debugNotAllowed);
      return;
    }
    const name = asciiLower(subcommand);
    const argument = args.length === 1 ? args[0] : undefined;
    if (name === "help" && args.length === 0) {
      replyHelp(client, "debug", [
        "OBJECT <key>",
        "    Show low level info about `key` and associated value.",
        "RELOAD [option ...]",
        "    Save the RDB on disk and reload it back to memory. Valid <option> values:",
        "    * MERGE: conflicting keys will be loaded from RDB.",
        "    * NOFLUSH: the existing database will not be removed before load, but",
        "      conflicting keys will generate an exception and kill the server.",
        "    * NOSAVE: the database will be loaded from an existing RDB file.",
        "    Examples:",
        "    * DEBUG RELOAD: verify that the server is able to persist, flush and reload",
        "      the database.",
        "    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an",
        "      existing RDB file.",
        "    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB",
        "      file to the database.",
        "SET-ACTIVE-EXPIRE <0|1>",
        "    Setting it to 0 disables expiring keys in background when they are not",
        "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
        "    default.",
        "SLEEP <seconds>",
        "    Stop the server for <seconds>. Decimals allowed.",
      ]);
    } else if (name === "sleep" && argument !== undefined) {
      // The whole server stops, as Redis's nanosleep does; a negative, NaN or infinite
      // duration makes nanosleep fail at once.
      const sleepUs = Math.trunc(strtod(argument) * 1_000_000);
      if (sleepUs > 0 && Number.isFinite(sleepUs)) Bun.sleepSync(sleepUs / 1000);
      client.reply.ok();
    } else if (name === "set-active-expire" && argument !== undefined) {
      client.server.activeExpireEnabled = atoi(argument) !== 0;
      client.reply.ok();
    } else if (name === "reload") {
      debugReload(client, args);
    } else if (name === "object" && argument !== undefined) {
      // dictFind: the key as stored, expired or not, its idle time untouched.
      const slot = client.db.peekSlot(argument);
      if (slot === -1) client.reply.error(Errors.noSuchKey);
      else client.reply.simple(debugObjectLine(client.server, client.db, slot, client.nowMs));
    } else {
      client.reply.error(subcommandSyntaxError(subcommand, "debug"));
    }
  },
});

// --- MONITOR --------------------------------------------------------------------------------

/** MONITOR */
const monitor = defineCommand({
  name: "monitor",
  group: "server",
  summary: "Listen for all requests received by the server in real time",
  since: "1.0.0",
  // Redis declares no complexity for MONITOR: COMMAND DOCS leaves the field out.
  flags: ["admin", "noscript", "loading", "stale"],
  args: {},
  run(client) {
    // A client that must get one reply per command (inside EXEC) cannot become a monitor.
    if (client.denyBlocking) {
      client.reply.error(Errors.monitorDenyBlocking);
      return;
    }
    // A second MONITOR is ignored without a reply, as Redis ignores it for a replica.
    if (client.monitor) return;
    client.server.monitors.add(client);
    client.reply.ok();
  },
});

// --- BGREWRITEAOF ---------------------------------------------------------------------------

/** BGREWRITEAOF */
const bgrewriteaof = defineCommand({
  name: "bgrewriteaof",
  group: "server",
  summary: "Asynchronously rewrite the append-only file",
  since: "1.0.0",
  complexity: "O(1)",
  flags: ["admin", "noscript", "no_async_loading"],
  categories: ["dangerous"],
  args: {},
  run(client) {
    // bgrewriteaofCommand: one rewrite at a time; behind a BGSAVE or inside EXEC it waits for
    // the cron. It works with appendonly no too (a base alone).
    const outcome = client.server.aof.requestRewrite();
    if (outcome === "in-progress") client.reply.error(Errors.aofRewriteInProgress);
    else if (outcome === "scheduled") client.reply.simple("Background append only file rewriting scheduled");
    else if (outcome === "started") client.reply.simple("Background append only file rewriting started");
    else client.reply.error(Errors.aofRewriteFailed);
  },
});

// --- SHUTDOWN -------------------------------------------------------------------------------

/** SHUTDOWN [NOSAVE | SAVE] [NOW] [FORCE] [ABORT] */
const shutdown = defineCommand({
  name: "shutdown",
  group: "server",
  summary: "Synchronously save the dataset to disk and then shut down the server",
  since: "1.0.0",
  complexity: "O(N) when saving, where N is the total number of keys in all databases when saving data, otherwise O(1)",
  flags: ["admin", "noscript", "loading", "stale", "no_multi", "allow_busy"],
  args: {
    nosaveSave: oneOf("nosave_save", { nosave: token("NOSAVE"), save: token("SAVE") }),
    now: token("NOW"),
    force: token("FORCE"),
    abort: token("ABORT"),
  },
  run(client, { nosaveSave, now, force, abort }) {
    const server = client.server;
    if (abort) {
      // ABORT goes alone. redbun never waits for replicas, so no shutdown is ever pending.
      client.reply.error(nosaveSave || now || force ? Errors.syntax : Errors.noShutdownInProgress);
      return;
    }
    // finishShutdown saves first when asked to (SAVE) or when save points are configured
    // (unless NOSAVE); a failed save keeps the server running unless FORCE says exit anyway.
    // On success there is no reply: the connection closes with the server, as when
    // redis-server exits.
    const flags = { save: nosaveSave?.kind === "save", nosave: nosaveSave?.kind === "nosave", force };
    if (!server.shutdown(flags)) client.reply.error(Errors.shutdownFailed);
  },
});

export const serverCommands: Command[] = [
  flushall,
  flushdb,
  dbsize,
  swapdb,
  time,
  info,
  config,
  configGet,
  configSet,
  configResetstat,
  configHelp,
  command,
  commandCount,
  commandInfo,
  commandDocs,
  commandList,
  commandGetkeys,
  commandGetkeysandflags,
  commandHelp,
  save,
  bgsave,
  lastsave,
  debug,
  monitor,
  bgrewriteaof,
  shutdown,
  ...replicationCommands,
];
