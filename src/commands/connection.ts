// Connection commands (Redis's "connection" group: networking.c, server.c, acl.c): PING, ECHO,
// QUIT, SELECT, HELLO, AUTH, RESET and the CLIENT container. They act on the calling client's
// own state (protocol, name, db, authentication, reply mode) or, for CLIENT LIST and CLIENT
// KILL, on the server's other connections.

import { createHash, timingSafeEqual } from "node:crypto";
import { REDIS_VERSION } from "../config/index.ts";
import {
  Errors,
  helloSyntaxError,
  noSuchUser,
  subcommandSyntaxError,
  unknownClientType,
  valueOutOfRange,
} from "../protocol/errors.ts";
import type { Protocol } from "../protocol/reply-writer.ts";
import type { Client } from "../server/client.ts";
import { parseInt64 } from "../store/numbers.ts";
import {
  bytes,
  cString,
  int,
  isCToken,
  keyFromBytes,
  multiple,
  optional,
  readInRun,
  restReadInRun,
  undocumented,
  type ArgDoc,
} from "./args.ts";
import { defineCommand, defineContainer, type Command } from "./define.ts";
import { replyHelp } from "./help.ts";
import { discardTransaction } from "./transactions.ts";

// --- argument helpers -----------------------------------------------------------------------
//
// networking.c parses HELLO, AUTH and the CLIENT subcommands by hand, with its own order of
// checks and error texts, and compares words with strcasecmp/strcmp, which stop at a NUL
// byte. These commands read `client.argv` themselves: the compiled parser passes the words
// through (readInRun / restReadInRun), and COMMAND DOCS shows Redis's grammar, the `doc`
// given here.

function pureTokens(...words: string[]): ArgDoc[] {
  return words.map((word) => ({ name: word.toLowerCase(), type: "pure-token", token: word }));
}

// --- PING, ECHO, QUIT, SELECT ---------------------------------------------------------------

const EMPTY = new Uint8Array(0);

/** PING [message] */
const ping = defineCommand({
  name: "ping",
  group: "connection",
  summary: "Ping the server",
  since: "1.0.0",
  complexity: "O(1)",
  flags: ["fast"],
  tips: ["request_policy:all_shards", "response_policy:all_succeeded"],
  args: { message: optional(bytes("message")) },
  run(client, { message }) {
    // pingCommand: a subscribed RESP2 client gets its answer in the shape of a push frame.
    if (client.subscriptions !== null && client.reply.protocol === 2) {
      client.reply.arrayHeader(2);
      client.reply.bulkLatin1("pong");
      client.reply.bulk(message ?? EMPTY);
    } else if (message === undefined) client.reply.simple("PONG");
    else client.reply.bulk(message);
  },
});

/** ECHO message */
const echo = defineCommand({
  name: "echo",
  group: "connection",
  summary: "Echo the given string",
  since: "1.0.0",
  complexity: "O(1)",
  flags: ["loading", "stale", "fast"],
  args: { message: bytes("message") },
  run(client, { message }) {
    client.reply.bulk(message);
  },
});

/** QUIT */
const quit = defineCommand({
  name: "quit",
  group: "connection",
  summary: "Close the connection",
  since: "1.0.0",
  complexity: "O(1)",
  flags: ["allow_busy", "noscript", "loading", "stale", "fast", "no_auth"],
  // Redis documents no arguments but ignores any (arity -1): QUIT now please is a QUIT.
  args: { ignored: undocumented(optional(multiple(bytes("ignored")))) },
  run(client) {
    // The connection closes once the +OK is out; pipelined commands after QUIT never run.
    client.reply.ok();
    client.closeAfterReply = true;
  },
});

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

/** SELECT index */
const select = defineCommand({
  name: "select",
  group: "connection",
  summary: "Change the selected database for the current connection",
  since: "1.0.0",
  complexity: "O(1)",
  flags: ["loading", "stale", "fast"],
  args: { index: int("index") },
  run(client, { index }) {
    // getIntFromObjectOrReply: a long long first, then the C int range, then selectDb.
    if (index < INT_MIN || index > INT_MAX) {
      client.reply.error(valueOutOfRange(INT_MIN, INT_MAX));
    } else if (index < 0 || index >= client.server.keyspace.dbs.length) {
      client.reply.error(Errors.dbIndexOutOfRange);
    } else {
      client.dbIndex = index;
      client.reply.ok();
    }
  },
});

