// What COMMAND INFO / DOCS / GETKEYS and docs/commands.md say about a command, derived from
// its declaration: key specs (begin_search / find_keys, as Redis 7's commands/*.json give
// them), the key positions they find in an argv, the reply maps of addReplyCommandInfo and
// addReplyCommandDocs (server.c), and the syntax line as Redis's documentation renders it.

import { asciiLower } from "../config/values.ts";
import { Errors } from "../protocol/errors.ts";
import { parseInt64 } from "../store/numbers.ts";
import type { ReplyWriter } from "../protocol/reply-writer.ts";
import type { Arg, ArgDoc } from "./args.ts";
import { COMMAND_FLAGS, type Command, type KeySpecFlag } from "./define.ts";

const LONG_MAX = 9223372036854775807n;
const LONG_MIN = -9223372036854775808n;

export type BeginSearch =
  | { type: "index"; index: number }
  | { type: "keyword"; keyword: string; startFrom: number }
  | { type: "unknown" };

export type FindKeys =
  | { type: "range"; lastKey: number; keyStep: number; limit: number }
  /** `numkeys key [key ...]`: the count at keynumIdx, keys from firstKey, both after begin_search's index. */
  | { type: "keynum"; keynumIdx: number; firstKey: number; keyStep: number }
  | { type: "unknown" };

export interface KeySpec {
  flags: readonly KeySpecFlag[];
  beginSearch: BeginSearch;
  findKeys: FindKeys;
}

export interface DerivedKeySpecs {
  specs: KeySpec[];
  /** The spec each key argument belongs to, in declaration order (COMMAND DOCS's key_spec_index). */
  specOfKey: number[];
}

/**
 * The key specs of a command, derived from where its key arguments sit. A key at a fixed
 * place is found by index; consecutive fixed keys with the same flags share one spec, as in
 * Redis (LCS key1 key2: one spec, lastkey 1). A key behind a keyword (`STORE destination`) is
 * found by searching for the keyword from the first place an option can start; keys counted
 * by a numkeys argument are found by `keynum`; anything else (and what unknownKeySpec marks)
 * is `unknown`, found by the command's getKeys or its parser, one spec for consecutive unknown
 * keys with the same flags.
 */
export function keySpecsOf(command: Command): DerivedKeySpecs {
  const entries = Object.values(command.spec.args);
  const specs: KeySpec[] = [];
  const specOfKey: number[] = [];
  const flagsOf = (keyIndex: number): readonly KeySpecFlag[] => command.spec.keySpecs?.[keyIndex] ?? [];
  const add = (spec: KeySpec): void => {
    specOfKey.push(specs.length);
    specs.push(spec);
  };
  let position = command.spec.container === undefined ? 1 : 2;
  let fixed = true;
  entries.forEach((arg, i) => {
    const isOption = arg.tokens.length > 0 && arg.optional;
    if (fixed && arg.keynum !== undefined) {
      add({
        flags: flagsOf(specOfKey.length),
        beginSearch: { type: "index", index: position },
        findKeys: { type: "keynum", keynumIdx: 0, firstKey: 1, keyStep: 1 },
      });
      fixed = false;
      return;
    }
    // Keys at fixed places are found by index; any others the argument documents, after.
    let located = 0;
    if (fixed && !isOption) {
      // Required arguments after this one are counted from the end (BLPOP key [key ...] timeout).
      let after = 0;
      for (const later of entries.slice(i + 1)) if (!later.optional) after += later.width;
      for (const offset of arg.keyOffsets) {
        located++;
        const flags = flagsOf(specOfKey.length);
        const at = position + offset;
        const run = arg.multiple ? null : rangeContinuedBy(specs[specs.length - 1], at, flags);
        if (run !== null) {
          run.lastKey++;
          specOfKey.push(specs.length - 1);
          continue;
        }
        add({
          flags,
          beginSearch: { type: "index", index: at },
          findKeys: arg.multiple
            ? { type: "range", lastKey: -1 - after, keyStep: arg.width, limit: 0 }
            : { type: "range", lastKey: 0, keyStep: 1, limit: 0 },
        });
      }
      if (arg.optional || arg.multiple) fixed = false;
      else position += arg.width;
    } else if (!isOption) {
      fixed = false;
    }
    let keyCount = 0;
    for (const doc of docsOf(arg)) keyCount += countKeys(doc);
    const direct = arg.token !== undefined && arg.doc.type === "key" && arg.doc.keySpec === undefined;
    for (let k = located; k < keyCount; k++) {
      const flags = flagsOf(specOfKey.length);
      const previous = specs[specs.length - 1];
      // Unknown keys with the same flags are one spec (SORT's BY and GET patterns): they cannot
      // be told apart anyway.
      if (!direct && previous?.beginSearch.type === "unknown" && sameFlags(previous.flags, flags)) {
        specOfKey.push(specs.length - 1);
        continue;
      }
      add({
        flags,
        beginSearch: direct ? { type: "keyword", keyword: arg.token!, startFrom: position } : { type: "unknown" },
        findKeys: direct ? { type: "range", lastKey: 0, keyStep: 1, limit: 0 } : { type: "unknown" },
      });
    }
  });
  return { specs, specOfKey };
}

