// Pub/sub (pubsub.c) and keyspace notifications (notify.c) against a real redis-server, on one
// connection per case: subscribe/unsubscribe confirmations and their counts, the RESP2
// subscribed context, PING there, RESP3 pushes interleaved with replies (a client publishing to
// itself), PUBSUB introspection, notify-keyspace-events parsing and the events commands fire,
// received by the same connection subscribed in RESP3. Exchanges between connections live in
// test/integration/pubsub.test.ts and notifications.test.ts.

import { KEYSPACE_HITS_AND_MISSES, differentialSuite, fires, frames, type Case, type Step } from "../support/differential.ts";
import { latin1Bytes, type Argv } from "../support/resp-client.ts";
import { FUTURE_S } from "../support/values.ts";

const BINARY = latin1Bytes("b\x00\xff\r\n");

// --- subscribing and the subscribed context ---------------------------------------------------------

const subscribeCases: Case[] = [
  {
    name: "unsubscribing from nothing answers once with a null channel",
    commands: [["UNSUBSCRIBE"], ["PUNSUBSCRIBE"], ["SUNSUBSCRIBE"], ["PING"]],
  },
  {
    name: "unsubscribing from nothing (RESP3)",
    resp: 3,
    commands: [["UNSUBSCRIBE"], ["PUNSUBSCRIBE"], ["SUNSUBSCRIBE"], frames(2, "UNSUBSCRIBE", "a", "b")],
  },
  {
    name: "SUBSCRIBE counts channels once; UNSUBSCRIBE of unknown channels",
    commands: [
      frames(3, "SUBSCRIBE", "a", "b", "a"),
      frames(2, "UNSUBSCRIBE", "x", "b"),
      frames(1, "UNSUBSCRIBE", "a"),
      ["PING"],
    ],
  },
  {
    name: "UNSUBSCRIBE without arguments (one channel)",
    commands: [frames(1, "SUBSCRIBE", "only"), ["UNSUBSCRIBE"], ["UNSUBSCRIBE"]],
  },
  {
    name: "PSUBSCRIBE counts with channels; PUNSUBSCRIBE walks patterns in subscription order",
    commands: [
      frames(1, "SUBSCRIBE", "ch"),
      frames(5, "PSUBSCRIBE", "p1", "p2*", "p3?", "p2*", "[p]4"),
      frames(1, "PUNSUBSCRIBE", "p2*"),
      frames(1, "PSUBSCRIBE", "p2*"),
      frames(4, "PUNSUBSCRIBE"),
      ["PUNSUBSCRIBE"],
      frames(1, "UNSUBSCRIBE"),
      frames(1, "PSUBSCRIBE", "p"),
      ["UNSUBSCRIBE"],
      ["SUNSUBSCRIBE"],
      ["PUNSUBSCRIBE"],
    ],
  },
  {
    name: "shard channels count apart; pub/sub mode ends with the last subscription of any kind",
    commands: [
      frames(1, "SUBSCRIBE", "a"),
      frames(1, "PSUBSCRIBE", "a*"),
      frames(3, "SSUBSCRIBE", "s1", "s2", "s1"),
      frames(1, "UNSUBSCRIBE", "a"),
      ["PUNSUBSCRIBE"],
      ["GET", "k"],
      frames(1, "SUNSUBSCRIBE", "s1"),
      ["SUNSUBSCRIBE"],
      ["GET", "k"],
    ],
  },
  {
    name: "binary channel names and patterns",
    commands: [frames(2, "SUBSCRIBE", BINARY, ""), frames(1, "PSUBSCRIBE", BINARY), frames(1, "UNSUBSCRIBE", BINARY), ["RESET"]],
  },
  {
    name: "RESP2 subscribed context: only (P|S)(UN)SUBSCRIBE, PING, QUIT and RESET",
    commands: [
      frames(1, "SUBSCRIBE", "a"),
      ["GET", "k"],
      ["SET", "k", "v"],
      ["PUBLISH", "a", "m"],
      ["CLIENT", "INFO"],
      ["CONFIG", "GET", "port"],
      ["HELLO", "3"],
      ["MULTI"],
      ["ECHO", "x"],
      ["GET"],
      ["NOSUCHCOMMAND"],
      ["PING"],
      ["PING", "hello"],
      ["PING", ""],
      ["PING", "a", "b"],
      frames(1, "PSUBSCRIBE", "x*"),
      frames(1, "SSUBSCRIBE", "s"),
      ["RESET"],
      ["GET", "k"],
      ["PING"],
    ],
  },
  {
    name: "QUIT while subscribed",
    commands: [frames(1, "SUBSCRIBE", "a"), { argv: ["QUIT"], untilClosed: true }],
  },
  {
    name: "RESP3: any command runs while subscribed, PING stays PONG",
    resp: 3,
    commands: [
      frames(2, "SUBSCRIBE", "a", "b"),
      ["SET", "k", "v"],
      ["GET", "k"],
      ["PING"],
      ["PING", "x"],
      ["ECHO", "e"],
      frames(1, "UNSUBSCRIBE", "a"),
      ["RESET"],
      ["PING"],
    ],
  },
  {
    name: "HELLO 3 inside RESP3 pub/sub, then HELLO 2 brings the RESP2 rules back",
    resp: 3,
    commands: [frames(1, "SUBSCRIBE", "a"), { argv: ["HELLO", "2"], normalize: (reply) => reply.subarray(0, 4) }, ["GET", "k"], ["PING"], ["RESET"]],
  },
  {
    name: "MULTI: SUBSCRIBE runs at EXEC, the commands after it too; SSUBSCRIBE is refused there",
    commands: [
      ["MULTI"],
      ["SUBSCRIBE", "a"],
      ["GET", "k"],
      ["SSUBSCRIBE", "s"],
      ["PSUBSCRIBE", "p*"],
      ["EXEC"],
      ["GET", "k"],
      ["MULTI"],
      ["EXEC"],
      ["RESET"],
    ],
  },
  {
    name: "arity errors",
    commands: [["SUBSCRIBE"], ["PSUBSCRIBE"], ["SSUBSCRIBE"], ["PUBLISH", "a"], ["PUBLISH", "a", "b", "c"], ["SPUBLISH", "a"]],
  },
];

