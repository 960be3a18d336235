// The kinds of Redis settings (config.c's bool, enum, numeric, string and special configs),
// each a zod schema over the setter's argv plus the CONFIG GET formatter. The schema of a
// setting is the one parser used by redis.conf lines, command-line flags and CONFIG SET.
// Errors are zod custom issues whose message is Redis's setter error text.

import { realpathSync, statSync, accessSync, constants as fsConstants } from "node:fs";
import { resolve as resolvePath } from "node:path";
import { z } from "zod";
import { ConfigErrors, betweenInclusive, oneOf } from "./errors.ts";
import {
  LLONG_MAX,
  ULLONG_MAX,
  asciiLower,
  cString,
  formatInteger,
  memtoull,
  pathIsBaseName,
  strerror,
  string2ll,
  strtoll,
  strtollWhole,
  toNumber,
  yesno,
} from "./values.ts";

export type Check<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * A setting's value syntax. `schema` parses the setter's argv (one element unless multiArg)
 * into the stored value, or, for the few kinds with `resolve`, into a part that resolve()
 * combines with the current value (a partial client-output-buffer-limit, a relative dir).
 */
export type Kind<T, P = T> = PlainKind<T> | ResolvedKind<T, P>;

interface KindBase<T> {
  readonly multiArg: boolean;
  readonly format: (value: T) => string;
}

export interface PlainKind<T> extends KindBase<T> {
  readonly schema: z.ZodType<T>;
  readonly resolve?: undefined;
}

export interface ResolvedKind<T, P> extends KindBase<T> {
  readonly schema: z.ZodType<P>;
  readonly resolve: (parsed: P, current: T) => Check<T>;
}

function fail(ctx: z.RefinementCtx, message: string): typeof z.NEVER {
  ctx.addIssue({ code: "custom", message });
  return z.NEVER;
}

/** A schema over a one-element argv (every config that is not MULTI_ARG_CONFIG). */
function single<T>(parse: (arg: string) => Check<T>): z.ZodType<T> {
  return z.tuple([z.string()]).transform(([arg], ctx) => {
    const r = parse(arg);
    return r.ok ? r.value : fail(ctx, r.error);
  });
}

/** A schema over the whole argv (MULTI_ARG_CONFIG: save, bind, client-output-buffer-limit). */
function multi<T>(parse: (args: readonly string[]) => Check<T>): z.ZodType<T> {
  return z.array(z.string()).transform((args, ctx) => {
    const r = parse(args);
    return r.ok ? r.value : fail(ctx, r.error);
  });
}

const ok = <T>(value: T): Check<T> => ({ ok: true, value });
const err = <T>(error: string): Check<T> => ({ ok: false, error });

/** The first issue's message: Redis reports one reason per failed setter. */
export function firstIssue(error: z.ZodError): string {
  return error.issues[0]?.message ?? "invalid value";
}

// ---------------------------------------------------------------------------------------------
// bool: yes/no, any case (boolConfigSet + yesnotoi).

export function boolKind(validate?: (value: boolean) => string | null): PlainKind<boolean> {
  return {
    schema: single((arg) => {
      const value = yesno(cString(arg));
      if (value === null) return err(ConfigErrors.yesNo);
      const invalid = validate?.(value);
      return invalid ? err(invalid) : ok(value);
    }),
    multiArg: false,
    format: (value) => (value ? "yes" : "no"),
  };
}

// ---------------------------------------------------------------------------------------------
// enum: case-insensitive names, CONFIG GET prints the canonical (lowercase) name.

export function enumKind<const V extends readonly [string, ...string[]]>(names: V): PlainKind<V[number]> {
  return {
    schema: single((arg) => {
      const wanted = asciiLower(cString(arg));
      const found = names.find((n) => n === wanted);
      return found === undefined ? err(oneOf(names)) : ok(found);
    }),
    multiArg: false,
    format: (value) => value,
  };
}

// ---------------------------------------------------------------------------------------------
// numeric: numericParseString + numericBoundaryCheck. Signed C types compare as signed; unsigned
// ones (unsigned int, size_t, unsigned long long) compare the value cast to unsigned, so "-1"
// for maxclients is "between 1 and 4294967295", not "couldn't be parsed".

export interface Bounds {
  readonly min: bigint;
  readonly max: bigint;
  /** The C type is unsigned. */
  readonly unsigned?: boolean;
}

function checkBounds(value: bigint, bounds: Bounds, radix: 8 | 10 = 10): Check<number> {
  const v = bounds.unsigned ? BigInt.asUintN(64, value) : value;
  if (v < bounds.min || v > bounds.max) return err(betweenInclusive(bounds.min, bounds.max, radix));
  return ok(toNumber(v));
}

