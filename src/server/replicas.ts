// Clients that asked for the dataset with SYNC (Redis's server.slaves, without PSYNC or a
// backlog): what each said with REPLCONF beforehand, and the replication stream for those that
// stay on after the snapshot — every propagated write as a multibulk, a SELECT first whenever
// the db changes, as replicationFeedSlaves sends it.

import type { Client } from "./client.ts";
import type { PropagatedArgv, PropagationTarget } from "./propagate.ts";
import type { Server } from "./server.ts";

/** What a client told us with REPLCONF before SYNC. */
export interface ReplicaRequest {
  /** capa eof: it reads the diskless "$EOF:<mark>" format (SLAVE_CAPA_EOF). */
  capaEof: boolean;
  /** rdb-only 1: it wants the snapshot and nothing after it (CLIENT_REPL_RDBONLY). */
  rdbOnly: boolean;
  /** rdb-filter-only: keys are left out of its snapshot (SLAVE_REQ_RDB_EXCLUDE_DATA). */
  excludeData: boolean;
}

const SELECT = "SELECT";

export class Replicas implements PropagationTarget {
  private readonly requests = new Map<Client, ReplicaRequest>();
  /** Online replicas and the db their stream is in (-1: none yet, so the first write selects). */
  private readonly online = new Map<Client, { dbIndex: number }>();

  constructor(private readonly server: Server) {}

  /** The REPLCONF state of a client, created on first use. */
  request(client: Client): ReplicaRequest {
    let request = this.requests.get(client);
    if (request === undefined) {
      request = { capaEof: false, rdbOnly: false, excludeData: false };
      this.requests.set(client, request);
    }
    return request;
  }

  /** The request a client made, if any (SYNC reads it). */
  requestOf(client: Client): ReplicaRequest | undefined {
    return this.requests.get(client);
  }

  isReplica(client: Client): boolean {
    return this.online.has(client);
  }

  /** After its snapshot: the client receives every propagated write from now on. */
  attach(client: Client): void {
    if (this.online.size === 0) this.server.propagation.addTarget(this);
    this.online.set(client, { dbIndex: -1 });
  }

  /** The connection closed (freeClient): forget what it asked for. */
  forget(client: Client): void {
    this.requests.delete(client);
    if (this.online.delete(client) && this.online.size === 0) this.server.propagation.removeTarget(this);
  }

  feed(dbIndex: number, argv: PropagatedArgv): void {
    for (const [client, stream] of this.online) {
      if (stream.dbIndex !== dbIndex) {
        writeCommand(client, [SELECT, String(dbIndex)]);
        stream.dbIndex = dbIndex;
      }
      writeCommand(client, argv);
      this.server.markPending(client);
    }
  }
}

/** A command as a RESP multibulk in the client's output. */
function writeCommand(client: Client, argv: PropagatedArgv): void {
  const reply = client.reply;
  reply.arrayHeader(argv.length);
  for (const arg of argv) {
    if (typeof arg === "string") reply.bulkLatin1(arg);
    else reply.bulk(arg);
  }
}
