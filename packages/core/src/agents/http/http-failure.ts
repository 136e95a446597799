import { RehearseError } from "../../domain/errors.js";

/** Longest body excerpt an error message carries. */
export const EXCERPT_LIMIT = 300;

/**
 * An HTTP agent's endpoint failed: it timed out, refused the connection,
 * answered a non-2xx status or a body the agent could not read. The code is
 * `agent_failed`, so the run ends as `error` with this message.
 */
export class HttpAgentError extends RehearseError {
  /** The HTTP status, when the endpoint answered. */
  readonly status: number | undefined;
  /** The endpoint (without credentials). */
  readonly url: string;
  /** At most 300 characters of the response body, secrets redacted. */
  readonly bodyExcerpt: string | undefined;

  constructor(message: string, details: { url: string; status?: number; bodyExcerpt?: string; cause?: unknown }) {
    super("agent_failed", message, { cause: details.cause });
    this.name = "HttpAgentError";
    this.url = details.url;
    this.status = details.status;
    this.bodyExcerpt = details.bodyExcerpt;
  }
}

/**
 * At most `limit` characters of `text`, whitespace runs collapsed, with
 * every secret replaced by `[redacted]` first (an endpoint that echoes its
 * request headers must not leak the API key into a report).
 */
export function excerpt(text: string, secrets: readonly string[] = [], limit = EXCERPT_LIMIT): string {
  let clean = text;
  for (const secret of secrets) if (secret.length > 0) clean = clean.split(secret).join("[redacted]");
  clean = clean.replace(/\s+/g, " ").trim();
  return clean.length <= limit ? clean : `${clean.slice(0, limit - 1)}…`;
}

/** Header names whose values are credentials and must never reach a message. */
const SECRET_HEADER = /authorization|api[-_]?key|token|secret|cookie|password/i;

/**
 * The values of credential headers (`Authorization`, `X-API-Key`, cookies,
 * anything naming a token or secret), including the bare token after
 * `Bearer `, so error excerpts can redact them.
 */
export function secretValues(headers: Readonly<Record<string, string>>): string[] {
  const secrets: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (!SECRET_HEADER.test(name)) continue;
    secrets.push(value);
    const token = /^\s*\S+\s+(\S+)\s*$/.exec(value)?.[1];
    if (token) secrets.push(token);
  }
  // Longest first, so a full "Bearer sk-…" is replaced before its token.
  return secrets.sort((left, right) => right.length - left.length);
}
