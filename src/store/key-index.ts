// The dict half of a db: key → slot, as an open-addressing hash table over an Int32Array.
// A JS Map would cost a heap-allocated bucket object per key (measured: 286 bytes per 64-byte
// key vs Redis's 176) and several dependent cache misses per lookup; here a lookup probes one
// typed array and compares the key string stored in the slot. Linear probing with
// backward-shift deletion keeps the table free of tombstones. Each slot's hash is kept so the
// table can grow without rehashing strings. The seed is random per table so that a client
// cannot choose keys that collide (Redis seeds its siphash for the same reason).

const EMPTY = -1;
const MIN_CAPACITY = 16;

export class KeyIndex {
  /** Buckets hold a slot number or EMPTY. Capacity is a power of two. */
  private buckets = new Int32Array(MIN_CAPACITY).fill(EMPTY);
  private mask = MIN_CAPACITY - 1;
  private count = 0;
  private readonly seed = (Math.random() * 0x100000000) >>> 0;

  get size(): number {
    return this.count;
  }

  /** FNV-1a over the key's bytes (one char code per byte), seeded. */
  hash(key: string): number {
    let h = this.seed ^ 0x811c9dc5;
    for (let i = 0; i < key.length; i++) {
      h ^= key.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    // Final avalanche so the low bits (the bucket index) depend on every byte.
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    return h | 0;
  }

  // The Database owns the per-slot arrays (slot → key, slot → hash) and passes them in.

  /** The slot holding `key`, or -1. */
  find(key: string, hash: number, keyAt: readonly (string | undefined)[], hashAt: Int32Array): number {
    const buckets = this.buckets;
    const mask = this.mask;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const slot = buckets[i]!;
      if (slot === EMPTY) return -1;
      if (hashAt[slot] === hash && keyAt[slot] === key) return slot;
    }
  }

  /** Records a new key already written to keyAt/hashAt at `slot` (the caller checked it is absent). */
  insert(slot: number, hash: number, hashAt: Int32Array): void {
    if ((this.count + 1) * 4 > this.buckets.length * 3) this.resize(this.buckets.length * 2, hashAt);
    const mask = this.mask;
    let i = hash & mask;
    while (this.buckets[i] !== EMPTY) i = (i + 1) & mask;
    this.buckets[i] = slot;
    this.count++;
  }

  /** Forgets `slot` (still holding its key and hash), shifting later entries back. */
  remove(slot: number, hash: number, hashAt: Int32Array): void {
    const buckets = this.buckets;
    const mask = this.mask;
    let i = hash & mask;
    while (buckets[i] !== slot) i = (i + 1) & mask;
    // Backward-shift deletion: move up each following entry that probed past the hole.
    for (let next = (i + 1) & mask; ; next = (next + 1) & mask) {
      const moving = buckets[next]!;
      if (moving === EMPTY) break;
      const home = hashAt[moving]! & mask;
      // `moving` may fill the hole at i only if its home is not cyclically within (i, next].
      if ((next - home & mask) >= (next - i & mask)) {
        buckets[i] = moving;
        i = next;
      }
    }
    buckets[i] = EMPTY;
    this.count--;
    if (this.count * 8 < buckets.length && buckets.length > MIN_CAPACITY) this.resize(buckets.length / 2, hashAt);
  }

  clear(): void {
    this.buckets = new Int32Array(MIN_CAPACITY).fill(EMPTY);
    this.mask = MIN_CAPACITY - 1;
    this.count = 0;
  }

  private resize(capacity: number, hashAt: Int32Array): void {
    const old = this.buckets;
    this.buckets = new Int32Array(capacity).fill(EMPTY);
    this.mask = capacity - 1;
    for (let b = 0; b < old.length; b++) {
      const slot = old[b]!;
      if (slot === EMPTY) continue;
      let i = hashAt[slot]! & this.mask;
      while (this.buckets[i] !== EMPTY) i = (i + 1) & this.mask;
      this.buckets[i] = slot;
    }
  }
}
