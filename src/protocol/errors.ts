// Every Redis error text redbun sends, in one place, byte for byte as Redis 7.0 writes them
// (server.c shared objects, networking.c protocol errors, the per-command texts of t_*.c).
// A reply writer adds the leading '-' and the trailing CRLF.

export const Errors = {
  syntax: "ERR syntax error",
  notInteger: "ERR value is not an integer or out of range",
  notFloat: "ERR value is not a valid float",
  wrongType: "WRONGTYPE Operation against a key holding the wrong kind of value",
  noSuchKey: "ERR no such key",
  outOfRange: "ERR index out of range",
  /** getPositiveLongFromObjectOrReply without a message of its own (LPOP/RPOP/SPOP count). */
  mustBePositive: "ERR value is out of range, must be positive",
  /** The *MPOP and *INTERCARD commands' numkeys, and *MPOP's COUNT (getRangeLongFromObjectOrReply). */
  numkeysNotPositive: "ERR numkeys should be greater than 0",
  /** SINTERCARD / ZINTERCARD: numkeys past the arguments given, and a bad LIMIT. */
  numkeysOverArgs: "ERR Number of keys can't be greater than number of args",
  limitNegative: "ERR LIMIT can't be negative",
  /** ZUNION/ZINTER and their STORE forms: a WEIGHTS value string2d does not take. */
  weightNotFloat: "ERR weight value is not a float",
  countNotPositive: "ERR count should be greater than 0",
  lposRankZero:
    "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list",
  lposCountNegative: "ERR COUNT can't be negative",
  lposMaxlenNegative: "ERR MAXLEN can't be negative",
  dbIndexOutOfRange: "ERR DB index is out of range",
  /** Blocking commands' timeout argument (getTimeoutFromObjectOrReply), and CLIENT UNBLOCK. */
  timeoutNotFloat: "ERR timeout is not a float or out of range",
  timeoutNegative: "ERR timeout is negative",
  unblockedByClient: "UNBLOCKED client unblocked via CLIENT UNBLOCK",
  unblockReason: "ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR",
  sameObject: "ERR source and destination objects are the same",
  overflow: "ERR increment or decrement would overflow",
  nanOrInfinity: "ERR increment would produce NaN or Infinity",
  /** HINCRBY / HINCRBYFLOAT on a field that does not hold a number; HINCRBYFLOAT's infinite increment. */
  hashValueNotInteger: "ERR hash value is not an integer",
  hashValueNotFloat: "ERR hash value is not a float",
  valueNanOrInfinity: "ERR value is NaN or Infinity",
  /** HRANDFIELD / ZRANDMEMBER WITHSCORES: a negative count whose reply length would overflow. */
  countOutOfRange: "ERR value is out of range",
  /** ZADD's option checks and its NaN result (zaddGenericCommand). */
  zaddXxAndNx: "ERR XX and NX options at the same time are not compatible",
  zaddGtLtNx: "ERR GT, LT, and/or NX options at the same time are not compatible",
  zaddIncrSinglePair: "ERR INCR option supports a single increment-element pair",
  scoreIsNan: "ERR resulting score is not a number (NaN)",
  /** zslParseRange / zslParseLexRange failures (ZRANGEBYSCORE, ZCOUNT, ZRANGEBYLEX …). */
  minMaxNotFloat: "ERR min or max is not a float",
  minMaxNotLexItem: "ERR min or max not valid string range item",
  /** zrangeGenericCommand's conflicting options. */
  zrangeLimitNeedsBy: "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX",
  zrangeWithscoresBylex: "ERR syntax error, WITHSCORES not supported in combination with BYLEX",
  stringTooLong: "ERR string exceeds maximum allowed size (proto-max-bulk-len)",
  decrementOverflow: "ERR decrement would overflow",
  offsetOutOfRange: "ERR offset is out of range",
  lcsNotStrings: "ERR The specified keys must contain string values",
  lcsLenAndIdx: "ERR If you want both the length and indexes, please just use IDX.",
  lcsTooMuchMemory: "ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len",
  lcsAllocationFailed: "ERR Insufficient memory, failed allocating transient memory for LCS",
  invalidCursor: "ERR invalid cursor",
  /** SORT: an element or BY value that strtod cannot read whole, NaN, or out of range. */
  sortScoreNotDouble: "ERR One or more scores can't be converted into double",
  expireNxAndOthers: "ERR NX and XX, GT or LT options at the same time are not compatible",
  expireGtAndLt: "ERR GT and LT options at the same time are not compatible",
  lfuNotSelected:
    "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.",
  /** RESTORE (cluster.c restoreCommand and verifyDumpPayload). */
  busyKey: "BUSYKEY Target key name already exists.",
  dumpPayloadWrong: "ERR DUMP payload version or checksum are wrong",
  badDataFormat: "ERR Bad data format",
  restoreTtlNegative: "ERR Invalid TTL value, must be >= 0",
  restoreIdletimeNegative: "ERR Invalid IDLETIME value, must be >= 0",
  restoreFreqOutOfRange: "ERR Invalid FREQ value, must be >= 0 and <= 255",
  invalidFirstDbIndex: "ERR invalid first DB index",
  invalidSecondDbIndex: "ERR invalid second DB index",
  debugNotAllowed:
    'ERR DEBUG command not allowed. If the enable-debug-command option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.',
  noShutdownInProgress: "ERR No shutdown in progress.",
  shutdownFailed: "ERR Errors trying to SHUTDOWN. Check logs.",
  /** shared.err: what a failed SAVE (or DEBUG RELOAD's save) answers, with no message. */
  plainErr: "ERR",
  bgsaveInProgress: "ERR Background save already in progress",
  bgsaveOtherChild:
    "ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.",
  /** shared.bgsaveerr: writes refused after a failed background save (stop-writes-on-bgsave-error). */
  bgsaveFailedMisconf:
    "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error.",
  aofRewriteInProgress: "ERR Background append only file rewriting already in progress",
  aofRewriteFailed: "ERR Can't execute an AOF background rewriting. Please check the server logs for more information.",
  debugReloadOptions: "ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.",
  rdbLoadFailed: "ERR Error trying to load the RDB dump",
  getkeysInvalidCommand: "ERR Invalid command specified",
  getkeysNoKeys: "ERR The command has no key arguments",
  getkeysInvalidArity: "ERR Invalid number of arguments specified for command",
  getkeysInvalidArguments: "ERR Invalid arguments specified for command",
  noAuth: "NOAUTH Authentication required.",
  wrongPass: "WRONGPASS invalid username-password pair or user is disabled.",
  authNotConfigured:
    "ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?",
  noProto: "NOPROTO unsupported protocol version",
  maxClients: "ERR max number of clients reached",
  execAbort: "EXECABORT Transaction discarded because of previous errors.",
  multiNested: "ERR MULTI calls can not be nested",
  execWithoutMulti: "ERR EXEC without MULTI",
  discardWithoutMulti: "ERR DISCARD without MULTI",
  watchInsideMulti: "ERR WATCH inside MULTI is not allowed",
  notAllowedInMulti: "ERR Command not allowed inside a transaction",
  monitorDenyBlocking: "ERR MONITOR isn't allowed for DENY BLOCKING client",
  replicaKeyspace: "ERR Replica can't interact with the keyspace",
  helloNoAuth:
    "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time",
  protoverNotInteger: "ERR Protocol version is not an integer or out of range",
  clientNameSpaces: "ERR Client names cannot contain spaces, newlines or special characters.",
  noSuchClient: "ERR No such client",
  clientIdNotPositive: "ERR client-id should be greater than 0",
  invalidClientId: "ERR Invalid client ID",
  protectedMode:
    "DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. In this mode connections are only accepted from the loopback interface. If you want to connect from external computers to Redis you may adopt one of the following solutions: 1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable the protected mode by editing the Redis configuration file, and setting the protected mode option to 'no', and then restarting the server. 3) If you started the server manually just for testing, restart it with the '--protected-mode no' option. 4) Setup a an authentication password for the default user. NOTE: You only need to do one of the above things in order for the server to start accepting connections from the outside.",
} as const;

