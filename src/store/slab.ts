// String values live here, not as one Uint8Array object each: bytes are copied into large
// shared chunks cut into fixed-size slots (size classes, like jemalloc's), and the keyspace
// holds only a number that says where. Fewer JS objects per key is what keeps the heap small
// and garbage collection cheap (ARCHITECTURE: "what speed costs here").
//
// A handle is one double-safe integer: slot × 2^20 + (size class << 15 | byte length << 2 | tag),
// the tag being 2 bits the caller owns (the keyspace keeps Redis's string encoding there). The
// slot is divided off first, so the low 20 bits are read with integer operations: a double's
// `%` is a slow fmod (decoding a handle that way cost ~31 ns, this way ~8).

import { latin1, writeLatin1 } from "./latin1.ts";

/** The largest value kept in a slab; longer strings are stored as their own Uint8Array. */
export const SLAB_MAX_LENGTH = 4096;

const SIZE_CLASSES = [
  8, 16, 24, 32, 40, 48, 56, 64, 72, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 448, 512,
  640, 768, 896, 1024, 1280, 1536, 1792, 2048, 2560, 3072, 4096,
] as const;
const SLOTS_PER_CHUNK = 4096;
/** A handle's low bits: class (5 bits, 32 classes), length (13 bits, up to 4096), tag (2 bits). */
const LOW_RANGE = 2 ** 20;
const CLASS_SHIFT = 15;
const LENGTH_SHIFT = 2;
const LENGTH_MASK = 0x1fff;
const TAG_MASK = 3;

function slotOf(handle: number): number {
  return Math.floor(handle / LOW_RANGE);
}

/** The class, length and tag bits (exact: every step is on integers below 2^53). */
function lowBits(handle: number): number {
  return handle - slotOf(handle) * LOW_RANGE;
}

function classOf(handle: number): number {
  return lowBits(handle) >>> CLASS_SHIFT;
}

function handleOf(slot: number, classIndex: number, length: number, tag: number): number {
  return slot * LOW_RANGE + ((classIndex << CLASS_SHIFT) | (length << LENGTH_SHIFT) | tag);
}

/** classForLength[n] is the smallest size class holding n bytes. */
const classForLength = new Uint8Array(SLAB_MAX_LENGTH + 1);
{
  let sizeClass = 0;
  for (let length = 0; length <= SLAB_MAX_LENGTH; length++) {
    while (SIZE_CLASSES[sizeClass]! < length) sizeClass++;
    classForLength[length] = sizeClass;
  }
}

class SizeClass {
  readonly chunks: Uint8Array[] = [];
  readonly freeSlots: number[] = [];
  nextSlot = 0;
  liveSlots = 0;
  constructor(readonly slotSize: number) {}

  allocate(): number {
    this.liveSlots++;
    const reused = this.freeSlots.pop();
    if (reused !== undefined) return reused;
    const slot = this.nextSlot++;
    if (slot % SLOTS_PER_CHUNK === 0) this.chunks.push(new Uint8Array(this.slotSize * SLOTS_PER_CHUNK));
    return slot;
  }
}

export class Slab {
  private readonly classes = SIZE_CLASSES.map((size) => new SizeClass(size));
  /** Where `prefetch` puts the bytes it reads. */
  private prefetched = new Uint8Array(0);

  /** Copies `bytes` into a fresh slot; `bytes.length` must be at most SLAB_MAX_LENGTH. */
  store(bytes: Uint8Array, tag: number): number {
    const length = bytes.length;
    const handle = this.allocate(length, tag);
    const chunk = this.chunkOf(handle);
    const offset = this.offsetOf(handle);
    if (length < 32) {
      for (let i = 0; i < length; i++) chunk[offset + i] = bytes[i]!;
    } else {
      chunk.set(bytes, offset);
    }
    return handle;
  }

  /** Copies a latin1 string's chars (one byte each) into a fresh slot: how keys are stored. */
  storeLatin1(text: string, tag: number): number {
    const handle = this.allocate(text.length, tag);
    const chunk = this.chunkOf(handle);
    const offset = this.offsetOf(handle);
    writeLatin1(chunk, offset, text);
    return handle;
  }

