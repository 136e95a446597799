/**
 * One outbound POST of a notification: node's own HTTP client (no proxy
 * variables honoured, no redirects followed: a 3xx is an answer like any
 * other), the address checked on the socket's own lookup
 * (outbound-address.ts), a deadline on the whole exchange, and at most a
 * few hundred bytes of the answer kept for the delivery log.
 */
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP } from "node:net";
import { bareHost, guardedLookup, type OutboundPolicy, OutboundRefusedError, refusedAddressReason } from "./outbound-address.js";

/** What one attempt came to. */
export interface PostResult {
  /** The answer's status, `null` when there was none (refused, unreachable, timed out). */
  statusCode: number | null;
  /** Why it failed (status and the start of the answer, or the network error); `null` on a 2xx. */
  error: string | null;
  /** The answer's `Retry-After` header, as sent. */
  retryAfter: string | null;
  /** The address policy refused the destination (retrying will not help). */
  refused: boolean;
  durationMs: number;
}

export interface PostOptions {
  policy: OutboundPolicy;
  timeoutMs: number;
  /** Aborts the request (the server is stopping). */
  signal?: AbortSignal;
  /** A monotonic clock in ms for the duration (default `performance.now`). */
  elapsed?: () => number;
}

const KEPT_ANSWER_BYTES = 300;

/** Posts `body` (JSON) to `url` with `headers`; never throws. */
export function postJson(url: URL, body: string, headers: Record<string, string>, options: PostOptions): Promise<PostResult> {
  const elapsed = options.elapsed ?? (() => performance.now());
  const started = elapsed();
  const finish = (result: Omit<PostResult, "durationMs">): PostResult => ({
    ...result,
    durationMs: Math.max(0, Math.round(elapsed() - started)),
  });
  const host = bareHost(url);
  if (isIP(host) && !options.policy.allowPrivate) {
    const reason = refusedAddressReason(host);
    if (reason)
      return Promise.resolve(
        finish({ statusCode: null, error: `refused: ${host} is a ${reason} address`, retryAfter: null, refused: true }),
      );
  }
  return new Promise<PostResult>((resolve) => {
    let settled = false;
    const settle = (result: Omit<PostResult, "durationMs">) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      options.signal?.removeEventListener("abort", onAbort);
      resolve(finish(result));
    };
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    const request = send(url, {
      method: "POST",
      headers: {
        ...headers,
        "content-type": "application/json",
        "content-length": Buffer.byteLength(body),
        "user-agent": "Rehearse-Notifications/1",
      },
      lookup: guardedLookup(options.policy),
      agent: false,
    });
    const fail = (error: Error) => {
      const refused = error instanceof OutboundRefusedError || (error as { code?: string }).code === "outbound_refused";
      settle({ statusCode: null, error: refused ? `refused: ${error.message}` : error.message, retryAfter: null, refused });
      request.destroy();
    };
    const deadline = setTimeout(() => fail(new Error(`no answer within ${options.timeoutMs} ms`)), options.timeoutMs);
    const onAbort = () => fail(new Error("aborted: the server is stopping"));
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener("abort", onAbort, { once: true });
    request.on("error", fail);
    request.on("response", (response) => {
      const status = response.statusCode ?? 0;
      const retryAfter = typeof response.headers["retry-after"] === "string" ? response.headers["retry-after"] : null;
      const kept: Buffer[] = [];
      let keptBytes = 0;
      const done = () => {
        const text = Buffer.concat(kept).toString("utf8").slice(0, KEPT_ANSWER_BYTES).replace(/\s+/g, " ").trim();
        const ok = status >= 200 && status < 300;
        const error = ok ? null : `HTTP ${status}${text ? `: ${text}` : ""}`;
        settle({ statusCode: status, error, retryAfter, refused: false });
        response.destroy();
      };
      response.on("data", (chunk: Buffer) => {
        if (keptBytes >= KEPT_ANSWER_BYTES) return done();
        kept.push(chunk);
        keptBytes += chunk.length;
      });
      response.on("end", done);
      response.on("error", done);
    });
    request.end(body);
  });
}
