// ConfigStore: CONFIG GET patterns and CONFIG SET's atomicity, precedence of errors and change
// hooks with rollback. Every error text here is what redis-server 7.0.15 replied to the same
// CONFIG SET (redis-cli shows the same text after the leading '-').

import { describe, expect, test } from "bun:test";
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configFromPatch, defaultConfig } from "../../../src/config/settings.ts";
import { ConfigStore } from "../../../src/config/store.ts";

const set = (store: ConfigStore, ...args: string[]) => {
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < args.length; i += 2) pairs.push([args[i], args[i + 1]]);
  return store.configSet(pairs);
};

const failed = (name: string, reason: string) => ({
  ok: false,
  error: `ERR CONFIG SET failed (possibly related to argument '${name}') - ${reason}`,
});

describe("CONFIG GET", () => {
  const store = new ConfigStore(configFromPatch({ port: 0 }));

  test("an exact name answers under the client's spelling", () => {
    expect(store.configGet(["port"])).toEqual([["port", "0"]]);
    expect(store.configGet(["PORT"])).toEqual([["PORT", "0"]]);
    expect(store.configGet(["Port", "p[o]rt", "nonexist"])).toEqual([["Port", "0"]]);
  });

  test("no name twice, compared case-insensitively", () => {
    expect(store.configGet(["port", "PORT"])).toEqual([["port", "0"]]);
    expect(store.configGet(["PO*", "PORT"])).toEqual([["port", "0"]]);
    expect(store.configGet(["P?RT"])).toEqual([["port", "0"]]);
    expect(store.configGet(["save", "SAVE"])).toEqual([["save", "3600 1 300 100 60 10000"]]);
  });

  test("unknown names and empty patterns give nothing", () => {
    expect(store.configGet(["foo"])).toEqual([]);
    expect(store.configGet([""])).toEqual([]);
  });

  test("globs match aliases too", () => {
    expect(store.configGet(["*read-only*"])).toEqual([
      ["replica-read-only", "yes"],
      ["slave-read-only", "yes"],
    ]);
    expect(store.configGet(["slave-read-only"])).toEqual([["slave-read-only", "yes"]]);
  });

  test("several patterns at once", () => {
    const names = store.configGet(["bind", "client-*", "enable-*"]).map(([n]) => n);
    expect(names).toEqual([
      "bind",
      "client-query-buffer-limit",
      "client-output-buffer-limit",
      "enable-protected-configs",
      "enable-debug-command",
    ]);
  });

  test("* lists every setting and alias once", () => {
    const all = store.configGet(["*"]);
    const names = all.map(([n]) => n);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain("slave-read-only");
    expect(names).toContain("dir");
  });
});

