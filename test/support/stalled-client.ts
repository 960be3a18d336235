// A client that sends commands and then never reads a byte of what comes back (its socket is
// paused), for the output buffer limits: the server must close it, and `closed` says when.

import { encodeCommand, type Argv } from "./resp-client.ts";

/** Connects to 127.0.0.1:`port`, sends `commands` and stops reading. */
export async function stalledClient(port: number, commands: readonly Argv[]): Promise<{ closed: Promise<void> }> {
  const { promise: closed, resolve } = Promise.withResolvers<void>();
  const socket = await Bun.connect({
    hostname: "127.0.0.1",
    port,
    socket: { data() {}, close: () => resolve(), error: () => resolve() },
  });
  socket.pause();
  for (const argv of commands) socket.write(encodeCommand(argv));
  return { closed };
}
