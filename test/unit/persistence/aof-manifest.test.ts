// The AOF manifest (aof.c's aofLoadManifestFromFile / getAofManifestAsString): Redis's text
// line for line, its quoting of odd names, its errors, and the names and sequence numbers a
// rewrite hands out.

import { describe, expect, test } from "bun:test";
import {
  ManifestError,
  cloneManifest,
  emptyManifest,
  formatManifest,
  markIncrAsHistory,
  nextBase,
  nextIncr,
  parseManifest,
} from "../../../src/persistence/aof/manifest.ts";

describe("parseManifest", () => {
  test("base, history and incr files, as Redis writes them", () => {
    const manifest = parseManifest(
      "file appendonly.aof.3.base.rdb seq 3 type b\n" +
        "file appendonly.aof.2.incr.aof seq 2 type h\n" +
        "file appendonly.aof.3.incr.aof seq 3 type i\n" +
        "file appendonly.aof.4.incr.aof seq 4 type i\n",
    );
    expect(manifest.base).toEqual({ name: "appendonly.aof.3.base.rdb", seq: 3, type: "b" });
    expect(manifest.history.map((f) => f.name)).toEqual(["appendonly.aof.2.incr.aof"]);
    expect(manifest.incr.map((f) => f.seq)).toEqual([3, 4]);
    expect(manifest.baseSeq).toBe(3);
    expect(manifest.incrSeq).toBe(4);
  });

  test("keys in any order and case, comments, blanks around, quoted names, more pairs", () => {
    const manifest = parseManifest(
      "# a comment\n" +
        "  TYPE b SEQ 1 FILE base.rdb  \r\n" +
        'file "with space\\x41.aof" seq 2 type i future yes\n',
    );
    expect(manifest.base?.name).toBe("base.rdb");
    expect(manifest.incr[0]!.name).toBe("with spaceA.aof");
  });

  const errors: [string, string][] = [
    ["", "Found an empty AOF manifest at line 0"],
    ["\n", "Invalid AOF manifest file format at line 1"],
    ["file a seq 1 type b", "The AOF manifest file contains too long line at line 1"],
    [`file ${"x".repeat(1100)} seq 1 type b\n`, "The AOF manifest file contains too long line at line 1"],
    ["file a seq 1\n", "Invalid AOF manifest file format at line 1"],
    ["file a seq 1 type\n", "Invalid AOF manifest file format at line 1"],
    ["file a seq 0 type b\n", "Invalid AOF manifest file format at line 1"],
    ['file "a seq 1 type b\n', "Invalid AOF manifest file format at line 1"],
    ["file dir/a seq 1 type b\n", "File can't be a path, just a filename at line 1"],
    ["file a seq 1 type b\nfile b seq 2 type b\n", "Found duplicate base file information at line 2"],
    ["file a seq 2 type i\nfile b seq 2 type i\n", "Found a non-monotonic sequence number at line 2"],
    ["file a seq 1 type x\n", "Unknown AOF file type at line 1"],
  ];
  for (const [text, error] of errors) {
    test(`refuses ${JSON.stringify(text.slice(0, 40))}: ${error}`, () => {
      expect(() => parseManifest(text)).toThrow(new ManifestError(error));
    });
  }
});

describe("formatManifest and the names a rewrite hands out", () => {
  test("a first base and incr file", () => {
    const manifest = emptyManifest();
    expect(nextBase(manifest, "appendonly.aof", true)).toBe("appendonly.aof.1.base.rdb");
    expect(nextIncr(manifest, "appendonly.aof")).toBe("appendonly.aof.1.incr.aof");
    expect(formatManifest(manifest)).toBe("file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n");
  });

  test("a rewrite: the new base, the older incr files become history, the current one stays", () => {
    const manifest = parseManifest("file a.1.base.aof seq 1 type b\nfile a.1.incr.aof seq 1 type i\n");
    const before = cloneManifest(manifest);
    nextIncr(manifest, "a");
    expect(nextBase(manifest, "a", false)).toBe("a.2.base.aof");
    markIncrAsHistory(manifest, true);
    expect(formatManifest(manifest)).toBe(
      "file a.2.base.aof seq 2 type b\n" +
        "file a.1.base.aof seq 1 type h\n" +
        "file a.1.incr.aof seq 1 type h\n" +
        "file a.2.incr.aof seq 2 type i\n",
    );
    expect(before.incr.length).toBe(1);
    // With the AOF off every incr file is covered by the base.
    markIncrAsHistory(manifest, false);
    expect(manifest.incr).toEqual([]);
  });

  test("names that need it are quoted as sdscatrepr quotes them, and parse back", () => {
    const manifest = emptyManifest();
    manifest.base = { name: 'odd "name"\n\xff', seq: 1, type: "b" };
    const text = formatManifest(manifest);
    expect(text).toBe('file "odd \\"name\\"\\n\\xff" seq 1 type b\n');
    expect(parseManifest(text).base?.name).toBe('odd "name"\n\xff');
  });
});
