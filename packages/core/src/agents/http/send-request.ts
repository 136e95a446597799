import { AbortedError, ConfigError, errorMessage } from "../../domain/errors.js";
import { traceHeaders } from "../../telemetry/tracing-state.js";
import { excerpt, HttpAgentError, secretValues } from "./http-failure.js";

/** Default time an HTTP agent's call may take, body included. */
export const DEFAULT_TIMEOUT_MS = 60_000;

/** One request an HTTP agent sends. */
export interface HttpRequest {
  /** Starts every error message, e.g. `httpAgent POST http://127.0.0.1:8080/chat`. */
  label: string;
  url: string;
  method: string;
  headers: Record<string, string>;
  /** Omitted for a request without a body. */
  body?: string;
  timeoutMs: number;
  /** The run's signal: aborting it aborts the request. */
  signal?: AbortSignal;
}

/** A 2xx answer, read in full. */
export interface HttpReply {
  status: number;
  /** The `content-type` header, `""` when absent. */
  contentType: string;
  text: string;
}

/**
 * Sends `request` with the global `fetch` and reads the whole body under one
 * deadline. A timeout, a network failure or a non-2xx status becomes an
 * `HttpAgentError` naming the request; an aborted run becomes an
 * `AbortedError`, so the run reports the abort rather than a failing agent.
 */
export async function sendRequest(request: HttpRequest): Promise<HttpReply> {
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([timeout, request.signal]) : timeout;
  const secrets = secretValues(request.headers);
  let response: Response;
  let text: string;
  try {
    response = await fetch(request.url, {
      method: request.method,
      // the run's trace context first, so an agent instrumented on the other side joins the trace; the agent's own headers win
      headers: { ...traceHeaders(), ...request.headers },
      ...(request.body === undefined ? {} : { body: request.body }),
      signal,
    });
    text = await response.text();
  } catch (error) {
    if (request.signal?.aborted) throw new AbortedError(request.signal.reason);
    if (timeout.aborted) {
      throw new HttpAgentError(`${request.label} timed out after ${request.timeoutMs} ms`, { url: request.url, cause: error });
    }
    throw new HttpAgentError(`${request.label} failed: ${excerpt(networkDetail(error), secrets)}`, {
      url: request.url,
      cause: error,
    });
  }
  if (!response.ok) {
    const bodyExcerpt = excerpt(text, secrets);
    const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`;
    throw new HttpAgentError(`${request.label} answered ${status}: ${bodyExcerpt || "(empty body)"}`, {
      url: request.url,
      status: response.status,
      bodyExcerpt,
    });
  }
  return { status: response.status, contentType: response.headers.get("content-type") ?? "", text };
}

/**
 * The body parsed as JSON; a body that is not JSON is an `HttpAgentError`
 * showing the content type and an excerpt.
 */
export function parseJsonReply(request: HttpRequest, reply: HttpReply): unknown {
  try {
    return JSON.parse(reply.text);
  } catch (error) {
    const bodyExcerpt = excerpt(reply.text, secretValues(request.headers));
    throw new HttpAgentError(
      `${request.label} answered a body that is not JSON (content-type: ${reply.contentType || "none"}): ${bodyExcerpt || "(empty body)"}`,
      { url: request.url, status: reply.status, bodyExcerpt, cause: error },
    );
  }
}

/**
 * What went wrong on the network. `fetch` throws a bare "fetch failed" and
 * keeps the useful part (`connect ECONNREFUSED 127.0.0.1:9`) in `cause`.
 */
function networkDetail(error: unknown): string {
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    const detail = cause.message || (typeof code === "string" ? code : "");
    if (detail) return detail;
  }
  return errorMessage(error);
}

/**
 * An `HttpAgentError` for a 2xx answer the agent cannot use (a path that
 * finds nothing, a value of the wrong kind): `problem`, then an excerpt of
 * the body.
 */
export function replyError(request: HttpRequest, reply: HttpReply, problem: string): HttpAgentError {
  const bodyExcerpt = excerpt(reply.text, secretValues(request.headers));
  return new HttpAgentError(`${request.label}: ${problem}; response: ${bodyExcerpt || "(empty body)"}`, {
    url: request.url,
    status: reply.status,
    bodyExcerpt,
  });
}

/**
 * Checks an endpoint URL when the agent is made: it must be `http:` or
 * `https:` and carry no `user:password@` (credentials belong in headers,
 * where error messages never show them).
 */
export function checkEndpoint(url: unknown, option: string, factory: string): void {
  const problem = endpointProblem(url);
  if (problem) throw new ConfigError(`${factory}: ${option} ${problem}`, { source: `${factory}()`, path: option });
}

function endpointProblem(url: unknown): string | undefined {
  if (typeof url !== "string" || url === "") return "is required (an http:// or https:// URL)";
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `is not a URL: ${JSON.stringify(url)}`;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    return `must be an http:// or https:// URL, got ${parsed.protocol}`;
  }
  if (parsed.username || parsed.password) return "must not contain credentials (user:password@); send them in headers";
  return undefined;
}
