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
