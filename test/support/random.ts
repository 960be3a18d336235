// The tests' one seeded pseudo-random generator (mulberry32): the same seed gives the same
// sequence on every run, so a failing random workload replays exactly.

/** A generator of floats in [0, 1) from `seed`. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` bytes from `seed`, each below `alphabet` (a small alphabet makes repetitive input). */
export function randomBytes(n: number, seed: number, alphabet = 256): Uint8Array {
  const next = seededRandom(seed);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(next() * alphabet);
  return out;
}
