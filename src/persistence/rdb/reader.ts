// Parses a whole RDB snapshot (versions 1 to 10, rdbLoadRio of Redis 7.0) into records that do
// not depend on redbun's memory types, handed over one by one as they are decoded (scanRdb) or
// gathered (readRdb). Any problem (bad magic or version, truncation, corrupt encoding, a type
// redbun cannot hold, a wrong checksum) throws an RdbError: readRdb then returns no record, and
// a scan's consumer undoes what it did. Expired keys are returned too: the loader decides.

import { Crc64 } from "./crc64.ts";
import { Opcode, RDB_VERSION, RdbError, type RdbRecord } from "./format.ts";
import { RdbInput } from "./input.ts";
import { latin1 } from "../../store/latin1.ts";
import { decodeValue, isObjectType } from "./value.ts";

/** What a scan learns besides the records. */
export interface RdbFileInfo {
  version: number;
  /** RDB_OPCODE_AUX fields in file order (redis-ver, redis-bits, ctime, used-mem, aof-base …). */
  aux: Map<string, string>;
  /** RDB_OPCODE_RESIZEDB hints per db: [keys, keys with a TTL]. */
  dbSizes: Map<number, readonly [keys: number, expires: number]>;
  /**
   * Bytes the snapshot took, checksum included: an AOF whose base is an RDB preamble goes on
   * with commands after it.
   */
  length: number;
}

export interface RdbFile extends RdbFileInfo {
  records: RdbRecord[];
}

export interface ReadOptions {
  /** rdbchecksum: verify the trailing CRC64 (a stored 0 means "saved without one" either way). */
  verifyChecksum?: boolean;
}

const MAGIC = "REDIS";

/** Reads a snapshot. Throws RdbError when it cannot be loaded whole. */
export function readRdb(bytes: Uint8Array, options: ReadOptions = {}): RdbFile {
  const records: RdbRecord[] = [];
  const info = scanRdb(bytes, options, decodeValue, (record) => records.push(record));
  return { ...info, records };
}

/**
 * Reads a snapshot, handing each record to `onRecord` as soon as `decode` has read its value
 * (null: an empty collection, skipped), so a loader holds no more than one record at a time.
 * The checksum is checked at the end: an RdbError may come after records were handed over.
 */
export function scanRdb<Value>(
  bytes: Uint8Array,
  options: ReadOptions,
  decode: (type: number, input: RdbInput) => Value | null,
  onRecord: (record: RdbRecord<Value>) => void,
): RdbFileInfo {
  const input = new RdbInput(bytes);
  input.need(9);
  if (latin1(bytes, 0, 5) !== MAGIC) throw new RdbError("RDB: wrong signature (not an RDB file)");
  const versionText = latin1(bytes, 5, 9);
  const version = /^\d{4}$/.test(versionText) ? Number(versionText) : NaN;
  if (!(version >= 1 && version <= RDB_VERSION)) {
    throw new RdbError(`RDB: can't handle RDB format version ${JSON.stringify(versionText)}`);
  }
  input.pos = 9;

  const file: RdbFileInfo = { version, aux: new Map(), dbSizes: new Map(), length: 0 };
  let db = 0;
  let expiresAtMs: number | null = null;
  let idleSec: number | undefined;
  let lfuFreq: number | undefined;
  for (;;) {
    const at = input.pos;
    const type = input.u8();
    switch (type) {
      case Opcode.expireTime:
        expiresAtMs = input.i32le() * 1000;
        continue;
      case Opcode.expireTimeMs:
        expiresAtMs = input.i64le();
        continue;
      case Opcode.freq:
        lfuFreq = input.u8();
        continue;
      case Opcode.idle:
        idleSec = input.length();
        continue;
      case Opcode.selectDb:
        db = input.length();
        continue;
      case Opcode.resizeDb: {
        const keys = input.length();
        file.dbSizes.set(db, [keys, input.length()]);
        continue;
      }
      case Opcode.aux: {
        const name = input.latin1String();
        file.aux.set(name, input.latin1String());
        continue;
      }
      case Opcode.moduleAux:
        throw new RdbError(`RDB: module data at offset ${at} is not supported`);
      case Opcode.function2:
      case Opcode.functionPreGa:
        throw new RdbError(`RDB: functions at offset ${at} are not supported`);
      case Opcode.eof:
        verifyEnd(input, version, options.verifyChecksum ?? true);
        file.length = version >= 5 ? input.pos + 8 : input.pos;
        return file;
    }
    if (!isObjectType(type)) throw new RdbError(`RDB: unknown type or opcode ${type} at offset ${at}`);
    const key = input.latin1String();
    let value: Value | null;
    try {
      value = decode(type, input);
    } catch (e) {
      if (e instanceof RdbError) throw new RdbError(`${e.message} (key ${JSON.stringify(key)} in db ${db}, offset ${at})`);
      throw e;
    }
    if (value !== null) {
      const record: RdbRecord<Value> = { db, key, expiresAtMs, value };
      if (idleSec !== undefined) record.idleSec = idleSec;
      if (lfuFreq !== undefined) record.lfuFreq = lfuFreq;
      onRecord(record);
    }
    expiresAtMs = null;
    idleSec = undefined;
    lfuFreq = undefined;
  }
}

/** After RDB_OPCODE_EOF: from version 5 on, the CRC64 of every byte before it, little-endian. */
function verifyEnd(input: RdbInput, version: number, verify: boolean): void {
  if (version < 5) return;
  const covered = input.pos;
  input.need(8);
  const stored = input.bytes.subarray(covered, covered + 8);
  if (!verify || stored.every((b) => b === 0)) return;
  const crc = new Crc64().update(input.bytes, 0, covered);
  if (!crc.equalsLE(input.bytes, covered)) {
    const expected = new DataView(stored.buffer, stored.byteOffset, 8).getBigUint64(0, true);
    throw new RdbError(
      `RDB: wrong checksum: the file says ${expected.toString(16)}, the data gives ${crc.value().toString(16)}`,
    );
  }
}
