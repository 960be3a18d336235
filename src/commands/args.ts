// The argument DSL. Each helper (`key`, `bytes`, `int`, `token`, `oneOf`, …) returns an Arg
// that carries three things derived from one declaration: a zod schema (the type of the
// parsed value and the oracle in tests), its Redis grammar (for COMMAND DOCS, arity and key
// positions), and a reader that the compiled parser runs straight over argv bytes.
//
// Grammar as Redis writes it: required positional arguments in order, and groups of
// optional `TOKEN [value]` arguments that may come in any order (SET's NX/XX/GET/EX…).

import { z } from "zod";
import { Errors } from "../protocol/errors.ts";
import { rangeIsToken, type Request } from "../protocol/request.ts";
import { latin1 } from "../store/latin1.ts";
import { parseDouble, parseInt64, parseSafeInt } from "../store/numbers.ts";

/** Redis's argument types as COMMAND DOCS names them. */
export type ArgType =
  | "key"
  | "string"
  | "integer"
  | "double"
  | "pattern"
  | "unix-time"
  | "pure-token"
  | "oneof"
  | "block";

export interface ArgDoc {
  name: string;
  type: ArgType;
  token?: string;
  optional?: boolean;
  multiple?: boolean;
  /** The token comes again before each value (`GET pattern [GET pattern ...]`): Redis's multiple_token. */
  multipleToken?: true;
  /** The version since which Redis documents this form as deprecated (CLIENT KILL ip:port). */
  deprecatedSince?: string;
  /** Set by unknownKeySpec: a key spec that cannot be searched, and for a pattern, a key spec at all. */
  keySpec?: "unknown";
  arguments?: ArgDoc[];
}

/** Scratch state shared by readers while one argv is parsed. */
export interface ReadState {
  value: unknown;
  error: string;
  /** argv indexes of keys, recorded only when asked (COMMAND GETKEYS). */
  keyPositions: number[] | null;
}

/**
 * Returns the index after what it consumed, or -1 with `state.error` set. `end` is where the
 * argv items this argument may take end (required arguments after it own the rest): only a
 * numkeys argument reads it, since its own count says how far it goes.
 */
export type Reader = (request: Request, at: number, state: ReadState, end?: number) => number;

export interface Arg<S extends z.ZodType = z.ZodType> {
  readonly doc: ArgDoc;
  readonly schema: S;
  /** argv items this argument takes when present (a token counts). */
  readonly width: number;
  readonly read: Reader;
  readonly optional: boolean;
  readonly multiple: boolean;
  /** Set for arguments introduced by a keyword (options that may come in any order). */
  readonly token: string | undefined;
  /** For oneOf: the tokens of its alternatives, any of which introduces it. */
  readonly tokens: readonly string[];
  /** Relative positions of keys inside one occurrence (a block may hold a key). */
  readonly keyOffsets: readonly number[];
  /** For `multiple` blocks: the error when the argument count is not a whole number of blocks (default: arity). */
  readonly countError?: string;
  /** Parsed (and counted in the arity) but left out of COMMAND DOCS and the syntax line. */
  readonly undocumented?: true;
  /** Set for `numkeys key [key ...]`, whose count of keys is an argument (see numkeysKeys). */
  readonly keynum?: Keynum;
}

/** What a `numkeys key [key ...]` argument adds to its `doc` (numkeys's own). */
export interface Keynum {
  /** The keys, documented right after numkeys as `key [key ...]`. */
  readonly keyDoc: ArgDoc;
  /** The least numkeys taken: 1, or 0 where the command may name no key (EVAL, FCALL). */
  readonly min: 0 | 1;
}

export type ArgMap = Record<string, Arg>;

/** The parsed arguments of a command: each declared name with its zod output type. */
export type ParsedArgs<A extends ArgMap> = { [K in keyof A]: z.output<A[K]["schema"]> };

