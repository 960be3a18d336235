// The pub/sub registry of one server (Redis's server.pubsub_channels, pubsub_patterns and
// pubsubshard_channels, plus each client's own subscriptions): who listens to what, and
// publish, which writes the message frames straight into every receiver's reply buffer.
// Channels, patterns and messages of keyspace events are latin1 strings (one char per byte).

import type { ReplyWriter } from "../protocol/reply-writer.ts";
import { latin1 } from "../store/latin1.ts";
import { stringMatch } from "../store/glob.ts";
import type { Client } from "./client.ts";

/** What one client listens to; a client has these only while it is subscribed to something. */
export class ClientSubscriptions {
  /**
   * SUBSCRIBE. Redis keeps a dict, so UNSUBSCRIBE without arguments goes through it in hash
   * order; redbun goes in subscription order.
   */
  readonly channels = new Set<string>();
  /** PSUBSCRIBE, in subscription order: Redis 7.0 keeps a list, PUNSUBSCRIBE walks it so. */
  readonly patterns = new Set<string>();
  /** SSUBSCRIBE. */
  readonly shardChannels = new Set<string>();

  /** clientSubscriptionsCount: what (P)SUBSCRIBE and (P)UNSUBSCRIBE report. */
  get count(): number {
    return this.channels.size + this.patterns.size;
  }

  /** clientTotalPubSubSubscriptionCount: while it is above 0 the client is in pub/sub mode. */
  get total(): number {
    return this.count + this.shardChannels.size;
  }
}

/** What a client subscribes to: channels, patterns (PSUBSCRIBE) or shard channels (SSUBSCRIBE). */
export type SubscriptionKind = "channel" | "pattern" | "shard";
/** Where a message is published: global channels (patterns match them too) or shard channels. */
export type ChannelKind = "channel" | "shard";

/** Each kind's frame words, the client's own set and the count its confirmations report. */
interface KindInfo {
  readonly subscribe: string;
  readonly unsubscribe: string;
  own(subscriptions: ClientSubscriptions): Set<string>;
  count(subscriptions: ClientSubscriptions): number;
}

const KINDS: Readonly<Record<SubscriptionKind, KindInfo>> = {
  channel: { subscribe: "subscribe", unsubscribe: "unsubscribe", own: (s) => s.channels, count: (s) => s.count },
  pattern: { subscribe: "psubscribe", unsubscribe: "punsubscribe", own: (s) => s.patterns, count: (s) => s.count },
  shard: {
    subscribe: "ssubscribe",
    unsubscribe: "sunsubscribe",
    own: (s) => s.shardChannels,
    count: (s) => s.shardChannels.size,
  },
};

/** A message as PUBLISH gets it (argv bytes) or as a keyspace event makes it (latin1). */
export type Message = Uint8Array | string;

/** Writes one message frame: a push of the words, then the message, as bulk strings. */
function writeFrame(reply: ReplyWriter, words: readonly string[], message: Message): void {
  reply.pushHeader(words.length + 1);
  for (const word of words) reply.bulkLatin1(word);
  if (typeof message === "string") reply.bulkLatin1(message);
  else reply.bulk(message);
}

/**
 * The frame being delivered to clients of one protocol. The first receiver gets it written field
 * by field; each other one a copy of those bytes, taken only once a second receiver needs them:
 * one copy per receiver instead of four writes (Redis too copies its shared header objects and
 * the message into each client's buffer), and nothing extra for a lone receiver.
 */
class FrameSource {
  private writer: ReplyWriter | null = null;
  private start = 0;
  private bytes: Uint8Array | null = null;

  send(reply: ReplyWriter, words: readonly string[], message: Message): void {
    if (this.writer === null) {
      // Writing may first move the unsent bytes to the buffer's start: the frame follows them.
      const unsent = reply.pendingBytes;
      writeFrame(reply, words, message);
      this.writer = reply;
      this.start = reply.sent + unsent;
    } else {
      // Nothing was written to the first receiver since: its frame ends where its output does.
      reply.raw((this.bytes ??= this.writer.buf.subarray(this.start, this.writer.length)));
    }
  }

  /** Done with this frame: forget it (and the buffer it lives in). */
  reset(): void {
    this.writer = null;
    this.bytes = null;
  }
}

export class PubSub {
  /**
   * name → its subscribers, in subscription order, per kind. A pattern is one entry however
   * many clients use it (PUBSUB NUMPAT counts patterns), matched once per message.
   */
  private readonly registries: Readonly<Record<SubscriptionKind, Map<string, Set<Client>>>> = {
    channel: new Map(),
    pattern: new Map(),
    shard: new Map(),
  };

  /** The frame of the delivery under way, for RESP2 and for RESP3 receivers. */
  private readonly resp2 = new FrameSource();
  private readonly resp3 = new FrameSource();

  constructor(
    /** Tells the server a client has output to send (another client's, at the end of the event). */
    private readonly onOutput: (client: Client) => void,
  ) {}

  /** INFO's pubsub_channels, pubsub_patterns and pubsubshard_channels. */
  count(kind: SubscriptionKind): number {
    return this.registries[kind].size;
  }

  // --- subscribing ------------------------------------------------------------------------

