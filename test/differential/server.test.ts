// Differential tests of the server group (FLUSHALL, FLUSHDB, DBSIZE, SWAPDB, TIME, INFO, CONFIG,
// COMMAND, DEBUG, SHUTDOWN) against a real redis-server. COMMAND INFO and DOCS are compared for
// every command redbun has; INFO and TIME by shape (names, not figures).

import { commandTable } from "../../src/commands/table.ts";
import { differentialSuite, replaceText, type Case, type Normalizer } from "../support/differential.ts";
import { decodeReply, latin1, latin1Bytes, parseNode, type RespNode, type RespValue } from "../support/resp-client.ts";

/** Every name redbun answers COMMAND INFO for: `get`, `config`, `config|get` … */
const redbunNames = new Set<string>();
for (const command of commandTable.values()) {
  redbunNames.add(command.fullName);
  for (const subcommand of command.subcommands.values()) redbunNames.add(subcommand.fullName);
}

// --- COMMAND INFO ---------------------------------------------------------------------------

function header(type: string, count: number): Uint8Array {
  return latin1Bytes(`${type}${count}\r\n`);
}

function slice(bytes: Uint8Array, node: RespNode): Uint8Array {
  return bytes.subarray(node.start, node.end);
}

function bodyText(bytes: Uint8Array, node: RespNode): string {
  return node.body === undefined ? "" : latin1(bytes.subarray(node.body.from, node.body.to));
}

/** A map's pairs written back without those whose key is in `drop`. */
function mapWithout(bytes: Uint8Array, node: RespNode, drop: ReadonlySet<string>): Uint8Array[] {
  const children = node.children ?? [];
  const kept: Uint8Array[] = [];
  for (let i = 0; i < children.length; i += 2) {
    if (drop.has(bodyText(bytes, children[i]!))) continue;
    kept.push(slice(bytes, children[i]!), slice(bytes, children[i + 1]!));
  }
  const pairs = kept.length / 2;
  return [header(node.type, node.type === "%" ? pairs : pairs * 2), ...kept];
}

/**
 * One COMMAND INFO entry as compared: name, arity, flags, key range, categories and tips
 * byte for byte; key specs without Redis's free-text `notes`; subcommands that redbun has,
 * sorted (Redis lists them in its dict's random order).
 */
function infoEntry(bytes: Uint8Array, node: RespNode): Uint8Array[] {
  const children = node.children;
  if (children === undefined || children.length !== 10) return [slice(bytes, node)];
  const out = [bytes.subarray(node.start, node.headerEnd), ...children.slice(0, 8).map((c) => slice(bytes, c))];
  const specs = children[8]!;
  out.push(bytes.subarray(specs.start, specs.headerEnd));
  for (const spec of specs.children ?? []) out.push(...mapWithout(bytes, spec, new Set(["notes"])));
  const subs = children[9]!;
  const kept = (subs.children ?? [])
    .filter((sub) => redbunNames.has(bodyText(bytes, sub.children![0]!)))
    .map((sub) => Buffer.concat(infoEntry(bytes, sub)))
    .sort(Buffer.compare);
  out.push(header(subs.type, kept.length), ...kept);
  return out;
}

const commandInfoShape: Normalizer = (reply) => {
  const node = parseNode(reply, 0);
  if (node.type !== "*" || node.children === undefined) return reply;
  return Buffer.concat([reply.subarray(node.start, node.headerEnd), ...node.children.flatMap((entry) => infoEntry(reply, entry))]);
};

// --- COMMAND DOCS ---------------------------------------------------------------------------

/** Commands whose Redis docs list no arguments; redbun declares what its parser needs. */
const UNDOCUMENTED_ARGS = new Set(["debug", "command|getkeys", "command|getkeysandflags"]);
/** Doc fields redbun's declarations do not carry: per-argument `since`, history, doc flags. */
const UNDECLARED_FIELDS = new Set(["since", "history", "doc_flags", "deprecated_since", "replaced_by"]);

function pairsOf(value: RespValue): [string, RespValue][] {
  if (Array.isArray(value)) {
    const pairs: [string, RespValue][] = [];
    for (let i = 0; i < value.length; i += 2) pairs.push([String(value[i]), value[i + 1]!]);
    return pairs;
  }
  if (value !== null && typeof value === "object" && !(value instanceof Error)) return Object.entries(value);
  return [];
}

