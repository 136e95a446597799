import type { LanguageModelV3Middleware, LanguageModelV3StreamPart } from "@ai-sdk/provider";

/** Limits calls per model key; one limiter is shared by every run of a context. */
export interface ConcurrencyLimiter {
  /** Middleware holding one of `modelKey`'s slots for each call (a stream holds it until it ends). */
  middleware(modelKey: string): LanguageModelV3Middleware;
}

/** A FIFO counting semaphore. */
interface Semaphore {
  limit: number;
  active: number;
  /** Wakers of the calls waiting for a slot, oldest first. */
  queue: Array<() => void>;
}

/**
 * Makes a limiter allowing at most `limitFor(modelKey)` calls in flight per
 * model key (no limit when it returns undefined). Waiting calls go first in,
 * first out; a waiter whose abort signal fires leaves the queue. Slots are
 * released on success, error and abort.
 *
 * @example
 * const limiter = createConcurrencyLimiter((key) => (key.startsWith("openai-compatible:") ? 2 : undefined));
 * const model = wrapLanguageModel({ model: base, middleware: limiter.middleware("openai:gpt-4.1-mini") });
 */
export function createConcurrencyLimiter(limitFor: (modelKey: string) => number | undefined): ConcurrencyLimiter {
  const semaphores = new Map<string, Semaphore>();
  const semaphoreFor = (modelKey: string): Semaphore | undefined => {
    let semaphore = semaphores.get(modelKey);
    if (!semaphore) {
      const limit = limitFor(modelKey);
      if (limit === undefined || !(limit >= 1) || limit === Number.POSITIVE_INFINITY) return undefined;
      semaphore = { limit: Math.floor(limit), active: 0, queue: [] };
      semaphores.set(modelKey, semaphore);
    }
    return semaphore;
  };
  return {
    middleware(modelKey) {
      return {
        specificationVersion: "v3",
        async wrapGenerate({ doGenerate, params }) {
          const release = await acquire(semaphoreFor(modelKey), params.abortSignal);
          try {
            return await doGenerate();
          } finally {
            release();
          }
        },
        async wrapStream({ doStream, params }) {
          const release = await acquire(semaphoreFor(modelKey), params.abortSignal);
          try {
            const result = await doStream();
            return { ...result, stream: releasingAtEnd(result.stream, release) };
          } catch (error) {
            release();
            throw error;
          }
        },
      };
    },
  };
}

/** Takes a slot, waiting in line if none is free; resolves to the release function (safe to call twice). */
async function acquire(semaphore: Semaphore | undefined, signal?: AbortSignal): Promise<() => void> {
  if (!semaphore) return () => {};
  signal?.throwIfAborted();
  if (semaphore.active < semaphore.limit) semaphore.active++;
  else await waitInLine(semaphore, signal);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const next = semaphore.queue.shift();
    // The slot passes straight to the next waiter, so `active` stays the same.
    if (next) next();
    else semaphore.active--;
  };
}

function waitInLine(semaphore: Semaphore, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      const index = semaphore.queue.indexOf(waiter);
      if (index >= 0) semaphore.queue.splice(index, 1);
      reject(signal?.reason);
    };
    const waiter = () => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    };
    semaphore.queue.push(waiter);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Passes the stream through and calls `release` once it ends, fails or is cancelled. */
function releasingAtEnd(
  stream: ReadableStream<LanguageModelV3StreamPart>,
  release: () => void,
): ReadableStream<LanguageModelV3StreamPart> {
  const reader = stream.getReader();
  return new ReadableStream<LanguageModelV3StreamPart>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          release();
          controller.close();
        } else controller.enqueue(value);
      } catch (error) {
        release();
        controller.error(error);
      }
    },
    async cancel(reason) {
      release();
      await reader.cancel(reason);
    },
  });
}
