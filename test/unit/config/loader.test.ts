// redis.conf parsing, the command line and loadConfig. The fatal messages are the stderr text
// redis-server 7.0.15 printed for the same files and flags (minus fprintf's final newline).

import { describe, expect, test } from "bun:test";
import { catRepr, loadConfig, parseCommandLine, parseConfigFile } from "../../../src/config/loader.ts";
import { defaultConfig } from "../../../src/config/settings.ts";

function fatal(line: number, text: string, reason: string): string {
  return `\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line ${line}\n>>> '${text}'\n${reason}`;
}

function files(map: Record<string, string>): (path: string) => string {
  return (path) => {
    const text = map[path];
    if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: "ENOENT" });
    return text;
  };
}

describe("parseConfigFile", () => {
  test("comments, blank lines, quotes, case-insensitive names", () => {
    const r = parseConfigFile(
      [
        "# a comment",
        "",
        "   \t",
        "  # indented comment",
        "PORT 7000",
        'requirepass "with space\\x41\\n"',
        "logfile 'single \\' quote'",
        "Bind 10.0.0.1 -::1   ",
        "loglevel WARNING\r",
        "client-query-buffer-limit 1gb",
        'unixsocket ""',
      ].join("\n"),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.patch).toEqual({
      port: 7000,
      requirepass: "with spaceA\n",
      logfile: "single ' quote",
      bind: ["10.0.0.1", "-::1"],
      loglevel: "warning",
      "client-query-buffer-limit": 1024 * 1024 * 1024,
      unixsocket: "",
    });
    expect(r.config.hz).toBe(10);
  });

  test("save lines accumulate; the first replaces the defaults; save \"\" clears", () => {
    const points = (text: string) => {
      const r = parseConfigFile(text);
      return r.ok ? r.config.save.map((p) => `${p.seconds} ${p.changes}`).join(" ") : r.message;
    };
    expect(points("port 1")).toBe("3600 1 300 100 60 10000");
    expect(points("save 900 1\nsave 300 10")).toBe("900 1 300 10");
    expect(points("save 900 1 60 2\nsave 10 1")).toBe("900 1 60 2 10 1");
    expect(points('save 900 1\nsave ""')).toBe("");
    expect(points('save ""\nsave 900 1')).toBe("900 1");
    expect(points("save")).toBe(""); // MULTI_ARG: no argument at all is allowed too
  });

  test("later lines override earlier ones", () => {
    const r = parseConfigFile("port 1\nport 2\nclient-output-buffer-limit pubsub 1 2 3\nclient-output-buffer-limit normal 4 5 6");
    expect(r.ok && r.config.port).toBe(2);
    expect(r.ok && r.config["client-output-buffer-limit"].pubsub).toEqual({
      hardLimitBytes: 1,
      softLimitBytes: 2,
      softLimitSeconds: 3,
    });
  });

  test("deprecated directives are ignored", () => {
    expect(parseConfigFile("list-max-ziplist-entries 5\nlua-replicate-commands yes").ok).toBe(true);
    const r = parseConfigFile("list-max-ziplist-entries 5\nfoo");
    expect(r).toEqual({ ok: false, message: fatal(2, "foo", "Bad directive or wrong number of arguments") });
  });

  test("include reads another file in place", () => {
    const readFile = files({ "/etc/extra.conf": "port 7001\nsave 60 1\n" });
    const r = parseConfigFile("save 900 1\ninclude /etc/extra.conf\ntimeout 5", { readFile });
    expect(r.ok && [r.config.port, r.config.timeout, r.config.save]).toEqual([
      7001,
      5,
      [
        { seconds: 900, changes: 1 },
        { seconds: 60, changes: 1 },
      ],
    ]);
    // Errors in an included file name its own line.
    const bad = parseConfigFile("port 1\ninclude /etc/bad.conf", { readFile: files({ "/etc/bad.conf": "\nhz x" }) });
    expect(bad).toEqual({ ok: false, message: fatal(2, "hz x", "argument couldn't be parsed into an integer") });
  });

  test("include of a missing file", () => {
    const r = parseConfigFile("include /nonexist.conf", { readFile: files({}) });
    expect(r).toEqual({
      ok: false,
      message: "Fatal error, can't open config file '/nonexist.conf': No such file or directory",
    });
  });

  test("include loops stop", () => {
    const r = parseConfigFile("include /a.conf", { readFile: files({ "/a.conf": "include /a.conf" }) });
    expect(r.ok).toBe(false);
  });

  // Each case: the file, then what redis-server 7.0.15 printed.
  const fatalCases: [string, string][] = [
    ["# comment\nfoo bar\n", fatal(2, "foo bar", "Bad directive or wrong number of arguments")],
    ["port abc\n", fatal(1, "port abc", "argument couldn't be parsed into an integer")],
    ["port 1 2\n", fatal(1, "port 1 2", "wrong number of arguments")],
    ["port\n", fatal(1, "port", "wrong number of arguments")],
    ['port "12\n', fatal(1, 'port "12', "Unbalanced quotes in configuration line")],
    ["save 1 2 3\n", fatal(1, "save 1 2 3", "Invalid save parameters")],
    ["databases 0\n", fatal(1, "databases 0", "argument must be between 1 and 2147483647 inclusive")],
    [
      "loglevel loud\n",
      fatal(1, "loglevel loud", "argument(s) must be one of the following: debug, verbose, notice, warning"),
    ],
    ['   \n\t# c\n  port   "abc"  \n', fatal(3, 'port   "abc"', "argument couldn't be parsed into an integer")],
    ["PORT 99999\n", fatal(1, "PORT 99999", "argument must be between 0 and 65535 inclusive")],
    ["dbfilename a/b\n", fatal(1, "dbfilename a/b", "dbfilename can't be a path, just a filename")],
    ["dir /nonexist\n", fatal(1, "dir /nonexist", "No such file or directory")],
    ["dir /etc/passwd\n", fatal(1, "dir /etc/passwd", "Not a directory")],
    ["unixsocketperm 800\n", fatal(1, "unixsocketperm 800", "argument couldn't be parsed as an octal number")],
    ["unixsocketperm -1\n", fatal(1, "unixsocketperm -1", "argument must be between 0 and 777 inclusive")],
    [
      "bind 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17\n",
      fatal(1, "bind 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17", "Too many bind addresses specified."),
    ],
    [
      "client-output-buffer-limit normal 1 2\n",
      fatal(1, "client-output-buffer-limit normal 1 2", "Wrong number of arguments in buffer limit configuration."),
    ],
    ["include\n", fatal(1, "include", "Bad directive or wrong number of arguments")],
    [
      "client-query-buffer-limit 1.5g\n",
      fatal(1, "client-query-buffer-limit 1.5g", "argument must be a memory value"),
    ],
    ["requirepass a b\n", fatal(1, "requirepass a b", "wrong number of arguments")],
  ];
  for (const [text, message] of fatalCases) {
    test(`fatal: ${JSON.stringify(text)}`, () => {
      expect(parseConfigFile(text)).toEqual({ ok: false, message });
    });
  }

  test("Redis directives redbun does not have yet are unknown, as in any Redis without them", () => {
    for (const line of ["maxmemory 1gb", "maxmemory-policy noeviction", "activerehashing yes", "lazyfree-lazy-eviction no"]) {
      expect(parseConfigFile(line)).toEqual({
        ok: false,
        message: fatal(1, line, "Bad directive or wrong number of arguments"),
      });
    }
  });

  test("daemonize yes is refused", () => {
    const r = parseConfigFile("daemonize yes");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toStartWith(fatal(1, "daemonize yes", "redbun does not daemonize"));
    expect(parseConfigFile("daemonize no").ok).toBe(true);
  });

  test("relative dir resolves against the dir set before it", () => {
    const base = { ...defaultConfig(), dir: "/" };
    const r = parseConfigFile("dir /usr\ndir bin", { base });
    expect(r.ok && r.config.dir).toBe("/usr/bin");
  });
});

