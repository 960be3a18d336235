// The connection group (networking.c, server.c, acl.c) against a real redis-server: PING, ECHO,
// QUIT, SELECT, HELLO, AUTH, RESET and the CLIENT subcommands, in RESP2 and RESP3, with and
// without requirepass, and the protocol errors that close a connection. Both servers listen on
// a unix socket, so CLIENT LIST/INFO lines agree on flags; ids, addresses, fds and buffer
// figures are masked.

import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  differentialSuite,
  realRedisDiffServer,
  type Case,
  type DiffServer,
  type Normalizer,
  type Step,
} from "../support/differential.ts";
import { startRedbun } from "../support/redbun.ts";
import { describeWithRealRedis } from "../support/redis-server.ts";
import { RespClient, decodeReply, formatBytes, latin1, latin1Bytes } from "../support/resp-client.ts";
import { ALL_BYTES } from "../support/values.ts";

const PASSWORD = "s3cret";

/** redbun on a unix socket of its own, as the reference listens: CLIENT LIST flags agree (U). */
async function redbunOnUnixSocket(config: Record<string, unknown> = {}): Promise<DiffServer> {
  const socketDir = mkdtempSync(join(tmpdir(), "redbun-connection-"));
  const socketPath = join(socketDir, "redbun.sock");
  const redbun = await startRedbun({ unixsocket: socketPath, ...config });
  return {
    label: "redbun",
    connect: () => RespClient.connect(socketPath),
    close: async () => {
      await redbun.close();
      rmSync(socketDir, { recursive: true, force: true });
    },
  };
}

/** Every new connection authenticates first, so the harness's FLUSHALL is allowed. */
function authenticating(server: DiffServer): DiffServer {
  return {
    ...server,
    connect: async () => {
      const client = await server.connect();
      const reply = await client.call("AUTH", "default", PASSWORD);
      if (latin1(reply) !== "+OK\r\n") throw new Error(`AUTH on connect replied ${formatBytes(reply)}`);
      return client;
    },
  };
}

const sameSockets = { subject: () => redbunOnUnixSocket() };

// --- normalizers ----------------------------------------------------------------------------

/** HELLO's map as compared: the client id differs between servers. */
const helloId: Normalizer = (reply) => latin1(reply).replace(/\r\nid\r\n:\d+\r\n/, "\r\nid\r\n:N\r\n");

/** CLIENT ID as compared. */
const anyInteger: Normalizer = (reply) => latin1(reply).replace(/^:\d+\r\n$/, ":N\r\n");

/**
 * CLIENT LIST/INFO as compared: the reply type and every line, with what belongs to the
 * process or the socket masked (ids, addresses, fds, clock seconds, buffer sizes); names,
 * flags, db, argv-mem, obl, events, cmd, user and resp stay. The length header is dropped.
 */
const clientLines: Normalizer = (reply) => {
  const text = latin1(reply);
  const header = /^([$=])\d+\r\n(txt:)?/.exec(text);
  if (header === null) return text;
  const body = text.slice(header[0].length, text.length - 2);
  const masked = body
    .replace(/\b(id|fd|age|idle|qbuf|qbuf-free|rbs|rbp|tot-mem)=\d+/g, "$1=N")
    .replace(/\b(addr|laddr)=\S+/g, "$1=A");
  return `${header[1]}${header[2] ?? ""}${masked}`;
};

const hello = (...args: string[]): Step => ({ argv: ["HELLO", ...args], normalize: helloId });
const clientInfo: Step = { argv: ["CLIENT", "INFO"], normalize: clientLines };
const clientList = (...args: (string | Uint8Array)[]): Step => ({ argv: ["CLIENT", "LIST", ...args], normalize: clientLines });
/** A command whose reply CLIENT REPLY OFF/SKIP drops: nothing is read for it. */
const silent = (...argv: (string | Uint8Array)[]): Step => ({ argv, replies: 0 });
const closes = (raw: string): Step => ({ raw, untilClosed: true });