// --- authentication: AUTH, HELLO, RESET -----------------------------------------------------

const DEFAULT_USER = new TextEncoder().encode("default");

function sha256(data: Uint8Array): Buffer {
  return createHash("sha256").update(data).digest();
}

/**
 * ACLAuthenticateUser with the one user redbun has, "default": its password is requirepass,
 * and without one (nopass) any password is accepted. As in ACLCheckUserCredentials the
 * comparison is of SHA-256 digests in constant time, so timing tells nothing of the password.
 */
function authenticate(client: Client, username: Uint8Array, password: Uint8Array): boolean {
  if (keyFromBytes(username) !== "default") return false;
  const requirepass = client.server.config.values.requirepass;
  if (requirepass !== "" && !timingSafeEqual(sha256(password), sha256(Buffer.from(requirepass, "latin1")))) {
    return false;
  }
  client.authenticated = true;
  return true;
}

/** AUTH [username] password */
const auth = defineCommand({
  name: "auth",
  group: "connection",
  summary: "Authenticate to the server",
  since: "1.0.0",
  complexity: "O(N) where N is the number of passwords defined for the user",
  flags: ["noscript", "loading", "stale", "fast", "no_auth", "allow_busy"],
  args: {
    username: restReadInRun({ name: "username", type: "string", optional: true }),
    password: bytes("password"),
  },
  run(client, { username, password }) {
    if (username !== undefined && username.length > 1) {
      client.reply.error(Errors.syntax);
      return;
    }
    // MONITOR shows the credentials as (redacted), whatever the outcome.
    for (let i = 1; i < client.argv.length; i++) client.redactArg(i);
    const user = username?.[0];
    // The one-argument form keeps its pre-ACL error when there is no password to check.
    if (user === undefined && !client.server.authRequired()) {
      client.reply.error(Errors.authNotConfigured);
      return;
    }
    if (authenticate(client, user ?? DEFAULT_USER, password)) client.reply.ok();
    else client.reply.error(Errors.wrongPass);
  },
});

/** clientSetNameOrReply: an empty name removes it; otherwise only '!'..'~' are allowed. */
function setClientName(client: Client, name: Uint8Array): boolean {
  for (const byte of name) {
    if (byte < 0x21 || byte > 0x7e) {
      client.reply.error(Errors.clientNameSpaces);
      return false;
    }
  }
  client.name = keyFromBytes(name);
  return true;
}

/** HELLO [protover [AUTH username password] [SETNAME clientname]] */
const hello = defineCommand({
  name: "hello",
  group: "connection",
  summary: "Handshake with Redis",
  since: "6.0.0",
  complexity: "O(1)",
  flags: ["noscript", "loading", "stale", "fast", "no_auth", "allow_busy"],
  args: {
    arguments: restReadInRun({
      name: "arguments",
      type: "block",
      optional: true,
      arguments: [
        { name: "protover", type: "integer" },
        {
          name: "username_password",
          type: "block",
          token: "AUTH",
          optional: true,
          arguments: [
            { name: "username", type: "string" },
            { name: "password", type: "string" },
          ],
        },
        { name: "clientname", type: "string", token: "SETNAME", optional: true },
      ],
    }),
  },
  run(client) {
    const argv = client.argv;
    const reply = client.reply;
    let protocol: Protocol | undefined;
    if (argv.length >= 2) {
      const version = parseInt64(argv[1]!);
      if (version === null) {
        reply.error(Errors.protoverNotInteger);
        return;
      }
      if (version !== 2n && version !== 3n) {
        reply.error(Errors.noProto);
        return;
      }
      protocol = version === 2n ? 2 : 3;
    }
    // Options take effect one by one, as helloCommand walks them: a name set before a bad
    // option stays set, and an AUTH before a failing SETNAME stays done.
    for (let j = 2; j < argv.length; j++) {
      const option = argv[j]!;
      const moreArgs = argv.length - 1 - j;
      if (isCToken(option, "AUTH") && moreArgs >= 2) {
        client.redactArg(j + 1);
        client.redactArg(j + 2);
        if (!authenticate(client, argv[j + 1]!, argv[j + 2]!)) {
          reply.error(Errors.wrongPass);
          return;
        }
        j += 2;
      } else if (isCToken(option, "SETNAME") && moreArgs >= 1) {
        if (!setClientName(client, argv[j + 1]!)) return;
        j++;
      } else {
        reply.error(helloSyntaxError(keyFromBytes(option)));
        return;
      }
    }
    // Not authRequired(): HELLO wants a real authentication even once no password is needed.
    if (!client.authenticated) {
      reply.error(Errors.helloNoAuth);
      return;
    }
    if (protocol !== undefined) reply.protocol = protocol;
    reply.mapHeader(7);
    reply.bulkText("server");
    reply.bulkText("redis");
    reply.bulkText("version");
    reply.bulkText(REDIS_VERSION);
    reply.bulkText("proto");
    reply.integer(reply.protocol);
    reply.bulkText("id");
    reply.integer(client.id);
    reply.bulkText("mode");
    reply.bulkText("standalone");
    reply.bulkText("role");
    reply.bulkText("master");
    reply.bulkText("modules");
    reply.arrayHeader(0);
  },
});