describe("parseCommandLine", () => {
  test("version and help only as the first argument", () => {
    expect(parseCommandLine(["-v"])).toEqual({ kind: "version" });
    expect(parseCommandLine(["--version"])).toEqual({ kind: "version" });
    expect(parseCommandLine(["-h"])).toEqual({ kind: "help" });
    expect(parseCommandLine(["--help"])).toEqual({ kind: "help" });
    expect(parseCommandLine(["--port", "1", "--version"])).toMatchObject({ kind: "run" });
  });
  test("config file first, then flags turned into config lines", () => {
    expect(parseCommandLine(["/etc/redis.conf", "--port", "6380", "--save", "60", "1"])).toEqual({
      kind: "run",
      configFile: "/etc/redis.conf",
      configFromStdin: false,
      options: 'port "6380" \nsave "60" "1" ',
    });
  });
  test("no arguments", () => {
    expect(parseCommandLine([])).toEqual({ kind: "run", configFromStdin: false, options: "" });
  });
  test("--save alone or before another flag means save \"\"", () => {
    expect(parseCommandLine(["--save"])).toMatchObject({ options: 'save ""' });
    expect(parseCommandLine(["--save", "--port", "1"])).toMatchObject({ options: 'save ""\nport "1" ' });
    expect(parseCommandLine(["--save", ""])).toMatchObject({ options: 'save "" ' });
  });
  test("a value right after a name may start with --", () => {
    expect(parseCommandLine(["--requirepass", "--foo"])).toMatchObject({ options: 'requirepass "--foo" ' });
  });
  test('one "--name value" argument', () => {
    expect(parseCommandLine(["--bind 1.2.3.4 5.6.7.8", "--port", "x y"])).toMatchObject({
      options: 'bind 1.2.3.4 5.6.7.8 \nport "x y" ',
    });
  });
  test("- reads stdin when first or last", () => {
    expect(parseCommandLine(["-", "--port", "1"])).toMatchObject({ configFromStdin: true, options: 'port "1" ' });
    expect(parseCommandLine(["/c.conf", "--port", "1", "-"])).toMatchObject({ configFile: "/c.conf", configFromStdin: true });
  });
  test("values are quoted like sdscatrepr", () => {
    expect(catRepr('a"b\\c\n\t\x01é')).toBe('"a\\"b\\\\c\\n\\t\\x01\\xc3\\xa9"');
  });
});

