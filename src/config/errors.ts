// Every text the config layer reports, byte for byte as Redis 7.0.15 prints it (config.c,
// util.c, server.c main): setter errors shared by redis.conf and CONFIG SET, the CONFIG SET
// reply errors, and the fatal message redis-server writes to stderr for a bad config line.
// (Kept beside the config code because only it uses them; src/protocol/errors.ts has the rest.)

/** The version redis-server names in its fatal config message; redbun reproduces it. */
export const REDIS_VERSION = "7.0.15";

/** Setter errors: the "- <reason>" part of CONFIG SET and the last line of the fatal message. */
export const ConfigErrors = {
  unbalancedQuotes: "Unbalanced quotes in configuration line",
  badDirective: "Bad directive or wrong number of arguments",
  wrongArgCount: "wrong number of arguments",
  yesNo: "argument must be 'yes' or 'no'",
  notInteger: "argument couldn't be parsed into an integer",
  notMemory: "argument must be a memory value",
  notOctal: "argument couldn't be parsed as an octal number",
  invalidSave: "Invalid save parameters",
  tooManyBindAddresses: "Too many bind addresses specified.",
  obufArgCount: "Wrong number of arguments in buffer limit configuration.",
  obufClass: "Invalid client class specified in buffer limit configuration.",
  obufValues: "Error in hard, soft or soft_seconds setting in buffer limit configuration.",
  dbfilenamePath: "dbfilename can't be a path, just a filename",
  immutable: "can't set immutable config",
  protected: "can't set protected config",
  duplicate: "duplicate parameter",
  /** redbun's own: Redis forks into the background here; redbun never does. */
  daemonize: "redbun does not daemonize: run it in the foreground (under systemd, docker, ...)",
  /** redbun's own: Redis would recurse until it crashes. */
  includeTooDeep: "include directives nested too deeply",
} as const;

/** The shared.loadingerr reply CONFIG SET gives for dir while a dataset loads. */
export const LOADING_ERROR = "LOADING Redis is loading the dataset in memory";

/** numericBoundaryCheck: "%lld"/"%llu" for decimal settings, "%llo" for octal ones. */
export function betweenInclusive(min: bigint, max: bigint, radix: 8 | 10 = 10): string {
  return `argument must be between ${min.toString(radix)} and ${max.toString(radix)} inclusive`;
}

/** enumConfigSet in 7.0.15 says "argument(s)" (the fetched later source says "argument"). */
export function oneOf(names: readonly string[]): string {
  return `argument(s) must be one of the following: ${names.join(", ")}`;
}

export function unknownConfigSetOption(name: string): string {
  return `ERR Unknown option or number of arguments for CONFIG SET - '${name}'`;
}

/** configSetCommand: the reason is omitted when the setter or apply function gave none. */
export function configSetFailed(name: string, reason: string | undefined): string {
  return reason
    ? `ERR CONFIG SET failed (possibly related to argument '${name}') - ${reason}`
    : `ERR CONFIG SET failed (possibly related to argument '${name}')`;
}

/**
 * loadServerConfigFromString's loaderr block, without the final newline fprintf adds:
 * "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line N\n>>> 'line'\nreason".
 * `line` is the line trimmed of " \t\r\n", as Redis prints it.
 */
export function fatalConfigError(lineNumber: number, line: string, reason: string): string {
  return (
    `\n*** FATAL CONFIG FILE ERROR (Redis ${REDIS_VERSION}) ***\n` +
    `Reading the configuration file, at line ${lineNumber}\n` +
    `>>> '${line}'\n` +
    reason
  );
}

/** loadServerConfig: logged (with the usual log prefix) before exit(1). */
export function cantOpenConfigFile(path: string, reason: string): string {
  return `Fatal error, can't open config file '${path}': ${reason}`;
}
