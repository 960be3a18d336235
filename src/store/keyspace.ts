// The keyspace: `databases` numbered dbs, each a dict from key to value plus the expires
// table, as in Redis's redisDb. Keys are latin1 strings (one char per byte, so any bytes
// round-trip). Each key owns a slot: the dict maps key → slot, and per-slot typed arrays hold
// the value, the absolute expiry deadline and the LRU clock. Slots never move while a key
// lives, which is what lets a SCAN cursor (a slot number) promise to return every key that
// exists for the whole scan, and lets RANDOMKEY and the expiry cycle sample in O(1).

import { CELLS_PER_SLOT, KeyIndex } from "./key-index.ts";
import { parseInt64, parseSafeInt } from "./numbers.ts";
import { Slab, SLAB_MAX_LENGTH, lengthOf, tagOf } from "./slab.ts";

/** Redis's string encodings, kept in the slab handle's tag bits. */
export const StringEncoding = { raw: 0, embstr: 1, int: 2 } as const;
export type StringEncoding = (typeof StringEncoding)[keyof typeof StringEncoding];
const ENCODING_NAMES = ["raw", "embstr", "int"] as const;

/** Redis's OBJ_ENCODING_EMBSTR_SIZE_LIMIT. */
export const EMBSTR_SIZE_LIMIT = 44;
/** sds's SDS_MAX_PREALLOC: a growing string doubles its room up to this, then adds this much. */
const SDS_MAX_PREALLOC = 1024 * 1024;

/** Values of other types (lists, sets, …) implement this; strings are slab handles. */
export interface CollectionValue {
  /** What TYPE answers. */
  readonly type: string;
  /** What OBJECT ENCODING answers. */
  encoding(): string;
  /** A deep copy, for COPY. */
  clone(): CollectionValue;
}

/**
 * A stored value: a slab handle (a string of at most SLAB_MAX_LENGTH bytes, its encoding in
 * the tag), a Uint8Array (a longer string, always `raw`), or a collection.
 */
export type StoredValue = number | Uint8Array | CollectionValue;

/**
 * A collection loaded from a snapshot and not read since: its structure (hash index, skip
 * list …) is built on first use, so a restart costs about what reading the file does, as
 * Redis's load mostly copies listpack blobs. Only a Database holds one; valueAt builds it.
 */
export abstract class DeferredValue {
  abstract build(): CollectionValue;
}

export function typeName(value: StoredValue): string {
  return typeof value === "number" || value instanceof Uint8Array ? "string" : value.type;
}

export function isString(value: StoredValue): value is number | Uint8Array {
  return typeof value === "number" || value instanceof Uint8Array;
}

/** Told about removals the keyspace makes by itself, so they reach AOF, watchers and events. */
export interface KeyspaceListener {
  expired(db: Database, key: string): void;
  /** dbAdd's "new" keyspace event; called only while Keyspace.notifyNewKeys is set. */
  added?(db: Database, key: string): void;
  /** lookupKeyRead's "keymiss" keyspace event; called only while Keyspace.notifyKeyMisses is set. */
  missed?(db: Database, key: string): void;
}

/**
 * A background snapshot (persistence/snapshot.ts) that has not written every key yet. Without
 * fork's copy-on-write it keeps its point-in-time image by hearing about a key before the key
 * changes, and by taking over a db's old contents when the db is flushed.
 */
export interface WriteObserver {
  /** `slot` of `db` is about to change, lose its TTL or disappear. */
  beforeWrite(db: Database, slot: number): void;
  /**
   * `db` is about to be flushed: true when the snapshot still needs its contents and takes them
   * over (the keyspace then puts an empty db in its place instead of clearing it).
   */
  takeOver(db: Database): boolean;
}

/** lookupKey's flags (Redis's LOOKUP_*), for lookupRead. */
export const Lookup = {
  /** LOOKUP_NOTOUCH: the LRU clock is left alone (EXISTS, TYPE, TTL, OBJECT, SCAN's TYPE filter). */
  noTouch: 1,
  /** LOOKUP_NONOTIFY: a miss fires no `keymiss` (OBJECT looks without being a read). */
  noNotify: 2,
} as const;

/** Where a slot's value and LRU clock sit among its cells (its key is the first). */
const VALUE_CELL = 1;
const LRU_CELL = 2;