describe("loadConfig", () => {
  const conf = files({ "/etc/r.conf": "port 0\n", "/etc/save.conf": "save 900 1\nport 7000\n" });

  test("no arguments: defaults", () => {
    const r = loadConfig([], conf, { cwd: "/tmp" });
    expect(r).toEqual({ ok: true, config: { ...defaultConfig(), dir: "/tmp" } });
  });

  test("flags override the file, save accumulates across both", () => {
    const r = loadConfig(["/etc/save.conf", "--port", "7001", "--save", "60", "1"], conf);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.configFile).toBe("/etc/save.conf");
    expect(r.config.port).toBe(7001);
    expect(r.config.save).toEqual([
      { seconds: 900, changes: 1 },
      { seconds: 60, changes: 1 },
    ]);
    // Checked: file "save 900 1" + --save 60 1 --save "" --save 30 2 → "30 2".
    const cleared = loadConfig(["/etc/save.conf", "--save", "60", "1", "--save", "", "--save", "30", "2"], conf);
    expect(cleared.ok && cleared.config.save).toEqual([{ seconds: 30, changes: 2 }]);
  });

  test("a bad flag is reported as a config line after the file", () => {
    // redis-server r.conf --foo bar (r.conf one line) and redis-server --port 0 --foo bar: line 3.
    const expected = fatal(3, 'foo "bar"', "Bad directive or wrong number of arguments");
    expect(loadConfig(["/etc/r.conf", "--foo", "bar"], conf)).toEqual({ ok: false, message: expected });
    expect(loadConfig(["--port", "0", "--foo", "bar"], conf)).toEqual({ ok: false, message: expected });
    expect(loadConfig(["--port", "0", "--save", "1", "2", "3"], conf)).toEqual({
      ok: false,
      message: fatal(3, 'save "1" "2" "3"', "Invalid save parameters"),
    });
    expect(loadConfig(["--port", "0", "--bind 1.2.3.4 5.6.7.8", "--port", "x y"], conf)).toEqual({
      ok: false,
      message: fatal(4, 'port "x y"', "argument couldn't be parsed into an integer"),
    });
  });

  test("flag values keep spaces and special characters", () => {
    const r = loadConfig(["--requirepass", 'a "b" \\ c', "--logfile", "/tmp/é.log"], conf);
    expect(r.ok && [r.config.requirepass, r.config.logfile]).toEqual(['a "b" \\ c', "/tmp/é.log"]);
  });

  test("the config file is named by its absolute path", () => {
    const r = loadConfig(["r.conf"], files({ "/etc/r.conf": "port 1" }), { cwd: "/etc" });
    expect(r).toMatchObject({ ok: true, configFile: "/etc/r.conf" });
    expect(loadConfig(["missing.conf"], conf, { cwd: "/etc" })).toEqual({
      ok: false,
      message: "Fatal error, can't open config file '/etc/missing.conf': No such file or directory",
    });
  });

  test("stdin", () => {
    const r = loadConfig(["-", "--timeout", "3"], conf, { readStdin: () => "port 5\n" });
    expect(r.ok && [r.config.port, r.config.timeout]).toEqual([5, 3]);
  });
});