// --- publishing to oneself (RESP3) --------------------------------------------------------------

const publishCases: Case[] = [
  {
    name: "PUBLISH with no subscribers",
    commands: [["PUBLISH", "nobody", "m"], ["SPUBLISH", "nobody", "m"], ["PUBLISH", "", ""]],
  },
  {
    name: "RESP3: a message to oneself comes before PUBLISH's count",
    resp: 3,
    commands: [frames(1, "SUBSCRIBE", "c"), frames(2, "PUBLISH", "c", "hello"), ["PUBLISH", "other", "x"]],
  },
  {
    name: "RESP3: channel and matching pattern both deliver (message, then pmessage)",
    resp: 3,
    commands: [
      frames(1, "SUBSCRIBE", "news.tech"),
      frames(1, "PSUBSCRIBE", "news.*"),
      frames(3, "PUBLISH", "news.tech", "m1"),
      frames(2, "PUBLISH", "news.art", "m2"),
      ["PUBLISH", "sports", "m3"],
      frames(1, "PUNSUBSCRIBE", "news.*"),
      frames(2, "PUBLISH", "news.tech", "m4"),
    ],
  },
  {
    name: "RESP3: glob patterns (?, [...], escapes)",
    resp: 3,
    // One pattern at a time: Redis walks its patterns in hash order, which is not fixed.
    commands: [
      frames(1, "PSUBSCRIBE", "h?llo"),
      frames(2, "PUBLISH", "hello", "1"),
      ["PUBLISH", "hllo", "2"],
      frames(1, "PUNSUBSCRIBE", "h?llo"),
      frames(1, "PSUBSCRIBE", "h[ae]llo"),
      frames(2, "PUBLISH", "hallo", "3"),
      ["PUBLISH", "hillo", "4"],
      frames(1, "PUNSUBSCRIBE"),
      frames(1, "PSUBSCRIBE", "h\\*llo"),
      frames(2, "PUBLISH", "h*llo", "5"),
      ["PUBLISH", "hello", "6"],
    ],
  },
  {
    name: "RESP3: binary and empty messages",
    resp: 3,
    commands: [frames(1, "SUBSCRIBE", BINARY), frames(2, "PUBLISH", BINARY, BINARY), frames(2, "PUBLISH", BINARY, "")],
  },
  {
    name: "RESP3: shard channels deliver smessage, patterns never match them",
    resp: 3,
    commands: [
      frames(1, "SSUBSCRIBE", "s"),
      frames(1, "PSUBSCRIBE", "*"),
      frames(2, "SPUBLISH", "s", "m"),
      frames(2, "PUBLISH", "s", "global"),
      frames(1, "SUNSUBSCRIBE", "s"),
      ["SPUBLISH", "s", "m"],
    ],
  },
];

