// Memory prefetching for pipelined commands, as Valkey 8 does (memory_prefetch.c). With 100 k
// keys, a lookup's bucket, the key's cells and its key and value bytes are each a cache miss:
// the kernel's networking evicts them between read events. One command's misses depend on each
// other and run one after another, and they were most of a pipelined GET's time. When a read
// event brings several commands, their keys are known before the first runs, so they are looked
// up together first, a stage at a time (Database.prefetch), and a batch waits for its misses
// about as long as one command did.
//
// Only a hint: it changes nothing a command does or answers. It parses ahead with a parser of
// its own and stops at anything that is not a complete multibulk frame; a command that then
// does not run (a MULTI queues it, a block or a full output buffer stops the client), or a
// SELECT among them, only makes a load wasted.

import { findCommand } from "../commands/table.ts";
import { ParseStatus, RequestParser, type ParseLimits } from "../protocol/resp-parser.ts";
import { PREFETCH_MAX_KEYS } from "../store/keyspace.ts";
import type { Client } from "./client.ts";

const lookahead = new RequestParser();
const keyHashes = new Int32Array(PREFETCH_MAX_KEYS);

/**
 * Prefetches the first key of each of the next PREFETCH_MAX_KEYS commands in buf[start, end),
 * in the client's db. Returns where it stopped: commands from there on were not looked at.
 */
export function prefetchKeys(client: Client, buf: Uint8Array, start: number, end: number, limits: ParseLimits): number {
  const db = client.db;
  let commands = 0;
  let keys = 0;
  let at = start;
  // Inline commands are rare in pipelines and are split into copies: not worth parsing twice.
  while (commands < PREFETCH_MAX_KEYS && at < end && buf[at] === 42 /* '*' */) {
    if (lookahead.parse(buf, at, end, limits) !== ParseStatus.command) break;
    const request = lookahead.request;
    const keyAt = findCommand(buf, request.starts[0]!, request.ends[0]!)?.firstKey ?? 0;
    if (keyAt > 0 && keyAt < request.length) {
      keyHashes[keys++] = db.hashKeyBytes(buf, request.starts[keyAt]!, request.ends[keyAt]!);
    }
    commands++;
    at = lookahead.next;
  }
  if (keys > 1) db.prefetch(keyHashes, keys);
  return at;
}
