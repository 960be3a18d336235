// The pub/sub commands (Redis's pubsub.c): (P|S)SUBSCRIBE, (P|S)UNSUBSCRIBE, PUBLISH, SPUBLISH
// and the PUBSUB container. The registry they work on (channels, patterns, shard channels and
// the frames sent to subscribers) lives in server/pubsub.ts; keyspace events, which publish
// through it too, in server/notifications.ts.

import { subcommandSyntaxError } from "../protocol/errors.ts";
import type { Client } from "../server/client.ts";
import type { ChannelKind } from "../server/pubsub.ts";
import { block, bytes, keyFromBytes, multiple, optional, text, type Arg, type ArgDoc } from "./args.ts";
import { defineCommand, defineContainer, type Command, type CommandFlag } from "./define.ts";
import { replyHelp } from "./help.ts";

/** What every subscribe and unsubscribe command declares (pubsub.json files of Redis 7.0). */
const SUBSCRIBE_FLAGS: readonly CommandFlag[] = ["pubsub", "noscript", "loading", "stale"];
const PUBLISH_FLAGS: readonly CommandFlag[] = ["pubsub", "loading", "stale", "fast"];

/**
 * A shard channel: a string to COMMAND DOCS, yet found as a key by COMMAND INFO (a NOT_KEY key
 * spec, which lets a cluster route it by slot), as Redis 7.0 declares it.
 */
function shardChannel<A extends Arg>(arg: A): A {
  return { ...arg, keyOffsets: [0] };
}

const NOT_KEY_SPEC = [["NOT_KEY"]] as const;

// --- subscribing ------------------------------------------------------------------------------

/** SUBSCRIBE channel [channel ...] */
const subscribe = defineCommand({
  name: "subscribe",
  group: "pubsub",
  summary: "Listen for messages published to the given channels",
  since: "2.0.0",
  complexity: "O(N) where N is the number of channels to subscribe to.",
  flags: SUBSCRIBE_FLAGS,
  args: { channels: multiple(text("channel")) },
  run(client, { channels }) {
    // Redis refuses a DENY_BLOCKING client unless it is in MULTI; redbun sets that flag only
    // while EXEC runs, so SUBSCRIBE always goes ahead.
    client.server.pubsub.subscribe(client, "channel", channels);
  },
});

/** UNSUBSCRIBE [channel [channel ...]] */
const unsubscribe = defineCommand({
  name: "unsubscribe",
  group: "pubsub",
  summary: "Stop listening for messages posted to the given channels",
  since: "2.0.0",
  complexity: "O(N) where N is the number of clients already subscribed to a channel.",
  flags: SUBSCRIBE_FLAGS,
  args: { channels: optional(multiple(text("channel"))) },
  run(client, { channels }) {
    client.server.pubsub.unsubscribe(client, "channel", channels ?? []);
  },
});

/** PSUBSCRIBE pattern [pattern ...] */
const psubscribe = defineCommand({
  name: "psubscribe",
  group: "pubsub",
  summary: "Listen for messages published to channels matching the given patterns",
  since: "2.0.0",
  complexity: "O(N) where N is the number of patterns the client is already subscribed to.",
  flags: SUBSCRIBE_FLAGS,
  // Redis documents the argument as a block named "pattern" holding one pattern.
  args: { patterns: multiple(block("pattern", { pattern: text("pattern", "pattern") })) },
  run(client, { patterns }) {
    client.server.pubsub.subscribe(client, "pattern", patterns.map((entry) => entry.pattern));
  },
});

/** PUNSUBSCRIBE [pattern [pattern ...]] */
const punsubscribe = defineCommand({
  name: "punsubscribe",
  group: "pubsub",
  summary: "Stop listening for messages posted to channels matching the given patterns",
  since: "2.0.0",
  complexity:
    "O(N+M) where N is the number of patterns the client is already subscribed and M is the number of total patterns subscribed in the system (by any client).",
  flags: SUBSCRIBE_FLAGS,
  args: { patterns: optional(multiple(text("pattern", "pattern"))) },
  run(client, { patterns }) {
    client.server.pubsub.unsubscribe(client, "pattern", patterns ?? []);
  },
});