/** INTEGER_CONFIG: string2ll, strict. `clamp` mirrors hz, which Redis caps after accepting. */
export function integerKind(bounds: Bounds, clamp?: { min: number; max: number }): PlainKind<number> {
  return {
    schema: single((arg) => {
      const value = string2ll(cString(arg));
      if (value === null) return err(ConfigErrors.notInteger);
      const r = checkBounds(value, bounds);
      if (!r.ok || clamp === undefined) return r;
      return ok(Math.min(clamp.max, Math.max(clamp.min, r.value)));
    }),
    multiArg: false,
    format: (value) => formatInteger(value, bounds.unsigned ? ULLONG_MAX : LLONG_MAX),
  };
}

/** MEMORY_CONFIG: memtoull units (1k = 1000, 1kb = 1024 ...), printed back in plain bytes. */
export function memoryKind(bounds: Bounds): PlainKind<number> {
  return {
    schema: single((arg) => {
      const bytes = memtoull(cString(arg));
      if (bytes === null) return err(ConfigErrors.notMemory);
      // numericParseString stores the unsigned result in a long long.
      return checkBounds(BigInt.asIntN(64, bytes), bounds);
    }),
    multiArg: false,
    // The double rounds LONG_MAX up to 2^63: cap at the maximum, which no stored value passes.
    format: (value) => formatInteger(value, bounds.max),
  };
}

/** OCTAL_CONFIG (unixsocketperm): strtoll(value, 8), bounds and CONFIG GET in octal. */
export function octalKind(bounds: Bounds): PlainKind<number> {
  return {
    schema: single((arg) => {
      const s = cString(arg);
      const r = strtoll(s, 8);
      if (r.overflow || r.end !== s.length) return err(ConfigErrors.notOctal);
      return checkBounds(r.value, bounds, 8);
    }),
    multiArg: false,
    format: (value) => value.toString(8),
  };
}

// ---------------------------------------------------------------------------------------------
// strings. String configs are C strings (cut at NUL); SDS configs (requirepass) keep every byte.
// For EMPTY_STRING_IS_NULL configs (unixsocket, requirepass) Redis stores NULL for "" and
// CONFIG GET prints "" again; redbun keeps "" as "not set", which no value can be confused with.

export function stringKind(
  validate?: (value: string) => string | null,
  options: { binary: boolean } = { binary: false },
): PlainKind<string> {
  return {
    schema: single((arg) => {
      const value = options.binary ? arg : cString(arg);
      const invalid = validate?.(value);
      return invalid ? err(invalid) : ok(value);
    }),
    multiArg: false,
    format: (value) => value,
  };
}

/** isValidDBfilename: a name inside `dir`, not a path. */
export function baseNameValidator(pathError: string): (value: string) => string | null {
  return (value) => (pathIsBaseName(value) ? null : pathError);
}

// ---------------------------------------------------------------------------------------------
// bind (setConfigBindOption): up to CONFIG_BINDADDR_MAX (16) addresses, a single "" is none.
// Addresses are kept as written: a leading '-' marks one that may be unavailable, and "*" and
// "::*" are the IPv4/IPv6 wildcards; the listener interprets them (see parseBindAddress).

const CONFIG_BINDADDR_MAX = 16;

export function bindKind(): PlainKind<readonly string[]> {
  return {
    schema: multi((args) => {
      if (args.length > CONFIG_BINDADDR_MAX) return err(ConfigErrors.tooManyBindAddresses);
      if (args.length === 1 && args[0] === "") return ok([]);
      return ok(args.map(cString));
    }),
    multiArg: true,
    format: (value) => value.join(" "),
  };
}

export interface BindAddress {
  /** The address to listen on: "*" becomes "0.0.0.0" and "::*" becomes "::" (anet.c). */
  readonly host: string;
  /** Written with a leading '-': a failure to bind it (EADDRNOTAVAIL, no IPv6) is skipped. */
  readonly optional: boolean;
}

export function parseBindAddress(address: string): BindAddress {
  const optional = address.startsWith("-");
  const raw = optional ? address.slice(1) : address;
  const host = raw === "*" ? "0.0.0.0" : raw === "::*" ? "::" : raw;
  return { host, optional };
}

// ---------------------------------------------------------------------------------------------
// save (setConfigSaveOption): pairs "<seconds> <changes>", seconds >= 1, changes >= 0, parsed
// with a lenient strtoll (so "+5" and "01" pass); a single "" clears. CONFIG GET joins them.

export interface SavePoint {
  readonly seconds: number;
  readonly changes: number;
}