function argumentShape(arg: RespValue): RespValue {
  const out: { [key: string]: RespValue } = {};
  for (const [field, value] of pairsOf(arg)) {
    if (field === "since") continue;
    out[field] = field === "arguments" && Array.isArray(value) ? value.map(argumentShape) : value;
  }
  return out;
}

function docShape(name: string, doc: RespValue): RespValue {
  const out: { [key: string]: RespValue } = {};
  for (const [field, value] of pairsOf(doc)) {
    if (UNDECLARED_FIELDS.has(field)) continue;
    if (field === "arguments") {
      if (!UNDOCUMENTED_ARGS.has(name) && Array.isArray(value)) out[field] = value.map(argumentShape);
    } else if (field === "subcommands") {
      out[field] = docsShape(value);
    } else {
      out[field] = value;
    }
  }
  return out;
}

/** name → doc pairs (a RESP2 flat array or a RESP3 map), limited to what redbun has, sorted. */
function docsShape(value: RespValue): RespValue {
  const entries = pairsOf(value)
    .filter(([name]) => redbunNames.has(name))
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return Object.fromEntries(entries.map(([name, doc]) => [name, docShape(name, doc)]));
}

/** COMMAND DOCS as compared: the documented structure as JSON (reply types are checked by COMMAND INFO). */
const commandDocsShape: Normalizer = (reply) => JSON.stringify(docsShape(decodeReply(reply, { bulk: "latin1" })));

// --- INFO and TIME ----------------------------------------------------------------------------

/** Sections whose lines depend on what ran before (per command, per error, latency percentiles). */
const HISTORY_SECTIONS = new Set(["Commandstats", "Errorstats", "Latencystats"]);

/**
 * INFO as compared: section titles and field names in order, values dropped, and redbun's own
 * `redbun_version` left out. Keyspace lines keep their shape with the figures masked.
 */
const infoShape: Normalizer = (reply) => {
  const text = latin1(reply);
  const verbatim = text.startsWith("=");
  const body = text.slice(text.indexOf("\r\n") + 2 + (verbatim ? 4 : 0), text.length - 2);
  let section = "";
  const lines: string[] = [];
  for (const line of body.split("\r\n")) {
    if (line.startsWith("# ")) {
      section = line.slice(2);
      lines.push(line);
    } else if (line === "" || HISTORY_SECTIONS.has(section) || line.startsWith("redbun_version:")) {
      continue;
    } else if (section === "Keyspace") {
      lines.push(line.replace(/\d+/g, "N"));
    } else {
      lines.push(line.slice(0, line.indexOf(":")));
    }
  }
  return `${verbatim ? "=" : "$"}${lines.join("\n")}`;
};

const timeShape = replaceText(/\$\d+\r\n\d+/g, "$N\r\nN");

// --- the cases --------------------------------------------------------------------------------

const allNames = [...redbunNames].sort();

const commandInfoCases: Case[] = allNames.flatMap((name): Case[] => [
  { name: `COMMAND INFO ${name}`, commands: [{ argv: ["COMMAND", "INFO", name], normalize: commandInfoShape }] },
  { name: `COMMAND INFO ${name} (RESP3)`, resp: 3, commands: [{ argv: ["COMMAND", "INFO", name], normalize: commandInfoShape }] },
]);

const commandDocsCases: Case[] = allNames.map((name) => ({
  name: `COMMAND DOCS ${name}`,
  commands: [{ argv: ["COMMAND", "DOCS", name], normalize: commandDocsShape }],
}));