function sameFlags(a: readonly KeySpecFlag[], b: readonly KeySpecFlag[]): boolean {
  return a.length === b.length && a.every((flag, i) => flag === b[i]);
}

/** The range of `spec` when a fixed key at `at` with `flags` continues its run of single fixed keys. */
function rangeContinuedBy(spec: KeySpec | undefined, at: number, flags: readonly KeySpecFlag[]): { lastKey: number } | null {
  if (spec === undefined) return null;
  const { beginSearch, findKeys } = spec;
  const continues =
    beginSearch.type === "index" &&
    findKeys.type === "range" &&
    findKeys.lastKey >= 0 &&
    findKeys.keyStep === 1 &&
    beginSearch.index + findKeys.lastKey + 1 === at &&
    sameFlags(spec.flags, flags);
  return continues && findKeys.type === "range" ? findKeys : null;
}

/** What COMMAND DOCS lists for one declared argument: numkeys keys are two (`numkeys`, `key`). */
function docsOf(arg: Arg): ArgDoc[] {
  return arg.keynum === undefined ? [arg.doc] : [arg.doc, arg.keynum.keyDoc];
}

/** The keys an argument documents: its `key`s, and patterns that name keys (unknownKeySpec). */
function countKeys(doc: ArgDoc): number {
  if (doc.type === "key" || doc.keySpec !== undefined) return 1;
  let n = 0;
  for (const child of doc.arguments ?? []) n += countKeys(child);
  return n;
}

/** Whether Redis would add `movablekeys` (populateCommandMovableKeys): some key is not at a fixed range. */
function hasMovableKeys(specs: readonly KeySpec[]): boolean {
  return specs.some((spec) => spec.beginSearch.type !== "index" || spec.findKeys.type !== "range");
}

export interface FoundKey {
  position: number;
  /** The access flags of the spec that found it, as COMMAND GETKEYSANDFLAGS prints them. */
  flags: readonly string[];
}

/**
 * getKeysUsingKeySpecs: the argv positions of the keys the specs find, or null when a spec
 * cannot tell (unknown, a numkeys that is not a count) or points outside the argv. Like Redis,
 * other arguments are not checked: `SET k v BOGUS` still has the key k. NOT_KEY specs (shard
 * channels) find nothing.
 */
function keyPositionsFromSpecs(specs: readonly KeySpec[], argv: readonly Uint8Array[]): FoundKey[] | null {
  const argc = argv.length;
  const positions: FoundKey[] = [];
  for (const spec of specs) {
    if (spec.flags.includes("NOT_KEY")) continue;
    let first = 0;
    const begin = spec.beginSearch;
    if (begin.type === "index") {
      first = begin.index;
    } else if (begin.type === "keyword") {
      for (let i = begin.startFrom; i < argc; i++) {
        if (latin1Upper(argv[i]!) === begin.keyword) {
          first = i + 1;
          break;
        }
      }
      if (first === 0) continue; // no keyword, no key
    } else {
      return null;
    }
    const find = spec.findKeys;
    let last: number;
    let step: number;
    if (find.type === "range") {
      last = find.lastKey >= 0 ? first + find.lastKey : argc + find.lastKey;
      step = find.keyStep;
    } else if (find.type === "keynum") {
      // string2ll, then C int arithmetic: `first + (int)numkeys - 1` wraps for huge counts,
      // which the bounds check below then rejects (or, for 2^32+1, reads as one key).
      const numkeys = parseInt64(argv[first + find.keynumIdx]!);
      if (numkeys === null || numkeys < 0n) return null;
      first += find.firstKey;
      last = (first + Number(BigInt.asIntN(32, numkeys)) - 1) | 0;
      step = find.keyStep;
    } else {
      return null;
    }
    if (last >= argc || last < first || first >= argc) return null;
    const flags = keySpecFlagNames(spec.flags);
    for (let i = first; i <= last; i += step) positions.push({ position: i, flags });
  }
  return positions;
}

