// MULTI, EXEC, DISCARD, WATCH, UNWATCH and MONITOR against a real redis-server. One-connection
// cases go through differentialSuite; WATCH races and the MONITOR feed need several clients, so
// those run as sessions: numbered clients take turns, and every reply (a monitor's fed lines
// too) is compared byte for byte, timestamps and client addresses masked.

import { afterAll, beforeAll, test } from "bun:test";
import {
  compareReplies,
  differentialSuite,
  realRedisDiffServer,
  redbunDiffServer,
  replaceText,
  type Case,
  type DiffServer,
  type Normalizer,
} from "../support/differential.ts";
import { describeWithRealRedis } from "../support/redis-server.ts";
import { RespClient, formatArgv, formatBytes, latin1, type Argv } from "../support/resp-client.ts";
import { FUTURE_MS } from "../support/values.ts";

/**
 * INFO commandstats with the timings masked (calls, rejected and failed calls are compared),
 * its lines sorted: Redis lists commands in its command table's hash order.
 */
const commandstatsShape: Normalizer = (reply) =>
  latin1(reply)
    .replace(/usec=\d+,usec_per_call=[\d.]+,/g, "")
    .split("\r\n")
    .filter((line) => line.startsWith("cmdstat_"))
    .sort()
    .join("\n");

