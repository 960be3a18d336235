// Tests of blocking commands over real sockets: a server on a ManualClock with a writer client
// and more clients on demand (closed with it), and the way to know a command has blocked — a
// command sent on one socket is not ordered with another socket's, so a test waits until INFO's
// blocked_clients counts it before it writes. Each poll is a round trip; no sleeping.

import { ManualClock, startServer } from "../../src/index.ts";
import { RespClient } from "./resp-client.ts";

type Server = Awaited<ReturnType<typeof startServer>>;

export interface BlockingSetup {
  srv: Server;
  clock: ManualClock;
  /** The client that writes and observes. */
  writer: RespClient;
  /** Opens another client (closed with the server). */
  connect(): Promise<RespClient>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** A server on a ManualClock (`await using setup = await startBlockingSetup()`). */
export async function startBlockingSetup(config: Record<string, unknown> = {}): Promise<BlockingSetup> {
  const clock = new ManualClock();
  const srv = await startServer({ port: 0, clock, ...config });
  const clients: RespClient[] = [];
  const connect = async (): Promise<RespClient> => {
    const client = await RespClient.connect(srv.port);
    clients.push(client);
    return client;
  };
  const writer = await connect();
  return {
    srv,
    clock,
    writer,
    connect,
    async [Symbol.asyncDispose]() {
      for (const client of clients) await client.close();
      await srv.close();
    },
  };
}

async function blockedClients(observer: RespClient): Promise<number> {
  const info = await observer.callText("INFO", "clients");
  return Number(/\r\nblocked_clients:(\d+)\r\n/.exec(info)![1]);
}

/** Waits until the server counts `n` blocked clients (INFO's blocked_clients). */
export async function waitBlocked(observer: RespClient, n: number): Promise<void> {
  for (let i = 0; i < 10_000; i++) if ((await blockedClients(observer)) === n) return;
  throw new Error(`never saw ${n} blocked clients`);
}

/** Sends a blocking command on `client` and returns once the server counts it as blocked. */
export async function blockOn(setup: BlockingSetup, client: RespClient, ...argv: string[]): Promise<void> {
  const before = await blockedClients(setup.writer);
  client.command(...argv);
  await waitBlocked(setup.writer, before + 1);
}

/** A new client that sent a blocking command and is now waiting in the server. */
export async function blocked(setup: BlockingSetup, ...argv: string[]): Promise<RespClient> {
  const client = await setup.connect();
  await blockOn(setup, client, ...argv);
  return client;
}