const commandCases: Case[] = [
  {
    name: "COMMAND INFO: several names, unknown ones, case, container|sub",
    commands: [
      { argv: ["COMMAND", "INFO", "get", "nosuch", "SET", "Config|Get", "config|nosuch", "get|x", "config|get|x"], normalize: commandInfoShape },
      { argv: ["COMMAND", "INFO", ""], normalize: commandInfoShape },
    ],
  },
  {
    name: "COMMAND INFO: unknown names (RESP3)",
    resp: 3,
    commands: [{ argv: ["COMMAND", "INFO", "nosuch", "get"], normalize: commandInfoShape }],
  },
  {
    name: "COMMAND DOCS: several names, unknown ones left out",
    commands: [
      { argv: ["COMMAND", "DOCS", "nosuch"] },
      { argv: ["COMMAND", "DOCS", "get", "nosuch", "config|get", "CONFIG"], normalize: commandDocsShape },
    ],
  },
  {
    name: "COMMAND DOCS (RESP3)",
    resp: 3,
    commands: [
      { argv: ["COMMAND", "DOCS", "nosuch"] },
      { argv: ["COMMAND", "DOCS", "set", "command"], normalize: commandDocsShape },
    ],
  },
  {
    name: "COMMAND arity and unknown subcommands",
    commands: [
      ["COMMAND", "COUNT", "x"],
      ["COMMAND", "HELP", "x"],
      ["COMMAND", "NOSUCH"],
      ["command", "nosuch", "a"],
      ["COMMAND", "GETKEYS"],
      ["COMMAND", "GETKEYS", "get"],
    ],
  },
  { name: "COMMAND HELP", commands: [["COMMAND", "HELP"], ["command", "help"]] },
  {
    name: "COMMAND LIST filters",
    unordered: true,
    commands: [
      ["COMMAND", "LIST", "FILTERBY", "PATTERN", "flush*"],
      ["COMMAND", "LIST", "FILTERBY", "pattern", "COMMAND|*"],
      ["COMMAND", "LIST", "filterby", "PATTERN", "swapdb"],
      ["COMMAND", "LIST", "FILTERBY", "PATTERN", "nosuch*"],
      ["COMMAND", "LIST", "FILTERBY", "ACLCAT", "nosuch"],
      ["COMMAND", "LIST", "FILTERBY", "MODULE", "nosuch"],
    ],
  },
  {
    name: "COMMAND LIST syntax errors",
    commands: [
      ["COMMAND", "LIST", "foo"],
      ["COMMAND", "LIST", "FILTERBY"],
      ["COMMAND", "LIST", "FILTERBY", "PATTERN"],
      ["COMMAND", "LIST", "FILTERBY", "x", "y"],
      ["COMMAND", "LIST", "FILTERBY", "PATTERN", "a", "b"],
      ["COMMAND", "LIST", "FILTERBY", "PATTERN", "a", "FILTERBY", "PATTERN", "b"],
      ["COMMAND", "LIST", "FILTERBY", "PATTERN", "a", "FILTERBY", "ACLCAT", "b"],
    ],
  },
  {
    name: "COMMAND GETKEYS",
    commands: [
      ["COMMAND", "GETKEYS", "get", "k"],
      ["COMMAND", "GETKEYS", "GET", "k"],
      ["COMMAND", "GETKEYS", "set", "k", "v"],
      ["COMMAND", "GETKEYS", "set", "k", "v", "bogus"],
      ["COMMAND", "GETKEYS", "set", "k", "v", "EX", "notanumber"],
      ["COMMAND", "GETKEYS", "del", "a", "b", "c"],
      ["COMMAND", "GETKEYS", "mset", "a", "1", "b", "2"],
      ["COMMAND", "GETKEYS", "mset", "a", "1", "b"],
      ["COMMAND", "GETKEYS", "object", "encoding", "k"],
      ["COMMAND", "GETKEYS", "nosuch", "a"],
      ["COMMAND", "GETKEYS", "config", "nosuch"],
      ["COMMAND", "GETKEYS", "ping", "a"],
      ["COMMAND", "GETKEYS", "config", "get", "x"],
      ["COMMAND", "GETKEYS", "get", "a", "b"],
      ["COMMAND", "GETKEYS", "set", "k"],
    ],
  },
  {
    name: "COMMAND GETKEYSANDFLAGS",
    commands: [
      ["COMMAND", "GETKEYSANDFLAGS", "get", "k"],
      ["COMMAND", "GETKEYSANDFLAGS", "del", "a", "b"],
      ["COMMAND", "GETKEYSANDFLAGS", "nosuch", "a"],
      ["COMMAND", "GETKEYSANDFLAGS", "ping", "a"],
    ],
  },
  {
    // The keynum key spec reads numkeys with string2ll; where it cannot (leading zeros, a sign,
    // trailing bytes, a count past the argv) Redis falls back to genericGetKeys and atoi, whose
    // keys carry no flags. A count of 2^32+1 is 1 once cut to a C int.
    name: "COMMAND GETKEYS / GETKEYSANDFLAGS: numkeys keys (SINTERCARD)",
    commands: [
      ["COMMAND", "GETKEYS", "sintercard", "2", "a", "b"],
      ["COMMAND", "GETKEYS", "SINTERCARD", "2", "a", "b", "LIMIT", "3"],
      ["COMMAND", "GETKEYS", "sintercard", "1", "a", "b", "c"],
      ["COMMAND", "GETKEYS", "sintercard", "1", "LIMIT"],
      ["COMMAND", "GETKEYS", "sintercard", "0", "a"],
      ["COMMAND", "GETKEYS", "sintercard", "3", "a", "b"],
      ["COMMAND", "GETKEYS", "sintercard", "x", "a"],
      ["COMMAND", "GETKEYS", "sintercard", "-1", "a"],
      ["COMMAND", "GETKEYS", "sintercard", "-0", "a"],
      ["COMMAND", "GETKEYS", "sintercard", "", "a"],
      ["COMMAND", "GETKEYS", "sintercard", "01", "a"],
      ["COMMAND", "GETKEYS", "sintercard", "+1", "a"],
      ["COMMAND", "GETKEYS", "sintercard", " 2", "a", "b"],
      ["COMMAND", "GETKEYS", "sintercard", "\t1", "a"],
      ["COMMAND", "GETKEYS", "sintercard", "1abc", "a"],
      ["COMMAND", "GETKEYS", "sintercard", "1\0", "a"],
      ["COMMAND", "GETKEYS", "sintercard", "4294967297", "a"],
      ["COMMAND", "GETKEYS", "sintercard", "04294967297", "a"],
      ["COMMAND", "GETKEYS", "sintercard", "-4294967295", "a"],
      ["COMMAND", "GETKEYS", "sintercard", "2147483647", "a"],
      ["COMMAND", "GETKEYS", "sintercard", "9223372036854775807", "a"],
      ["COMMAND", "GETKEYS", "sintercard", "99999999999999999999", "a"],
      ["COMMAND", "GETKEYS", "sintercard", "1"],
      ["COMMAND", "GETKEYSANDFLAGS", "sintercard", "2", "a", "b"],
      ["COMMAND", "GETKEYSANDFLAGS", "sintercard", "01", "a"],
      ["COMMAND", "GETKEYSANDFLAGS", "sintercard", "4294967297", "a"],
      ["COMMAND", "GETKEYSANDFLAGS", "sintercard", "0", "a"],
    ],
  },
  {
    // LMPOP's keys must leave room for LEFT | RIGHT, and BLMPOP's numkeys comes after its timeout.
    name: "COMMAND GETKEYS / GETKEYSANDFLAGS: numkeys keys (LMPOP, BLMPOP)",
    commands: [
      ["COMMAND", "GETKEYS", "lmpop", "2", "a", "b", "LEFT"],
      ["COMMAND", "GETKEYS", "lmpop", "2", "a", "LEFT"],
      ["COMMAND", "GETKEYS", "lmpop", "3", "a", "LEFT"],
      ["COMMAND", "GETKEYS", "lmpop", "01", "a", "LEFT"],
      ["COMMAND", "GETKEYS", "lmpop", "0", "a", "LEFT"],
      ["COMMAND", "GETKEYS", "lmpop", "1", "a"],
      ["COMMAND", "GETKEYS", "lmpop", "1", "a", "UP", "COUNT", "x"],
      ["COMMAND", "GETKEYS", "blmpop", "0", "2", "a", "b", "LEFT"],
      ["COMMAND", "GETKEYS", "blmpop", "x", "1", "a", "RIGHT"],
      ["COMMAND", "GETKEYS", "blmpop", "0", "3", "a", "LEFT"],
      ["COMMAND", "GETKEYS", "blmpop", "0", "01", "a", "LEFT"],
      ["COMMAND", "GETKEYS", "blmpop", "0", "1", "a"],
      ["COMMAND", "GETKEYSANDFLAGS", "lmpop", "2", "a", "b", "LEFT"],
      ["COMMAND", "GETKEYSANDFLAGS", "lmpop", "01", "a", "LEFT"],
      ["COMMAND", "GETKEYSANDFLAGS", "blmpop", "0", "1", "a", "LEFT"],
      ["COMMAND", "GETKEYSANDFLAGS", "blmpop", "0", "+1", "a", "LEFT"],
    ],
  },
  {
    name: "COMMAND GETKEYSANDFLAGS: numkeys keys (RESP3)",
    resp: 3,
    commands: [
      ["COMMAND", "GETKEYSANDFLAGS", "sintercard", "2", "a", "b"],
      ["COMMAND", "GETKEYSANDFLAGS", "sintercard", "01", "a"],
    ],
  },
  {
    // Shard channels have a NOT_KEY key spec: doesCommandHaveKeys says no.
    name: "COMMAND GETKEYS: shard channels are not keys",
    commands: [
      ["COMMAND", "GETKEYS", "ssubscribe", "a"],
      ["COMMAND", "GETKEYS", "ssubscribe", "a", "b"],
      ["COMMAND", "GETKEYS", "sunsubscribe", "a"],
      ["COMMAND", "GETKEYS", "sunsubscribe"],
      ["COMMAND", "GETKEYS", "spublish", "a", "b"],
      ["COMMAND", "GETKEYS", "spublish", "a"],
      ["COMMAND", "GETKEYSANDFLAGS", "ssubscribe", "a"],
      ["COMMAND", "GETKEYSANDFLAGS", "spublish", "a", "b"],
    ],
  },
];