// --- PING, ECHO, SELECT, QUIT ---------------------------------------------------------------

const basicCases: Case[] = [
  { name: "PING", commands: [["PING"], ["ping"], ["PING", "hello"], ["PING", ""], ["PING", ALL_BYTES]] },
  { name: "PING arity", commands: [["PING", "a", "b"]] },
  { name: "PING (RESP3)", resp: 3, commands: [["PING"], ["PING", "x"]] },
  { name: "PING inline", commands: [{ raw: "PING\r\n" }, { raw: "PING hi\n" }, { raw: 'ECHO "a b"\r\n' }] },
  { name: "ECHO", commands: [["ECHO", "x"], ["ECHO", ""], ["ECHO", ALL_BYTES], ["echo", "a\r\nb"]] },
  { name: "ECHO arity", commands: [["ECHO"], ["ECHO", "a", "b"]] },
  {
    name: "SELECT switches the db",
    commands: [["SELECT", "1"], ["SET", "k", "one"], ["SELECT", "0"], ["GET", "k"], ["SELECT", "1"], ["GET", "k"], ["SELECT", "15"], ["GET", "k"]],
  },
  {
    name: "SELECT errors",
    commands: [
      ["SELECT", "16"],
      ["SELECT", "-1"],
      ["SELECT", "x"],
      ["SELECT", ""],
      ["SELECT", "01"],
      ["SELECT", " 1"],
      ["SELECT", "1.0"],
      ["SELECT", "2147483647"],
      ["SELECT", "2147483648"],
      ["SELECT", "-2147483648"],
      ["SELECT", "-2147483649"],
      ["SELECT", "9223372036854775807"],
      ["SELECT", "9223372036854775808"],
      ["SELECT"],
      ["SELECT", "1", "2"],
    ],
  },
  { name: "QUIT replies OK and closes", commands: [{ argv: ["QUIT"], untilClosed: true }] },
  { name: "QUIT takes any arguments", commands: [{ argv: ["QUIT", "now", "please"], untilClosed: true }] },
  { name: "QUIT: pipelined commands after it never run", commands: [closes("PING\r\nQUIT\r\nPING\r\nSET k v\r\n")] },
];

// --- HELLO ----------------------------------------------------------------------------------

const helloCases: Case[] = [
  { name: "HELLO without arguments", commands: [hello()] },
  { name: "HELLO 2 and 3", commands: [hello("2"), hello("3"), ["GET", "nokey"], ["PING"], hello(), hello("2"), ["GET", "nokey"]] },
  {
    name: "HELLO 3 replies in RESP3",
    commands: [hello("3"), ["CLIENT", "GETNAME"], ["SET", "k", "v"], ["GET", "k"], ["GET", "nokey"], clientInfo, ["ECHO", "x"]],
  },
  {
    name: "HELLO protocol version errors",
    commands: [hello("1"), hello("4"), hello("0"), hello("-1"), hello("x"), hello("3.0"), hello(""), hello("03"), hello("9223372036854775808"), hello("4", "SETNAME", "a b"), hello("x", "SETNAME", "a b")],
  },
  {
    name: "HELLO option syntax errors",
    commands: [
      hello("2", "FOO"),
      hello("2", "AUTH"),
      hello("2", "AUTH", "default"),
      hello("2", "SETNAME"),
      hello("2", "SETNAME", "a", "b"),
      hello("2", "a\r\nb"),
      { argv: ["HELLO", "2", latin1Bytes("op\x00tion")], normalize: helloId },
      hello("2", "AUTH", "bob", "p", "SETNAME"),
    ],
  },
  {
    name: "HELLO SETNAME",
    commands: [
      hello("2", "SETNAME", "first"),
      ["CLIENT", "GETNAME"],
      hello("2", "setname", "n1", "SETNAME", "n2"),
      ["CLIENT", "GETNAME"],
      hello("2", "SETNAME", "a b"),
      ["CLIENT", "GETNAME"],
      hello("2", "SETNAME", ""),
      ["CLIENT", "GETNAME"],
    ],
  },
  {
    name: "HELLO options take effect one by one",
    commands: [hello("3", "SETNAME", "kept", "FOO"), ["CLIENT", "GETNAME"], ["GET", "nokey"], hello("2", "SETNAME", "a b", "AUTH", "bob", "p"), hello("2", "AUTH", "bob", "p", "SETNAME", "a b")],
  },
  {
    name: "HELLO AUTH without a password configured",
    commands: [hello("2", "AUTH", "default", "anything"), hello("3", "auth", "default", "", "SETNAME", "x"), hello("2", "AUTH", "bob", "x"), hello("2", "AUTH", "DEFAULT", "x")],
  },
  { name: "HELLO (RESP3 connection)", resp: 3, commands: [hello(), hello("2"), hello("3", "SETNAME", "r3")] },
];

