import { RehearseError } from "../domain/errors.js";

const marker = Symbol.for("rehearse.model-call-error");

/** How much of a provider's response body an error message quotes. */
const bodyExcerptLength = 300;

/** What `ModelCallError` is built from. */
export interface ModelCallErrorDetails {
  modelKey: string;
  /** HTTP status of the last attempt; undefined for network errors. */
  status?: number;
  /** Calls made, the failed ones included. */
  attempts: number;
  /** Whether the last failure was of a kind worth retrying (429, 5xx, network). */
  isRetryable: boolean;
  /** The call got no answer within `timeouts.modelCallMs` (not retried, but a fallback chain moves on). */
  timedOut?: boolean;
  /** Response body of the last attempt, quoted (shortened) in the message. */
  responseBody?: string;
  /** Why it failed when there is no HTTP status, or why retrying stopped early. */
  reason?: string;
  cause?: unknown;
}

/**
 * A model call failed for good: a non-retryable answer (400, 401, 404…), or
 * retryable failures until the attempts ran out. The message names the model,
 * the attempts, the HTTP status and an excerpt of the provider's body, e.g.
 * `openai:gpt-4.1-mini failed after 4 attempts: HTTP 429 Too Many Requests: {"error":…}`.
 */
export class ModelCallError extends RehearseError {
  readonly [marker] = true;
  readonly modelKey: string;
  readonly status: number | undefined;
  readonly attempts: number;
  readonly isRetryable: boolean;
  readonly timedOut: boolean;

  constructor(details: ModelCallErrorDetails) {
    super("model_failed", describeFailure(details), { cause: details.cause });
    this.name = "ModelCallError";
    this.modelKey = details.modelKey;
    this.status = details.status;
    this.attempts = details.attempts;
    this.isRetryable = details.isRetryable;
    this.timedOut = details.timedOut ?? false;
  }

  static override isInstance(error: unknown): error is ModelCallError {
    return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }
}

function describeFailure(details: ModelCallErrorDetails): string {
  const attempts = `${details.attempts} attempt${details.attempts === 1 ? "" : "s"}`;
  const parts = [`${details.modelKey} failed after ${attempts}`];
  if (details.status !== undefined) parts.push(`HTTP ${details.status} ${statusText(details.status)}`.trimEnd());
  if (details.reason) parts.push(details.reason);
  if (details.responseBody) parts.push(excerpt(details.responseBody));
  return parts.join(": ");
}

function excerpt(body: string): string {
  const text = body.trim();
  return text.length <= bodyExcerptLength ? text : `${text.slice(0, bodyExcerptLength - 1)}…`;
}

/** The status's reason phrase; `node:http` loads with the first failed call, not with the package (decision 0022). */
function statusText(status: number): string {
  return process.getBuiltinModule("node:http").STATUS_CODES[status] ?? "";
}