// --- PUBSUB -----------------------------------------------------------------------------------------

// These share one pair of servers and end with RESET, so no case sees another's subscriptions.
const introspectionCases: Case[] = [
  {
    name: "PUBSUB with nothing subscribed",
    commands: [
      ["PUBSUB", "CHANNELS"],
      ["PUBSUB", "CHANNELS", "*"],
      ["PUBSUB", "NUMSUB"],
      ["PUBSUB", "NUMSUB", "a", "b"],
      ["PUBSUB", "NUMPAT"],
      ["PUBSUB", "SHARDCHANNELS"],
      ["PUBSUB", "SHARDNUMSUB", "a"],
    ],
  },
  {
    name: "PUBSUB counts one's own subscriptions (RESP3)",
    resp: 3,
    commands: [
      frames(3, "SUBSCRIBE", "news.a", "news.b", "other"),
      frames(2, "PSUBSCRIBE", "n*", "n*"),
      frames(2, "SSUBSCRIBE", "shard.1", "shard.2"),
      { argv: ["PUBSUB", "CHANNELS"], unordered: true },
      { argv: ["PUBSUB", "CHANNELS", "news.*"], unordered: true },
      ["PUBSUB", "CHANNELS", "nothing*"],
      ["PUBSUB", "NUMSUB", "news.a", "n*", "missing", "news.a"],
      ["PUBSUB", "NUMPAT"],
      { argv: ["PUBSUB", "SHARDCHANNELS"], unordered: true },
      ["PUBSUB", "SHARDCHANNELS", "*.1"],
      ["PUBSUB", "SHARDNUMSUB", "shard.1", "news.a"],
      frames(1, "UNSUBSCRIBE", "other"),
      ["PUBSUB", "NUMSUB", "other"],
      ["RESET"],
      ["PUBSUB", "NUMPAT"],
      ["PUBSUB", "CHANNELS"],
    ],
  },
  {
    name: "PUBSUB errors and HELP",
    commands: [
      ["PUBSUB"],
      ["PUBSUB", "HELP"],
      ["PUBSUB", "help", "x"],
      ["PUBSUB", "NOPE"],
      ["PUBSUB", "CHANNELS", "a", "b"],
      ["PUBSUB", "channels", "a", "b"],
      ["pubsub", "ShardChannels", "a", "b"],
      ["PUBSUB", "NUMPAT", "x"],
    ],
  },
  {
    name: "PUBSUB HELP (RESP3)",
    resp: 3,
    commands: [["PUBSUB", "HELP"]],
  },
];

// --- notify-keyspace-events -------------------------------------------------------------------------

const configCases: Case[] = [
  {
    name: "notify-keyspace-events: letters are kept in Redis's canonical order",
    commands: [
      ...["KEA", "Ex", "xE", "A$", "gl$shzxetd", "gl$shzxetdn", "Am", "mKn", "nA", "Kg", "", "m", "AKEm", "e", "d", "n"].flatMap(
        (value): Argv[] => [
          ["CONFIG", "SET", "notify-keyspace-events", value],
          ["CONFIG", "GET", "notify-keyspace-events"],
        ],
      ),
      ["CONFIG", "SET", "notify-keyspace-events", ""],
    ],
  },
  {
    name: "notify-keyspace-events: invalid letters",
    commands: [
      ["CONFIG", "SET", "notify-keyspace-events", "KEA"],
      ["CONFIG", "SET", "notify-keyspace-events", "bad"],
      ["CONFIG", "SET", "notify-keyspace-events", "K E"],
      ["CONFIG", "SET", "notify-keyspace-events", "a"],
      ["CONFIG", "SET", "notify-keyspace-events", "KE", "extra"],
      ["CONFIG", "GET", "notify-keyspace-events"],
      ["CONFIG", "SET", "notify-keyspace-events", ""],
    ],
  },
];

