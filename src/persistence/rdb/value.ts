// One value's RDB encoding (rdbLoadObject / rdbSaveObject of Redis 7.0), shared by snapshots and
// DUMP/RESTORE payloads. Reading accepts every encoding Redis 7.0 loads for strings, lists, sets,
// hashes and sorted sets; writing emits plain encodings (which Redis 7.0 loads into the same
// compact encodings its thresholds choose), or listpack/intset blobs when a value asks for them.

import { formatDouble, strtod } from "../../store/numbers.ts";
import { RDB_TYPE_NAMES, QuicklistContainer, RdbError, RdbType, type RdbValue } from "./format.ts";
import { RdbInput } from "./input.ts";
import { decodeIntset, encodeIntset, intsetLength } from "./intset.ts";
import { decodeListpack, encodeListpack, walkListpack } from "./listpack.ts";
import type { RdbOutput } from "./output.ts";
import { decodeZiplist } from "./ziplist.ts";
import { decodeZipmap } from "./zipmap.ts";

/** True for a type byte that starts a key/value record (rdbIsObjectType). */
export function isObjectType(type: number): boolean {
  return (type >= 0 && type <= 7) || (type >= 9 && type <= 21);
}

/**
 * Reads the value of a record whose type byte was `type`; null for an empty collection, which
 * Redis skips on load (RDB_LOAD_ERR_EMPTY_KEY). Errors name the type; the caller adds the key.
 */
export function decodeValue(type: number, input: RdbInput): RdbValue | null {
  switch (type) {
    case RdbType.string:
      return { type: "string", value: input.string() };
    case RdbType.list: {
      const elements = readStrings(input, input.count());
      return elements.length === 0 ? null : { type: "list", elements };
    }
    case RdbType.listZiplist:
      return nonEmptyList(decodeZiplist(input.string()));
    case RdbType.listQuicklist:
    case RdbType.listQuicklist2: {
      const elements: string[] = [];
      readQuicklist(input, type === RdbType.listQuicklist2, elements);
      return nonEmptyList(elements);
    }
    case RdbType.set: {
      const members = readStrings(input, input.count());
      assertUnique(members, "set members");
      return members.length === 0 ? null : { type: "set", members };
    }
    case RdbType.setIntset: {
      const members = decodeIntset(input.string());
      return members.length === 0 ? null : { type: "set", members, encoding: "intset" };
    }
    case RdbType.hash: {
      const count = input.count();
      const entries: [string, string][] = new Array(count);
      for (let i = 0; i < count; i++) entries[i] = [input.latin1String(), input.latin1String()];
      assertUnique(entries.map((e) => e[0]), "hash fields");
      return count === 0 ? null : { type: "hash", entries };
    }
    // Only a listpack is reported as one: Redis converts zipmaps and ziplists on load by both
    // thresholds (entries and value length), but keeps a listpack whatever its value lengths.
    case RdbType.hashZipmap:
      return hashOf(decodeZipmap(input.string()), undefined);
    case RdbType.hashZiplist:
      return hashOf(pairs(decodeZiplist(input.string()), "hash-ziplist"), undefined);
    case RdbType.hashListpack:
      return hashOf(pairs(decodeListpack(input.string()), "hash-listpack"), "listpack");
    case RdbType.zset:
    case RdbType.zset2: {
      const count = input.count();
      const entries: [string, number][] = new Array(count);
      // Redis writes a skiplist greatest first (so loading inserts at its head): filling from
      // the back gives the ascending order.
      for (let i = count - 1; i >= 0; i--) {
        const member = input.latin1String();
        const score = type === RdbType.zset2 ? input.binaryDouble() : input.textDouble();
        if (Number.isNaN(score)) throw new RdbError("RDB: zset with NaN score");
        entries[i] = [member, score];
      }
      assertUnique(entries.map((e) => e[0]), "zset members");
      return count === 0 ? null : { type: "zset", entries };
    }
    case RdbType.zsetZiplist:
      return zsetOf(decodeZiplist(input.string()), "zset-ziplist", undefined);
    case RdbType.zsetListpack:
      return zsetOf(decodeListpack(input.string()), "zset-listpack", "listpack");
    default:
      throw new RdbError(`RDB: value type ${type} (${RDB_TYPE_NAMES[type] ?? "unknown"}) is not supported`);
  }
}

/**
 * A compact value kept as the bytes it was read from (a listpack hash or zset, an intset, a
 * quicklist of listpacks): a load holds it so, to be decoded when the key is first used.
 */
export interface PackedValue {
  readonly rdbType: number;
  /** The value's encoding as it was read, from the byte after the key. */
  readonly bytes: Uint8Array;
}

