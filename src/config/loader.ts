// Start-up configuration as redis-server builds it (server.c main, config.c
// loadServerConfig/loadServerConfigFromString): a redis.conf file, then stdin, then the
// command-line flags turned into config lines appended after them, all read as one text,
// so a bad flag is reported like a bad file line, with its line number.

import { resolve as resolvePath } from "node:path";
import { splitArgs } from "../protocol/split-args.ts";
import { ConfigErrors, cantOpenConfigFile, fatalConfigError } from "./errors.ts";
import {
  type Config,
  type ConfigPatch,
  type SettingName,
  cloneConfig,
  defaultConfig,
  lookupSetting,
} from "./settings.ts";
import { asciiLower, strerror } from "./values.ts";

/** Directives Redis 7.0 still accepts and ignores (deprecated_configs in config.c). */
const DEPRECATED_DIRECTIVES: ReadonlySet<string> = new Set([
  "list-max-ziplist-entries",
  "list-max-ziplist-value",
  "lua-replicate-commands",
]);

/** Redis recurses on include without a limit (until it crashes); redbun stops here. */
const MAX_INCLUDE_DEPTH = 16;

export type ReadFile = (path: string) => string;


/** What one load remembers across the file, its includes and the flags. */
interface LoadState {
  readonly config: Config;
  readonly touched: Set<SettingName>;
  /** The first save directive replaces the defaults; later ones add to it. */
  saveLoaded: boolean;
  readonly readFile: ReadFile | undefined;
  depth: number;
}

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder();

/**
 * Applies redis.conf text to state.config. Returns the fatal message, or null.
 *
 * Each line is trimmed of " \t\r\n"; blank lines and lines starting with '#' are skipped;
 * the rest is split like sdssplitargs (quotes, escapes); the directive name is
 * case-insensitive. `include <path>` loads another file in place (a path with glob
 * characters is read as a plain path: redbun does not expand include patterns).
 */
function applyConfigText(text: string, state: LoadState): string | null {
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const lineNumber = i + 1;
    const line = trimConfigLine(lines[i]);
    if (line === "" || line.startsWith("#")) continue;
    const fail = (reason: string): string => fatalConfigError(lineNumber, line, reason);

    const split = splitArgs(utf8.encode(line));
    if (split === null) return fail(ConfigErrors.unbalancedQuotes);
    if (split.length === 0) continue;
    const argv = split.map((arg) => utf8Decoder.decode(arg));
    const name = asciiLower(argv[0]);

    const entry = lookupSetting(name);
    if (entry !== undefined) {
      const { setting, key } = entry;
      if (!setting.multiArg && argv.length !== 2) return fail(ConfigErrors.wrongArgCount);
      const current = state.config[key];
      const parsed = setting.parse(argv.slice(1), current);
      if (!parsed.ok) return fail(parsed.error);
      let value = parsed.value;
      if (key === "save") {
        // While reading config, save lines accumulate: the first one drops the defaults,
        // `save ""` empties the list, any other adds its points (Redis 7.0.15 behaviour).
        const added = value as Config["save"]; // the save setting's own parser made it
        value = added.length === 0 || !state.saveLoaded ? added : [...state.config.save, ...added];
        state.saveLoaded = true;
      }
      setValue(state.config, key, value);
      state.touched.add(key);
      continue;
    }
    if (DEPRECATED_DIRECTIVES.has(name) && argv.length === 2) continue;
    if (name === "include" && argv.length === 2) {
      const message = includeFile(argv[1], state);
      if (message !== null) return message;
      continue;
    }
    return fail(ConfigErrors.badDirective);
  }
  return null;
}

function setValue(config: Config, key: SettingName, value: unknown): void {
  // The value came out of the setting's own parser for this key.
  (config as Record<SettingName, unknown>)[key] = value;
}

function includeFile(path: string, state: LoadState): string | null {
  if (state.depth >= MAX_INCLUDE_DEPTH) return cantOpenConfigFile(path, ConfigErrors.includeTooDeep);
  if (state.readFile === undefined) return cantOpenConfigFile(path, "No such file or directory");
  let text: string;
  try {
    text = state.readFile(path);
  } catch (e) {
    return cantOpenConfigFile(path, strerror(e));
  }
  state.depth++;
  const message = applyConfigText(text, state);
  state.depth--;
  return message;
}

/** sdstrim(line, " \t\r\n"). */
function trimConfigLine(line: string): string {
  return line.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, "");
}

function newState(base: Readonly<Config>, readFile: ReadFile | undefined): LoadState {
  return { config: cloneConfig(base), touched: new Set(), saveLoaded: false, readFile, depth: 0 };
}

export interface ParseConfigFileOptions {
  /** Reads files named by include directives; without it an include fails. */
  readonly readFile?: ReadFile;
  /** The config the file applies to (defaults to defaultConfig()): relative dir resolves against its dir. */
  readonly base?: Readonly<Config>;
}

export type ParseConfigFileResult = { ok: true; patch: ConfigPatch; config: Config } | { ok: false; message: string };

/**
 * Parses redis.conf text. `patch` holds the settings the text set (save with its lines
 * accumulated), `config` the base with the patch applied. On error, `message` is the text
 * redis-server prints before exiting (see fatalConfigError).
 */
export function parseConfigFile(text: string, options: ParseConfigFileOptions = {}): ParseConfigFileResult {
  const state = newState(options.base ?? defaultConfig(), options.readFile);
  const message = applyConfigText(text, state);
  if (message !== null) return { ok: false, message };
  const patch: Record<string, unknown> = {};
  for (const key of state.touched) patch[key] = state.config[key];
  return { ok: true, patch: patch as ConfigPatch, config: state.config };
}