// --- AUTH, RESET ----------------------------------------------------------------------------

const authResetCases: Case[] = [
  {
    name: "AUTH without a password configured",
    commands: [["AUTH", "x"], ["AUTH", ""], ["AUTH", "default", "x"], ["AUTH", "default", ""], ["AUTH", "bob", "x"], ["AUTH", "Default", "x"], ["PING"]],
  },
  { name: "AUTH arity and syntax", commands: [["AUTH"], ["AUTH", "a", "b", "c"], ["AUTH", "a", "b", "c", "d"]] },
  {
    name: "RESET restores a new connection's state",
    commands: [
      hello("3", "SETNAME", "worker"),
      ["SELECT", "2"],
      ["SET", "k", "in2"],
      ["RESET"],
      ["GET", "k"],
      ["GET", "nokey"],
      ["CLIENT", "GETNAME"],
      clientInfo,
      hello(),
    ],
  },
  { name: "RESET arity", commands: [["RESET", "x"], ["reset"]] },
  { name: "RESET (RESP3)", resp: 3, commands: [["RESET"], ["GET", "nokey"]] },
  { name: "RESET turns CLIENT REPLY OFF back on", commands: [silent("CLIENT", "REPLY", "OFF"), silent("PING"), ["RESET"], ["PING"]] },
  { name: "RESET right after CLIENT REPLY SKIP is not answered", commands: [silent("CLIENT", "REPLY", "SKIP"), silent("RESET"), ["ECHO", "after"]] },
  { name: "RESET keeps CLIENT NO-EVICT", commands: [["CLIENT", "NO-EVICT", "on"], ["RESET"], clientInfo] },
];

// --- CLIENT ---------------------------------------------------------------------------------