/** Settings both servers have, with the same defaults (the harness starts Redis with save ""). */
const configCases: Case[] = [
  {
    name: "CONFIG GET: names, aliases, case, globs",
    unordered: "pairs",
    commands: [
      ["CONFIG", "GET", "hz"],
      ["CONFIG", "GET", "HZ"],
      ["CONFIG", "GET", "maxclients", "timeout", "hz"],
      ["CONFIG", "GET", "nosuch"],
      ["CONFIG", "GET", "hz", "hz", "HZ"],
      ["CONFIG", "GET", "slave-read-only"],
      ["CONFIG", "GET", "replica-read-only", "slave-read-only"],
      ["CONFIG", "GET", "proto*"],
      ["CONFIG", "GET", "client-*"],
      ["CONFIG", "GET", "h?"],
      ["CONFIG", "GET", "[h]z"],
      ["CONFIG", "GET", "H*Z"],
      ["CONFIG", "GET", "save", "dbfilename", "databases", "tcp-keepalive", "protected-mode"],
      ["CONFIG", "GET", "client-output-buffer-limit", "proto-max-bulk-len", "requirepass"],
    ],
  },
  {
    name: "CONFIG GET (RESP3 map)",
    resp: 3,
    unordered: "pairs",
    commands: [["CONFIG", "GET", "hz", "maxclients"], ["CONFIG", "GET", "nosuch"]],
  },
  {
    name: "CONFIG GET errors",
    commands: [["CONFIG", "GET"], ["CONFIG"], ["config", "nosuch"], ["CONFIG", "REWRITEX"]],
  },
  {
    name: "CONFIG SET: one, several, read back, restore",
    unordered: "pairs",
    commands: [
      ["CONFIG", "SET", "hz", "20"],
      ["CONFIG", "GET", "hz"],
      ["CONFIG", "SET", "maxclients", "500", "timeout", "30"],
      ["CONFIG", "GET", "maxclients", "timeout"],
      ["CONFIG", "SET", "HZ", "10", "MAXCLIENTS", "10000", "Timeout", "0"],
      ["CONFIG", "GET", "hz", "maxclients", "timeout"],
      ["CONFIG", "SET", "tcp-keepalive", "60", "proto-max-bulk-len", "1mb"],
      ["CONFIG", "GET", "tcp-keepalive", "proto-max-bulk-len"],
      ["CONFIG", "SET", "tcp-keepalive", "300", "proto-max-bulk-len", "512mb"],
      ["CONFIG", "SET", "slave-read-only", "no"],
      ["CONFIG", "GET", "replica-read-only"],
      ["CONFIG", "SET", "replica-read-only", "yes"],
    ],
  },
  {
    name: "CONFIG SET errors",
    commands: [
      ["CONFIG", "SET"],
      ["CONFIG", "SET", "hz"],
      ["CONFIG", "SET", "hz", "10", "maxclients"],
      ["CONFIG", "SET", "nosuch", "1"],
      ["CONFIG", "SET", "hz", "abc"],
      ["CONFIG", "SET", "maxclients", "0"],
      ["CONFIG", "SET", "databases", "4"],
      ["CONFIG", "SET", "hz", "20", "nosuch", "1"],
      ["CONFIG", "SET", "hz", "20", "hz", "30"],
      ["CONFIG", "SET", "hz", "20", "maxclients", "abc"],
      ["CONFIG", "GET", "hz"],
      ["CONFIG", "SET", "loglevel", "loud"],
      ["CONFIG", "SET", "unixsocketperm", "777"],
      ["CONFIG", "SET", "protected-mode", "maybe"],
      ["CONFIG", "SET", "enable-debug-command", "yes"],
    ],
  },
  { name: "CONFIG RESETSTAT", commands: [["CONFIG", "RESETSTAT"], ["CONFIG", "RESETSTAT", "x"], ["CONFIG", "HELP", "x"]] },
];

