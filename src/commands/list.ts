// The lists commands (Redis's t_list.c). Being written; each command is declared here once.

import type { Command } from "./define.ts";

export const listCommands: readonly Command[] = [];
