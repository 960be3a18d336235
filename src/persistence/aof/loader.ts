// Loading an AOF at start-up (aof.c loadAppendOnlyFiles / loadSingleAppendOnlyFile of Redis
// 7.0): the base file (an RDB, or commands) then each incremental file, replayed through a
// client of its own. A truncated last command (or a MULTI without its EXEC) at the end of the
// last file is cut off with a warning when aof-load-truncated is on; any other damage refuses
// to start, naming the file and the offset.

import { existsSync, readFileSync, statSync, truncateSync } from "node:fs";
import { join } from "node:path";
import { Request } from "../../protocol/request.ts";
import { execute, lookupCommand } from "../../server/dispatch.ts";
import { Client } from "../../server/client.ts";
import type { Server } from "../../server/server.ts";
import { latin1 } from "../../store/latin1.ts";
import { loadSnapshot } from "../load.ts";
import { RdbError } from "../rdb/format.ts";
import type { AofManifest } from "./manifest.ts";

/** The AOF cannot be loaded: the server must not start (Redis exits with 1). */
export class AofLoadError extends Error {
  override readonly name = "AofLoadError";
}

/** How one file loaded (AOF_OK, AOF_EMPTY, AOF_TRUNCATED); failures throw AofLoadError. */
type FileStatus = "ok" | "empty" | "truncated";

export interface AofLoadResult {
  /** Bytes of every file loaded (aof_current_size). */
  totalBytes: number;
  /** The base file's bytes (aof_rewrite_base_size after a restart). */
  baseBytes: number;
}

/** CLIENT_ID_AOF: the replaying client's id, which no connection ever gets. */
const AOF_CLIENT_ID = Number.MAX_SAFE_INTEGER;

/**
 * loadAppendOnlyFiles: replays the files `manifest` lists from `dirPath`. Returns null when it
 * lists none (AOF_NOT_EXIST) or they are all empty (AOF_EMPTY), else their sizes. A legacy
 * `appendonly.aof` has been moved in as the base by then (aofUpgradePrepare).
 */
export function loadAppendOnlyFiles(
  server: Server,
  dirPath: string,
  manifest: AofManifest,
  appendFilename: string,
): AofLoadResult | null {
  const files = manifest.base === null ? manifest.incr : [manifest.base, ...manifest.incr];
  if (files.length === 0) return null;
  let totalBytes = 0;
  for (const file of files) {
    const path = join(dirPath, file.name);
    // An AOF the manifest names but the disk lacks is fatal (AOF_NOT_EXIST turned AOF_FAILED).
    if (!existsSync(path)) {
      server.log.warning(`The append log file ${file.name} doesn't exist: No such file or directory`);
      throw new AofLoadError(`The AOF file ${file.name} listed in the manifest does not exist`);
    }
    totalBytes += statSync(path).size;
  }
  if (totalBytes === 0) return null;

  const replay = new Replay(server);
  let baseBytes = 0;
  try {
    files.forEach((file, i) => {
      const last = i === files.length - 1;
      const isBase = file === manifest.base;
      const path = join(dirPath, file.name);
      if (isBase) baseBytes = statSync(path).size;
      const startedMs = server.clock.monotonicMs();
      // A base named like the legacy file is a migrated Redis < 7 AOF: an RDB there is its preamble.
      const status = loadSingleFile(server, replay, path, file.name, file.name === appendFilename);
      if (status === "truncated" && !last) {
        server.log.warning("Fatal error: the truncated file is not the last file");
        throw new AofLoadError(`The truncated AOF file ${file.name} is not the last file`);
      }
      const seconds = ((server.clock.monotonicMs() - startedMs) / 1000).toFixed(3);
      server.log.notice(`DB loaded from ${isBase ? "base" : "incr"} file ${file.name}: ${seconds} seconds`);
    });
  } finally {
    replay.finish();
  }
  return { totalBytes, baseBytes };
}