const clientCases: Case[] = [
  {
    name: "CLIENT UNBLOCK: a client that is not blocked, bad ids and reasons, arity",
    commands: [
      ["CLIENT", "UNBLOCK", "999999"],
      ["CLIENT", "UNBLOCK", "999999", "TIMEOUT"],
      ["CLIENT", "UNBLOCK", "999999", "error"],
      ["CLIENT", "UNBLOCK", "abc"],
      ["CLIENT", "UNBLOCK", "abc", "FOO"],
      ["CLIENT", "UNBLOCK", "1", "FOO"],
      ["CLIENT", "UNBLOCK", "-1"],
      ["CLIENT", "UNBLOCK", "99999999999999999999"],
      ["CLIENT", "UNBLOCK"],
      ["CLIENT", "UNBLOCK", "1", "TIMEOUT", "x"],
    ],
  },
  {
    name: "CLIENT container errors",
    commands: [["CLIENT"], ["CLIENT", "FOO"], ["client", "nope", "x"], ["CLIENT", "SETINFO", "LIB-NAME", "redis-py"], ["CLIENT", "SETINFO", "LIB-VER", "1.0"], ["CLIENT", "HELP", "x"]],
  },
  { name: "CLIENT ID", commands: [{ argv: ["CLIENT", "ID"], normalize: anyInteger }, ["CLIENT", "ID", "x"]] },
  {
    name: "CLIENT SETNAME and GETNAME",
    commands: [
      ["CLIENT", "GETNAME"],
      ["CLIENT", "SETNAME", "conn-1"],
      ["CLIENT", "GETNAME"],
      ["CLIENT", "SETNAME", "!~:{}[]"],
      ["CLIENT", "GETNAME"],
      ["CLIENT", "SETNAME", ""],
      ["CLIENT", "GETNAME"],
    ],
  },
  {
    name: "CLIENT SETNAME rejects spaces and special characters",
    commands: [
      ["CLIENT", "SETNAME", "keep"],
      ["CLIENT", "SETNAME", "a b"],
      ["CLIENT", "SETNAME", "a\nb"],
      ["CLIENT", "SETNAME", latin1Bytes("a\x00b")],
      ["CLIENT", "SETNAME", latin1Bytes("a\x7f")],
      ["CLIENT", "SETNAME", latin1Bytes("\xff")],
      ["CLIENT", "SETNAME", "é"],
      ["CLIENT", "GETNAME"],
    ],
  },
  {
    name: "CLIENT SETNAME/GETNAME arity",
    commands: [["CLIENT", "SETNAME"], ["CLIENT", "SETNAME", "a", "b"], ["CLIENT", "GETNAME", "x"]],
  },
  { name: "CLIENT GETNAME (RESP3)", resp: 3, commands: [["CLIENT", "GETNAME"], ["CLIENT", "SETNAME", "r"], ["CLIENT", "GETNAME"]] },
  {
    name: "CLIENT INFO",
    commands: [clientInfo, ["SELECT", "3"], ["CLIENT", "SETNAME", "abc"], clientInfo, ["CLIENT", "INFO", "x"]],
  },
  { name: "CLIENT INFO (RESP3)", resp: 3, commands: [clientInfo, clientList()] },
  {
    name: "CLIENT LIST",
    commands: [clientList(), clientList("TYPE", "normal"), clientList("type", "NORMAL"), clientList("TYPE", "master"), clientList("TYPE", "replica"), clientList("TYPE", "slave"), clientList("TYPE", "pubsub")],
  },
  {
    name: "CLIENT LIST ID",
    commands: [clientList("ID", "999999"), clientList("ID", "999999", "888888"), clientList("ID", "0"), clientList("ID", "-1"), clientList("id", "9223372036854775807")],
  },
  {
    name: "CLIENT LIST errors",
    commands: [
      clientList("TYPE"),
      clientList("TYPE", "x"),
      clientList("TYPE", latin1Bytes("no\x00rmal")),
      clientList("TYPE", "normal", "x"),
      clientList("ID"),
      clientList("ID", "x"),
      clientList("ID", "999999", "x"),
      clientList("ID", "1.5"),
      clientList("FOO"),
      clientList("FOO", "bar"),
      clientList("TYPE", "normal", "ID", "1"),
    ],
  },
  { name: "CLIENT LIST (RESP3)", resp: 3, commands: [clientList("TYPE", "master"), clientList("ID", "999999")] },
  {
    name: "CLIENT NO-EVICT",
    commands: [["CLIENT", "NO-EVICT", "on"], clientInfo, ["CLIENT", "NO-EVICT", "OFF"], clientInfo, ["CLIENT", "NO-EVICT", "maybe"], ["CLIENT", "NO-EVICT"], ["CLIENT", "NO-EVICT", "on", "off"]],
  },
  {
    name: "CLIENT KILL errors",
    commands: [
      ["CLIENT", "KILL"],
      ["CLIENT", "KILL", "1.2.3.4:5"],
      ["CLIENT", "KILL", "ID"],
      ["CLIENT", "KILL", "ID", "x"],
      ["CLIENT", "KILL", "ID", "0"],
      ["CLIENT", "KILL", "ID", "-5"],
      ["CLIENT", "KILL", "ID", "99999999999999999999"],
      ["CLIENT", "KILL", "TYPE", "x"],
      ["CLIENT", "KILL", "TYPE", latin1Bytes("x\x00y")],
      ["CLIENT", "KILL", "USER", "bob"],
      ["CLIENT", "KILL", "USER", "DEFAULT"],
      ["CLIENT", "KILL", "USER", "default", "SKIPME", "maybe"],
      ["CLIENT", "KILL", "FOO", "bar"],
      ["CLIENT", "KILL", "ADDR", "1.2.3.4:5", "ID"],
      ["CLIENT", "KILL", "MAXAGE", "5"],
      ["CLIENT", "KILL", "ID", "x", "TYPE", "y"],
      ["CLIENT", "KILL", "TYPE", "y", "ID", "x"],
    ],
  },
  {
    name: "CLIENT KILL matching nobody",
    commands: [
      ["CLIENT", "KILL", "ID", "999999"],
      ["CLIENT", "KILL", "TYPE", "master"],
      ["CLIENT", "KILL", "TYPE", "slave"],
      ["CLIENT", "KILL", "TYPE", "replica"],
      ["CLIENT", "KILL", "TYPE", "pubsub"],
      ["CLIENT", "KILL", "ADDR", "1.2.3.4:5"],
      ["CLIENT", "KILL", "LADDR", "1.2.3.4:5"],
      ["CLIENT", "KILL", "ADDR", "1.2.3.4:5", "SKIPME", "no"],
      ["CLIENT", "KILL", "TYPE", latin1Bytes("normal\x00x"), "ID", "999999"],
      ["CLIENT", "KILL", "USER", "default", "ID", "999999", "SKIPME", "yes"],
      ["CLIENT", "KILL", "id", "999999", "id", "888888"],
      ["PING"],
    ],
  },
  {
    name: "words compare as C strings: they end at a NUL byte",
    commands: [
      ["CLIENT", "KILL", latin1Bytes("ID\x00x"), "999999"],
      ["CLIENT", "KILL", "SKIPME", latin1Bytes("yes\x00x"), "ID", "999999"],
      ["CLIENT", "KILL", "USER", latin1Bytes("default\x00x")],
      ["CLIENT", "KILL", "ADDR", latin1Bytes("1.2.3.4:5\x00x")],
      { argv: ["HELLO", "2", latin1Bytes("SETNAME\x00x"), "nm"], normalize: helloId },
      ["CLIENT", "GETNAME"],
      clientList(latin1Bytes("TYPE\x00x"), "master"),
      clientList(latin1Bytes("ID\x00"), "999999"),
      ["CLIENT", "REPLY", latin1Bytes("ON\x00x")],
      ["CLIENT", "NO-EVICT", latin1Bytes("on\x00")],
      clientInfo,
    ],
  },
  {
    name: "CLIENT REPLY ON",
    commands: [["CLIENT", "REPLY", "ON"], ["client", "reply", "on"], ["CLIENT", "REPLY"], ["CLIENT", "REPLY", "maybe"], ["CLIENT", "REPLY", "on", "x"]],
  },
  { name: "CLIENT REPLY OFF until ON", commands: [silent("CLIENT", "REPLY", "OFF"), silent("PING"), silent("SET", "k", "v"), silent("NOSUCH"), ["CLIENT", "REPLY", "ON"], ["GET", "k"]] },
  { name: "CLIENT REPLY SKIP drops one reply", commands: [silent("CLIENT", "REPLY", "SKIP"), silent("PING"), ["ECHO", "1"], ["ECHO", "2"]] },
  { name: "CLIENT REPLY SKIP then ON answers ON", commands: [silent("CLIENT", "REPLY", "SKIP"), ["CLIENT", "REPLY", "ON"], ["ECHO", "3"]] },
  { name: "CLIENT REPLY SKIP twice skips the command after the second", commands: [silent("CLIENT", "REPLY", "SKIP"), silent("CLIENT", "REPLY", "SKIP"), silent("ECHO", "4"), ["ECHO", "5"]] },
  { name: "CLIENT REPLY SKIP then OFF", commands: [silent("CLIENT", "REPLY", "SKIP"), silent("CLIENT", "REPLY", "OFF"), silent("ECHO", "6"), ["CLIENT", "REPLY", "ON"], ["ECHO", "7"]] },
  { name: "CLIENT REPLY SKIP is ignored while OFF", commands: [silent("CLIENT", "REPLY", "OFF"), silent("CLIENT", "REPLY", "SKIP"), silent("ECHO", "a"), ["CLIENT", "REPLY", "ON"], ["ECHO", "b"]] },
  { name: "CLIENT REPLY SKIP drops an error", commands: [silent("CLIENT", "REPLY", "SKIP"), silent("CLIENT", "REPLY", "bad"), ["ECHO", "8"]] },
  { name: "CLIENT REPLY SKIP drops an unknown command's error", commands: [silent("CLIENT", "REPLY", "SKIP"), silent("NOSUCH", "x"), ["ECHO", "9"]] },
  { name: "CLIENT REPLY SKIP drops an arity error", commands: [silent("CLIENT", "REPLY", "SKIP"), silent("CLIENT", "REPLY"), ["ECHO", "10"]] },
  { name: "CLIENT REPLY OFF drops a bad REPLY's error", commands: [silent("CLIENT", "REPLY", "OFF"), silent("CLIENT", "REPLY", "bad"), ["CLIENT", "REPLY", "ON"]] },
  {
    name: "CLIENT REPLY in a pipeline",
    pipeline: true,
    commands: [["ECHO", "a"], silent("CLIENT", "REPLY", "SKIP"), silent("ECHO", "b"), ["ECHO", "c"], silent("CLIENT", "REPLY", "OFF"), silent("ECHO", "d"), ["CLIENT", "REPLY", "ON"], ["ECHO", "e"]],
  },
];