/** The most keys one Database.prefetch takes. */
export const PREFETCH_MAX_KEYS = 16;
/** Database.prefetch's scratch: candidate slots, then the slab handles they hold. */
const prefetchSlots = new Int32Array(PREFETCH_MAX_KEYS);
const prefetchHandles = new Float64Array(2 * PREFETCH_MAX_KEYS);

/** Redis's LRU clock has a resolution of one second. */
function lruClock(nowMs: number): number {
  return Math.floor(nowMs / 1000) >>> 0;
}

export class Database {
  /** key → slot */
  private readonly index = new KeyIndex();
  /**
   * A slot's CELLS_PER_SLOT cells: its key (undefined while the slot is free), its value and
   * its LRU clock, side by side in one array, so that the key a lookup compares, the value the
   * command then reads and the clock it touches share a cache line (with 100 k keys each
   * separate array cost a memory miss per command). A key is kept as its bytes in the slab (a
   * handle), not as a JS string: no heap object per key, and a lookup compares against one slab
   * line instead of a string cell and its character buffer. Only keys longer than a slab slot
   * stay JS strings.
   */
  private cells: (string | StoredValue | DeferredValue | undefined)[] = [];
  /** slot → absolute deadline in ms, 0 for keys without a TTL */
  expiresAtMs = new Float64Array(16);
  private readonly freeSlots: number[] = [];
  /** The slots that have a TTL, densely packed for sampling, and each slot's place in it. */
  private readonly volatileSlots: number[] = [];
  private volatileIndex = new Int32Array(16).fill(-1);

  constructor(
    /** The db number; SWAPDB changes it. */
    public id: number,
    private readonly keyspace: Keyspace,
  ) {}

  /** The key in a slot, undefined while the slot is free. */
  keyAt(slot: number): string | undefined {
    const cell = this.cells[CELLS_PER_SLOT * slot];
    return typeof cell === "number" ? this.keyspace.slab.latin1(cell) : (cell as string | undefined);
  }

  /** Gives a key's slab bytes back (a long key is a string the GC takes). */
  private releaseKey(slot: number): void {
    const cell = this.cells[CELLS_PER_SLOT * slot];
    if (typeof cell === "number") this.keyspace.slab.free(cell);
  }

  /** The value in a live slot (a deferred one is built now, once). */
  valueAt(slot: number): StoredValue {
    const value = this.storedAt(slot);
    if (!(value instanceof DeferredValue)) return value;
    const built = value.build();
    this.cells[CELLS_PER_SLOT * slot + VALUE_CELL] = built;
    return built;
  }

  /**
   * The value in a live slot as it is held, deferred or not: for what only passes it on or
   * drops it (a snapshot writes a deferred value's RDB form without building it).
   */
  storedAt(slot: number): StoredValue | DeferredValue {
    return this.cells[CELLS_PER_SLOT * slot + VALUE_CELL] as StoredValue | DeferredValue;
  }

  get size(): number {
    return this.index.size;
  }

  get volatileCount(): number {
    return this.volatileSlots.length;
  }

  /** One past the highest slot in use: SCAN's cursor space. */
  get slotLimit(): number {
    return this.cells.length / CELLS_PER_SLOT;
  }

  /** The hash the key index gives the latin1 string bytes[start, end). */
  hashKeyBytes(bytes: Uint8Array, start: number, end: number): number {
    return this.index.hashBytes(bytes, start, end);
  }

  /**
   * Loads into the cache what looking up the keys with these hashes (at most PREFETCH_MAX_KEYS)
   * will read: each key's bucket, its cells, and its key's and string value's slab bytes. A
   * lookup's misses form a chain (bucket → slot → bytes) that the CPU cannot overlap; taken a
   * stage at a time across all the keys, each stage's misses are in flight together. Nothing
   * changes: it is a hint, and a key that is absent or in another db only costs a wasted load.
   */
  prefetch(hashes: Int32Array, count: number): void {
    const slots = prefetchSlots;
    this.index.candidateSlots(hashes, count, slots);
    const cells = this.cells;
    const handles = prefetchHandles;
    let handleCount = 0;
    for (let k = 0; k < count; k++) {
      const slot = slots[k]!;
      if (slot === -1) continue;
      const keyCell = cells[CELLS_PER_SLOT * slot];
      const value = cells[CELLS_PER_SLOT * slot + VALUE_CELL];
      if (typeof keyCell === "number") handles[handleCount++] = keyCell;
      if (typeof value === "number") handles[handleCount++] = value;
    }
    this.keyspace.slab.prefetch(handles, handleCount);
  }

