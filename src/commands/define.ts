// defineCommand: one declaration per command, from which everything else is derived once at
// start-up — arity, key positions, ACL categories, COMMAND INFO/DOCS, and the compiled
// argument parser that runs on the hot path (no zod.parse per call).

import { z } from "zod";
import type { Client } from "../server/client.ts";
import { Errors, wrongArity } from "../protocol/errors.ts";
import { Request } from "../protocol/request.ts";
import type { Arg, ArgMap, ParsedArgs, ReadState } from "./args.ts";

/** Command flags, in the order Redis lists them in COMMAND INFO. */
export const COMMAND_FLAGS = [
  "write", "readonly", "denyoom", "module", "admin", "pubsub", "noscript", "blocking", "loading",
  "stale", "skip_monitor", "skip_slowlog", "asking", "fast", "no_auth", "may_replicate", "sentinel",
  "only_sentinel", "no_mandatory_keys", "protected", "module_getkeys", "module_no_cluster",
  "no_async_loading", "no_multi", "movablekeys", "allow_busy",
] as const;
export type CommandFlag = (typeof COMMAND_FLAGS)[number];

/** ACL categories, in the order Redis prints them. */
export const ACL_CATEGORIES = [
  "keyspace", "read", "write", "set", "sortedset", "list", "hash", "string", "bitmap", "hyperloglog",
  "geo", "stream", "pubsub", "admin", "fast", "slow", "blocking", "dangerous", "connection",
  "transaction", "scripting",
] as const;
export type AclCategory = (typeof ACL_CATEGORIES)[number];

/** Command groups as COMMAND DOCS names them; each has one file in src/commands/. */
export type CommandGroup =
  | "generic" | "string" | "list" | "set" | "sorted-set" | "hash" | "pubsub" | "transactions"
  | "connection" | "server" | "scripting" | "hyperloglog" | "geo" | "stream" | "bitmap";

const GROUP_CATEGORY: Partial<Record<CommandGroup, AclCategory>> = {
  generic: "keyspace", string: "string", list: "list", set: "set", "sorted-set": "sortedset",
  hash: "hash", pubsub: "pubsub", transactions: "transaction", connection: "connection",
  scripting: "scripting", hyperloglog: "hyperloglog", geo: "geo", stream: "stream", bitmap: "bitmap",
};

/** Key-spec flags as COMMAND INFO prints them. */
export type KeySpecFlag = "RW" | "RO" | "OW" | "RM" | "ACCESS" | "UPDATE" | "INSERT" | "DELETE" | "NOT_KEY" | "INCOMPLETE" | "VARIABLE_FLAGS";

export interface CommandSpec<A extends ArgMap> {
  /** Lower-case name; for a subcommand, its own word (the container is `container`). */
  name: string;
  container?: string;
  group: CommandGroup;
  summary: string;
  since: string;
  /** Left out where Redis declares none (MONITOR, SYNC, PSYNC, LOLWUT): COMMAND DOCS omits the field. */
  complexity?: string;
  flags: readonly CommandFlag[];
  /** Categories Redis declares besides those implied by flags and group (e.g. dangerous). */
  categories?: readonly AclCategory[];
  /** Whether the group's own category applies (Redis omits it for some commands). */
  groupCategory?: boolean;
  /** Key-spec flags for each key argument, in order (COMMAND INFO's key specs). */
  keySpecs?: readonly (readonly KeySpecFlag[])[];
  /**
   * Redis's getkeys_proc, for a command whose key specs cannot locate every key (unknownKeySpec,
   * SORT's STORE): the argv positions of its keys with their flags, for COMMAND GETKEYS.
   */
  getKeys?: (argv: readonly Uint8Array[]) => readonly { position: number; flags: readonly KeySpecFlag[] }[];
  tips?: readonly string[];
  args: A;
  /** Only for containers: COMMAND runs on its own as well as routing to subcommands. */
  runsAlone?: boolean;
  /**
   * `run` reads every word from client.request itself, in Redis's order of checks (ZADD): the
   * compiled parser is not run for the call, whose `args` are then empty; the declared args
   * still give the arity, COMMAND DOCS, the key specs and COMMAND GETKEYS.
   */
  readsRequestInRun?: true;
  run(client: Client, args: ParsedArgs<A>): void;
}

interface Segment {
  /** Positional: one argument at its place. Options: any of these, in any order. */
  kind: "positional" | "options";
  args: [string, Arg][];
  /** argv items that required positionals after this segment need. */
  reserved: number;
}

/** Numbers commands in declaration order, so per-server tables (statistics) can be arrays. */
let declaredCommands = 0;

