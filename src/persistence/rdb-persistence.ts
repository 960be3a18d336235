// RDB persistence as the server runs it (the rdb fields of Redis's redisServer and their
// functions in rdb.c / server.c): SAVE (rdbSave), BGSAVE (rdbSaveBackground, a sliced
// SnapshotJob instead of a fork), the one background job at a time (Redis's single child), save
// points and scheduled saves checked from the cron, stop-writes-on-bgsave-error, the final save
// of a shutdown, and loading `dir`/`dbfilename` at start-up and for DEBUG RELOAD.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Errors } from "../protocol/errors.ts";
import { usedMemoryBytes } from "../server/info.ts";
import type { Server } from "../server/server.ts";
import { checkSnapshot, loadSnapshot } from "./load.ts";
import { RdbError } from "./rdb/format.ts";
import {
  SnapshotError,
  SnapshotJob,
  strerror,
  writeSnapshotSync,
  type SliceOptions,
  type SnapshotFormat,
  type SnapshotTarget,
} from "./snapshot.ts";

/** CONFIG_BGSAVE_RETRY_DELAY: after a failed BGSAVE, save points wait this long before retrying. */
const BGSAVE_RETRY_DELAY_SEC = 5;

/** What the one background job is for: Redis's CHILD_TYPE_RDB or CHILD_TYPE_AOF. */
export type ChildKind = "rdb" | "aof";

export interface Child {
  readonly kind: ChildKind;
  readonly job: SnapshotJob;
}

/** SHUTDOWN's save flags (SHUTDOWN_SAVE / SHUTDOWN_NOSAVE / SHUTDOWN_FORCE). */
export interface ShutdownFlags {
  save?: boolean;
  nosave?: boolean;
  force?: boolean;
}

/** DEBUG RELOAD's options. */
export interface ReloadOptions {
  save: boolean;
  flush: boolean;
  merge: boolean;
}

export class RdbPersistence {
  /** server.lastsave: Unix seconds of the last successful save (the start-up time until then). */
  lastSaveSec: number;
  /** server.lastbgsave_status, INFO's rdb_last_bgsave_status. */
  lastBgsaveOk = true;
  /** server.lastbgsave_try: when the last BGSAVE began, for the retry delay. */
  private lastBgsaveTrySec = 0;
  /** rdb_last_bgsave_time_sec (-1 before the first). */
  lastBgsaveDurationSec = -1;
  /** When the running BGSAVE began (Unix seconds), -1 when none runs. */
  bgsaveStartSec = -1;
  /** stat_rdb_saves: SAVE and BGSAVE commands, and BGSAVEs the cron starts. */
  saves = 0;
  /** rdb_bgsave_scheduled: BGSAVE SCHEDULE (or BGSAVE inside EXEC) waiting for the cron. */
  bgsaveScheduled = false;
  lastLoadKeysLoaded = 0;
  lastLoadKeysExpired = 0;
  /** dirty when the running BGSAVE began: what a successful one takes off dirty. */
  private dirtyBeforeBgsave = 0;
  /** The running BGSAVE's job (the child while it runs; a killed one no longer counts). */
  private bgsaveJob: SnapshotJob | null = null;
  /** The background job, if one runs: a BGSAVE, or the base of an AOF rewrite. */
  child: Child | null = null;
  /** How a background job shares the event loop (tests shrink it to interleave writes). */
  readonly slices: SliceOptions = { keysPerSlice: 2000, sliceMs: 0.5 };

  constructor(private readonly server: Server) {
    this.lastSaveSec = Math.floor(server.startedAtMs / 1000);
  }

  private nowSec(): number {
    return Math.floor(this.server.clock.nowMs() / 1000);
  }

  /** `dir`/`dbfilename`, and the temp file a save writes first (rdbSave's temp-<pid>.rdb). */
  private target(background: boolean): SnapshotTarget {
    const { dir, dbfilename } = this.server.config.values;
    const pid = this.server.env.pid;
    // A background save has its own temp name: an aborted one may still be closing its file
    // while the foreground save that replaced it (FLUSHALL, SHUTDOWN) writes temp-<pid>.rdb.
    return { path: join(dir, dbfilename), tempPath: join(dir, background ? `temp-bgsave-${pid}.rdb` : `temp-${pid}.rdb`) };
  }

  /** rdbcompression, rdbchecksum and the AUX fields of a snapshot made now. */
  format(aofBase: boolean): SnapshotFormat {
    const config = this.server.config.values;
    return {
      compression: config.rdbcompression,
      checksum: config.rdbchecksum,
      aux: { ctimeSec: this.nowSec(), usedMem: usedMemoryBytes(), aofBase },
    };
  }

