// Point-in-time RDB snapshots of the keyspace, made durable as rdbSave does: written to a temp
// file in `dir`, fsynced, renamed over the target, then the directory fsynced. SAVE and SYNC write
// one in a single pass (writeSnapshotChunks, into a file or a reply); BGSAVE and the AOF base
// (SnapshotJob) write slices between event-loop turns and stay point-in-time without fork: the
// keyspace tells the job before a key changes, and a key not reached yet is written (or set aside) first.

import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { open, unlink } from "node:fs/promises";
import { basename, dirname } from "node:path";
import type { Clock } from "../store/clock.ts";
import type { Database, Keyspace, WriteObserver } from "../store/keyspace.ts";
import { RdbWriter, type RdbAux, type RdbWriterOptions } from "./rdb/writer.ts";
import { savedForm } from "./values.ts";

/** Where a snapshot goes: written to `tempPath` (in the same directory), renamed over `path`. */
export interface SnapshotTarget {
  path: string;
  tempPath: string;
}

/** How a snapshot is written: rdbcompression, rdbchecksum and the AUX fields. */
export interface SnapshotFormat extends RdbWriterOptions {
  aux: RdbAux;
}

/** A save that failed, with the log line Redis writes for that failure. */
export class SnapshotError extends Error {
  override readonly name = "SnapshotError";
}

/** One db the snapshot covers, as it was when the snapshot began. */
interface DbProgress {
  /** The db's number at the start (a later SWAPDB moves the object, not what the file says). */
  readonly index: number;
  readonly db: Database;
  /** 1 for each slot whose key the snapshot has not written yet. */
  readonly pending: Uint8Array;
  /** RESIZEDB's hint: keys and keys with a TTL at the start. */
  readonly keys: number;
  readonly expires: number;
  /** Keys of this db written before its turn (changed early), appended when its section opens. */
  aside: RdbWriter | null;
  /** Flushed while still needed: no longer in the keyspace, freed once written. */
  detached: boolean;
}

/**
 * The image itself: walks each db's slots in order and encodes the keys that existed when it was
 * created. As the keyspace's WriteObserver it writes a key out of turn just before the key
 * changes, so every key lands in the file exactly once, as it was at the start.
 */
class SnapshotImage implements WriteObserver {
  private readonly writer: RdbWriter;
  private readonly dbs: DbProgress[] = [];
  private readonly byDb = new Map<Database, DbProgress>();
  /** The db being written (index into `dbs`), the next slot, and whether its SELECTDB is out. */
  private current = 0;
  private cursor = 0;
  private sectionOpen = false;
  readonly keysTotal: number;
  keysWritten = 0;

  /** `withData` false: the header and trailer only (SYNC after REPLCONF rdb-filter-only). */
  constructor(
    private readonly keyspace: Keyspace,
    private readonly format: SnapshotFormat,
    withData = true,
  ) {
    this.writer = new RdbWriter(format);
    this.writer.begin(format.aux);
    let total = 0;
    for (const db of withData ? keyspace.dbs : []) {
      // rdbSaveDb skips empty dbs: no SELECTDB for them.
      if (db.size === 0) continue;
      const progress: DbProgress = {
        index: db.id,
        db,
        pending: db.liveSlots(),
        keys: db.size,
        expires: db.volatileCount,
        aside: null,
        detached: false,
      };
      this.dbs.push(progress);
      this.byDb.set(db, progress);
      total += db.size;
    }
    this.keysTotal = total;
  }

  get pendingBytes(): number {
    return this.writer.pendingBytes;
  }

  beforeWrite(db: Database, slot: number): void {
    const progress = this.byDb.get(db);
    if (progress === undefined || progress.pending[slot] !== 1) return;
    if (progress === this.dbs[this.current] && this.sectionOpen) this.writeKey(this.writer, progress, slot);
    else this.writeKey((progress.aside ??= new RdbWriter(this.format)), progress, slot);
  }

  takeOver(db: Database): boolean {
    const progress = this.byDb.get(db);
    if (progress === undefined) return false;
    progress.detached = true;
    return true;
  }

