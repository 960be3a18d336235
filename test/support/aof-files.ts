// Reading AOF directories in tests: the manifest's files, an incremental file's commands as
// latin1 argv arrays, and a normaliser for the absolute times rewrites put in (PXAT/PEXPIREAT
// deadlines differ by the milliseconds between two servers running the same command).

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface ManifestLine {
  name: string;
  seq: number;
  type: string;
}

/** The manifest of `dir/appendonlydir` as its lines say (file, seq, type). */
export function readManifestLines(dir: string, dirname = "appendonlydir", filename = "appendonly.aof"): ManifestLine[] {
  const text = readFileSync(join(dir, dirname, `${filename}.manifest`), "latin1");
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => {
      const words = line.split(" ");
      return { name: words[1]!, seq: Number(words[3]), type: words[5]! };
    });
}

/** The incr file being appended to (the manifest's last one). */
export function currentIncrPath(dir: string): string {
  const incr = readManifestLines(dir).filter((line) => line.type === "i");
  return join(dir, "appendonlydir", incr[incr.length - 1]!.name);
}

/** The size of a file, 0 when it does not exist. */
export function fileSize(path: string): number {
  return existsSync(path) ? readFileSync(path).length : 0;
}

/** The bytes of `path` from `offset` on. */
export function readFrom(path: string, offset: number): Uint8Array {
  return readFileSync(path).subarray(offset);
}

/** RESP multibulk commands (and #annotation lines, kept as one-word commands) as latin1 argv. */
export function parseCommands(bytes: Uint8Array): string[][] {
  const text = Buffer.from(bytes).toString("latin1");
  const commands: string[][] = [];
  let at = 0;
  const line = (): string => {
    const end = text.indexOf("\r\n", at);
    if (end === -1) throw new Error(`unterminated line at ${at}: ${JSON.stringify(text.slice(at, at + 40))}`);
    const value = text.slice(at, end);
    at = end + 2;
    return value;
  };
  while (at < text.length) {
    const header = line();
    if (header.startsWith("#")) {
      commands.push([header]);
      continue;
    }
    if (!header.startsWith("*")) throw new Error(`expected a multibulk at ${at}: ${JSON.stringify(header)}`);
    const argc = Number(header.slice(1));
    const argv: string[] = [];
    for (let i = 0; i < argc; i++) {
      const length = Number(line().slice(1));
      argv.push(text.slice(at, at + length));
      at += length + 2;
    }
    commands.push(argv);
  }
  return commands;
}

const DAY_MS = 86_400_000;

/**
 * Absolute ms deadlines near now become `<now+Ns>` (N rounded to whole seconds), so two servers'
 * rewrites of the same relative TTL compare equal; other numbers stay as they are.
 */
export function normalizeTimes(commands: string[][], nowMs = Date.now()): string[][] {
  return commands.map((argv) =>
    argv.map((arg) => {
      if (!/^\d{13}$/.test(arg)) return arg;
      const delta = Number(arg) - nowMs;
      return Math.abs(delta) < DAY_MS ? `<now${delta < 0 ? "-" : "+"}${Math.round(Math.abs(delta) / 1000)}s>` : arg;
    }),
  );
}