export function saveKind(): PlainKind<readonly SavePoint[]> {
  return {
    schema: multi((argv) => {
      const args = argv.length === 1 && argv[0] === "" ? [] : argv;
      if (args.length % 2 !== 0) return err(ConfigErrors.invalidSave);
      const points: SavePoint[] = [];
      for (let j = 0; j < args.length; j += 2) {
        const seconds = strtollWhole(cString(args[j]));
        const changes = strtollWhole(cString(args[j + 1]));
        if (seconds === null || changes === null || seconds < 1n || changes < 0n) {
          return err(ConfigErrors.invalidSave);
        }
        // changes lands in an int: C truncation keeps the low 32 bits.
        points.push({ seconds: toNumber(seconds), changes: toNumber(BigInt.asIntN(32, changes)) });
      }
      return ok(points);
    }),
    multiArg: true,
    format: (value) => value.map((p) => `${formatInteger(p.seconds, LLONG_MAX)} ${p.changes}`).join(" "),
  };
}

// ---------------------------------------------------------------------------------------------
// client-output-buffer-limit (updateClientOutputBufferLimit): groups of
// "<class> <hard> <soft> <soft-seconds>"; classes normal, replica (or slave), pubsub, any case.
// Only the classes named change; the whole string is rejected if any group is bad.

export const OBUF_CLASSES = ["normal", "replica", "pubsub"] as const;
export type ObufClass = (typeof OBUF_CLASSES)[number];

export interface ObufLimit {
  readonly hardLimitBytes: number;
  readonly softLimitBytes: number;
  readonly softLimitSeconds: number;
}

export type ClientOutputBufferLimits = Readonly<Record<ObufClass, ObufLimit>>;

/** getClientTypeName: CONFIG GET says "slave" for the replica class. */
const OBUF_CLASS_NAMES: Readonly<Record<ObufClass, string>> = {
  normal: "normal",
  replica: "slave",
  pubsub: "pubsub",
};

function obufClassByName(name: string): ObufClass | null {
  switch (asciiLower(cString(name))) {
    case "normal":
      return "normal";
    case "slave":
    case "replica":
      return "replica";
    case "pubsub":
      return "pubsub";
    default:
      return null; // "master" names a client type too, but has no output buffer limit
  }
}

export function clientOutputBufferLimitKind(): ResolvedKind<ClientOutputBufferLimits, Partial<ClientOutputBufferLimits>> {
  return {
    schema: multi((args) => {
      if (args.length % 4 !== 0) return err(ConfigErrors.obufArgCount);
      const limits: Partial<Record<ObufClass, ObufLimit>> = {};
      for (let j = 0; j < args.length; j += 4) {
        const cls = obufClassByName(args[j]);
        if (cls === null) return err(ConfigErrors.obufClass);
        const hard = memtoull(cString(args[j + 1]));
        const soft = memtoull(cString(args[j + 2]));
        const secondsText = cString(args[j + 3]);
        const seconds = strtoll(secondsText, 10);
        // soft_seconds is an int: the strtoll result is truncated before the < 0 check.
        const softSeconds = BigInt.asIntN(32, seconds.value);
        if (hard === null || soft === null || softSeconds < 0n || seconds.end !== secondsText.length) {
          return err(ConfigErrors.obufValues);
        }
        limits[cls] = {
          hardLimitBytes: toNumber(hard),
          softLimitBytes: toNumber(soft),
          softLimitSeconds: toNumber(softSeconds),
        };
      }
      return ok(limits);
    }),
    multiArg: true,
    resolve: (parsed, current) => ok({ ...current, ...parsed }),
    format: (value) =>
      OBUF_CLASSES.map((cls) => {
        const l = value[cls];
        return `${OBUF_CLASS_NAMES[cls]} ${formatInteger(l.hardLimitBytes)} ${formatInteger(l.softLimitBytes)} ${l.softLimitSeconds}`;
      }).join(" "),
  };
}

// ---------------------------------------------------------------------------------------------
// dir: Redis chdir()s and CONFIG GET prints getcwd(). redbun never changes the process's
// directory (two servers can share a process): it stores the physical absolute path, resolving
// a relative one against the current dir as chdir would, and fails with chdir's strerror text.

export function directoryKind(): ResolvedKind<string, string> {
  return {
    schema: single((arg) => ok(cString(arg))),
    multiArg: false,
    resolve: (path, current) => resolveDirectory(path, current),
    format: (value) => value,
  };
}

export function resolveDirectory(path: string, base: string): Check<string> {
  // chdir("") fails with ENOENT; path.resolve would return the base itself.
  if (path === "") return err("No such file or directory");
  try {
    const real = realpathSync(resolvePath(base, path));
    if (!statSync(real).isDirectory()) return err("Not a directory");
    accessSync(real, fsConstants.X_OK); // chdir needs search permission
    return ok(real);
  } catch (e) {
    return err(strerror(e));
  }
}
