// The append-only file while the server runs (Redis 7.0 aof.c): propagated commands go to a
// buffer (aof_buf, with a SELECT when the db changes) that is written to the current incr file
// before the replies go out, and fsynced as appendfsync says. Start-up loads the manifest's
// files (or migrates a legacy appendonly.aof); BGREWRITEAOF and CONFIG SET appendonly yes
// write a new base while writes go to a new incr file, then switch the manifest atomically.

import { closeSync, constants, existsSync, ftruncateSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import type { PropagatedArgv, PropagationTarget } from "../../server/propagate.ts";
import type { Server } from "../../server/server.ts";
import { CommandBuffer } from "./command-buffer.ts";
import { nodeAofIo, writeFully, type AofIo } from "./io.ts";
import { AofLoadError, loadAppendOnlyFiles } from "./loader.ts";
import {
  type AofManifest,
  cloneManifest,
  emptyManifest,
  formatManifest,
  manifestName,
  markIncrAsHistory,
  nextBase,
  nextIncr,
  parseManifest,
  ManifestError,
  tempIncrName,
  tempRewriteName,
} from "./manifest.ts";
import { writeBaseSync } from "./rewrite.ts";
import { strerror, type SnapshotJob } from "../snapshot.ts";
import { aofWriteMisconf } from "../../protocol/errors.ts";

/** AOF_OFF, AOF_ON, AOF_WAIT_REWRITE (turned on, its first base not written yet). */
export type AofState = "off" | "on" | "wait-rewrite";

/** What BGREWRITEAOF can answer. */
export type RewriteRequest = "started" | "scheduled" | "in-progress" | "failed";

interface RewriteJob {
  readonly startedMs: number;
  readonly tempPath: string;
  /** Where the new base is written (named before the manifest lists it). */
  readonly basePath: string;
  readonly rdbFormat: boolean;
  /** The background snapshot writing an RDB base (a command base is written at once). */
  readonly snapshot: SnapshotJob | null;
  /** stopAppendOnly / killAppendOnlyChild: the result is thrown away. */
  cancelled: boolean;
}

const NEW_INCR_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_APPEND;

/** An fsync in the background is due at most this often (appendfsync everysec). */
const EVERYSEC_MS = 1000;

export class AppendOnlyFile implements PropagationTarget {
  state: AofState = "off";
  /** File operations (tests count fsyncs through their own). */
  io: AofIo = nodeAofIo;
  manifest: AofManifest = emptyManifest();
  /** aof_current_size: the base plus every incr file. */
  currentSize = 0;
  /** aof_rewrite_base_size: the size after the last rewrite (auto-aof-rewrite-percentage's base). */
  baseSize = 0;
  /** aof_last_write_status and the error behind it. */
  lastWriteError: string | null = null;
  rewriteScheduled = false;
  rewrites = 0;
  rewriteFailures = 0;
  lastRewriteOk = true;
  lastRewriteTimeSec = -1;
  /** Resolved whenever a rewrite ends (tests and DEBUG wait on it). */
  rewriteEnded: Promise<void> = Promise.resolve();
  private endRewrite: () => void = () => {};
  private fd = -1;
  private readonly buffer = new CommandBuffer();
  /** aof_selected_db: -1 forces a SELECT before the next command. */
  private selectedDb = -1;
  /** aof_last_incr_size: bytes in the incr file being appended to. */
  private incrSize = 0;
  /** aof_fsync_offset: currentSize when the last fsync began. */
  private fsyncedSize = 0;
  private lastFsyncMs = 0;
  private fsyncInFlight = false;
  /** aof_cur_timestamp: the second of the last #TS annotation. */
  private timestampSec = 0;
  /** appendfsync always: replies wait for the fsync at the end of this event-loop turn. */
  private holdingReplies = false;
  private rewrite: RewriteJob | null = null;

  constructor(private readonly server: Server) {}

  private get config() {
    return this.server.config.values;
  }

  private get dirPath(): string {
    return join(this.config.dir, this.config.appenddirname);
  }

  private path(name: string): string {
    return join(this.dirPath, name);
  }

  get rewriteInProgress(): boolean {
    return this.rewrite !== null;
  }

  // --- start-up ------------------------------------------------------------------------------

  /**
   * loadDataFromDisk's AOF half and aofOpenIfNeededOnServerStart. The manifest is read even
   * with appendonly no (a later CONFIG SET continues its numbering). Returns whether the AOF
   * is on (then it, not the RDB, holds the dataset). Throws AofLoadError when it cannot load.
   */
  startUp(): boolean {
    // updateAppendonly: CONFIG SET appendonly turns it on (a rewrite first) or off.
    this.server.config.onChange("appendonly", (config) => {
      if (config.appendonly && this.state === "off" && !this.start()) return { error: "Unable to turn on AOF. Check server logs." };
      if (!config.appendonly && this.state !== "off") this.stop();
    });
    this.manifest = this.readManifest();
    if (!this.config.appendonly) return false;
    this.migrateLegacyFile();
    const startedMs = this.server.clock.monotonicMs();
    const loaded = loadAppendOnlyFiles(this.server, this.dirPath, this.manifest, this.config.appendfilename);
    if (loaded !== null) {
      this.server.log.notice(`DB loaded from append only file: ${((this.server.clock.monotonicMs() - startedMs) / 1000).toFixed(3)} seconds`);
      this.currentSize = loaded.totalBytes;
      this.baseSize = loaded.baseBytes;
    }
    this.openOnStart();
    return true;
  }

  /** aofLoadManifestFromDisk: no directory or no manifest is an empty one. */
  private readManifest(): AofManifest {
    const path = this.path(manifestName(this.config.appendfilename));
    if (!existsSync(path)) return emptyManifest();
    try {
      return parseManifest(readFileSync(path, "latin1"));
    } catch (error) {
      if (!(error instanceof ManifestError)) throw error;
      this.server.log.warning(error.message);
      throw new AofLoadError(`Bad AOF manifest ${path}: ${error.message}`);
    }
  }

  /**
   * aofUpgradePrepare: a Redis < 7 `appendonly.aof` in `dir` moves into the AOF directory as
   * the base of a new manifest — when there is no directory, no manifest, or one naming only
   * that file as its base while it is not there yet.
   */
  private migrateLegacyFile(): void {
    const name = this.config.appendfilename;
    const legacyPath = join(this.config.dir, name);
    if (!existsSync(legacyPath)) return;
    const { base, incr } = this.manifest;
    const noManifest = base === null && incr.length === 0;
    const onlyLegacyBase = base !== null && incr.length === 0 && base.name === name && !existsSync(this.path(name));
    if (existsSync(this.dirPath) && !noManifest && !onlyLegacyBase) return;
    this.createDirectory();
    this.manifest.base = { name, seq: 1, type: "b" };
    this.manifest.baseSeq = 1;
    this.persistManifest(this.manifest);
    renameSync(legacyPath, this.path(name));
    this.server.log.notice(`Successfully migrated an old-style AOF into the AOF directory ${this.config.appenddirname}.`);
  }

  /** aofOpenIfNeededOnServerStart: a base for an empty dataset, then the last incr file opened. */
  private openOnStart(): void {
    this.createDirectory();
    const manifest = this.manifest;
    if (manifest.base === null && manifest.incr.length === 0) {
      const rdbFormat = this.config["aof-use-rdb-preamble"];
      const baseName = nextBase(manifest, this.config.appendfilename, rdbFormat);
      const tempPath = this.path(`temp-rewriteaof-${this.server.env.pid}.aof`);
      writeBaseSync(this.server, this.io, { path: this.path(baseName), tempPath }, rdbFormat);
      this.server.log.notice(`Creating AOF base file ${baseName} on server start`);
      this.baseSize = this.currentSize = statSync(this.path(baseName)).size;
    }
    const reuse = manifest.incr.length > 0;
    const incrName = reuse ? manifest.incr[manifest.incr.length - 1]!.name : nextIncr(manifest, this.config.appendfilename);
    this.fd = openSync(this.path(incrName), "a", 0o644);
    this.persistManifest(manifest);
    this.deleteHistory();
    this.incrSize = statSync(this.path(incrName)).size;
    if (!reuse) this.currentSize += this.incrSize;
    this.fsyncedSize = this.currentSize;
    this.lastFsyncMs = this.server.clock.monotonicMs();
    this.server.log.notice(`${reuse ? "Opening" : "Creating"} AOF incr file ${incrName} on server start`);
    this.state = "on";
    this.server.propagation.addTarget(this);
  }

  // --- appending -----------------------------------------------------------------------------

  /** feedAppendOnlyFile: a propagated command, after a SELECT if its db is not the last one's. */
  feed(dbIndex: number, argv: PropagatedArgv): void {
    const buffer = this.buffer;
    if (this.config["aof-timestamp-enabled"]) {
      const nowSec = Math.floor(this.server.clock.nowMs() / 1000);
      if (nowSec > this.timestampSec) {
        this.timestampSec = nowSec;
        buffer.line(`#TS:${nowSec}`);
      }
    }
    if (dbIndex !== this.selectedDb) {
      buffer.command(["SELECT", String(dbIndex)]);
      this.selectedDb = dbIndex;
    }
    buffer.command(argv);
    // Turned on and waiting for a base that has not started: the base will hold this write.
    if (this.state === "wait-rewrite" && this.rewrite === null) buffer.clear();
  }

  /**
   * beforeSleep's flushAppendOnlyFile, before any reply is sent. Under appendfsync always the
   * replies of this event-loop turn wait for one write + fsync at its end (returns false: the
   * server flushes its clients again once that is done); otherwise the buffer is written now.
   */
  flushBeforeReplies(): boolean {
    if (this.buffer.length > 0 && this.config.appendfsync === "always" && this.fd !== -1) {
      if (!this.holdingReplies) {
        this.holdingReplies = true;
        setImmediate(() => {
          this.holdingReplies = false;
          this.flush();
          this.server.flushPending();
        });
      }
      return false;
    }
    this.flush();
    return true;
  }

  /** Bytes of propagated commands not written to the file yet (aof_buf). */
  get bufferedBytes(): number {
    return this.buffer.length;
  }

  /** writeCommandsDeniedByDiskError's AOF part: the MISCONF error writes get, or null. */
  writeError(): string | null {
    return this.state !== "off" && this.lastWriteError !== null ? aofWriteMisconf(this.lastWriteError) : null;
  }

  /** Replies are waiting for this turn's fsync (a socket drain must not send them early). */
  get repliesOnHold(): boolean {
    return this.holdingReplies;
  }

  /**
   * flushAppendOnlyFile: write the buffer to the incr file, then fsync as the policy says —
   * always: now; everysec: in the background when the last one is a second old and done.
   */
  flush(): void {
    if (this.fd === -1) return;
    if (this.buffer.length > 0) {
      if (!this.writeBuffer()) return;
    } else if (this.fsyncedSize === this.currentSize) {
      return;
    }
    // hasActiveChildProcess(): a BGSAVE or a rewrite is writing a lot already.
    if (this.config["no-appendfsync-on-rewrite"] && (this.rewrite !== null || this.server.rdb.child !== null)) return;
    const policy = this.config.appendfsync;
    const nowMs = this.server.clock.monotonicMs();
    if (policy === "always") {
      this.io.fsync(this.fd);
      this.fsyncedSize = this.currentSize;
      this.lastFsyncMs = nowMs;
    } else if (policy === "everysec" && !this.fsyncInFlight && nowMs - this.lastFsyncMs >= EVERYSEC_MS) {
      this.fsyncInFlight = true;
      this.fsyncedSize = this.currentSize;
      this.lastFsyncMs = nowMs;
      this.io.fsyncInBackground(this.fd, (error) => {
        this.fsyncInFlight = false;
        // aof_bio_fsync_status: a failed background fsync stops writes as a failed write does.
        if (error !== null) {
          this.lastWriteError = strerror(error);
          this.server.log.warning(`Error trying to fsync the AOF file in the background: ${this.lastWriteError}`);
        }
      });
    }
  }

  /**
   * The write(2) half of flushAppendOnlyFile. A failed write leaves the buffer for the next
   * try (aof_last_write_status err); under appendfsync always Redis cannot go on and exits.
   */
  private writeBuffer(): boolean {
    const bytes = this.buffer.bytes;
    try {
      writeFully(this.io, this.fd, bytes);
    } catch (error) {
      const reason = strerror(error);
      this.server.log.warning(`Error writing to the AOF file: ${reason}`);
      this.lastWriteError = reason;
      // A partial write is cut off again (ftruncate), so the retry does not append it twice.
      try {
        ftruncateSync(this.fd, this.incrSize);
      } catch {
        this.server.log.warning("Could not remove short write from the append-only file.");
      }
      if (this.config.appendfsync === "always") this.failStop();
      return false;
    }
    if (this.lastWriteError !== null) {
      this.server.log.warning("AOF write error looks solved, Redis can write again.");
      this.lastWriteError = null;
    }
    this.incrSize += bytes.length;
    this.currentSize += bytes.length;
    this.buffer.clear();
    return true;
  }

  /**
   * Under appendfsync always a write that cannot reach the AOF must never be acknowledged:
   * Redis exits. The replies waiting for it are dropped and the server shuts down with 1.
   */
  private failStop(): void {
    this.server.log.warning("Can't recover from AOF write error when the AOF fsync policy is 'always'. Exiting...");
    for (const client of this.server.clients.values()) client.reply.discardFrom(client.reply.sent);
    closeSync(this.fd);
    this.fd = -1;
    this.server.shutdown({ nosave: true, force: true }, 1);
  }

  // --- turning it on and off -----------------------------------------------------------------

  /**
   * startAppendOnly (CONFIG SET appendonly yes): writes go to a temporary incr file while the
   * first base is written, then both are renamed into the manifest. Returns false when no
   * rewrite could start.
   */
  start(): boolean {
    this.state = "wait-rewrite";
    this.server.propagation.addTarget(this);
    if (this.mustScheduleRewrite()) {
      this.rewriteScheduled = true;
      this.server.log.notice("AOF was enabled during a transaction. An AOF background was scheduled to start when possible.");
    } else {
      if (this.rewrite !== null) {
        this.server.log.notice(
          "AOF was enabled but there is already an AOF rewriting in background. Stopping background AOF and starting a rewrite now.",
        );
        this.cancelRewrite();
      }
      if (this.rewriteInBackground() !== "started") {
        this.stop();
        this.server.log.warning(
          "Redis needs to enable the AOF but can't trigger a background AOF rewrite operation. Check the above logs for more info about the error.",
        );
        return false;
      }
    }
    this.lastFsyncMs = this.server.clock.monotonicMs();
    return true;
  }

  /** stopAppendOnly (CONFIG SET appendonly no): flushed, fsynced, closed; a rewrite is dropped. */
  stop(): void {
    if (this.fd !== -1) {
      this.flush();
      try {
        this.io.fsync(this.fd);
      } catch (error) {
        this.server.log.warning(`Fail to fsync the AOF file: ${String(error)}`);
      }
      closeSync(this.fd);
      this.fd = -1;
    }
    this.buffer.clear();
    this.selectedDb = -1;
    this.state = "off";
    this.rewriteScheduled = false;
    this.incrSize = 0;
    this.cancelRewrite();
    this.server.propagation.removeTarget(this);
  }

  /** prepareForShutdown: a rewrite is dropped; everything written and fsynced (the server may yet stay up). */
  shutdown(): void {
    if (this.rewrite !== null) {
      this.server.log.warning("There is a child rewriting the AOF. Killing it!");
      this.cancelRewrite();
    }
    if (this.fd === -1) return;
    this.server.log.notice("Calling fsync() on the AOF file.");
    this.flush();
    this.io.fsync(this.fd);
  }

  /** The server is gone: the file is closed (an embedded server must not leak it). */
  close(): void {
    if (this.fd !== -1) closeSync(this.fd);
    this.fd = -1;
    this.server.propagation.removeTarget(this);
  }

  // --- rewriting -----------------------------------------------------------------------------

  /** bgrewriteaofCommand. */
  requestRewrite(): RewriteRequest {
    if (this.rewrite !== null) return "in-progress";
    if (this.mustScheduleRewrite()) {
      this.rewriteScheduled = true;
      this.rewriteFailures = 0;
      return "scheduled";
    }
    return this.rewriteInBackground();
  }

  /** hasActiveChildProcess() || server.in_exec: the rewrite must wait for the cron. */
  private mustScheduleRewrite(): boolean {
    return this.server.rdb.child !== null || this.server.propagation.nested;
  }

  /**
   * rewriteAppendOnlyFileBackground: what was buffered goes to the current incr file, a new
   * incr file takes the writes from now on (and the manifest lists it at once, so a crash
   * mid-rewrite loses nothing), and the base is written as the dataset is now: an RDB base by
   * the background snapshot job (point-in-time, in slices), a command base at once.
   */
  private rewriteInBackground(): RewriteRequest {
    try {
      this.createDirectory();
    } catch (error) {
      this.server.log.warning(`Can't open or create append-only dir ${this.config.appenddirname}: ${String(error)}`);
      this.lastRewriteOk = false;
      return "failed";
    }
    this.selectedDb = -1;
    this.flush();
    if (!this.openNewIncr()) {
      this.lastRewriteOk = false;
      return "failed";
    }
    this.rewrites++;
    this.rewriteScheduled = false;
    const rdbFormat = this.config["aof-use-rdb-preamble"];
    const target = {
      path: this.path(nextBase(cloneManifest(this.manifest), this.config.appendfilename, rdbFormat)),
      tempPath: this.path(tempRewriteName(this.server.env.pid)),
    };
    const snapshot = rdbFormat ? this.server.rdb.startChild("aof", target, this.server.rdb.format(true)) : null;
    const job: RewriteJob = {
      startedMs: this.server.clock.nowMs(),
      tempPath: target.tempPath,
      basePath: target.path,
      rdbFormat,
      snapshot,
      cancelled: false,
    };
    this.rewrite = job;
    this.rewriteEnded = new Promise((resolve) => (this.endRewrite = resolve));
    this.server.log.notice(`Background append only file rewriting started by pid ${this.server.env.pid}`);
    if (snapshot !== null) {
      snapshot.done.then(
        () => this.rewriteDone(job, null),
        (error: unknown) => this.rewriteDone(job, error),
      );
    } else {
      let error: unknown = null;
      try {
        writeBaseSync(this.server, this.io, target, false);
      } catch (caught) {
        error = caught;
      }
      // The switch comes after this command, as Redis's comes when its child has exited.
      queueMicrotask(() => this.rewriteDone(job, error));
    }
    return "started";
  }

  /** openNewIncrAofForAppend: a temp incr file while turning on, else the manifest's next one. */
  private openNewIncr(): boolean {
    if (this.state === "off") return true;
    let manifest: AofManifest | null = null;
    let name: string;
    if (this.state === "wait-rewrite") {
      name = tempIncrName(this.config.appendfilename);
    } else {
      manifest = cloneManifest(this.manifest);
      name = nextIncr(manifest, this.config.appendfilename);
    }
    let fd: number;
    try {
      // O_APPEND as well: after a short write is cut off, the next write lands at the new end.
      fd = openSync(this.path(name), NEW_INCR_FLAGS, 0o644);
      if (manifest !== null) this.persistManifest(manifest);
    } catch (error) {
      this.server.log.warning(`Can't open the append-only file ${name}: ${String(error)}`);
      return false;
    }
    this.server.log.notice(`Creating AOF incr file ${name} on background rewrite`);
    if (this.fd !== -1) this.closeInBackground(this.fd);
    this.fsyncedSize = this.currentSize;
    this.fd = fd;
    this.incrSize = 0;
    if (manifest !== null) this.manifest = manifest;
    return true;
  }

  /** aof_background_fsync_and_close: the old incr file is made durable off the event loop. */
  private closeInBackground(fd: number): void {
    this.io.fsyncInBackground(fd, () => closeSync(fd));
  }

  /** backgroundRewriteDoneHandler: the new base and the manifest that names it. */
  private rewriteDone(job: RewriteJob, error: unknown): void {
    if (job.cancelled) return;
    this.rewrite = null;
    this.lastRewriteTimeSec = Math.floor((this.server.clock.nowMs() - job.startedMs) / 1000);
    try {
      if (error !== null) throw error;
      this.server.log.notice("Background AOF rewrite terminated with success");
      this.installBase(job);
      this.lastRewriteOk = true;
      this.rewriteFailures = 0;
      this.server.log.notice("Background AOF rewrite finished successfully");
      if (this.state === "wait-rewrite") this.state = "on";
    } catch (failure) {
      this.server.log.warning(failure instanceof Error ? failure.message : String(failure));
      this.server.log.warning("Background AOF rewrite signal handler took too long or failed");
      this.lastRewriteOk = false;
      this.rewriteFailures++;
      removeQuietly(job.tempPath);
      // Turning the AOF on still needs its first base: the cron tries again.
      if (this.state === "wait-rewrite") this.rewriteScheduled = true;
    }
    this.endRewrite();
  }

  /** The written base and (when turning on) the temp incr file join a new manifest. */
  private installBase(job: RewriteJob): void {
    const manifest = cloneManifest(this.manifest);
    const baseName = nextBase(manifest, this.config.appendfilename, job.rdbFormat);
    try {
      if (this.state === "wait-rewrite") {
        const tempName = tempIncrName(this.config.appendfilename);
        const incrName = nextIncr(manifest, this.config.appendfilename);
        renameSync(this.path(tempName), this.path(incrName));
        this.server.log.notice(`Successfully renamed the temporary AOF incr file ${tempName} into ${incrName}`);
      }
      markIncrAsHistory(manifest, this.fd !== -1);
      this.persistManifest(manifest);
    } catch (failure) {
      removeQuietly(job.basePath);
      throw failure;
    }
    this.manifest = manifest;
    if (this.fd !== -1) {
      this.currentSize = statSync(this.path(baseName)).size + this.incrSize;
      this.baseSize = this.currentSize;
      this.fsyncedSize = this.currentSize;
    }
    this.deleteHistory();
  }

  /** killAppendOnlyChild: the rewrite's job stops and its temp file goes. */
  private cancelRewrite(): void {
    const job = this.rewrite;
    if (job === null) return;
    job.cancelled = true;
    this.rewrite = null;
    if (job.snapshot !== null) {
      job.snapshot.abort();
      if (this.server.rdb.child?.job === job.snapshot) this.server.rdb.child = null;
    }
    removeQuietly(job.tempPath);
    this.endRewrite();
  }

  // --- cron ----------------------------------------------------------------------------------

  /** serverCron's AOF part: a scheduled or automatic rewrite, and the everysec fsync. */
  cron(): void {
    const busy = this.server.rdb.child !== null || this.rewrite !== null;
    if (!busy && this.rewriteScheduled && !this.server.propagation.nested) this.rewriteInBackground();
    const percentage = this.config["auto-aof-rewrite-percentage"];
    if (!busy && this.state === "on" && percentage > 0 && this.currentSize > this.config["auto-aof-rewrite-min-size"]) {
      const base = this.baseSize > 0 ? this.baseSize : 1;
      const growth = Math.floor((this.currentSize * 100) / base) - 100;
      if (growth >= percentage) {
        this.server.log.notice(`Starting automatic rewriting of AOF on ${growth}% growth`);
        this.rewriteInBackground();
      }
    }
    if (this.state === "on") this.flush();
  }

  // --- files ---------------------------------------------------------------------------------

  private createDirectory(): void {
    mkdirSync(this.dirPath, { recursive: true });
  }

  /** persistAofManifest / writeAofManifestFile: a temp file, fsynced, renamed over the old one. */
  private persistManifest(manifest: AofManifest): void {
    const name = manifestName(this.config.appendfilename);
    const tempPath = this.path(`temp-${name}`);
    const fd = openSync(tempPath, "w", 0o644);
    try {
      writeFully(this.io, fd, Buffer.from(formatManifest(manifest), "latin1"));
      this.io.fsync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tempPath, this.path(name));
    this.io.syncDirectoryOf(this.path(name));
  }

  /** aofDelHistoryFiles: files a rewrite made obsolete are removed, then left out of the manifest. */
  private deleteHistory(): void {
    if (this.manifest.history.length === 0) return;
    for (const file of this.manifest.history) {
      this.server.log.notice(`Removing the history file ${file.name} in the background`);
      removeQuietly(this.path(file.name));
    }
    this.manifest.history = [];
    this.persistManifest(this.manifest);
  }

  // --- INFO ----------------------------------------------------------------------------------

  /** INFO persistence's aof_* fields in Redis's order (the second group only while on). */
  infoFields(nowMs: number): [string, number | string][] {
    const rewrite = this.rewrite;
    const fields: [string, number | string][] = [
      ["aof_enabled", this.state === "off" ? 0 : 1],
      ["aof_rewrite_in_progress", rewrite === null ? 0 : 1],
      ["aof_rewrite_scheduled", this.rewriteScheduled ? 1 : 0],
      ["aof_last_rewrite_time_sec", this.lastRewriteTimeSec],
      ["aof_current_rewrite_time_sec", rewrite === null ? -1 : Math.floor((nowMs - rewrite.startedMs) / 1000)],
      ["aof_last_bgrewrite_status", this.lastRewriteOk ? "ok" : "err"],
      ["aof_rewrites", this.rewrites],
      ["aof_rewrites_consecutive_failures", this.rewriteFailures],
      ["aof_last_write_status", this.lastWriteError === null ? "ok" : "err"],
      ["aof_last_cow_size", 0],
    ];
    return fields;
  }

  /** The fields Redis adds after module_fork_* while the AOF is on. */
  infoFieldsWhenOn(): [string, number | string][] {
    if (this.state === "off") return [];
    return [
      ["aof_current_size", this.currentSize],
      ["aof_base_size", this.baseSize],
      ["aof_pending_rewrite", this.rewriteScheduled ? 1 : 0],
      ["aof_buffer_length", this.buffer.length],
      ["aof_pending_bio_fsync", this.fsyncInFlight ? 1 : 0],
      ["aof_delayed_fsync", 0],
    ];
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone: nothing to remove.
  }
}