/** RESET */
const reset = defineCommand({
  name: "reset",
  group: "connection",
  summary: "Reset the connection",
  since: "6.2.0",
  complexity: "O(1)",
  flags: ["noscript", "loading", "stale", "fast", "no_auth", "allow_busy"],
  args: {},
  run(client) {
    // resetCommand: back to a new connection's state. A SKIP already in force still drops
    // this +RESET (Redis clears CLIENT_REPLY_OFF and _SKIP_NEXT, not _SKIP).
    client.dbIndex = 0;
    client.reply.protocol = 2;
    client.authenticated = !client.server.authRequired();
    client.name = "";
    client.replyOff = false;
    client.replySkipNext = false;
    // clearClientConnectionState: no longer a monitor, out of MULTI, nothing watched.
    if (client.monitor) client.server.monitors.remove(client);
    discardTransaction(client);
    client.server.pubsub.unsubscribeAll(client);
    client.reply.simple("RESET");
  },
});

// --- CLIENT ---------------------------------------------------------------------------------

const clientContainer = defineContainer({
  name: "client",
  group: "connection",
  summary: "A container for client connection commands",
  since: "2.4.0",
  complexity: "Depends on subcommand.",
});

/** The flags every CLIENT subcommand but HELP has. */
const CLIENT_FLAGS = ["noscript", "loading", "stale"] as const;
const CLIENT_ADMIN_FLAGS = ["admin", "noscript", "loading", "stale"] as const;

/** CLIENT ID */
const clientId = defineCommand({
  container: "client",
  name: "id",
  group: "connection",
  summary: "Returns the client ID for the current connection",
  since: "5.0.0",
  complexity: "O(1)",
  flags: CLIENT_FLAGS,
  args: {},
  run(caller) {
    caller.reply.integer(caller.id);
  },
});

/** CLIENT SETNAME connection-name */
const clientSetname = defineCommand({
  container: "client",
  name: "setname",
  group: "connection",
  summary: "Set the current connection name",
  since: "2.6.9",
  complexity: "O(1)",
  flags: CLIENT_FLAGS,
  args: { name: bytes("connection-name") },
  run(caller, { name }) {
    if (setClientName(caller, name)) caller.reply.ok();
  },
});

/** CLIENT GETNAME */
const clientGetname = defineCommand({
  container: "client",
  name: "getname",
  group: "connection",
  summary: "Get the current connection name",
  since: "2.6.9",
  complexity: "O(1)",
  flags: CLIENT_FLAGS,
  args: {},
  run(caller) {
    if (caller.name === "") caller.reply.nullBulk();
    else caller.reply.bulkLatin1(caller.name);
  },
});

/** getClientType's classes; CLIENT LIST/KILL TYPE accept "slave" for replica. */
type ClientType = "normal" | "replica" | "pubsub" | "master";

