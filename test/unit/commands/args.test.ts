// The argument DSL's shared helpers: C-string comparisons (strcasecmp stops at a NUL byte),
// arguments handed to `run` as bytes with their documented grammar kept, a required oneof,
// token names, and the multiple_token doc flag of a repeated keyword.

import { describe, expect, test } from "bun:test";
import {
  cBytes,
  cString,
  int,
  isCToken,
  multiple,
  oneOf,
  readInRun,
  required,
  restReadInRun,
  text,
  token,
  withToken,
  type ArgMap,
  type ReadState,
} from "../../../src/commands/args.ts";
import { commandSyntax } from "../../../src/commands/command-docs.ts";
import { defineCommand } from "../../../src/commands/define.ts";
import { Request } from "../../../src/protocol/request.ts";
import { latin1Bytes } from "../../support/resp-client.ts";

function command(args: ArgMap) {
  return defineCommand({ name: "x", group: "generic", summary: "", since: "", flags: [], args, run: () => {} });
}

function parse(args: ArgMap, words: readonly string[]): unknown {
  const state: ReadState = { value: undefined, error: "", keyPositions: null };
  const parsed = command(args).parse(Request.of(["x", ...words].map(latin1Bytes)), state);
  return parsed ?? { error: state.error };
}

describe("C strings", () => {
  test("an argument ends at its first NUL byte", () => {
    expect(cBytes(latin1Bytes("ab\0cd"))).toEqual(latin1Bytes("ab"));
    expect(cString(latin1Bytes("ab\0cd"))).toBe("ab");
    expect(cString(latin1Bytes("\xff"))).toBe("\xff");
    expect(isCToken(latin1Bytes("withValues\0junk"), "WITHVALUES")).toBe(true);
    expect(isCToken(latin1Bytes("WITHVALUESX"), "WITHVALUES")).toBe(false);
    expect(isCToken(latin1Bytes("\0"), "")).toBe(true);
  });
});

describe("arguments read in run", () => {
  test("readInRun hands over the bytes and documents the declared grammar", () => {
    const arg = readInRun(int("count"));
    expect(arg.doc).toEqual({ name: "count", type: "integer" });
    expect(parse({ count: arg }, ["notanumber"])).toEqual({ count: latin1Bytes("notanumber") });
    expect(readInRun({ name: "mode", type: "oneof", arguments: [] }).doc).toEqual({ name: "mode", type: "oneof", arguments: [] });
  });

  test("restReadInRun takes every word left; optional unless required", () => {
    const rest = restReadInRun(withToken("MATCH", text("pattern", "pattern")));
    expect(rest.doc).toEqual({ name: "pattern", type: "pattern", token: "MATCH", optional: true });
    expect(parse({ rest, count: withToken("COUNT", int("count")) }, ["COUNT", "x", "y"])).toEqual({
      rest: ["COUNT", "x", "y"].map(latin1Bytes),
    });
    expect(command({ rest }).arity).toBe(-1);
    expect(command({ rest: restReadInRun({ name: "filter", type: "string" }, { required: true }) }).arity).toBe(-2);
  });
});

describe("declared grammar", () => {
  test("required: a oneof in its place, any other word a syntax error", () => {
    const where = required(oneOf("where", { left: token("LEFT"), right: token("RIGHT") }));
    expect(where.doc.optional).toBeUndefined();
    expect(parse({ where }, ["right"])).toEqual({ where: { kind: "right", value: true } });
    expect(parse({ where }, ["UP"])).toEqual({ error: "ERR syntax error" });
    expect(command({ where }).arity).toBe(2);
  });

  test("a token's documented name may differ from its word", () => {
    expect(token("CH").doc.name).toBe("ch");
    expect(token("CH", "change").doc).toEqual({ name: "change", type: "pure-token", token: "CH", optional: true });
  });

  test("a repeated keyword is multiple_token; a keyword before several values is not", () => {
    expect(multiple(withToken("GET", text("pattern", "pattern"))).doc.multipleToken).toBe(true);
    expect(withToken("WEIGHTS", multiple(int("weight"))).doc.multipleToken).toBeUndefined();
    const get = multiple(withToken("GET", text("pattern", "pattern")));
    expect(commandSyntax(command({ get }))).toBe("X [GET pattern [GET pattern ...]]");
    const weights = withToken("WEIGHTS", multiple(int("weight")));
    expect(commandSyntax(command({ weights }))).toBe("X [WEIGHTS weight [weight ...]]");
  });
});