/** `ERR unknown command 'foo', with args beginning with: 'a' 'b' ` (Redis keeps the trailing space). */
export function unknownCommand(name: string, args: readonly string[]): string {
  // processCommand() quotes arguments until the quoted list reaches 128 characters,
  // each argument cut to what is left of that budget.
  let quoted = "";
  for (const arg of args) {
    if (quoted.length >= 128) break;
    quoted += `'${arg.slice(0, 128 - quoted.length)}' `;
  }
  return noNewlines(`ERR unknown command '${name.slice(0, 128)}', with args beginning with: ${quoted}`);
}

/** Redis names a subcommand as `container|sub` and suggests HELP. */
export function unknownSubcommand(subcommand: string, container: string): string {
  return noNewlines(`ERR unknown subcommand '${subcommand.slice(0, 128)}'. Try ${container.toUpperCase()} HELP.`);
}

/** addReplySubcommandSyntaxError: DEBUG's (and others') unknown subcommand or bad argument count. */
export function subcommandSyntaxError(subcommand: string, command: string): string {
  return noNewlines(`ERR unknown subcommand or wrong number of arguments for '${subcommand.slice(0, 128)}'. Try ${command.toUpperCase()} HELP.`);
}

/**
 * execCommandAbort: a rejected EXEC ends the transaction with the reason. Redis passes the
 * reason without the `ERR ` its error replies add (`… because of: wrong number of arguments …`).
 */
