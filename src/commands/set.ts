// The sets commands (Redis's t_set.c). Being written; each command is declared here once.

import type { Command } from "./define.ts";

export const setCommands: readonly Command[] = [];
