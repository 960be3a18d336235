// docs/commands.md is generated from the command table by scripts/gen-docs.ts: this fails when
// the committed file is stale (a command added or changed without `bun run docs`).

import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { COMMANDS_MD_PATH, renderCommandsMarkdown } from "../../scripts/gen-docs.ts";

test("docs/commands.md is up to date (run `bun run docs`)", () => {
  expect(readFileSync(COMMANDS_MD_PATH, "utf8")).toBe(renderCommandsMarkdown());
});
