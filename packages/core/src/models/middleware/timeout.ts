import type { LanguageModelV3Middleware } from "@ai-sdk/provider";
import { describeLimit, type Timer } from "../../domain/timeouts.js";
import { ModelCallError } from "../model-call-error.js";

/** What the timeout middleware needs from outside: real-time timers and the name errors use. */
export interface TimeoutDependencies {
  timer: Timer;
  /** `provider:modelId`, named in the error. */
  modelKey: string;
}

/**
 * Middleware bounding each model call to `limitMs` of real time: past it the
 * provider's request is aborted (its `abortSignal`, joined with the caller's)
 * and the call fails with a `ModelCallError` naming the model and the limit,
 * not retried. For streams it bounds opening the stream. Put it innermost
 * (below retry and the concurrency limit) so it times one attempt, not the
 * wait for a slot.
 *
 * @example
 * const model = wrapLanguageModel({ model: base, middleware: timeoutMiddleware(60_000, { timer, modelKey: "openai:gpt-4.1-mini" }) });
 */
export function timeoutMiddleware(limitMs: number, dependencies: TimeoutDependencies): LanguageModelV3Middleware {
  return {
    specificationVersion: "v3",
    wrapGenerate: ({ params, model }) =>
      withinLimit((abortSignal) => model.doGenerate({ ...params, abortSignal }), limitMs, dependencies, params.abortSignal),
    wrapStream: ({ params, model }) =>
      withinLimit((abortSignal) => model.doStream({ ...params, abortSignal }), limitMs, dependencies, params.abortSignal),
  };
}

function withinLimit<Value>(
  call: (signal: AbortSignal) => PromiseLike<Value>,
  limitMs: number,
  { timer, modelKey }: TimeoutDependencies,
  outer: AbortSignal | undefined,
): Promise<Value> {
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort(outer?.reason);
  if (outer?.aborted) onOuterAbort();
  else outer?.addEventListener("abort", onOuterAbort, { once: true });
  return new Promise<Value>((resolve, reject) => {
    let expired: ModelCallError | undefined;
    const cancel = timer.after(limitMs, () => {
      expired = new ModelCallError({
        modelKey,
        attempts: 1,
        isRetryable: false,
        reason: `no answer within ${describeLimit(limitMs)} (timeouts.modelCallMs)`,
      });
      controller.abort(expired);
      reject(expired);
    });
    const settled = () => {
      cancel();
      outer?.removeEventListener("abort", onOuterAbort);
    };
    Promise.resolve()
      .then(() => call(controller.signal))
      .then(
        (value) => {
          settled();
          resolve(value);
        },
        (error: unknown) => {
          settled();
          reject(expired ?? error);
        },
      );
  });
}
