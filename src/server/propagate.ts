// Command propagation, as Redis 7.0's call() + alsoPropagate() + propagatePendingCommands():
// a top-level command that changed data (dirty rose) is fed to the targets (the AOF; replicas
// would be another) as its argv, or as what it asked for instead (client.propagateAs: SET EX →
// SET PXAT, SPOP → SREM …). Keys the keyspace removes by itself (expiry) are fed as DEL.
// What one top-level call produces is fed when it ends; more than one command goes in MULTI/EXEC.

import type { Request } from "../protocol/request.ts";
import type { Client } from "./client.ts";

/** An argument as fed: bytes, or a latin1 string (one char per byte, as keys are held). */
export type PropagatedArg = Uint8Array | string;
export type PropagatedArgv = readonly PropagatedArg[];

/** Where propagated commands go. `feed` must copy what it keeps: argv may be views. */
export interface PropagationTarget {
  feed(dbIndex: number, argv: PropagatedArgv): void;
}

interface PendingCommand {
  readonly dbIndex: number;
  readonly argv: PropagatedArgv;
}

const MULTI: PropagatedArgv = ["MULTI"];
const EXEC: PropagatedArgv = ["EXEC"];

/**
 * Server-wide propagation state: how deep calls are nested (EXEC calls its queued commands,
 * server.execution_nesting) and the commands waiting for the outermost call to end
 * (server.also_propagate).
 */
export class Propagation {
  private depth = 0;
  private pending: PendingCommand[] = [];
  private readonly targets: PropagationTarget[] = [];

  /** Whether anything listens: with no target nothing is recorded. */
  get active(): boolean {
    return this.targets.length > 0;
  }

  addTarget(target: PropagationTarget): void {
    if (!this.targets.includes(target)) this.targets.push(target);
  }

  removeTarget(target: PropagationTarget): void {
    const at = this.targets.indexOf(target);
    if (at !== -1) this.targets.splice(at, 1);
  }

  /** A call inside a call is running (EXEC's queued commands: Redis's server.in_exec). */
  get nested(): boolean {
    return this.depth > 1;
  }

  /** call() begins: what is propagated from here on waits for the outermost call to end. */
  enter(): void {
    this.depth++;
  }

  /**
   * call() ends. If the command changed data (dirty rose past `dirtyBefore`) or forced it,
   * its words — or what it asked for with propagateAs — are recorded in the client's db;
   * `request` null never propagates the command itself (EXEC, whose commands propagate one by one; a
   * blocked client's serve, which only propagates what it asks for). The outermost call then
   * feeds everything recorded.
   */
  exit(client: Client, request: Request | null, dirtyBefore: number): void {
    const rewritten = client.propagatedArgvs;
    const forced = client.forcePropagation;
    if (rewritten !== null) client.propagatedArgvs = null;
    if (forced) client.forcePropagation = false;
    if (this.targets.length > 0 && (forced || client.server.dirty > dirtyBefore)) {
      if (rewritten !== null) {
        for (const command of rewritten) this.pending.push({ dbIndex: client.dbIndex, argv: command });
      } else if (request !== null) {
        this.pending.push({ dbIndex: client.dbIndex, argv: request.words() });
      }
    }
    if (--this.depth === 0 && this.pending.length > 0) this.flush();
  }

  /**
   * alsoPropagate: a command the server itself runs (DEL for an expired key). Outside any call
   * (the cron's active expiry) it is fed at once, on its own.
   */
  add(dbIndex: number, argv: PropagatedArgv): void {
    if (this.targets.length === 0) return;
    this.pending.push({ dbIndex, argv });
    if (this.depth === 0) this.flush();
  }

  /**
   * propagatePendingCommands: more than one command is wrapped in MULTI/EXEC so that replay
   * is atomic too; MULTI takes the first command's db (its SELECT comes first) and EXEC the
   * last one's (no SELECT in between).
   */
  private flush(): void {
    const commands = this.pending;
    this.pending = [];
    const wrap = commands.length > 1;
    if (wrap) this.feed(commands[0]!.dbIndex, MULTI);
    for (const { dbIndex, argv } of commands) this.feed(dbIndex, argv);
    if (wrap) this.feed(commands[commands.length - 1]!.dbIndex, EXEC);
  }

  private feed(dbIndex: number, argv: PropagatedArgv): void {
    for (const target of this.targets) target.feed(dbIndex, argv);
  }
}
