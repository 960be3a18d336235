// `bun run build`: compiles src/main.ts into one standalone executable, dist/redbun (minified).
// The executable never autoloads .env, bunfig.toml, tsconfig.json or package.json from the
// directory it is started in: a server's behaviour must come from its flags and config file only.
// Usage: bun scripts/build.ts [--entry src/main.ts] [--outfile dist/redbun] [--bytecode|--no-bytecode]
// buildBinary() is exported for in-process use; test/support/binary.ts runs this file instead.

import { mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

export const repoRoot = resolve(import.meta.dir, "..");

export interface BuildBinaryOptions {
  /** Entry file; default src/main.ts. */
  entry?: string;
  /** Output executable; default dist/redbun. */
  outfile?: string;
  /** Precompile to JavaScriptCore bytecode (see DEFAULT_BYTECODE for why it is on or off). */
  bytecode?: boolean;
}

export interface BuiltBinary {
  path: string;
  sizeBytes: number;
  buildMs: number;
}

/**
 * Bytecode cuts start-up by about a third (hyperfine on the 2-core dev machine, start + first
 * PING over a unix socket + SIGTERM: 24.6 ± 1.3 ms with, 37.3 ± 2.6 ms without; user CPU 20 vs
 * 33 ms; `--version` 13 vs 36 ms) for ~2 MB more binary and the same RSS. --no-bytecode to compare.
 */
const DEFAULT_BYTECODE = true;

export async function buildBinary(options: BuildBinaryOptions = {}): Promise<BuiltBinary> {
  const entry = resolve(repoRoot, options.entry ?? "src/main.ts");
  const outfile = resolve(repoRoot, options.outfile ?? "dist/redbun");
  const bytecode = options.bytecode ?? DEFAULT_BYTECODE;
  mkdirSync(dirname(outfile), { recursive: true });
  // Build beside the target and rename: two concurrent builds (parallel test files) never
  // leave a half-written executable where the other one would run it. The temp file keeps the
  // final name, which names the main module in stack traces (/$bunfs/root/redbun).
  const tmpdir = join(dirname(outfile), `.build-${process.pid}-${Date.now()}`);
  const tmpfile = join(tmpdir, basename(outfile));
  const started = performance.now();
  try {
    const result = await Bun.build({
      entrypoints: [entry],
      target: "bun",
      format: "esm",
      minify: true,
      bytecode,
      define: { "process.env.NODE_ENV": JSON.stringify("production") },
      compile: {
        outfile: tmpfile,
        autoloadDotenv: false,
        autoloadBunfig: false,
        autoloadTsconfig: false,
        autoloadPackageJson: false,
      },
      throw: false,
    });
    if (!result.success) {
      const messages = result.logs.map(formatLog).join("\n");
      throw new Error(`bun build --compile of ${entry} failed:\n${messages}`);
    }
    renameSync(tmpfile, outfile);
  } finally {
    rmSync(tmpdir, { recursive: true, force: true });
  }
  return {
    path: outfile,
    sizeBytes: statSync(outfile).size,
    buildMs: performance.now() - started,
  };
}

function formatLog(log: BuildMessage | ResolveMessage): string {
  const at = log.position === null ? "" : `${log.position.file}:${log.position.line}:${log.position.column}: `;
  return `  ${at}${log.message}`;
}

function parseArgs(argv: readonly string[]): BuildBinaryOptions {
  const options: BuildBinaryOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${flag} needs a value`);
      return next;
    };
    if (flag === "--entry") options.entry = value();
    else if (flag === "--outfile") options.outfile = value();
    else if (flag === "--bytecode") options.bytecode = true;
    else if (flag === "--no-bytecode") options.bytecode = false;
    else throw new Error(`unknown flag ${flag}; usage: bun scripts/build.ts [--entry F] [--outfile F] [--bytecode|--no-bytecode]`);
  }
  return options;
}

if (import.meta.main) {
  try {
    const built = await buildBinary(parseArgs(process.argv.slice(2)));
    const mib = (built.sizeBytes / (1024 * 1024)).toFixed(1);
    console.log(`built ${built.path}: ${mib} MiB (${built.sizeBytes} bytes) in ${(built.buildMs / 1000).toFixed(1)} s`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
