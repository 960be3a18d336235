// The compiled executable (dist/redbun, rebuilt when stale; or $REDBUN_BINARY) run as a real
// process on a unix socket in a temp dir: it answers RESP, refuses a bad directive the way
// redis-server does (exit 1, a message naming it), exits 0 on SIGTERM, and ignores the
// .env and bunfig.toml of the directory it is started in (scripts/build.ts turns that off).

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureBinary, startBinary } from "../support/binary.ts";
import { RespClient } from "../support/resp-client.ts";

/** Start-up on a loaded 2-core CI machine can take far longer than bun test's default 5 s allows for. */
const SERVER_TEST_TIMEOUT_MS = 30_000;

describe("compiled binary", () => {
  let binary = "";
  let scratch = "";

  beforeAll(async () => {
    binary = await ensureBinary();
    scratch = mkdtempSync(join(tmpdir(), "redbun-bin-test-"));
  }, 180_000);

  afterAll(() => {
    if (scratch !== "") rmSync(scratch, { recursive: true, force: true });
  });

  test("answers PING, SET and GET over its unix socket", async () => {
    await using server = await startBinary(binary);
    await using client = await RespClient.connect(server.socketPath);
    expect(await client.callText("PING")).toBe("+PONG\r\n");
    expect(await client.callText("SET", "greeting", "hello")).toBe("+OK\r\n");
    expect(await client.callText("GET", "greeting")).toBe("$5\r\nhello\r\n");
    expect(await client.callText("GET", "no-such-key")).toBe("$-1\r\n");
  }, SERVER_TEST_TIMEOUT_MS);

  test("a bad directive stops start-up with exit code 1 and a message naming it", () => {
    const result = Bun.spawnSync([binary, "--port", "0", "--no-such-directive", "yes"], {
      cwd: scratch,
      stdin: "ignore",
      timeout: 15_000, // were the directive accepted, the server would run: fail, don't hang
    });
    const output = result.stdout.toString() + result.stderr.toString();
    expect(output).toContain("FATAL CONFIG FILE ERROR");
    expect(output).toContain("no-such-directive");
    expect(output).toContain("Bad directive or wrong number of arguments");
    expect(result.exitCode).toBe(1);
  }, SERVER_TEST_TIMEOUT_MS);

  test("a bad value names the directive too", () => {
    const result = Bun.spawnSync([binary, "--port", "not-a-number"], { cwd: scratch, stdin: "ignore", timeout: 15_000 });
    const output = result.stdout.toString() + result.stderr.toString();
    expect(output).toContain("FATAL CONFIG FILE ERROR");
    expect(output).toContain("port");
    expect(result.exitCode).toBe(1);
  }, SERVER_TEST_TIMEOUT_MS);

  test("SIGTERM shuts it down with exit code 0", async () => {
    await using server = await startBinary(binary);
    await using client = await RespClient.connect(server.socketPath);
    expect(await client.callText("PING")).toBe("+PONG\r\n");
    expect(await server.stop("SIGTERM")).toBe(0);
    expect(server.proc.signalCode).toBeNull();
  }, SERVER_TEST_TIMEOUT_MS);

  test("ignores .env and bunfig.toml in its working directory", async () => {
    const cwd = mkdtempSync(join(scratch, "cwd-"));
    const marker = join(cwd, "preload-ran");
    // A preload that records it ran and what .env gave it. Bun itself honours both here (the
    // control below), so the binary's silence means its autoload is off, not a broken fixture.
    writeFileSync(join(cwd, ".env"), "REDBUN_DOTENV_PROBE=from-dotenv\n");
    writeFileSync(join(cwd, "bunfig.toml"), 'preload = ["./preload.ts"]\n');
    writeFileSync(
      join(cwd, "preload.ts"),
      `require("node:fs").writeFileSync(${JSON.stringify(marker)}, String(process.env.REDBUN_DOTENV_PROBE));\n`,
    );
    writeFileSync(join(cwd, "noop.ts"), "\n");

    const control = Bun.spawnSync([process.execPath, "noop.ts"], { cwd, stdin: "ignore" });
    expect(control.exitCode).toBe(0);
    expect(readFileSync(marker, "utf8")).toBe("from-dotenv");
    rmSync(marker);

    await using server = await startBinary(binary, { cwd });
    await using client = await RespClient.connect(server.socketPath);
    expect(await client.callText("PING")).toBe("+PONG\r\n");
    expect(existsSync(marker)).toBe(false);
  }, SERVER_TEST_TIMEOUT_MS);
});

