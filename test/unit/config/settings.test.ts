// The settings table: defaults print as redis-server 7.0.15 prints them (CONFIG GET on a fresh
// server), each value syntax parses and fails with Redis's setter texts, and the Config type
// derived from the table has the expected shapes.

import { describe, expect, test } from "bun:test";
import { mkdtempSync, realpathSync, rmSync, symlinkSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ALL_SETTINGS,
  type Config,
  SETTING_ENTRIES,
  type Setting,
  configFromPatch,
  defaultConfig,
  lookupSetting,
  parseBindAddress,
} from "../../../src/config/settings.ts";

function setting(name: string): Setting {
  const entry = lookupSetting(name);
  if (entry === undefined) throw new Error(`no setting ${name}`);
  return entry.setting;
}

/** Parses a value as CONFIG SET would hand it over (multi-arg values split on spaces). */
function parse(name: string, value: string, current?: unknown): { ok: true; text: string; value: unknown } | { ok: false; error: string } {
  const s = setting(name);
  const argv = s.multiArg ? (value === "" ? [] : value.split(" ")) : [value];
  const r = s.parse(argv, current ?? s.defaultValue());
  return r.ok ? { ok: true, text: s.format(r.value), value: r.value } : r;
}

function expectText(name: string, value: string, text: string): void {
  expect(parse(name, value)).toMatchObject({ ok: true, text });
}

function expectError(name: string, value: string, error: string): void {
  expect(parse(name, value)).toEqual({ ok: false, error });
}

describe("defaults", () => {
  // CONFIG GET on redis-server 7.0.15 started with only --port/--unixsocket.
  const redisDefaults: Record<string, string> = {
    port: "6379",
    unixsocketperm: "0",
    "protected-mode": "yes",
    timeout: "0",
    "tcp-keepalive": "300",
    maxclients: "10000",
    daemonize: "no",
    loglevel: "notice",
    logfile: "",
    hz: "10",
    databases: "16",
    "enable-protected-configs": "no",
    "enable-debug-command": "no",
    requirepass: "",
    "proto-max-bulk-len": "536870912",
    "client-query-buffer-limit": "1073741824",
    "client-output-buffer-limit": "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60",
    "replica-read-only": "yes",
    "slave-read-only": "yes",
    "notify-keyspace-events": "",
    "hash-max-listpack-entries": "512",
    "hash-max-ziplist-entries": "512",
    "hash-max-listpack-value": "64",
    "hash-max-ziplist-value": "64",
    "list-max-listpack-size": "-2",
    "list-max-ziplist-size": "-2",
    "list-compress-depth": "0",
    "set-max-intset-entries": "512",
    "zset-max-listpack-entries": "128",
    "zset-max-ziplist-entries": "128",
    "zset-max-listpack-value": "64",
    "zset-max-ziplist-value": "64",
    dbfilename: "dump.rdb",
    save: "3600 1 300 100 60 10000",
    rdbchecksum: "yes",
    "stop-writes-on-bgsave-error": "yes",
    rdbcompression: "yes",
    appendonly: "no",
    appendfilename: "appendonly.aof",
    appenddirname: "appendonlydir",
    appendfsync: "everysec",
    "no-appendfsync-on-rewrite": "no",
    "aof-use-rdb-preamble": "yes",
    "aof-load-truncated": "yes",
    "aof-timestamp-enabled": "no",
    "auto-aof-rewrite-percentage": "100",
    "auto-aof-rewrite-min-size": "67108864",
    unixsocket: "",
  };
  const config = defaultConfig();
  for (const [name, text] of Object.entries(redisDefaults)) {
    test(`${name} = ${JSON.stringify(text)}`, () => {
      const entry = lookupSetting(name);
      expect(entry).toBeDefined();
      if (entry !== undefined) expect(entry.setting.format(config[entry.key])).toBe(text);
    });
  }
  test("bind: Debian's redis.conf line, not Redis's built-in '* -::*'", () => {
    expect(setting("bind").format(config.bind)).toBe("127.0.0.1 -::1");
  });
  test("dir: the physical path of the starting directory", () => {
    expect(config.dir).toBe(realpathSync("."));
  });
  test("every setting is in the table", () => {
    const aliases = SETTING_ENTRIES.length - ALL_SETTINGS.length;
    expect(aliases).toBe(6); // slave-read-only and the five *-ziplist-* names
    expect(ALL_SETTINGS.length).toBe(Object.keys(redisDefaults).length - aliases + 2); // + bind, dir
  });
  test("defaults are fresh objects, never shared", () => {
    const a = defaultConfig();
    const b = defaultConfig();
    expect(a.save).not.toBe(b.save);
    expect(a["client-output-buffer-limit"]).not.toBe(b["client-output-buffer-limit"]);
    expect(a).toEqual(b);
  });
  test("every default's CONFIG GET text parses back to the same value", () => {
    for (const s of ALL_SETTINGS) {
      const value = s.defaultValue();
      const text = s.format(value);
      const argv = s.multiArg ? (text === "" ? [] : text.split(" ")) : [text];
      const r = s.parse(argv, value);
      expect(r).toEqual({ ok: true, value });
    }
  });
  test("entries list aliases right after their setting", () => {
    const names = SETTING_ENTRIES.map((e) => e.name);
    expect(names.indexOf("slave-read-only")).toBe(names.indexOf("replica-read-only") + 1);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toBe(name.toLowerCase());
  });
});