  /** The slot of `key` without expiring or touching it (-1 if absent). */
  peekSlot(key: string): number {
    return this.index.find(key, this.index.hash(key), this.cells, this.keyspace.slab);
  }

  /**
   * lookupKeyRead: the slot of a live key, or -1. An expired key is removed first
   * (lazy expiry), hits and misses are counted, a miss fires `keymiss` and the LRU clock is
   * touched, unless `flags` say otherwise (Lookup.noTouch, Lookup.noNotify).
   */
  lookupRead(key: string, nowMs: number, flags = 0): number {
    const slot = this.liveSlot(key, nowMs);
    const stats = this.keyspace.stats;
    if (slot === -1) {
      stats.keyspaceMisses++;
      if (this.keyspace.notifyKeyMisses && (flags & Lookup.noNotify) === 0) this.keyspace.listener.missed?.(this, key);
      return -1;
    }
    stats.keyspaceHits++;
    if ((flags & Lookup.noTouch) === 0) this.touch(slot, nowMs);
    return slot;
  }

  /**
   * lookupKeyWrite: like lookupRead but counts nothing (the command will change the key).
   * It touches the LRU clock too, as Redis's lookupKey does for writes (EXPIRE resets idle time).
   */
  lookupWrite(key: string, nowMs: number): number {
    const slot = this.liveSlot(key, nowMs);
    if (slot !== -1) {
      this.touch(slot, nowMs);
      // The command may change the value in place (a list push): a snapshot copies it first.
      this.beforeWrite(slot);
    }
    return slot;
  }

  /** Tells a running snapshot that `slot` is about to change (one null check when none runs). */
  private beforeWrite(slot: number): void {
    const observer = this.keyspace.observer;
    if (observer !== null) observer.beforeWrite(this, slot);
  }

  /** 1 for every slot that holds a key: what a snapshot starting now has to write. */
  liveSlots(): Uint8Array {
    const live = new Uint8Array(this.slotLimit).fill(1);
    for (const slot of this.freeSlots) live[slot] = 0;
    return live;
  }

  /** The slot of `key` after lazy expiry (-1 if absent or just expired). */
  private liveSlot(key: string, nowMs: number): number {
    const slot = this.index.find(key, this.index.hash(key), this.cells, this.keyspace.slab);
    // Like Redis, skip the expires table entirely while the db has no key with a TTL.
    if (slot === -1 || this.volatileSlots.length === 0) return slot;
    const deadline = this.expiresAtMs[slot]!;
    if (deadline !== 0 && deadline <= nowMs) {
      this.expireSlot(slot);
      return -1;
    }
    return slot;
  }

  /** Whether a slot's deadline has passed (persistence skips such keys without removing them). */
  isExpired(slot: number, nowMs: number): boolean {
    const deadline = this.expiresAtMs[slot]!;
    return deadline !== 0 && deadline <= nowMs;
  }

  /** Removes an expired key and tells the listener (propagates DEL, fires `expired`). */
  expireSlot(slot: number): void {
    const key = this.keyAt(slot)!;
    this.deleteSlot(slot);
    this.keyspace.stats.expiredKeys++;
    this.keyspace.listener.expired(this, key);
  }

  /** dbAdd: a new key (the caller checked it is absent). Returns its slot. */
  add(key: string, value: StoredValue | DeferredValue, nowMs: number, expiresAtMs = 0): number {
    const keyCell = key.length <= SLAB_MAX_LENGTH ? this.keyspace.slab.storeLatin1(key, 0) : key;
    let slot = this.freeSlots.pop();
    if (slot === undefined) {
      slot = this.cells.length / CELLS_PER_SLOT;
      this.growTo(slot + 1);
      this.cells.push(keyCell, value, lruClock(nowMs));
    } else {
      this.cells[CELLS_PER_SLOT * slot] = keyCell;
      this.cells[CELLS_PER_SLOT * slot + VALUE_CELL] = value;
      this.touch(slot, nowMs);
    }
    this.expiresAtMs[slot] = 0;
    this.index.insert(slot, this.index.hash(key));
    if (this.keyspace.notifyNewKeys) this.keyspace.listener.added?.(this, key);
    // A key that arrives with its deadline (RENAME, MOVE, COPY, loading) keeps it.
    if (expiresAtMs !== 0) this.setExpire(slot, expiresAtMs);
    return slot;
  }