/** A command with everything derived from its declaration. */
export class Command<A extends ArgMap = ArgMap> {
  readonly id = declaredCommands++;
  readonly name: string;
  /** `container|name` for subcommands, as Redis names them in errors and COMMAND INFO. */
  readonly fullName: string;
  readonly arity: number;
  readonly firstKey: number;
  readonly lastKey: number;
  readonly keyStep: number;
  readonly categories: readonly AclCategory[];
  readonly flags: ReadonlySet<CommandFlag>;
  readonly isWrite: boolean;
  readonly subcommands = new Map<string, Command>();
  private readonly segments: Segment[];
  private readonly hasOptions: boolean;
  private readonly firstArg: number;

  constructor(
    readonly spec: CommandSpec<A>,
    /** A container (CONFIG, CLIENT…) only routes to its subcommands. */
    readonly isContainer = false,
  ) {
    this.name = spec.name;
    this.fullName = spec.container ? `${spec.container}|${spec.name}` : spec.name;
    this.flags = new Set(spec.flags);
    this.isWrite = this.flags.has("write");
    this.firstArg = spec.container ? 2 : 1;
    this.segments = buildSegments(Object.entries(spec.args));
    this.hasOptions = this.segments.some((segment) => segment.kind === "options");
    // A container is called with a subcommand (-2); one that also runs alone, as COMMAND, is -1.
    this.arity = isContainer ? (spec.runsAlone === true ? -1 : -2) : computeArity(this.segments, this.firstArg);
    [this.firstKey, this.lastKey, this.keyStep] = computeKeyRange(this.segments, this.firstArg);
    this.categories = computeCategories(spec);
  }

  /**
   * The compiled parser: walks argv once, matching tokens byte-wise and converting numbers
   * straight from bytes. Returns the parsed arguments, or null with `state.error` set.
   */
  parse(request: Request, state: ReadState): ParsedArgs<A> | null {
    const argc = request.length;
    const parsed: Record<string, unknown> = {};
    let at = this.firstArg;
    for (const segment of this.segments) {
      if (segment.kind === "options") {
        at = this.parseOptions(request, at, segment, parsed, state);
        if (at === -1) return null;
        continue;
      }
      const [name, arg] = segment.args[0]!;
      const available = argc - at - segment.reserved;
      if (arg.multiple) {
        if (available < arg.width || available % arg.width !== 0) {
          if (arg.optional && available === 0) continue;
          state.error = available >= arg.width ? (arg.countError ?? wrongArity(this.fullName)) : wrongArity(this.fullName);
          return null;
        }
        const values: unknown[] = [];
        while (at < argc - segment.reserved) {
          at = arg.read(request, at, state);
          if (at === -1) return null;
          values.push(state.value);
        }
        parsed[name] = values;
      } else if (available >= arg.width) {
        at = arg.read(request, at, state, argc - segment.reserved);
        if (at === -1) return null;
        parsed[name] = state.value;
      } else if (!arg.optional) {
        state.error = wrongArity(this.fullName);
        return null;
      }
    }
    // Left-over arguments: Redis answers `ERR syntax error` where a command takes options,
    // and the arity error where it takes none (PING a b).
    if (at < argc) {
      state.error = this.hasOptions ? Errors.syntax : wrongArity(this.fullName);
      return null;
    }
    return parsed as ParsedArgs<A>;
  }

  private parseOptions(
    request: Request,
    at: number,
    segment: Segment,
    parsed: Record<string, unknown>,
    state: ReadState,
  ): number {
    const stop = request.length - segment.reserved;
    scan: while (at < stop) {
      for (const [name, option] of segment.args) {
        for (const tokenWord of option.tokens) {
          if (!request.isToken(at, tokenWord)) continue;
          const previous = parsed[name];
          const next = option.read(request, at, state);
          if (next === -1) return -1;
          if (option.doc.type === "oneof" && previous !== undefined && !sameKind(previous, state.value)) {
            state.error = Errors.syntax;
            return -1;
          }
          if (option.multiple) ((parsed[name] ??= []) as unknown[]).push(state.value);
          else parsed[name] = state.value;
          at = next;
          continue scan;
        }
      }
      break;
    }
    return at;
  }

  /** COMMAND GETKEYS: the argv positions of keys, or an error text. */
  keyPositions(argv: readonly Uint8Array[]): number[] | string {
    const state: ReadState = { value: undefined, error: "", keyPositions: [] };
    return this.parse(Request.of(argv), state) === null ? state.error : state.keyPositions!;
  }
}

function sameKind(a: unknown, b: unknown): boolean {
  return (a as { kind: string }).kind === (b as { kind: string }).kind;
}

function isOption(arg: Arg): boolean {
  return arg.tokens.length > 0 && arg.optional;
}

