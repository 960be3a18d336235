// The transactions commands (Redis's multi.c). Being written; each command is declared here once.

import type { Command } from "./define.ts";

export const transactionsCommands: readonly Command[] = [];