const transactionCases: Case[] = [
  {
    name: "MULTI/EXEC: queued commands run in order, replies in one array",
    commands: [["MULTI"], ["SET", "k", "1"], ["INCR", "k"], ["GET", "k"], ["APPEND", "k", "x"], ["EXEC"], ["GET", "k"]],
  },
  {
    name: "MULTI/EXEC in RESP3",
    resp: 3,
    commands: [["MULTI"], ["SET", "k", "1"], ["GET", "nosuch"], ["EXEC"]],
  },
  {
    name: "an empty transaction answers an empty array",
    commands: [["MULTI"], ["EXEC"]],
  },
  {
    name: "EXEC and DISCARD without MULTI",
    commands: [["EXEC"], ["DISCARD"], ["exec"]],
  },
  {
    name: "MULTI nested is an error that does not abort the transaction",
    commands: [["MULTI"], ["MULTI"], ["SET", "k", "v"], ["EXEC"], ["GET", "k"]],
  },
  {
    name: "WATCH inside MULTI is an error that does not abort the transaction",
    commands: [["MULTI"], ["WATCH", "k"], ["SET", "k", "v"], ["EXEC"]],
  },
  {
    name: "DISCARD drops the queue",
    commands: [["MULTI"], ["SET", "k", "v"], ["DISCARD"], ["GET", "k"], ["EXEC"]],
  },
  {
    name: "an unknown command while queuing aborts EXEC; later commands still answer QUEUED",
    commands: [["MULTI"], ["SET", "k", "v"], ["NOSUCH", "a"], ["SET", "k2", "v"], ["EXEC"], ["GET", "k"], ["EXEC"]],
  },
  {
    name: "an arity error while queuing aborts EXEC",
    commands: [["MULTI"], ["SET", "k"], ["GET", "k"], ["EXEC"], ["GET", "k"]],
  },
  {
    name: "an unknown subcommand or a container alone while queuing aborts EXEC",
    commands: [["MULTI"], ["CONFIG", "NOSUCH"], ["EXEC"], ["MULTI"], ["CONFIG"], ["EXEC"], ["MULTI"], ["CLIENT", "NOSUCH"], ["EXEC"]],
  },
  {
    name: "MULTI, DISCARD and UNWATCH with arguments are rejected inside MULTI and abort it",
    commands: [["MULTI"], ["MULTI", "x"], ["EXEC"], ["MULTI"], ["DISCARD", "x"], ["EXEC"], ["MULTI"], ["UNWATCH", "x"], ["EXEC"]],
  },
  {
    name: "EXEC with arguments inside MULTI ends the transaction with the reason",
    commands: [["MULTI"], ["SET", "k", "v"], ["EXEC", "extra"], ["EXEC"], ["GET", "k"]],
  },
  {
    name: "EXEC with arguments outside MULTI still aborts (and unwatches); the others' arity errors",
    commands: [
      ["EXEC", "x"],
      ["WATCH", "k"],
      ["EXEC", "x"],
      ["SET", "k", "v"],
      ["MULTI"],
      ["EXEC"],
      ["DISCARD", "x"],
      ["MULTI", "x"],
      ["WATCH"],
      ["UNWATCH", "x"],
    ],
  },
  {
    name: "a command not allowed in a transaction is rejected and aborts it",
    commands: [["MULTI"], ["SHUTDOWN", "NOSAVE"], ["EXEC"]],
  },
  {
    name: "runtime errors take their place in the EXEC array; the rest runs",
    commands: [
      ["MULTI"],
      ["SET", "k", "v", "EX", "notanumber"],
      ["SET", "k", "v", "NX", "XX"],
      ["SET", "n", "1"],
      ["LPUSH", "n", "x"],
      ["INCR", "n"],
      ["INCRBY", "n", "9223372036854775807"],
      ["GET", "n"],
      ["EXEC"],
    ],
  },
  {
    name: "SELECT inside a transaction moves the rest of it and the client",
    commands: [["MULTI"], ["SELECT", "1"], ["SET", "k", "in1"], ["SELECT", "2"], ["EXEC"], ["GET", "k"], ["SELECT", "1"], ["GET", "k"], ["SELECT", "0"], ["GET", "k"]],
  },
  {
    name: "RESET inside MULTI ends the transaction",
    commands: [["MULTI"], ["SET", "k", "v"], ["RESET"], ["EXEC"], ["GET", "k"]],
  },
  {
    name: "QUIT inside MULTI is not queued",
    commands: [["MULTI"], ["SET", "k", "v"], { argv: ["QUIT"], untilClosed: true }],
  },
  {
    name: "MONITOR inside EXEC is refused",
    commands: [["MULTI"], ["MONITOR"], ["PING"], ["EXEC"], ["PING"]],
  },
  {
    name: "a pipelined transaction",
    pipeline: true,
    commands: [["MULTI"], ["SET", "a", "1"], ["INCR", "a"], ["EXEC"], ["MULTI"], ["NOSUCH"], ["EXEC"], ["GET", "a"]],
  },
  {
    name: "commandstats: EXEC and each queued command count; rejections and failures",
    commands: [
      ["CONFIG", "RESETSTAT"],
      ["MULTI"],
      ["SET", "a", "1"],
      ["GET", "a"],
      ["NOSUCH"],
      ["SET", "a"],
      ["EXEC"],
      ["MULTI"],
      ["SET", "a", "1", "EX", "x"],
      ["GET", "a"],
      ["EXEC"],
      ["MULTI"],
      ["EXEC", "x"],
      { argv: ["INFO", "commandstats"], normalize: commandstatsShape },
      ["INFO", "errorstats"],
    ],
  },
  // --- WATCH on one connection: the client's own writes touch its watched keys --------------
  {
    name: "WATCH: a write to the watched key fails EXEC with a null array",
    commands: [["SET", "k", "v"], ["WATCH", "k"], ["SET", "k", "v"], ["MULTI"], ["GET", "k"], ["EXEC"], ["MULTI"], ["EXEC"]],
  },
  {
    name: "WATCH: the null array in RESP3",
    resp: 3,
    commands: [["WATCH", "k"], ["SET", "k", "v"], ["MULTI"], ["EXEC"]],
  },
  {
    name: "WATCH: reads and writes that change nothing leave it alone",
    commands: [
      ["SET", "k", "v"],
      ["WATCH", "k", "missing"],
      ["GET", "k"],
      ["EXISTS", "k"],
      ["DEL", "missing"],
      ["PERSIST", "k"],
      ["SET", "k", "v", "NX"],
      ["MULTI"],
      ["GET", "k"],
      ["EXEC"],
    ],
  },
  {
    name: "WATCH: creating, deleting, expiring, renaming a watched key",
    commands: [
      ["WATCH", "new"],
      ["SET", "new", "v"],
      ["MULTI"],
      ["EXEC"],
      ["WATCH", "new"],
      ["DEL", "new"],
      ["MULTI"],
      ["EXEC"],
      ["SET", "t", "v"],
      ["WATCH", "t"],
      ["EXPIRE", "t", "100"],
      ["MULTI"],
      ["EXEC"],
      ["WATCH", "t"],
      ["PEXPIREAT", "t", "1000"],
      ["MULTI"],
      ["EXEC"],
      ["SET", "r", "v"],
      ["WATCH", "dst"],
      ["RENAME", "r", "dst"],
      ["MULTI"],
      ["EXEC"],
    ],
  },
  {
    name: "WATCH: several keys, any of them touched",
    commands: [["WATCH", "a", "b", "c"], ["WATCH", "a"], ["INCR", "c"], ["MULTI"], ["EXEC"]],
  },
  {
    name: "WATCH: UNWATCH, DISCARD and EXEC forget the watched keys",
    commands: [
      ["WATCH", "k"],
      ["UNWATCH"],
      ["SET", "k", "1"],
      ["MULTI"],
      ["EXEC"],
      ["WATCH", "k"],
      ["MULTI"],
      ["DISCARD"],
      ["SET", "k", "2"],
      ["MULTI"],
      ["EXEC"],
      ["WATCH", "k"],
      ["MULTI"],
      ["EXEC"],
      ["SET", "k", "3"],
      ["MULTI"],
      ["EXEC"],
    ],
  },
  {
    name: "WATCH: a transaction's own writes do not fail it; UNWATCH clears a dirty client",
    commands: [
      ["WATCH", "k"],
      ["MULTI"],
      ["SET", "k", "v"],
      ["EXEC"],
      ["WATCH", "k"],
      ["SET", "k", "w"],
      ["UNWATCH"],
      ["MULTI"],
      ["EXEC"],
      ["WATCH", "k"],
      ["SET", "k", "x"],
      ["WATCH", "other"],
      ["MULTI"],
      ["EXEC"],
    ],
  },
  {
    name: "WATCH: a watched key is per db",
    commands: [
      ["WATCH", "k"],
      ["SELECT", "1"],
      ["SET", "k", "v"],
      ["MULTI"],
      ["EXEC"],
      ["SELECT", "0"],
      ["WATCH", "k"],
      ["SELECT", "1"],
      ["SET", "k", "w"],
      ["SELECT", "0"],
      ["SET", "k", "v"],
      ["MULTI"],
      ["EXEC"],
    ],
  },
  {
    name: "WATCH: FLUSHDB and FLUSHALL touch watched keys that existed",
    commands: [
      ["SET", "k", "v"],
      ["WATCH", "k"],
      ["FLUSHDB"],
      ["MULTI"],
      ["EXEC"],
      ["WATCH", "k"],
      ["FLUSHDB"],
      ["MULTI"],
      ["EXEC"],
      ["SET", "k", "v"],
      ["WATCH", "k"],
      ["FLUSHALL"],
      ["MULTI"],
      ["EXEC"],
      ["SET", "k", "v"],
      ["WATCH", "k"],
      ["SELECT", "1"],
      ["FLUSHDB"],
      ["SELECT", "0"],
      ["MULTI"],
      ["EXEC"],
    ],
  },
  {
    name: "WATCH: SWAPDB touches keys that exist in either db",
    commands: [
      ["SET", "k", "v"],
      ["WATCH", "k"],
      ["SWAPDB", "0", "1"],
      ["MULTI"],
      ["EXEC"],
      ["WATCH", "k"],
      ["SWAPDB", "0", "1"],
      ["MULTI"],
      ["EXEC"],
      ["WATCH", "nowhere"],
      ["SWAPDB", "0", "1"],
      ["MULTI"],
      ["EXEC"],
      ["WATCH", "k"],
      ["SWAPDB", "0", "0"],
      ["MULTI"],
      ["EXEC"],
      ["FLUSHALL"],
    ],
  },
  {
    name: "WATCH: a key that had already expired changes only when written again",
    commands: [
      ["SET", "e", "v", "PXAT", "1"],
      ["WATCH", "e"],
      ["MULTI"],
      ["EXEC"],
      ["SET", "e", "v", "PXAT", "1"],
      ["WATCH", "e"],
      ["GET", "e"],
      ["MULTI"],
      ["EXEC"],
      ["SET", "e", "v", "PXAT", "1"],
      ["WATCH", "e"],
      ["FLUSHDB"],
      ["MULTI"],
      ["EXEC"],
      ["SET", "e", "v", "PXAT", "1"],
      ["WATCH", "e"],
      ["SET", "e", "new"],
      ["MULTI"],
      ["EXEC"],
    ],
  },
  {
    name: "WATCH: SWAPDB bringing in an already expired key changes nothing",
    commands: [
      ["SELECT", "1"],
      ["SET", "k", "v", "PXAT", "1"],
      ["SELECT", "0"],
      ["WATCH", "k"],
      ["SWAPDB", "0", "1"],
      ["MULTI"],
      ["EXEC"],
      ["FLUSHALL"],
    ],
  },
  {
    name: "WATCH: a key with a TTL far away is not expired at EXEC",
    commands: [["SET", "k", "v", "PXAT", FUTURE_MS], ["WATCH", "k"], ["MULTI"], ["EXEC"]],
  },
  {
    name: "RESET forgets the watched keys",
    commands: [["WATCH", "k"], ["RESET"], ["SET", "k", "v"], ["MULTI"], ["EXEC"]],
  },
];

