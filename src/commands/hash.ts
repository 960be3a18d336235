// The hashes commands (Redis's t_hash.c). Being written; each command is declared here once.

import type { Command } from "./define.ts";

export const hashCommands: readonly Command[] = [];
