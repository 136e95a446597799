// Byte-level helpers for the upload formats: no compressor or image library
// is needed because every structure is written uncompressed by hand.

/** Latin-1 bytes of `text` (each character's low byte). */
export function ascii(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let index = 0; index < text.length; index++) bytes[index] = text.charCodeAt(index) & 0xff;
  return bytes;
}

/** The parts joined into one array. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Little-endian 16-bit value. */
export const u16 = (value: number) => new Uint8Array([value & 0xff, (value >>> 8) & 0xff]);
/** Little-endian 32-bit value. */
export const u32 = (value: number) =>
  new Uint8Array([value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff]);
/** Big-endian 32-bit value. */
export const u32be = (value: number) =>
  new Uint8Array([(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff]);

const crcTable = Array.from({ length: 256 }, (_, index) => {
  let value = index;
  for (let bit = 0; bit < 8; bit++) value = value & 1 ? 0xedb88320 ^ (value >>> 1) : value >>> 1;
  return value >>> 0;
});

/** CRC-32 (IEEE, as used by PNG and zip). */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (crcTable[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** `length` bytes drawn from `random`. */
export function randomBytes(length: number, random: () => number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let index = 0; index < length; index++) bytes[index] = Math.floor(random() * 256) & 0xff;
  return bytes;
}

const vocabulary = [
  "lorem",
  "ipsum",
  "dolor",
  "sit",
  "amet",
  "invoice",
  "report",
  "quarterly",
  "customer",
  "order",
  "total",
  "review",
];

/** Exactly `length` ASCII bytes of words drawn from `random`, with line breaks when `lineBreaks` (no commas or quotes). */
export function fillText(length: number, random: () => number, lineBreaks: boolean): Uint8Array {
  const bytes = new Uint8Array(length);
  let offset = 0;
  let line = 0;
  while (offset < length) {
    const word = vocabulary[Math.floor(random() * vocabulary.length)] ?? "lorem";
    line += word.length + 1;
    const separator = lineBreaks && line > 64 ? "\n" : " ";
    if (separator === "\n") line = 0;
    for (const character of word + separator) {
      if (offset >= length) break;
      bytes[offset++] = character.charCodeAt(0);
    }
  }
  return bytes;
}

/**
 * Turns `padding` into JPEG comment (COM) segments of the same total length:
 * each segment spends 4 bytes on its marker and length; 1–3 left-over bytes
 * become 0xFF fill bytes, which JPEG allows before any marker.
 */
export function jpegComments(padding: Uint8Array): Uint8Array {
  const out = new Uint8Array(padding.length);
  let offset = 0;
  while (padding.length - offset >= 4) {
    const size = Math.min(padding.length - offset - 4, 65533);
    out.set([0xff, 0xfe, ((size + 2) >> 8) & 0xff, (size + 2) & 0xff], offset);
    out.set(padding.subarray(offset, offset + size), offset + 4);
    offset += size + 4;
  }
  out.fill(0xff, offset);
  return out;
}

/** One stored (uncompressed) zip entry. */
export interface ZipEntry {
  readonly name: string;
  readonly data: Uint8Array;
}

/**
 * A zip archive of stored entries. `corruptFirstCrc` writes a wrong CRC-32 for
 * the first entry; `omitEnd` leaves out the end-of-central-directory record.
 */
export function zipArchive(entries: readonly ZipEntry[], options: { corruptFirstCrc: boolean; omitEnd: boolean }): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  entries.forEach((entry, index) => {
    const name = ascii(entry.name);
    const crc = (crc32(entry.data) ^ (index === 0 && options.corruptFirstCrc ? 0xffffffff : 0)) >>> 0;
    // version 2.0, no flags, method 0 (stored), time 00:00, date 1980-01-01
    const common = concat([
      u16(20),
      u16(0),
      u16(0),
      u16(0),
      u16(0x21),
      u32(crc),
      u32(entry.data.length),
      u32(entry.data.length),
      u16(name.length),
      u16(0),
    ]);
    const local = concat([u32(0x04034b50), common, name, entry.data]);
    centrals.push(concat([u32(0x02014b50), u16(20), common, u16(0), u16(0), u16(0), u32(0), u32(offset), name]));
    locals.push(local);
    offset += local.length;
  });
  const directory = concat(centrals);
  const end = concat([
    u32(0x06054b50),
    u16(0),
    u16(0),
    u16(entries.length),
    u16(entries.length),
    u32(directory.length),
    u32(offset),
    u16(0),
  ]);
  return concat([...locals, directory, options.omitEnd ? new Uint8Array(0) : end]);
}
