// ChunkedArray (src/store/types/chunked-array.ts) against a plain array across chunk boundaries.

import { expect, test } from "bun:test";
import { ChunkedArray } from "../../../src/store/types/chunked-array.ts";

test("push, get and set agree with a plain array across chunk boundaries", () => {
  const chunked = new ChunkedArray<string>();
  const model: string[] = [];
  for (let i = 0; i < 3000; i++) {
    expect(chunked.push(`m${i}`)).toBe(i);
    model.push(`m${i}`);
  }
  for (const i of [0, 1023, 1024, 2047, 2048, 2999]) {
    chunked.set(i, `x${i}`);
    model[i] = `x${i}`;
  }
  expect(chunked.length).toBe(3000);
  for (let i = 0; i < model.length; i++) expect(chunked.get(i)).toBe(model[i]!);
});
