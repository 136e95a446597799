import type { LanguageModelV3Middleware, LanguageModelV3StreamPart, LanguageModelV3Usage } from "@ai-sdk/provider";
import { type BucketCall, type BucketDependencies, RateLimitBucket, type RateLimitSettings } from "../rate-limit-bucket.js";

/** `rateLimits` in the config: per model key (`openai:gpt-4.1-mini`), per provider (`openai`), or `default`. */
export type RateLimitsConfig = Readonly<Record<string, RateLimitSettings>>;

/** Rate limits of model calls; one per context, its windows in a store that contexts and workers may share. */
export interface ModelRateLimiter {
  /** The middleware limiting `modelKey`'s calls, or undefined when no entry of `rateLimits` covers it. */
  middleware(modelKey: string): LanguageModelV3Middleware | undefined;
  /** The adaptive concurrency limit `modelKey`'s calls have now; undefined without `maxConcurrency`. */
  concurrencyOf(modelKey: string): number | undefined;
}

/**
 * Makes the rate limiter of a context (docs/decisions/0040). A model key's
 * entry is its own (`openai:gpt-4.1-mini`: one bucket for that model), else
 * its provider's (`openai`: one bucket all its models share), else
 * `default` (a bucket per model). Each call, and each retry of it, first
 * takes an AIMD concurrency slot, then a request and its estimated tokens
 * from the store, waiting while the window is full or blocked; a 429 blocks
 * the window for its `Retry-After` (or the reset the rate-limit headers give)
 * so every caller of the store waits, and halves the concurrency. Put it
 * inside the retry layer so it sees each attempt and the provider's raw error.
 *
 * @example
 * const limiter = createModelRateLimiter({ openai: { requestsPerMinute: 500, maxConcurrency: 8 } }, { store, sleep, now: Date.now });
 * const model = await wrapModel(base, [limiter.middleware("openai:gpt-4.1-mini")!]);
 */
export function createModelRateLimiter(limits: RateLimitsConfig, dependencies: BucketDependencies): ModelRateLimiter {
  const buckets = new Map<string, RateLimitBucket>();
  const bucketFor = (modelKey: string): RateLimitBucket | undefined => {
    const provider = modelKey.slice(0, Math.max(0, modelKey.indexOf(":")));
    const name = limits[modelKey] ? modelKey : provider && limits[provider] ? provider : limits.default ? modelKey : undefined;
    if (name === undefined) return undefined;
    let bucket = buckets.get(name);
    if (!bucket) {
      const settings = limits[name] ?? limits.default ?? {};
      bucket = new RateLimitBucket(name, settings, dependencies);
      buckets.set(name, bucket);
    }
    return bucket;
  };
  return {
    middleware(modelKey) {
      const bucket = bucketFor(modelKey);
      return bucket ? rateLimitMiddleware(bucket, modelKey) : undefined;
    },
    concurrencyOf: (modelKey) => bucketFor(modelKey)?.concurrencyLimit,
  };
}

/** The middleware over one bucket for `modelKey`'s calls: a generate call holds its slot until it returns, a stream until it ends. */
export function rateLimitMiddleware(bucket: RateLimitBucket, modelKey: string): LanguageModelV3Middleware {
  return {
    specificationVersion: "v3",
    async wrapGenerate({ doGenerate, params }) {
      const call = await bucket.begin(params, modelKey);
      try {
        const result = await doGenerate();
        await bucket.answered(call, result.response?.headers, result.usage);
        return result;
      } catch (error) {
        await bucket.failed(call, error);
        throw error;
      } finally {
        call.slot?.release();
      }
    },
    async wrapStream({ doStream, params }) {
      const call = await bucket.begin(params, modelKey);
      let opened: Awaited<ReturnType<typeof doStream>>;
      try {
        opened = await doStream();
      } catch (error) {
        call.slot?.release();
        await bucket.failed(call, error);
        throw error;
      }
      return { ...opened, stream: watched(opened.stream, bucket, call, opened.response?.headers) };
    },
  };
}

/** Passes the stream through; at its `finish` part the bucket learns the usage, and the slot is freed when it ends. */
function watched(
  stream: ReadableStream<LanguageModelV3StreamPart>,
  bucket: RateLimitBucket,
  call: BucketCall,
  headers: Record<string, string | undefined> | undefined,
): ReadableStream<LanguageModelV3StreamPart> {
  const reader = stream.getReader();
  let usage: LanguageModelV3Usage | undefined;
  const end = async () => {
    call.slot?.release();
    await bucket.answered(call, headers, usage);
  };
  return new ReadableStream<LanguageModelV3StreamPart>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          await end();
          controller.close();
          return;
        }
        if (value.type === "finish") usage = value.usage;
        controller.enqueue(value);
      } catch (error) {
        call.slot?.release();
        controller.error(error);
      }
    },
    async cancel(reason) {
      call.slot?.release();
      await reader.cancel(reason);
    },
  });
}
