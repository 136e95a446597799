import { describe, expect, it } from "vitest";
import { durationMs, exhaustedLimits, retryAfterMs } from "./rate-limit-headers.js";

const now = Date.parse("2026-01-01T00:00:00Z");

describe("retryAfterMs", () => {
  it("reads retry-after-ms first, then Retry-After in seconds or as a date, in any case", () => {
    expect(retryAfterMs({ "retry-after-ms": "250", "retry-after": "9" }, now)).toBe(250);
    expect(retryAfterMs({ "Retry-After": "2" }, now)).toBe(2_000);
    expect(retryAfterMs({ "retry-after": new Date(now + 3_000).toUTCString() }, now)).toBe(3_000);
    expect(retryAfterMs({ "retry-after": "soon" }, now)).toBeUndefined();
    expect(retryAfterMs({}, now)).toBeUndefined();
  });
});

describe("exhaustedLimits", () => {
  it("reads OpenAI's remaining counts and reset durations", () => {
    const headers = {
      "x-ratelimit-remaining-requests": "0",
      "x-ratelimit-reset-requests": "1m30.5s",
      "x-ratelimit-remaining-tokens": "120",
      "x-ratelimit-reset-tokens": "20ms",
    };
    expect(exhaustedLimits(headers, now)).toEqual({ requestsMs: 90_500 });
  });

  it("reads Anthropic's remaining counts and reset times, input and output tokens included", () => {
    const headers = {
      "anthropic-ratelimit-requests-remaining": "5",
      "anthropic-ratelimit-input-tokens-remaining": "0",
      "anthropic-ratelimit-input-tokens-reset": new Date(now + 4_000).toISOString(),
    };
    expect(exhaustedLimits(headers, now)).toEqual({ tokensMs: 4_000 });
  });

  it("says nothing when no limit is spent", () => {
    expect(exhaustedLimits({ "x-ratelimit-remaining-requests": "-1" }, now)).toEqual({});
  });
});

describe("durationMs", () => {
  it("reads Go-style durations and rejects anything else", () => {
    expect(durationMs("6m0s")).toBe(360_000);
    expect(durationMs("12ms")).toBe(12);
    expect(durationMs("1h")).toBe(3_600_000);
    expect(durationMs("1.5s")).toBe(1_500);
    expect(durationMs("soon")).toBeUndefined();
    expect(durationMs("5sx")).toBeUndefined();
  });
});
