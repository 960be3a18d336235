// Redis's glob matcher (src/store/glob.ts). The KEYS table below is what a real redis-server
// 7.0.15 returned for each pattern over the SUBJECTS keyspace (KEYS uses stringmatchlen with
// nocase = 0), so every quirk here is Redis's: unterminated classes, backwards ranges, signed
// bytes in ranges, escapes. nocase cases follow util.c (CONFIG GET and COMMAND LIST use it).

import { describe, expect, test } from "bun:test";
import { isLiteralPattern, literalOfPattern, stringMatch } from "../../../src/store/glob.ts";

const SUBJECTS = ["", "a", "b", "A", "ab", "abc", "aXc", "a-c", "a]c", "a\\c", "a^c", "a*c", "a?c", "ac", "abbc", "hello", "hallo", "hxllo", "heeeello", "hllo", "\xff", "\x80", "\x7f", "z", "Z", "]", "[", "-", "\\", "^", "foo[bar", "x-y", "aaaab", "ba"];

// [pattern, the subjects KEYS returned]. For "*" KEYS short-cuts to "all keys" and so also
// returned the empty key; stringmatchlen itself says "*" does not match "" (tested below).
const KEYS_TABLE: [string, string[]][] = [
  ["*", ["a", "b", "A", "ab", "abc", "aXc", "a-c", "a]c", "a\\c", "a^c", "a*c", "a?c", "ac", "abbc", "hello", "hallo", "hxllo", "heeeello", "hllo", "\xff", "\x80", "\x7f", "z", "Z", "]", "[", "-", "\\", "^", "foo[bar", "x-y", "aaaab", "ba"]],
  ["**", ["a", "b", "A", "ab", "abc", "aXc", "a-c", "a]c", "a\\c", "a^c", "a*c", "a?c", "ac", "abbc", "hello", "hallo", "hxllo", "heeeello", "hllo", "\xff", "\x80", "\x7f", "z", "Z", "]", "[", "-", "\\", "^", "foo[bar", "x-y", "aaaab", "ba"]],
  ["?", ["a", "b", "A", "\xff", "\x80", "\x7f", "z", "Z", "]", "[", "-", "\\", "^"]],
  ["??", ["ab", "ac", "ba"]],
  ["a*", ["a", "ab", "abc", "aXc", "a-c", "a]c", "a\\c", "a^c", "a*c", "a?c", "ac", "abbc", "aaaab"]],
  ["*c", ["abc", "aXc", "a-c", "a]c", "a\\c", "a^c", "a*c", "a?c", "ac", "abbc"]],
  ["a*c", ["abc", "aXc", "a-c", "a]c", "a\\c", "a^c", "a*c", "a?c", "ac", "abbc"]],
  ["a?c", ["abc", "aXc", "a-c", "a]c", "a\\c", "a^c", "a*c", "a?c"]],
  ["h?llo", ["hello", "hallo", "hxllo"]],
  ["h*llo", ["hello", "hallo", "hxllo", "heeeello", "hllo"]],
  ["h[ae]llo", ["hello", "hallo"]],
  ["h[^e]llo", ["hallo", "hxllo"]],
  ["h[a-b]llo", ["hallo"]],
  ["h[b-a]llo", ["hallo"]],
  ["a[bX]c", ["abc", "aXc"]],
  ["a[^b]c", ["aXc", "a-c", "a]c", "a\\c", "a^c", "a*c", "a?c"]],
  ["[a-z]", ["a", "b", "z"]],
  ["[z-a]", ["a", "b", "z"]],
  ["[A-Z]", ["A", "Z"]],
  ["[a-\xff]", ["a", "A", "\xff", "Z", "]", "[", "-", "\\", "^"]],
  ["[\x80-b]", ["a", "b", "A", "\xff", "\x80", "Z", "]", "[", "-", "\\", "^"]],
  ["[\x7f-\x80]", ["a", "b", "A", "\xff", "\x80", "\x7f", "z", "Z", "]", "[", "-", "\\", "^"]],
  ["a\\*c", ["a*c"]],
  ["a\\?c", ["a?c"]],
  ["a\\[c", []],
  ["a\\\\c", ["a\\c"]],
  ["a\\", []],
  ["\\", ["\\"]],
  ["[\\]]", ["]"]],
  ["[\\-]", ["-"]],
  ["[]]", []],
  ["[]", []],
  ["[", []],
  ["[a", ["a"]],
  ["[ab", ["a", "b"]],
  ["a[", []],
  ["a[b", ["ab"]],
  ["[^", ["a", "b", "A", "\xff", "\x80", "\x7f", "z", "Z", "]", "[", "-", "\\", "^"]],
  ["[^a", ["b", "A", "\xff", "\x80", "\x7f", "z", "Z", "]", "[", "-", "\\", "^"]],
  ["a[^b", ["ac"]],
  ["[a-", ["a", "-"]],
  ["[a-]", ["a", "]", "^"]],
  ["a[b-]", ["ab"]],
  ["[-a]", ["a", "-"]],
  ["[a-c-e]", ["a", "b", "-"]],
  ["foo\\[bar", ["foo[bar"]],
  ["foo[[]bar", ["foo[bar"]],
  ["*[", []],
  ["a*[", []],
  ["x[-]y", ["x-y"]],
  ["x[^-]y", []],
  ["[\\a]", ["a"]],
  ["[a\\]", ["a", "]"]],
  ["a[\\", []],
  ["*a*b", ["ab", "aaaab"]],
  ["a*a*b", ["aaaab"]],
  ["*b*", ["b", "ab", "abc", "abbc", "foo[bar", "aaaab", "ba"]],
  ["?*", ["a", "b", "A", "ab", "abc", "aXc", "a-c", "a]c", "a\\c", "a^c", "a*c", "a?c", "ac", "abbc", "hello", "hallo", "hxllo", "heeeello", "hllo", "\xff", "\x80", "\x7f", "z", "Z", "]", "[", "-", "\\", "^", "foo[bar", "x-y", "aaaab", "ba"]],
  ["*?", ["a", "b", "A", "ab", "abc", "aXc", "a-c", "a]c", "a\\c", "a^c", "a*c", "a?c", "ac", "abbc", "hello", "hallo", "hxllo", "heeeello", "hllo", "\xff", "\x80", "\x7f", "z", "Z", "]", "[", "-", "\\", "^", "foo[bar", "x-y", "aaaab", "ba"]],
  ["*?*", ["a", "b", "A", "ab", "abc", "aXc", "a-c", "a]c", "a\\c", "a^c", "a*c", "a?c", "ac", "abbc", "hello", "hallo", "hxllo", "heeeello", "hllo", "\xff", "\x80", "\x7f", "z", "Z", "]", "[", "-", "\\", "^", "foo[bar", "x-y", "aaaab", "ba"]],
  ["b*", ["b", "ba"]],
  ["[!a]", ["a"]],
  ["[^]a]", []],
  ["[]a]", []],
  ["[a-a]", ["a"]],
  ["\\a", ["a"]],
  ["\\*", []],
  ["\\\\", ["\\"]],
  ["a\\b", ["ab"]],
  ["[\\^]c", []],
  ["a[\\^]c", ["a^c"]],
  ["[[]", ["["]],
  ["[[-]]", ["]", "[", "\\"]],
];