// --- protocol errors and inline commands --------------------------------------------------

const protocolCases: Case[] = [
  { name: "protocol error: invalid multibulk length", commands: [closes("*x\r\n")] },
  { name: "protocol error: invalid bulk length", commands: [closes("*1\r\n$x\r\n")] },
  { name: "protocol error: expected '$'", commands: [closes("*1\r\n:1\r\n")] },
  { name: "protocol error: unbalanced quotes", commands: [closes('ECHO "unterminated\r\n')] },
  { name: "protocol error after a good command", commands: [closes("PING\r\n*2\r\n$4\r\nECHO\r\n$-5\r\n")] },
  { name: "commands after a protocol error never run", commands: [closes("*1\r\n$4\r\nPING\r\n*1\r\n$x\r\n*1\r\n$4\r\nPING\r\n")] },
  { name: "empty inline lines and *0 are skipped", commands: [{ raw: "\r\n\r\n*0\r\n*-1\r\nPING\r\n" }] },
];

// --- closing when nothing is written ---------------------------------------------------------

/**
 * Redis closes a CLOSE_AFTER_REPLY client after writing to it: when CLIENT REPLY OFF or SKIP
 * dropped the +OK of QUIT (or a protocol error's reply), nothing is written and the
 * connection stays open, reading nothing more. Both sides are read until a short deadline.
 */