describe("typed shapes", () => {
  test("Config fields have the declared types", () => {
    const c: Config = defaultConfig();
    // Compile-time checks: these assignments fail `tsc` if the derived types drift.
    const port: number = c.port;
    const bind: readonly string[] = c.bind;
    const bulk: number = c["proto-max-bulk-len"];
    const save: readonly { seconds: number; changes: number }[] = c.save;
    const replicaHard: number = c["client-output-buffer-limit"].replica.hardLimitBytes;
    const level: "debug" | "verbose" | "notice" | "warning" = c.loglevel;
    const debug: "no" | "yes" | "local" = c["enable-debug-command"];
    const protectedMode: boolean = c["protected-mode"];
    const pass: string = c.requirepass;
    const perm: number = c.unixsocketperm;
    expect([port, bind, bulk, save.length, replicaHard, level, debug, protectedMode, pass, perm]).toEqual([
      6379,
      ["127.0.0.1", "-::1"],
      536870912,
      3,
      268435456,
      "notice",
      "no",
      true,
      "",
      0,
    ]);
  });
  test("configFromPatch fills in defaults", () => {
    const c = configFromPatch({ port: 0, databases: 4 });
    expect(c.port).toBe(0);
    expect(c.databases).toBe(4);
    expect(c.hz).toBe(10);
  });
  test("lookupSetting is case-insensitive and knows aliases", () => {
    expect(lookupSetting("PORT")?.key).toBe("port");
    expect(lookupSetting("Slave-Read-Only")).toMatchObject({ name: "slave-read-only", key: "replica-read-only" });
    expect(lookupSetting("foo")).toBeUndefined();
  });
});

// Error texts below are what CONFIG SET / redis.conf printed on redis-server 7.0.15.
describe("integers", () => {
  test("port", () => {
    expectText("port", "6380", "6380");
    expectError("port", "abc", "argument couldn't be parsed into an integer");
    expectError("port", "+5", "argument couldn't be parsed into an integer");
    expectError("port", "70000", "argument must be between 0 and 65535 inclusive");
    expectError("port", "99999", "argument must be between 0 and 65535 inclusive");
  });
  test("timeout rejects leading zeros, -0 and blanks", () => {
    expectText("timeout", "5", "5");
    expectError("timeout", "05", "argument couldn't be parsed into an integer");
    expectError("timeout", "-0", "argument couldn't be parsed into an integer");
    expectError("timeout", " 5", "argument couldn't be parsed into an integer");
  });
  test("tcp-keepalive, databases", () => {
    expectError("tcp-keepalive", "-1", "argument must be between 0 and 2147483647 inclusive");
    expectError("databases", "0", "argument must be between 1 and 2147483647 inclusive");
  });
  test("maxclients compares as unsigned int", () => {
    expectError("maxclients", "0", "argument must be between 1 and 4294967295 inclusive");
    expectError("maxclients", "4294967296", "argument must be between 1 and 4294967295 inclusive");
    expectError("maxclients", "-1", "argument must be between 1 and 4294967295 inclusive");
    expectText("maxclients", "4294967295", "4294967295");
  });
  test("hz accepts 0..INT_MAX and caps to 1..500", () => {
    expectText("hz", "1000", "500");
    expectText("hz", "0", "1");
    expectText("hz", "100", "100");
    expectError("hz", "-1", "argument must be between 0 and 2147483647 inclusive");
  });
  test("encoding thresholds: list-max-listpack-size is an int, the others non-negative", () => {
    expectText("list-max-listpack-size", "-6", "-6");
    expectText("list-max-ziplist-size", "100000", "100000");
    expectError("list-compress-depth", "-1", "argument must be between 0 and 2147483647 inclusive");
    expectError("hash-max-listpack-entries", "-1", "argument must be between 0 and 9223372036854775807 inclusive");
    expectError("set-max-intset-entries", "-1", "argument must be between 0 and 9223372036854775807 inclusive");
    expectError("zset-max-ziplist-value", "-1", "argument must be between 0 and 9223372036854775807 inclusive");
  });
  test("unixsocketperm is octal", () => {
    expectText("unixsocketperm", "700", "700");
    expectText("unixsocketperm", "0777", "777");
    expectError("unixsocketperm", "800", "argument couldn't be parsed as an octal number");
    expectError("unixsocketperm", "0x7", "argument couldn't be parsed as an octal number");
    expectError("unixsocketperm", "-1", "argument must be between 0 and 777 inclusive");
    expectError("unixsocketperm", "1000", "argument must be between 0 and 777 inclusive");
  });
});

