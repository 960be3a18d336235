// Socket I/O for one client: bytes in → parse → dispatch, replies out in one write per read
// event. `socket.write` in Bun takes what the kernel accepts and no more, so unsent bytes stay
// in the client's reply buffer and go out on `drain`, in order. A client whose unsent output
// passes the high-water mark is not read from (its commands wait in the socket) until it
// drains; past `client-output-buffer-limit` it is disconnected, as in Redis.

import { ParseStatus, RequestParser, type ParseLimits } from "../protocol/resp-parser.ts";
import type { Client } from "./client.ts";
import { beginBatch, dispatch, endBatch } from "./dispatch.ts";
import { prefetchKeys } from "./prefetch.ts";
import type { Server } from "./server.ts";

/** Stop running a client's commands while this much of its output is unsent. */
const OUTPUT_HIGH_WATER = 1024 * 1024;
/** The query buffer is given back after a big request has been consumed. */
const QUERY_SHRINK_ABOVE = 1024 * 1024;

const parser = new RequestParser();

/** Runs every complete command in `chunk` (plus what was left from before), then flushes. */
export function onData(server: Server, client: Client, chunk: Uint8Array): void {
  client.netInputBytes += chunk.length;
  server.stats.netInputBytes += chunk.length;
  client.lastInteractionMs = server.clock.nowMs();
  if (client.queryEnd > client.queryStart) {
    appendToQuery(client, chunk);
    if (client.queryEnd < client.queryWaitUntil) return;
    processQuery(server, client, client.queryBuffer, client.queryStart, client.queryEnd);
  } else {
    processQuery(server, client, chunk, 0, chunk.length);
  }
  server.flushPending();
}

/** Parses and runs commands from buf[start, end) and keeps whatever could not run yet. */
export function processQuery(server: Server, client: Client, buf: Uint8Array, start: number, end: number): void {
  const limits: ParseLimits = { maxBulkLength: 0, authRequired: false };
  server.updateParseLimits(limits, client);
  beginBatch(server);
  let prefetchedTo = start;
  while (start < end && !client.closeAfterReply && !client.inputPaused && client.blocked === null) {
    const status = parser.parse(buf, start, end, limits);
    if (status === ParseStatus.command) {
      // Read before running: a command may process another client's input (unblocking it),
      // which reuses the shared parser.
      const next = parser.next;
      // More commands follow this one: bring their keys into the cache together.
      if (next < end && start >= prefetchedTo) prefetchedTo = prefetchKeys(client, buf, start, end, limits);
      dispatch(server, client, parser.request);
      server.updateParseLimits(limits, client);
      start = next;
    } else if (status === ParseStatus.empty) {
      start = parser.next;
    } else if (status === ParseStatus.incomplete) {
      client.queryWaitUntil = parser.needBytes > 0 ? end - start + parser.needBytes : 0;
      break;
    } else {
      server.log.verbose(`Protocol error (${parser.error}) from client: id=${client.id} addr=${client.address.addr}`);
      // setProtocolError answers through addReplyError, which CLIENT REPLY OFF/SKIP silence.
      const replyStart = client.reply.length;
      client.reply.error(parser.error);
      if (client.repliesDropped) client.reply.discardFrom(replyStart);
      client.closeAfterReply = true;
      start = end;
    }
    if (client.reply.pendingBytes > OUTPUT_HIGH_WATER) pauseInput(server, client);
  }
  endBatch(server);
  keepUnparsed(server, client, buf, start, end);
  server.markPending(client);
}

/** Saves the unparsed tail; it must be copied when it still lives in the socket's chunk. */
function keepUnparsed(server: Server, client: Client, buf: Uint8Array, start: number, end: number): void {
  if (start >= end || client.closeAfterReply) {
    client.queryStart = client.queryEnd = client.queryWaitUntil = 0;
    if (client.queryBuffer.length > QUERY_SHRINK_ABOVE) client.queryBuffer = new Uint8Array(0);
    return;
  }
  if (buf === client.queryBuffer) {
    // queryWaitUntil was computed relative to the frame start, as queryEnd will be.
    client.queryBuffer.copyWithin(0, start, end);
    client.queryEnd = end - start;
    client.queryStart = 0;
  } else {
    client.queryStart = client.queryEnd = 0;
    appendToQuery(client, buf.subarray(start, end));
  }
  if (client.queryEnd > server.queryBufferLimit()) {
    server.log.warning(`Closing client that reached max query buffer length: id=${client.id} addr=${client.address.addr}`);
    server.closeClient(client);
  }
}

function appendToQuery(client: Client, bytes: Uint8Array): void {
  const needed = client.queryEnd + bytes.length;
  if (needed > client.queryBuffer.length) {
    // Grow straight to what the parser said it needs: a 100 MB value is copied once.
    const capacity = Math.max(needed, client.queryWaitUntil, client.queryBuffer.length * 2, 16 * 1024);
    const grown = new Uint8Array(capacity);
    grown.set(client.queryBuffer.subarray(client.queryStart, client.queryEnd));
    client.queryEnd -= client.queryStart;
    client.queryStart = 0;
    client.queryBuffer = grown;
  }
  client.queryBuffer.set(bytes, client.queryEnd);
  client.queryEnd += bytes.length;
}

function pauseInput(server: Server, client: Client): void {
  client.inputPaused = true;
  client.socket?.pause();
  server.log.debug(`Pausing input of client id=${client.id}: output is over the high-water mark`);
}

/**
 * Hands the client's unsent output to the socket. Returns false if bytes remain (they go out
 * on `drain`). Closes the client once everything is out if it was asked to.
 */
export function flushClient(server: Server, client: Client): boolean {
  const reply = client.reply;
  const socket = client.socket;
  if (socket === null) return true;
  const pending = reply.length - reply.sent;
  if (pending > 0) {
    const written = socket.write(reply.buf, reply.sent, pending);
    if (written < 0) return true; // the socket is closing; `close` cleans up
    reply.sent += written;
    // writeToClient: a client that is being sent its replies is not idle (timeout).
    if (written > 0) client.lastInteractionMs = server.clock.nowMs();
    client.netOutputBytes += written;
    server.stats.netOutputBytes += written;
    if (written < pending) {
      server.enforceOutputLimit(client);
      return false;
    }
    reply.markAllSent();
  }
  if (client.closeAfterReply) {
    socket.end();
  } else if (client.inputPaused) {
    resumeInput(server, client);
  }
  return true;
}

/** The socket drained: send more, and once below the mark run the commands that waited. */
export function onDrain(server: Server, client: Client): void {
  // appendfsync always: replies waiting for this turn's AOF fsync go out with the others.
  if (server.aof.repliesOnHold) server.markPending(client);
  else flushClient(server, client);
  server.flushPending();
}

function resumeInput(server: Server, client: Client): void {
  client.inputPaused = false;
  client.socket?.resume();
  processPendingInput(server, client);
}

/** Runs the commands waiting in the client's query buffer (after a pause or a blocking wait). */
export function processPendingInput(server: Server, client: Client): void {
  if (client.queryEnd > client.queryStart) {
    processQuery(server, client, client.queryBuffer, client.queryStart, client.queryEnd);
  }
}