const CLIENT_TYPE_NAMES: ReadonlyMap<string, ClientType> = new Map([
  ["normal", "normal"],
  ["slave", "replica"],
  ["replica", "replica"],
  ["pubsub", "pubsub"],
  ["master", "master"],
]);

/** getClientTypeByName: case-insensitive, undefined for an unknown name. */
function clientTypeByName(word: Uint8Array): ClientType | undefined {
  return CLIENT_TYPE_NAMES.get(cString(word).toLowerCase());
}


/** Bun's socket knows its descriptor without declaring it: CLIENT LIST's `fd`, -1 if absent. */
function socketFd(target: Client): number {
  const fd: unknown = target.socket === null ? undefined : Reflect.get(target.socket, "fd");
  return typeof fd === "number" ? fd : -1;
}

/**
 * catClientInfoString: one CLIENT LIST/INFO line, the fields of Redis 7.0.15 in its order.
 * redbun keeps one flat output buffer per client, Redis's static reply buffer: `obl` is what
 * of it is unsent, `rbs` its size, and there is no reply list (`oll`, `omem` are 0). The
 * query buffer holds only an unparsed tail (a command is run in place from the socket's
 * chunk), and argv is kept only while a command runs: other clients show `argv-mem=0`.
 */
function clientInfoLine(target: Client, caller: Client): string {
  const reply = target.reply;
  const subscriptions = target.subscriptions;
  let flags = "";
  if (target.monitor) flags += "O";
  if (target.subscriptions !== null) flags += "P";
  if (target.multiQueue !== null) flags += "x";
  if (target.blocked !== null) flags += "b";
  if (target.dirtyCas) flags += "d";
  if (target.closeAfterReply) flags += "c";
  if (target.address.isUnixSocket) flags += "U";
  if (target.noEvict) flags += "e";
  if (flags === "") flags = "N";
  let argvMem = 0;
  if (target === caller) for (const word of caller.argv) argvMem += word.length;
  const queryBytes = target.queryEnd - target.queryStart;
  const queryFree = target.queryBuffer.length - target.queryEnd;
  // The caller's own replies go out after this command; another client's unsent bytes wait
  // for its socket to drain, which is when Redis installs a write handler (`events=rw`).
  const events = (target.inputPaused ? "" : "r") + (target !== caller && reply.pendingBytes > 0 ? "w" : "");
  const totalMemory = target.queryBuffer.length + reply.buf.length + argvMem + target.multiBytes;
  return (
    `id=${target.id} addr=${target.address.addr} laddr=${target.address.laddr} fd=${socketFd(target)}` +
    ` name=${target.name} age=${target.ageSeconds(caller.nowMs)} idle=${target.idleSeconds(caller.nowMs)}` +
    ` flags=${flags} db=${target.dbIndex} sub=${subscriptions?.channels.size ?? 0} psub=${subscriptions?.patterns.size ?? 0} ssub=${subscriptions?.shardChannels.size ?? 0} multi=${target.multiQueue?.length ?? -1}` +
    ` qbuf=${queryBytes} qbuf-free=${queryFree} argv-mem=${argvMem} multi-mem=${target.multiBytes}` +
    ` rbs=${reply.buf.length} rbp=${reply.buf.length} obl=${reply.pendingBytes} oll=0 omem=0` +
    ` tot-mem=${totalMemory} events=${events} cmd=${target.lastCommand} user=default redir=-1` +
    ` resp=${reply.protocol}\n`
  );
}

