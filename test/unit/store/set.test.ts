// SetValue (src/store/types/set.ts) against a JS Set as the model: string2ll's rules for what an
// intset holds, ascending intset order, the conversions (non-integer member, entry limit, never
// back), swap-removal in a hashtable, clone independence, and SSCAN's guarantee (every member
// present for the whole scan is returned) under adds and removals between steps.

import { describe, expect, test } from "bun:test";
import { isIntegerMember, SetValue } from "../../../src/store/types/set.ts";
import { parseInt64 } from "../../../src/store/numbers.ts";
import { latin1Bytes } from "../../support/resp-client.ts";
import { seededRandom } from "../../support/random.ts";

/** The model of string2ll's acceptance: parses as an int64 and prints back the same. */
function modelIsInteger(member: string): boolean {
  const value = parseInt64(latin1Bytes(member));
  return value !== null && value.toString() === member;
}

function sortedNumerically(members: readonly string[]): string[] {
  return [...members].sort((a, b) => {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

describe("isIntegerMember", () => {
  test("string2ll's rules", () => {
    const accepted = ["0", "1", "-1", "10", "9223372036854775807", "-9223372036854775808", "1000000000000000000", "-999"];
    const rejected = [
      "", "-", "+1", "01", "-0", "-01", " 1", "1 ", "1.0", "1e3", "0x1", "a",
      "9223372036854775808", "-9223372036854775809", "99999999999999999999", "123456789012345678901", "1\x00",
    ];
    for (const member of accepted) expect([member, isIntegerMember(member)]).toEqual([member, true]);
    for (const member of rejected) expect([member, isIntegerMember(member)]).toEqual([member, false]);
  });

  test("agrees with parseInt64 on random digit strings", () => {
    const next = seededRandom(7);
    const alphabet = "0123456789-+ .";
    for (let i = 0; i < 20000; i++) {
      const length = 1 + Math.floor(next() * 21);
      let member = "";
      for (let j = 0; j < length; j++) member += alphabet[Math.floor(next() * (j === 0 ? alphabet.length : 11))];
      expect([member, isIntegerMember(member)]).toEqual([member, modelIsInteger(member)]);
    }
  });
});

describe("SetValue", () => {
  test("type, encodings, empty sets", () => {
    expect(new SetValue(true).type).toBe("set");
    expect(new SetValue(true).encoding()).toBe("intset");
    expect(new SetValue(false).encoding()).toBe("hashtable");
    expect(SetValue.forMember("12").encoding()).toBe("intset");
    expect(SetValue.forMember("x").encoding()).toBe("hashtable");
    expect(new SetValue(true).size).toBe(0);
  });

  test("an intset iterates in ascending numeric order", () => {
    const set = new SetValue(true);
    const members = ["5", "-3", "100", "0", "-100", "9223372036854775807", "-9223372036854775808", "42", "-42", "7"];
    for (const member of members) expect(set.add(member, 512)).toBe(true);
    expect(set.add("5", 512)).toBe(false);
    expect(set.encoding()).toBe("intset");
    expect([...set.members()]).toEqual(sortedNumerically(members));
    expect(set.has("-42")).toBe(true);
    expect(set.has("042")).toBe(false);
    expect(set.has("x")).toBe(false);
    expect(set.delete("-42")).toBe(true);
    expect(set.delete("-42")).toBe(false);
    expect(set.delete("x")).toBe(false);
    expect(set.size).toBe(members.length - 1);
  });

  test("a non-integer converts an intset, keeping every member", () => {
    const set = new SetValue(true);
    for (const member of ["3", "1", "2"]) set.add(member, 512);
    expect(set.add("01", 512)).toBe(true);
    expect(set.encoding()).toBe("hashtable");
    expect(new Set(set.members())).toEqual(new Set(["1", "2", "3", "01"]));
    expect(set.has("1") && set.has("01")).toBe(true);
    expect(set.delete("01")).toBe(true);
    expect(set.encoding()).toBe("hashtable");
  });

  test("growing past the entry limit converts; 0 converts at once", () => {
    const set = new SetValue(true);
    for (let i = 0; i < 4; i++) set.add(String(i), 4);
    expect(set.encoding()).toBe("intset");
    expect(set.add("2", 4)).toBe(false);
    expect(set.encoding()).toBe("intset");
    set.add("4", 4);
    expect(set.encoding()).toBe("hashtable");
    for (let i = 0; i < 5; i++) set.delete(String(i));
    expect(set.encoding()).toBe("hashtable");
    const zero = new SetValue(true);
    zero.add("1", 0);
    expect(zero.encoding()).toBe("hashtable");
  });

  test("clone is independent and keeps the encoding", () => {
    for (const members of [["1", "2"], ["a", "b"]]) {
      const set = SetValue.forMember(members[0]!);
      for (const member of members) set.add(member, 512);
      const copy = set.clone();
      expect(copy.encoding()).toBe(set.encoding());
      copy.add("3", 512);
      copy.delete(members[0]!);
      expect([...set.members()].sort()).toEqual([...members].sort());
      expect(copy.has("3") && !copy.has(members[0]!)).toBe(true);
    }
  });

  test("random picks only members", () => {
    const set = new SetValue(false);
    for (const member of ["a", "b", "c"]) set.add(member, 512);
    for (let i = 0; i < 100; i++) expect(set.has(set.random())).toBe(true);
  });

  test("a seeded random mix matches the model in both encodings", () => {
    // [seed, distinct integers, share of non-integer members, the encoding it ends in]
    const runs = [[1, 40, 0, "intset"], [2, 600, 0, "hashtable"], [3, 40, 0.05, "hashtable"]] as const;
    for (const [seed, pool, stringShare, finalEncoding] of runs) {
      const next = seededRandom(seed);
      const set = new SetValue(true);
      const model = new Set<string>();
      for (let i = 0; i < 5000; i++) {
        const n = Math.floor(next() * pool) - pool / 4;
        const roll = next();
        const member = roll < stringShare / 2 ? `s${n}` : roll < stringShare ? `0${n}` : String(n);
        if (next() < 0.6) {
          expect(set.add(member, 64)).toBe(!model.has(member));
          model.add(member);
        } else {
          expect(set.delete(member)).toBe(model.delete(member));
        }
        expect(set.size).toBe(model.size);
        if (i % 97 === 0) {
          expect(new Set(set.members())).toEqual(model);
          for (const member of model) expect(set.has(member)).toBe(true);
          if (set.isIntset) expect([...set.members()]).toEqual(sortedNumerically([...model]));
        }
      }
      expect(set.encoding()).toBe(finalEncoding);
    }
  });
});

describe("SetValue.scan", () => {
  test("walks a hashtable in steps of `count`, cursor 0 at the end", () => {
    const set = new SetValue(false);
    for (let i = 0; i < 25; i++) set.add(`m${i}`, 512);
    const seen: string[] = [];
    let cursor = 0;
    let calls = 0;
    do {
      const step: string[] = [];
      cursor = set.scan(cursor, 10, step);
      expect(step.length).toBeLessThanOrEqual(10);
      seen.push(...step);
      calls++;
    } while (cursor !== 0);
    expect(calls).toBe(3);
    expect(seen.sort()).toEqual([...set.members()].sort());
  });

  test("a cursor past the end restarts from the top; an empty set ends at once", () => {
    const set = new SetValue(false);
    set.add("a", 512);
    const out: string[] = [];
    expect(set.scan(1000, 10, out)).toBe(0);
    expect(out).toEqual(["a"]);
    expect(new SetValue(false).scan(0, 10, [])).toBe(0);
  });

  test("members present for the whole scan are all returned, whatever changes between steps", () => {
    const next = seededRandom(11);
    for (let round = 0; round < 50; round++) {
      const set = new SetValue(false);
      const initial: string[] = [];
      for (let i = 0; i < 200; i++) {
        set.add(`k${i}`, 512);
        initial.push(`k${i}`);
      }
      // A third of the initial members may be removed during the scan; the rest must show up.
      const stable = initial.filter((_, i) => i % 3 !== 0);
      const removable = initial.filter((_, i) => i % 3 === 0);
      const seen = new Set<string>();
      let cursor = 0;
      let fresh = 0;
      do {
        const step: string[] = [];
        cursor = set.scan(cursor, 1 + Math.floor(next() * 15), step);
        for (const member of step) seen.add(member);
        for (let j = 0; j < 5; j++) {
          if (next() < 0.5 && removable.length > 0) set.delete(removable.splice(Math.floor(next() * removable.length), 1)[0]!);
          else set.add(`new${round}-${fresh++}`, 512);
        }
      } while (cursor !== 0);
      for (const member of stable) expect(seen.has(member)).toBe(true);
    }
  });
});
