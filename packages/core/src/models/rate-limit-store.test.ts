import { describe, expect, it } from "vitest";
import { createMemoryRateLimitStore } from "./rate-limit-store.js";

const perMinute = (points: number) => ({ points, durationMs: 60_000 });

describe("createMemoryRateLimitStore", () => {
  it("takes points until the window is full, then says how long until it starts again", async () => {
    let now = 1_000;
    const store = createMemoryRateLimitStore({ now: () => now });
    expect(await store.consume("k", 1, perMinute(2))).toBe(0);
    expect(await store.consume("k", 1, perMinute(2))).toBe(0);
    now += 15_000;
    expect(await store.consume("k", 1, perMinute(2))).toBe(45_000);
    now += 45_000;
    expect(await store.consume("k", 1, perMinute(2))).toBe(0);
  });

  it("keeps keys apart and lets a request larger than the window through alone", async () => {
    const store = createMemoryRateLimitStore({ now: () => 0 });
    expect(await store.consume("tokens", 5_000, perMinute(1_000))).toBe(0);
    expect(await store.consume("tokens", 1, perMinute(1_000))).toBeGreaterThan(0);
    expect(await store.consume("other", 1, perMinute(1_000))).toBe(0);
  });

  it("blocks a key for as long as asked, never shortening a longer block", async () => {
    let now = 0;
    const store = createMemoryRateLimitStore({ now: () => now });
    await store.block("k", 2_000, perMinute(100));
    await store.block("k", 500, perMinute(100));
    expect(await store.consume("k", 1, perMinute(100))).toBe(2_000);
    now = 2_000;
    expect(await store.consume("k", 1, perMinute(100))).toBe(0);
  });

  it("adjusts the points counted, down to zero", async () => {
    const store = createMemoryRateLimitStore({ now: () => 0 });
    await store.consume("k", 50, perMinute(100));
    await store.adjust("k", 60, perMinute(100));
    expect(await store.consume("k", 1, perMinute(100))).toBeGreaterThan(0);
    await store.adjust("k", -500, perMinute(100));
    expect(await store.consume("k", 100, perMinute(100))).toBe(0);
  });
});
