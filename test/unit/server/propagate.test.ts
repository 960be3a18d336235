// Propagation's bookkeeping (server.c call / alsoPropagate / propagatePendingCommands): what a
// call records once dirty rose, rewrites in place of argv, MULTI/EXEC around more than one
// command, nothing recorded without a target. Driven with stand-in clients.

import { expect, test } from "bun:test";
import { Propagation, type PropagatedArgv } from "../../../src/server/propagate.ts";
import type { Client } from "../../../src/server/client.ts";
import { Request } from "../../../src/protocol/request.ts";
import { latin1 } from "../../../src/store/latin1.ts";

/** A call's words as the parser hands them over. */
function words(...text: string[]): Request {
  return Request.of(text.map((word) => Buffer.from(word, "latin1")));
}

/** The little of a Client that propagation reads and clears. */
function fakeClient(dbIndex = 0) {
  const state = { dirty: 0 };
  const client = {
    dbIndex,
    propagatedArgvs: null as PropagatedArgv[] | null,
    forcePropagation: false,
    server: state,
  };
  return { client: client as unknown as Client & typeof client, state };
}

function recorder(propagation: Propagation) {
  const fed: string[] = [];
  propagation.addTarget({ feed: (db, argv) => fed.push(`${db}:${argv.map((word) => (typeof word === "string" ? word : latin1(word))).join(" ")}`) });
  return fed;
}

test("a call that changed nothing propagates nothing; one that did, its argv", () => {
  const propagation = new Propagation();
  const fed = recorder(propagation);
  const { client, state } = fakeClient(2);
  propagation.enter();
  propagation.exit(client, words("GET", "k"), state.dirty);
  propagation.enter();
  state.dirty++;
  propagation.exit(client, words("SET", "k", "v"), 0);
  expect(fed).toEqual(["2:SET k v"]);
});

test("propagateAs replaces argv (none: nothing), forcePropagation needs no dirty, both are cleared", () => {
  const propagation = new Propagation();
  const fed = recorder(propagation);
  const { client, state } = fakeClient();
  propagation.enter();
  state.dirty++;
  client.propagatedArgvs = [["DEL", "k"]];
  propagation.exit(client, words("GETDEL", "k"), 0);
  propagation.enter();
  state.dirty++;
  client.propagatedArgvs = [];
  propagation.exit(client, words("SPOP", "s", "0"), 0);
  propagation.enter();
  client.forcePropagation = true;
  propagation.exit(client, words("FLUSHDB"), state.dirty);
  expect(fed).toEqual(["0:DEL k", "0:FLUSHDB"]);
  expect(client.propagatedArgvs).toBeNull();
  expect(client.forcePropagation).toBe(false);
});

test("more than one command from one top-level call goes in MULTI/EXEC, in the dbs they ran in", () => {
  const propagation = new Propagation();
  const fed = recorder(propagation);
  const outer = fakeClient(0);
  propagation.enter(); // EXEC
  expect(propagation.nested).toBe(false);
  propagation.enter();
  expect(propagation.nested).toBe(true);
  propagation.add(0, ["DEL", "expired"]);
  outer.state.dirty++;
  propagation.exit(outer.client, words("SET", "a", "1"), 0);
  outer.client.dbIndex = 3;
  propagation.enter();
  outer.state.dirty++;
  propagation.exit(outer.client, words("SET", "b", "1"), 1);
  expect(fed).toEqual([]);
  propagation.exit(outer.client, null, 0);
  expect(fed).toEqual(["0:MULTI", "0:DEL expired", "0:SET a 1", "3:SET b 1", "3:EXEC"]);
});

test("outside any call a command is fed at once; without a target nothing is kept", () => {
  const propagation = new Propagation();
  propagation.add(0, ["DEL", "a"]);
  const fed = recorder(propagation);
  propagation.add(1, ["DEL", "b"]);
  propagation.add(1, ["DEL", "c"]);
  expect(fed).toEqual(["1:DEL b", "1:DEL c"]);
});