/** Keys are latin1 strings: every byte becomes one char code, so any key round-trips. */
export function keyFromBytes(bytes: Uint8Array, length = bytes.length): string {
  return latin1(bytes, 0, length);
}

/** Case-insensitive compare of argv bytes with an upper-case ASCII token. */
export function isToken(bytes: Uint8Array, upper: string): boolean {
  return rangeIsToken(bytes, 0, bytes.length, upper);
}

/** The argument as a C string sees it: up to its first NUL byte (strcasecmp, atoi, `%s`). */
export function cBytes(word: Uint8Array): Uint8Array {
  const nul = word.indexOf(0);
  return nul === -1 ? word : word.subarray(0, nul);
}

/** The argument as `%s` and strcmp see it, latin1. */
export function cString(word: Uint8Array): string {
  return keyFromBytes(cBytes(word));
}

/** strcasecmp(argument, token) == 0: isToken on the argument's C string. */
export function isCToken(word: Uint8Array, upper: string): boolean {
  return isToken(cBytes(word), upper);
}

function leaf<S extends z.ZodType>(doc: ArgDoc, schema: S, read: Reader, keyOffsets: number[] = []): Arg<S> {
  return { doc, schema, width: 1, read, optional: false, multiple: false, token: undefined, tokens: [], keyOffsets };
}

// --- leaves -------------------------------------------------------------------------------

export function key(name = "key"): Arg<z.ZodString> {
  return leaf({ name, type: "key" }, z.string(), (request, at, state) => {
    state.value = request.latin1(at);
    state.keyPositions?.push(at);
    return at + 1;
  }, [0]);
}

/** A binary-safe string argument, handed to `run` as a view into the request buffer. */
export function bytes(name: string): Arg<z.ZodCustom<Uint8Array>> {
  return leaf({ name, type: "string" }, z.instanceof(Uint8Array), (request, at, state) => {
    state.value = request.word(at);
    return at + 1;
  });
}

/** A text argument decoded as latin1 (names, patterns, sub-options). */
export function text(name: string, type: "string" | "pattern" = "string"): Arg<z.ZodString> {
  return leaf({ name, type }, z.string(), (request, at, state) => {
    state.value = request.latin1(at);
    return at + 1;
  });
}

export interface IntOptions {
  /** The error for a non-integer (Redis varies it per command). */
  error?: string;
  type?: "integer" | "unix-time";
}

/**
 * A signed 64-bit integer as a JS number (exact up to 2^53, approximate beyond: Redis
 * accepts the whole long long range here and range-checks afterwards).
 */
export function int(name: string, options: IntOptions = {}): Arg<z.ZodNumber> {
  const error = options.error ?? Errors.notInteger;
  return leaf({ name, type: options.type ?? "integer" }, z.number().int(), (request, at, state) => {
    const small = parseSafeInt(request.buf, request.starts[at], request.ends[at]);
    if (small !== null) {
      state.value = small;
      return at + 1;
    }
    const big = parseInt64(request.word(at));
    if (big === null) {
      state.error = error;
      return -1;
    }
    state.value = Number(big);
    return at + 1;
  });
}

/** A signed 64-bit integer kept exact as a bigint (INCRBY and other arithmetic). */
export function int64(name: string): Arg<z.ZodBigInt> {
  return leaf({ name, type: "integer" }, z.bigint(), (request, at, state) => {
    const value = parseInt64(request.word(at));
    if (value === null) {
      state.error = Errors.notInteger;
      return -1;
    }
    state.value = value;
    return at + 1;
  });
}

export function double(name: string, error: string = Errors.notFloat): Arg<z.ZodNumber> {
  return leaf({ name, type: "double" }, z.number(), (request, at, state) => {
    const value = parseDouble(request.word(at));
    if (value === null) {
      state.error = error;
      return -1;
    }
    state.value = value;
    return at + 1;
  });
}