/**
 * The replaying client and the state around it. Keys are not expired while loading (Redis
 * skips expireIfNeeded then): commands run at time 0, so a key whose TTL passed while the
 * server was down keeps its later writes, and expires as soon as loading is over.
 */
class Replay {
  readonly client: Client;

  constructor(private readonly server: Server) {
    const address = { addr: "", laddr: "", isLocal: true, isUnixSocket: false };
    this.client = new Client(server, null, address, AOF_CLIENT_ID);
    this.client.authenticated = true;
    // The replaying client never waits (Redis asserts it never gets blocked).
    this.client.denyBlocking = true;
  }

  /** Runs one command; false when no such command exists (the AOF cannot be loaded). */
  run(argv: Uint8Array[]): boolean {
    const server = this.server;
    const request = Request.of(argv);
    const command = lookupCommand(request);
    if (typeof command === "string") return false;
    const client = this.client;
    server.batch.begin(0, 0);
    // The replaying client has no socket: it keeps no replies.
    execute(server, client, command, request);
    server.batch.end(0);
    client.reply.discardFrom(0);
    return true;
  }

  get inMulti(): boolean {
    return this.client.multiQueue !== null;
  }

  /**
   * After loading: replayed calls were not client calls (Redis runs their procs directly), so
   * commandstats start empty; keys were added at time 0, so their idle time starts now.
   */
  finish(): void {
    this.server.stats.reset();
    const nowMs = this.server.clock.nowMs();
    for (const db of this.server.keyspace.dbs) for (const [, slot] of db.entries()) db.setIdleSeconds(slot, 0, nowMs);
  }
}

/**
 * loadSingleAppendOnlyFile: an RDB part if the file starts with "REDIS" (a base file, or the
 * preamble of a legacy AOF), then commands until the end.
 */
function loadSingleFile(server: Server, replay: Replay, path: string, name: string, legacy: boolean): FileStatus {
  const bytes = readFileSync(path);
  if (bytes.length === 0) return "empty";
  let pos = 0;
  if (bytes.length >= 5 && latin1(bytes, 0, 5) === "REDIS") {
    server.log.notice(legacy ? "Reading RDB preamble from AOF file..." : "Reading RDB base file on AOF loading...");
    try {
      pos = loadRdbPart(server, bytes);
    } catch (error) {
      if (!(error instanceof RdbError)) throw error;
      server.log.warning(error.message);
      const what = legacy ? `the RDB preamble of the AOF file ${name}` : `the RDB base file ${name}`;
      server.log.warning(`Error reading ${what}, AOF loading aborted`);
      throw new AofLoadError(`Error reading ${what}: ${error.message}`);
    }
    if (legacy) server.log.notice("Reading the remaining AOF tail...");
  }

  /** Offset just past the last command replayed in full (valid_up_to). */
  let validUpTo = pos;
  let validBeforeMulti = pos;
  while (pos < bytes.length) {
    const next = readCommand(bytes, pos);
    if (next === "short") return truncateAt(server, path, name, validUpTo);
    if (next === "format") {
      const message =
        `Bad file format reading the append only file ${name} (at offset ${pos}): make a backup of your AOF file, ` +
        "then use ./redis-check-aof --fix <filename.manifest>";
      server.log.warning(message);
      throw new AofLoadError(message);
    }
    pos = next.end;
    if (next.argv.length === 0) continue;
    if (isMulti(next.argv[0]!)) validBeforeMulti = validUpTo;
    if (!replay.run(next.argv)) {
      const message = `Unknown command '${latin1(next.argv[0]!)}' reading the append only file ${name} (at offset ${validUpTo})`;
      server.log.warning(message);
      throw new AofLoadError(message);
    }
    validUpTo = pos;
  }
  // A MULTI with no EXEC at the end counts as a short read: its queued commands are dropped.
  if (replay.inMulti) {
    server.log.warning(`Revert incomplete MULTI/EXEC transaction in AOF file ${name}`);
    replay.client.multiQueue = null;
    return truncateAt(server, path, name, validBeforeMulti);
  }
  return "ok";
}