  /** Whether a slot holds exactly the bytes of a latin1 string (a key lookup's comparison). */
  equalsLatin1(handle: number, text: string): boolean {
    const length = lengthOf(handle);
    if (length !== text.length) return false;
    const chunk = this.chunkOf(handle);
    const offset = this.offsetOf(handle);
    for (let i = 0; i < length; i++) if (chunk[offset + i] !== text.charCodeAt(i)) return false;
    return true;
  }

  /**
   * Reads the first and last byte of each of handles[0, count) (Database.prefetch's last stage),
   * so that their cache lines are loaded together, before the commands that use them run.
   */
  prefetch(handles: Float64Array, count: number): void {
    if (this.prefetched.length < count) this.prefetched = new Uint8Array(count);
    for (let k = 0; k < count; k++) {
      const handle = handles[k]!;
      const chunk = this.chunkOf(handle);
      const offset = this.offsetOf(handle);
      // Stored, so that the JIT cannot drop the loads as unused.
      this.prefetched[k] = chunk[offset]! ^ chunk[offset + Math.max(lengthOf(handle), 1) - 1]!;
    }
  }

  /** A slot's bytes as a latin1 string. */
  latin1(handle: number): string {
    const offset = this.offsetOf(handle);
    return latin1(this.chunkOf(handle), offset, offset + lengthOf(handle));
  }

  private allocate(length: number, tag: number): number {
    const classIndex = classForLength[length]!;
    const slot = this.classes[classIndex]!.allocate();
    return handleOf(slot, classIndex, length, tag);
  }

  /**
   * Writes `bytes` (at most SLAB_MAX_LENGTH) over the handle's slot when they fit its size
   * class, as INCR's new digits almost always do, else moves them to a fresh slot. Returns the
   * handle to keep in place of the old one.
   */
  rewrite(handle: number, bytes: Uint8Array, tag: number): number {
    const length = bytes.length;
    const classIndex = classOf(handle);
    if (classForLength[length] !== classIndex) {
      this.free(handle);
      return this.store(bytes, tag);
    }
    const chunk = this.chunkOf(handle);
    const offset = this.offsetOf(handle);
    for (let i = 0; i < length; i++) chunk[offset + i] = bytes[i]!;
    return handleOf(slotOf(handle), classIndex, length, tag);
  }

  free(handle: number): void {
    const sizeClass = this.classes[classOf(handle)]!;
    sizeClass.freeSlots.push(slotOf(handle));
    sizeClass.liveSlots--;
  }

  /** The chunk a handle's bytes live in; pair with `offsetOf` and `lengthOf`. */
  chunkOf(handle: number): Uint8Array {
    const slot = slotOf(handle);
    const classIndex = (handle - slot * LOW_RANGE) >>> CLASS_SHIFT;
    return this.classes[classIndex]!.chunks[Math.floor(slot / SLOTS_PER_CHUNK)]!;
  }

  offsetOf(handle: number): number {
    const slot = slotOf(handle);
    const classIndex = (handle - slot * LOW_RANGE) >>> CLASS_SHIFT;
    return (slot & (SLOTS_PER_CHUNK - 1)) * SIZE_CLASSES[classIndex]!;
  }

  /** A view of the stored bytes; valid until the handle is freed. */
  view(handle: number): Uint8Array {
    const offset = this.offsetOf(handle);
    return this.chunkOf(handle).subarray(offset, offset + lengthOf(handle));
  }

  /** Bytes reserved in chunks, for INFO memory. */
  reservedBytes(): number {
    let total = 0;
    for (const sizeClass of this.classes) total += sizeClass.chunks.length * sizeClass.slotSize * SLOTS_PER_CHUNK;
    return total;
  }

  /** Bytes held by live values, rounded up to their size class. */
  usedBytes(): number {
    let total = 0;
    for (const sizeClass of this.classes) total += sizeClass.liveSlots * sizeClass.slotSize;
    return total;
  }
}

export function lengthOf(handle: number): number {
  return (lowBits(handle) >>> LENGTH_SHIFT) & LENGTH_MASK;
}

export function tagOf(handle: number): number {
  return lowBits(handle) & TAG_MASK;
}