const silentCloseCases: Case[] = [
  { name: "QUIT under CLIENT REPLY OFF", commands: [silent("CLIENT", "REPLY", "OFF"), closes("QUIT\r\nCLIENT REPLY ON\r\nPING\r\n")] },
  { name: "QUIT under CLIENT REPLY SKIP", commands: [silent("CLIENT", "REPLY", "SKIP"), closes("QUIT\r\nPING\r\n")] },
  { name: "QUIT after a reply in the same read still closes", commands: [closes("PING\r\nCLIENT REPLY OFF\r\nQUIT\r\n")] },
  { name: "protocol error under CLIENT REPLY OFF", commands: [silent("CLIENT", "REPLY", "OFF"), closes("*x\r\nPING\r\n")] },
  { name: "protocol error under CLIENT REPLY SKIP", commands: [silent("CLIENT", "REPLY", "SKIP"), closes("*x\r\nPING\r\n")] },
];

differentialSuite("connection: PING, ECHO, SELECT, QUIT", basicCases, sameSockets);
differentialSuite("connection: closing when nothing is written", silentCloseCases, { ...sameSockets, readTimeoutMs: 500 });
differentialSuite("connection: HELLO", helloCases, sameSockets);
differentialSuite("connection: AUTH and RESET", authResetCases, sameSockets);
differentialSuite("connection: CLIENT", clientCases, sameSockets);
differentialSuite("connection: protocol errors", protocolCases, sameSockets);

