import type { LanguageModelV3Middleware } from "@ai-sdk/provider";
import { errorMessage, RehearseError } from "../../domain/errors.js";
import { ModelCallError } from "../model-call-error.js";
import { modelKeyOf } from "../model-id.js";
import { retryAfterMs } from "../rate-limit-headers.js";

/** When and how often a failed model call is tried again. */
export interface RetryPolicy {
  /** Calls in all, the first included (default 4). */
  maxAttempts: number;
  /** Ceiling of the first back-off; doubles with each attempt (default 1000). */
  initialDelayMs: number;
  /** No wait is longer; a server asking for more fails the call (default 60 000). */
  maxDelayMs: number;
}

/** The retry policy used where none is given. */
export const defaultRetryPolicy: Readonly<RetryPolicy> = { maxAttempts: 4, initialDelayMs: 1000, maxDelayMs: 60_000 };

/** Reported before each wait. */
export interface RetryInfo {
  /** The attempt that failed (1 for the first call). */
  attempt: number;
  delayMs: number;
  status?: number;
  modelKey: string;
}

/** What the retry middleware needs from the outside world. */
export interface RetryDependencies {
  /** Waits; must reject when `signal` aborts (a manual clock returns at once). */
  sleep(milliseconds: number, signal?: AbortSignal): Promise<void>;
  /** In [0, 1): the jitter of the back-off. */
  random(): number;
  /** Current time in ms, to read `Retry-After` dates (default `Date.now`). */
  now?(): number;
  onRetry?(info: RetryInfo): void;
  /** The key errors and `onRetry` name; default `provider:modelId` of the wrapped model. */
  modelKey?: string;
}

/**
 * Middleware that retries failed calls (HTTP 408, 409, 429, 5xx and network
 * errors) with exponential back-off and full jitter, waiting at least what the
 * server asks in `Retry-After`/`retry-after-ms`. Streams are retried only while
 * the stream is being opened. Failures end as `ModelCallError`. Give the AI
 * SDK `maxRetries: 0` so only this middleware retries.
 *
 * @example
 * const model = wrapLanguageModel({
 *   model: openai.chat("gpt-4.1-mini"),
 *   middleware: retryMiddleware({}, { sleep: clock.sleep, random: Math.random, modelKey: "openai:gpt-4.1-mini" }),
 * });
 * await generateText({ model, prompt: "Hi", maxRetries: 0 });
 */
export function retryMiddleware(policy: Partial<RetryPolicy>, dependencies: RetryDependencies): LanguageModelV3Middleware {
  const settings = { ...defaultRetryPolicy, ...policy };
  return {
    specificationVersion: "v3",
    wrapGenerate: ({ doGenerate, params, model }) =>
      withRetries(doGenerate, settings, dependencies, dependencies.modelKey ?? modelKeyOf(model), params.abortSignal),
    wrapStream: ({ doStream, params, model }) =>
      withRetries(doStream, settings, dependencies, dependencies.modelKey ?? modelKeyOf(model), params.abortSignal),
  };
}

/**
 * Runs `call`, trying again as `retryMiddleware` does: the same loop for a
 * caller that layers a model itself (a run's `RunModel`). `policy` complete.
 */
export async function withRetries<T>(
  call: () => PromiseLike<T>,
  policy: RetryPolicy,
  dependencies: RetryDependencies,
  modelKey: string,
  signal: AbortSignal | undefined,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      // Aborts and our own errors (a replay miss, say) are not provider failures.
      if (signal?.aborted || isAbort(error) || RehearseError.isInstance(error)) throw error;
      const failure = await classifyFailure(error, dependencies.now?.() ?? Date.now());
      const fail = (reason?: string) => new ModelCallError({ ...failure, modelKey, attempts: attempt, reason, cause: error });
      if (!failure.isRetryable || attempt >= policy.maxAttempts) throw fail(failure.reason);
      const delayMs = backoff(policy, attempt, failure, dependencies.random());
      if (delayMs === undefined) throw fail(tooLongReason(failure, policy));
      dependencies.onRetry?.({ attempt, delayMs, modelKey, ...(failure.status === undefined ? {} : { status: failure.status }) });
      await sleepUnlessAborted(dependencies, delayMs, signal);
    }
  }
}

/** What a failed attempt tells the retry loop. */
interface Failure {
  isRetryable: boolean;
  status?: number;
  responseBody?: string;
  /** What the server asked for in `retry-after-ms` or `Retry-After`. */
  retryAfterMs?: number;
  reason?: string;
}

const retryableStatuses = new Set([408, 409, 429]);

async function classifyFailure(error: unknown, now: number): Promise<Failure> {
  // Loaded here, not at the top: importing the package root must not load @ai-sdk/*.
  const { APICallError } = await import("@ai-sdk/provider");
  if (!APICallError.isInstance(error)) return { isRetryable: false, reason: errorMessage(error) };
  const status = error.statusCode;
  if (status === undefined) return { isRetryable: error.isRetryable, reason: error.message };
  const retryAfter = retryAfterMs(error.responseHeaders ?? {}, now);
  return {
    isRetryable: retryableStatuses.has(status) || status >= 500,
    status,
    ...(error.responseBody ? { responseBody: error.responseBody } : { reason: error.message }),
    ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }),
  };
}

/** Full jitter under a doubling ceiling, but never less than the server asked; undefined when it asked too much. */
function backoff(policy: RetryPolicy, attempt: number, failure: Failure, random: number): number | undefined {
  if (failure.retryAfterMs !== undefined && failure.retryAfterMs > policy.maxDelayMs) return undefined;
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attempt - 1));
  return Math.max(Math.floor(random * ceiling), Math.ceil(failure.retryAfterMs ?? 0));
}

function tooLongReason(failure: Failure, policy: RetryPolicy): string {
  return `server asked to wait ${failure.retryAfterMs} ms before retrying, more than maxDelayMs (${policy.maxDelayMs} ms)`;
}

/** Races the sleep against the signal so an abort ends the wait even if `sleep` ignores it. */
async function sleepUnlessAborted(dependencies: RetryDependencies, milliseconds: number, signal?: AbortSignal): Promise<void> {
  if (!signal) return dependencies.sleep(milliseconds);
  signal.throwIfAborted();
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    await Promise.race([dependencies.sleep(milliseconds, signal), aborted]);
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError");
}
