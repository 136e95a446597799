import { describe, expect, it } from "vitest";
import { byteSize, compactJson, compactString, compactValue, mediaMarker } from "./compact-value.js";

const base64 = Buffer.alloc(3000, 7).toString("base64");

describe("mediaMarker", () => {
  it("describes base64, binary and data URLs by kind, type and decoded size", () => {
    expect(mediaMarker(base64, "image/png")).toBe("[IMAGE: image/png, ~3000 bytes]");
    expect(mediaMarker(new Uint8Array(42), "audio/wav")).toBe("[AUDIO: audio/wav, ~42 bytes]");
    expect(mediaMarker(`data:application/pdf;base64,${base64}`, undefined, { filename: "a.pdf" })).toBe(
      "[FILE: a.pdf, application/pdf, ~3000 bytes]",
    );
  });

  it("shows http URLs as they are", () => {
    expect(mediaMarker(new URL("https://example.test/cat.png"), "image/png")).toBe("[IMAGE: https://example.test/cat.png]");
  });

  it("computes base64 sizes with padding", () => {
    expect(byteSize(Buffer.from("hello").toString("base64"))).toBe(5);
  });
});

describe("compactString", () => {
  it("replaces data URLs inside text and keeps the rest verbatim", () => {
    const text = `see data:image/jpeg;base64,${base64} here`;
    expect(compactString(text)).toBe("see [IMAGE: image/jpeg, ~3000 bytes] here");
    expect(compactString("plain text, data: none")).toBe("plain text, data: none");
  });
});

describe("compactValue", () => {
  it("parses JSON strings, marks base64 and binary, and survives cycles", () => {
    const cyclic: Record<string, unknown> = { json: '{"a":[1,2]}', blob: base64, bytes: new Uint8Array(10) };
    cyclic.self = cyclic;
    expect(compactValue(cyclic)).toEqual({
      json: { a: [1, 2] },
      blob: "[BASE64: ~3000 bytes]",
      bytes: "[BINARY: ~10 bytes]",
      self: "[Circular]",
    });
  });

  it("shortens long strings and deduplicates repeated ones", () => {
    const long = "y".repeat(120);
    const seen = new Map<string, string>();
    expect(compactValue({ first: long }, { seen, where: "span" })).toEqual({ first: long });
    expect(compactValue({ again: long }, { seen, where: "other" })).toEqual({ again: "[repeated 120 chars, as in span.first]" });
    expect(compactValue("z".repeat(50), { maxStringLength: 10 })).toBe("zzzzzzzzzz… (50 chars)");
  });

  it("serializes bigint and undefined without throwing", () => {
    expect(compactJson({ n: 10n, u: undefined })).toBe('{"n":"10","u":null}');
    expect(compactJson(undefined)).toBe("null");
  });
});
