// The table of settings redbun knows: Redis's names, aliases, defaults, value syntax and whether
// CONFIG SET may change them, as in Redis 7.0's config.c static_configs. The `Config` type is
// derived from this table (each value type is its schema's output), so there is one source of
// truth. Table order is the order CONFIG GET lists pattern matches in.

import { realpathSync } from "node:fs";
import { z } from "zod";
import { ConfigErrors } from "./errors.ts";
import {
  type Check,
  type ClientOutputBufferLimits,
  type Kind,
  type PlainKind,
  baseNameValidator,
  bindKind,
  boolKind,
  clientOutputBufferLimitKind,
  directoryKind,
  enumKind,
  firstIssue,
  integerKind,
  memoryKind,
  octalKind,
  saveKind,
  stringKind,
} from "./kinds.ts";
import { INT_MAX, LLONG_MAX, LONG_MAX, UINT_MAX, asciiLower, cString, pathIsBaseName } from "./values.ts";
import { INVALID_EVENT_CLASS, keyspaceEventsFromString, keyspaceEventsToString } from "../server/notifications.ts";

const MB = 1024 * 1024;

/**
 * One setting. Methods (not function properties) on purpose: their parameters are checked
 * bivariantly, so every Setting<N, T> is also a Setting<string, unknown> for generic code.
 */
export interface Setting<N extends string = string, T = unknown> {
  readonly name: N;
  /** Redis 7 keeps the old "slave" names as aliases: same value, listed by CONFIG GET too. */
  readonly alias: string | undefined;
  /** MULTI_ARG_CONFIG: redis.conf passes every argument, CONFIG SET splits its value on " ". */
  readonly multiArg: boolean;
  /** false: IMMUTABLE_CONFIG, CONFIG SET answers "can't set immutable config". */
  readonly mutable: boolean;
  /** PROTECTED_CONFIG: CONFIG SET needs enable-protected-configs yes (or local, from local). */
  readonly protected: boolean;
  /** DENY_LOADING_CONFIG: CONFIG SET answers -LOADING while a dataset is being loaded. */
  readonly denyLoading: boolean;
  /** SENSITIVE_CONFIG: its CONFIG SET value is redacted from SLOWLOG and MONITOR. */
  readonly sensitive: boolean;
  /** Parses the setter's argv; its output is the value (or, for a few, what resolve() takes). */
  readonly schema: z.ZodType<unknown>;
  /** A fresh default value (never shared between two configs). */
  defaultValue(): T;
  /** Schema then resolve: argv in Redis's string form to the value to store, or the error. */
  parse(argv: readonly string[], current: T): Check<T>;
  /** The CONFIG GET text. */
  format(value: T): string;
}

interface SettingSpec<N extends string, T, P> {
  readonly name: N;
  readonly alias?: string;
  readonly kind: Kind<T, P>;
  /** The default, or a function computing it at start-up (dir: the starting directory). */
  readonly default: NoInfer<T> | (() => NoInfer<T>);
  readonly mutable: boolean;
  readonly protected?: boolean;
  readonly denyLoading?: boolean;
  readonly sensitive?: boolean;
}

function isThunk<T>(value: T | (() => T)): value is () => T {
  return typeof value === "function";
}

function define<const N extends string, T, P = T>(spec: SettingSpec<N, T, P>): Setting<N, T> {
  const { kind } = spec;
  const initial = spec.default;
  return {
    name: spec.name,
    alias: spec.alias,
    multiArg: kind.multiArg,
    mutable: spec.mutable,
    protected: spec.protected ?? false,
    denyLoading: spec.denyLoading ?? false,
    sensitive: spec.sensitive ?? false,
    schema: kind.schema,
    defaultValue: () => structuredClone(isThunk(initial) ? initial() : initial),
    parse(argv, current) {
      if (kind.resolve === undefined) {
        const r = kind.schema.safeParse(argv);
        return r.success ? { ok: true, value: r.data } : { ok: false, error: firstIssue(r.error) };
      }
      const r = kind.schema.safeParse(argv);
      return r.success ? kind.resolve(r.data, current) : { ok: false, error: firstIssue(r.error) };
    },
    format: (value) => kind.format(value),
  };
}

