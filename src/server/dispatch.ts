// processCommand + call(): from an argv to a reply. Table lookup (container subcommands too),
// arity, authentication, the MULTI queue, the compiled argument parser, then `run` — with the
// statistics Redis keeps around every call (commandstats, errorstats, CLIENT REPLY OFF|SKIP)
// and the MONITOR feed.

import type { Command } from "../commands/define.ts";
import { findCommand } from "../commands/table.ts";
import type { ArgMap, ParsedArgs, ReadState } from "../commands/args.ts";
import { keyFromBytes } from "../commands/args.ts";
import { abortExec } from "../commands/transactions.ts";
import { Errors, onlyPubsubCommands, unknownCommand, unknownSubcommand, wrongArity } from "../protocol/errors.ts";
import { Request } from "../protocol/request.ts";
import type { Client } from "./client.ts";
import type { Server } from "./server.ts";

/** Scratch space for lower-casing a command name without building a string twice. */
const lowered = new Uint8Array(64);

/** Command names are matched case-insensitively, ASCII only (strcasecmp), on latin1 text. */
export function commandName(bytes: Uint8Array): string {
  const n = bytes.length;
  if (n > lowered.length) return keyFromBytes(bytes).toLowerCase();
  for (let i = 0; i < n; i++) {
    const c = bytes[i]!;
    lowered[i] = c >= 65 && c <= 90 ? c + 32 : c;
  }
  return keyFromBytes(lowered, n);
}

/** What `run` gets when it reads the request itself (readsRequestInRun). */
const NO_ARGS: ParsedArgs<ArgMap> = {};

/** Shared by every call: the compiled parsers write their scratch values here. */
const readState: ReadState = { value: undefined, error: "", keyPositions: null };

/**
 * Finds the command a request names: the command itself, or for a container (CONFIG, CLIENT…)
 * its subcommand. Returns an error text when there is none, as Redis words it.
 */
export function lookupCommand(request: Request): Command | string {
  const command = findCommand(request.buf, request.starts[0]!, request.ends[0]!);
  if (command === undefined) {
    const rest: string[] = [];
    for (let i = 1; i < request.length; i++) rest.push(request.latin1(i));
    return unknownCommand(request.latin1(0), rest);
  }
  // A container named alone is itself the command (lookupCommandLogic): COMMAND runs, CONFIG
  // fails the arity check and counts a rejected call.
  if (command.subcommands.size === 0 || request.length < 2) return command;
  const subcommand = command.subcommands.get(commandName(request.word(1)));
  return subcommand ?? unknownSubcommand(request.latin1(1), command.name);
}

/** Runs one command; outside a read event's batch (tests, timers) it is a batch of its own. */
export function dispatch(server: Server, client: Client, request: Request): void {
  if (server.batch.open) {
    dispatchInBatch(server, client, request);
    return;
  }
  beginBatch(server);
  dispatchInBatch(server, client, request);
  endBatch(server);
}

export function beginBatch(server: Server): void {
  server.batch.begin(server.clock.monotonicMs(), server.wallOffsetMs);
}

export function endBatch(server: Server): void {
  server.batch.end(server.clock.monotonicMs());
}

function dispatchInBatch(server: Server, client: Client, request: Request): void {
  const reply = client.reply;
  const replyStart = reply.length;
  client.request = request;
  const command = lookupCommand(request);
  if (typeof command === "string") {
    // processCommand sets c->lastcmd to what the lookup found: CLIENT LIST shows cmd=NULL.
    client.lastCommand = "NULL";
    flagTransaction(client);
    reply.error(command);
  } else {
    client.lastCommand = command.fullName;
    execute(server, client, command, request);
    // handleClientsBlockedOnKeys, after each top-level command: a transaction's pushes are
    // served once EXEC is over, since EXEC's queued commands run through call() alone.
    if (server.blocking.hasReadyKeys) server.blocking.serveReadyKeys();
  }
  // CLIENT REPLY: a reply is dropped while OFF, and for the one command after SKIP. CLIENT
  // REPLY ON clears both before its +OK; RESET clears OFF but not a SKIP already in force.
  // As resetClient does after every command, SKIP_NEXT then becomes the next command's SKIP.
  if (client.repliesDropped) reply.discardFrom(replyStart);
  client.replySkip = client.replySkipNext;
  client.replySkipNext = false;
}

/**
 * A command that throws is a redbun bug. Redis would crash with a bug report; a server that
 * many clients share should not, so the error is logged with its stack and this client gets an
 * error reply in place of the one it was owed, then carries on.
 */
function runGuarded(server: Server, client: Client, command: Command, args: ParsedArgs<ArgMap>): void {
  try {
    command.spec.run(client, args);
  } catch (error) {
    server.log.warning(`Internal error in '${command.fullName}': ${error instanceof Error ? error.stack : String(error)}`);
    client.reply.error(`ERR internal error in '${command.fullName}', see the server log`);
  }
}

/** What processCommand runs even inside MULTI rather than queuing it. */
const RUN_IN_MULTI = new Set(["exec", "discard", "multi", "watch", "quit", "reset"]);

/**
 * processCommand after the lookup: the checks that may reject the command, then inside MULTI
 * the queue (+QUEUED), else the call.
 */
export function execute(server: Server, client: Client, command: Command, request: Request): void {
  const error = rejection(client, command, request.length);
  if (error !== null) rejectCommand(server, client, command, error);
  else if (client.multiQueue !== null && !RUN_IN_MULTI.has(command.fullName)) queueCommand(client, command, request);
  else call(server, client, command, request);
}

