// Bad input never crashes or hangs the server: random bytes, truncated frames and every
// command with random arguments, over real sockets. After each burst a fresh connection must
// still get PONG. The generator is seeded, so a failure reproduces.

import { expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { commandTable } from "../../src/commands/table.ts";
import { startServer } from "../../src/index.ts";
import { RespClient, encodeCommand } from "../support/resp-client.ts";
import { seededRandom } from "../support/random.ts";

/** Commands a fuzzer must not send: they stop the server or block it on purpose. */
const LEAVE_OUT = new Set(["shutdown", "debug", "quit", "reset"]);

const WORDS = [
  "0", "1", "-1", "9223372036854775807", "-9223372036854775808", "9223372036854775808", "1.5",
  "inf", "-inf", "nan", "", "k", "k2", "*", "[a-", "\\", "NX", "XX", "GT", "LT", "EX", "PX", "EXAT",
  "PXAT", "KEEPTTL", "GET", "COUNT", "MATCH", "TYPE", "REPLACE", "DB", "LEN", "IDX", "MINMATCHLEN",
  "WITHMATCHLEN", "ID", "ADDR", "SKIPME", "yes", "no", "string", "\x00\xff", "a".repeat(300),
];

test("random commands and random bytes never take the server down", async () => {
  const random = seededRandom(7);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const names: string[] = [];
  for (const command of commandTable.values()) {
    if (LEAVE_OUT.has(command.name)) continue;
    if (command.subcommands.size === 0) names.push(command.name);
    for (const sub of command.subcommands.values()) names.push(`${command.name} ${sub.name}`);
  }
  // Its own dir: SAVE, BGSAVE and FLUSHALL write dump.rdb there, not in the working directory.
  const dir = mkdtempSync(join(tmpdir(), "redbun-fuzz-"));
  // Disposed after the server (declared before it).
  await using _dir = { [Symbol.asyncDispose]: async () => rmSync(dir, { recursive: true, force: true }) };
  await using server = await startServer({ port: 0, dir });
  for (let burst = 0; burst < 40; burst++) {
    await using client = await RespClient.connect(server.port);
    const frames: Uint8Array[] = [];
    for (let i = 0; i < 50; i++) {
      const argv = pick(names).split(" ");
      const extra = Math.floor(random() * 6);
      for (let j = 0; j < extra; j++) argv.push(pick(WORDS));
      frames.push(encodeCommand(argv));
    }
    // Last, something malformed: random bytes or a truncated frame (the server may close).
    const tail = random() < 0.5
      ? Uint8Array.from({ length: 64 }, () => Math.floor(random() * 256))
      : encodeCommand(["SET", "k", "v"]).subarray(0, Math.floor(random() * 20));
    frames.push(tail);
    for (const frame of frames) client.send(frame);
    await client.close();
    await using probe = await RespClient.connect(server.port);
    expect(await probe.callText("PING")).toBe("+PONG\r\n");
    await probe.call("FLUSHALL");
  }
});