const defaultObufLimits: ClientOutputBufferLimits = {
  normal: { hardLimitBytes: 0, softLimitBytes: 0, softLimitSeconds: 0 },
  replica: { hardLimitBytes: 256 * MB, softLimitBytes: 64 * MB, softLimitSeconds: 60 },
  pubsub: { hardLimitBytes: 32 * MB, softLimitBytes: 8 * MB, softLimitSeconds: 60 },
};

const protectedAction = ["no", "yes", "local"] as const;

/**
 * notify-keyspace-events (setConfigNotifyKeyspaceEventsOption): a string of class letters,
 * kept as given once checked, so the embedding API takes the same "KEA" a redis.conf line
 * does; the notifier turns it into NOTIFY_* flags. CONFIG GET prints Redis's canonical form,
 * which cannot be stored instead: it drops `n` next to `A`, as Redis prints it.
 */
function keyspaceEventsKind(): PlainKind<string> {
  return {
    schema: z.tuple([z.string()]).transform(([arg], ctx) => {
      const classes = cString(arg);
      if (keyspaceEventsFromString(classes) !== null) return classes;
      ctx.addIssue({ code: "custom", message: INVALID_EVENT_CLASS });
      return z.NEVER;
    }),
    multiArg: false,
    format: (classes) => keyspaceEventsToString(keyspaceEventsFromString(classes) ?? 0),
  };
}

