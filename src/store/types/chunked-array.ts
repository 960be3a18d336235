// A growable array of JS values kept in fixed-size chunks. While the garbage collector marks,
// a write into an object it has already scanned makes it scan that object again — all of it:
// one array holding a million members is rescanned whole after every write (each ZPOPMIN's),
// and a collection cycle then outlasts the pops it runs beside. In chunks, a write costs the
// rescan of one chunk. (ListValue keeps its elements in chunks for the same reason.)

/** Entries per chunk: small enough to rescan cheaply, large enough to index in one step. */
const CHUNK_BITS = 10;
const CHUNK = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK - 1;

export class ChunkedArray<T> {
  private readonly chunks: T[][] = [];
  private count = 0;

  get length(): number {
    return this.count;
  }

  /** Entry i (i < length). */
  get(i: number): T {
    return this.chunks[i >>> CHUNK_BITS]![i & CHUNK_MASK]!;
  }

  /** Replaces entry i (i < length). */
  set(i: number, value: T): void {
    this.chunks[i >>> CHUNK_BITS]![i & CHUNK_MASK] = value;
  }

  /** Appends an entry; returns its index. */
  push(value: T): number {
    const i = this.count++;
    if ((i & CHUNK_MASK) === 0) this.chunks.push([]);
    this.chunks[i >>> CHUNK_BITS]!.push(value);
    return i;
  }
}
