// The sorted sets commands (Redis's t_zset.c). Being written; each command is declared here once.

import type { Command } from "./define.ts";

export const sortedSetCommands: readonly Command[] = [];
