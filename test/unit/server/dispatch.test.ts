// A command that throws (a redbun bug) must not take its client or the server down: the client
// gets an error reply in place of the one it was owed, the error is logged, and the next
// command runs normally.

import { expect, test } from "bun:test";
import { defineCommand } from "../../../src/commands/define.ts";
import { startServer } from "../../../src/index.ts";
import { Client } from "../../../src/server/client.ts";
import { execute } from "../../../src/server/dispatch.ts";
import { Request } from "../../../src/protocol/request.ts";

const broken = defineCommand({
  name: "broken",
  group: "server",
  summary: "Throws, as a bug would",
  since: "0.0.0",
  complexity: "O(1)",
  flags: [],
  args: {},
  run() {
    throw new Error("simulated bug");
  },
});

test("an exception in a command becomes an error reply and a log line", async () => {
  const lines: string[] = [];
  await using server = await startServer({ port: 0, log: (line) => lines.push(line) });
  const client = new Client(server.server, null, { addr: "t:1", laddr: "t:2", isLocal: true, isUnixSocket: false }, 1);
  execute(server.server, client, broken, Request.of([new TextEncoder().encode("broken")]));
  const reply = Buffer.from(client.reply.buf.subarray(0, client.reply.length)).toString("latin1");
  expect(reply).toBe("-ERR internal error in 'broken', see the server log\r\n");
  expect(lines.some((line) => line.includes("Internal error in 'broken'") && line.includes("simulated bug"))).toBe(true);
  expect(server.server.stats.statsOf(broken)?.failedCalls).toBe(1);
});
