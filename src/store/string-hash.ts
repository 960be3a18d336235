// The hash function of redbun's own hash tables (the keyspace's KeyIndex, the members' StringIndex):
// FNV-1a over a latin1 string's chars (one per byte), seeded, then murmur3's fmix32 steps so the
// low bits — where a probe starts — depend on every char. Seeded at random, as Redis seeds its
// siphash, so that a client cannot choose keys or members that all collide.

/** A random seed, fixed for the life of the process (StringIndex copies keep their hashes). */
export const PROCESS_HASH_SEED = (Math.random() * 0x100000000) >>> 0;

const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

export function hashLatin1(key: string, seed: number): number {
  let h = seed ^ FNV_OFFSET_BASIS;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), FNV_PRIME);
  return mixLowBits(h);
}

/**
 * hashLatin1 of the latin1 string bytes[start, end) would be, without making the string: what
 * the prefetch of a pipeline's keys (server/prefetch.ts) hashes, straight from the read buffer.
 */
export function hashBytes(bytes: Uint8Array, start: number, end: number, seed: number): number {
  let h = seed ^ FNV_OFFSET_BASIS;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, FNV_PRIME);
  return mixLowBits(h);
}

function mixLowBits(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h | 0;
}