/**
 * getKeysSubcommand once the command is found: the keys of `argv` (the command's own name
 * first), or an error text. Key specs find them without judging the other arguments, as in
 * Redis; where a spec cannot, Redis's getkeys_proc does — genericGetKeys for numkeys keys, the
 * command's `getKeys` (SORT's), else its own parser. No key found is an error, unless the
 * command may name none (EVAL: no_mandatory_keys).
 */
export function commandKeys(command: Command, argv: readonly Uint8Array[]): FoundKey[] | string {
  const { specs } = keySpecsOf(command);
  // doesCommandHaveKeys: a shard channel (a NOT_KEY spec, SSUBSCRIBE's) is not a key.
  if (specs.every((spec) => spec.flags.includes("NOT_KEY"))) return Errors.getkeysNoKeys;
  const argc = argv.length;
  if ((command.arity > 0 && argc !== command.arity) || argc < -command.arity) return Errors.getkeysInvalidArity;
  const keys = keyPositionsFromSpecs(specs, argv) ?? keyPositionsFromNumkeys(specs, argv) ?? keysFromProc(command, argv);
  if (keys.length > 0 || command.flags.has("no_mandatory_keys")) return keys;
  return Errors.getkeysInvalidArguments;
}

/**
 * The command's own getkeys_proc (`getKeys`); without one, the keys its parser meets (none
 * when it rejects the argv), which carry no access flags: the parser knows where keys are, not
 * which spec found them.
 */
function keysFromProc(command: Command, argv: readonly Uint8Array[]): FoundKey[] {
  const getKeys = command.spec.getKeys;
  if (getKeys !== undefined) return getKeys(argv).map(({ position, flags }) => ({ position, flags: keySpecFlagNames(flags) }));
  const parsed = command.keyPositions(argv);
  return typeof parsed === "string" ? [] : parsed.map((position) => ({ position, flags: [] }));
}

/**
 * genericGetKeys, the getkeys_proc Redis falls back to when a numkeys command's key specs
 * cannot tell (`SINTERCARD 01 k`): numkeys read with atoi, no keys at all when it is below 1
 * or counts past the argv, else the keys and then the destination (ZUNIONSTORE's), with no
 * access flags. Null when the command has no numkeys keys.
 */
function keyPositionsFromNumkeys(specs: readonly KeySpec[], argv: readonly Uint8Array[]): FoundKey[] | null {
  const counted = specs.find((spec) => spec.findKeys.type === "keynum");
  if (counted === undefined || counted.beginSearch.type !== "index" || counted.findKeys.type !== "keynum") return null;
  const { keynumIdx, firstKey, keyStep } = counted.findKeys;
  const at = counted.beginSearch.index;
  const first = at + firstKey;
  const num = atoi(argv[at + keynumIdx]!);
  if (num < 1 || num > Math.trunc((argv.length - first) / keyStep)) return [];
  const positions: FoundKey[] = [];
  for (let i = 0; i < num; i++) positions.push({ position: first + i * keyStep, flags: [] });
  const store = specs.find((spec) => spec !== counted && spec.beginSearch.type === "index");
  if (store !== undefined && store.beginSearch.type === "index") positions.push({ position: store.beginSearch.index, flags: [] });
  return positions;
}

/** atoi on a C string: (int)strtol — blanks, a sign, digits up to the first other byte, clamped to a long, then cut to 32 bits. */
function atoi(bytes: Uint8Array): number {
  let at = 0;
  while (at < bytes.length && (bytes[at] === 32 || (bytes[at]! >= 9 && bytes[at]! <= 13))) at++;
  const negative = bytes[at] === 45;
  if (negative || bytes[at] === 43) at++;
  let value = 0n;
  for (; at < bytes.length && bytes[at]! >= 48 && bytes[at]! <= 57; at++) {
    if (value <= LONG_MAX) value = value * 10n + BigInt(bytes[at]! - 48);
  }
  if (negative) value = value > LONG_MAX ? LONG_MIN : -value;
  else if (value > LONG_MAX) value = LONG_MAX;
  return Number(BigInt.asIntN(32, value));
}

/** addReplyFlagsForKeyArgs spells the access kinds in upper case and the rest in lower case. */
function keySpecFlagNames(flags: readonly KeySpecFlag[]): string[] {
  return flags.map((flag) => (flag === "RO" || flag === "RW" || flag === "OW" || flag === "RM" ? flag : flag.toLowerCase()));
}