export interface NumkeysOptions {
  /** The least numkeys taken (default 1): 0 where the command may name no key (EVAL, FCALL). */
  min?: 0 | 1;
  /** numkeys is not an integer (string2ll): getLongFromObjectOrReply's text unless given. */
  notInteger?: string;
  /** numkeys is below `min`. */
  tooFew: string;
  /** numkeys counts more keys than the argv holds before the required arguments after them. */
  tooMany: string;
  /** COMMAND DOCS's names (default `numkeys` and `key`). */
  numkeysName?: string;
  keyName?: string;
}

/**
 * `numkeys key [key ...]` (SINTERCARD, ZUNION, LMPOP, EVAL…): a count, then that many keys,
 * parsed to the keys as strings. Each command's Redis texts for a bad count are given, since
 * they differ (SINTERCARD's `numkeys should be greater than 0`, ZUNION's `at least 1 input
 * key is needed…`, LMPOP's syntax error when the keys would run past its LEFT | RIGHT). From it
 * derive the arity (numkeys and `min` keys, variable), `movablekeys`, a key spec found by
 * `keynum`, COMMAND DOCS's two arguments and COMMAND GETKEYS's keys.
 */
export function numkeysKeys(options: NumkeysOptions): Arg<z.ZodArray<z.ZodString>> {
  const min = options.min ?? 1;
  const notInteger = options.notInteger ?? Errors.notInteger;
  return {
    doc: { name: options.numkeysName ?? "numkeys", type: "integer" },
    schema: z.array(z.string()),
    width: 1 + min,
    read: (request, at, state, end = request.length) => {
      const numkeys = parseInt64(request.word(at));
      if (numkeys === null) return failWith(state, notInteger);
      if (numkeys < min) return failWith(state, options.tooFew);
      if (numkeys > end - at - 1) return failWith(state, options.tooMany);
      const last = at + Number(numkeys);
      const keys = new Array<string>(last - at);
      for (let i = at + 1; i <= last; i++) {
        keys[i - at - 1] = request.latin1(i);
        state.keyPositions?.push(i);
      }
      state.value = keys;
      return last + 1;
    },
    optional: false,
    multiple: false,
    token: undefined,
    tokens: [],
    keyOffsets: [],
    // With `min` 0 Redis documents the keys as optional: EVAL script numkeys [key [key ...]].
    keynum: { keyDoc: { name: options.keyName ?? "key", type: "key", ...(min === 0 ? { optional: true } : {}), multiple: true }, min },
  };
}

function failWith(state: ReadState, error: string): number {
  state.error = error;
  return -1;
}

// --- tokens and groups --------------------------------------------------------------------

/**
 * A bare keyword such as NX or REPLACE; parses to true when present. COMMAND DOCS names it as
 * the word in lower case unless Redis names it otherwise (ZADD's CH is `change`, SORT's ALPHA
 * `sorting`).
 */
export function token(word: string, name = word.toLowerCase()): Arg<z.ZodOptional<z.ZodBoolean>> {
  const upper = word.toUpperCase();
  return {
    doc: { name, type: "pure-token", token: upper, optional: true },
    schema: z.boolean().optional(),
    width: 1,
    read: (_request, at, state) => {
      state.value = true;
      return at + 1;
    },
    optional: true,
    multiple: false,
    token: upper,
    tokens: [upper],
    keyOffsets: [],
  };
}

/** A keyword followed by its value, such as `EX seconds` or `MATCH pattern`. */
export function withToken<S extends z.ZodType>(word: string, value: Arg<S>): Arg<z.ZodOptional<S>> {
  const upper = word.toUpperCase();
  return {
    doc: { ...value.doc, token: upper, optional: true },
    schema: value.schema.optional(),
    width: value.width + 1,
    read: (request, at, state) => (at + 1 < request.length ? value.read(request, at + 1, state) : syntaxError(state)),
    optional: true,
    multiple: false,
    token: upper,
    tokens: [upper],
    keyOffsets: value.keyOffsets.map((offset) => offset + 1),
  };
}

function syntaxError(state: ReadState): number {
  return failWith(state, Errors.syntax);
}

