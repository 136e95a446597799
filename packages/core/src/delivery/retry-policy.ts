/**
 * How the sender treats an answer (platform research §5.3):
 * `retry` later (network errors, timeouts, 408, 429, 5xx), `split` the batch
 * (413), `stop` sending (401/403: the key is wrong; 404: the endpoint is), or
 * `refuse` the events for good (every other 4xx: they are dead-lettered).
 */
export type StatusVerdict = "ok" | "retry" | "split" | "stop" | "refuse";

/** What to do after an HTTP status. */
export function statusVerdict(status: number): StatusVerdict {
  if (status >= 200 && status < 300) return "ok";
  if (status === 408 || status === 429 || status >= 500) return "retry";
  if (status === 413) return "split";
  if (status === 401 || status === 403 || status === 404) return "stop";
  return "refuse";
}

/**
 * Milliseconds to wait as a `Retry-After` header says (seconds, or an HTTP
 * date), or `undefined` when there is none or it is unreadable.
 *
 * @example
 * retryAfterMs("7", Date.now()); // 7000
 * retryAfterMs("Wed, 21 Oct 2026 07:28:00 GMT", Date.parse("Wed, 21 Oct 2026 07:27:00 GMT")); // 60000
 */
export function retryAfterMs(header: string | null | undefined, now: number): number | undefined {
  if (!header) return undefined;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Exponential back-off with full jitter: a uniform draw from
 * `[0, min(cap, base · 2^failures))` ("Exponential Backoff and Jitter", AWS
 * Architecture blog), so senders that failed together do not retry together.
 *
 * @example
 * backoffMs(3, Math.random); // somewhere in [0, 4000) with the defaults
 */
export function backoffMs(failures: number, random: () => number, baseMs = 500, capMs = 30_000): number {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** Math.min(failures, 30)));
}
