// The expected-records form RDB tests compare in: what a live redis-server reports about its
// keyspace through ordinary commands (TYPE, OBJECT ENCODING, PEXPIRETIME, GET/LRANGE/…, DUMP), so
// fixtures are checked against Redis itself, not against redbun's reader. Also turns reader
// records into the same form. Strings are latin1 (one char per byte), so JSON keeps every byte.

import { formatDouble } from "../../../../src/store/numbers.ts";
import type { RdbRecord } from "../../../../src/persistence/rdb/format.ts";
import { decodeReply, latin1, latin1Bytes, RespError, type RespClient, type RespValue } from "../../../support/resp-client.ts";

/** One key as the tests compare it. Zset scores are their "%.17g" text (JSON has no inf or -0). */
export interface KeySnapshot {
  db: number;
  key: string;
  expiresAtMs: number | null;
  type: string;
  /** OBJECT ENCODING after loading (absent for records straight from the reader). */
  encoding?: string;
  value: string | string[] | [string, string][];
  /**
   * DUMP of the key, hex; only for non-lists (redbun writes lists as plain RDB_TYPE_LIST, so their
   * payloads differ from Redis's quicklists by design), and absent for records from the reader.
   */
  dump?: string;
}

async function call(client: RespClient, ...args: string[]): Promise<RespValue> {
  const reply = decodeReply(await client.call(...args.map(latin1Bytes)), { bulk: "latin1" });
  if (reply instanceof RespError) throw new Error(`${args.join(" ")}: ${reply.error}`);
  return reply;
}

function strings(v: RespValue): string[] {
  if (!Array.isArray(v)) throw new Error(`expected an array, got ${String(v)}`);
  return v.map((x) => {
    if (typeof x !== "string") throw new Error(`expected a string element, got ${String(x)}`);
    return x;
  });
}

function pairs(items: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < items.length; i += 2) out.push([items[i], items[i + 1]]);
  return out;
}

/** Every key of every db of a live server, sorted by (db, key). */
export async function snapshotRedis(client: RespClient, databases = 16): Promise<KeySnapshot[]> {
  const out: KeySnapshot[] = [];
  for (let db = 0; db < databases; db++) {
    await call(client, "SELECT", String(db));
    const keys = strings(await call(client, "KEYS", "*")).sort();
    for (const key of keys) {
      const type = String(await call(client, "TYPE", key));
      const encoding = String(await call(client, "OBJECT", "ENCODING", key));
      const pexpiretime = Number(await call(client, "PEXPIRETIME", key));
      let value: KeySnapshot["value"];
      if (type === "string") value = String(await call(client, "GET", key));
      else if (type === "list") value = strings(await call(client, "LRANGE", key, "0", "-1"));
      else if (type === "set") value = strings(await call(client, "SMEMBERS", key));
      else if (type === "hash") value = pairs(strings(await call(client, "HGETALL", key)));
      else if (type === "zset") value = pairs(strings(await call(client, "ZRANGE", key, "0", "-1", "WITHSCORES")));
      else throw new Error(`snapshotRedis: key ${key} has type ${type}`);
      const snapshot: KeySnapshot = { db, key, expiresAtMs: pexpiretime === -1 ? null : pexpiretime, type, encoding, value };
      if (type !== "list") snapshot.dump = Buffer.from(latin1Bytes(String(await call(client, "DUMP", key)))).toString("hex");
      out.push(snapshot);
    }
  }
  return out;
}

/** A reader record in snapshot form (no encoding, no dump). */
export function snapshotOfRecord(r: RdbRecord): KeySnapshot {
  const base = { db: r.db, key: r.key, expiresAtMs: r.expiresAtMs, type: r.value.type };
  switch (r.value.type) {
    case "string":
      return { ...base, value: latin1(r.value.value) };
    case "list":
      return { ...base, value: [...r.value.elements] };
    case "set":
      return { ...base, value: [...r.value.members] };
    case "hash":
      return { ...base, value: r.value.entries.map(([f, v]): [string, string] => [f, v]) };
    case "zset":
      return { ...base, value: r.value.entries.map(([m, s]): [string, string] => [m, formatDouble(s)]) };
  }
}

/**
 * The part of a snapshot that does not depend on hash-table iteration order: sets sorted, hashes
 * sorted unless listpack-encoded (then their order is Redis's, and must match), and sorted sets
 * by (score, member) (old files store skiplists in any order).
 */
export function comparable(s: KeySnapshot, encoding = s.encoding): Omit<KeySnapshot, "encoding" | "dump"> {
  let value = s.value;
  const byFirst = (a: [string, string], b: [string, string]): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
  if (s.type === "set") value = [...(value as string[])].sort();
  if (s.type === "hash" && encoding !== "listpack") value = [...(value as [string, string][])].sort(byFirst);
  if (s.type === "zset") {
    value = [...(value as [string, string][])].sort((a, b) => Number(a[1].replace("inf", "Infinity")) - Number(b[1].replace("inf", "Infinity")) || byFirst(a, b));
  }
  return { db: s.db, key: s.key, expiresAtMs: s.expiresAtMs, type: s.type, value };
}

/** Sorted by (db, key), as snapshotRedis returns them. */
export function sortRecords<T extends { db: number; key: string }>(records: T[]): T[] {
  return [...records].sort((a, b) => a.db - b.db || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * A live server's whole keyspace as tests compare two of them: `comparable` snapshots, with
 * OBJECT ENCODING unless `withEncoding` is false (a replay may encode differently, as in Redis).
 */
export async function comparableKeyspace(client: RespClient, withEncoding = true): Promise<Omit<KeySnapshot, "dump">[]> {
  return (await snapshotRedis(client)).map((s) => (withEncoding ? { ...comparable(s), encoding: s.encoding } : comparable(s)));
}