/** CLIENT LIST [TYPE <NORMAL | MASTER | REPLICA | PUBSUB>] [ID client-id [client-id ...]] */
const clientList = defineCommand({
  container: "client",
  name: "list",
  group: "connection",
  summary: "Get the list of client connections",
  since: "2.4.0",
  complexity: "O(N) where N is the number of client connections",
  flags: CLIENT_ADMIN_FLAGS,
  tips: ["nondeterministic_output"],
  // Both options are read from argv by run (the first declaration takes every word).
  args: {
    type: restReadInRun({
      name: "normal_master_replica_pubsub",
      type: "oneof",
      token: "TYPE",
      optional: true,
      arguments: pureTokens("NORMAL", "MASTER", "REPLICA", "PUBSUB"),
    }),
    id: restReadInRun({
      name: "id",
      type: "block",
      token: "ID",
      optional: true,
      arguments: [{ name: "client-id", type: "integer", multiple: true }],
    }),
  },
  run(caller) {
    const argv = caller.argv;
    const clients = caller.server.clients;
    let text = "";
    // Redis takes TYPE only as the whole rest of the command, ID with at least one id.
    if (argv.length === 4 && isCToken(argv[2]!, "TYPE")) {
      const type = clientTypeByName(argv[3]!);
      if (type === undefined) {
        caller.reply.error(unknownClientType(keyFromBytes(argv[3]!)));
        return;
      }
      for (const target of clients.values()) if (caller.server.clientType(target) === type) text += clientInfoLine(target, caller);
    } else if (argv.length > 3 && isCToken(argv[2]!, "ID")) {
      for (const word of argv.slice(3)) {
        const id = parseInt64(word);
        if (id === null) {
          caller.reply.error(Errors.invalidClientId);
          return;
        }
        // Listed in the order asked, repeats included; unknown ids are left out.
        const target = clients.get(Number(id));
        if (target !== undefined) text += clientInfoLine(target, caller);
      }
    } else if (argv.length !== 2) {
      caller.reply.error(Errors.syntax);
      return;
    } else {
      for (const target of clients.values()) text += clientInfoLine(target, caller);
    }
    caller.reply.verbatim(text);
  },
});

/** CLIENT INFO */
const clientInfo = defineCommand({
  container: "client",
  name: "info",
  group: "connection",
  summary: "Returns information about the current client connection.",
  since: "6.2.0",
  complexity: "O(1)",
  flags: CLIENT_FLAGS,
  tips: ["nondeterministic_output"],
  args: {},
  run(caller) {
    caller.reply.verbatim(clientInfoLine(caller, caller));
  },
});

/** What CLIENT KILL's filters select; an absent filter matches every client. */
interface KillFilter {
  addr?: string;
  laddr?: string;
  type?: ClientType;
  id?: number;
  skipMe: boolean;
}

/** Reads CLIENT KILL's `<option> <value>` pairs, replying the error Redis gives; null then. */
function parseKillFilter(caller: Client): KillFilter | null {
  const argv = caller.argv;
  const filter: KillFilter = { skipMe: true };
  for (let i = 2; i < argv.length; i += 2) {
    const option = argv[i]!;
    const value = argv[i + 1];
    if (value === undefined) {
      caller.reply.error(Errors.syntax);
      return null;
    }
    if (isCToken(option, "ID")) {
      const id = parseInt64(value);
      if (id === null || id < 1n) {
        caller.reply.error(Errors.clientIdNotPositive);
        return null;
      }
      filter.id = Number(id);
    } else if (isCToken(option, "TYPE")) {
      filter.type = clientTypeByName(value);
      if (filter.type === undefined) {
        caller.reply.error(unknownClientType(keyFromBytes(value)));
        return null;
      }
    } else if (isCToken(option, "ADDR")) {
      filter.addr = cString(value);
    } else if (isCToken(option, "LADDR")) {
      filter.laddr = cString(value);
    } else if (isCToken(option, "USER")) {
      // ACLGetUserByName: "default" is the only user, and every client is logged in as it.
      if (keyFromBytes(value) !== "default") {
        caller.reply.error(noSuchUser(keyFromBytes(value)));
        return null;
      }
    } else if (isCToken(option, "SKIPME") && (isCToken(value, "YES") || isCToken(value, "NO"))) {
      filter.skipMe = isCToken(value, "YES");
    } else {
      caller.reply.error(Errors.syntax);
      return null;
    }
  }
  return filter;
}

function killFilterMatches(filter: KillFilter, target: Client, caller: Client): boolean {
  if (filter.addr !== undefined && target.address.addr !== filter.addr) return false;
  if (filter.laddr !== undefined && target.address.laddr !== filter.laddr) return false;
  if (filter.type !== undefined && target.server.clientType(target) !== filter.type) return false;
  if (filter.id !== undefined && target.id !== filter.id) return false;
  return !(filter.skipMe && target === caller);
}

