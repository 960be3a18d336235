// Starts redbun in-process for tests: startServer({ port: 0, dir: <fresh temp dir>, ...config })
// from src/index.ts, with a handle that connects raw RESP clients and, on close, stops the
// server and removes the temp dir. Config keys are Redis directive names ("unixsocket", "databases").

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer } from "../../src/index.ts";
import { RespClient } from "./resp-client.ts";

/** The handle startServer returns. */
export type RedbunServer = Awaited<ReturnType<typeof startServer>>;
/** startServer's config object. */
export type RedbunConfig = NonNullable<Parameters<typeof startServer>[0]>;

export interface Redbun extends AsyncDisposable {
  /** The startServer handle itself (clock, close, …). */
  server: RedbunServer;
  /** Bound TCP port (on 127.0.0.1). */
  port: number;
  /** Unix socket path when configured. */
  unixSocket: string | undefined;
  /** The temp working dir given as `dir` (dump.rdb, AOF land here), removed on close. */
  dir: string;
  /** A new raw RESP connection over TCP. */
  connect(): Promise<RespClient>;
  /** Closes the server and removes the temp dir. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts redbun on an ephemeral TCP port with its own temp `dir` (unless config sets one).
 * `await using r = await startRedbun({ databases: 4 }); const c = await r.connect();`
 */
export async function startRedbun(config: Record<string, unknown> = {}): Promise<Redbun> {
  const dir = mkdtempSync(join(tmpdir(), "redbun-test-"));
  let server: RedbunServer;
  try {
    // The cast is the one seam between this loose test-facing config and the server's own type.
    server = await startServer({ port: 0, dir, ...config } as RedbunConfig);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      try {
        await server.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    })();
    return closing;
  };
  return {
    server,
    port: server.port,
    unixSocket: server.unixSocket,
    dir,
    connect: () => RespClient.connect({ port: server.port, host: "127.0.0.1" }),
    close,
    [Symbol.asyncDispose]: close,
  };
}
