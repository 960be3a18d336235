// SYNC and REPLCONF (Redis's replication.c; COMMAND DOCS puts them in the "server" group, and
// server.ts exports them with its own): enough of the master side for `redis-cli --rdb`, which
// sends REPLCONF capa eof, REPLCONF rdb-only 1 and SYNC, and for `redis-cli --replica` (SYNC,
// then the replication stream). No PSYNC: redbun keeps no backlog and is never a replica.

import { Errors, noNewlines, valueOutOfRange } from "../protocol/errors.ts";
import { splitArgsString } from "../protocol/split-args.ts";
import type { Client } from "../server/client.ts";
import { writeSnapshotChunks } from "../persistence/snapshot.ts";
import { parseInt64 } from "../store/numbers.ts";
import { bytes, isToken, keyFromBytes, multiple, optional, undocumented } from "./args.ts";
import { defineCommand, type Command } from "./define.ts";

/** NET_HOST_STR_LEN: REPLCONF ip-address must be shorter. */
const NET_HOST_STR_LEN = 256;

/**
 * replconfCommand: option/value pairs, applied in order until one fails. ACK (only a replica's
 * word to its master) and GETACK (a master's to its replica) are answered with nothing at all.
 */
function replconf(client: Client, words: readonly Uint8Array[]): void {
  const reply = client.reply;
  if (words.length % 2 !== 0) {
    reply.error(Errors.syntax);
    return;
  }
  const request = client.server.replicas.request(client);
  for (let at = 0; at < words.length; at += 2) {
    const option = words[at]!;
    const value = words[at + 1]!;
    if (isToken(option, "LISTENING-PORT")) {
      // Only remembered for INFO replication, which redbun's replicas do not show.
      if (parseInt64(value) === null) {
        reply.error(Errors.notInteger);
        return;
      }
    } else if (isToken(option, "IP-ADDRESS")) {
      if (value.length >= NET_HOST_STR_LEN) {
        reply.error(`ERR REPLCONF ip-address provided by replica instance is too long: ${value.length} bytes`);
        return;
      }
    } else if (isToken(option, "CAPA")) {
      // Capabilities this master does not know are ignored; psync2 means nothing without PSYNC.
      if (isToken(value, "EOF")) request.capaEof = true;
    } else if (isToken(option, "ACK") || isToken(option, "GETACK")) {
      return;
    } else if (isToken(option, "RDB-ONLY")) {
      const rdbOnly = parseInt64(value);
      if (rdbOnly === null || rdbOnly < 0n || rdbOnly > 1n) {
        reply.error(rdbOnly === null ? Errors.notInteger : valueOutOfRange(0, 1));
        return;
      }
      request.rdbOnly = rdbOnly === 1n;
    } else if (isToken(option, "RDB-FILTER-ONLY")) {
      // Include filters; "functions" is the only one, and redbun has no functions: any filter
      // leaves the keys out.
      const filters = splitArgsString(keyFromBytes(value));
      if (filters === null) {
        reply.error("ERR Missing rdb-filter-only values");
        return;
      }
      request.excludeData = true;
      const unsupported = filters.find((filter) => filter.toLowerCase() !== "functions");
      if (unsupported !== undefined) {
        reply.error(noNewlines(`ERR Unsupported rdb-filter-only option: ${unsupported.split("\0", 1)[0]}`));
        return;
      }
    } else {
      reply.error(noNewlines(`ERR Unrecognized REPLCONF option: ${keyFromBytes(option).split("\0", 1)[0]}`));
      return;
    }
  }
  reply.ok();
}

/** REPLCONF */
const replconfCommand = defineCommand({
  name: "replconf",
  group: "server",
  summary: "An internal command for configuring the replication stream",
  since: "3.0.0",
  complexity: "O(1)",
  flags: ["admin", "noscript", "loading", "stale", "allow_busy"],
  // Redis documents no arguments for this internal command: option/value pairs, read in run.
  args: { words: undocumented(optional(multiple(bytes("arg")))) },
  run(client, { words = [] }) {
    replconf(client, words);
  },
});

/**
 * SYNC: the whole dataset as an RDB payload, `$<length>\r\n` then the bytes (the disk-based
 * form, which every replica and redis-cli read whatever capabilities they announced). An
 * rdb-only client is closed after it; any other stays on as a replica and gets the writes.
 */
const sync = defineCommand({
  name: "sync",
  group: "server",
  summary: "Internal command used for replication",
  since: "1.0.0",
  flags: ["admin", "noscript", "no_async_loading", "no_multi"],
  args: {},
  run(client) {
    const server = client.server;
    const replicas = server.replicas;
    // A replica asking again is ignored, as syncCommand does.
    if (replicas.isReplica(client)) return;
    // The payload must not follow replies still waiting to be sent (pipelined before SYNC).
    if (client.reply.pendingBytes > 0) {
      client.reply.error("ERR SYNC and PSYNC are invalid with pending output");
      return;
    }
    const request = replicas.requestOf(client);
    if (request?.excludeData === true && !request.capaEof) {
      client.reply.error("ERR Filtered replica requires EOF capability");
      return;
    }
    server.log.notice(`Replica ${client.address.addr} asks for synchronization`);
    const chunks: Uint8Array[] = [];
    const withData = request?.excludeData !== true;
    writeSnapshotChunks(server.keyspace, server.clock, server.rdb.format(false), withData, (chunk) => chunks.push(chunk));
    const length = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    client.reply.raw(Buffer.from(`$${length}\r\n`, "latin1"));
    for (const chunk of chunks) client.reply.raw(chunk);
    server.log.notice(`Synchronization with replica ${client.address.addr} succeeded`);
    if (request?.rdbOnly === true) client.closeAfterReply = true;
    else replicas.attach(client);
  },
});

export const replicationCommands: Command[] = [replconfCommand, sync];