/**
 * decodeValue for a load: the compact encodings Redis 7.0 writes are checked as decoding would
 * check them (the same errors) but kept packed, with no string made for their elements.
 */
export function decodeOrPack(type: number, input: RdbInput): RdbValue | PackedValue | null {
  const start = input.pos;
  let count: number;
  switch (type) {
    case RdbType.setIntset:
      count = intsetLength(input.string());
      break;
    case RdbType.hashListpack:
      count = walkListpack(input.string(), ignoreEntry);
      assertEvenEntries(count, "hash-listpack");
      break;
    case RdbType.zsetListpack: {
      const blob = input.string();
      // Scores are the odd entries; only a string one can read as NaN.
      let index = 0;
      count = walkListpack(blob, (int, from, to) => {
        if ((index++ & 1) === 1 && int === null && readsAsNaN(blob, from, to)) throw nanScore("zset-listpack");
      });
      assertEvenEntries(count, "zset-listpack");
      break;
    }
    case RdbType.listQuicklist2:
      count = readQuicklist(input, true, null);
      break;
    default:
      return decodeValue(type, input);
  }
  return count === 0 ? null : { rdbType: type, bytes: input.bytes.slice(start, input.pos) };
}

export function isPacked(value: RdbValue | PackedValue): value is PackedValue {
  return "rdbType" in value;
}

/**
 * Whether strtod reads bytes[from, to) as NaN, which it does only for text starting "nan"
 * (any case, after an optional sign): text with no n is never parsed.
 */
function readsAsNaN(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    if ((bytes[i]! | 0x20) === 0x6e) return Number.isNaN(strtod(bytes, from, to).value);
  }
  return false;
}

/** A packed value decoded (it was checked whole when packed). */
export function unpackValue(packed: PackedValue): RdbValue {
  const value = decodeValue(packed.rdbType, new RdbInput(packed.bytes));
  if (value === null) throw new RdbError("RDB: a packed value decoded empty");
  return value;
}

function readStrings(input: RdbInput, count: number): string[] {
  const out: string[] = new Array(count);
  for (let i = 0; i < count; i++) out[i] = input.latin1String();
  return out;
}

function nonEmptyList(elements: string[]): RdbValue | null {
  return elements.length === 0 ? null : { type: "list", elements };
}

/**
 * RDB_TYPE_LIST_QUICKLIST (ziplist nodes) and _2 (each node a container tag, then a listpack or,
 * for a plain node, one element), its elements appended to `out`; with no `out` the nodes are
 * only checked. Returns the element count. Empty nodes are skipped, as Redis does.
 */
function readQuicklist(input: RdbInput, v2: boolean, out: string[] | null): number {
  const nodes = input.count();
  let count = 0;
  for (let i = 0; i < nodes; i++) {
    const container = v2 ? input.length() : QuicklistContainer.packed;
    if (container === QuicklistContainer.plain) {
      if (out === null) input.string();
      else out.push(input.latin1String());
      count++;
    } else if (container === QuicklistContainer.packed) {
      const blob = input.string();
      if (out === null) {
        count += v2 ? walkListpack(blob, ignoreEntry) : decodeZiplist(blob).length;
        continue;
      }
      const elements = v2 ? decodeListpack(blob) : decodeZiplist(blob);
      for (const element of elements) out.push(element);
      count += elements.length;
    } else {
      throw new RdbError(`RDB: quicklist node with unknown container ${container}`);
    }
  }
  return count;
}

function ignoreEntry(): void {}

function assertEvenEntries(count: number, what: string): void {
  if (count % 2 !== 0) throw new RdbError(`RDB: corrupt ${what} (odd number of entries)`);
}

function nanScore(what: string): RdbError {
  return new RdbError(`RDB: corrupt ${what} (NaN score)`);
}