const infoCases: Case[] = [
  {
    name: "INFO sections by name",
    setup: [["SET", "k", "v"], ["SET", "t", "v", "EX", "1000"], ["SELECT", "3"], ["SET", "k3", "v"], ["SELECT", "0"]],
    normalize: infoShape,
    commands: [
      ["INFO"],
      ["INFO", "default"],
      ["INFO", "all"],
      ["INFO", "everything"],
      ["INFO", "server"],
      ["INFO", "SERVER", "clients"],
      ["INFO", "memory"],
      ["INFO", "persistence"],
      ["INFO", "stats"],
      ["INFO", "replication"],
      ["INFO", "cpu"],
      ["INFO", "modules"],
      ["INFO", "module_list"],
      ["INFO", "commandstats"],
      ["INFO", "errorstats"],
      ["INFO", "latencystats"],
      ["INFO", "cluster"],
      ["INFO", "keyspace"],
      ["INFO", "Keyspace", "server", "keyspace"],
      ["INFO", "default", "commandstats"],
      ["INFO", "all", "nosuch"],
      ["INFO", "nosuch"],
    ],
  },
  {
    name: "INFO (RESP3 verbatim string)",
    resp: 3,
    normalize: infoShape,
    commands: [["INFO", "keyspace"], ["INFO", "nosuch"], ["INFO", "server", "cluster"]],
  },
  { name: "INFO with no keys and no section", commands: [["INFO", "keyspace"], ["INFO", "nosuch"], ["INFO", "cluster"]] },
];

