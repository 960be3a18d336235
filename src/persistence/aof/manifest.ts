// The AOF manifest of Redis 7.0's multi-part AOF (aof.c): which files under `appenddirname`
// make the dataset — one base (an RDB or a command file), history files waiting for deletion,
// and the incremental command files in order — and the names Redis gives them. The text is
// Redis's, line for line (`file appendonly.aof.1.base.rdb seq 1 type b`), so either server
// reads the other's directory.

import { pathIsBaseName } from "../../config/values.ts";
import { splitArgsString } from "../../protocol/split-args.ts";
import { quoteRepr } from "../../server/monitor.ts";

/** AOF_FILE_TYPE_BASE / _HIST / _INCR, the manifest's `type` letters. */
export type AofFileType = "b" | "h" | "i";

export interface AofFileInfo {
  readonly name: string;
  readonly seq: number;
  readonly type: AofFileType;
}

/** aofManifest: the files, plus the last sequence numbers handed out. */
export interface AofManifest {
  base: AofFileInfo | null;
  /** Files a rewrite made obsolete, deleted once the new manifest is on disk. */
  history: AofFileInfo[];
  incr: AofFileInfo[];
  baseSeq: number;
  incrSeq: number;
}

export function emptyManifest(): AofManifest {
  return { base: null, history: [], incr: [], baseSeq: 0, incrSeq: 0 };
}

export function cloneManifest(manifest: AofManifest): AofManifest {
  return { ...manifest, history: [...manifest.history], incr: [...manifest.incr] };
}

// --- names (BASE_FILE_SUFFIX, INCR_FILE_SUFFIX, RDB_FORMAT_SUFFIX, AOF_FORMAT_SUFFIX …) -------

export function manifestName(appendFilename: string): string {
  return `${appendFilename}.manifest`;
}

/** getTempIncrAofName: where writes go while the first base is written (appendonly turned on). */
export function tempIncrName(appendFilename: string): string {
  return `temp-${appendFilename}.incr`;
}

/** The base a rewrite writes before it is renamed into place. */
export function tempRewriteName(pid: number): string {
  return `temp-rewriteaof-bg-${pid}.aof`;
}

/**
 * getNewBaseFileNameAndMarkPreAsHistory: the next base's name (its format by
 * aof-use-rdb-preamble); the current base becomes history. Changes `manifest`.
 */
export function nextBase(manifest: AofManifest, appendFilename: string, rdbFormat: boolean): string {
  if (manifest.base !== null) manifest.history.unshift({ ...manifest.base, type: "h" });
  const seq = ++manifest.baseSeq;
  const name = `${appendFilename}.${seq}.base.${rdbFormat ? "rdb" : "aof"}`;
  manifest.base = { name, seq, type: "b" };
  return name;
}

/** getNewIncrAofName: the next incremental file, appended to the manifest. Changes `manifest`. */
export function nextIncr(manifest: AofManifest, appendFilename: string): string {
  const seq = ++manifest.incrSeq;
  const name = `${appendFilename}.${seq}.incr.aof`;
  manifest.incr.push({ name, seq, type: "i" });
  return name;
}

/**
 * markRewrittenIncrAofAsHistory: after a rewrite, every incremental file but the one being
 * appended to now (`keepLast`: AOF on) is covered by the new base. Changes `manifest`.
 */
export function markIncrAsHistory(manifest: AofManifest, keepLast: boolean): void {
  const kept = keepLast ? manifest.incr.slice(-1) : [];
  const covered = keepLast ? manifest.incr.slice(0, -1) : manifest.incr;
  for (const file of covered) manifest.history.push({ ...file, type: "h" });
  manifest.incr = kept;
}

// --- text -----------------------------------------------------------------------------------

/** getAofManifestAsString: base, history, then incremental files, one line each. */
export function formatManifest(manifest: AofManifest): string {
  let text = "";
  const files = manifest.base === null ? [] : [manifest.base];
  for (const file of [...files, ...manifest.history, ...manifest.incr]) {
    const name = needsRepr(file.name) ? quoteRepr(Buffer.from(file.name, "latin1")) : file.name;
    text += `file ${name} seq ${file.seq} type ${file.type}\n`;
  }
  return text;
}

/** A manifest Redis would refuse (aofLoadManifestFromFile's errors, with the line number). */
export class ManifestError extends Error {
  override readonly name = "ManifestError";
}

/** MANIFEST_MAX_LINE */
const MAX_LINE = 1024;

/** aofLoadManifestFromFile: Redis's rules and error texts. */
export function parseManifest(text: string): AofManifest {
  const manifest = emptyManifest();
  let lineNumber = 0;
  let maxIncrSeq = 0;
  const fail = (error: string): never => {
    throw new ManifestError(`${error} at line ${lineNumber}`);
  };
  let at = 0;
  while (at < text.length) {
    const newline = text.indexOf("\n", at);
    const raw = newline === -1 ? text.slice(at) : text.slice(at, newline + 1);
    at += raw.length;
    lineNumber++;
    if (raw.startsWith("#")) continue;
    if (newline === -1 || raw.length > MAX_LINE) fail("The AOF manifest file contains too long line");
    const line = raw.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, "");
    if (line === "") fail("Invalid AOF manifest file format");
    const words = splitArgsString(line);
    // 'argc < 6' leaves room for more key/value pairs in later versions.
    if (words === null || words.length < 6 || words.length % 2 !== 0) fail("Invalid AOF manifest file format");
    let name = "";
    let seq = 0;
    let type = "";
    for (let i = 0; i < words!.length; i += 2) {
      const key = words![i]!.toLowerCase();
      const value = words![i + 1]!;
      if (key === "file") {
        name = value;
        if (!pathIsBaseName(name)) fail("File can't be a path, just a filename");
      } else if (key === "seq") {
        seq = atoll(value);
      } else if (key === "type") {
        type = value.charAt(0);
      }
    }
    if (name === "" || seq === 0 || type === "") fail("Invalid AOF manifest file format");
    if (type === "b") {
      if (manifest.base !== null) fail("Found duplicate base file information");
      manifest.base = { name, seq, type };
      manifest.baseSeq = seq;
    } else if (type === "h") {
      manifest.history.push({ name, seq, type });
    } else if (type === "i") {
      if (seq <= maxIncrSeq) fail("Found a non-monotonic sequence number");
      manifest.incr.push({ name, seq, type });
      manifest.incrSeq = seq;
      maxIncrSeq = seq;
    } else {
      fail("Unknown AOF file type");
    }
  }
  if (lineNumber === 0) fail("Found an empty AOF manifest");
  return manifest;
}

/** atoll: leading blanks, a sign, digits; anything else ends the number (0 if none). */
function atoll(text: string): number {
  const match = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(text);
  return match === null ? 0 : Number(match[1]);
}

/** sdsneedsrepr: a name with blanks, quotes, backslashes or unprintable bytes is quoted. */
function needsRepr(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 0x5c || c === 0x22 || c <= 0x20 || c >= 0x7f) return true;
  }
  return false;
}