  /**
   * Writes keys until `maxKeys` are written or the monotonic clock passes `deadlineMs` (looked
   * at every 64 keys). Returns true once the whole image, EOF and checksum included, is written.
   */
  step(maxKeys: number, clock: Clock, deadlineMs: number): boolean {
    let written = 0;
    while (this.current < this.dbs.length) {
      const progress = this.dbs[this.current]!;
      if (!this.sectionOpen) {
        this.writer.selectDb(progress.index, progress.keys, progress.expires);
        if (progress.aside !== null) this.writer.raw(progress.aside.take());
        progress.aside = null;
        this.sectionOpen = true;
      }
      const pending = progress.pending;
      while (this.cursor < pending.length) {
        const slot = this.cursor++;
        if (pending[slot] !== 1) continue;
        this.writeKey(this.writer, progress, slot);
        written++;
        if (written >= maxKeys || ((written & 63) === 0 && clock.monotonicMs() >= deadlineMs)) return false;
      }
      this.finishDb(progress);
      this.current++;
      this.cursor = 0;
      this.sectionOpen = false;
    }
    this.writer.end();
    return true;
  }

  /** The bytes written since the last call. */
  take(): Uint8Array {
    return this.writer.take();
  }

  /** Gives up: frees what flushes handed over. */
  discard(): void {
    for (const progress of this.dbs.slice(this.current)) this.finishDb(progress);
  }

  private finishDb(progress: DbProgress): void {
    this.byDb.delete(progress.db);
    // A flushed db's slab memory was kept for the snapshot; it goes now, as FLUSHDB would free it.
    if (progress.detached) progress.db.clear();
  }

  /** rdbSaveKeyValuePair for one slot still pending. */
  private writeKey(writer: RdbWriter, progress: DbProgress, slot: number): void {
    progress.pending[slot] = 0;
    const db = progress.db;
    const deadline = db.expiresAtMs[slot]!;
    writer.record(db.keyAt(slot)!, savedForm(this.keyspace, db.storedAt(slot)), deadline === 0 ? null : deadline);
    this.keysWritten++;
  }
}

/** strerror's words for what the file system reports, as Redis logs them. */
const STRERROR: Readonly<Record<string, string>> = {
  ENOENT: "No such file or directory",
  EACCES: "Permission denied",
  EPERM: "Operation not permitted",
  EISDIR: "Is a directory",
  ENOTDIR: "Not a directory",
  ENOSPC: "No space left on device",
  EDQUOT: "Disk quota exceeded",
  EROFS: "Read-only file system",
  EIO: "Input/output error",
  ENOTEMPTY: "Directory not empty",
  EBUSY: "Device or resource busy",
  EXDEV: "Invalid cross-device link",
};

/** The strerror(errno) text of a file system error. */
export function strerror(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && STRERROR[code] !== undefined) return STRERROR[code];
  return error instanceof Error ? error.message : String(error);
}

function openFailed(target: SnapshotTarget, error: unknown): SnapshotError {
  return new SnapshotError(
    `Failed opening the temp RDB file ${basename(target.tempPath)} (in server root dir ${dirname(target.tempPath)}) for saving: ${strerror(error)}`,
  );
}

function renameFailed(target: SnapshotTarget, error: unknown): SnapshotError {
  return new SnapshotError(
    `Error moving temp DB file ${basename(target.tempPath)} on the final destination ${basename(target.path)} (in server root dir ${dirname(target.path)}): ${strerror(error)}`,
  );
}

function writeFailed(error: unknown): SnapshotError {
  return new SnapshotError(`Write error saving DB on disk: ${strerror(error)}`);
}

