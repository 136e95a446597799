/** What one POST ended with: an answer (any status), or no answer at all. */
export type PostOutcome =
  | { kind: "answer"; status: number; body: string; retryAfter: string | null }
  | { kind: "network"; message: string }
  | { kind: "timeout" }
  | { kind: "aborted" };

/** The request of one batch. */
export interface PostRequest {
  url: string;
  apiKey: string;
  /** The JSON request body. */
  body: Uint8Array;
  timeoutMs: number;
  /** Aborts the request when the drain budget runs out. */
  signal: AbortSignal;
  /** Schedules the request timeout (the sender's timer, fake in tests). */
  schedule(callback: () => void, milliseconds: number): () => void;
}

/**
 * POSTs one batch and reads the whole answer, within `timeoutMs` (an answer
 * that starts and never ends times out too). Never throws: every failure is
 * an outcome the sender classifies.
 */
export async function postEvents(fetchImplementation: typeof fetch, request: PostRequest): Promise<PostOutcome> {
  const controller = new AbortController();
  let timedOut = false;
  const cancel = request.schedule(() => {
    timedOut = true;
    controller.abort();
  }, request.timeoutMs);
  const onAbort = () => controller.abort();
  request.signal.addEventListener("abort", onAbort, { once: true });
  try {
    const response = await fetchImplementation(request.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${request.apiKey}` },
      body: request.body,
      signal: controller.signal,
    });
    const body = await response.text();
    return { kind: "answer", status: response.status, body, retryAfter: response.headers.get("retry-after") };
  } catch (error) {
    if (timedOut) return { kind: "timeout" };
    if (request.signal.aborted) return { kind: "aborted" };
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { kind: "network", message: cause?.code ?? cause?.message ?? (error as Error).message };
  } finally {
    cancel();
    request.signal.removeEventListener("abort", onAbort);
  }
}
