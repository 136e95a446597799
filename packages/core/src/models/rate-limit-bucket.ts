import type { LanguageModelV3CallOptions, LanguageModelV3Usage } from "@ai-sdk/provider";
import { AdaptiveConcurrency, type ConcurrencySlot } from "./adaptive-concurrency.js";
import { ModelCallError } from "./model-call-error.js";
import { exhaustedLimits, type ResponseHeaders, retryAfterMs } from "./rate-limit-headers.js";
import type { RateLimitStore, RateLimitWindow } from "./rate-limit-store.js";

/** The limits of one provider or model, as `rateLimits` in the config gives them. */
export interface RateLimitSettings {
  /** Requests started per minute, shared by everyone using the same store. */
  requestsPerMinute?: number;
  /** Tokens (input and output, estimated before the call and corrected after) per minute, shared likewise. */
  tokensPerMinute?: number;
  /** Calls in flight at most in this context; halved on a 429, one more per success up to this (AIMD). */
  maxConcurrency?: number;
}

/** What a bucket needs from outside. */
export interface BucketDependencies {
  store: RateLimitStore;
  /** Waits `milliseconds` of real time; rejects when `signal` aborts. */
  sleep(milliseconds: number, signal?: AbortSignal): Promise<void>;
  now(): number;
  /** Told before each wait for the window (for the debug log). */
  onWait?(info: { bucket: string; waitMs: number }): void;
  /** Where an entry's adaptive concurrency lives (`ProviderHealth`); default: the bucket's own. */
  concurrency?(entry: string, max: number): AdaptiveConcurrency;
  /**
   * The longest wait for a window (default: none). A longer one (a provider's
   * `Retry-After` of minutes) fails the call with a retryable `ModelCallError`,
   * so a fallback chain moves on instead of waiting.
   */
  maxWaitMs?: number;
}

/** One call's hold on a bucket, from `begin` to its end. */
export interface BucketCall {
  slot: ConcurrencySlot | undefined;
  /** The tokens taken before the call, corrected once its usage is known. */
  estimate: number;
}

/**
 * Requests per minute when only a block (a 429's `Retry-After`) should make
 * calls wait: a billion, no limit in practice, and within the 32-bit counts
 * of rate-limiter-flexible's SQL stores.
 */
const unlimited = 1_000_000_000;

/**
 * The limits behind one `rateLimits` entry: a requests window (always kept,
 * so a 429's `Retry-After` blocks every caller of the store), a tokens window
 * when `tokensPerMinute` is set, and AIMD concurrency when `maxConcurrency` is.
 */
export class RateLimitBucket {
  readonly #requests: RateLimitWindow;
  readonly #tokens: RateLimitWindow | undefined;
  readonly #concurrency: AdaptiveConcurrency | undefined;
  readonly #requestsKey: string;
  readonly #tokensKey: string;

  constructor(
    /** The entry's key (`openai:gpt-4.1-mini`, `openai`, or the model key for `default`). */
    readonly name: string,
    settings: RateLimitSettings,
    private readonly dependencies: BucketDependencies,
  ) {
    this.#requests = { points: settings.requestsPerMinute ?? unlimited, durationMs: 60_000 };
    this.#tokens = settings.tokensPerMinute === undefined ? undefined : { points: settings.tokensPerMinute, durationMs: 60_000 };
    const max = settings.maxConcurrency;
    this.#concurrency = max === undefined ? undefined : (dependencies.concurrency?.(name, max) ?? new AdaptiveConcurrency(max));
    this.#requestsKey = `rehearse:requests:${name}`;
    this.#tokensKey = `rehearse:tokens:${name}`;
  }

  /** The AIMD limit now (undefined without `maxConcurrency`). */
  get concurrencyLimit(): number | undefined {
    return this.#concurrency?.limit;
  }

