// The real redis-cli against redbun's SYNC: `--rdb` saves a file that redbun's reader,
// redis-check-rdb and a real redis-server 7.0.15 all load into exactly the dataset redbun holds
// (every db, type, encoding, TTL); `--functions-rdb` gets an image without keys; the rdb-only
// connection is closed afterwards; and a plain SYNC client (`--replica`) stays on and receives
// the writes as a replication stream, a SELECT first whenever the db changes.

import { expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer } from "../../src/index.ts";
import { readRdb } from "../../src/persistence/rdb/reader.ts";
import { range } from "../support/datasets.ts";
import { describeWithRealRedis, startRealRedis } from "../support/redis-server.ts";
import { RespClient, latin1Bytes, type Argv } from "../support/resp-client.ts";
import { comparable, snapshotOfRecord, snapshotRedis, sortRecords } from "../unit/persistence/rdb/snapshot.ts";

const b = latin1Bytes;

const DATASET: Argv[] = [
  ["SET", "str", "value"],
  ["SET", "int", "12345"],
  ["SET", "long", "abc".repeat(500)],
  ["SET", b("bin\x00\xff"), b("\r\n\x00")],
  ["SET", "ttl", "v", "PXAT", "4102444800123"],
  ["RPUSH", "list", ...range(300, (i) => `e${i}`)],
  ["SADD", "intset", "3", "1", "2"],
  ["SADD", "set", "a", "b", "c"],
  ["HSET", "hash", "f1", "v1", "f2", "v2"],
  ["HSET", "bighash", ...range(1200, (i) => `x${i}`)],
  ["ZADD", "zset", "1", "a", "2", "b", "-inf", "c"],
  ["ZADD", "bigzset", ...range(400, (i) => (i % 2 === 0 ? String(i) : `m${i}`))],
  ["SELECT", "5"],
  ["SET", "in-db-5", "x"],
  ["EXPIREAT", "in-db-5", "4102444800"],
  ["SELECT", "15"],
  ["LPUSH", "in-db-15", "y"],
  ["SELECT", "0"],
];

/** Round trips until the server has seen other connections close (at most 100). */
async function settleClients(srv: Awaited<ReturnType<typeof startServer>>, client: RespClient, count: number): Promise<void> {
  for (let i = 0; i < 100 && srv.server.clients.size > count; i++) await client.call("PING");
}

async function runCli(args: string[]): Promise<{ exitCode: number; output: string }> {
  const proc = Bun.spawn(["redis-cli", ...args], { stdout: "pipe", stderr: "pipe", stdin: "ignore" });
  const [stdout, stderr, exitCode] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { exitCode, output: stdout + stderr };
}

