// Fan-out in server/pubsub.ts writes a message frame once per protocol and copies those bytes to
// the other receivers: every receiver must still get exactly its own frame, RESP2 arrays and RESP3
// pushes mixed, after whatever output it already had (even when the write first moved that
// unsent output to the start of its buffer), and a closing client gets nothing yet still counts.

import { expect, test } from "bun:test";
import { startServer } from "../../../src/index.ts";
import { Client } from "../../../src/server/client.ts";
import type { Server } from "../../../src/server/server.ts";

function client(server: Server, id: number, protocol: 2 | 3): Client {
  const c = new Client(server, null, { addr: `t:${id}`, laddr: "t:0", isLocal: true, isUnixSocket: false }, id);
  c.reply.protocol = protocol;
  return c;
}

/** What the client has not sent yet, as text. */
function unsent(c: Client): string {
  return Buffer.from(c.reply.buf.subarray(c.reply.sent, c.reply.length)).toString("latin1");
}

const message = (type: string, channel: string, payload: string): string =>
  `${type}3\r\n$7\r\nmessage\r\n$${channel.length}\r\n${channel}\r\n$${payload.length}\r\n${payload}\r\n`;

test("each receiver gets its protocol's frame after its own unsent output", async () => {
  await using srv = await startServer({ port: 0 });
  const server = srv.server;
  const [a, b, closing, c, d] = [client(server, 1, 2), client(server, 2, 3), client(server, 3, 2), client(server, 4, 2), client(server, 5, 3)];
  for (const x of [a, b, closing, c, d]) server.pubsub.subscribe(x, "channel", ["news"]);
  server.pubsub.subscribe(a, "pattern", ["n*"]);
  server.pubsub.subscribe(d, "pattern", ["n*"]);
  for (const x of [a, b, closing, c, d]) x.reply.markAllSent();
  // a has 10 bytes still unsent at the end of a nearly full buffer: the frame does not fit
  // behind them, so the writer first moves them to the start.
  const capacity = a.reply.buf.length;
  a.reply.raw(new Uint8Array(capacity - 20).fill(97));
  a.reply.raw(new TextEncoder().encode("0123456789"));
  a.reply.sent = capacity - 20;
  closing.closeAfterReply = true;

  const payload = "p".repeat(40);
  const receivers = server.pubsub.publish("channel", "news", new TextEncoder().encode(payload));
  expect(receivers).toBe(7);
  const pmessage = (type: string): string =>
    `${type}4\r\n$8\r\npmessage\r\n$2\r\nn*\r\n$4\r\nnews\r\n$40\r\n${payload}\r\n`;
  expect(a.reply.sent).toBe(0);
  expect(unsent(a)).toBe(`0123456789${message("*", "news", payload)}${pmessage("*")}`);
  expect(unsent(b)).toBe(message(">", "news", payload));
  expect(unsent(closing)).toBe("");
  expect(unsent(c)).toBe(message("*", "news", payload));
  expect(unsent(d)).toBe(`${message(">", "news", payload)}${pmessage(">")}`);

  // The next publish starts afresh: a keyspace-event style string message, one receiver per protocol.
  for (const x of [a, b, c, d]) x.reply.markAllSent();
  server.pubsub.unsubscribe(c, "channel", ["news"]);
  server.pubsub.unsubscribe(d, "channel", ["news"]);
  server.pubsub.unsubscribe(d, "pattern", ["n*"]);
  for (const x of [c, d]) x.reply.markAllSent();
  expect(server.pubsub.publish("channel", "news", "\u00ffbyte")).toBe(4);
  expect(unsent(a)).toBe(`${message("*", "news", "\u00ffbyte")}${pmessage("*").replace(`$40\r\n${payload}`, "$5\r\n\u00ffbyte")}`);
  expect(unsent(b)).toBe(message(">", "news", "\u00ffbyte"));
  expect(unsent(c)).toBe("");
  expect(unsent(d)).toBe("");
});
