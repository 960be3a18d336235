// The pub/sub commands (Redis's pubsub.c). Being written; each command is declared here once.

import type { Command } from "./define.ts";

export const pubsubCommands: readonly Command[] = [];