describeWithRealRedis("redis-cli --rdb against redbun", () => {
  test("the saved file holds exactly the dataset: our reader, redis-check-rdb and redis-server agree", async () => {
    const dir = mkdtempSync(join(tmpdir(), "redbun-cli-rdb-"));
    try {
      await using srv = await startServer({ port: 0 });
      await using client = await RespClient.connect(srv.port);
      for (const argv of DATASET) await client.call(...argv);
      const expected = await snapshotRedis(client);
      expect(expected.length).toBe(14);

      const path = join(dir, "out.rdb");
      const cli = await runCli(["-p", String(srv.port), "--rdb", path]);
      expect(cli.output).toContain("Transfer finished with success");
      expect(cli.exitCode).toBe(0);
      // rdb-only: the server closed the connection after the transfer; only ours is left
      // once the close has been seen (a round trip or a few).
      await settleClients(srv, client, 1);
      expect(srv.server.clients.size).toBe(1);

      const file = readRdb(new Uint8Array(readFileSync(path)));
      expect(file.version).toBe(10);
      expect(sortRecords(file.records).map((r) => comparable(snapshotOfRecord(r)))).toEqual(expected.map((s) => comparable(s)));

      const check = Bun.spawnSync(["redis-check-rdb", path]);
      expect(check.stdout.toString()).toContain("RDB looks OK!");
      expect(check.exitCode).toBe(0);

      await using redis = await startRealRedis(["--dir", dir, "--dbfilename", "out.rdb"]);
      await using r = await RespClient.connect(redis.socketPath);
      const loaded = await snapshotRedis(r);
      expect(loaded.map((s) => ({ ...comparable(s), encoding: s.encoding }))).toEqual(expected.map((s) => ({ ...comparable(s), encoding: s.encoding })));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("an empty server gives a valid empty file; --functions-rdb gives one without keys", async () => {
    const dir = mkdtempSync(join(tmpdir(), "redbun-cli-rdb-"));
    try {
      await using srv = await startServer({ port: 0 });
      const empty = join(dir, "empty.rdb");
      expect((await runCli(["-p", String(srv.port), "--rdb", empty])).exitCode).toBe(0);
      expect(readRdb(new Uint8Array(readFileSync(empty))).records).toEqual([]);

      await using client = await RespClient.connect(srv.port);
      await client.call("SET", "k", "v");
      const functions = join(dir, "functions.rdb");
      const cli = await runCli(["-p", String(srv.port), "--functions-rdb", functions]);
      expect(cli.output).toContain("Transfer finished with success");
      expect(readRdb(new Uint8Array(readFileSync(functions))).records).toEqual([]);
      expect(Bun.spawnSync(["redis-check-rdb", functions]).exitCode).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A raw connection that keeps every byte it receives; `until` waits for a condition on them. */
async function rawConnection(port: number) {
  let received = new Uint8Array(0);
  let wake: (() => void) | null = null;
  const socket = await Bun.connect({
    hostname: "127.0.0.1",
    port,
    socket: {
      data(_socket, chunk) {
        const grown = new Uint8Array(received.length + chunk.length);
        grown.set(received);
        grown.set(chunk, received.length);
        received = grown;
        wake?.();
      },
    },
  });
  return {
    write: (text: string) => socket.write(text),
    close: () => socket.end(),
    async until<T>(parse: (bytes: Uint8Array) => T | null): Promise<T> {
      const deadline = Date.now() + 5000;
      for (;;) {
        const result = parse(received);
        if (result !== null) return result;
        if (Date.now() > deadline) throw new Error(`timed out; received ${JSON.stringify(Buffer.from(received).toString("latin1"))}`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 100);
        });
      }
    },
  };
}

/** SYNC's answer: `$<len>\r\n`, the payload, then multibulk commands (as text arrays); null while incomplete. */
function parseSyncStream(bytes: Uint8Array, commandsWanted: number): { payload: Uint8Array; commands: string[][] } | null {
  const text = Buffer.from(bytes).toString("latin1");
  const headerEnd = text.indexOf("\r\n");
  if (headerEnd === -1) return null;
  const start = headerEnd + 2;
  const end = start + Number(text.slice(1, headerEnd));
  if (text.length < end) return null;
  const commands: string[][] = [];
  let at = end;
  while (commands.length < commandsWanted) {
    const line = /^\*(\d+)\r\n/.exec(text.slice(at));
    if (line === null) return null;
    at += line[0].length;
    const argv: string[] = [];
    for (let i = 0; i < Number(line[1]); i++) {
      const bulk = /^\$(\d+)\r\n/.exec(text.slice(at));
      if (bulk === null) return null;
      const from = at + bulk[0].length;
      if (text.length < from + Number(bulk[1]) + 2) return null;
      argv.push(text.slice(from, from + Number(bulk[1])));
      at = from + Number(bulk[1]) + 2;
    }
    commands.push(argv);
  }
  return { payload: bytes.subarray(start, end), commands };
}

test("a plain SYNC client gets the payload, then every write with a SELECT when the db changes", async () => {
  await using srv = await startServer({ port: 0 });
  await using writer = await RespClient.connect(srv.port);
  await writer.call("SET", "before", "1");
  const replica = await rawConnection(srv.port);
  replica.write("SYNC\r\n");
  const { payload } = await replica.until((bytes) => parseSyncStream(bytes, 0));
  expect(readRdb(payload).records.map((r) => r.key)).toEqual(["before"]);

  await writer.call("SET", "a", "1");
  await writer.call("SELECT", "3");
  await writer.call("LPUSH", "l", "x");
  await writer.call("SET", "t", "v", "EX", "100");
  await writer.call("GET", "a");
  await writer.call("SELECT", "0");
  await writer.call("DEL", "a");
  const pxat = String(srv.server.clock.nowMs() + 100_000).length;
  const { commands } = await replica.until((bytes) => parseSyncStream(bytes, 7));
  expect(commands.map((c) => c.slice(0, 3))).toEqual([
    ["SELECT", "0"],
    ["SET", "a", "1"],
    ["SELECT", "3"],
    ["LPUSH", "l", "x"],
    ["SET", "t", "v"],
    ["SELECT", "0"],
    ["DEL", "a"],
  ]);
  expect(commands[4]!.slice(3).map((a, i) => (i === 1 ? a.length : a))).toEqual(["PXAT", pxat]);
  expect(srv.server.clients.size).toBe(2);

  // Once it disconnects it is forgotten, and writes go on.
  replica.close();
  await settleClients(srv, writer, 1);
  expect(srv.server.clients.size).toBe(1);
  expect(await writer.callText("SET", "after", "1")).toBe("+OK\r\n");
});