  /** pubsubSubscribeChannel / pubsubSubscribePattern for each name, each confirmed in its own frame. */
  subscribe(client: Client, kind: SubscriptionKind, names: readonly string[]): void {
    const subscriptions = (client.subscriptions ??= new ClientSubscriptions());
    const info = KINDS[kind];
    const own = info.own(subscriptions);
    for (const name of names) {
      if (!own.has(name)) {
        own.add(name);
        addTo(this.registries[kind], name, client);
      }
      confirm(client.reply, info.subscribe, name, info.count(subscriptions));
    }
  }

  /**
   * (P|S)UNSUBSCRIBE: the names given, or with none every subscription of that kind (patterns
   * in subscription order); each is confirmed, and unsubscribing from nothing still answers
   * once with a null name. The client leaves pub/sub mode with its last subscription.
   */
  unsubscribe(client: Client, kind: SubscriptionKind, names: readonly string[]): void {
    const subscriptions = client.subscriptions;
    const info = KINDS[kind];
    const own = subscriptions === null ? undefined : info.own(subscriptions);
    const count = (): number => (subscriptions === null ? 0 : info.count(subscriptions));
    const named = names.length > 0 ? names : [...(own ?? [])];
    if (named.length === 0) confirm(client.reply, info.unsubscribe, null, count());
    for (const name of named) {
      if (own?.delete(name) === true) removeFrom(this.registries[kind], name, client);
      confirm(client.reply, info.unsubscribe, name, count());
    }
    if (subscriptions !== null && subscriptions.total === 0) client.subscriptions = null;
  }

  /** RESET and a closing connection: every subscription goes, without a word to the client. */
  unsubscribeAll(client: Client): void {
    const subscriptions = client.subscriptions;
    if (subscriptions === null) return;
    for (const kind of ["channel", "pattern", "shard"] as const) {
      for (const name of KINDS[kind].own(subscriptions)) removeFrom(this.registries[kind], name, client);
    }
    client.subscriptions = null;
  }

  // --- publishing -------------------------------------------------------------------------

  /**
   * pubsubPublishMessage: the channel's subscribers get a `message` (`smessage`) frame, then,
   * for global channels, each matching pattern's subscribers a `pmessage`. Returns how many
   * frames went out: a client subscribed to the channel and a matching pattern counts twice.
   */
  publish(kind: ChannelKind, channel: string, message: Message): number {
    let receivers = 0;
    const subscribers = this.registries[kind].get(channel);
    if (subscribers !== undefined) {
      receivers += this.deliver(subscribers, [kind === "channel" ? "message" : "smessage", channel], message);
    }
    if (kind === "shard") return receivers;
    for (const [pattern, clients] of this.registries.pattern) {
      if (!stringMatch(pattern, channel, false)) continue;
      receivers += this.deliver(clients, ["pmessage", pattern, channel], message);
    }
    return receivers;
  }

  /** Sends one frame to each client that takes output; returns how many clients there were. */
  private deliver(clients: Set<Client>, words: readonly string[], message: Message): number {
    for (const client of clients) {
      if (!receivesOutput(client)) continue;
      const reply = client.reply;
      (reply.protocol === 2 ? this.resp2 : this.resp3).send(reply, words, message);
      this.onOutput(client);
    }
    this.resp2.reset();
    this.resp3.reset();
    return clients.size;
  }

  /** PUBLISH's entry point: the channel arrives as argv bytes. */
  publishBytes(kind: ChannelKind, channel: Uint8Array, message: Uint8Array): number {
    return this.publish(kind, latin1(channel, 0, channel.length), message);
  }

  // --- introspection (PUBSUB) ---------------------------------------------------------------

  /** PUBSUB CHANNELS / SHARDCHANNELS: active channels, those matching `pattern` if given. */
  activeChannels(kind: ChannelKind, pattern: string | undefined): string[] {
    const names = [...this.registries[kind].keys()];
    return pattern === undefined ? names : names.filter((name) => stringMatch(pattern, name, false));
  }

  /** PUBSUB NUMSUB / SHARDNUMSUB: the channel's subscribers (patterns do not count). */
  subscriberCount(kind: ChannelKind, channel: string): number {
    return this.registries[kind].get(channel)?.size ?? 0;
  }
}

/**
 * prepareClientToWrite: a client that is closing after its last reply (QUIT) gets nothing
 * more, though it still counts as a receiver.
 */
function receivesOutput(client: Client): boolean {
  return !client.closeAfterReply;
}

/** addReplyPubsub(Un)Subscribed: a push in RESP3, an array in RESP2; a null channel for "none". */
function confirm(reply: ReplyWriter, word: string, channel: string | null, count: number): void {
  reply.pushHeader(3);
  reply.bulkLatin1(word);
  if (channel === null) reply.nullBulk();
  else reply.bulkLatin1(channel);
  reply.integer(count);
}

function addTo(registry: Map<string, Set<Client>>, name: string, client: Client): void {
  const clients = registry.get(name);
  if (clients === undefined) registry.set(name, new Set([client]));
  else clients.add(client);
}

/** A channel or pattern nobody listens to any more is dropped, as Redis frees its entry. */
function removeFrom(registry: Map<string, Set<Client>>, name: string, client: Client): void {
  const clients = registry.get(name);
  if (clients === undefined) return;
  clients.delete(client);
  if (clients.size === 0) registry.delete(name);
}