  /**
   * Replaces a live string key's value with `bytes` (copied), reusing its slab slot when the
   * new bytes fit it. The TTL is left as it is.
   */
  rewriteString(slot: number, bytes: Uint8Array, encoding: StringEncoding): void {
    this.beforeWrite(slot);
    const old = this.valueAt(slot);
    if (typeof old === "number" && bytes.length <= SLAB_MAX_LENGTH) {
      this.cells[CELLS_PER_SLOT * slot + VALUE_CELL] = this.keyspace.slab.rewrite(old, bytes, encoding);
    } else {
      this.replaceValue(slot, this.keyspace.storeString(bytes, encoding));
    }
  }

  /** Replaces a live key's value, freeing the old one. The TTL is left as it is. */
  replaceValue(slot: number, value: StoredValue): void {
    this.beforeWrite(slot);
    this.keyspace.release(this.valueAt(slot));
    this.cells[CELLS_PER_SLOT * slot + VALUE_CELL] = value;
  }

  /** setKey: add or overwrite, dropping any TTL (SET without KEEPTTL). */
  set(key: string, value: StoredValue, nowMs: number): number {
    const slot = this.lookupWrite(key, nowMs);
    if (slot === -1) return this.add(key, value, nowMs);
    this.replaceValue(slot, value);
    this.removeExpire(slot);
    this.touch(slot, nowMs);
    return slot;
  }

  deleteSlot(slot: number): void {
    this.keyspace.release(this.detachSlot(slot));
  }

  /**
   * Removes a key (and its TTL) but hands its value to the caller instead of freeing it:
   * RENAME and MOVE re-add the same value under another name or in another db, as Redis
   * moves the robj rather than copying it (a deferred value moves unbuilt).
   */
  detachSlot(slot: number): StoredValue | DeferredValue {
    this.beforeWrite(slot);
    const value = this.storedAt(slot);
    this.removeExpire(slot);
    this.index.remove(slot, this.index.hash(this.keyAt(slot)!));
    this.releaseKey(slot);
    this.cells[CELLS_PER_SLOT * slot] = undefined;
    this.cells[CELLS_PER_SLOT * slot + VALUE_CELL] = undefined;
    this.cells[CELLS_PER_SLOT * slot + LRU_CELL] = 0;
    this.freeSlots.push(slot);
    return value;
  }

  setExpire(slot: number, deadlineMs: number): void {
    this.beforeWrite(slot);
    if (this.volatileIndex[slot] === -1) {
      this.volatileIndex[slot] = this.volatileSlots.length;
      this.volatileSlots.push(slot);
    }
    this.expiresAtMs[slot] = deadlineMs;
  }

  /** Returns whether the key had a TTL. */
  removeExpire(slot: number): boolean {
    const place = this.volatileIndex[slot]!;
    if (place === -1) return false;
    this.beforeWrite(slot);
    const last = this.volatileSlots.pop()!;
    if (last !== slot) {
      this.volatileSlots[place] = last;
      this.volatileIndex[last] = place;
    }
    this.volatileIndex[slot] = -1;
    this.expiresAtMs[slot] = 0;
    return true;
  }

  /** A random slot among keys with a TTL (-1 if none): the active expiry cycle samples these. */
  randomVolatileSlot(): number {
    const count = this.volatileSlots.length;
    return count === 0 ? -1 : this.volatileSlots[Math.floor(Math.random() * count)]!;
  }