describe("memory", () => {
  test("units", () => {
    expectText("client-query-buffer-limit", "2m", "2000000");
    expectText("client-query-buffer-limit", "2mb", "2097152");
    expectText("client-query-buffer-limit", "2MB", "2097152");
    expectText("client-query-buffer-limit", "2000000b", "2000000");
    expectError("client-query-buffer-limit", "1.5m", "argument must be a memory value");
    expectError("client-query-buffer-limit", "-1", "argument must be a memory value");
  });
  test("proto-max-bulk-len is a long long from 1mb", () => {
    expectText("proto-max-bulk-len", "1mb", "1048576");
    expectText("proto-max-bulk-len", "512mb", "536870912");
    expectError("proto-max-bulk-len", "1000", "argument must be between 1048576 and 9223372036854775807 inclusive");
    // 2^63 and above turn negative in the long long.
    expectError(
      "proto-max-bulk-len",
      "9223372036854775808",
      "argument must be between 1048576 and 9223372036854775807 inclusive",
    );
  });
  test("client-query-buffer-limit", () => {
    const bounds = "argument must be between 1048576 and 9223372036854775807 inclusive";
    expectText("client-query-buffer-limit", "1gb", "1073741824");
    expectError("client-query-buffer-limit", "1k", bounds);
    // No digits reads as 0, under the minimum.
    expectError("client-query-buffer-limit", "", bounds);
    expectError("client-query-buffer-limit", "k", bounds);
    expectText("client-query-buffer-limit", "9223372036854775807", "9223372036854775807");
    expectError("client-query-buffer-limit", "9223372036854775808", bounds);
    expectError("client-query-buffer-limit", "18446744073709551616", bounds);
  });
});

describe("bool and enum", () => {
  test("yes/no in any case", () => {
    expectText("protected-mode", "NO", "no");
    expectText("slave-read-only", "Yes", "yes");
    expectError("protected-mode", "maybe", "argument must be 'yes' or 'no'");
    expectError("slave-read-only", "maybe", "argument must be 'yes' or 'no'");
  });
  test("daemonize: no only", () => {
    expectText("daemonize", "no", "no");
    const r = parse("daemonize", "yes");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain("redbun does not daemonize");
  });
  test("enums list their names", () => {
    expectText("loglevel", "WARNING", "warning");
    expectError("loglevel", "foo", "argument(s) must be one of the following: debug, verbose, notice, warning");
    expectError("enable-debug-command", "x", "argument(s) must be one of the following: no, yes, local");
    expectText("enable-protected-configs", "LOCAL", "local");
  });
});

describe("strings", () => {
  test("file names", () => {
    expectText("dbfilename", "x.rdb", "x.rdb");
    expectText("dbfilename", "", "");
    expectError("dbfilename", "a/b", "dbfilename can't be a path, just a filename");
    expectError("dbfilename", "a\\b", "dbfilename can't be a path, just a filename");
  });
  test("requirepass keeps every byte, other strings stop at NUL", () => {
    expectText("requirepass", "p\0w", "p\0w");
    expectText("logfile", "a\0b", "a");
  });
});