function latin1Upper(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte >= 97 && byte <= 122 ? byte - 32 : byte);
  return text;
}

// --- COMMAND INFO -------------------------------------------------------------------------

/** addReplyCommandInfo: the 10-element entry; subcommands nest as entries of their own. */
export function replyCommandInfo(reply: ReplyWriter, command: Command): void {
  const { specs } = keySpecsOf(command);
  reply.arrayHeader(10);
  reply.bulkLatin1(command.fullName);
  reply.integer(command.arity);
  const flags = COMMAND_FLAGS.filter(
    (flag) => command.flags.has(flag) || (flag === "movablekeys" && hasMovableKeys(specs)),
  );
  reply.setHeader(flags.length);
  for (const flag of flags) reply.simple(flag);
  reply.integer(command.firstKey);
  reply.integer(command.lastKey);
  reply.integer(command.keyStep);
  reply.setHeader(command.categories.length);
  for (const category of command.categories) reply.simple(`@${category}`);
  const tips = command.spec.tips ?? [];
  reply.setHeader(tips.length);
  for (const tip of tips) reply.bulkLatin1(tip);
  reply.setHeader(specs.length);
  for (const spec of specs) replyKeySpec(reply, spec);
  // addReplyCommandSubCommands: an array of entries, or an empty set when there are none.
  if (command.subcommands.size === 0) {
    reply.setHeader(0);
    return;
  }
  reply.arrayHeader(command.subcommands.size);
  for (const subcommand of command.subcommands.values()) replyCommandInfo(reply, subcommand);
}

/** addReplyCommandKeySpecs for one spec; key-spec flags print as Redis spells them. */
function replyKeySpec(reply: ReplyWriter, spec: KeySpec): void {
  reply.mapHeader(3);
  reply.bulkLatin1("flags");
  const flags = keySpecFlagNames(spec.flags);
  reply.setHeader(flags.length);
  for (const flag of flags) reply.simple(flag);
  const begin = spec.beginSearch;
  replySearchStep(reply, "begin_search", begin.type, () => {
    if (begin.type === "index") replyIntegerMap(reply, [["index", begin.index]]);
    else if (begin.type === "keyword") {
      reply.mapHeader(2);
      reply.bulkLatin1("keyword");
      reply.bulkLatin1(begin.keyword);
      reply.bulkLatin1("startfrom");
      reply.integer(begin.startFrom);
    } else reply.mapHeader(0);
  });
  const find = spec.findKeys;
  replySearchStep(reply, "find_keys", find.type, () => {
    if (find.type === "range") {
      replyIntegerMap(reply, [["lastkey", find.lastKey], ["keystep", find.keyStep], ["limit", find.limit]]);
    } else if (find.type === "keynum") {
      replyIntegerMap(reply, [["keynumidx", find.keynumIdx], ["firstkey", find.firstKey], ["keystep", find.keyStep]]);
    } else reply.mapHeader(0);
  });
}

/** A key spec's begin_search or find_keys entry: `name => {type, spec}`. */
function replySearchStep(reply: ReplyWriter, name: string, type: string, replySpec: () => void): void {
  reply.bulkLatin1(name);
  reply.mapHeader(2);
  reply.bulkLatin1("type");
  reply.bulkLatin1(type);
  reply.bulkLatin1("spec");
  replySpec();
}

function replyIntegerMap(reply: ReplyWriter, pairs: readonly (readonly [string, number])[]): void {
  reply.mapHeader(pairs.length);
  for (const [name, value] of pairs) {
    reply.bulkLatin1(name);
    reply.integer(value);
  }
}

// --- COMMAND DOCS -------------------------------------------------------------------------

/** addReplyCommandDocs: summary, since, group, complexity, arguments, subcommands. */
export function replyCommandDocs(reply: ReplyWriter, command: Command): void {
  const spec = command.spec;
  const args = documentedArgs(command);
  const hasSubcommands = command.subcommands.size > 0;
  const complexity = spec.complexity;
  reply.mapHeader(3 + (complexity !== undefined ? 1 : 0) + (args.length > 0 ? 1 : 0) + (hasSubcommands ? 1 : 0));
  reply.bulkText("summary");
  reply.bulkText(spec.summary);
  reply.bulkText("since");
  reply.bulkText(spec.since);
  reply.bulkText("group");
  reply.bulkText(spec.group);
  if (complexity !== undefined) {
    reply.bulkText("complexity");
    reply.bulkText(complexity);
  }
  if (args.length > 0) {
    reply.bulkText("arguments");
    replyArgList(reply, args, { specOfKey: keySpecsOf(command).specOfKey, next: 0 });
  }
  if (hasSubcommands) {
    reply.bulkText("subcommands");
    reply.mapHeader(command.subcommands.size);
    for (const subcommand of command.subcommands.values()) {
      reply.bulkLatin1(subcommand.fullName);
      replyCommandDocs(reply, subcommand);
    }
  }
}

