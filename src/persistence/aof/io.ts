// The file operations the AOF makes, behind one small interface so a test can count fsyncs or
// fail a write without a full disk. Redis's redis_fsync is fdatasync on Linux: the data and
// the size, not the timestamps.

import { closeSync, fdatasync, fdatasyncSync, fsyncSync, openSync, writeSync } from "node:fs";
import { dirname } from "node:path";

export interface AofIo {
  /** write(2): how many bytes the kernel took. Throws on error. */
  write(fd: number, bytes: Uint8Array, offset: number, length: number): number;
  /** redis_fsync on the calling thread (appendfsync always, rewrites, shutdown). */
  fsync(fd: number): void;
  /** aof_background_fsync (appendfsync everysec): off the event loop, `done` when finished. */
  fsyncInBackground(fd: number, done: (error: Error | null) => void): void;
  /** fsyncFileDir: makes a new or renamed entry in the directory of `path` durable. */
  syncDirectoryOf(path: string): void;
}

export const nodeAofIo: AofIo = {
  write: (fd, bytes, offset, length) => writeSync(fd, bytes, offset, length),
  fsync: (fd) => fdatasyncSync(fd),
  fsyncInBackground: (fd, done) => fdatasync(fd, done),
  syncDirectoryOf(path) {
    const fd = openSync(dirname(path), "r");
    try {
      // A directory entry is metadata: fdatasync is not enough for it everywhere.
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  },
};

/** Writes all of `bytes`, however many write(2) calls it takes. */
export function writeFully(io: AofIo, fd: number, bytes: Uint8Array): void {
  let at = 0;
  while (at < bytes.length) at += io.write(fd, bytes, at, bytes.length - at);
}