describe("save", () => {
  test("pairs, cleared by an empty value", () => {
    expectText("save", "3600 1 300 100", "3600 1 300 100");
    expectText("save", "", "");
    expectText("save", "+5 01", "5 1");
    // sdssplitlen leaves an empty last argument, which strtoll reads as 0 changes.
    expectText("save", "1 2 3 ", "1 2 3 0");
    expect(parse("save", "60 10")).toMatchObject({ value: [{ seconds: 60, changes: 10 }] });
  });
  test("Invalid save parameters", () => {
    for (const v of ["1 2 3", "0 1", "1 -1", " 1 2", "1 2  3 4", "5 0x1", "1abc 2"]) {
      expectError("save", v, "Invalid save parameters");
    }
  });
});

describe("bind", () => {
  test("addresses, '' for none, at most 16", () => {
    expectText("bind", "127.0.0.1 -::1", "127.0.0.1 -::1");
    expectText("bind", "", "");
    expectError("bind", "a b c d e f g h i j k l m n o p q", "Too many bind addresses specified.");
  });
  test("parseBindAddress", () => {
    expect(parseBindAddress("-::1")).toEqual({ host: "::1", optional: true });
    expect(parseBindAddress("*")).toEqual({ host: "0.0.0.0", optional: false });
    expect(parseBindAddress("-::*")).toEqual({ host: "::", optional: true });
    expect(parseBindAddress("10.0.0.1")).toEqual({ host: "10.0.0.1", optional: false });
  });
});

describe("client-output-buffer-limit", () => {
  const full = "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60";
  test("one class changes, CONFIG GET prints all three", () => {
    expectText("client-output-buffer-limit", "pubsub 1mb 2k 5", "normal 0 0 0 slave 268435456 67108864 60 pubsub 1048576 2000 5");
    expectText("client-output-buffer-limit", "replica 1 2 3", "normal 0 0 0 slave 1 2 3 pubsub 33554432 8388608 60");
    expectText("client-output-buffer-limit", "normal 1 2 3 normal 4 5 6", "normal 4 5 6 slave 268435456 67108864 60 pubsub 33554432 8388608 60");
    expectText("client-output-buffer-limit", "NORMAL 0 0 0 pubsub 32mb 8mb 60 replica 256mb 64mb 60", full);
    expectText("client-output-buffer-limit", "", full);
  });
  test("typed", () => {
    expect(parse("client-output-buffer-limit", "slave 1kb 2 3")).toMatchObject({
      value: { replica: { hardLimitBytes: 1024, softLimitBytes: 2, softLimitSeconds: 3 } },
    });
  });
  test("errors", () => {
    expectError("client-output-buffer-limit", "master 1 2 3", "Invalid client class specified in buffer limit configuration.");
    expectError("client-output-buffer-limit", "slave 1 2", "Wrong number of arguments in buffer limit configuration.");
    const values = "Error in hard, soft or soft_seconds setting in buffer limit configuration.";
    expectError("client-output-buffer-limit", "slave 1 2 -1", values);
    expectError("client-output-buffer-limit", "slave 1 2 x", values);
    expectError("client-output-buffer-limit", "slave 1.5 2 3", values);
  });
  test("all or nothing", () => {
    expectError("client-output-buffer-limit", "normal 1 2 3 master 1 2 3", "Invalid client class specified in buffer limit configuration.");
  });
});

describe("dir", () => {
  test("absolute physical path, relative to the current dir, chdir's errors", () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), "redbun-config-dir-")));
    try {
      mkdirSync(join(root, "d1", "sub"), { recursive: true });
      symlinkSync(join(root, "d1"), join(root, "link"));
      writeFileSync(join(root, "file"), "");
      // Checked: CONFIG SET dir <symlink>/ then CONFIG GET dir → the target; "sub" → <dir>/sub.
      expect(parse("dir", `${root}/link/`, "/")).toMatchObject({ ok: true, text: join(root, "d1") });
      expect(parse("dir", "sub", join(root, "d1"))).toMatchObject({ ok: true, text: join(root, "d1", "sub") });
      expect(parse("dir", "/nonexistent-redbun-dir", root)).toEqual({ ok: false, error: "No such file or directory" });
      expect(parse("dir", join(root, "file"), root)).toEqual({ ok: false, error: "Not a directory" });
      expect(parse("dir", "", root)).toEqual({ ok: false, error: "No such file or directory" });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
