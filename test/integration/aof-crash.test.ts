// Durability under `appendfsync always`: a redbun child process with writers hammering it is
// killed with SIGKILL at a random moment, 20 times over the same directory; after each restart
// every write a client saw acknowledged must be there (the reply is only sent once the write
// is fsynced), and the AOF must load (a torn last command is cut off, as aof-load-truncated says).

import { expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RespClient } from "../support/resp-client.ts";

const MAIN = join(import.meta.dir, "../../src/main.ts");
const ROUNDS = 20;
const WRITERS = 4;

function spawnRedbun(dir: string) {
  const socket = join(dir, "redbun.sock");
  const proc = Bun.spawn(
    [process.execPath, MAIN, "--port", "0", "--unixsocket", socket, "--dir", dir, "--appendonly", "yes", "--appendfsync", "always", "--save", ""],
    { stdout: "ignore", stderr: "pipe" },
  );
  return { proc, socket };
}

async function connectWhenReady(socket: string, proc: Bun.Subprocess): Promise<RespClient> {
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`redbun exited with ${proc.exitCode}`);
    if (existsSync(socket)) {
      try {
        const client = await RespClient.connect(socket);
        if ((await client.callText("PING")) === "+PONG\r\n") return client;
        await client.close();
      } catch {
        // Not accepting yet.
      }
    }
    await Bun.sleep(5);
  }
}

test(`every acknowledged write survives SIGKILL (${ROUNDS} rounds, appendfsync always)`, async () => {
  const dir = mkdtempSync(join(tmpdir(), "redbun-crash-"));
  const acknowledged: string[] = [];
  try {
    // One start more than kills: the last round's writes are checked too.
    for (let round = 0; round <= ROUNDS; round++) {
      const { proc, socket } = spawnRedbun(dir);
      const check = await connectWhenReady(socket, proc);
      // Everything acknowledged in earlier rounds is there.
      for (let i = 0; i < acknowledged.length; i += 500) {
        const keys = acknowledged.slice(i, i + 500);
        const reply = await check.callText("EXISTS", ...keys);
        expect(reply).toBe(`:${keys.length}\r\n`);
      }
      await check.close();
      if (round === ROUNDS) {
        proc.kill("SIGKILL");
        await proc.exited;
        break;
      }

      let stop = false;
      const writers = Array.from({ length: WRITERS }, async (_, w) => {
        const client = await RespClient.connect(socket);
        for (let i = 0; !stop; i++) {
          const key = `r${round}:w${w}:${i}`;
          try {
            if ((await client.callText("SET", key, "x".repeat(i % 100))) === "+OK\r\n") acknowledged.push(key);
          } catch {
            return; // killed mid-command: this write was never acknowledged
          }
        }
      });
      await Bun.sleep(20 + Math.floor(Math.random() * 120));
      proc.kill("SIGKILL");
      await proc.exited;
      stop = true;
      await Promise.all(writers);
      rmSync(socket, { force: true });
    }
    expect(acknowledged.length).toBeGreaterThan(ROUNDS * 10);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // 20 child processes started one after the other: longer than the default 5 s.
}, 120_000);