describe("CONFIG SET", () => {
  test("sets several values, reads them back", () => {
    const store = new ConfigStore();
    expect(
      set(store, "timeout", "5", "client-query-buffer-limit", "2mb", "save", "60 1", "client-output-buffer-limit", "pubsub 1mb 2k 5"),
    ).toEqual({ ok: true });
    expect(store.values.timeout).toBe(5);
    expect(store.get("client-query-buffer-limit")).toBe(2 * 1024 * 1024);
    expect(store.values.save).toEqual([{ seconds: 60, changes: 1 }]);
    expect(store.configGet(["client-output-buffer-limit"])).toEqual([
      ["client-output-buffer-limit", "normal 0 0 0 slave 268435456 67108864 60 pubsub 1048576 2000 5"],
    ]);
    expect(set(store, "save", "")).toEqual({ ok: true });
    expect(store.configGet(["save"])).toEqual([["save", ""]]);
  });

  test("values is a live view", () => {
    const store = new ConfigStore();
    const values = store.values;
    set(store, "hz", "1000");
    expect(values.hz).toBe(500);
  });

  test("Redis's texts", () => {
    const store = new ConfigStore();
    expect(set(store, "foo", "bar")).toEqual({
      ok: false,
      error: "ERR Unknown option or number of arguments for CONFIG SET - 'foo'",
    });
    expect(set(store, "port", "abc")).toEqual(failed("port", "argument couldn't be parsed into an integer"));
    expect(set(store, "PORT", "abc")).toEqual(failed("port", "argument couldn't be parsed into an integer"));
    expect(set(store, "port", "70000")).toEqual(failed("port", "argument must be between 0 and 65535 inclusive"));
    expect(set(store, "databases", "3")).toEqual(failed("databases", "can't set immutable config"));
    expect(set(store, "port", "1", "port", "2")).toEqual(failed("port", "duplicate parameter"));
    expect(set(store, "timeout", "1", "TIMEOUT", "2")).toEqual(failed("TIMEOUT", "duplicate parameter"));
    expect(set(store, "dbfilename", "x.rdb")).toEqual(failed("dbfilename", "can't set protected config"));
    expect(set(store, "dir", "/tmp")).toEqual(failed("dir", "can't set protected config"));
    expect(set(store, "slave-read-only", "maybe")).toEqual(failed("slave-read-only", "argument must be 'yes' or 'no'"));
    expect(set(store, "save", "1 2 3")).toEqual(failed("save", "Invalid save parameters"));
    expect(set(store, "client-output-buffer-limit", "master 1 2 3")).toEqual(
      failed("client-output-buffer-limit", "Invalid client class specified in buffer limit configuration."),
    );
    expect(set(store, "bind", "a b c d e f g h i j k l m n o p q")).toEqual(
      failed("bind", "Too many bind addresses specified."),
    );
    // Not in redbun yet: unknown, as on a Redis without them.
    for (const name of ["maxmemory", "maxmemory-policy", "activerehashing", "lazyfree-lazy-eviction"]) {
      expect(set(store, name, "")).toEqual({
        ok: false,
        error: `ERR Unknown option or number of arguments for CONFIG SET - '${name}'`,
      });
    }
    expect(set(store, "loglevel", "foo")).toEqual(
      failed("loglevel", "argument(s) must be one of the following: debug, verbose, notice, warning"),
    );
  });

  test("immutable settings", () => {
    const store = new ConfigStore();
    for (const name of [
      "unixsocket",
      "unixsocketperm",
      "logfile",
      "daemonize",
      "databases",
      "enable-protected-configs",
      "enable-debug-command",
    ]) {
      const [[, value] = ["", ""]] = store.configGet([name]);
      expect(set(store, name, value)).toEqual(failed(name, "can't set immutable config"));
    }
  });

  test("mutable settings accept their own CONFIG GET text", () => {
    const store = new ConfigStore();
    for (const [name, value] of store.configGet(["*"])) {
      const r = set(store, name, value);
      if (name === "dir" || name === "dbfilename") expect(r).toEqual(failed(name, "can't set protected config"));
      else if (!r.ok) expect(r.error).toEndWith("can't set immutable config");
    }
    expect(store.values).toEqual(new ConfigStore().values);
  });

  test("the first problem with a name wins", () => {
    const store = new ConfigStore();
    expect(set(store, "databases", "3", "foo", "bar")).toEqual(failed("databases", "can't set immutable config"));
    expect(set(store, "foo", "bar", "databases", "3")).toEqual({
      ok: false,
      error: "ERR Unknown option or number of arguments for CONFIG SET - 'foo'",
    });
    expect(set(store, "port", "1", "port", "2", "databases", "3")).toEqual(failed("port", "duplicate parameter"));
    // Names are all checked before any value: a bad value does not hide an unknown name.
    expect(set(store, "port", "abc", "foo", "bar")).toEqual({
      ok: false,
      error: "ERR Unknown option or number of arguments for CONFIG SET - 'foo'",
    });
  });

  test("atomic: a bad value leaves every setting unchanged", () => {
    const store = new ConfigStore();
    expect(set(store, "timeout", "5", "port", "abc")).toEqual(failed("port", "argument couldn't be parsed into an integer"));
    expect(store.values.timeout).toBe(0);
    expect(store.values).toEqual(new ConfigStore().values);
  });

  test("a setting and its alias are not duplicates: the last one wins", () => {
    const store = new ConfigStore();
    expect(set(store, "slave-read-only", "yes", "replica-read-only", "no")).toEqual({ ok: true });
    expect(store.configGet(["slave-read-only", "replica-read-only"])).toEqual([
      ["slave-read-only", "no"],
      ["replica-read-only", "no"],
    ]);
  });

  test("protected settings with enable-protected-configs yes / local", () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), "redbun-config-store-")));
    try {
      const yes = new ConfigStore(configFromPatch({ "enable-protected-configs": "yes", dir: "/" }));
      expect(yes.configSet([["dir", root]])).toEqual({ ok: true });
      expect(yes.values.dir).toBe(root);
      expect(yes.configSet([["dir", "/nonexist"]])).toEqual(failed("dir", "No such file or directory"));
      expect(yes.configSet([["dir", ""]])).toEqual(failed("dir", "No such file or directory"));
      expect(yes.configSet([["dbfilename", "a/b"]])).toEqual(failed("dbfilename", "dbfilename can't be a path, just a filename"));

      const local = new ConfigStore(configFromPatch({ "enable-protected-configs": "local" }));
      expect(local.configSet([["dbfilename", "x.rdb"]])).toEqual(failed("dbfilename", "can't set protected config"));
      expect(local.configSet([["dbfilename", "x.rdb"]], { localClient: true })).toEqual({ ok: true });
      expect(local.values.dbfilename).toBe("x.rdb");
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test("-LOADING for dir while loading", () => {
    const store = new ConfigStore(configFromPatch({ "enable-protected-configs": "yes" }));
    expect(store.configSet([["dir", "/"]], { loading: true })).toEqual({
      ok: false,
      error: "LOADING Redis is loading the dataset in memory",
    });
    expect(store.configSet([["timeout", "1"]], { loading: true })).toEqual({ ok: true });
  });
});