const dataCases: Case[] = [
  {
    name: "FLUSHDB and FLUSHALL: options and errors",
    setup: [["SET", "a", "1"], ["SELECT", "1"], ["SET", "b", "2"], ["SELECT", "0"]],
    commands: [
      ["FLUSHDB", "x"],
      ["FLUSHDB", "ASYNC", "SYNC"],
      ["FLUSHDB", "async", "async"],
      ["FLUSHDB", "sync", "x"],
      ["DBSIZE"],
      ["FLUSHDB", "SYNC"],
      ["DBSIZE"],
      ["SELECT", "1"],
      ["DBSIZE"],
      ["FLUSHALL", "x"],
      ["FLUSHALL", "SYNC", "ASYNC"],
      ["FLUSHALL", "sync", "sync"],
      ["DBSIZE"],
      ["FLUSHALL", "async"],
      ["DBSIZE"],
      ["SET", "c", "3"],
      ["FLUSHALL"],
      ["FLUSHDB"],
      ["DBSIZE", "x"],
    ],
  },
  {
    name: "SWAPDB exchanges contents; clients keep their db number",
    setup: [["SET", "in0", "zero"], ["SELECT", "1"], ["SET", "in1", "one"], ["SET", "t", "v", "EX", "1000"], ["SELECT", "0"]],
    commands: [
      ["SWAPDB", "0", "1"],
      ["GET", "in0"],
      ["GET", "in1"],
      ["DBSIZE"],
      ["TTL", "t"],
      ["SELECT", "1"],
      ["GET", "in0"],
      ["SWAPDB", "1", "0"],
      ["GET", "in0"],
      ["SWAPDB", "0", "0"],
      ["SWAPDB", "15", "0"],
      ["DBSIZE"],
    ],
  },
  {
    name: "SWAPDB errors",
    commands: [
      ["SWAPDB"],
      ["SWAPDB", "0"],
      ["SWAPDB", "0", "1", "2"],
      ["SWAPDB", "a", "1"],
      ["SWAPDB", "0", "a"],
      ["SWAPDB", "a", "b"],
      ["SWAPDB", "0", "16"],
      ["SWAPDB", "-1", "0"],
      ["SWAPDB", "16", "b"],
      ["SWAPDB", "4294967296", "b"],
      ["SWAPDB", "0", "4294967296"],
      ["SWAPDB", "2147483647", "0"],
      ["SWAPDB", "-2147483648", "0"],
      ["SWAPDB", "-2147483649", "0"],
      ["SWAPDB", "99999999999999999999", "0"],
      ["SWAPDB", " 1", "0"],
      ["SWAPDB", "1.0", "0"],
      ["SWAPDB", "", "0"],
    ],
  },
  {
    name: "TIME",
    commands: [{ argv: ["TIME"], normalize: timeShape }, ["TIME", "x"]],
  },
  {
    name: "TIME (RESP3)",
    resp: 3,
    commands: [{ argv: ["TIME"], normalize: timeShape }],
  },
  {
    name: "DEBUG is refused unless enable-debug-command allows it",
    commands: [["DEBUG"], ["DEBUG", "SLEEP", "0"], ["DEBUG", "help"], ["DEBUG", "nosuch", "x"]],
  },
  {
    name: "SHUTDOWN errors that leave the server running",
    commands: [
      ["SHUTDOWN", "ABORT"],
      ["SHUTDOWN", "abort"],
      ["SHUTDOWN", "ABORT", "NOW"],
      ["SHUTDOWN", "NOSAVE", "ABORT"],
      ["SHUTDOWN", "FORCE", "ABORT"],
      ["SHUTDOWN", "NOSAVE", "SAVE"],
      ["SHUTDOWN", "SAVE", "NOSAVE", "NOW"],
      ["SHUTDOWN", "nosuch"],
      ["SHUTDOWN", "NOW", "x"],
      ["PING"],
    ],
  },
];

