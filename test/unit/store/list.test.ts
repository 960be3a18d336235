// ListValue (src/store/types/list.ts) against a plain array as the model: pushes and pops at
// both ends across wrap-around, growth and shrinking, inserts on either half, LREM from either
// end with limits, trims, and a seeded random mix of all of them.

import { describe, expect, test } from "bun:test";
import { ListEnd, ListValue } from "../../../src/store/types/list.ts";
import { seededRandom } from "../../support/random.ts";

function contents(list: ListValue): string[] {
  return [...list.values()];
}

/** The model's LREM: same semantics, written the obvious way. */
function modelRemove(model: string[], value: string, limit: number, fromTail: boolean): number {
  const order = model.map((_, i) => (fromTail ? model.length - 1 - i : i));
  const drop = new Set<number>();
  for (const i of order) {
    if (model[i] === value && (limit === 0 || drop.size < limit)) drop.add(i);
  }
  const kept = model.filter((_, i) => !drop.has(i));
  model.length = 0;
  model.push(...kept);
  return drop.size;
}

describe("ListValue", () => {
  test("type, encoding, empty", () => {
    const list = new ListValue();
    expect(list.type).toBe("list");
    expect(list.encoding()).toBe("quicklist");
    expect(list.length).toBe(0);
    expect(contents(list)).toEqual([]);
  });

  test("pushes at both ends wrap around the ring and grow it", () => {
    const list = new ListValue();
    const model: string[] = [];
    for (let i = 0; i < 100; i++) {
      if (i % 3 === 0) {
        list.pushHead(`h${i}`);
        model.unshift(`h${i}`);
      } else {
        list.pushTail(`t${i}`);
        model.push(`t${i}`);
      }
      expect(list.length).toBe(model.length);
    }
    expect(contents(list)).toEqual(model);
    for (let i = 0; i < model.length; i++) expect(list.at(i)).toBe(model[i]!);
  });

  test("pops from both ends, shrinking back as it empties", () => {
    const list = new ListValue();
    for (let i = 0; i < 1000; i++) list.push(String(i), ListEnd.tail);
    for (let i = 0; i < 400; i++) expect(list.pop(ListEnd.head)).toBe(String(i));
    for (let i = 999; i >= 700; i--) expect(list.pop(ListEnd.tail)).toBe(String(i));
    expect(contents(list)).toEqual(Array.from({ length: 300 }, (_, i) => String(400 + i)));
    while (list.length > 0) list.popHead();
    list.pushHead("again");
    expect(contents(list)).toEqual(["again"]);
  });

  test("set replaces in place", () => {
    const list = new ListValue();
    for (const v of ["a", "b", "c"]) list.pushTail(v);
    list.pushHead("z");
    list.set(0, "Z");
    list.set(3, "C");
    expect(contents(list)).toEqual(["Z", "a", "b", "C"]);
  });

  test("insert at every position of lists of several sizes (both halves move)", () => {
    for (let size = 0; size <= 17; size++) {
      for (let at = 0; at <= size; at++) {
        const list = new ListValue();
        const model: string[] = [];
        // Start off-centre so the ring is wrapped.
        for (let i = 0; i < size; i++) {
          if (i % 2 === 0) {
            list.pushHead(String(i));
            model.unshift(String(i));
          } else {
            list.pushTail(String(i));
            model.push(String(i));
          }
        }
        list.insert(at, "new");
        model.splice(at, 0, "new");
        expect(contents(list)).toEqual(model);
      }
    }
  });

  test("indexOf finds the first match", () => {
    const list = new ListValue();
    for (const v of ["a", "b", "a"]) list.pushTail(v);
    expect(list.indexOf("a")).toBe(0);
    expect(list.indexOf("b")).toBe(1);
    expect(list.indexOf("c")).toBe(-1);
  });

  test("remove: limits from the head and the tail, and all", () => {
    const start = ["x", "1", "x", "2", "x", "3", "x"];
    for (const [limit, fromTail] of [[0, false], [1, false], [2, false], [2, true], [3, true], [9, true], [0, true]] as const) {
      const list = new ListValue();
      list.pushTail("pad");
      list.popHead(); // the head moves off slot 0
      for (const v of start) list.pushTail(v);
      const model = [...start];
      expect(list.remove("x", limit, fromTail)).toBe(modelRemove(model, "x", limit, fromTail));
      expect(contents(list)).toEqual(model);
    }
  });

  test("trim drops from both ends", () => {
    const list = new ListValue();
    for (let i = 0; i < 50; i++) list.pushTail(String(i));
    list.trim(10, 5);
    expect(contents(list)).toEqual(Array.from({ length: 35 }, (_, i) => String(10 + i)));
    list.trim(35, 0);
    expect(list.length).toBe(0);
  });

  test("clone is deep", () => {
    const list = new ListValue();
    for (const v of ["a", "b", "c"]) list.pushHead(v);
    const copy = list.clone();
    copy.pushTail("d");
    list.set(0, "Z");
    expect(contents(list)).toEqual(["Z", "b", "a"]);
    expect(contents(copy)).toEqual(["c", "b", "a", "d"]);
  });

  test("a random mix of operations matches the model", () => {
    const next = seededRandom(12345);
    const list = new ListValue();
    const model: string[] = [];
    const word = (): string => String.fromCharCode(97 + Math.floor(next() * 4));
    for (let step = 0; step < 20_000; step++) {
      const op = Math.floor(next() * 8);
      if (op === 0 || op === 1) {
        const v = word();
        list.pushHead(v);
        model.unshift(v);
      } else if (op === 2 || op === 3) {
        const v = word();
        list.pushTail(v);
        model.push(v);
      } else if (op === 4 && model.length > 0) {
        expect(list.popHead()).toBe(model.shift()!);
      } else if (op === 5 && model.length > 0) {
        expect(list.popTail()).toBe(model.pop()!);
      } else if (op === 6) {
        const at = Math.floor(next() * (model.length + 1));
        list.insert(at, "i");
        model.splice(at, 0, "i");
      } else if (op === 7 && next() < 0.1) {
        const v = word();
        const limit = Math.floor(next() * 3);
        const fromTail = next() < 0.5;
        expect(list.remove(v, limit, fromTail)).toBe(modelRemove(model, v, limit, fromTail));
      }
      expect(list.length).toBe(model.length);
      if (step % 500 === 0) expect(contents(list)).toEqual(model);
    }
    expect(contents(list)).toEqual(model);
  });

  test("a list of several 1024-slot chunks: every operation across chunk edges", () => {
    const list = new ListValue();
    const model: string[] = [];
    // Both ends grow, so the ring wraps and its start chunk is split each time it doubles.
    for (let i = 0; i < 5000; i++) {
      if (i % 3 === 0) {
        list.pushTail(`t${i}`);
        model.push(`t${i}`);
      } else {
        list.pushHead(`h${i}`);
        model.unshift(`h${i}`);
      }
    }
    expect(contents(list)).toEqual(model);
    for (const at of [0, 1, 1023, 1024, 1025, 2500, 4000, model.length]) {
      list.insert(at, `i${at}`);
      model.splice(at, 0, `i${at}`);
    }
    expect(contents(list)).toEqual(model);
    // Pops release the chunks they empty; the pushes after them take chunks again.
    for (let i = 0; i < 1500; i++) {
      expect(list.popHead()).toBe(model.shift()!);
      expect(list.popTail()).toBe(model.pop()!);
    }
    for (let i = 0; i < 1100; i++) {
      list.pushHead(`p${i}`);
      model.unshift(`p${i}`);
      list.pushTail(`q${i}`);
      model.push(`q${i}`);
    }
    expect(contents(list)).toEqual(model);
    for (let i = 0; i < model.length; i += 7) {
      list.set(i, "x");
      model[i] = "x";
    }
    expect(list.remove("x", 300, true)).toBe(modelRemove(model, "x", 300, true));
    expect(list.remove("x", 0, false)).toBe(modelRemove(model, "x", 0, false));
    expect(contents(list)).toEqual(model);
    const copy = list.clone();
    copy.set(2000, "changed");
    expect(list.at(2000)).toBe(model[2000]!);
    expect(contents(copy)).toEqual(model.map((v, i) => (i === 2000 ? "changed" : v)));
    // Trimmed to a few, the list shrinks back into one small chunk and keeps working.
    list.trim(1500, model.length - 1510);
    model.splice(0, 1500);
    model.length = 10;
    expect(contents(list)).toEqual(model);
    list.pushHead("front");
    list.pushTail("back");
    expect(contents(list)).toEqual(["front", ...model, "back"]);
    while (list.length > 0) list.popTail();
    expect(contents(list)).toEqual([]);
  });
});
