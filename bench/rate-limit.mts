// The rate limiter's cost per model call (bench/README.md, "Rate limiter"; decision 0040): a zero-latency
// model called through the `rateLimits` middleware (AIMD slot, a request and estimated tokens taken from the
// store, the usage corrected after the call) against the same model without it, per store:
//   memory     @rehearse/core's built-in store (every context's default)
//   flexible   @rehearse/server's adapter over rate-limiter-flexible's RateLimiterMemory (the adapter's own cost)
//   postgres   the adapter over RateLimiterPostgres, when BENCH_DATABASE_URL names a database (one pool of 4):
//              all three limits (3 round trips a call: requests, tokens, the token correction), and
//              requestsOnly (requestsPerMinute and maxConcurrency: 1 round trip)
//   redis      the adapter over RateLimiterRedis, when BENCH_REDIS_URL is set and ioredis is installed
// For each: overheadMs (mean per call, limited minus bare, sequential), p50/p99Ms of one limited call, and
// concurrentOverheadMs (mean per call with 100 calls in flight at once).
// Usage: node --import tsx bench/rate-limit.mts [calls]   → one JSON line
import type { LanguageModelV3, LanguageModelV3CallOptions } from "@ai-sdk/provider";
import { createModelRateLimiter } from "../packages/core/src/models/middleware/rate-limit.ts";
import { createMemoryRateLimitStore, type RateLimitStore } from "../packages/core/src/models/rate-limit-store.ts";
import { wrapModel } from "../packages/core/src/models/registry.ts";
import {
  flexibleRateLimitStore,
  postgresRateLimitStore,
  redisRateLimitStore,
} from "../packages/server/src/services/model-rate-limit-store.ts";

const calls = Number(process.argv[2] ?? 5_000);
const usage = {
  inputTokens: { total: 12, noCache: 12, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 3, text: 3, reasoning: 0 },
};
const bare: LanguageModelV3 = {
  specificationVersion: "v3",
  provider: "bench",
  modelId: "zero-latency",
  supportedUrls: {},
  doGenerate: async () => ({
    content: [{ type: "text", text: "ok" }],
    finishReason: { unified: "stop", raw: "stop" },
    usage,
    warnings: [],
  }),
  doStream: async () => {
    throw new Error("not used");
  },
};
const params: LanguageModelV3CallOptions = {
  prompt: [{ role: "user", content: [{ type: "text", text: "Where is my refund?" }] }],
};
// every part of the limiter works on each call, and nothing ever waits
const limits = {
  "bench:zero-latency": { requestsPerMinute: 1_000_000_000, tokensPerMinute: 1_000_000_000, maxConcurrency: 10_000 },
};

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};
const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

async function sequential(model: LanguageModelV3, count: number): Promise<number[]> {
  const samples: number[] = [];
  for (let index = 0; index < count; index++) {
    const started = performance.now();
    await model.doGenerate(params);
    samples.push(performance.now() - started);
  }
  return samples;
}

async function concurrentMsPerCall(model: LanguageModelV3, count: number, inFlight = 100): Promise<number> {
  const started = performance.now();
  for (let done = 0; done < count; done += inFlight) {
    await Promise.all(Array.from({ length: Math.min(inFlight, count - done) }, () => model.doGenerate(params)));
  }
  return (performance.now() - started) / count;
}

async function measure(store: RateLimitStore, count: number, entries: typeof limits | Record<string, object> = limits) {
  const limiter = createModelRateLimiter(entries, { store, sleep: async () => {}, now: Date.now });
  const limited = await wrapModel(bare, [limiter.middleware("bench:zero-latency")!]);
  const plain = await wrapModel(bare, []);
  await sequential(limited, Math.min(500, count));
  await sequential(plain, Math.min(500, count));
  const withLimiter = await sequential(limited, count);
  const without = await sequential(plain, count);
  const mean = (values: number[]) => values.reduce((total, value) => total + value, 0) / values.length;
  const concurrentLimited = await concurrentMsPerCall(limited, count);
  const concurrentPlain = await concurrentMsPerCall(plain, count);
  return {
    calls: count,
    overheadMs: round(mean(withLimiter) - mean(without), 4),
    p50Ms: round(percentile(withLimiter, 50), 4),
    p99Ms: round(percentile(withLimiter, 99), 4),
    bareP50Ms: round(percentile(without, 50), 4),
    concurrentOverheadMs: round(concurrentLimited - concurrentPlain, 4),
  };
}

const result: Record<string, unknown> = { calls };
result.memory = await measure(createMemoryRateLimitStore(), calls);
const { RateLimiterMemory } = await import("rate-limiter-flexible");
result.flexible = await measure(
  flexibleRateLimitStore((window) => new RateLimiterMemory(window)),
  calls,
);
if (process.env.BENCH_DATABASE_URL) {
  const { default: pg } = await import("pg");
  const pool = new pg.Pool({ connectionString: process.env.BENCH_DATABASE_URL, max: 4 });
  try {
    const store = await postgresRateLimitStore(pool, "rehearse_bench_rate_limits");
    result.postgres = {
      ...(await measure(store, Math.min(calls, 1_000))),
      requestsOnly: await measure(store, Math.min(calls, 1_000), {
        "bench:zero-latency": { requestsPerMinute: 1_000_000_000, maxConcurrency: 10_000 },
      }),
    };
  } finally {
    await pool.end();
  }
} else result.postgres = { skipped: "BENCH_DATABASE_URL is not set" };
if (process.env.BENCH_REDIS_URL) {
  try {
    const { default: Redis } = await import("ioredis" as string);
    const client = new Redis(process.env.BENCH_REDIS_URL);
    try {
      result.redis = await measure(redisRateLimitStore(client), Math.min(calls, 1_000));
    } finally {
      client.disconnect();
    }
  } catch (error) {
    result.redis = { skipped: `ioredis could not connect or is not installed: ${(error as Error).message}` };
  }
} else result.redis = { skipped: "BENCH_REDIS_URL is not set" };
process.stdout.write(`${JSON.stringify(result)}\n`);