// --- keyspace events, received by the connection that causes them (RESP3) -------------------------

/** A case subscribed in RESP3 to every keyspace channel, with `flags` set first. */
function notifying(name: string, flags: string, commands: Step[], extraSetup: Argv[] = []): Case {
  return {
    name: `events: ${name}`,
    resp: 3,
    setup: [["CONFIG", "SET", "notify-keyspace-events", flags], ["PSUBSCRIBE", "__key*__:*"], ...extraSetup],
    commands: [...commands, ["CONFIG", "SET", "notify-keyspace-events", ""]],
  };
}

const eventCases: Case[] = [
  notifying("string commands", "KEA", [
    fires(1, "SET", "k", "v"),
    fires(0, "SET", "k", "v", "NX"),
    fires(1, "SET", "k", "v2", "XX", "GET"),
    fires(2, "SET", "k", "v", "EXAT", FUTURE_S),
    fires(1, "APPEND", "k", "x"),
    fires(1, "SETRANGE", "k", "0", "z"),
    fires(1, "INCR", "n"),
    fires(1, "DECRBY", "n", "5"),
    fires(1, "INCRBYFLOAT", "n", "1.5"),
    fires(3, "MSET", "a", "1", "b", "2", "c", "3"),
    fires(0, "MSETNX", "a", "1", "d", "4"),
    fires(1, "GETSET", "a", "9"),
    fires(2, "SETEX", "e", "100", "v"),
    fires(2, "PSETEX", "e", "100000", "v"),
    fires(1, "SETNX", "f", "v"),
    fires(0, "SETNX", "f", "v"),
    fires(1, "GETDEL", "f"),
    fires(0, "GETDEL", "f"),
  ]),
  notifying("generic commands", "KEA", [
    fires(2, "SET", "k", "v", "EXAT", FUTURE_S),
    fires(1, "PERSIST", "k"),
    fires(0, "PERSIST", "k"),
    fires(2, "RENAME", "k", "k2"),
    fires(1, "SET", "other", "v"),
    fires(0, "RENAMENX", "k2", "other"),
    fires(2, "RENAMENX", "k2", "k3"),
    fires(1, "COPY", "k3", "k4"),
    fires(0, "COPY", "k3", "k4"),
    fires(1, "COPY", "k3", "k4", "REPLACE"),
    fires(2, "MOVE", "k4", "3"),
    fires(2, "DEL", "k3", "other", "nothing"),
    fires(0, "DEL", "nothing"),
    fires(1, "SET", "u", "v"),
    fires(1, "UNLINK", "u"),
    fires(1, "SET", "g", "v"),
    fires(1, "GETEX", "g", "EXAT", FUTURE_S),
    fires(1, "GETEX", "g", "PERSIST"),
    fires(0, "GETEX", "g"),
    fires(1, "GETEX", "g", "PXAT", "1000"),
    fires(0, "GET", "g"),
  ]),
  notifying("EXPIRE and friends (Redis replies before the expire event, after a del)", "KEA", [
    fires(1, "SET", "k", "v"),
    fires(1, "EXPIRE", "k", "100"),
    fires(1, "PEXPIRE", "k", "100000"),
    fires(1, "EXPIREAT", "k", FUTURE_S),
    fires(0, "EXPIRE", "k", "100", "NX"),
    fires(1, "PEXPIREAT", "k", "1000"),
    fires(0, "EXPIRE", "k", "100"),
  ]),
  notifying("a TTL in the past deletes the key", "KEA", [
    fires(1, "SET", "k", "v"),
    fires(1, "SET", "k", "v", "PXAT", "1000"),
    fires(0, "GET", "k"),
    fires(2, "SETEX", "k", "100", "v"),
  ]),
  notifying("only the classes asked for: $ without g", "KE$", [
    fires(1, "SET", "k", "v"),
    fires(1, "SET", "k", "v", "EXAT", FUTURE_S),
    fires(0, "DEL", "k"),
    fires(1, "APPEND", "k", "v"),
  ]),
  notifying("only the classes asked for: g without $", "KEg", [
    fires(0, "SET", "k", "v"),
    fires(1, "SET", "k", "v", "EXAT", FUTURE_S),
    fires(1, "DEL", "k"),
  ]),
  {
    name: "events: K alone publishes on __keyspace@ only, E alone on __keyevent@ only",
    resp: 3,
    setup: [["PSUBSCRIBE", "__key*__:*"]],
    commands: [
    ["CONFIG", "SET", "notify-keyspace-events", "KA"],
    frames(2, "SET", "k", "v"),
    ["CONFIG", "SET", "notify-keyspace-events", "EA"],
    frames(2, "SET", "k", "v"),
    ["CONFIG", "SET", "notify-keyspace-events", "A"],
    frames(1, "SET", "k", "v"),
    ["CONFIG", "SET", "notify-keyspace-events", ""],
    frames(1, "SET", "k", "v"),
    ],
  },
  notifying("the db number is the client's", "KEA", [fires(1, "SET", "k", "v"), ["SELECT", "5"], fires(1, "SET", BINARY, "v"), fires(1, "DEL", BINARY)]),
  notifying("new keys (n) come before the command's event", "KEAn", [
    fires(2, "SET", "k", "v"),
    fires(1, "SET", "k", "v"),
    fires(2, "INCR", "n"),
    fires(3, "RENAME", "k", "k2"),
    fires(1, "DEL", "k2"),
  ]),
  notifying("read misses (m)", "KEm", [fires(1, "GET", "nokey"), fires(0, "SET", "k", "v"), fires(0, "GET", "k"), fires(2, "MGET", "x", "k", "y")]),
  // OBJECT looks with LOOKUP_NONOTIFY: its miss is counted but fires nothing; TTL's fires.
  notifying("OBJECT on a missing key fires no keymiss", "KEm", [
    ["CONFIG", "RESETSTAT"],
    fires(0, "OBJECT", "ENCODING", "nokey"),
    fires(0, "OBJECT", "FREQ", "nokey"),
    fires(1, "TTL", "nokey"),
    KEYSPACE_HITS_AND_MISSES,
  ]),
  notifying("n and m without K or E publish nothing", "Anm", [fires(0, "SET", "k", "v"), fires(0, "GET", "nokey")]),
  notifying("list commands", "KEA", [
    fires(1, "RPUSH", "l", "a", "b", "c"),
    fires(1, "LPUSH", "l", "z"),
    fires(1, "LPOP", "l"),
    fires(1, "RPOP", "l"),
    fires(2, "LMOVE", "l", "l2", "LEFT", "RIGHT"),
    fires(2, "RPOP", "l"),
  ]),
  notifying("set commands", "KEA", [
    fires(1, "SADD", "s", "a", "b"),
    fires(0, "SADD", "s", "a"),
    fires(1, "SREM", "s", "a"),
    fires(3, "SMOVE", "s", "t", "b"),
  ]),
  notifying("hash commands", "KEA", [
    fires(1, "HSET", "h", "f", "v"),
    fires(1, "HINCRBY", "h", "n", "1"),
    fires(1, "HDEL", "h", "f"),
    fires(2, "HDEL", "h", "n"),
  ]),
  notifying("sorted set commands", "KEA", [
    fires(1, "ZADD", "z", "1", "a", "2", "b"),
    fires(1, "ZINCRBY", "z", "1", "a"),
    fires(1, "ZREM", "z", "a"),
    fires(2, "ZREM", "z", "b"),
  ]),
];

differentialSuite("pubsub: subscribing and the subscribed context", subscribeCases);
differentialSuite("pubsub: publishing to oneself", publishCases);
differentialSuite("pubsub: PUBSUB introspection", introspectionCases);
differentialSuite("pubsub: notify-keyspace-events", [...configCases, ...eventCases]);