/** The grammar COMMAND DOCS and the syntax line show: the declared arguments but undocumented ones. */
function documentedArgs(command: Command): ArgDoc[] {
  return Object.values(command.spec.args)
    .filter((arg) => arg.undocumented !== true)
    .flatMap(docsOf);
}

interface KeyCursor {
  specOfKey: readonly number[];
  /** The next key argument, in declaration order. */
  next: number;
}

/**
 * addReplyCommandArgList: name, type, key_spec_index, token, deprecated_since, flags and
 * arguments, in its order. Key arguments carry the index of their key spec.
 */
function replyArgList(reply: ReplyWriter, docs: readonly ArgDoc[], keys: KeyCursor): void {
  reply.arrayHeader(docs.length);
  for (const doc of docs) {
    const flags: string[] = [];
    if (doc.optional) flags.push("optional");
    if (doc.multiple) flags.push("multiple");
    if (doc.multipleToken) flags.push("multiple_token");
    const nested = doc.type === "oneof" || doc.type === "block";
    const hasKeySpec = doc.type === "key" || doc.keySpec !== undefined;
    reply.mapHeader(
      2 +
        (hasKeySpec ? 1 : 0) +
        (doc.token !== undefined ? 1 : 0) +
        (doc.deprecatedSince !== undefined ? 1 : 0) +
        (flags.length > 0 ? 1 : 0) +
        (nested ? 1 : 0),
    );
    reply.bulkText("name");
    reply.bulkText(doc.name);
    reply.bulkText("type");
    reply.bulkText(doc.type);
    if (hasKeySpec) {
      reply.bulkText("key_spec_index");
      reply.integer(keys.specOfKey[keys.next++] ?? 0);
    }
    if (doc.token !== undefined) {
      reply.bulkText("token");
      reply.bulkText(doc.token);
    }
    if (doc.deprecatedSince !== undefined) {
      reply.bulkText("deprecated_since");
      reply.bulkText(doc.deprecatedSince);
    }
    if (flags.length > 0) {
      reply.bulkText("flags");
      reply.setHeader(flags.length);
      for (const flag of flags) reply.simple(flag);
    }
    if (nested) {
      reply.bulkText("arguments");
      replyArgList(reply, doc.arguments ?? [], keys);
    }
  }
}

// --- syntax -------------------------------------------------------------------------------

/** The syntax line as Redis's docs print it: `SET key value [NX | XX] [GET] [EX seconds | …]`. */
export function commandSyntax(command: Command): string {
  const name = command.spec.container === undefined ? command.name : `${command.spec.container} ${command.name}`;
  const parts = [name.toUpperCase(), ...documentedArgs(command).map(argSyntax)];
  return parts.join(" ");
}

function argSyntax(doc: ArgDoc): string {
  let text: string;
  if (doc.type === "pure-token") {
    text = doc.token ?? doc.name;
  } else if (doc.type === "oneof") {
    const alternatives = (doc.arguments ?? []).map(argSyntax).join(" | ");
    // A bare optional oneof reads [A | B]; a required one, or one behind a keyword, <A | B>.
    text = doc.optional && doc.token === undefined ? alternatives : `<${alternatives}>`;
  } else if (doc.type === "block") {
    text = (doc.arguments ?? []).map(argSyntax).join(" ");
  } else {
    text = doc.name;
  }
  const value = text;
  if (doc.token !== undefined && doc.type !== "pure-token") text = `${doc.token} ${text}`;
  // The keyword repeats only where Redis says multiple_token (GET pattern [GET pattern ...]);
  // otherwise it comes once before the values (WEIGHTS weight [weight ...]).
  if (doc.multiple) text = `${text} [${doc.multipleToken ? text : value} ...]`;
  return doc.optional ? `[${text}]` : text;
}

/** lookupCommandBySds: `get`, or `config|get` for a subcommand, any case; undefined if none. */
export function lookupCommandByName(commands: ReadonlyMap<string, Command>, name: string): Command | undefined {
  const parts = asciiLower(name).split("|");
  const base = commands.get(parts[0]!);
  if (parts.length === 1) return base;
  if (parts.length !== 2 || base === undefined) return undefined;
  return base.subcommands.get(parts[1]!);
}