describe("stringMatch against redis-server KEYS", () => {
  test.each(KEYS_TABLE)("KEYS %j", (pattern, expected) => {
    expect(SUBJECTS.filter((s) => stringMatch(pattern, s, false))).toEqual(expected);
  });
});

describe("stringMatch edge cases", () => {
  test("an empty subject is matched by no pattern but the empty one", () => {
    expect(stringMatch("", "", false)).toBe(true);
    expect(stringMatch("*", "", false)).toBe(false);
    expect(stringMatch("**", "", false)).toBe(false);
    expect(stringMatch("?", "", false)).toBe(false);
    expect(stringMatch("", "a", false)).toBe(false);
  });

  test("trailing stars match an empty rest once the subject is consumed", () => {
    expect(stringMatch("a*", "a", false)).toBe(true);
    expect(stringMatch("a***", "a", false)).toBe(true);
    expect(stringMatch("a*b*", "ab", false)).toBe(true);
    expect(stringMatch("a*?", "a", false)).toBe(false);
  });

  test("nocase lowercases A-Z only, on both sides", () => {
    expect(stringMatch("HeLLo", "hello", true)).toBe(true);
    expect(stringMatch("h?LLO*", "HeLlO world", true)).toBe(true);
    expect(stringMatch("[A-C]x", "bX", true)).toBe(true);
    expect(stringMatch("[abc]", "B", true)).toBe(true);
    expect(stringMatch("[^abc]", "B", true)).toBe(false);
    expect(stringMatch("\xc9", "\xe9", true)).toBe(false); // no latin1 case folding in the C locale
    expect(stringMatch("HeLLo", "hello", false)).toBe(false);
  });

  test("nocase quirks kept from util.c", () => {
    // The range is swapped before lowercasing: [Z-a] becomes z..a, which matches nothing.
    expect(stringMatch("[Z-a]", "_", false)).toBe(true);
    expect(stringMatch("[Z-a]", "_", true)).toBe(false);
    // An escaped char inside [] is compared case-sensitively even with nocase.
    expect(stringMatch("[\\A]", "a", true)).toBe(false);
    expect(stringMatch("[\\A]", "A", true)).toBe(true);
    expect(stringMatch("\\A", "a", true)).toBe(true);
  });

  test("bytes above 0x7f are signed chars in ranges", () => {
    // 'a'..0xff is really -1..97: it holds 0xff and everything up to 'a', but not 'b' or 0x80.
    expect(stringMatch("[a-\xff]", "\xff", false)).toBe(true);
    expect(stringMatch("[a-\xff]", "0", false)).toBe(true);
    expect(stringMatch("[a-\xff]", "b", false)).toBe(false);
    expect(stringMatch("[a-\xff]", "\x80", false)).toBe(false);
    expect(stringMatch("[\x80-\xff]", "\xc0", false)).toBe(true);
  });

  test("patterns that would be exponential with naive backtracking finish", () => {
    const subject = "a".repeat(20000);
    expect(stringMatch("a*a*a*a*a*a*a*a*a*a*a*a*b", subject, false)).toBe(false);
    expect(stringMatch("*a*a*a*a*a*a*a*a*a*a*a*a", subject, false)).toBe(true);
    expect(stringMatch("*?*?*?*?*?*?*?*?*?*?*b", subject, false)).toBe(false);
    const words = "abcdefghijk".repeat(2000);
    expect(stringMatch("*a*b*c*d*e*f*g*h*i*j*k*zz", words, false)).toBe(false);
    expect(stringMatch("*a*b*c*d*e*f*g*h*i*j*k*", words, false)).toBe(true);
  });

  test("recursion stops at nesting 1000 like Redis (checked with KEYS on redis-server)", () => {
    expect(stringMatch("*a".repeat(999), "a".repeat(999), false)).toBe(true);
    expect(stringMatch("*a".repeat(1001), "a".repeat(1001), false)).toBe(false);
    expect(stringMatch(`${"*a".repeat(1000)}*`, "a".repeat(1001), false)).toBe(true);
  });

  test("agrees with a regex model on patterns without classes or escapes", () => {
    let seed = 7;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const patternChars = ["a", "b", "*", "?"];
    for (let i = 0; i < 3000; i++) {
      let pattern = "";
      for (let j = next(8); j >= 0; j--) pattern += patternChars[next(4)];
      let subject = "";
      for (let j = next(10); j > 0; j--) subject += "ab"[next(2)];
      const regex = new RegExp(`^${pattern.replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "s");
      // The one divergence from a textbook glob: '*' (or '**') never matches "" in stringmatchlen.
      const expected = subject === "" ? pattern === "" : regex.test(subject);
      expect(stringMatch(pattern, subject, false)).toBe(expected);
    }
  });
});

describe("literal patterns", () => {
  test("isLiteralPattern", () => {
    expect(isLiteralPattern("user:1000")).toBe(true);
    expect(isLiteralPattern("")).toBe(true);
    expect(isLiteralPattern("a]b^c-d")).toBe(true);
    for (const p of ["a*", "a?", "a[b", "a\\b"]) expect(isLiteralPattern(p)).toBe(false);
  });

  test("literalOfPattern unescapes and refuses wildcards", () => {
    expect(literalOfPattern("user:1000")).toBe("user:1000");
    expect(literalOfPattern("user\\*1")).toBe("user*1");
    expect(literalOfPattern("a\\\\b")).toBe("a\\b");
    expect(literalOfPattern("a\\")).toBe("a\\"); // trailing backslash is a literal backslash
    expect(literalOfPattern("a*")).toBeNull();
    expect(literalOfPattern("a\\*?")).toBeNull();
  });

  test("the literal is exactly what the pattern matches", () => {
    for (const p of ["user\\*1", "a\\\\b", "a\\", "\\[x\\]", "plain"]) {
      const literal = literalOfPattern(p) as string;
      expect(stringMatch(p, literal, false)).toBe(true);
      expect(stringMatch(p, `${literal}x`, false)).toBe(false);
    }
  });
});
