import type {
  LanguageModelV3CallOptions,
  LanguageModelV3Content,
  LanguageModelV3FinishReason,
  LanguageModelV3Middleware,
  LanguageModelV3StreamPart,
  LanguageModelV3Usage,
} from "@ai-sdk/provider";
import type { Span } from "@opentelemetry/api";
import {
  ATTR_AGENT_ROLE,
  ATTR_FINISH_REASONS,
  ATTR_INPUT_MESSAGES,
  ATTR_INPUT_TOKENS,
  ATTR_MAX_TOKENS,
  ATTR_OPERATION,
  ATTR_OUTPUT_MESSAGES,
  ATTR_OUTPUT_TOKENS,
  ATTR_PROVIDER,
  ATTR_REQUEST_MODEL,
  ATTR_RESPONSE_ID,
  ATTR_RESPONSE_MODEL,
  ATTR_SYSTEM_INSTRUCTIONS,
  ATTR_TEMPERATURE,
} from "../../telemetry/attributes.js";
import { type InstalledTracing, markFailed } from "../../telemetry/tracing-state.js";

/** Whose call it is: the model key (`provider:modelId`) and the role of the agent that made it. */
export interface TracedCall {
  modelKey: string;
  role: string;
}

/**
 * Middleware that puts each model call in a `chat <model>` span (kind
 * CLIENT) under the active span, with the OpenTelemetry GenAI semantic
 * conventions: operation, provider, request and response model, token usage,
 * finish reasons. Message content (`gen_ai.input.messages`,
 * `gen_ai.output.messages`, `gen_ai.system_instructions`) only when the
 * tracing setup opted in. A streamed call's span ends with its stream.
 */
export function traceMiddleware(tracing: InstalledTracing, call: TracedCall): LanguageModelV3Middleware {
  const start = (params: LanguageModelV3CallOptions, modelId: string, provider: string): Span => {
    const attributes: Record<string, string | number> = {
      [ATTR_OPERATION]: "chat",
      [ATTR_PROVIDER]: providerName(provider, call.modelKey),
      [ATTR_REQUEST_MODEL]: modelId,
      [ATTR_AGENT_ROLE]: call.role,
    };
    if (params.temperature !== undefined) attributes[ATTR_TEMPERATURE] = params.temperature;
    if (params.maxOutputTokens !== undefined) attributes[ATTR_MAX_TOKENS] = params.maxOutputTokens;
    if (tracing.captureContent) {
      const system = params.prompt.filter((message) => message.role === "system").map((message) => message.content);
      if (system.length > 0)
        attributes[ATTR_SYSTEM_INSTRUCTIONS] = JSON.stringify(system.map((content) => ({ type: "text", content })));
      attributes[ATTR_INPUT_MESSAGES] = JSON.stringify(params.prompt.filter((message) => message.role !== "system"));
    }
    return tracing.tracer.startSpan(`chat ${modelId}`, { kind: 2, attributes }, tracing.api.context.active());
  };

  return {
    specificationVersion: "v3",
    wrapGenerate: async ({ doGenerate, params, model }) => {
      const span = start(params, model.modelId, model.provider);
      try {
        const result = await tracing.api.context.with(tracing.api.trace.setSpan(tracing.api.context.active(), span), doGenerate);
        finishSpan(span, tracing, result.usage, result.finishReason, result.response, result.content);
        span.end();
        return result;
      } catch (error) {
        markFailed(span, error);
        span.end();
        throw error;
      }
    },
    wrapStream: async ({ doStream, params, model }) => {
      const span = start(params, model.modelId, model.provider);
      let result: Awaited<ReturnType<typeof doStream>>;
      try {
        result = await tracing.api.context.with(tracing.api.trace.setSpan(tracing.api.context.active(), span), doStream);
      } catch (error) {
        markFailed(span, error);
        span.end();
        throw error;
      }
      const content: LanguageModelV3Content[] = [];
      let text = "";
      let response: { id?: string; modelId?: string } | undefined;
      const watch = new TransformStream<LanguageModelV3StreamPart, LanguageModelV3StreamPart>({
        transform(part, controller) {
          if (part.type === "text-delta") text += part.delta;
          else if (part.type === "tool-call") content.push(part);
          else if (part.type === "response-metadata") response = part;
          else if (part.type === "error") markFailed(span, part.error);
          else if (part.type === "finish") {
            if (text) content.unshift({ type: "text", text });
            finishSpan(span, tracing, part.usage, part.finishReason, response, content);
          }
          controller.enqueue(part);
        },
        flush() {
          span.end();
        },
      });
      return { ...result, stream: result.stream.pipeThrough(watch) };
    },
  };
}

/** Sets what the answer tells (usage, finish reason, response model; content on opt-in); the caller ends the span. */
function finishSpan(
  span: Span,
  tracing: InstalledTracing,
  usage: LanguageModelV3Usage | undefined,
  finishReason: LanguageModelV3FinishReason | undefined,
  response: { id?: string | undefined; modelId?: string | undefined } | undefined,
  content: LanguageModelV3Content[],
): void {
  if (usage?.inputTokens.total !== undefined) span.setAttribute(ATTR_INPUT_TOKENS, usage.inputTokens.total);
  if (usage?.outputTokens.total !== undefined) span.setAttribute(ATTR_OUTPUT_TOKENS, usage.outputTokens.total);
  const reason = finishReason === undefined ? undefined : typeof finishReason === "string" ? finishReason : finishReason.unified;
  if (reason) span.setAttribute(ATTR_FINISH_REASONS, [reason]);
  if (response?.modelId) span.setAttribute(ATTR_RESPONSE_MODEL, response.modelId);
  if (response?.id) span.setAttribute(ATTR_RESPONSE_ID, response.id);
  if (tracing.captureContent) span.setAttribute(ATTR_OUTPUT_MESSAGES, JSON.stringify([{ role: "assistant", content }]));
}

/** `openai.chat` → `openai`; a test double's provider is taken from the model key. */
function providerName(provider: string, modelKey: string): string {
  const head = provider.split(".")[0];
  if (head && head !== "mock-provider") return head;
  return modelKey.split(":")[0] ?? provider;
}