describe("change hooks", () => {
  test("run once per CONFIG SET, only on a change, after every value is stored", () => {
    const store = new ConfigStore(configFromPatch({ port: 6379 }));
    const calls: string[] = [];
    store.onChange(["port", "bind"], (config, previous) => {
      calls.push(`listen ${config.bind.join(",")}:${config.port} (was ${previous.port})`);
    });
    store.onChange("hz", (config) => {
      calls.push(`hz ${config.hz}`);
    });
    expect(set(store, "port", "7000", "bind", "0.0.0.0", "timeout", "3")).toEqual({ ok: true });
    expect(set(store, "port", "7000")).toEqual({ ok: true }); // unchanged: no hook
    expect(set(store, "hz", "600")).toEqual({ ok: true });
    expect(set(store, "hz", "700")).toEqual({ ok: true }); // still 500 after the cap
    expect(calls).toEqual(["listen 0.0.0.0:7000 (was 6379)", "hz 500"]);
  });

  test("a failing hook rolls every value back and reruns the hooks", () => {
    const logs: string[] = [];
    const store = new ConfigStore(configFromPatch({ port: 6379 }), { log: (m) => logs.push(m) });
    const listened: number[] = [];
    store.onChange("port", (config) => {
      listened.push(config.port);
      return config.port === 7000 ? { error: "Unable to listen on this port. Check server logs." } : undefined;
    });
    // Checked against redis-server: CONFIG SET port <busy> timeout 7 fails, timeout stays 0.
    expect(set(store, "port", "7000", "timeout", "7")).toEqual(
      failed("port", "Unable to listen on this port. Check server logs."),
    );
    expect(store.values.port).toBe(6379);
    expect(store.values.timeout).toBe(0);
    expect(listened).toEqual([7000, 6379]);
    expect(logs[0]).toBe(
      "Failed applying new configuration. Possibly related to new port setting. Restoring previous settings.",
    );
  });

  test("a hook that throws fails the same way; removing a hook", () => {
    const store = new ConfigStore();
    const off = store.onChange("maxclients", () => {
      throw new Error("The operating system is not able to handle the specified number of clients, try with 1024");
    });
    expect(set(store, "maxclients", "20000")).toEqual(
      failed("maxclients", "The operating system is not able to handle the specified number of clients, try with 1024"),
    );
    expect(store.values.maxclients).toBe(10000);
    off();
    expect(set(store, "maxclients", "20000")).toEqual({ ok: true });
  });

  test("a hook failing without a reason", () => {
    const store = new ConfigStore();
    store.onChange("timeout", () => ({ error: "" }));
    expect(set(store, "timeout", "5")).toEqual({
      ok: false,
      error: "ERR CONFIG SET failed (possibly related to argument 'timeout')",
    });
  });
});

describe("ownership", () => {
  test("two stores share nothing", () => {
    const initial = defaultConfig();
    const a = new ConfigStore(initial);
    const b = new ConfigStore(initial);
    set(a, "save", "1 1");
    expect(b.values.save).toEqual(initial.save);
    expect(initial.save.length).toBe(3);
  });
});
