import type { RateLimitStore } from "@rehearse/core/platform";
import pg from "pg";
import { RateLimiterMemory } from "rate-limiter-flexible";
import { afterAll, describe, expect, it } from "vitest";
import { emptyPostgresUrl } from "../test-support/database.js";
import { flexibleRateLimitStore, postgresRateLimitStore } from "./model-rate-limit-store.js";

const perMinute = (points: number) => ({ points, durationMs: 60_000 });

/** What every store must do, whichever rate-limiter-flexible store is under it. */
function behavesAsARateLimitStore(name: string, stores: () => Promise<[RateLimitStore, RateLimitStore]>) {
  describe(name, () => {
    it("takes points until the window is full, then says how long until it starts again, for every store on the same backend", async () => {
      const [one, two] = await stores();
      const key = `requests:${name}:${Math.random()}`;
      expect(await one.consume(key, 1, perMinute(2))).toBe(0);
      expect(await two.consume(key, 1, perMinute(2))).toBe(0);
      const waitMs = await one.consume(key, 1, perMinute(2));
      expect(waitMs).toBeGreaterThan(55_000);
      expect(waitMs).toBeLessThanOrEqual(60_000);
    });

    it("blocks a key for as long as asked, never shortening a longer block", async () => {
      const [one, two] = await stores();
      const key = `blocked:${name}:${Math.random()}`;
      await one.block(key, 3_000, perMinute(1_000));
      await two.block(key, 500, perMinute(1_000));
      const waitMs = await two.consume(key, 1, perMinute(1_000));
      expect(waitMs).toBeGreaterThan(2_000);
      expect(waitMs).toBeLessThanOrEqual(3_000);
    });

    it("adjusts the points counted", async () => {
      const [one, two] = await stores();
      const key = `tokens:${name}:${Math.random()}`;
      expect(await one.consume(key, 50, perMinute(100))).toBe(0);
      await two.adjust(key, 60, perMinute(100));
      expect(await one.consume(key, 1, perMinute(100))).toBeGreaterThan(0);
      await two.adjust(key, -100, perMinute(100));
      expect(await one.consume(key, 20, perMinute(100))).toBe(0);
    });
  });
}

// one RateLimiterMemory per window size, shared by both "workers" (what Redis or PostgreSQL give across processes)
const memoryLimiters = new Map<number, RateLimiterMemory>();
const memoryStore = () =>
  flexibleRateLimitStore((window) => {
    const limiter = memoryLimiters.get(window.points) ?? new RateLimiterMemory(window);
    memoryLimiters.set(window.points, limiter);
    return limiter;
  });
behavesAsARateLimitStore("flexibleRateLimitStore on RateLimiterMemory", async () => [memoryStore(), memoryStore()]);

const pools: pg.Pool[] = [];
afterAll(() => Promise.all(pools.map((pool) => pool.end())));
describe.runIf(process.env.SERVER_TEST_DATABASE_URL)("on PostgreSQL", () => {
  let url: Promise<string> | undefined;
  behavesAsARateLimitStore("postgresRateLimitStore, two pools as two workers", async () => {
    url ??= emptyPostgresUrl();
    const connectionString = await url;
    const [first, second] = [new pg.Pool({ connectionString, max: 2 }), new pg.Pool({ connectionString, max: 2 })];
    pools.push(first, second);
    return Promise.all([postgresRateLimitStore(first), postgresRateLimitStore(second)]);
  });
});