// --- with requirepass -----------------------------------------------------------------------

/** 11 arguments: over what an unauthenticated client may send in one multibulk. */
const ELEVEN_ARGS = `*11\r\n${"$1\r\na\r\n".repeat(11)}`;

const requirepassCases: Case[] = [
  {
    name: "before AUTH: NOAUTH, but lookup and arity come first",
    commands: [["RESET"], ["PING"], ["GET", "k"], ["NOSUCH"], ["SET", "a"], ["CLIENT", "ID"], ["ECHO", "x"], ["CLIENT", "SETNAME", "x"], ["SELECT", "1"]],
  },
  {
    name: "HELLO before AUTH",
    commands: [["RESET"], hello(), hello("3"), hello("5"), hello("x"), hello("3", "SETNAME", "a b"), hello("3", "SETNAME", "named"), ["AUTH", PASSWORD], ["CLIENT", "GETNAME"], ["GET", "nokey"]],
  },
  {
    name: "AUTH with the password",
    commands: [["RESET"], ["AUTH", "wrong"], ["AUTH", "default", "wrong"], ["AUTH", "bob", PASSWORD], ["AUTH", "DEFAULT", PASSWORD], ["AUTH", ""], ["PING"], ["AUTH", PASSWORD], ["PING"], ["AUTH", "wrong"], ["PING"]],
  },
  { name: "AUTH username password", commands: [["RESET"], ["AUTH", "default", PASSWORD], ["GET", "nokey"]] },
  {
    name: "HELLO AUTH authenticates and switches protocol",
    commands: [["RESET"], hello("3", "AUTH", "default", PASSWORD, "SETNAME", "n"), ["CLIENT", "GETNAME"], ["GET", "nokey"], hello()],
  },
  {
    name: "HELLO AUTH with a wrong password",
    commands: [["RESET"], hello("3", "SETNAME", "q", "AUTH", "default", "bad"), ["PING"], ["AUTH", PASSWORD], ["CLIENT", "GETNAME"], ["GET", "nokey"]],
  },
  {
    name: "HELLO: an AUTH that succeeded stays done",
    commands: [["RESET"], hello("2", "AUTH", "default", PASSWORD, "AUTH", "bob", "x"), ["PING"], ["GET", "nokey"]],
  },
  { name: "RESET logs out", commands: [["PING"], ["RESET"], ["PING"], ["AUTH", PASSWORD], ["PING"]] },
  { name: "QUIT before AUTH", commands: [["RESET"], { argv: ["QUIT"], untilClosed: true }] },
  { name: "CLIENT REPLY OFF then RESET answers RESET", commands: [silent("CLIENT", "REPLY", "OFF"), ["RESET"], ["PING"]] },
  { name: "unauthenticated: a multibulk of 11 is a protocol error", commands: [["RESET"], closes(ELEVEN_ARGS)] },
  { name: "unauthenticated: a bulk over 16 KB is a protocol error", commands: [["RESET"], closes("*2\r\n$4\r\nAUTH\r\n$16385\r\n")] },
  { name: "authenticated: big frames are fine", commands: [["ECHO", "x".repeat(20_000)], { raw: ELEVEN_ARGS }] },
  // The limits are checked per frame: a command earlier in the same write changes them.
  {
    name: "one write: AUTH, then a multibulk of 11 is let in",
    commands: [["RESET"], closes(`*2\r\n$4\r\nAUTH\r\n$${PASSWORD.length}\r\n${PASSWORD}\r\n${ELEVEN_ARGS}QUIT\r\n`)],
  },
  { name: "one write: RESET, then a multibulk of 11 is a protocol error", commands: [closes(`*1\r\n$5\r\nRESET\r\n${ELEVEN_ARGS}`)] },
];