function buildSegments(entries: [string, Arg][]): Segment[] {
  const segments: Segment[] = [];
  for (const entry of entries) {
    const kind = isOption(entry[1]) ? "options" : "positional";
    const last = segments[segments.length - 1];
    if (kind === "options" && last?.kind === "options") last.args.push(entry);
    else segments.push({ kind, args: [entry], reserved: 0 });
  }
  let reserved = 0;
  for (let i = segments.length - 1; i >= 0; i--) {
    const segment = segments[i]!;
    segment.reserved = reserved;
    const arg = segment.args[0]![1];
    if (segment.kind === "positional" && !arg.optional) reserved += arg.width;
  }
  return segments;
}

function computeArity(segments: Segment[], firstArg: number): number {
  let minimum = firstArg;
  let variable = false;
  for (const segment of segments) {
    if (segment.kind === "options") {
      variable = true;
      continue;
    }
    const arg = segment.args[0]![1];
    if (arg.optional || arg.multiple || arg.keynum !== undefined) variable = true;
    if (!arg.optional) minimum += arg.width;
  }
  return variable ? -minimum : minimum;
}

/**
 * COMMAND INFO's first key, last key and step, from the positional key arguments before any
 * whose place varies: numkeys keys are left out (SINTERCARD 0 0 0, ZUNIONSTORE's 1 1 1 is its
 * destination), as Redis's legacy range covers only keys found by index and range.
 */
function computeKeyRange(segments: Segment[], firstArg: number): [number, number, number] {
  let position = firstArg;
  let first = 0;
  let last = 0;
  let step = 0;
  for (const segment of segments) {
    if (segment.kind === "options") break;
    const arg = segment.args[0]![1];
    if (arg.keynum !== undefined) break;
    for (const offset of arg.keyOffsets) {
      if (first === 0) first = position + offset;
      if (step === 0 && last !== 0) step = position + offset - last;
      last = position + offset;
    }
    if (arg.multiple) {
      if (arg.keyOffsets.length > 0) {
        // Counted from the end, before the required arguments that follow (BLPOP's timeout: -2).
        last = -1 - segment.reserved;
        step = arg.width;
      }
      break;
    }
    if (arg.optional) break;
    position += arg.width;
  }
  return first === 0 ? [0, 0, 0] : [first, last, step === 0 ? 1 : step];
}

/** setImplicitACLCategories() plus the group's category and the declared extras. */
function computeCategories(spec: CommandSpec<ArgMap>): AclCategory[] {
  const categories = new Set<AclCategory>(spec.categories ?? []);
  const groupCategory = GROUP_CATEGORY[spec.group];
  if (groupCategory && spec.groupCategory !== false) categories.add(groupCategory);
  const flags = new Set(spec.flags);
  if (flags.has("write")) categories.add("write");
  if (flags.has("readonly") && !categories.has("scripting")) categories.add("read");
  if (flags.has("admin")) {
    categories.add("admin");
    categories.add("dangerous");
  }
  if (flags.has("pubsub")) categories.add("pubsub");
  if (flags.has("fast")) categories.add("fast");
  if (flags.has("blocking")) categories.add("blocking");
  if (!categories.has("fast")) categories.add("slow");
  return ACL_CATEGORIES.filter((category) => categories.has(category));
}

export function defineCommand<A extends ArgMap>(spec: CommandSpec<A>): Command<A> {
  return new Command(spec);
}

export interface ContainerSpec {
  name: string;
  group: CommandGroup;
  summary: string;
  since: string;
  complexity: string;
  /** The container's own flags, categories and tips, as COMMAND INFO shows them (COMMAND has some). */
  flags?: readonly CommandFlag[];
  categories?: readonly AclCategory[];
  tips?: readonly string[];
  /**
   * What the container does when called without a subcommand (COMMAND lists every command).
   * Without it, as for CONFIG, Redis gives the container no proc: alone it is an arity error.
   */
  run?: (client: Client) => void;
}

/** A container command such as CONFIG or CLIENT: dispatch looks its subcommands up by the second argv word. */
export function defineContainer(spec: ContainerSpec): Command {
  const { run, ...rest } = spec;
  // Redis declares a container's categories itself: OBJECT is @slow only, not @keyspace.
  return new Command(
    { flags: [], ...rest, groupCategory: false, args: {}, runsAlone: run !== undefined, run: (client) => run?.(client) },
    true,
  );
}

/** The zod schema of a command's parsed arguments: the oracle the compiled parser is tested against. */
export function argsSchema(command: Command): z.ZodType {
  return z.object(Object.fromEntries(Object.entries(command.spec.args).map(([name, arg]) => [name, arg.schema])));
}
