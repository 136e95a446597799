import type { LanguageModelV3CallOptions } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { callKey, canonicalJson, canonicalValue, normaliseCall, plainData, reviveBytes } from "./call-key.js";

describe("canonicalJson", () => {
  it("does not depend on key order and drops undefined", () => {
    const left = { b: 1, a: { y: [1, { q: 2, p: undefined }], x: "s" } };
    const right = { a: { x: "s", y: [1, { q: 2 }] }, b: 1, c: undefined };
    expect(canonicalJson(left)).toBe(canonicalJson(right));
    expect(canonicalJson(left)).toBe('{"a":{"x":"s","y":[1,{"q":2}]},"b":1}');
  });

  it("writes bytes, URLs, dates, bigints and non-finite numbers as stable JSON", () => {
    const value = {
      data: new Uint8Array([104, 105]),
      buffer: Buffer.from("hi"),
      url: new URL("https://example.test/a?b=1"),
      at: new Date("2026-01-02T03:04:05.000Z"),
      big: 12345678901234567890n,
      nan: Number.NaN,
      list: [undefined, () => 1],
    };
    expect(canonicalValue(value)).toEqual({
      at: "2026-01-02T03:04:05.000Z",
      big: "12345678901234567890",
      buffer: { $bytes: "aGk=" },
      data: { $bytes: "aGk=" },
      list: [null, null],
      nan: null,
      url: "https://example.test/a?b=1",
    });
  });

  it("rejects cycles, naming where, but accepts shared references", () => {
    const shared = { n: 1 };
    expect(canonicalJson({ a: shared, b: [shared] })).toBe('{"a":{"n":1},"b":[{"n":1}]}');
    const cyclic: Record<string, unknown> = { a: { b: {} } };
    (cyclic.a as { b: Record<string, unknown> }).b.back = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/cycle at \$\.a\.b\.back/);
  });

  it("round-trips bytes through reviveBytes", () => {
    const revived = reviveBytes(JSON.parse(canonicalJson({ file: { data: new Uint8Array([1, 2, 255]) } })));
    expect(revived).toEqual({ file: { data: new Uint8Array([1, 2, 255]) } });
  });
});

describe("callKey", () => {
  it("is a sha256 hex digest that changes with the content", () => {
    const key = callKey({ a: 1 });
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(callKey({ a: 1 })).toBe(key);
    expect(callKey({ a: 2 })).not.toBe(key);
  });
});

describe("normaliseCall", () => {
  it("keeps what shapes the answer and drops transport", () => {
    const params: LanguageModelV3CallOptions = {
      prompt: [{ role: "user", content: [{ type: "text", text: "hi" }] }],
      temperature: 0.2,
      seed: 7,
      abortSignal: new AbortController().signal,
      headers: { "x-thread-id": "scenariothread_1" },
      includeRawChunks: true,
      providerOptions: { openai: { store: false } },
    };
    const normalised = canonicalValue(normaliseCall("openai:gpt-4.1-mini", params));
    expect(normalised).toEqual({
      model: "openai:gpt-4.1-mini",
      prompt: [{ role: "user", content: [{ type: "text", text: "hi" }] }],
      temperature: 0.2,
      seed: 7,
      providerOptions: { openai: { store: false } },
    });
    const otherRun = { ...params, headers: { "x-thread-id": "scenariothread_2" }, abortSignal: undefined };
    expect(callKey(normaliseCall("m", otherRun))).toBe(callKey(normaliseCall("m", params)));
    expect(callKey(normaliseCall("m", { ...params, temperature: 0.3 }))).not.toBe(callKey(normaliseCall("m", params)));
  });
});

describe("plainData", () => {
  it("accepts plain data and names the path of anything else", () => {
    expect(plainData({ b: [1, "x", null], a: { ok: true, gone: undefined } }, "it")).toEqual({
      a: { ok: true },
      b: [1, "x", null],
    });
    expect(() => plainData({ when: { at: new Date(0) } }, "the value")).toThrow(
      /^the value is not plain JSON data: Date instance at \$\.when\.at/,
    );
    expect(() => plainData([1, undefined], "it")).toThrow(/undefined at \$\[1\]/);
    expect(() => plainData({ n: Number.POSITIVE_INFINITY }, "it")).toThrow(/Infinity at \$\.n/);
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    expect(() => plainData(cyclic, "it")).toThrow(/a cycle at \$\[0\]/);
  });
});
