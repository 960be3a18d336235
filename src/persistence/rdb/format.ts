// The RDB vocabulary shared by the reader and the writer (rdb.h of Redis 7.0): opcodes, value
// type bytes, length/string encodings, and the records a snapshot holds, described
// independently of redbun's in-memory types: elements are latin1 strings (one char per byte).

/** What Redis 7.0 writes (and the newest it loads): "REDIS0010". */
export const RDB_VERSION = 10;

/** Opcodes that share the type byte's position (rdb.h RDB_OPCODE_*). */
export const Opcode = {
  functionPreGa: 246,
  function2: 245,
  moduleAux: 247,
  idle: 248,
  freq: 249,
  aux: 250,
  resizeDb: 251,
  expireTimeMs: 252,
  expireTime: 253,
  selectDb: 254,
  eof: 255,
} as const;

/** The value types redbun reads (rdb.h RDB_TYPE_*); the others only have names, to refuse them by. */
export const RdbType = {
  string: 0,
  list: 1,
  set: 2,
  zset: 3,
  hash: 4,
  zset2: 5,
  hashZipmap: 9,
  listZiplist: 10,
  setIntset: 11,
  zsetZiplist: 12,
  hashZiplist: 13,
  listQuicklist: 14,
  hashListpack: 16,
  zsetListpack: 17,
  listQuicklist2: 18,
} as const;

/** Names for error messages, by type byte. */
export const RDB_TYPE_NAMES: Readonly<Record<number, string>> = {
  0: "string",
  1: "list",
  2: "set",
  3: "zset",
  4: "hash",
  5: "zset-2",
  6: "module (pre-GA)",
  7: "module",
  9: "hash-zipmap",
  10: "list-ziplist",
  11: "set-intset",
  12: "zset-ziplist",
  13: "hash-ziplist",
  14: "list-quicklist",
  15: "stream-listpacks",
  16: "hash-listpack",
  17: "zset-listpack",
  18: "list-quicklist-2",
  19: "stream-listpacks-2",
  20: "set-listpack (Redis 7.2)",
  21: "stream-listpacks-3 (Redis 7.2)",
};

/** Quicklist 2 node containers (quicklist.h QUICKLIST_NODE_CONTAINER_*). */
export const QuicklistContainer = { plain: 1, packed: 2 } as const;

/** The top two bits of a length byte (rdb.h RDB_6BITLEN … RDB_ENCVAL). */
export const LEN_6BIT = 0;
export const LEN_14BIT = 1;
export const LEN_32BIT = 0x80;
export const LEN_64BIT = 0x81;
export const LEN_ENCVAL = 3;
/** Special string encodings, after an RDB_ENCVAL length byte (rdb.h RDB_ENC_*). */
export const StringEnc = { int8: 0, int16: 1, int32: 2, lzf: 3 } as const;

/** A value, as the snapshot stores it. Strings may be views into the file being read. */
export type RdbValue =
  | { readonly type: "string"; readonly value: Uint8Array }
  | { readonly type: "list"; readonly elements: readonly string[] }
  | {
      readonly type: "set";
      readonly members: readonly string[];
      /** "intset": written (or found) as an intset blob; otherwise a plain set. */
      readonly encoding?: "intset";
    }
  | {
      readonly type: "hash";
      readonly entries: readonly (readonly [field: string, value: string])[];
      /**
       * "listpack": written (or found) as a listpack blob. Old files' ziplists and zipmaps are not
       * reported as such: Redis converts those by its thresholds on load, like plain encodings.
       */
      readonly encoding?: "listpack";
    }
  | {
      readonly type: "zset";
      /** Ascending by (score, member) when read from a file Redis 7.0 wrote. */
      readonly entries: readonly (readonly [member: string, score: number])[];
      readonly encoding?: "listpack";
    };

/** One key of a snapshot. */
export interface RdbRecord<Value = RdbValue> {
  db: number;
  /** The key's bytes as a latin1 string. */
  key: string;
  /** Absolute deadline in Unix ms, or null without a TTL. */
  expiresAtMs: number | null;
  value: Value;
  /** RDB_OPCODE_IDLE (saved under an LRU maxmemory-policy): seconds since last access. */
  idleSec?: number;
  /** RDB_OPCODE_FREQ (saved under an LFU maxmemory-policy): the LFU counter. */
  lfuFreq?: number;
}

/** A snapshot that cannot be read: corrupt, truncated, a bad checksum, or a type redbun lacks. */
export class RdbError extends Error {
  override readonly name = "RdbError";
}
