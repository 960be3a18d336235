// The command table: every group's commands by lower-case name, with container commands
// (CONFIG, CLIENT, OBJECT, COMMAND…) holding their subcommands. Built once at start-up.

import { connectionCommands } from "./connection.ts";
import type { Command } from "./define.ts";
import { genericCommands } from "./generic.ts";
import { serverCommands } from "./server.ts";
import { stringCommands } from "./string.ts";

export const allCommands: readonly Command[] = [
  ...stringCommands,
  ...genericCommands,
  ...connectionCommands,
  ...serverCommands,
];

function buildTable(commands: readonly Command[]): Map<string, Command> {
  const table = new Map<string, Command>();
  for (const command of commands) {
    if (command.spec.container === undefined) {
      if (table.has(command.name)) throw new Error(`command '${command.name}' is declared twice`);
      table.set(command.name, command);
    }
  }
  for (const command of commands) {
    const container = command.spec.container;
    if (container === undefined) continue;
    const parent = table.get(container);
    if (parent === undefined) throw new Error(`subcommand '${command.fullName}' has no container`);
    if (parent.subcommands.has(command.name)) throw new Error(`subcommand '${command.fullName}' is declared twice`);
    parent.subcommands.set(command.name, command);
  }
  return table;
}

export const commandTable: ReadonlyMap<string, Command> = buildTable(allCommands);
