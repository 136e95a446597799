import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3Content,
  LanguageModelV3FinishReason,
  LanguageModelV3GenerateResult,
  LanguageModelV3StreamPart,
  LanguageModelV3StreamResult,
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
} from "../telemetry/attributes.js";
import type { RunModelTracing } from "../telemetry/model-span-parent.js";
import { markFailed } from "../telemetry/tracing-state.js";

/** Whose calls these are: the model key (`provider:modelId`) and the role of the agent that resolved the model. */
export interface TracedUse {
  modelKey: string;
  role: string;
}

/**
 * A model whose every call is a `chat <model>` span (kind CLIENT) with the
 * OpenTelemetry GenAI semantic conventions: operation, provider, request and
 * response model, token usage, finish reasons; message content
 * (`gen_ai.input.messages`, `gen_ai.output.messages`,
 * `gen_ai.system_instructions`) only when the tracing setup opted in. A
 * streamed call's span ends with its stream. A class over the model, not AI
 * SDK middleware: made synchronously once per run and model, no wrapper
 * closures per call (decision 0041, "cost").
 */
export class TracedModel implements LanguageModelV3 {
  readonly specificationVersion = "v3";

  constructor(
    private readonly inner: LanguageModelV3,
    private readonly run: RunModelTracing,
    private readonly use: TracedUse,
  ) {}

  get provider(): string {
    return this.inner.provider;
  }

  get modelId(): string {
    return this.inner.modelId;
  }

  get supportedUrls(): LanguageModelV3["supportedUrls"] {
    return this.inner.supportedUrls;
  }

  async doGenerate(options: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> {
    const span = this.start(options);
    try {
      const result = await this.inner.doGenerate(options);
      this.describe(span, result.usage, result.finishReason, result.response, result.content);
      span.end();
      return result;
    } catch (error) {
      markFailed(span, error);
      span.end();
      throw error;
    }
  }

  async doStream(options: LanguageModelV3CallOptions): Promise<LanguageModelV3StreamResult> {
    const span = this.start(options);
    let result: LanguageModelV3StreamResult;
    try {
      result = await this.inner.doStream(options);
    } catch (error) {
      markFailed(span, error);
      span.end();
      throw error;
    }
    const content: LanguageModelV3Content[] = [];
    let text = "";
    let response: { id?: string; modelId?: string } | undefined;
    const describe = this.describe.bind(this);
    const watch = new TransformStream<LanguageModelV3StreamPart, LanguageModelV3StreamPart>({
      transform(part, controller) {
        if (part.type === "text-delta") text += part.delta;
        else if (part.type === "tool-call") content.push(part);
        else if (part.type === "response-metadata") response = part;
        else if (part.type === "error") markFailed(span, part.error);
        else if (part.type === "finish") {
          if (text) content.unshift({ type: "text", text });
          describe(span, part.usage, part.finishReason, response, content);
        }
        controller.enqueue(part);
      },
      flush() {
        span.end();
      },
    });
    return { ...result, stream: result.stream.pipeThrough(watch) };
  }

  private start(options: LanguageModelV3CallOptions): Span {
    const { tracing } = this.run;
    const { modelId } = this.inner;
    const attributes: Record<string, string | number> = {
      [ATTR_OPERATION]: "chat",
      [ATTR_PROVIDER]: providerName(this.inner.provider, this.use.modelKey),
      [ATTR_REQUEST_MODEL]: modelId,
      [ATTR_AGENT_ROLE]: this.use.role,
    };
    if (options.temperature !== undefined) attributes[ATTR_TEMPERATURE] = options.temperature;
    if (options.maxOutputTokens !== undefined) attributes[ATTR_MAX_TOKENS] = options.maxOutputTokens;
    if (tracing.captureContent) {
      const system = options.prompt.filter((message) => message.role === "system");
      if (system.length > 0)
        attributes[ATTR_SYSTEM_INSTRUCTIONS] = JSON.stringify(
          system.map((message) => ({ type: "text", content: message.content })),
        );
      attributes[ATTR_INPUT_MESSAGES] = JSON.stringify(options.prompt.filter((message) => message.role !== "system"));
    }
    return tracing.tracer.startSpan(`chat ${modelId}`, { kind: 2, attributes }, this.run.parentFor(this.use.role));
  }

  /** Sets what the answer tells (usage, finish reason, response model; content on opt-in); the caller ends the span. */
  private describe(
    span: Span,
    usage: LanguageModelV3Usage | undefined,
    finishReason: LanguageModelV3FinishReason | undefined,
    response: { id?: string | undefined; modelId?: string | undefined } | undefined,
    content: LanguageModelV3Content[],
  ): void {
    if (usage?.inputTokens.total !== undefined) span.setAttribute(ATTR_INPUT_TOKENS, usage.inputTokens.total);
    if (usage?.outputTokens.total !== undefined) span.setAttribute(ATTR_OUTPUT_TOKENS, usage.outputTokens.total);
    const reason =
      finishReason === undefined ? undefined : typeof finishReason === "string" ? finishReason : finishReason.unified;
    if (reason) span.setAttribute(ATTR_FINISH_REASONS, [reason]);
    if (response?.modelId) span.setAttribute(ATTR_RESPONSE_MODEL, response.modelId);
    if (response?.id) span.setAttribute(ATTR_RESPONSE_ID, response.id);
    if (this.run.tracing.captureContent)
      span.setAttribute(ATTR_OUTPUT_MESSAGES, JSON.stringify([{ role: "assistant", content }]));
  }
}

/** `openai.chat` → `openai`; a test double's provider is taken from the model key. */
function providerName(provider: string, modelKey: string): string {
  const head = provider.split(".")[0];
  if (head && head !== "mock-provider") return head;
  return modelKey.split(":")[0] ?? provider;
}