  /** A random live slot (-1 if the db is empty), for RANDOMKEY. */
  randomSlot(): number {
    if (this.index.size === 0) return -1;
    const limit = this.slotLimit;
    // Dense enough (the free list is reused first) that probing finds a key quickly;
    // after a mass delete fall back to walking from a random point.
    for (let tries = 0; tries < 64; tries++) {
      const slot = Math.floor(Math.random() * limit);
      if (this.cells[CELLS_PER_SLOT * slot] !== undefined) return slot;
    }
    const start = Math.floor(Math.random() * limit);
    for (let i = 0; i < limit; i++) {
      const slot = (start + i) % limit;
      if (this.cells[CELLS_PER_SLOT * slot] !== undefined) return slot;
    }
    return -1;
  }

  /** Keys in slot order, for KEYS and persistence. */
  *entries(): IterableIterator<[key: string, slot: number]> {
    const limit = this.slotLimit;
    for (let slot = 0; slot < limit; slot++) {
      const key = this.keyAt(slot);
      if (key !== undefined) yield [key, slot];
    }
  }

  /** FLUSHDB: drop everything, giving slab memory back. */
  clear(): void {
    for (let slot = 0; slot < this.slotLimit; slot++) {
      if (this.cells[CELLS_PER_SLOT * slot] === undefined) continue;
      this.releaseKey(slot);
      this.keyspace.release(this.storedAt(slot));
    }
    this.index.clear();
    this.cells = [];
    this.freeSlots.length = 0;
    this.volatileSlots.length = 0;
    this.expiresAtMs = new Float64Array(16);
    this.volatileIndex = new Int32Array(16).fill(-1);
  }

  private growTo(slotCount: number): void {
    if (slotCount <= this.expiresAtMs.length) return;
    const capacity = Math.max(slotCount, this.expiresAtMs.length * 2);
    const expires = new Float64Array(capacity);
    expires.set(this.expiresAtMs);
    this.expiresAtMs = expires;
    const volatile = new Int32Array(capacity).fill(-1);
    volatile.set(this.volatileIndex);
    this.volatileIndex = volatile;
  }

  /** The LRU clock of the key's last access (DEBUG OBJECT's `lru`). */
  lruClockAt(slot: number): number {
    return this.cells[CELLS_PER_SLOT * slot + LRU_CELL] as number;
  }

  /** The key was read or written now. */
  private touch(slot: number, nowMs: number): void {
    this.cells[CELLS_PER_SLOT * slot + LRU_CELL] = lruClock(nowMs);
  }

  /** Seconds since the key was last read or written (OBJECT IDLETIME). */
  idleSeconds(slot: number, nowMs: number): number {
    return Math.max(0, lruClock(nowMs) - this.lruClockAt(slot));
  }

  /** Backdates the key's last access so it reads as idle for `idleSec` (RESTORE IDLETIME, RDB's IDLE opcode). */
  setIdleSeconds(slot: number, idleSec: number, nowMs: number): void {
    this.cells[CELLS_PER_SLOT * slot + LRU_CELL] = Math.max(0, lruClock(nowMs) - idleSec);
  }
}

export interface KeyspaceStats {
  keyspaceHits: number;
  keyspaceMisses: number;
  expiredKeys: number;
}

export class Keyspace {
  readonly slab = new Slab();
  readonly dbs: Database[];
  readonly stats: KeyspaceStats = { keyspaceHits: 0, keyspaceMisses: 0, expiredKeys: 0 };
  /**
   * Whether to tell the listener about new keys and read misses: only the keyspace events `n`
   * and `m` want them, so a flag check is all that adding a key or missing a read costs.
   */
  notifyNewKeys = false;
  notifyKeyMisses = false;
  /** The background snapshot being written, if any: told before keys change. */
  observer: WriteObserver | null = null;
  /**
   * Buffers of long strings that writableString allocated with room past the string's end:
   * only these are written in place (a Uint8Array value from elsewhere may be a view into
   * memory it does not own).
   */
  private readonly growableBuffers = new WeakSet<ArrayBufferLike>();

  constructor(
    databaseCount: number,
    readonly listener: KeyspaceListener,
  ) {
    this.dbs = Array.from({ length: databaseCount }, (_, id) => new Database(id, this));
  }

  /**
   * FLUSHDB / FLUSHALL of one db. While a background snapshot still needs the db's contents,
   * the db is replaced by an empty one in O(1) and the snapshot keeps (and later frees) the
   * old one, as a fork's child keeps the pages its parent drops.
   */
  flushDb(index: number): void {
    const db = this.dbs[index]!;
    if (this.observer !== null && this.observer.takeOver(db)) this.dbs[index] = new Database(index, this);
    else db.clear();
  }