/** SSUBSCRIBE shardchannel [shardchannel ...] */
const ssubscribe = defineCommand({
  name: "ssubscribe",
  group: "pubsub",
  summary: "Listen for messages published to the given shard channels",
  since: "7.0.0",
  complexity: "O(N) where N is the number of shard channels to subscribe to.",
  flags: SUBSCRIBE_FLAGS,
  keySpecs: NOT_KEY_SPEC,
  args: { channels: multiple(shardChannel(text("shardchannel"))) },
  run(client, { channels }) {
    // Unlike SUBSCRIBE, Redis 7.0 makes no exception for MULTI: inside EXEC it is refused.
    if (client.denyBlocking) {
      client.reply.error("ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client");
      return;
    }
    client.server.pubsub.subscribe(client, "shard", channels);
  },
});

/** SUNSUBSCRIBE [shardchannel [shardchannel ...]] */
const sunsubscribe = defineCommand({
  name: "sunsubscribe",
  group: "pubsub",
  summary: "Stop listening for messages posted to the given shard channels",
  since: "7.0.0",
  complexity: "O(N) where N is the number of clients already subscribed to a shard channel.",
  flags: SUBSCRIBE_FLAGS,
  keySpecs: NOT_KEY_SPEC,
  args: { channels: optional(multiple(shardChannel(text("shardchannel")))) },
  run(client, { channels }) {
    client.server.pubsub.unsubscribe(client, "shard", channels ?? []);
  },
});

// --- publishing -------------------------------------------------------------------------------

/** PUBLISH channel message */
const publish = defineCommand({
  name: "publish",
  group: "pubsub",
  summary: "Post a message to a channel",
  since: "2.0.0",
  complexity:
    "O(N+M) where N is the number of clients subscribed to the receiving channel and M is the total number of subscribed patterns (by any client).",
  flags: PUBLISH_FLAGS,
  args: { channel: bytes("channel"), message: bytes("message") },
  run(client, { channel, message }) {
    client.reply.integer(client.server.pubsub.publishBytes("channel", channel, message));
  },
});

/** SPUBLISH shardchannel message */
const spublish = defineCommand({
  name: "spublish",
  group: "pubsub",
  summary: "Post a message to a shard channel",
  since: "7.0.0",
  complexity: "O(N) where N is the number of clients subscribed to the receiving shard channel.",
  flags: PUBLISH_FLAGS,
  keySpecs: NOT_KEY_SPEC,
  args: { channel: shardChannel(bytes("shardchannel")), message: bytes("message") },
  run(client, { channel, message }) {
    client.reply.integer(client.server.pubsub.publishBytes("shard", channel, message));
  },
});

// --- PUBSUB -----------------------------------------------------------------------------------

const pubsubContainer = defineContainer({
  name: "pubsub",
  group: "pubsub",
  summary: "A container for Pub/Sub commands",
  since: "2.8.0",
  complexity: "Depends on subcommand.",
});

const INTROSPECTION_FLAGS: readonly CommandFlag[] = ["pubsub", "loading", "stale"];

/**
 * CHANNELS' and SHARDCHANNELS' optional pattern. The parser takes any number of words and
 * `run` refuses more than one with pubsubCommand's own error, not the arity error.
 */
function patternWords() {
  const doc: ArgDoc = { name: "pattern", type: "pattern", optional: true };
  return { ...optional(multiple(text("pattern", "pattern"))), doc };
}

/** channelList: the active channels of a kind, those matching the one pattern if given. */
function replyChannelList(client: Client, kind: ChannelKind, patterns: readonly string[] | undefined): void {
  if (patterns !== undefined && patterns.length > 1) {
    client.reply.error(subcommandSyntaxError(keyFromBytes(client.argv[1]!), keyFromBytes(client.argv[0]!)));
    return;
  }
  const names = client.server.pubsub.activeChannels(kind, patterns?.[0]);
  client.reply.arrayHeader(names.length);
  for (const name of names) client.reply.bulkLatin1(name);
}

/** NUMSUB / SHARDNUMSUB: each channel asked about, with its number of subscribers. */
function replySubscriberCounts(client: Client, kind: ChannelKind, channels: readonly Uint8Array[]): void {
  const pubsub = client.server.pubsub;
  client.reply.arrayHeader(channels.length * 2);
  for (const channel of channels) {
    client.reply.bulk(channel);
    client.reply.integer(pubsub.subscriberCount(kind, keyFromBytes(channel)));
  }
}