/** processCommand's checks, in its order: the error text that rejects the command, or null. */
function rejection(client: Client, command: Command, argc: number): string | null {
  const arity = command.arity;
  if ((arity > 0 && argc !== arity) || argc < -arity) return wrongArity(command.fullName);
  if (client.authRequired() && !command.flags.has("no_auth")) return Errors.noAuth;
  if (client.multiQueue !== null && command.flags.has("no_multi")) return Errors.notAllowedInMulti;
  const server = client.server;
  if (!server.rdb.lastBgsaveOk || server.aof.lastWriteError !== null) {
    const error = diskError(client, command);
    if (error !== null) return error;
  }
  // A subscribed RESP2 connection carries pushes: only commands whose replies fit among them
  // run there. RESP3 tells pushes apart, so anything goes.
  if (client.subscriptions !== null && client.reply.protocol === 2 && !PUBSUB_CONTEXT.has(command.fullName)) {
    return onlyPubsubCommands(command.fullName);
  }
  // A MONITOR client is a replica to Redis (CLIENT_SLAVE): it may not touch the keyspace.
  const flags = command.flags;
  if (client.monitor && (flags.has("readonly") || flags.has("write") || flags.has("may_replicate"))) {
    return Errors.replicaKeyspace;
  }
  return null;
}

/**
 * writeCommandsDeniedByDiskError: after a failed background save (with
 * stop-writes-on-bgsave-error and save points), or while the AOF cannot be written, writes are
 * refused — and PING, and an EXEC whose queue holds a write — until the disk works again.
 * Returns the error to answer, or null.
 */
function diskError(client: Client, command: Command): string | null {
  const name = command.fullName;
  const write =
    command.isWrite || name === "ping" || (name === "exec" && client.multiQueue?.some((queued) => queued.command.isWrite) === true);
  if (!write) return null;
  if (client.server.rdb.writesDenied()) return Errors.bgsaveFailedMisconf;
  return client.server.aof.writeError();
}

/** What processCommand lets a subscribed RESP2 client run (it compares procs: SLOWLOG RESET is not RESET). */
const PUBSUB_CONTEXT = new Set([
  "ping", "subscribe", "ssubscribe", "unsubscribe", "sunsubscribe", "psubscribe", "punsubscribe", "quit", "reset",
]);

/** rejectCommand: counted as a rejected call; inside MULTI it dooms the transaction. */
function rejectCommand(server: Server, client: Client, command: Command, error: string): void {
  server.stats.forCommand(command).rejectedCalls++;
  flagTransaction(client);
  // A rejected EXEC ends the transaction (execCommandAbort), even outside MULTI: then it only
  // unwatches, but still answers EXECABORT.
  if (command.fullName === "exec") abortExec(client, error);
  else client.reply.error(error);
}

/** flagTransaction: a command failed to queue, so EXEC will answer EXECABORT. */
function flagTransaction(client: Client): void {
  if (client.multiQueue !== null) client.multiRejected = true;
}

/** queueMultiCommand: the words are copied (the read buffer they are in is reused). */
function queueCommand(client: Client, command: Command, request: Request): void {
  // A transaction that can no longer run keeps nothing, but still answers QUEUED.
  if (!client.multiRejected && !client.dirtyCas) {
    const queued = Request.of(request.words());
    client.multiQueue!.push({ command, request: queued });
    client.multiBytes += queued.buf.length + 8 * queued.length;
  }
  client.reply.simple("QUEUED");
}

/**
 * call(): argument parsing, then the command, with its statistics and the MONITOR feed. EXEC
 * calls its queued commands through here, as Redis's execCommand calls call().
 */
export function call(server: Server, client: Client, command: Command, request: Request): void {
  const reply = client.reply;
  // Argument errors count as failed calls. Errors are counted as a rise since the last call
  // ended, so that EXEC does not fail with its queued commands (incrCommandStatsOnError).
  server.errorRepliesAtLastCall = server.stats.totalErrorReplies;
  client.request = request;
  client.nowMs = server.batch.nowMs;
  readState.keyPositions = null;
  const dirtyBefore = server.dirty;
  server.propagation.enter();
  const args = command.spec.readsRequestInRun ? NO_ARGS : command.parse(request, readState);
  if (args === null) reply.error(readState.error);
  else runGuarded(server, client, command, args);
  // EXEC is never propagated itself: its commands are, wrapped in MULTI/EXEC (server/propagate.ts).
  server.propagation.exit(client, command.fullName === "exec" ? null : request, dirtyBefore);
  if (client.blocked !== null) {
    // A command that blocked is counted when its wait ends (updateStatsOnUnblock).
    client.blocked.command = command;
  } else {
    // Looked up after the call, and failures counted as a rise in errors, so that CONFIG
    // RESETSTAT's own call is what the fresh statistics show (cmdstat_config|resetstat:calls=1).
    const stats = server.stats.forCommand(command);
    stats.calls++;
    server.batch.record(stats);
    if (server.stats.totalErrorReplies > server.errorRepliesAtLastCall) stats.failedCalls++;
    server.stats.commandsProcessed++;
  }
  server.errorRepliesAtLastCall = server.stats.totalErrorReplies;
  // Fed after the call, in the db it leaves selected; admin commands are too sensitive to show.
  if (server.monitors.size > 0 && !command.flags.has("admin") && !command.flags.has("skip_monitor")) {
    server.monitors.feed(client, request.words());
  }
  client.redactedArgs = null;
}