// ---------------------------------------------------------------------------------------------
// Command line.

export type CommandLine =
  | { kind: "version" }
  | { kind: "help" }
  | {
      kind: "run";
      /** The first argument when it does not start with '-': a config file path (as given). */
      configFile?: string;
      /** A lone "-" first or last: read config text from standard input too. */
      configFromStdin: boolean;
      /**
       * The flags as the config text redis-server builds from them: "--port 6380 --save 60 1"
       * becomes `port "6380" \nsave "60" "1" ` (one line per flag, values quoted like
       * sdscatrepr). loadConfig appends it after "\n" to the file's text.
       */
      options: string;
    };

/**
 * Reads redis-server's arguments (without the program name): `[config-file] [-] [--name
 * value ...]`. Only the first argument can be -v/--version or -h/--help. After `--name`,
 * every argument up to the next `--...` is one of its values, and an argument right after
 * `--name` is a value even if it starts with "--" (`--requirepass --x`). `--save` with
 * nothing after it means `save ""`. A single "--name value" argument holds name and value.
 */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  if (argv.length === 0) return { kind: "run", configFromStdin: false, options: "" };
  const first = argv[0];
  if (first === "-v" || first === "--version") return { kind: "version" };
  if (first === "-h" || first === "--help") return { kind: "help" };

  let j = 0;
  let configFile: string | undefined;
  if (!first.startsWith("-")) {
    configFile = first;
    j = 1;
  }
  let configFromStdin = false;
  let options = "";
  let handledLastConfigArg = true;
  for (; j < argv.length; j++) {
    const arg = argv[j];
    const isLast = j === argv.length - 1;
    if (arg === "-" && (j === 0 || isLast)) {
      configFromStdin = true;
    } else if (handledLastConfigArg && arg.startsWith("--")) {
      if (options.length > 0) options += "\n";
      options += `${arg.slice(2)} `;
      const words = splitArgs(utf8.encode(arg));
      if (words !== null && words.length === 1) {
        // Just a name: its values follow.
        handledLastConfigArg = false;
        const nextIsFlag = !isLast && argv[j + 1].startsWith("--");
        if (asciiLower(arg) === "--save" && (isLast || nextIsFlag)) {
          // `--save` alone means `save ""` (kept from Redis before 7.0.1 for generated args).
          options += '""';
          if (nextIsFlag) handledLastConfigArg = true;
        }
      } else {
        // "--port 6380" as one argument carries its value.
        handledLastConfigArg = true;
      }
    } else {
      options += `${catRepr(arg)} `;
      handledLastConfigArg = true;
    }
  }
  return configFile === undefined
    ? { kind: "run", configFromStdin, options }
    : { kind: "run", configFile, configFromStdin, options };
}

/** sds.c sdscatrepr: a double-quoted string, C escapes, other non-printable bytes as \xHH. */
export function catRepr(s: string): string {
  let out = '"';
  for (const byte of utf8.encode(s)) {
    switch (byte) {
      case 0x5c:
        out += "\\\\";
        break;
      case 0x22:
        out += '\\"';
        break;
      case 0x0a:
        out += "\\n";
        break;
      case 0x0d:
        out += "\\r";
        break;
      case 0x09:
        out += "\\t";
        break;
      case 0x07:
        out += "\\a";
        break;
      case 0x08:
        out += "\\b";
        break;
      default:
        out += byte >= 0x20 && byte <= 0x7e ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, "0")}`;
    }
  }
  return `${out}"`;
}

// ---------------------------------------------------------------------------------------------
// Everything together.

export interface LoadEnvironment {
  /** The directory relative paths start from (the config file path; dir's default). */
  readonly cwd?: string;
  /** Standard input's text, for a "-" argument. */
  readonly readStdin?: () => string;
}

export type LoadConfigResult =
  | { ok: true; config: Config; /** Absolute path of the config file, if one was given. */ configFile?: string }
  | { ok: false; message: string };

/**
 * The configuration redis-server would run with for these arguments (without the program
 * name): defaults, then the config file, then stdin, then the flags. `message` on failure is
 * what redis-server prints to stderr before exit(1). --version/--help are main's business:
 * check parseCommandLine first.
 */
export function loadConfig(argv: readonly string[], readFile: ReadFile, env: LoadEnvironment = {}): LoadConfigResult {
  const commandLine = parseCommandLine(argv);
  if (commandLine.kind !== "run") return { ok: false, message: `--${commandLine.kind} is handled before loading config` };
  const base = defaultConfig();
  if (env.cwd !== undefined) base.dir = env.cwd;
  if (argv.length === 0) return { ok: true, config: base };

  let text = "";
  let configFile: string | undefined;
  if (commandLine.configFile !== undefined) {
    // getAbsolutePath(): the file is named by its absolute path from then on.
    configFile = resolvePath(env.cwd ?? base.dir, commandLine.configFile);
    try {
      text = readFile(configFile);
    } catch (e) {
      return { ok: false, message: cantOpenConfigFile(configFile, strerror(e)) };
    }
  }
  if (commandLine.configFromStdin) {
    if (env.readStdin === undefined) return { ok: false, message: cantOpenConfigFile("-", "no standard input") };
    text += env.readStdin();
  }
  // The flags always follow a newline, even without a file: their first line is line 2.
  text += `\n${commandLine.options}`;

  const state = newState(base, readFile);
  const message = applyConfigText(text, state);
  if (message !== null) return { ok: false, message };
  return configFile === undefined ? { ok: true, config: state.config } : { ok: true, config: state.config, configFile };
}