/** The rename is durable once the directory entry is on disk. */
function fsyncDirectorySync(path: string): void {
  const fd = openSync(dirname(path), "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}

/** rdbSave: the whole keyspace as it is now, durably in `target.path`. Throws a SnapshotError. */
export function writeSnapshotSync(keyspace: Keyspace, clock: Clock, target: SnapshotTarget, format: SnapshotFormat): void {
  let fd: number;
  try {
    fd = openSync(target.tempPath, "w");
  } catch (error) {
    throw openFailed(target, error);
  }
  try {
    writeSnapshotChunks(keyspace, clock, format, true, (chunk) => writeAll(fd, chunk));
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkQuietly(target.tempPath);
    throw writeFailed(error);
  }
  closeSync(fd);
  try {
    renameSync(target.tempPath, target.path);
  } catch (error) {
    unlinkQuietly(target.tempPath);
    throw renameFailed(target, error);
  }
  fsyncDirectorySync(target.path);
}

/** Keys per chunk of a one-pass snapshot: bounded memory for the pending bytes. */
const SYNC_CHUNK_KEYS = 4096;

/**
 * rdbSaveRio in one pass: the whole image, chunk by chunk (each one the caller's to keep), into
 * `sink` — a file for SAVE, the reply for SYNC. Nothing runs in between, so the image is
 * point-in-time without watching writes. `withData` false leaves the keys out.
 */
export function writeSnapshotChunks(
  keyspace: Keyspace,
  clock: Clock,
  format: SnapshotFormat,
  withData: boolean,
  sink: (chunk: Uint8Array) => void,
): void {
  const image = new SnapshotImage(keyspace, format, withData);
  let finished = false;
  while (!finished) {
    finished = image.step(SYNC_CHUNK_KEYS, clock, Infinity);
    sink(image.take());
  }
}

function writeAll(fd: number, chunk: Uint8Array): void {
  let offset = 0;
  while (offset < chunk.length) offset += writeSync(fd, chunk, offset, chunk.length - offset);
}

/** How a background snapshot shares the event loop. */
export interface SliceOptions {
  /** At most this many keys per slice. */
  keysPerSlice: number;
  /** And at most about this long (monotonic ms) per slice. */
  sliceMs: number;
}

/**
 * A background snapshot (BGSAVE, the AOF base): the image is of the moment it is created; the
 * file is written a slice per event-loop turn, then fsynced and renamed. `done` resolves when
 * the file is in place and rejects with a SnapshotError; `abort` (FLUSHALL, SHUTDOWN) stops it
 * and removes the temp file, and `done` then rejects too.
 */
export class SnapshotJob {
  readonly done: Promise<void>;
  private readonly image: SnapshotImage;
  private aborted = false;

  constructor(
    private readonly keyspace: Keyspace,
    private readonly clock: Clock,
    readonly target: SnapshotTarget,
    format: SnapshotFormat,
    private readonly slices: SliceOptions,
  ) {
    if (keyspace.observer !== null) throw new Error("a background snapshot is already running");
    this.image = new SnapshotImage(keyspace, format);
    keyspace.observer = this.image;
    this.done = this.run();
    // The owner learns the outcome through `done`; an abort's rejection needs no other handler.
    this.done.catch(() => undefined);
  }

  /** current_save_keys_processed / current_save_keys_total. */
  get keysWritten(): number {
    return this.image.keysWritten;
  }

  get keysTotal(): number {
    return this.image.keysTotal;
  }

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.stopObserving();
  }

  private stopObserving(): void {
    if (this.keyspace.observer !== this.image) return;
    this.keyspace.observer = null;
    this.image.discard();
  }

  private async run(): Promise<void> {
    const { target } = this;
    let file;
    try {
      file = await open(target.tempPath, "w");
    } catch (error) {
      this.stopObserving();
      throw openFailed(target, error);
    }
    try {
      let finished = false;
      while (!finished) {
        await nextTurn();
        if (this.aborted) throw new SnapshotError("Background saving aborted");
        finished = this.image.step(this.slices.keysPerSlice, this.clock, this.clock.monotonicMs() + this.slices.sliceMs);
        // Every key is encoded once the last step ends: later writes no longer concern the image.
        if (finished) this.stopObserving();
        const chunk = this.image.take();
        if (chunk.length > 0) await file.write(chunk);
      }
      await file.sync();
    } catch (error) {
      this.stopObserving();
      await file.close().catch(() => undefined);
      await unlink(target.tempPath).catch(() => undefined);
      throw error instanceof SnapshotError ? error : writeFailed(error);
    }
    await file.close();
    // Checked right before the rename: an aborted job must not replace the file a later
    // foreground save (FLUSHALL, SHUTDOWN) is about to write.
    if (this.aborted) {
      await unlink(target.tempPath).catch(() => undefined);
      throw new SnapshotError("Background saving aborted");
    }
    try {
      renameSync(target.tempPath, target.path);
    } catch (error) {
      await unlink(target.tempPath).catch(() => undefined);
      throw renameFailed(target, error);
    }
    await fsyncDirectory(target.path);
  }
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

async function fsyncDirectory(path: string): Promise<void> {
  const dir = await open(dirname(path), "r");
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
