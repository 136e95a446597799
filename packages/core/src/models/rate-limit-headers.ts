/** Response headers as the AI SDK gives them (`response.headers`, `APICallError.responseHeaders`). */
export type ResponseHeaders = Readonly<Record<string, string | undefined>>;

/** How long a provider said its limits are spent, from its rate-limit headers (ms; absent: not spent or not said). */
export interface ExhaustedLimits {
  requestsMs?: number;
  tokensMs?: number;
}

/**
 * What the server asked for on a 429 or 503: `retry-after-ms` (OpenAI) first,
 * then `Retry-After` in seconds or as an HTTP date; undefined when neither is usable.
 *
 * @example
 * retryAfterMs({ "retry-after": "2" }, Date.now()); // 2000
 */
export function retryAfterMs(headers: ResponseHeaders, now: number): number | undefined {
  const milliseconds = Number.parseFloat(header(headers, "retry-after-ms") ?? "");
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;
  const value = header(headers, "retry-after");
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Which of a provider's limits its last response says are spent, and for how
 * long: OpenAI's `x-ratelimit-remaining-{requests,tokens}` with
 * `x-ratelimit-reset-*` as durations (`1s`, `6m0s`, `20ms`), Anthropic's
 * `anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-remaining`
 * with `…-reset` as RFC 3339 times. A limit is spent when its remaining count is 0.
 *
 * @example
 * exhaustedLimits({ "x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "1.5s" }, now); // { requestsMs: 1500 }
 */
export function exhaustedLimits(headers: ResponseHeaders, now: number): ExhaustedLimits {
  const spent: ExhaustedLimits = {};
  const requestsMs = longest([openAIReset(headers, "requests"), anthropicReset(headers, "requests", now)]);
  const tokensMs = longest([
    openAIReset(headers, "tokens"),
    anthropicReset(headers, "tokens", now),
    anthropicReset(headers, "input-tokens", now),
    anthropicReset(headers, "output-tokens", now),
  ]);
  if (requestsMs !== undefined) spent.requestsMs = requestsMs;
  if (tokensMs !== undefined) spent.tokensMs = tokensMs;
  return spent;
}

function openAIReset(headers: ResponseHeaders, limit: "requests" | "tokens"): number | undefined {
  if (header(headers, `x-ratelimit-remaining-${limit}`) !== "0") return undefined;
  return durationMs(header(headers, `x-ratelimit-reset-${limit}`) ?? "");
}

function anthropicReset(headers: ResponseHeaders, limit: string, now: number): number | undefined {
  if (header(headers, `anthropic-ratelimit-${limit}-remaining`) !== "0") return undefined;
  const reset = Date.parse(header(headers, `anthropic-ratelimit-${limit}-reset`) ?? "");
  return Number.isNaN(reset) ? undefined : Math.max(0, reset - now);
}

const durationUnits: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/** A Go-style duration as OpenAI writes it (`6m0s`, `1.5s`, `20ms`), in ms; undefined when it is not one. */
export function durationMs(text: string): number | undefined {
  const parts = [...text.trim().matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join("") !== text.trim()) return undefined;
  return parts.reduce((total, part) => total + Number(part[1]) * (durationUnits[part[2] ?? "ms"] ?? 1), 0);
}

function longest(values: ReadonlyArray<number | undefined>): number | undefined {
  const known = values.filter((value) => value !== undefined);
  return known.length === 0 ? undefined : Math.max(...known);
}

/** A header by its lower-case name, whatever case the response used. */
function header(headers: ResponseHeaders, name: string): string | undefined {
  const direct = headers[name];
  if (direct !== undefined) return direct.trim();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value?.trim();
  return undefined;
}