type Alternatives = Record<string, Arg>;
type Chosen<A extends Alternatives> = {
  [K in keyof A]: { kind: K; value: Exclude<z.output<A[K]["schema"]>, undefined> };
}[keyof A];

/**
 * Mutually exclusive options (`NX | XX`, `EX seconds | PX ms | KEEPTTL`): the parsed value
 * says which one was given and its value. Giving two different ones is a syntax error, as
 * in Redis; repeating the same one keeps the last.
 */
export function oneOf<A extends Alternatives>(name: string, alternatives: A): Arg<z.ZodOptional<z.ZodType<Chosen<A>>>> {
  const entries = Object.entries(alternatives);
  const byToken = new Map<string, [string, Arg]>();
  for (const [kind, alternative] of entries) {
    if (alternative.token === undefined) throw new Error(`oneOf ${name}: '${kind}' needs a token`);
    byToken.set(alternative.token, [kind, alternative]);
  }
  const schema = z.union(
    entries.map(([kind, alternative]) =>
      z.object({ kind: z.literal(kind), value: (alternative.schema as z.ZodOptional<z.ZodType>).unwrap() }),
    ) as unknown as [z.ZodType, z.ZodType],
  ) as unknown as z.ZodType<Chosen<A>>;
  return {
    doc: { name, type: "oneof", optional: true, arguments: entries.map(([, alternative]) => asAlternative(alternative.doc)) },
    schema: schema.optional(),
    width: 1,
    read: (request, at, state) => {
      for (const [upper, [kind, alternative]] of byToken) {
        if (!request.isToken(at, upper)) continue;
        const next = alternative.read(request, at, state);
        if (next !== -1) state.value = { kind, value: state.value };
        return next;
      }
      return syntaxError(state);
    },
    optional: true,
    multiple: false,
    token: undefined,
    tokens: [...byToken.keys()],
    keyOffsets: [],
  };
}

/**
 * A token makes an argument optional among the options; inside a oneof it is the oneof that may
 * be left out, so Redis's docs do not mark the alternative (`[NX | XX]`, not `[[NX] | [XX]]`).
 * Only a hand-written grammar marks an alternative optional in its own right (CLIENT KILL).
 */
function asAlternative(doc: ArgDoc): ArgDoc {
  const { optional: _optional, ...rest } = doc;
  return rest;
}

/** An argument that may be left out (a trailing positional like PING's message). */
export function optional<S extends z.ZodType>(arg: Arg<S>): Arg<z.ZodOptional<S>> {
  return { ...arg, doc: { ...arg.doc, optional: true }, schema: arg.schema.optional(), optional: true };
}

/**
 * A `oneof` Redis requires in its place (LINSERT's BEFORE | AFTER, LMPOP's LEFT | RIGHT, ZMPOP's
 * MIN | MAX): a positional argument, and any other word is a syntax error.
 */
export function required<S extends z.ZodType>(arg: Arg<z.ZodOptional<S>>): Arg<S> {
  const { optional: _optional, ...doc } = arg.doc;
  return { ...arg, doc, schema: arg.schema.unwrap(), optional: false };
}

/**
 * An argument the parser takes that Redis's docs leave out: QUIT ignores any words after it
 * (arity -1) yet documents no arguments. It counts for the arity as usual, so the declared
 * grammar stays the one that dispatch checks. Not for keys: key specs are documented.
 */
export function undocumented<S extends z.ZodType>(arg: Arg<S>): Arg<S> {
  if (arg.keyOffsets.length > 0 || arg.keynum !== undefined) {
    throw new Error(`undocumented ${arg.doc.name}: a key argument must be documented`);
  }
  return { ...arg, undocumented: true };
}

/**
 * One or more of an argument: `key [key ...]`. Its reader still reads one occurrence; the
 * compiled parser decides how many occurrences the argv holds and collects them. A count
 * that is not a whole number of blocks is an arity error unless `countError` says otherwise
 * (CONFIG SET answers a syntax error there).
 */
