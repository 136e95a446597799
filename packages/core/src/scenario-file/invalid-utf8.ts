/**
 * Byte offset of the first byte that does not start a valid UTF-8 sequence
 * (the WHATWG decoder's rules: no overlong forms, no surrogates, nothing above
 * U+10FFFF), or undefined when all of `bytes` is valid UTF-8. Used to point
 * at the offending character of a text file saved in another encoding.
 *
 * @example
 * firstInvalidUtf8Byte(new Uint8Array([0x63, 0x61, 0x66, 0xe9])); // 3 (Latin-1 "é")
 */
export function firstInvalidUtf8Byte(bytes: Uint8Array): number | undefined {
  let index = 0;
  while (index < bytes.length) {
    const length = sequenceLength(bytes, index);
    if (length === 0) return index;
    index += length;
  }
  return undefined;
}

/** Length of the valid sequence starting at `index`, 0 when it is not one. */
function sequenceLength(bytes: Uint8Array, index: number): number {
  const lead = bytes[index] as number;
  if (lead < 0x80) return 1;
  // Allowed range of the second byte depends on the lead byte; later bytes are always 0x80–0xBF.
  let count: number;
  let low = 0x80;
  let high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) count = 1;
  else if (lead >= 0xe0 && lead <= 0xef) {
    count = 2;
    if (lead === 0xe0) low = 0xa0;
    if (lead === 0xed) high = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    count = 3;
    if (lead === 0xf0) low = 0x90;
    if (lead === 0xf4) high = 0x8f;
  } else return 0;
  for (let offset = 1; offset <= count; offset++) {
    const byte = bytes[index + offset];
    if (byte === undefined) return 0;
    const [min, max] = offset === 1 ? [low, high] : [0x80, 0xbf];
    if (byte < min || byte > max) return 0;
  }
  return count + 1;
}

/**
 * True when undecodable bytes look like a binary file rather than text in
 * another encoding: binary formats (images, archives) hold NUL and other
 * control bytes that text never does.
 */
export function looksBinary(bytes: Uint8Array): boolean {
  return bytes.some((byte) => byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c && byte !== 0x1b);
}