export function execAbortBecause(error: string): string {
  return `EXECABORT Transaction discarded because of: ${error.startsWith("ERR ") ? error.slice(4) : error}`;
}

/** processCommand's refusal of other commands while a RESP2 client is subscribed. */
export function onlyPubsubCommands(fullName: string): string {
  return `ERR Can't execute '${fullName}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`;
}

/** writeCommandsDeniedByDiskError's AOF case: the last write (or fsync) of the AOF failed. */
export function aofWriteMisconf(reason: string): string {
  return `MISCONF Errors writing to the AOF file: ${reason}`;
}

/** zunionInterDiffGenericCommand's numkeys below 1 (ZUNION, ZINTER, ZDIFF, ZINTERCARD and the STORE forms). */
export function inputKeyNeeded(fullName: string): string {
  return `ERR at least 1 input key is needed for '${fullName}' command`;
}

export function wrongArity(fullName: string): string {
  return `ERR wrong number of arguments for '${fullName}' command`;
}

/** EXPIRE's option check. */
export function unsupportedOption(option: string): string {
  return noNewlines(`ERR Unsupported option ${untilNul(option)}`);
}

/** HELLO's options are AUTH and SETNAME, each with its arguments. */
export function helloSyntaxError(option: string): string {
  return noNewlines(`ERR Syntax error in HELLO option '${untilNul(option)}'`);
}

/** CLIENT LIST TYPE / CLIENT KILL TYPE (getClientTypeByName found nothing). */
export function unknownClientType(type: string): string {
  return noNewlines(`ERR Unknown client type '${untilNul(type)}'`);
}

/** CLIENT KILL USER: ACLGetUserByName found nothing. */
export function noSuchUser(name: string): string {
  return noNewlines(`ERR No such user '${untilNul(name)}'`);
}

/** addReplyErrorFormat's `%s` is a C string: an argument shows up to its first NUL byte. */
function untilNul(text: string): string {
  return text.split("\0", 1)[0]!;
}

/** getRangeLongFromObjectOrReply without a message of its own (COPY/MOVE's db index as an int). */
export function valueOutOfRange(min: number | bigint, max: number | bigint): string {
  return `ERR value is out of range, value must between ${min} and ${max}`;
}

export function invalidExpireTime(command: string): string {
  return `ERR invalid expire time in '${command}' command`;
}

/**
 * addReplyErrorFormat() trims CR and LF off the end and turns the others into spaces, so an
 * error stays one protocol line (`EXPIRE k 1 "a\r\n"` → `Unsupported option a`).
 */
export function noNewlines(text: string): string {
  return /[\r\n]/.test(text) ? text.replace(/[\r\n]+$/, "").replace(/[\r\n]/g, " ") : text;
}

export function protocolError(detail: string): string {
  return `ERR Protocol error: ${detail}`;
}
