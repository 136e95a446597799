/**
 * What happens after a delivery attempt: a 2xx is delivered; a refused
 * destination, a redirect (never followed) or a 4xx other than 408, 425 and
 * 429 fails at once (sending the same request again gets the same answer);
 * anything else (5xx, 408, 425, 429, no answer) is retried after an
 * exponential back-off with jitter (half the step fixed, half random), or
 * after the answer's `Retry-After` when it sent one, until `maxAttempts`.
 */
import type { PostResult } from "./outbound-post.js";

export interface RetryPolicy {
  /** Attempts before a message is given up as `failed`. */
  maxAttempts: number;
  /** The first retry's back-off step; each next one doubles it. */
  baseDelayMs: number;
  /** The largest back-off step. */
  maxDelayMs: number;
  /** The longest `Retry-After` honoured (a longer one waits this long). */
  maxRetryAfterMs: number;
}

/** Eight attempts over about twenty minutes: 10 s, 20 s, 40 s, … 640 s (each 50–100 % of its step). */
export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 10_000,
  maxDelayMs: 3_600_000,
  maxRetryAfterMs: 3_600_000,
};

export type NextStep = { kind: "delivered" } | { kind: "retry"; at: number } | { kind: "failed" };

/** `Retry-After` (delay seconds or an HTTP date) in ms from `now`, or `undefined` when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Whether sending again may succeed. */
export function retryable(result: PostResult): boolean {
  if (result.refused) return false;
  const status = result.statusCode;
  if (status === null) return true;
  return status >= 500 || status === 408 || status === 425 || status === 429;
}

/** The step after attempt number `attempt` (1-based) ended in `result`. */
export function nextStep(result: PostResult, attempt: number, policy: RetryPolicy, now: number, random: () => number): NextStep {
  if (result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300) return { kind: "delivered" };
  if (!retryable(result) || attempt >= policy.maxAttempts) return { kind: "failed" };
  const asked = retryAfterMs(result.retryAfter, now);
  if (asked !== undefined) return { kind: "retry", at: now + Math.min(asked, policy.maxRetryAfterMs) };
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return { kind: "retry", at: now + Math.round(step / 2 + random() * (step / 2)) };
}