differentialSuite("transactions", transactionCases, { redisArgs: ["--enable-debug-command", "yes"] });

// --- sessions: several clients taking turns ----------------------------------------------------

/**
 * A session step: `[client, ...argv]` sends and reads one reply; an object may send nothing
 * (`argv` absent) and read `read` replies (a monitor's lines), or mask the replies.
 */
type SessionStep = readonly [number, ...string[]] | { client: number; argv?: Argv; read?: number; normalize?: Normalizer };

interface Session {
  name: string;
  steps: readonly SessionStep[];
}

/** A monitor line with its time and the caller's address masked, the db kept. */
const monitorLine = replaceText(/^\+\d+\.\d{6} \[(\d+) [^\]]+\]/, "+TIME [$1 ADDR]");

/** Replies whose content differs by nature (ids, addresses): only the reply type is kept. */
const masked: Normalizer = (reply) => reply.subarray(0, 1);

interface StepOutcome {
  label: string;
  replies: Uint8Array[];
  normalize?: Normalizer;
}

const READ_TIMEOUT_MS = 2000;

async function runSession(server: DiffServer, session: Session): Promise<StepOutcome[]> {
  const clients: RespClient[] = [];
  const clientAt = async (i: number): Promise<RespClient> => {
    while (clients.length <= i) clients.push(await server.connect());
    return clients[i]!;
  };
  try {
    const first = await clientAt(0);
    await first.call("FLUSHALL");
    const outcomes: StepOutcome[] = [];
    for (const step of session.steps) {
      const { client: index, argv, read, normalize } = Array.isArray(step)
        ? { client: step[0] as number, argv: step.slice(1) as string[], read: 1, normalize: undefined }
        : (step as Exclude<SessionStep, readonly unknown[]>);
      const client = await clientAt(index);
      if (argv !== undefined) client.command(...argv);
      const replies: Uint8Array[] = [];
      for (let i = 0; i < (read ?? 1); i++) {
        try {
          replies.push(await client.readReply({ timeoutMs: READ_TIMEOUT_MS }));
        } catch {
          replies.push(new TextEncoder().encode("<no reply>"));
          break;
        }
      }
      outcomes.push({ label: `client ${index}: ${argv === undefined ? "(read)" : formatArgv(argv)}`, replies, normalize });
    }
    return outcomes;
  } finally {
    for (const client of clients) client.terminate();
  }
}

