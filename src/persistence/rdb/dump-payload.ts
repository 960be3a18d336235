// DUMP / RESTORE payloads (cluster.c createDumpPayload / verifyDumpPayload): one value in RDB
// encoding (type byte + value), then the RDB version as 2 bytes little-endian, then the CRC64 of
// everything before it, little-endian.

import { Crc64 } from "./crc64.ts";
import { RDB_VERSION, RdbError, type RdbValue } from "./format.ts";
import { RdbInput } from "./input.ts";
import { ByteSink, RdbOutput } from "./output.ts";
import { decodeValue, encodeValue } from "./value.ts";

const FOOTER_SIZE = 10;

/** The DUMP payload of a value; `compression` is the rdbcompression setting, which DUMP obeys too. */
export function encodeDumpPayload(value: RdbValue, compression: boolean): Uint8Array {
  const sink = new ByteSink(256);
  encodeValue(new RdbOutput(sink, compression), value);
  sink.u16le(RDB_VERSION);
  const trailer = sink.reserve(8);
  new Crc64().update(sink.written).writeLE(trailer, sink.length);
  sink.length += 8;
  return sink.take();
}

/** Why a payload was refused: RESTORE answers differently for the two. */
export type DumpPayloadProblem = "version-or-checksum" | "bad-format";

export type DecodedDumpPayload = { ok: true; value: RdbValue } | { ok: false; problem: DumpPayloadProblem; detail: string };

/**
 * Reads a RESTORE payload. verifyDumpPayload first (at least 10 bytes, a version Redis 7.0 can
 * read, the checksum unless `verifyChecksum` is off), then the value; an empty collection is a
 * bad format, as rdbLoadObject's empty-key error is for RESTORE.
 */
export function decodeDumpPayload(payload: Uint8Array, verifyChecksum = true): DecodedDumpPayload {
  if (payload.length < FOOTER_SIZE) return { ok: false, problem: "version-or-checksum", detail: "payload too short" };
  const footer = payload.length - FOOTER_SIZE;
  const version = payload[footer] | (payload[footer + 1] << 8);
  if (version > RDB_VERSION) return { ok: false, problem: "version-or-checksum", detail: `RDB version ${version}` };
  if (verifyChecksum && !new Crc64().update(payload, 0, footer + 2).equalsLE(payload, footer + 2)) {
    return { ok: false, problem: "version-or-checksum", detail: "checksum mismatch" };
  }
  // rdbLoadObject reads from the whole payload, footer included: a value that runs into the
  // footer loads (garbage and all) rather than failing, so the same payloads succeed here.
  const input = new RdbInput(payload);
  try {
    const value = decodeValue(input.u8(), input);
    if (value === null) return { ok: false, problem: "bad-format", detail: "empty collection" };
    return { ok: true, value };
  } catch (e) {
    if (e instanceof RdbError) return { ok: false, problem: "bad-format", detail: e.message };
    throw e;
  }
}
