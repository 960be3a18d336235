// DEBUG OBJECT's status line (debug.c): `Value at:<address> refcount:<n> encoding:<enc>
// serializedlength:<bytes> lru:<clock> lru_seconds_idle:<s>`, and for a list the quicklist's
// figures. redbun keeps a list in a ring buffer, so those figures (and a list's serialized
// length) describe the quicklist Redis 7.0 builds by pushing the same elements at the tail.

import type { Server } from "../server/server.ts";
import { isString, type Database, type StoredValue } from "../store/keyspace.ts";
import { ListValue } from "../store/types/list.ts";
import { QuicklistContainer } from "./rdb/format.ts";
import { encodeListpack, listpackEntrySize } from "./rdb/listpack.ts";
import { ByteSink, RdbOutput } from "./rdb/output.ts";
import { encodeValue } from "./rdb/value.ts";
import { toRdbValue } from "./values.ts";

/** LRU_CLOCK_MAX: an object's lru field has 24 bits. */
const LRU_CLOCK_MAX = (1 << 24) - 1;
/** OBJ_SHARED_INTEGERS: 0 … 9999 are shared objects, whose refcount reads OBJ_SHARED_REFCOUNT. */
const SHARED_INTEGERS = 10000;
const SHARED_REFCOUNT = 2147483647;
/** quicklist.c: a node's listpack may grow to optimization_level[-fill - 1] bytes for a negative fill… */
const OPTIMIZATION_LEVEL = [4096, 8192, 16384, 32768, 65536];
/** …and, for a positive fill (an entry count), to SIZE_SAFETY_LIMIT bytes. */
const SIZE_SAFETY_LIMIT = 8192;
/** SIZE_ESTIMATE_OVERHEAD: what an element is taken to add beyond its length. */
const SIZE_ESTIMATE_OVERHEAD = 8;
const EMPTY_LISTPACK_SIZE = encodeListpack([]).length;

/** The DEBUG OBJECT reply for the key in `slot`. */
export function debugObjectLine(server: Server, db: Database, slot: number, nowMs: number): string {
  const value = db.valueAt(slot);
  const keyspace = server.keyspace;
  const config = server.config.values;
  const encoding = isString(value) ? keyspace.stringEncoding(value) : value.encoding();
  let extra = "";
  let serializedLength: number;
  if (value instanceof ListValue) {
    const nodes = quicklistNodes(value, config["list-max-listpack-size"]);
    const uncompressed = nodes.reduce((sum, node) => sum + node.bytes, 0);
    const average = nodes.length === 0 ? 0 : value.length / nodes.length;
    extra =
      ` ql_nodes:${nodes.length} ql_avg_node:${average.toFixed(2)} ql_listpack_max:${config["list-max-listpack-size"]}` +
      ` ql_compressed:${config["list-compress-depth"] !== 0 ? 1 : 0} ql_uncompressed_size:${uncompressed}`;
    serializedLength = quicklistSerializedLength(nodes, config.rdbcompression);
  } else {
    serializedLength = serializedLengthOf(server, value);
  }
  // redbun has no object addresses: a number unique to the key's slot stands in for %p.
  const address = `0x${(0x7f0000000000 + slot * 16).toString(16)}`;
  return (
    `Value at:${address} refcount:${refcount(server, value)} encoding:${encoding} serializedlength:${serializedLength}` +
    ` lru:${db.lruClockAt(slot) & LRU_CLOCK_MAX} lru_seconds_idle:${db.idleSeconds(slot, nowMs)}${extra}`
  );
}

/** Small integers are Redis's shared objects (refcount OBJ_SHARED_REFCOUNT); anything else has 1. */
function refcount(server: Server, value: StoredValue): number {
  if (!isString(value) || server.keyspace.stringEncoding(value) !== "int") return 1;
  const n = Number(Buffer.from(server.keyspace.stringBytes(value)).toString("latin1"));
  return n >= 0 && n < SHARED_INTEGERS ? SHARED_REFCOUNT : 1;
}

/** rdbSavedObjectLen: the value's RDB encoding without its type byte. */
function serializedLengthOf(server: Server, value: StoredValue): number {
  const sink = new ByteSink(256);
  encodeValue(new RdbOutput(sink, server.config.values.rdbcompression), toRdbValue(server.keyspace, value));
  return sink.length - 1;
}

interface QuicklistNode {
  elements: string[];
  /** The node's listpack size (node->sz). */
  bytes: number;
}

/**
 * _quicklistNodeAllowInsert, pushing at the tail: an element joins the last node while the
 * node's listpack, with the element and SIZE_ESTIMATE_OVERHEAD, stays within the fill's size
 * limit (negative fill) or the node holds fewer than `fill` elements within the safety limit.
 * The fill is today's list-max-listpack-size (Redis keeps the one the list was created with).
 */
function quicklistNodes(list: ListValue, fill: number): QuicklistNode[] {
  const nodes: QuicklistNode[] = [];
  let last: QuicklistNode | undefined;
  for (const element of list.values()) {
    if (last === undefined || !allowInsert(last, fill, element.length)) {
      last = { elements: [], bytes: EMPTY_LISTPACK_SIZE };
      nodes.push(last);
    }
    last.elements.push(element);
    last.bytes += listpackEntrySize(element);
  }
  return nodes;
}

function allowInsert(node: QuicklistNode, fill: number, size: number): boolean {
  const newSize = node.bytes + size + SIZE_ESTIMATE_OVERHEAD;
  if (fill < 0) {
    const limit = OPTIMIZATION_LEVEL[-fill - 1];
    if (limit !== undefined && newSize <= limit) return true;
  }
  return newSize <= SIZE_SAFETY_LIMIT && node.elements.length < fill;
}

/** RDB_TYPE_LIST_QUICKLIST_2 without the type byte: the node count, then each node's container and listpack. */
function quicklistSerializedLength(nodes: readonly QuicklistNode[], compression: boolean): number {
  const sink = new ByteSink(256);
  const out = new RdbOutput(sink, compression);
  out.length(nodes.length);
  for (const node of nodes) {
    out.length(QuicklistContainer.packed);
    out.string(encodeListpack(node.elements));
  }
  return sink.length;
}
