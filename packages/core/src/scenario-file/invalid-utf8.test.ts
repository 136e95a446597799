import { describe, expect, it } from "vitest";
import { firstInvalidUtf8Byte, looksBinary } from "./invalid-utf8.js";

const strict = new TextDecoder("utf-8", { fatal: true });
const decodes = (bytes: Uint8Array) => {
  try {
    strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
};

describe("firstInvalidUtf8Byte", () => {
  it("finds the first byte of an invalid sequence", () => {
    expect(firstInvalidUtf8Byte(new TextEncoder().encode("café ✓ 𝄞"))).toBeUndefined();
    expect(firstInvalidUtf8Byte(new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x0a]))).toBe(3); // Latin-1 é
    expect(firstInvalidUtf8Byte(new Uint8Array([0x61, 0xc0, 0x80]))).toBe(1); // overlong NUL
    expect(firstInvalidUtf8Byte(new Uint8Array([0xed, 0xa0, 0x80]))).toBe(0); // a surrogate
    expect(firstInvalidUtf8Byte(new Uint8Array([0xf4, 0x90, 0x80, 0x80]))).toBe(0); // above U+10FFFF
    expect(firstInvalidUtf8Byte(new Uint8Array([0x61, 0xe2, 0x9c]))).toBe(1); // cut short
  });

  it("agrees with the WHATWG decoder on random bytes", () => {
    let seed = 42;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed;
    };
    for (let round = 0; round < 2000; round++) {
      // Mostly ASCII and lead/continuation bytes, so valid multi-byte sequences occur too.
      const bytes = Uint8Array.from(
        { length: 1 + (next() % 8) },
        () => [0x41, 0x80, 0xa0, 0xbf, 0xc3, 0xe2, 0xed, 0xf0, 0xf4][next() % 9] as number,
      );
      const offset = firstInvalidUtf8Byte(bytes);
      expect(offset === undefined, Array.from(bytes).join(",")).toBe(decodes(bytes));
      if (offset !== undefined) expect(decodes(bytes.subarray(0, offset))).toBe(true);
    }
  });
});

describe("looksBinary", () => {
  it("tells binary data (NUL and control bytes) from text in another encoding", () => {
    expect(looksBinary(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00]))).toBe(true);
    expect(looksBinary(new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x09, 0x0d, 0x0a]))).toBe(false);
  });
});