export const SETTINGS = [
  // Networking (the listener reacts to port/bind through ConfigStore.onChange).
  define({ name: "port", kind: integerKind({ min: 0n, max: 65535n }), default: 6379, mutable: true }),
  // Redis without a config file binds "* -::*"; redbun's default is Debian's redis.conf line,
  // loopback only (IPv6 optional): safe on a shared host, and protected mode stays quiet.
  define({ name: "bind", kind: bindKind(), default: ["127.0.0.1", "-::1"], mutable: true }),
  // "": no unix socket.
  define({ name: "unixsocket", kind: stringKind(), default: "", mutable: false }),
  // 0 means "leave the socket file's mode as the umask made it".
  define({ name: "unixsocketperm", kind: octalKind({ min: 0n, max: 0o777n, unsigned: true }), default: 0, mutable: false }),
  define({ name: "protected-mode", kind: boolKind(), default: true, mutable: true }),
  define({ name: "timeout", kind: integerKind({ min: 0n, max: INT_MAX }), default: 0, mutable: true }),
  define({ name: "tcp-keepalive", kind: integerKind({ min: 0n, max: INT_MAX }), default: 300, mutable: true }),
  define({ name: "maxclients", kind: integerKind({ min: 1n, max: UINT_MAX, unsigned: true }), default: 10000, mutable: true }),

  // Process.
  define({
    name: "daemonize",
    kind: boolKind((yes) => (yes ? ConfigErrors.daemonize : null)),
    default: false,
    mutable: false,
  }),
  define({ name: "loglevel", kind: enumKind(["debug", "verbose", "notice", "warning"]), default: "notice", mutable: true }),
  // "" logs to standard output.
  define({ name: "logfile", kind: stringKind(), default: "", mutable: false }),
  // Accepted from 0 to INT_MAX, then capped to 1..500 (updateHZ / CONFIG_MIN_HZ..CONFIG_MAX_HZ).
  define({ name: "hz", kind: integerKind({ min: 0n, max: INT_MAX }, { min: 1, max: 500 }), default: 10, mutable: true }),
  define({ name: "databases", kind: integerKind({ min: 1n, max: INT_MAX }), default: 16, mutable: false }),
  define({
    name: "enable-protected-configs",
    kind: enumKind(protectedAction),
    default: "no",
    mutable: false,
  }),
  define({ name: "enable-debug-command", kind: enumKind(protectedAction), default: "no", mutable: false }),

  // Security and limits.
  // "": no password (Redis stores NULL for ""), the default user needs none. Binary-safe.
  define({
    name: "requirepass",
    kind: stringKind(undefined, { binary: true }),
    default: "",
    mutable: true,
    sensitive: true,
  }),
  define({
    name: "proto-max-bulk-len",
    kind: memoryKind({ min: BigInt(MB), max: LONG_MAX }),
    default: 512 * MB,
    mutable: true,
  }),
  define({
    name: "client-query-buffer-limit",
    kind: memoryKind({ min: BigInt(MB), max: LONG_MAX, unsigned: true }),
    default: 1024 * MB,
    mutable: true,
  }),
  define({
    name: "client-output-buffer-limit",
    kind: clientOutputBufferLimitKind(),
    default: defaultObufLimits,
    mutable: true,
  }),
  // Keyspace notifications: which events are published, and where (server/notifications.ts).
  define({ name: "notify-keyspace-events", kind: keyspaceEventsKind(), default: "", mutable: true }),
  // Only matters on a replica, which redbun never is; kept because clients and tools read it.
  define({ name: "replica-read-only", alias: "slave-read-only", kind: boolKind(), default: true, mutable: true }),

  // Encodings: how big a collection may grow (entries, and bytes per element) while it keeps
  // its compact encoding. They only change what OBJECT ENCODING reports and when a value
  // converts; a value never converts back, as in Redis. The old "ziplist" names are aliases.
  define({ name: "hash-max-listpack-entries", alias: "hash-max-ziplist-entries", kind: integerKind({ min: 0n, max: LONG_MAX }), default: 512, mutable: true }),
  define({ name: "hash-max-listpack-value", alias: "hash-max-ziplist-value", kind: integerKind({ min: 0n, max: LONG_MAX }), default: 64, mutable: true }),
  define({ name: "list-max-listpack-size", alias: "list-max-ziplist-size", kind: integerKind({ min: -INT_MAX - 1n, max: INT_MAX }), default: -2, mutable: true }),
  define({ name: "list-compress-depth", kind: integerKind({ min: 0n, max: INT_MAX }), default: 0, mutable: true }),
  define({ name: "set-max-intset-entries", kind: integerKind({ min: 0n, max: LONG_MAX }), default: 512, mutable: true }),
  define({ name: "zset-max-listpack-entries", alias: "zset-max-ziplist-entries", kind: integerKind({ min: 0n, max: LONG_MAX }), default: 128, mutable: true }),
  define({ name: "zset-max-listpack-value", alias: "zset-max-ziplist-value", kind: integerKind({ min: 0n, max: LONG_MAX }), default: 64, mutable: true }),

  // Persistence (src/persistence/): where snapshots go, when they are taken (save points, in the
  // cron), and how they are written.
  define({
    name: "dir",
    kind: directoryKind(),
    // getcwd(): the physical path of the directory the server started in.
    default: () => realpathSync("."),
    mutable: true,
    protected: true,
    denyLoading: true,
  }),
  define({
    name: "dbfilename",
    kind: stringKind(baseNameValidator(ConfigErrors.dbfilenamePath)),
    default: "dump.rdb",
    mutable: true,
    protected: true,
  }),
  define({
    name: "save",
    kind: saveKind(),
    default: [
      { seconds: 3600, changes: 1 },
      { seconds: 300, changes: 100 },
      { seconds: 60, changes: 10000 },
    ],
    mutable: true,
  }),
  // LZF for strings longer than 20 bytes, in snapshots and DUMP payloads (rdbSaveRawString).
  define({ name: "rdbcompression", kind: boolKind(), default: true, mutable: true }),
  // The CRC64 trailer written with every snapshot and checked on load; immutable, as in Redis.
  define({ name: "rdbchecksum", kind: boolKind(), default: true, mutable: false }),
  // After a failed background save, write commands (and PING) answer -MISCONF while save points exist.
  define({ name: "stop-writes-on-bgsave-error", kind: boolKind(), default: true, mutable: true }),

  // The append-only file (src/persistence/aof/): Redis 7's multi-part layout under `dir`.
  // CONFIG SET appendonly yes writes a base first (a rewrite); no stops appending.
  define({ name: "appendonly", kind: boolKind(), default: false, mutable: true, denyLoading: true }),
  define({ name: "appendfilename", kind: stringKind(aofNameValidator("appendfilename", "filename")), default: "appendonly.aof", mutable: false }),
  define({ name: "appenddirname", kind: stringKind(aofNameValidator("appenddirname", "dirname")), default: "appendonlydir", mutable: false }),
  // enumConfigSet lists the names in this order in its error.
  define({ name: "appendfsync", kind: enumKind(["everysec", "always", "no"]), default: "everysec", mutable: true }),
  // No fsync of the AOF while a rewrite runs (the rewrite writes a lot itself).
  define({ name: "no-appendfsync-on-rewrite", kind: boolKind(), default: false, mutable: true }),
  // A base file is an RDB snapshot (yes) or commands (no).
  define({ name: "aof-use-rdb-preamble", kind: boolKind(), default: true, mutable: true }),
  // A truncated last command is dropped with a warning (yes) instead of refusing to start.
  define({ name: "aof-load-truncated", kind: boolKind(), default: true, mutable: true }),
  // "#TS:<unix seconds>" annotations before commands, skipped on load.
  define({ name: "aof-timestamp-enabled", kind: boolKind(), default: false, mutable: true }),
  // The cron rewrites the AOF once it has grown this much (percent, 0: never) past its size
  // after the last rewrite, and is bigger than the min size.
  define({ name: "auto-aof-rewrite-percentage", kind: integerKind({ min: 0n, max: INT_MAX }), default: 100, mutable: true }),
  define({ name: "auto-aof-rewrite-min-size", kind: memoryKind({ min: 0n, max: LLONG_MAX }), default: 64 * MB, mutable: true }),
] as const;

