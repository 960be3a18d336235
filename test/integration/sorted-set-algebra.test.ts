// ZUNIONSTORE, ZINTERSTORE and ZDIFFSTORE over a real socket, for what a differential test cannot
// compare: the dirty counter (one change per stored result or deleted destination, none for a
// no-op, a read or an error) and what the STORE forms append to the AOF (their own argv).

import { expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer } from "../../src/index.ts";
import { currentIncrPath, parseCommands } from "../support/aof-files.ts";
import { RespClient } from "../support/resp-client.ts";

test("dirty: one per stored result or deleted destination, none otherwise", async () => {
  await using srv = await startServer({ port: 0 });
  const client = await RespClient.connect(srv.port);
  try {
    await client.call("ZADD", "a", "1", "x", "2", "y");
    await client.call("SADD", "s", "y", "z");
    await client.call("SET", "str", "v");
    const changes = async (...argv: string[]): Promise<number> => {
      const before = srv.server.dirty;
      await client.call(...argv);
      return srv.server.dirty - before;
    };
    expect(await changes("ZUNIONSTORE", "d", "2", "a", "s")).toBe(1);
    expect(await changes("ZINTERSTORE", "d", "2", "a", "s", "WEIGHTS", "2", "3")).toBe(1);
    expect(await changes("ZDIFFSTORE", "d", "2", "a", "s")).toBe(1);
    // An empty result over an existing key deletes it; over nothing it changes nothing.
    expect(await changes("ZINTERSTORE", "d", "2", "a", "nosuch")).toBe(1);
    expect(await changes("ZINTERSTORE", "d", "2", "a", "nosuch")).toBe(0);
    expect(await changes("ZUNION", "2", "a", "s")).toBe(0);
    expect(await changes("ZINTERCARD", "2", "a", "s")).toBe(0);
    expect(await changes("ZUNIONSTORE", "d", "2", "a", "str")).toBe(0);
    expect(await changes("ZUNIONSTORE", "d", "1", "a", "WEIGHTS", "x")).toBe(0);
  } finally {
    await client.close();
  }
});

test("the AOF gets each STORE that changed something, as sent", async () => {
  const dir = mkdtempSync(join(tmpdir(), "redbun-zalgebra-"));
  try {
    await using srv = await startServer({ port: 0, dir, appendonly: true, save: [] });
    const client = await RespClient.connect(srv.port);
    try {
      await client.call("ZADD", "a", "1", "x");
      await client.call("ZUNIONSTORE", "d", "1", "a", "WEIGHTS", "2");
      await client.call("ZINTERSTORE", "d", "2", "a", "nosuch");
      await client.call("ZDIFFSTORE", "d", "1", "nosuch");
      await client.call("ZUNION", "1", "a");
    } finally {
      await client.close();
    }
    expect(parseCommands(readFileSync(currentIncrPath(dir)))).toEqual([
      ["SELECT", "0"],
      ["ZADD", "a", "1", "x"],
      ["ZUNIONSTORE", "d", "1", "a", "WEIGHTS", "2"],
      ["ZINTERSTORE", "d", "2", "a", "nosuch"],
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