/**
 * CLIENT KILL <ip:port | <[ID client-id] | [TYPE <NORMAL | MASTER | SLAVE | REPLICA | PUBSUB>] |
 * [USER username] | [ADDR ip:port] | [LADDR ip:port] | [SKIPME yes/no]> [[ID client-id] |
 * [TYPE <NORMAL | MASTER | SLAVE | REPLICA | PUBSUB>] | [USER username] | [ADDR ip:port] |
 * [LADDR ip:port] | [SKIPME yes/no] ...]>
 */
const clientKill = defineCommand({
  container: "client",
  name: "kill",
  group: "connection",
  summary: "Kill the connection of a client",
  since: "2.4.0",
  complexity: "O(N) where N is the number of client connections",
  flags: CLIENT_ADMIN_FLAGS,
  args: {
    filter: restReadInRun(
      {
        name: "filter",
        type: "oneof",
        arguments: [
          { name: "ip:port", type: "string", deprecatedSince: "2.8.12" },
          {
            name: "new-format",
            type: "oneof",
            multiple: true,
            arguments: [
              { name: "client-id", type: "integer", token: "ID", optional: true },
              {
                name: "normal_master_slave_pubsub",
                type: "oneof",
                token: "TYPE",
                optional: true,
                arguments: pureTokens("NORMAL", "MASTER", "SLAVE", "REPLICA", "PUBSUB"),
              },
              { name: "username", type: "string", token: "USER", optional: true },
              { name: "ip:port", type: "string", token: "ADDR", optional: true },
              { name: "ip:port", type: "string", token: "LADDR", optional: true },
              { name: "yes/no", type: "string", token: "SKIPME", optional: true },
            ],
          },
        ],
      },
      { required: true },
    ),
  },
  run(caller) {
    const argv = caller.argv;
    // The old form, CLIENT KILL addr, may kill the caller itself and answers OK or an error.
    const oldForm = argv.length === 3;
    const filter = oldForm ? { addr: cString(argv[2]!), skipMe: false } : parseKillFilter(caller);
    if (filter === null) return;
    const server = caller.server;
    let killed = 0;
    let killSelf = false;
    for (const target of server.clients.values()) {
      if (!killFilterMatches(filter, target, caller)) continue;
      killed++;
      if (target === caller) killSelf = true;
      else server.disconnect(target);
    }
    if (!oldForm) caller.reply.integer(killed);
    else if (killed === 0) caller.reply.error(Errors.noSuchClient);
    else caller.reply.ok();
    // Flagged after the reply is queued, so the caller still gets it before the close.
    if (killSelf) caller.closeAfterReply = true;
  },
});

/** CLIENT NO-EVICT <ON | OFF> */
const clientNoEvict = defineCommand({
  container: "client",
  name: "no-evict",
  group: "connection",
  summary: "Set client eviction mode for the current connection",
  since: "7.0.0",
  complexity: "O(1)",
  flags: CLIENT_ADMIN_FLAGS,
  args: { enabled: readInRun({ name: "enabled", type: "oneof", arguments: pureTokens("ON", "OFF") }) },
  run(caller, { enabled }) {
    // redbun does not evict clients (maxmemory-clients); the flag shows in CLIENT LIST.
    if (isCToken(enabled, "ON")) caller.noEvict = true;
    else if (isCToken(enabled, "OFF")) caller.noEvict = false;
    else {
      caller.reply.error(Errors.syntax);
      return;
    }
    caller.reply.ok();
  },
});

/** CLIENT REPLY <ON | OFF | SKIP> */
const clientReply = defineCommand({
  container: "client",
  name: "reply",
  group: "connection",
  summary: "Instruct the server whether to reply to commands",
  since: "3.2.0",
  complexity: "O(1)",
  flags: CLIENT_FLAGS,
  args: { mode: readInRun({ name: "on_off_skip", type: "oneof", arguments: pureTokens("ON", "OFF", "SKIP") }) },
  run(caller, { mode }) {
    // Dispatch drops the replies; ON lifts OFF and a SKIP in force before its own +OK.
    if (isCToken(mode, "ON")) {
      caller.replyOff = false;
      caller.replySkip = false;
      caller.reply.ok();
    } else if (isCToken(mode, "OFF")) {
      caller.replyOff = true;
    } else if (isCToken(mode, "SKIP")) {
      if (!caller.replyOff) caller.replySkipNext = true;
    } else {
      caller.reply.error(Errors.syntax);
    }
  },
});

