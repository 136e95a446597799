import type {
  LanguageModelV3CallOptions,
  LanguageModelV3Content,
  LanguageModelV3Middleware,
  LanguageModelV3StreamPart,
} from "@ai-sdk/provider";

/** Seconds a faked 429 asks the caller to wait (its `Retry-After` header). */
export const FAULT_RETRY_AFTER_SECONDS = 2;

/**
 * A failure to fake on one model call, as a provider would produce it:
 *
 * - `http`: an `APICallError` with `statusCode` (429 carries a `Retry-After`
 *   header of `retryAfterSeconds`), `isRetryable` as the AI SDK decides it;
 * - `network`: an `APICallError` without a status (the connection failed);
 * - `malformed_output`: the real call is made, and its output comes back cut
 *   in half — text truncated, tool-call inputs no longer valid JSON.
 */
export type ModelFault =
  | { readonly kind: "http"; readonly statusCode: number; readonly message: string; readonly retryAfterSeconds?: number }
  | { readonly kind: "network"; readonly message: string }
  | { readonly kind: "malformed_output" };

/** Decides, per call, whether a model call fails and how (the run's armed `target: model` injections). */
export interface ModelFaultSource {
  /** `modelKey` is `provider:modelId`. Undefined: the call goes through untouched. */
  faultFor(call: { readonly modelKey: string }): Promise<ModelFault | undefined>;
}

/**
 * Middleware that fails model calls the way a provider would, when `source`
 * says so. It sits outermost, so the agent (not the harness's retries) sees
 * the error — which is what a test of the agent's own error handling needs.
 *
 * @example
 * const model = await wrapModel(base, [faultsMiddleware(session.modelFaults, "openai:gpt-4.1-mini"), ...rest]);
 */
export function faultsMiddleware(source: ModelFaultSource, modelKey: string): LanguageModelV3Middleware {
  return {
    specificationVersion: "v3",
    async wrapGenerate({ doGenerate, params }) {
      const fault = await source.faultFor({ modelKey });
      if (!fault) return doGenerate();
      if (fault.kind !== "malformed_output") throw await faultError(fault, modelKey, params);
      const result = await doGenerate();
      return { ...result, content: result.content.map(malformed) };
    },
    async wrapStream({ doStream, params }) {
      const fault = await source.faultFor({ modelKey });
      if (!fault) return doStream();
      if (fault.kind !== "malformed_output") throw await faultError(fault, modelKey, params);
      const result = await doStream();
      return { ...result, stream: result.stream.pipeThrough(malformedStream()) };
    },
  };
}

/** The AI SDK's own error for `fault` (loaded on use: the root entry never loads `@ai-sdk/provider`). */
async function faultError(
  fault: Exclude<ModelFault, { kind: "malformed_output" }>,
  modelKey: string,
  params: LanguageModelV3CallOptions,
): Promise<Error> {
  const { APICallError } = await import("@ai-sdk/provider");
  const url = `rehearse-fault://${modelKey}`;
  const requestBodyValues = { prompt: params.prompt.length };
  if (fault.kind === "network") {
    return new APICallError({
      message: `Cannot connect to API: ${fault.message}`,
      url,
      requestBodyValues,
      isRetryable: true,
      cause: new Error(fault.message),
    });
  }
  const responseHeaders: Record<string, string> =
    fault.retryAfterSeconds === undefined ? {} : { "retry-after": String(fault.retryAfterSeconds) };
  return new APICallError({
    message: fault.message,
    url,
    requestBodyValues,
    statusCode: fault.statusCode,
    responseHeaders,
    responseBody: JSON.stringify({ error: { message: fault.message, code: fault.statusCode } }),
  });
}

/** Half of `text`, and a JSON that no longer parses. */
function malformed(part: LanguageModelV3Content): LanguageModelV3Content {
  if (part.type === "text") return { ...part, text: part.text.slice(0, Math.floor(part.text.length / 2)) };
  if (part.type === "tool-call") return { ...part, input: part.input.slice(0, Math.floor(part.input.length / 2)) || "{" };
  return part;
}

/** The stream with each text delta cut in half and tool-call inputs broken, like `malformed`. */
function malformedStream(): TransformStream<LanguageModelV3StreamPart, LanguageModelV3StreamPart> {
  return new TransformStream({
    transform(part, controller) {
      if (part.type === "text-delta")
        controller.enqueue({ ...part, delta: part.delta.slice(0, Math.ceil(part.delta.length / 2)) });
      else if (part.type === "tool-call")
        controller.enqueue({ ...part, input: part.input.slice(0, Math.floor(part.input.length / 2)) || "{" });
      else controller.enqueue(part);
    },
  });
}