/**
 * The password is set once the server is up (the support's readiness PING must not meet
 * NOAUTH); from then on every connection of the harness authenticates first.
 */
async function withPassword(server: DiffServer): Promise<DiffServer> {
  await using client = await server.connect();
  const reply = await client.call("CONFIG", "SET", "requirepass", PASSWORD);
  if (latin1(reply) !== "+OK\r\n") throw new Error(`CONFIG SET requirepass replied ${formatBytes(reply)}`);
  return authenticating(server);
}

differentialSuite("connection: requirepass", requirepassCases, {
  reference: async () => withPassword(await realRedisDiffServer()),
  subject: async () => withPassword(await redbunOnUnixSocket()),
});

// --- CLIENT HELP ----------------------------------------------------------------------------

/**
 * CLIENT HELP lists only the subcommands redbun has: its lines must be Redis's own lines, in
 * Redis's order, with the same header and HELP footer, each subcommand with all its lines.
 */
describeWithRealRedis("connection: CLIENT HELP", () => {
  let reference: DiffServer;
  let subject: DiffServer;
  beforeAll(async () => {
    [reference, subject] = await Promise.all([realRedisDiffServer(), redbunOnUnixSocket()]);
  });
  afterAll(async () => {
    await Promise.all([reference.close(), subject.close()]);
  });

  async function helpLines(server: DiffServer): Promise<string[]> {
    await using client = await server.connect();
    const lines = decodeReply(await client.call("CLIENT", "HELP"));
    if (!Array.isArray(lines)) throw new Error("CLIENT HELP is not an array");
    return lines.map(String);
  }

  /** Help lines grouped per entry: an unindented line and the indented lines under it. */
  function entries(lines: readonly string[]): string[][] {
    const out: string[][] = [];
    for (const line of lines) {
      if (!line.startsWith(" ") || out.length === 0) out.push([line]);
      else out[out.length - 1]!.push(line);
    }
    return out;
  }

  test("redbun's entries are Redis's, in order", async () => {
    const [redis, redbun] = await Promise.all([helpLines(reference), helpLines(subject)]);
    expect(redbun[0]).toBe(redis[0]!);
    expect(redbun.slice(-2)).toEqual(redis.slice(-2));
    const redisEntries = entries(redis.slice(1)).map((entry) => entry.join("\n"));
    const ours = entries(redbun.slice(1)).map((entry) => entry.join("\n"));
    const positions = ours.map((entry) => redisEntries.indexOf(entry));
    expect(positions).not.toContain(-1);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    const names = ours.map((entry) => entry.split(/[ \n]/, 1)[0]);
    expect(new Set(names)).toEqual(new Set(["GETNAME", "ID", "INFO", "KILL", "LIST", "REPLY", "SETNAME", "NO-EVICT", "HELP"]));
  });
});
