import { crc32 } from "node:zlib";

/**
 * Outbox lines: `<crc32 of the JSON, 8 lower-case hex digits> <JSON>\n`. The
 * JSON is one ingest event whose first key is `eventId`, so its id sits at a
 * fixed position and nothing needs parsing. Lines are made 100 at a time into
 * one buffer (`packLines`): the same bytes are written to the segment file
 * and posted to the server. A line that is cut short (a crash mid-write) or
 * whose checksum does not match is skipped and counted, never sent.
 */
export const CRC_WIDTH = 9;
const idMarker = Buffer.from('{"eventId":"', "latin1");
const idLength = 36;
const newline = 0x0a;
const closingBrace = 0x7d;

/** Lines packed into one buffer: `ends[i]` is the offset just after line `i`'s newline. */
export interface PackedLines {
  bytes: Buffer;
  ends: number[];
}

/**
 * The lines of `jsons` (each starting `{"eventId":"`), in one buffer with
 * each line's checksum computed over its own bytes (each string is encoded
 * once, straight into place).
 */
export function packLines(jsons: readonly string[]): PackedLines {
  const lengths: number[] = [];
  let total = 0;
  for (const json of jsons) {
    const length = Buffer.byteLength(json, "utf8");
    lengths.push(length);
    total += CRC_WIDTH + length + 1;
  }
  const bytes = Buffer.allocUnsafe(total);
  const ends: number[] = [];
  let at = 0;
  for (let index = 0; index < jsons.length; index++) {
    const length = lengths[index]!;
    bytes.write(jsons[index]!, at + CRC_WIDTH, length, "utf8");
    bytes.write(hex8(crc32(bytes.subarray(at + CRC_WIDTH, at + CRC_WIDTH + length))), at, "latin1");
    bytes[at + 8] = 0x20;
    bytes[at + CRC_WIDTH + length] = newline;
    at += CRC_WIDTH + length + 1;
    ends.push(at);
  }
  return { bytes, ends };
}

/**
 * The JSON of the line in `bytes` from `start` to `end` (the index of its
 * newline), or `undefined` when the line is torn or its checksum fails.
 */
export function checkedJson(bytes: Buffer, start: number, end: number): Buffer | undefined {
  if (end - start < CRC_WIDTH + idMarker.length + idLength + 2 || bytes[start + 8] !== 0x20) return undefined;
  const json = bytes.subarray(start + CRC_WIDTH, end);
  const expected = Number.parseInt(bytes.toString("latin1", start, start + 8), 16);
  if (Number.isNaN(expected) || crc32(json) >>> 0 !== expected) return undefined;
  if (json.compare(idMarker, 0, idMarker.length, 0, idMarker.length) !== 0 || json[json.length - 1] !== closingBrace)
    return undefined;
  return json;
}

/** The `eventId` of a line's JSON. */
export function eventIdOf(json: Buffer): string {
  return json.toString("latin1", idMarker.length, idMarker.length + idLength);
}

function hex8(value: number): string {
  return (value >>> 0).toString(16).padStart(8, "0");
}

/**
 * `lines` rewritten by `prepare` (the outbox's `prepare` option), in order; a
 * line it throws on is left out and counted in one warning naming the error
 * class only (a message may quote the event).
 */
export function prepareLines(
  lines: readonly string[],
  prepare: (json: string) => string,
  warn: ((message: string) => void) | undefined,
): string[] {
  const prepared: string[] = [];
  let failed = 0;
  let reason = "";
  for (const json of lines) {
    try {
      prepared.push(prepare(json));
    } catch (error) {
      failed++;
      reason = (error as Error).name;
    }
  }
  if (failed > 0) warn?.(`outbox: ${failed} event${failed === 1 ? "" : "s"} dropped before writing (preparing threw ${reason})`);
  return prepared;
}
