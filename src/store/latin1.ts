// Bytes ↔ latin1 strings, one char per byte: how keys and other user bytes become JS strings
// and back without loss. Bun's Buffer has a native latin1 decoder that builds a flat string in
// one step (a `+=` loop builds a rope JSC flattens again on first use: 274 vs 128 ns per
// decode-and-lookup; TextDecoder("latin1") is windows-1252, not bytes).

const latin1Slice = (Buffer.prototype as unknown as { latin1Slice(this: Uint8Array, start: number, end: number): string })
  .latin1Slice;

/** bytes[start, end) as a latin1 string. */
export function latin1(bytes: Uint8Array, start = 0, end = bytes.length): string {
  return latin1Slice.call(bytes, start, end);
}

const latin1Write = (Buffer.prototype as unknown as { latin1Write(this: Uint8Array, text: string, offset: number): number })
  .latin1Write;

/** Below this length a JS loop beats the native copy's call overhead (measured: ~24 chars). */
const NATIVE_WRITE_FROM = 24;

/** Writes `text` (one char per byte) into `target` at `at`, which must have room; returns the end. */
export function writeLatin1(target: Uint8Array, at: number, text: string): number {
  const n = text.length;
  if (n >= NATIVE_WRITE_FROM) return at + latin1Write.call(target, text, at);
  for (let i = 0; i < n; i++) target[at + i] = text.charCodeAt(i);
  return at + n;
}

/** A latin1 string's bytes, copied into a new array. */
export function latin1Bytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  writeLatin1(bytes, 0, text);
  return bytes;
}
