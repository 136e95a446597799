import type { LanguageModelV3, LanguageModelV3Middleware } from "@ai-sdk/provider";
import type { Clock } from "../domain/scenario.js";
import type { Timer } from "../domain/timeouts.js";
import { createRandom, deriveSeed, type Random } from "../engine/random.js";
import type { ConcurrencyLimiter } from "../models/middleware/concurrency-limit.js";
import type { ModelRateLimiter } from "../models/middleware/rate-limit.js";
import type { RetryDependencies, RetryInfo } from "../models/middleware/retry.js";
import { timeoutMiddleware } from "../models/middleware/timeout.js";
import { warningsMiddleware } from "../models/provider-warnings.js";
import { wrapModel } from "../models/registry.js";
import type { Logger } from "./logger.js";
import { systemTimer } from "./system.js";

/**
 * How a run's model calls wait and draw jitter between attempts: the run's
 * clock (retries wait in the caller's time even on a virtual scenario clock:
 * a provider's rate limit is real), a generator derived from the run's seed
 * (made on the first retry), the context's log.
 */
export class RunRetries implements RetryDependencies {
  private jitter: Random | undefined;

  constructor(
    private readonly run: { clock: Clock; seed: number },
    private readonly logger: Logger,
  ) {}

  sleep(milliseconds: number, signal?: AbortSignal): Promise<void> {
    const { clock } = this.run;
    return clock.sleep ? clock.sleep(milliseconds, signal) : sleepOn(systemTimer, milliseconds, signal);
  }

  random(): number {
    this.jitter ??= createRandom(deriveSeed(this.run.seed, "model-retries"));
    return this.jitter.next();
  }

  now(): number {
    return this.run.clock.now();
  }

  onRetry(info: RetryInfo): void {
    this.logger.debug(`retrying ${info.modelKey} in ${info.delayMs} ms (attempt ${info.attempt})`);
  }
}

/** What every run's calls to one provider model pass through, inside the run's retries. */
export interface SharedLayerLimits {
  /** `rateLimits`: windows in the context's store and adaptive concurrency. */
  rateLimiter: ModelRateLimiter | undefined;
  /** `modelConcurrency`: a fixed ceiling per model key. */
  concurrency: ConcurrencyLimiter | undefined;
}

/**
 * The model layers every run of a context shares, outermost first: provider
 * warnings (each distinct one logged once per context), the rate limit
 * (`rateLimits`), the concurrency limit (`modelConcurrency`) and the per-call
 * time limit, wrapped once per provider model, model key and limit. They sit
 * inside the run's retries, so each attempt takes its own request from the
 * rate limit and sees the provider's raw 429.
 */
export class SharedLayers {
  private readonly wrapped = new WeakMap<LanguageModelV3, Map<string, Promise<LanguageModelV3>>>();

  constructor(
    private readonly limits: SharedLayerLimits,
    private readonly warn: (message: string) => void,
  ) {}

  /** `base` inside the shared layers; `limitMs` 0 for no time limit. */
  around(base: LanguageModelV3, key: string, limitMs: number): Promise<LanguageModelV3> {
    let byKey = this.wrapped.get(base);
    if (!byKey) {
      byKey = new Map();
      this.wrapped.set(base, byKey);
    }
    const slot = `${limitMs} ${key}`;
    let model = byKey.get(slot);
    if (!model) {
      const middleware: LanguageModelV3Middleware[] = [warningsMiddleware(key, this.warn)];
      const rateLimit = this.limits.rateLimiter?.middleware(key);
      if (rateLimit) middleware.push(rateLimit);
      if (this.limits.concurrency) middleware.push(this.limits.concurrency.middleware(key));
      if (limitMs > 0) middleware.push(timeoutMiddleware(limitMs, { timer: systemTimer, modelKey: key }));
      model = wrapModel(base, middleware);
      const cache = byKey;
      const made = model;
      // a failed load of the AI SDK is not kept: the next run tries again
      made.catch(() => {
        if (cache.get(slot) === made) cache.delete(slot);
      });
      byKey.set(slot, made);
    }
    return model;
  }
}

/**
 * Waits `milliseconds` on `timer`; rejects with the signal's reason when it
 * aborts first. What rate limits wait with: real time, whatever the run's clock.
 *
 * @example
 * await sleepOn(systemTimer, 250, signal);
 */
export function sleepOn(timer: Timer, milliseconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      cancel();
      reject(signal?.reason);
    };
    const cancel = timer.after(milliseconds, () => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    });
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