/** PUBSUB CHANNELS [pattern] */
const pubsubChannels = defineCommand({
  container: "pubsub",
  name: "channels",
  group: "pubsub",
  summary: "List active channels",
  since: "2.8.0",
  complexity:
    "O(N) where N is the number of active channels, and assuming constant time pattern matching (relatively short channels and patterns)",
  flags: INTROSPECTION_FLAGS,
  args: { pattern: patternWords() },
  run(client, { pattern }) {
    replyChannelList(client, "channel", pattern);
  },
});

/** PUBSUB NUMPAT */
const pubsubNumpat = defineCommand({
  container: "pubsub",
  name: "numpat",
  group: "pubsub",
  summary: "Get the count of unique patterns pattern subscriptions",
  since: "2.8.0",
  complexity: "O(1)",
  flags: INTROSPECTION_FLAGS,
  args: {},
  run(client) {
    client.reply.integer(client.server.pubsub.count("pattern"));
  },
});

/** PUBSUB NUMSUB [channel [channel ...]] */
const pubsubNumsub = defineCommand({
  container: "pubsub",
  name: "numsub",
  group: "pubsub",
  summary: "Get the count of subscribers for channels",
  since: "2.8.0",
  complexity: "O(N) for the NUMSUB subcommand, where N is the number of requested channels",
  flags: INTROSPECTION_FLAGS,
  args: { channels: optional(multiple(bytes("channel"))) },
  run(client, { channels }) {
    replySubscriberCounts(client, "channel", channels ?? []);
  },
});

/** PUBSUB SHARDCHANNELS [pattern] */
const pubsubShardchannels = defineCommand({
  container: "pubsub",
  name: "shardchannels",
  group: "pubsub",
  summary: "List active shard channels",
  since: "7.0.0",
  complexity:
    "O(N) where N is the number of active shard channels, and assuming constant time pattern matching (relatively short shard channels).",
  flags: INTROSPECTION_FLAGS,
  args: { pattern: patternWords() },
  run(client, { pattern }) {
    replyChannelList(client, "shard", pattern);
  },
});

/** PUBSUB SHARDNUMSUB [shardchannel [shardchannel ...]] */
const pubsubShardnumsub = defineCommand({
  container: "pubsub",
  name: "shardnumsub",
  group: "pubsub",
  summary: "Get the count of subscribers for shard channels",
  since: "7.0.0",
  complexity: "O(N) for the SHARDNUMSUB subcommand, where N is the number of requested shard channels",
  flags: INTROSPECTION_FLAGS,
  args: { channels: optional(multiple(bytes("shardchannel"))) },
  run(client, { channels }) {
    replySubscriberCounts(client, "shard", channels ?? []);
  },
});

/** PUBSUB HELP */
const pubsubHelp = defineCommand({
  container: "pubsub",
  name: "help",
  group: "pubsub",
  summary: "Show helpful text about the different subcommands",
  since: "6.2.0",
  complexity: "O(1)",
  flags: ["loading", "stale"],
  // Redis gives PUBSUB HELP no @pubsub: it declares no pubsub flag.
  groupCategory: false,
  args: {},
  run(client) {
    replyHelp(client, "pubsub", [
      "CHANNELS [<pattern>]",
      "    Return the currently active channels matching a <pattern> (default: '*').",
      "NUMPAT",
      "    Return number of subscriptions to patterns.",
      "NUMSUB [<channel> ...]",
      "    Return the number of subscribers for the specified channels, excluding",
      "    pattern subscriptions(default: no channels).",
      "SHARDCHANNELS [<pattern>]",
      "    Return the currently active shard level channels matching a <pattern> (default: '*').",
      "SHARDNUMSUB [<shardchannel> ...]",
      "    Return the number of subscribers for the specified shard level channel(s)",
    ]);
  },
});

export const pubsubCommands: readonly Command[] = [
  subscribe,
  unsubscribe,
  psubscribe,
  punsubscribe,
  ssubscribe,
  sunsubscribe,
  publish,
  spublish,
  pubsubContainer,
  pubsubChannels,
  pubsubNumpat,
  pubsubNumsub,
  pubsubShardchannels,
  pubsubShardnumsub,
  pubsubHelp,
];