/** CLIENT UNBLOCK client-id [TIMEOUT | ERROR] */
const clientUnblock = defineCommand({
  container: "client",
  name: "unblock",
  group: "connection",
  summary: "Unblock a client blocked in a blocking command from a different connection",
  since: "5.0.0",
  complexity: "O(log N) where N is the number of client connections",
  flags: CLIENT_ADMIN_FLAGS,
  args: {
    id: readInRun({ name: "client-id", type: "integer" }),
    // Read in `run`: clientCommand takes 3 or 4 words here and answers any other count with the
    // subcommand syntax error, not the arity error.
    rest: restReadInRun({ name: "timeout_error", type: "oneof", optional: true, arguments: pureTokens("TIMEOUT", "ERROR") }),
  },
  run(caller, { id, rest = [] }) {
    if (rest.length > 1) {
      caller.reply.error(subcommandSyntaxError(keyFromBytes(caller.argv[1]!), "client"));
      return;
    }
    const reason = rest[0];
    // The reason is checked before the id, as clientCommand does.
    const withError = reason !== undefined && isCToken(reason, "ERROR");
    if (reason !== undefined && !withError && !isCToken(reason, "TIMEOUT")) {
      caller.reply.error(Errors.unblockReason);
      return;
    }
    const clientId = parseInt64(id);
    if (clientId === null) {
      caller.reply.error(Errors.notInteger);
      return;
    }
    const target = caller.server.clients.get(Number(clientId));
    const unblocked = target !== undefined && caller.server.blocking.unblockByRequest(target, withError);
    caller.reply.integer(unblocked ? 1 : 0);
  },
});

/** CLIENT HELP */
const clientHelp = defineCommand({
  container: "client",
  name: "help",
  group: "connection",
  summary: "Show helpful text about the different subcommands",
  since: "5.0.0",
  complexity: "O(1)",
  flags: ["loading", "stale"],
  args: {},
  run(caller) {
    // Redis 7.0's lines for the subcommands redbun has (not CACHING, GETREDIR, PAUSE,
    // UNPAUSE, UNBLOCK, TRACKING, TRACKINGINFO), in Redis's order.
    replyHelp(caller, "client", [
      "GETNAME",
      "    Return the name of the current connection.",
      "ID",
      "    Return the ID of the current connection.",
      "INFO",
      "    Return information about the current client connection.",
      "KILL <ip:port>",
      "    Kill connection made from <ip:port>.",
      "KILL <option> <value> [<option> <value> [...]]",
      "    Kill connections. Options are:",
      "    * ADDR (<ip:port>|<unixsocket>:0)",
      "      Kill connections made from the specified address",
      "    * LADDR (<ip:port>|<unixsocket>:0)",
      "      Kill connections made to specified local address",
      "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
      "      Kill connections by type.",
      "    * USER <username>",
      "      Kill connections authenticated by <username>.",
      "    * SKIPME (YES|NO)",
      "      Skip killing current connection (default: yes).",
      "LIST [options ...]",
      "    Return information about client connections. Options:",
      "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
      "      Return clients of specified type.",
      "REPLY (ON|OFF|SKIP)",
      "    Control the replies sent to the current connection.",
      "SETNAME <name>",
      "    Assign the name <name> to the current connection.",
      "NO-EVICT (ON|OFF)",
      "    Protect current client connection from eviction.",
    ]);
  },
});

export const connectionCommands: Command[] = [
  ping,
  echo,
  quit,
  select,
  auth,
  hello,
  reset,
  clientContainer,
  clientId,
  clientSetname,
  clientGetname,
  clientList,
  clientInfo,
  clientKill,
  clientNoEvict,
  clientReply,
  clientUnblock,
  clientHelp,
];