const sessions: Session[] = [
  {
    name: "another client's write fails EXEC; its reads do not",
    steps: [
      [0, "SET", "k", "v"],
      [0, "WATCH", "k"],
      [1, "GET", "k"],
      [0, "MULTI"],
      [0, "SET", "k", "mine"],
      [0, "EXEC"],
      [0, "WATCH", "k"],
      [1, "SET", "k", "theirs"],
      [0, "MULTI"],
      [0, "SET", "k", "mine"],
      [0, "EXEC"],
      [0, "GET", "k"],
    ],
  },
  {
    name: "a write between MULTI and EXEC still fails it",
    steps: [[0, "WATCH", "k"], [0, "MULTI"], [0, "INCR", "k"], [1, "INCR", "k"], [0, "EXEC"], [1, "GET", "k"]],
  },
  {
    name: "two clients watching one key both fail",
    steps: [[0, "WATCH", "k"], [1, "WATCH", "k"], [2, "SET", "k", "v"], [0, "MULTI"], [0, "EXEC"], [1, "MULTI"], [1, "EXEC"]],
  },
  {
    name: "the first of two racing transactions wins",
    steps: [
      [0, "SET", "n", "1"],
      [0, "WATCH", "n"],
      [1, "WATCH", "n"],
      [0, "MULTI"],
      [1, "MULTI"],
      [0, "INCR", "n"],
      [1, "INCR", "n"],
      [0, "EXEC"],
      [1, "EXEC"],
      [2, "GET", "n"],
    ],
  },
  {
    name: "MONITOR: commands are fed after they run, in the db they leave selected",
    steps: [
      [0, "MONITOR"],
      [1, "SET", "a", "1"],
      { client: 0, read: 1, normalize: monitorLine },
      [1, "SELECT", "3"],
      { client: 0, read: 1, normalize: monitorLine },
      [1, "SET", "bin", "q\"uo\\te\r\n\t\x07\x08\x00\x7f\x80\xff é"],
      { client: 0, read: 1, normalize: monitorLine },
      [1, "SET", "a", "1", "EX", "notanumber"],
      { client: 0, read: 1, normalize: monitorLine },
      [1, "SET", "a"],
      [1, "NOSUCH"],
      [1, "CONFIG", "GET", "port"],
      { client: 1, argv: ["CLIENT", "LIST"], normalize: masked },
      [1, "PING"],
      { client: 0, read: 1, normalize: monitorLine },
    ],
  },
  {
    name: "MONITOR: a transaction is fed as MULTI, then its commands when EXEC runs them, then EXEC",
    steps: [
      [0, "MONITOR"],
      [1, "MULTI"],
      [1, "SET", "a", "1"],
      [1, "INCR", "a"],
      { client: 0, read: 1, normalize: monitorLine },
      [1, "EXEC"],
      { client: 0, read: 3, normalize: monitorLine },
      [1, "MULTI"],
      [1, "GET", "a"],
      [1, "DISCARD"],
      { client: 0, read: 2, normalize: monitorLine },
      [1, "MULTI"],
      [1, "NOSUCH"],
      [1, "EXEC"],
      { client: 0, read: 2, normalize: monitorLine },
      [1, "MULTI"],
      [1, "EXEC", "extra"],
      { client: 0, read: 2, normalize: monitorLine },
      [1, "WATCH", "a"],
      [1, "SET", "a", "2"],
      [1, "MULTI"],
      [1, "EXEC"],
      { client: 0, read: 4, normalize: monitorLine },
    ],
  },
  {
    name: "MONITOR: AUTH and HELLO credentials are redacted",
    steps: [
      [0, "MONITOR"],
      [1, "AUTH", "secret"],
      { client: 0, read: 1, normalize: monitorLine },
      [1, "AUTH", "user", "secret"],
      { client: 0, read: 1, normalize: monitorLine },
      [1, "AUTH", "a", "b", "c"],
      { client: 0, read: 1, normalize: monitorLine },
      { client: 1, argv: ["HELLO", "2", "AUTH", "default", "secret", "SETNAME", "x"], normalize: masked },
      { client: 0, read: 1, normalize: monitorLine },
      { client: 1, argv: ["HELLO", "2", "SETNAME", "x", "AUTH", "default", "nopass"], normalize: masked },
      { client: 0, read: 1, normalize: monitorLine },
      [1, "HELLO", "2", "SETNAME", "a b", "AUTH", "default", "nopass"],
      { client: 0, read: 1, normalize: monitorLine },
    ],
  },
  {
    name: "MONITOR: the monitor's own commands, keyspace refused, a second MONITOR ignored",
    steps: [
      [0, "MONITOR"],
      [0, "PING"],
      { client: 0, read: 1, normalize: monitorLine },
      [0, "GET", "a"],
      [0, "SET", "a", "1"],
      [0, "MULTI"],
      { client: 0, read: 1, normalize: monitorLine },
      [0, "GET", "a"],
      [0, "EXEC"],
      { client: 0, read: 1, normalize: monitorLine },
      { client: 0, argv: ["MONITOR"], read: 0 },
      [0, "ECHO", "after"],
      { client: 0, read: 1, normalize: monitorLine },
    ],
  },
  {
    name: "MONITOR: several monitors; RESP3 monitors get the same lines; RESET stops the feed",
    steps: [
      { client: 0, argv: ["HELLO", "3"], normalize: masked },
      [0, "MONITOR"],
      [1, "MONITOR"],
      [2, "SET", "k", "v"],
      { client: 0, read: 1, normalize: monitorLine },
      { client: 1, read: 1, normalize: monitorLine },
      [0, "RESET"],
      [2, "GET", "k"],
      { client: 1, read: 1, normalize: monitorLine },
      [0, "PING"],
      [0, "GET", "k"],
    ],
  },
];