  /** Waits for a slot, then for room in the windows, for a call of `modelKey`; the caller ends it with `answered` or `failed`. */
  async begin(params: LanguageModelV3CallOptions, modelKey: string): Promise<BucketCall> {
    const signal = params.abortSignal;
    const slot = await this.#concurrency?.acquire(signal);
    try {
      await this.#take(this.#requestsKey, 1, this.#requests, signal, modelKey);
      const estimate = this.#tokens ? estimateTokens(params) : 0;
      if (this.#tokens) await this.#take(this.#tokensKey, estimate, this.#tokens, signal, modelKey);
      return { slot, estimate };
    } catch (error) {
      slot?.release();
      throw error;
    }
  }

  /** The call answered: the limit grows, spent limits the headers report block the store, the token count is corrected. */
  async answered(call: BucketCall, headers: ResponseHeaders | undefined, usage: LanguageModelV3Usage | undefined): Promise<void> {
    this.#concurrency?.succeeded();
    const spent = headers ? exhaustedLimits(headers, this.dependencies.now()) : {};
    const blockMs = Math.max(spent.requestsMs ?? 0, spent.tokensMs ?? 0);
    if (blockMs > 0) await this.dependencies.store.block(this.#requestsKey, blockMs, this.#requests);
    if (this.#tokens && usage) {
      const actual = (usage.inputTokens.total ?? 0) + (usage.outputTokens.total ?? 0);
      if (actual !== call.estimate) await this.dependencies.store.adjust(this.#tokensKey, actual - call.estimate, this.#tokens);
    }
  }

  /** The call failed: on a 429 the limit halves and the store is blocked for as long as the provider asked. */
  async failed(call: BucketCall, error: unknown): Promise<void> {
    const failure = error as { statusCode?: unknown; responseHeaders?: ResponseHeaders } | null;
    // APICallError's fields, read structurally: importing the class would load @ai-sdk/provider here
    if (failure?.statusCode !== 429) return;
    if (call.slot) this.#concurrency?.rateLimited(call.slot);
    const headers = failure.responseHeaders ?? {};
    const now = this.dependencies.now();
    const spent = exhaustedLimits(headers, now);
    const waitMs = retryAfterMs(headers, now) ?? Math.max(spent.requestsMs ?? 0, spent.tokensMs ?? 0);
    if (waitMs > 0) await this.dependencies.store.block(this.#requestsKey, waitMs, this.#requests);
  }

  async #take(key: string, points: number, window: RateLimitWindow, signal: AbortSignal | undefined, modelKey: string) {
    const { maxWaitMs } = this.dependencies;
    for (;;) {
      const waitMs = await this.dependencies.store.consume(key, points, window);
      if (waitMs <= 0) return;
      if (maxWaitMs !== undefined && waitMs > maxWaitMs) {
        const reason = `the rate limit of ${this.name} is closed for ${Math.ceil(waitMs)} ms, longer than ${maxWaitMs} ms (retry.maxDelayMs or a minute)`;
        throw new ModelCallError({ modelKey, status: 429, attempts: 0, isRetryable: true, reason });
      }
      this.dependencies.onWait?.({ bucket: this.name, waitMs });
      await this.dependencies.sleep(waitMs, signal);
    }
  }
}

/**
 * A call's tokens before it is made: its prompt's and tools' characters ÷ 4
 * (English averages about four characters a token) plus `maxOutputTokens`.
 * Rough on purpose: the count is corrected with the usage the provider reports.
 */
export function estimateTokens(params: LanguageModelV3CallOptions): number {
  let characters = 0;
  for (const message of params.prompt) {
    if (typeof message.content === "string") characters += message.content.length;
    else {
      for (const part of message.content) {
        // files (images, PDFs) are priced by the provider's own rules: left to the correction
        if (part.type === "text" || part.type === "reasoning") characters += part.text.length;
        else if (part.type !== "file") characters += JSON.stringify(part).length;
      }
    }
  }
  for (const tool of params.tools ?? []) characters += JSON.stringify(tool).length;
  return Math.ceil(characters / 4) + (params.maxOutputTokens ?? 0);
}