  // --- saving ----------------------------------------------------------------------------

  /** rdbSave: the dataset to `dir`/`dbfilename` now, in the foreground. Logs and returns false on failure. */
  save(): boolean {
    const server = this.server;
    try {
      writeSnapshotSync(server.keyspace, server.clock, this.target(false), this.format(false));
    } catch (error) {
      server.log.warning(error instanceof SnapshotError ? error.message : `Write error saving DB on disk: ${strerror(error)}`);
      return false;
    }
    server.log.notice("DB saved on disk");
    server.dirty = 0;
    this.lastSaveSec = this.nowSec();
    this.lastBgsaveOk = true;
    return true;
  }

  /**
   * Starts the background job (a snapshot of this moment written in slices to `target`), unless
   * one runs already. The caller learns the outcome from `job.done`; `child` is cleared when the
   * job settles or is aborted.
   */
  startChild(kind: ChildKind, target: SnapshotTarget, format: SnapshotFormat): SnapshotJob | null {
    if (this.child !== null) return null;
    const job = new SnapshotJob(this.server.keyspace, this.server.clock, target, format, this.slices);
    const child: Child = { kind, job };
    this.child = child;
    const settle = (): void => {
      if (this.child === child) this.child = null;
    };
    job.done.then(settle, settle);
    return job;
  }

  /** rdbSaveBackground: false when another background job runs. */
  bgsave(): boolean {
    const server = this.server;
    if (this.child !== null) return false;
    this.saves++;
    this.dirtyBeforeBgsave = server.dirty;
    this.lastBgsaveTrySec = this.nowSec();
    const job = this.startChild("rdb", this.target(true), this.format(false))!;
    this.bgsaveJob = job;
    this.bgsaveStartSec = this.nowSec();
    server.log.notice(`Background saving started by pid ${server.env.pid}`);
    job.done.then(
      () => this.bgsaveDone(job, null),
      (error: unknown) => this.bgsaveDone(job, error),
    );
    return true;
  }

  /** backgroundSaveDoneHandlerDisk, called as soon as the job settles (not aborted). */
  private bgsaveDone(job: SnapshotJob, error: unknown): void {
    if (this.bgsaveJob !== job) return;
    const server = this.server;
    if (error === null) {
      server.log.notice("DB saved on disk");
      server.log.notice("Background saving terminated with success");
      server.dirty -= this.dirtyBeforeBgsave;
      this.lastSaveSec = this.nowSec();
      this.lastBgsaveOk = true;
    } else {
      server.log.warning(error instanceof Error ? error.message : String(error));
      server.log.warning("Background saving error");
      this.lastBgsaveOk = false;
    }
    this.bgsaveEnded();
  }

  private bgsaveEnded(): void {
    this.bgsaveJob = null;
    this.lastBgsaveDurationSec = this.nowSec() - this.bgsaveStartSec;
    this.bgsaveStartSec = -1;
  }

  /**
   * killRDBChild (FLUSHALL, SHUTDOWN): a running BGSAVE stops and its temp file goes. Redis
   * kills the child with SIGUSR1, which leaves rdb_last_bgsave_status as it was.
   */
  killBgsave(): void {
    const child = this.child;
    if (child === null || child.kind !== "rdb") return;
    child.job.abort();
    this.child = null;
    this.server.log.warning("Background saving terminated by signal 10");
    this.bgsaveEnded();
  }

  /** The background job that is a BGSAVE, if one runs. */
  get bgsaveInProgress(): boolean {
    return this.child?.kind === "rdb";
  }

  /**
   * serverCron's part: with no background job running, a save point whose changes and seconds
   * have both passed starts a BGSAVE (after a failure, only once the retry delay is over), then
   * a scheduled BGSAVE gets its turn.
   */
  cron(): void {
    if (this.child !== null) return;
    const server = this.server;
    const nowSec = this.nowSec();
    const mayRetry = this.lastBgsaveOk || nowSec - this.lastBgsaveTrySec > BGSAVE_RETRY_DELAY_SEC;
    for (const point of server.config.values.save) {
      if (server.dirty >= point.changes && nowSec - this.lastSaveSec > point.seconds && mayRetry) {
        server.log.notice(`${point.changes} changes in ${point.seconds} seconds. Saving...`);
        this.bgsave();
        break;
      }
    }
    if (this.child === null && this.bgsaveScheduled && mayRetry && this.bgsave()) this.bgsaveScheduled = false;
  }

  /** writeCommandsDeniedByDiskError for RDB: a failed BGSAVE stops writes while save points exist. */
  writesDenied(): boolean {
    const config = this.server.config.values;
    return !this.lastBgsaveOk && config["stop-writes-on-bgsave-error"] && config.save.length > 0;
  }