  /** SWAPDB: the two dbs trade contents; clients keep their db numbers. */
  swap(a: number, b: number): void {
    const first = this.dbs[a]!;
    this.dbs[a] = this.dbs[b]!;
    this.dbs[b] = first;
    this.dbs[a]!.id = a;
    this.dbs[b]!.id = b;
  }

  // --- strings ---------------------------------------------------------------------------

  /** Copies bytes out of the request buffer into a stored string with the given encoding. */
  storeString(bytes: Uint8Array, encoding: StringEncoding): StoredValue {
    // new Uint8Array(view) copies; a Buffer's slice() would be a view (socket chunks are Buffers).
    if (bytes.length > SLAB_MAX_LENGTH) return new Uint8Array(bytes);
    return this.slab.store(bytes, encoding);
  }

  /**
   * tryObjectEncoding: what SET and friends store. A canonical integer that fits a long
   * becomes `int`, a short string `embstr`, anything else `raw`.
   */
  storeStringAuto(bytes: Uint8Array): StoredValue {
    if (bytes.length <= 20 && parseInt64(bytes) !== null) return this.storeString(bytes, StringEncoding.int);
    return this.storeString(bytes, bytes.length <= EMBSTR_SIZE_LIMIT ? StringEncoding.embstr : StringEncoding.raw);
  }

  /** The bytes of a string value, as a view valid until the value is replaced or freed. */
  stringBytes(value: number | Uint8Array): Uint8Array {
    return typeof value === "number" ? this.slab.view(value) : value;
  }

  /** A string value read as parseSafeInt reads it, straight from where it is stored. */
  stringSafeInt(value: number | Uint8Array): number | null {
    if (typeof value !== "number") return parseSafeInt(value);
    const offset = this.slab.offsetOf(value);
    return parseSafeInt(this.slab.chunkOf(value), offset, offset + lengthOf(value));
  }

  stringLength(value: number | Uint8Array): number {
    return typeof value === "number" ? lengthOf(value) : value.length;
  }

  stringEncoding(value: number | Uint8Array): string {
    return typeof value === "number" ? ENCODING_NAMES[tagOf(value)]! : "raw";
  }

  /**
   * dbUnshareStringValue + sdsgrowzero, for APPEND and SETRANGE: the string's bytes made
   * writable at `length` bytes (at least its current length), zeros past its old end; store
   * the result with `storeWritten`. A long string gets room to grow as sds gives it (twice its
   * length up to 1 MB, then 1 MB more) and is then changed in place, so building a big value
   * by appends costs amortized O(1) per byte, as in Redis.
   */
  writableString(value: number | Uint8Array, length: number): Uint8Array {
    const current = this.stringLength(value);
    if (value instanceof Uint8Array && this.growableBuffers.has(value.buffer) && value.buffer.byteLength >= length) {
      const grown = new Uint8Array(value.buffer, 0, length);
      grown.fill(0, current);
      return grown;
    }
    const capacity =
      length <= SLAB_MAX_LENGTH ? length : length < SDS_MAX_PREALLOC ? length * 2 : length + SDS_MAX_PREALLOC;
    const buffer = new ArrayBuffer(capacity);
    if (capacity > length) this.growableBuffers.add(buffer);
    const bytes = new Uint8Array(buffer, 0, length);
    bytes.set(this.stringBytes(value));
    return bytes;
  }

  /** Stores what `writableString` returned as a `raw` string; a long one is kept without a copy. */
  storeWritten(bytes: Uint8Array): StoredValue {
    return bytes.length <= SLAB_MAX_LENGTH ? this.slab.store(bytes, StringEncoding.raw) : bytes;
  }

  /** A copy of a value for COPY and MOVE-free duplication: strings keep their encoding. */
  duplicate(value: StoredValue): StoredValue {
    if (typeof value === "number") return this.slab.store(this.slab.view(value), tagOf(value));
    if (value instanceof Uint8Array) return new Uint8Array(value);
    return value.clone();
  }

  /** Frees what a value holds outside the JS heap's reach (its slab slot). */
  release(value: StoredValue | DeferredValue): void {
    if (typeof value === "number") this.slab.free(value);
  }
}