export function multiple<S extends z.ZodType>(arg: Arg<S>, options: { countError?: string } = {}): Arg<z.ZodArray<S>> {
  const doc: ArgDoc = { ...arg.doc, multiple: true, ...(arg.token !== undefined ? { multipleToken: true as const } : {}) };
  return { ...arg, doc, schema: z.array(arg.schema), multiple: true, countError: options.countError };
}

/**
 * An argument whose key Redis's key specs cannot locate, so its spec is `unknown` (begin_search
 * and find_keys): SORT's BY and GET patterns, which name keys built from the data they sort,
 * and SORT's `STORE destination`, whose keyword may as well be a pattern's value. A pattern so
 * marked gets a key spec (and COMMAND DOCS its key_spec_index) like a key; COMMAND GETKEYS
 * finds such keys through the command's `getKeys`.
 */
export function unknownKeySpec<S extends z.ZodType>(arg: Arg<S>): Arg<S> {
  return { ...arg, doc: { ...arg.doc, keySpec: "unknown" } };
}

// --- arguments `run` reads itself -----------------------------------------------------------
//
// Redis reads some arguments one by one, interleaved with its other checks, and replies the
// first error it meets (EXPIRE checks its NX/XX/GT/LT words before the number, SCAN its cursor
// before COUNT, SET its expire value only after the whole syntax, COPY the db index before a
// stray word after it): an order the compiled parser cannot follow. These hand such arguments
// to `run` as argv views while COMMAND DOCS and the syntax line still show the grammar given.

/** The documented grammar of an argument read in `run`: a declared Arg's, or one written out (CLIENT KILL's). */
type Documented = Arg | ArgDoc;

function docOf(documented: Documented): ArgDoc {
  return "doc" in documented ? documented.doc : documented;
}

/** One argv item, handed to `run` as bytes and documented as `documented`. */
export function readInRun(documented: Documented): Arg<z.ZodCustom<Uint8Array>> {
  const doc = docOf(documented);
  return { ...bytes(doc.name), doc };
}

type RestArg = Arg<z.ZodArray<z.ZodCustom<Uint8Array>>>;

/**
 * Every argv item left, handed to `run` as bytes and documented as `documented`; options
 * declared after it are there for COMMAND DOCS and the syntax line and never receive anything,
 * since this one has taken the rest of argv. Optional unless `required` (CLIENT KILL's filter
 * counts for the arity).
 */
export function restReadInRun(documented: Documented): Arg<z.ZodOptional<RestArg["schema"]>>;
export function restReadInRun(documented: Documented, options: { required: true }): RestArg;
export function restReadInRun(documented: Documented, options?: { required: true }): Arg {
  const words = multiple(bytes(docOf(documented).name));
  return { ...(options?.required ? words : optional(words)), doc: docOf(documented) };
}

/** Several arguments that go together: `key value` in MSET. */
export function block<M extends ArgMap>(name: string, members: M): Arg<z.ZodObject<{ [K in keyof M]: M[K]["schema"] }>> {
  const fields = Object.entries(members);
  const shape = Object.fromEntries(fields.map(([field, arg]) => [field, arg.schema])) as { [K in keyof M]: M[K]["schema"] };
  const keyOffsets: number[] = [];
  let width = 0;
  for (const [, arg] of fields) {
    for (const offset of arg.keyOffsets) keyOffsets.push(width + offset);
    width += arg.width;
  }
  return {
    doc: { name, type: "block", arguments: fields.map(([, arg]) => arg.doc) },
    schema: z.object(shape),
    width,
    read: (request, at, state) => {
      const value: Record<string, unknown> = {};
      for (const [field, arg] of fields) {
        at = arg.read(request, at, state);
        if (at === -1) return -1;
        value[field] = state.value;
      }
      state.value = value;
      return at;
    },
    optional: false,
    multiple: false,
    token: undefined,
    tokens: [],
    keyOffsets,
  };
}
