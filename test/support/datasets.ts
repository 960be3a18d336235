// Data the persistence tests share: `range` to build long argument lists, the scenario of keys
// of every type and encoding that DUMP/RESTORE and dump.rdb files carry between redbun and
// redis-server, and `send`, which runs one setup command and fails loudly on an error reply.

import { RespClient, latin1, latin1Bytes, type Argv } from "./resp-client.ts";

const b = latin1Bytes;

/** `f(0) … f(n - 1)`. */
export function range(n: number, f: (i: number) => string): string[] {
  return Array.from({ length: n }, (_, i) => f(i));
}

/** One key per type and encoding (multi-node lists, long elements, big intsets …), in db 0. */
export const EVERY_ENCODING: readonly Argv[] = [
  ["SET", "str:int", "-123456789012"],
  ["SET", "str:small-int", "7"],
  ["SET", "str:embstr", "hello"],
  ["SET", "str:raw", "r".repeat(100)],
  ["SET", "str:compressible", "abc".repeat(2000)],
  ["SET", "str:binary", b("\x00\xff\r\n\x80 binary")],
  ["SET", "str:empty", ""],
  ["SET", "str:big", "x".repeat(70_000)],
  ["RPUSH", "list:small", "a", "b", "1", "-2", "", b("\x00\xff")],
  ["RPUSH", "list:multi-node", ...range(2000, (i) => `element-${i}-${"p".repeat(i % 50)}`)],
  ["RPUSH", "list:long-elements", "x".repeat(10_000), "y", "z".repeat(9000)],
  ["SADD", "set:intset", "5", "-3", "9223372036854775807", "-9223372036854775808", "0"],
  ["SADD", "set:hashtable", "a", "b", "1", b("\x00\xff")],
  ["SADD", "set:big-intset", ...range(600, (i) => String(i * 3))],
  ["HSET", "hash:listpack", "b", "1", "a", "two", "", "", "n", "12345678901234"],
  ["HSET", "hash:long-value", "f", "v".repeat(100), "g", "short"],
  ["HSET", "hash:many", ...range(600, (i) => `field-${i >> 1}${i % 2 === 0 ? "" : "-value"}`)],
  ["ZADD", "zset:listpack", "1", "a", "-2.5", "b", "inf", "c", "-inf", "d", "0.1", "e", "4611686018427387904", "f"],
  ["ZADD", "zset:long-member", "1", "m".repeat(100), "2", "n"],
  ["ZADD", "zset:many", ...range(400, (i) => (i % 2 === 0 ? String((i * 37) % 11) : `member-${i}`))],
];

/** Runs a setup command; an error reply throws, naming the command. */
export async function send(client: RespClient, argv: Argv): Promise<Uint8Array> {
  const reply = await client.call(...argv);
  if (reply[0] === 0x2d) throw new Error(`${String(argv[0])}: ${latin1(reply)}`);
  return reply;
}
