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
  dbIndexOutOfRange: "ERR DB index is out of range",
  sameObject: "ERR source and destination objects are the same",
  overflow: "ERR increment or decrement would overflow",
  nanOrInfinity: "ERR increment would produce NaN or Infinity",
  stringTooLong: "ERR string exceeds maximum allowed size (proto-max-bulk-len)",
  decrementOverflow: "ERR decrement would overflow",
  offsetOutOfRange: "ERR offset is out of range",
  lcsNotStrings: "ERR The specified keys must contain string values",
  lcsLenAndIdx: "ERR If you want both the length and indexes, please just use IDX.",
  lcsTooMuchMemory: "ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len",
  lcsAllocationFailed: "ERR Insufficient memory, failed allocating transient memory for LCS",
  invalidCursor: "ERR invalid cursor",
  expireNxAndOthers: "ERR NX and XX, GT or LT options at the same time are not compatible",
  expireGtAndLt: "ERR GT and LT options at the same time are not compatible",
  lfuNotSelected:
    "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.",
  invalidFirstDbIndex: "ERR invalid first DB index",
  invalidSecondDbIndex: "ERR invalid second DB index",
  debugNotAllowed:
    'ERR DEBUG command not allowed. If the enable-debug-command option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.',
  noShutdownInProgress: "ERR No shutdown in progress.",
  shutdownFailed: "ERR Errors trying to SHUTDOWN. Check logs.",
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
export function valueOutOfRange(min: number, max: number): string {
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