describeWithRealRedis("transactions: several clients", () => {
  let reference: DiffServer | undefined;
  let subject: DiffServer | undefined;
  beforeAll(async () => {
    [reference, subject] = await Promise.all([realRedisDiffServer(), redbunDiffServer()]);
  });
  afterAll(async () => {
    await Promise.all([reference?.close(), subject?.close()]);
  });
  for (const session of sessions) {
    test(session.name, async () => {
      const expected = await runSession(reference!, session);
      const actual = await runSession(subject!, session);
      const lines: string[] = [];
      let differs = false;
      expected.forEach((step, i) => {
        const got = actual[i]!;
        const same =
          step.replies.length === got.replies.length &&
          step.replies.every((reply, j) => compareReplies(reply, got.replies[j]!, { normalize: step.normalize }));
        differs ||= !same;
        lines.push(`${same ? "✓" : "✗"} ${step.label}`);
        if (!same) {
          lines.push(`    redis-server: ${step.replies.map((r) => formatBytes(r)).join(" + ")}`);
          lines.push(`    redbun:       ${got.replies.map((r) => formatBytes(r)).join(" + ")}`);
        }
      });
      if (differs) throw new Error(`session ${JSON.stringify(session.name)} differs:\n${lines.join("\n")}`);
    });
  }
});