// The reference runs with save "" (no save points); redbun matches it.
const sameConfig = { redbunConfig: { save: [] } };

differentialSuite("server: COMMAND INFO for every command", commandInfoCases, sameConfig);
differentialSuite("server: COMMAND DOCS for every command", commandDocsCases, sameConfig);
differentialSuite("server: COMMAND", commandCases, sameConfig);
differentialSuite("server: CONFIG", configCases, sameConfig);
differentialSuite("server: INFO", infoCases, sameConfig);
differentialSuite("server: data and lifecycle", dataCases, sameConfig);

differentialSuite(
  "server: DEBUG (enable-debug-command yes)",
  [
    {
      name: "DEBUG SLEEP and SET-ACTIVE-EXPIRE",
      commands: [
        ["DEBUG", "SLEEP", "0"],
        ["debug", "sleep", "0.001"],
        ["DEBUG", "SLEEP", "abc"],
        ["DEBUG", "SLEEP", "-1"],
        ["DEBUG", "SLEEP", "1e-3"],
        ["DEBUG", "SLEEP", "inf"],
        ["DEBUG", "SLEEP", "nan"],
        ["DEBUG", "SLEEP"],
        ["DEBUG", "SLEEP", "1", "2"],
        ["DEBUG", "SET-ACTIVE-EXPIRE", "0"],
        ["DEBUG", "set-active-expire", "x"],
        ["DEBUG", "SET-ACTIVE-EXPIRE", "2"],
        ["DEBUG", "SET-ACTIVE-EXPIRE", "1"],
        ["DEBUG", "SET-ACTIVE-EXPIRE"],
        ["DEBUG", "SET-ACTIVE-EXPIRE", "1", "2"],
        ["DEBUG", "nosuch"],
        ["DEBUG", "nosuch", "a", "b"],
        ["DEBUG", "help", "x"],
        ["DEBUG", "x".repeat(200)],
        ["DEBUG"],
      ],
    },
  ],
  { redisArgs: ["--enable-debug-command", "yes"], redbunConfig: { save: [], "enable-debug-command": "yes" } },
);

differentialSuite(
  "server: SHUTDOWN",
  [
    {
      name: "SHUTDOWN NOSAVE closes the connection without a reply",
      setup: [["SET", "k", "v"]],
      commands: [{ argv: ["SHUTDOWN", "NOSAVE", "NOW"], untilClosed: true }],
    },
  ],
  sameConfig,
);