  /**
   * finishShutdown's RDB part: a running BGSAVE is killed, then the final save runs when save
   * points exist (unless NOSAVE) or SAVE asks. Returns false when the save failed and FORCE was
   * not given: the server must keep running.
   */
  prepareShutdown(flags: ShutdownFlags): boolean {
    const log = this.server.log;
    if (this.bgsaveInProgress) {
      log.warning("There is a child saving an .rdb. Killing it!");
      this.killBgsave();
    }
    if (!((this.server.config.values.save.length > 0 && !flags.nosave) || flags.save)) return true;
    log.notice("Saving the final RDB snapshot before exiting.");
    if (this.save()) return true;
    if (flags.force) {
      log.warning("Error trying to save the DB. Exit anyway.");
      return true;
    }
    log.warning("Error trying to save the DB, can't exit.");
    return false;
  }

  // --- loading ---------------------------------------------------------------------------

  /**
   * loadDataFromDisk: `dir`/`dbfilename` into the empty keyspace before the server listens. No
   * file is no data; a file that cannot be read or loaded whole stops the start (main.ts exits 1).
   */
  loadAtStartup(): void {
    const server = this.server;
    const path = this.target(false).path;
    // Timed from before the read, as loadDataFromDisk times rdbLoad (which reads the file itself).
    const startMs = server.clock.monotonicMs();
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(path);
    } catch (error) {
      if ((error as { code?: unknown }).code === "ENOENT") return;
      throw new Error(`Fatal error loading the DB: ${strerror(error)}. Exiting.`);
    }
    try {
      this.load(bytes, false);
    } catch (error) {
      if (!(error instanceof RdbError)) throw error;
      server.log.warning(`Internal error in RDB reading file ${path}: ${error.message}`);
      throw new Error("Terminating server after rdb file reading failure.");
    }
    server.log.notice(`DB loaded from disk: ${((server.clock.monotonicMs() - startMs) / 1000).toFixed(3)} seconds`);
  }

  /**
   * rdbLoad: a snapshot into the keyspace, with the log lines Redis writes. Throws an RdbError,
   * with the dataset as it was: a flush or a merge (which replaces keys) waits until the whole
   * file has been checked; a plain load takes its keys out again if it fails.
   */
  private load(bytes: Uint8Array, merge: boolean, flushFirst?: () => void): void {
    const server = this.server;
    const config = server.config.values;
    if (flushFirst !== undefined || merge) checkSnapshot(config, bytes);
    flushFirst?.();
    const nowMs = server.clock.nowMs();
    const outcome = loadSnapshot(server.keyspace, config, bytes, { expireBeforeMs: nowMs, nowMs, merge });
    this.logFileFacts(outcome.aux);
    this.lastLoadKeysLoaded = outcome.loaded;
    this.lastLoadKeysExpired = outcome.expired;
    server.log.notice(`Done loading RDB, keys loaded: ${outcome.loaded}, keys expired: ${outcome.expired}.`);
  }

  /** rdbLoadRio's notes on the AUX fields it meets. */
  private logFileFacts(aux: ReadonlyMap<string, string>): void {
    const log = this.server.log;
    const version = aux.get("redis-ver");
    if (version !== undefined) log.notice(`Loading RDB produced by version ${version}`);
    const ctime = aux.get("ctime");
    if (ctime !== undefined) log.notice(`RDB age ${this.nowSec() - Number(ctime)} seconds`);
    const usedMem = aux.get("used-mem");
    if (usedMem !== undefined) log.notice(`RDB memory usage when created ${(Number(usedMem) / 1024 / 1024).toFixed(2)} Mb`);
  }

  /**
   * DEBUG RELOAD: save (unless NOSAVE), empty every db (unless NOFLUSH), load the file back
   * (MERGE: its keys replace those present). Returns the error to reply, or null. The file is
   * read and checked before anything is flushed: a bad file leaves the dataset as it was
   * (Redis would exit).
   */
  reload(options: ReloadOptions, flushAll: () => void): string | null {
    const server = this.server;
    if (options.save && !this.save()) return Errors.plainErr;
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(this.target(false).path);
    } catch (error) {
      server.log.warning(`Error trying to load the RDB dump: ${strerror(error)}`);
      return Errors.rdbLoadFailed;
    }
    try {
      this.load(bytes, options.merge, options.flush ? flushAll : undefined);
    } catch (error) {
      if (!(error instanceof RdbError)) throw error;
      server.log.warning(`Error trying to load the RDB dump: ${error.message}`);
      return Errors.rdbLoadFailed;
    }
    server.log.warning("DB reloaded by DEBUG RELOAD");
    return null;
  }
}
