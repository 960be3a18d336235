// String values live here, not as one Uint8Array object each: bytes are copied into large
// shared chunks cut into fixed-size slots (size classes, like jemalloc's), and the keyspace
// holds only a number that says where. Fewer JS objects per key is what keeps the heap small
// and garbage collection cheap (ARCHITECTURE: "what speed costs here").
//
// A handle is one double-safe integer: slot address, byte length and a 2-bit tag the caller
// owns (the keyspace keeps Redis's string encoding there).

import { latin1, writeLatin1 } from "./latin1.ts";

/** The largest value kept in a slab; longer strings are stored as their own Uint8Array. */
export const SLAB_MAX_LENGTH = 4096;

const SIZE_CLASSES = [
  8, 16, 24, 32, 40, 48, 56, 64, 72, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 448, 512,
  640, 768, 896, 1024, 1280, 1536, 1792, 2048, 2560, 3072, 4096,
] as const;
const CLASS_COUNT = 32; // SIZE_CLASSES.length, a power of two so an address splits cleanly
const SLOTS_PER_CHUNK = 4096;
const LENGTH_RANGE = SLAB_MAX_LENGTH * 2; // 13 bits of length
const TAG_RANGE = 4;

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

  /** A slot's bytes as a latin1 string. */
  latin1(handle: number): string {
    const offset = this.offsetOf(handle);
    return latin1(this.chunkOf(handle), offset, offset + lengthOf(handle));
  }

  private allocate(length: number, tag: number): number {
    const classIndex = classForLength[length]!;
    const slot = this.classes[classIndex]!.allocate();
    return ((slot * CLASS_COUNT + classIndex) * LENGTH_RANGE + length) * TAG_RANGE + tag;
  }

  /**
   * Writes `bytes` (at most SLAB_MAX_LENGTH) over the handle's slot when they fit its size
   * class, as INCR's new digits almost always do, else moves them to a fresh slot. Returns the
   * handle to keep in place of the old one.
   */
  rewrite(handle: number, bytes: Uint8Array, tag: number): number {
    const length = bytes.length;
    const address = Math.floor(handle / (TAG_RANGE * LENGTH_RANGE));
    if (classForLength[length] !== address % CLASS_COUNT) {
      this.free(handle);
      return this.store(bytes, tag);
    }
    const chunk = this.chunkOf(handle);
    const offset = this.offsetOf(handle);
    for (let i = 0; i < length; i++) chunk[offset + i] = bytes[i]!;
    return (address * LENGTH_RANGE + length) * TAG_RANGE + tag;
  }

  free(handle: number): void {
    const address = Math.floor(handle / (TAG_RANGE * LENGTH_RANGE));
    const classIndex = address % CLASS_COUNT;
    const sizeClass = this.classes[classIndex]!;
    sizeClass.freeSlots.push((address - classIndex) / CLASS_COUNT);
    sizeClass.liveSlots--;
  }

  /** The chunk a handle's bytes live in; pair with `offsetOf` and `lengthOf`. */
  chunkOf(handle: number): Uint8Array {
    const address = Math.floor(handle / (TAG_RANGE * LENGTH_RANGE));
    const classIndex = address % CLASS_COUNT;
    const slot = (address - classIndex) / CLASS_COUNT;
    return this.classes[classIndex]!.chunks[Math.floor(slot / SLOTS_PER_CHUNK)]!;
  }

  offsetOf(handle: number): number {
    const address = Math.floor(handle / (TAG_RANGE * LENGTH_RANGE));
    const classIndex = address % CLASS_COUNT;
    const slot = (address - classIndex) / CLASS_COUNT;
    return (slot % SLOTS_PER_CHUNK) * SIZE_CLASSES[classIndex]!;
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
  return Math.floor(handle / TAG_RANGE) % LENGTH_RANGE;
}

export function tagOf(handle: number): number {
  return handle % TAG_RANGE;
}
