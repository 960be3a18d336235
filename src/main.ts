#!/usr/bin/env bun
// The redbun executable: `redbun [/path/to/redis.conf] [--directive value ...]`, exactly as
// redis-server takes its arguments. The only file that touches process.*: it reads argv,
// the config file and signals, and turns SHUTDOWN into an exit code.

import { readFileSync } from "node:fs";
import packageJson from "../package.json" with { type: "json" };
import { ConfigStore, REDIS_VERSION, loadConfig, parseCommandLine } from "./config/index.ts";
import { Server } from "./server/server.ts";
import { SystemClock } from "./store/clock.ts";

const argv = process.argv.slice(2);
const commandLine = parseCommandLine(argv);
if (commandLine.kind === "version") {
  process.stdout.write(`Redis server v=${REDIS_VERSION} sha=00000000:0 malloc=libc bits=64 build=redbun-${packageJson.version}\n`);
  process.exit(0);
}
if (commandLine.kind === "help") {
  process.stdout.write(
    "Usage: redbun [/path/to/redis.conf] [options] [-]\n" +
      "       redbun - (read config from stdin)\n" +
      "       redbun -v or --version\n" +
      "       redbun -h or --help\n\n" +
      "Examples:\n" +
      "       redbun (run the server with default conf)\n" +
      "       redbun /etc/redis/6379.conf\n" +
      "       redbun --port 7777\n" +
      "       redbun /etc/myredis.conf --loglevel verbose -\n",
  );
  process.exit(0);
}

const loaded = loadConfig(argv, (path) => readFileSync(path, "utf8"), {
  cwd: process.cwd(),
  readStdin: () => readFileSync(0, "utf8"),
});
if (!loaded.ok) {
  process.stderr.write(`${loaded.message}\n`);
  process.exit(1);
}

const server = new Server(new ConfigStore(loaded.config), {
  clock: new SystemClock(),
  pid: process.pid,
  stdout: (line) => process.stdout.write(line),
  onShutdown: (exitCode) => process.exit(exitCode),
  version: packageJson.version,
  executable: process.execPath,
  configFile: loaded.configFile ?? "",
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    server.log.warning(`Received ${signal} scheduling shutdown...`);
    // A failed final save keeps the server running, as Redis's prepareForShutdown does.
    if (!server.shutdown()) {
      server.log.warning(`${signal} received but errors trying to shut down the server, check the logs for more information`);
    }
  });
}

try {
  await server.listen();
} catch (error) {
  server.log.warning(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