/** Alternating items as pairs (hash and zset blobs); an odd count is corrupt. */
function pairs(items: string[], what: string): [string, string][] {
  assertEvenEntries(items.length, what);
  const out: [string, string][] = new Array(items.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = [items[2 * i], items[2 * i + 1]];
  return out;
}

function hashOf(entries: [string, string][], encoding: "listpack" | undefined): RdbValue | null {
  if (entries.length === 0) return null;
  return encoding === undefined ? { type: "hash", entries } : { type: "hash", entries, encoding };
}

/** Plain decimal text, which Number() reads exactly as strtod does (both round correctly). */
const PLAIN_DECIMAL = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** A ziplist/listpack zset: member, score pairs; scores are text read by strtod (zzlGetScore). */
function zsetOf(items: string[], what: string, encoding: "listpack" | undefined): RdbValue | null {
  const entries = pairs(items, what).map(([member, text]): [string, number] => {
    // Nearly every score is plain decimal (d2string's output): only the rest (hex, inf, trailing
    // bytes) needs strtod's byte-level reading.
    const score = PLAIN_DECIMAL.test(text) ? Number(text) : strtod(Buffer.from(text, "latin1")).value;
    if (Number.isNaN(score)) throw nanScore(what);
    return [member, score];
  });
  if (entries.length === 0) return null;
  return encoding === undefined ? { type: "zset", entries } : { type: "zset", entries, encoding };
}

/** Redis refuses duplicates in plain sets, hashes and sorted sets ("Duplicate … detected"). */
function assertUnique(names: string[], what: string): void {
  if (new Set(names).size !== names.length) throw new RdbError(`RDB: duplicate ${what}`);
}

/**
 * Writes the type byte, the key when one is given (a snapshot record; a DUMP payload has none)
 * and the value (rdbSaveObjectType + rdbSaveObject). Lists are a plain
 * RDB_TYPE_LIST; sets, hashes and sorted sets are plain unless they carry `encoding`, then an
 * intset or a listpack as Redis writes them (an intset request with a non-integer member falls
 * back to plain). A sorted set's entries are written from the last, as Redis writes a skiplist.
 */
export function encodeValue(out: RdbOutput, value: RdbValue, key?: string): void {
  const start = (type: number): void => {
    out.sink.u8(type);
    if (key !== undefined) out.latin1String(key);
  };
  switch (value.type) {
    case "string":
      start(RdbType.string);
      out.string(value.value);
      return;
    case "list":
      start(RdbType.list);
      writeStrings(out, value.elements);
      return;
    case "set": {
      const blob = value.encoding === "intset" ? encodeIntset(value.members) : null;
      if (blob !== null) {
        start(RdbType.setIntset);
        out.string(blob);
      } else {
        start(RdbType.set);
        writeStrings(out, value.members);
      }
      return;
    }
    case "hash":
      if (value.encoding === "listpack") {
        start(RdbType.hashListpack);
        out.string(encodeListpack(value.entries.flat()));
        return;
      }
      start(RdbType.hash);
      out.length(value.entries.length);
      for (const [field, v] of value.entries) {
        out.latin1String(field);
        out.latin1String(v);
      }
      return;
    case "zset":
      if (value.encoding === "listpack") {
        // zzlInsertAt stores the score as d2string text (which lpAppend may store as an integer).
        start(RdbType.zsetListpack);
        out.string(encodeListpack(value.entries.flatMap(([member, score]) => [member, d2string(score)])));
        return;
      }
      start(RdbType.zset2);
      out.length(value.entries.length);
      for (let i = value.entries.length - 1; i >= 0; i--) {
        const [member, score] = value.entries[i];
        out.latin1String(member);
        out.binaryDouble(score);
      }
      return;
  }
}

/** 2^62: double2ll's window, (double)(LLONG_MAX/2). */
const DOUBLE2LL_LIMIT = 2 ** 62;

/**
 * Redis 7.0's d2string (util.c): an integral value within ±2^62 prints as an integer (exactly,
 * even past 2^53), zero keeps its sign ("-0"), anything else is "%.17g".
 */
export function d2string(value: number): string {
  if (value === 0) return Object.is(value, -0) ? "-0" : "0";
  if (Number.isInteger(value) && value >= -DOUBLE2LL_LIMIT && value <= DOUBLE2LL_LIMIT) {
    return Number.isSafeInteger(value) ? String(value) : BigInt(value).toString();
  }
  return shortExactDecimal(value) ?? formatDouble(value);
}

/**
 * "%.17g" of a fraction whose exact decimal expansion is short (a dyadic one such as 2.5 or
 * 1234.75, as scores often are), or null. String() prints the shortest text that reads back as
 * the value, never more than 17 significant digits; when value × 2^decimals is an integer, the
 * exact expansion has no more decimals than that text, so the text is the exact expansion —
 * which is what "%.17g" prints too, in plain notation within [1e-4, 1e17).
 */
function shortExactDecimal(value: number): string | null {
  const abs = Math.abs(value);
  // Within [1e-4, 1e15) String() writes plain notation as well.
  if (!(abs >= 1e-4 && abs < 1e15)) return null;
  const text = String(value);
  const point = text.indexOf(".");
  return point !== -1 && Number.isInteger(value * 2 ** (text.length - point - 1)) ? text : null;
}

function writeStrings(out: RdbOutput, items: readonly string[]): void {
  out.length(items.length);
  for (const item of items) out.latin1String(item);
}
