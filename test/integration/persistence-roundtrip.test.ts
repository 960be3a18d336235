// Every type and encoding (test/support/datasets.ts's EVERY_ENCODING, with TTLs, in three dbs)
// survives a restart of redbun through each form its files take: dump.rdb (SAVE), the AOF's incr
// file replayed, an AOF whose base is an RDB preamble, and one whose base is commands. After the
// restart every key has the same value, TTL and OBJECT ENCODING as before.

import { expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, type StartOptions } from "../../src/index.ts";
import { readManifestLines } from "../support/aof-files.ts";
import { EVERY_ENCODING, send } from "../support/datasets.ts";
import { RespClient, latin1, type Argv } from "../support/resp-client.ts";
import { comparable, snapshotRedis } from "../unit/persistence/rdb/snapshot.ts";

const FUTURE_MS = "4102444800123";

const SCENARIO: Argv[] = [
  ...EVERY_ENCODING,
  ["PEXPIREAT", "str:embstr", FUTURE_MS],
  ["PEXPIREAT", "zset:many", FUTURE_MS],
  ["SELECT", "4"],
  ["SET", "db4", "four", "PXAT", FUTURE_MS],
  ["SADD", "db4:set", "1", "2"],
  ["SELECT", "15"],
  ["HSET", "db15:hash", "f", "v"],
  ["SELECT", "0"],
];

async function dataset(client: RespClient) {
  return (await snapshotRedis(client)).map((s) => ({ ...comparable(s), encoding: s.encoding }));
}

/**
 * Builds SCENARIO in a fresh server on a new dir, runs `persist` (which must leave the files in
 * place), then restarts on the same dir and compares the datasets.
 */
async function survivesRestart(options: StartOptions, persist: (client: RespClient, srv: Awaited<ReturnType<typeof startServer>>) => Promise<void>) {
  const dir = mkdtempSync(join(tmpdir(), "redbun-roundtrip-"));
  try {
    let before;
    {
      await using srv = await startServer({ port: 0, dir, save: [], ...options });
      await using client = await RespClient.connect(srv.port);
      for (const argv of SCENARIO) await send(client, argv);
      before = await dataset(client);
      await persist(client, srv);
    }
    expect(before.length).toBe(EVERY_ENCODING.length + 3);
    await using srv = await startServer({ port: 0, dir, save: [], ...options });
    await using client = await RespClient.connect(srv.port);
    expect(await dataset(client)).toEqual(before);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("dump.rdb: SAVE, restart", async () => {
  await survivesRestart({}, async (client) => {
    expect(latin1(await client.call("SAVE"))).toBe("+OK\r\n");
  });
});

test("AOF: the incr file's commands replayed over an empty base", async () => {
  await survivesRestart({ appendonly: true }, async () => undefined);
});

for (const preamble of [true, false]) {
  test(`AOF: BGREWRITEAOF to ${preamble ? "an RDB" : "a command"} base, then more writes in the new incr file`, async () => {
    await survivesRestart({ appendonly: true, "aof-use-rdb-preamble": preamble }, async (client, srv) => {
      expect(latin1(await client.call("BGREWRITEAOF"))).toBe("+Background append only file rewriting started\r\n");
      await srv.server.aof.rewriteEnded;
      const { dir } = srv.server.config.values;
      expect(readManifestLines(dir).map((line) => line.name)).toEqual([
        `appendonly.aof.2.base.${preamble ? "rdb" : "aof"}`,
        "appendonly.aof.2.incr.aof",
      ]);
      // A write after the rewrite lands in the new incr file; undone so the datasets compare.
      await send(client, ["SET", "after", "1"]);
      await send(client, ["DEL", "after"]);
    });
  });
}
