// The command table: every group's commands by lower-case name, with container commands
// (CONFIG, CLIENT, OBJECT, COMMAND…) holding their subcommands. Built once at start-up.

import { connectionCommands } from "./connection.ts";
import { rangeIsToken } from "../protocol/request.ts";
import type { Command } from "./define.ts";
import { genericCommands } from "./generic.ts";
import { hashCommands } from "./hash.ts";
import { listCommands } from "./list.ts";
import { pubsubCommands } from "./pubsub.ts";
import { serverCommands } from "./server.ts";
import { setCommands } from "./set.ts";
import { sortCommands } from "./sort.ts";
import { sortedSetCommands } from "./sorted-set.ts";
import { stringCommands } from "./string.ts";
import { transactionsCommands } from "./transactions.ts";

export const allCommands: readonly Command[] = [
  ...stringCommands,
  ...genericCommands,
  ...connectionCommands,
  ...serverCommands,
  ...listCommands,
  ...setCommands,
  ...hashCommands,
  ...sortedSetCommands,
  ...sortCommands,
  ...pubsubCommands,
  ...transactionsCommands,
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

/**
 * Finding a command from the argv bytes without building a string: commands are bucketed by
 * length and their first and last bytes (ASCII letters case-folded), then compared byte-wise.
 * Decoding and lower-casing the name for a Map lookup cost more than the rest of a GET.
 */
function bucketOf(length: number, first: number, last: number): number {
  return length * 65536 + (first | 0x20) * 256 + (last | 0x20);
}

interface NamedCommand {
  upperName: string;
  command: Command;
}

const commandBuckets = new Map<number, NamedCommand[]>();
for (const command of commandTable.values()) {
  const upperName = command.name.toUpperCase();
  const bucket = bucketOf(upperName.length, upperName.charCodeAt(0), upperName.charCodeAt(upperName.length - 1));
  const entries = commandBuckets.get(bucket);
  if (entries === undefined) commandBuckets.set(bucket, [{ upperName, command }]);
  else entries.push({ upperName, command });
}

/** The top-level command named by bytes[start, end) (any case), or undefined. */
export function findCommand(bytes: Uint8Array, start: number, end: number): Command | undefined {
  const length = end - start;
  if (length <= 0) return undefined;
  const entries = commandBuckets.get(bucketOf(length, bytes[start]!, bytes[end - 1]!));
  if (entries === undefined) return undefined;
  for (const entry of entries) if (rangeIsToken(bytes, start, end, entry.upperName)) return entry.command;
  return undefined;
}