/**
 * The command at `pos` as loadSingleAppendOnlyFile reads it (fgets lines, fread arguments):
 * its argv (empty for a `#` annotation line) and where the next one starts; "short" when the
 * file ends inside it (readerr at EOF), "format" when a line does not start with `*` or `$`.
 */
function readCommand(bytes: Uint8Array, pos: number): { argv: Uint8Array[]; end: number } | "short" | "format" {
  const lineEnd = (from: number): number => {
    const newline = bytes.indexOf(10, from);
    return newline === -1 ? bytes.length : newline + 1;
  };
  let at = lineEnd(pos);
  if (bytes[pos] === 0x23) return { argv: [], end: at };
  if (bytes[pos] !== 0x2a) return "format";
  if (at - pos < 2) return "short";
  const argc = atoi(bytes, pos + 1, at);
  if (argc < 1) return "format";
  const argv: Uint8Array[] = [];
  for (let j = 0; j < argc; j++) {
    if (at >= bytes.length) return "short";
    if (bytes[at] !== 0x24) return "format";
    const lengthEnd = lineEnd(at);
    const length = atoi(bytes, at + 1, lengthEnd);
    at = lengthEnd;
    // The argument and the CRLF after it (which Redis skips without checking).
    if (length < 0 || at + length + 2 > bytes.length) return "short";
    argv.push(bytes.subarray(at, at + length));
    at += length + 2;
  }
  return { argv, end: at };
}

/** The uxeof block: cut the file after its last whole command, or refuse to start. */
function truncateAt(server: Server, path: string, name: string, validUpTo: number): FileStatus {
  if (server.config.values["aof-load-truncated"]) {
    server.log.warning(`!!! Warning: short read while loading the AOF file ${name}!!!`);
    server.log.warning(`!!! Truncating the AOF ${name} at offset ${validUpTo} !!!`);
    try {
      truncateSync(path, validUpTo);
      server.log.warning(`AOF ${name} loaded anyway because aof-load-truncated is enabled`);
      return "truncated";
    } catch (error) {
      server.log.warning(`Error truncating the AOF file ${name}: ${String(error)}`);
    }
  }
  const message =
    `Unexpected end of file reading the append only file ${name} (after offset ${validUpTo}). You can: ` +
    "1) Make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>. " +
    "2) Alternatively you can set the 'aof-load-truncated' configuration option to yes and restart the server.";
  server.log.warning(message);
  throw new AofLoadError(message);
}

/**
 * rdbLoadRio with RDBFLAGS_AOF_PREAMBLE: every key, even one whose TTL has passed (it expires
 * once loaded). Returns the offset where the snapshot ends.
 */
function loadRdbPart(server: Server, bytes: Uint8Array): number {
  // Nothing counts as expired (expireBeforeMs 0).
  const outcome = loadSnapshot(server.keyspace, server.config.values, bytes, { expireBeforeMs: 0, nowMs: server.clock.nowMs(), merge: false });
  server.log.notice(`Done loading RDB, keys loaded: ${outcome.loaded}, keys expired: 0.`);
  return outcome.length;
}

function isMulti(name: Uint8Array): boolean {
  return name.length === 5 && latin1(name, 0, 5).toLowerCase() === "multi";
}

/** atoi/strtol over bytes [from, to): optional sign and digits, anything after ignored. */
function atoi(bytes: Uint8Array, from: number, to: number): number {
  let i = from;
  let negative = false;
  if (bytes[i] === 0x2d || bytes[i] === 0x2b) negative = bytes[i++] === 0x2d;
  let value = 0;
  while (i < to && bytes[i]! >= 0x30 && bytes[i]! <= 0x39) value = value * 10 + (bytes[i++]! - 0x30);
  return negative ? -value : value;
}
