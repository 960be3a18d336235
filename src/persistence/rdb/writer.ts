// Writes RDB version 10 as Redis 7.0's rdbSaveRio does: magic, AUX fields, per non-empty db
// SELECTDB + RESIZEDB then its records (EXPIRETIME_MS before a key with a TTL), EOF and the CRC64
// (8 zero bytes when rdbchecksum is off). An RdbWriter is fed step by step and hands its output
// over in chunks, so a background save can write slices between event-loop turns.

import { Crc64 } from "./crc64.ts";
import { Opcode, RDB_VERSION, type RdbRecord, type RdbValue } from "./format.ts";
import { ByteSink, RdbOutput } from "./output.ts";
import { encodeValue, isPacked, type PackedValue } from "./value.ts";

export interface RdbWriterOptions {
  /** rdbcompression */
  compression: boolean;
  /** rdbchecksum: when off the trailer is 8 zero bytes, which loaders take as "not checked". */
  checksum: boolean;
}

/** The AUX fields Redis 7.0 writes at the top (rdbSaveInfoAuxFields), minus the replication ones. */
export interface RdbAux {
  /** ctime: Unix seconds of the save. */
  ctimeSec: number;
  /** used-mem, in bytes. */
  usedMem: number;
  /** aof-base: 1 when the snapshot is the base of an AOF. */
  aofBase: boolean;
}

/** The version Redis 7.0.15 announces as redis-ver. */
const REDIS_VER = "7.0.15";

export class RdbWriter {
  private readonly sink = new ByteSink();
  private readonly out: RdbOutput;
  private readonly crc = new Crc64();
  /** How many of the sink's current bytes the CRC has already folded in. */
  private crcCovered = 0;

  constructor(private readonly options: RdbWriterOptions) {
    this.out = new RdbOutput(this.sink, options.compression);
  }

  /** Bytes written and not yet taken. */
  get pendingBytes(): number {
    return this.sink.length;
  }

  /** The magic and the AUX fields. */
  begin(aux: RdbAux): void {
    this.sink.latin1(`REDIS${String(RDB_VERSION).padStart(4, "0")}`);
    this.auxField("redis-ver", REDIS_VER);
    this.auxField("redis-bits", "64");
    this.auxField("ctime", String(Math.floor(aux.ctimeSec)));
    this.auxField("used-mem", String(Math.floor(aux.usedMem)));
    this.auxField("aof-base", aux.aofBase ? "1" : "0");
  }

  /** Starts a db: SELECTDB and the RESIZEDB hint (its key count and how many have a TTL). */
  selectDb(db: number, keys: number, expires: number): void {
    this.sink.u8(Opcode.selectDb);
    this.out.length(db);
    this.sink.u8(Opcode.resizeDb);
    this.out.length(keys);
    this.out.length(expires);
  }

  /**
   * One key (rdbSaveKeyValuePair): its TTL if any, then type, key and value; a packed value's
   * bytes go out as they were read.
   */
  record(key: string, value: RdbValue | PackedValue, expiresAtMs: number | null): void {
    if (expiresAtMs !== null) {
      this.sink.u8(Opcode.expireTimeMs);
      this.sink.i64le(expiresAtMs);
    }
    if (isPacked(value)) {
      this.sink.u8(value.rdbType);
      this.out.latin1String(key);
      this.sink.bytes(value.bytes);
    } else {
      encodeValue(this.out, value, key);
    }
  }

  /** Records another RdbWriter already encoded (a background snapshot's keys copied before their turn). */
  raw(records: Uint8Array): void {
    this.sink.bytes(records);
  }

  /** EOF and the checksum trailer; nothing may be written after this. */
  end(): void {
    this.sink.u8(Opcode.eof);
    const buf = this.sink.written;
    this.crc.update(buf, this.crcCovered, buf.length);
    const trailer = this.sink.reserve(8);
    if (this.options.checksum) this.crc.writeLE(trailer, this.sink.length);
    else trailer.fill(0, this.sink.length, this.sink.length + 8);
    this.sink.length += 8;
    this.crcCovered = this.sink.length;
  }

  /** Hands over the bytes written since the last call (the caller owns them). */
  take(): Uint8Array {
    const buf = this.sink.written;
    this.crc.update(buf, this.crcCovered, buf.length);
    this.crcCovered = 0;
    return this.sink.take();
  }

  private auxField(name: string, value: string): void {
    this.sink.u8(Opcode.aux);
    this.out.latin1String(name);
    this.out.latin1String(value);
  }
}

/** A db's part of a whole snapshot, for writeRdb. */
export interface RdbDb {
  index: number;
  records: readonly RdbRecord[];
}

/** A whole snapshot in one buffer (tests, small keyspaces); empty dbs are left out as Redis does. */
export function writeRdb(dbs: readonly RdbDb[], options: RdbWriterOptions, aux: RdbAux): Uint8Array {
  const writer = new RdbWriter(options);
  writer.begin(aux);
  for (const db of dbs) {
    if (db.records.length === 0) continue;
    const expires = db.records.filter((r) => r.expiresAtMs !== null).length;
    writer.selectDb(db.index, db.records.length, expires);
    for (const r of db.records) writer.record(r.key, r.value, r.expiresAtMs);
  }
  writer.end();
  return writer.take();
}