/** isValidAOFfilename / isValidAOFdirname: a name inside `dir`, not empty and not a path. */
function aofNameValidator(setting: string, what: string): (value: string) => string | null {
  return (value) =>
    value === "" ? `${setting} can't be empty` : pathIsBaseName(value) ? null : `${setting} can't be a path, just a ${what}`;
}

export type AnySetting = (typeof SETTINGS)[number];
export type SettingName = AnySetting["name"];

type ValueOf<S> = S extends Setting<string, infer T> ? T : never;

/** The whole configuration, one typed field per setting (e.g. config.port: number). */
export type Config = { -readonly [S in AnySetting as S["name"]]: ValueOf<S> };

/** Some settings, as a config file or the command line gives them. */
export type ConfigPatch = Partial<Config>;

export type { SavePoint, ClientOutputBufferLimits, ObufLimit, ObufClass, BindAddress } from "./kinds.ts";
export { parseBindAddress, OBUF_CLASSES } from "./kinds.ts";

/** Every setting with generic types, for code that walks the table. */
export const ALL_SETTINGS: readonly Setting[] = SETTINGS;

/** A name CONFIG GET/SET and redis.conf accept: a setting's own name or its alias. */
export interface SettingEntry {
  readonly name: string;
  readonly setting: Setting;
  readonly key: SettingName;
}

/** Names and aliases in table order (the alias right after its setting). */
export const SETTING_ENTRIES: readonly SettingEntry[] = ALL_SETTINGS.flatMap((setting) => {
  const key = setting.name as SettingName;
  const own: SettingEntry = { name: setting.name, setting, key };
  return setting.alias === undefined ? [own] : [own, { name: setting.alias, setting, key }];
});

const ENTRY_BY_NAME: ReadonlyMap<string, SettingEntry> = new Map(SETTING_ENTRIES.map((e) => [e.name, e]));

/** Looks a name or alias up the way Redis's configs dict does: case-insensitively. */
export function lookupSetting(name: string): SettingEntry | undefined {
  return ENTRY_BY_NAME.get(asciiLower(name));
}


/** A config with every setting at its default. */
export function defaultConfig(): Config {
  const config: Record<string, unknown> = {};
  for (const setting of ALL_SETTINGS) config[setting.name] = setting.defaultValue();
  return config as Config;
}

/** A deep copy, so that a config handed out cannot be changed through shared arrays. */
export function cloneConfig(config: Readonly<Config>): Config {
  return structuredClone(config) as Config;
}

/** A config from typed values, e.g. startServer({ port: 0, dir }): defaults for the rest. */
export function configFromPatch(patch: ConfigPatch): Config {
  return cloneConfig({ ...defaultConfig(), ...patch });
}
