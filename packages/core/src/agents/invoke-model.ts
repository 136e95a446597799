import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3FunctionTool,
  LanguageModelV3Message,
  LanguageModelV3ToolChoice,
} from "@ai-sdk/provider";

import { InvalidModelOutputError } from "../domain/errors.js";
import { loadOnce } from "../domain/load-once.js";
import type { ModelMessage } from "../domain/messages.js";
import type { InvokeLLMParams, InvokeLLMResult } from "./invoke-llm.js";
import { parseToolInput } from "./json-reply.js";

const loadAi = loadOnce(() => import("ai"));

/**
 * Provider tool definitions of frozen tool sets (the judge's verdict tools,
 * shared by all its calls), converted once. Only frozen sets: a set that can
 * still change is converted at every call.
 */
const convertedTools = new WeakMap<object, LanguageModelV3FunctionTool[] | undefined>();

/**
 * The default `invokeLLM` of the simulator and the judge. Their prompts are
 * plain text, tool calls and tool results, so the call is made on the model
 * directly (`doGenerate`, through the run's middleware): `generateText`'s
 * own work — prompt normalisation for media, telemetry spans, tool input
 * validation (the judge validates its verdicts itself) — costs more than
 * the rest of a scenario turn. Anything else (a model id string, file
 * parts, tools without a JSON schema) goes through `generateText`.
 *
 * A reply that ignores a forced tool choice rejects with the project's
 * `InvalidModelOutputError` (`invalid_model_output`, `requiredTool` set);
 * the `generateText` path may still reject with the AI SDK's own errors.
 */
export async function invokeModel(params: InvokeLLMParams): Promise<InvokeLLMResult> {
  const direct = directCall(params);
  if (!direct) {
    const { generateText } = await loadAi();
    return generateText(params);
  }
  const result = await direct.model.doGenerate(direct.options);
  let text = "";
  const toolCalls: Array<{ type: "tool-call"; toolCallId: string; toolName: string; input: unknown }> = [];
  for (const part of result.content) {
    if (part.type === "text") text += part.text;
    else if (part.type === "tool-call") {
      toolCalls.push({
        type: "tool-call",
        toolCallId: part.toolCallId,
        toolName: part.toolName,
        input: parseToolInput(part.input),
      });
    }
  }
  const choice = direct.options.toolChoice;
  if (choice?.type === "tool" && !toolCalls.some((call) => call.toolName === choice.toolName)) {
    // what generateText does too: a forced tool that was not called is a violation, not an answer
    throw new InvalidModelOutputError(`the model did not call the required tool '${choice.toolName}'`, {
      requiredTool: choice.toolName,
    });
  }
  return { text, content: result.content, toolCalls } as unknown as InvokeLLMResult;
}

function directCall(params: InvokeLLMParams): { model: LanguageModelV3; options: LanguageModelV3CallOptions } | undefined {
  const model = params.model as LanguageModelV3 | string;
  if (typeof model !== "object" || model.specificationVersion !== "v3" || !("messages" in params) || !params.messages)
    return undefined;
  const prompt: LanguageModelV3Message[] = [];
  if (typeof params.system === "string") prompt.push({ role: "system", content: params.system });
  else if (params.system !== undefined) return undefined;
  for (const message of params.messages as ModelMessage[]) {
    const converted = toPromptMessage(message);
    if (!converted) return undefined;
    prompt.push(converted);
  }
  const tools = params.tools ? functionToolsOf(params.tools) : undefined;
  if (params.tools && !tools) return undefined;
  const options: LanguageModelV3CallOptions = { prompt };
  if (tools) options.tools = tools;
  const choice = toolChoiceOf(params.toolChoice);
  if (choice) options.toolChoice = choice;
  if (params.temperature !== undefined) options.temperature = params.temperature;
  if (params.maxOutputTokens !== undefined) options.maxOutputTokens = params.maxOutputTokens;
  if (params.providerOptions) options.providerOptions = params.providerOptions as LanguageModelV3CallOptions["providerOptions"];
  if (params.abortSignal) options.abortSignal = params.abortSignal;
  if (params.headers) options.headers = params.headers as Record<string, string>;
  return { model, options };
}

function toPromptMessage(message: ModelMessage): LanguageModelV3Message | undefined {
  if (message.role === "system") return { role: "system", content: message.content };
  if (message.role === "user") {
    if (typeof message.content === "string") return { role: "user", content: [{ type: "text", text: message.content }] };
    if (!message.content.every((part) => part.type === "text")) return undefined;
    return { role: "user", content: message.content.map((part) => ({ type: "text", text: (part as { text: string }).text })) };
  }
  if (message.role === "assistant") {
    if (typeof message.content === "string") return { role: "assistant", content: [{ type: "text", text: message.content }] };
    const content: Extract<LanguageModelV3Message, { role: "assistant" }>["content"] = [];
    for (const part of message.content) {
      if (part.type === "text") content.push({ type: "text", text: part.text });
      else if (part.type === "tool-call")
        content.push({ type: "tool-call", toolCallId: part.toolCallId, toolName: part.toolName, input: part.input });
      else return undefined;
    }
    return { role: "assistant", content };
  }
  const content: Extract<LanguageModelV3Message, { role: "tool" }>["content"] = [];
  for (const part of message.content) {
    if (part.type !== "tool-result") return undefined;
    const output = part.output as { type: string; value: unknown };
    if (output.type !== "text" && output.type !== "json") return undefined;
    content.push({ type: "tool-result", toolCallId: part.toolCallId, toolName: part.toolName, output: part.output as never });
  }
  return { role: "tool", content };
}

function functionToolsOf(tools: NonNullable<InvokeLLMParams["tools"]>): LanguageModelV3FunctionTool[] | undefined {
  if (!Object.isFrozen(tools)) return toFunctionTools(tools);
  if (convertedTools.has(tools)) return convertedTools.get(tools);
  const converted = toFunctionTools(tools);
  if (converted) Object.freeze(converted);
  convertedTools.set(tools, converted);
  return converted;
}

function toFunctionTools(tools: NonNullable<InvokeLLMParams["tools"]>): LanguageModelV3FunctionTool[] | undefined {
  const converted: LanguageModelV3FunctionTool[] = [];
  for (const [name, tool] of Object.entries(tools)) {
    const schema = (tool as { inputSchema?: { jsonSchema?: unknown } }).inputSchema?.jsonSchema;
    if (typeof schema !== "object" || schema === null) return undefined;
    const definition: LanguageModelV3FunctionTool = {
      type: "function",
      name,
      inputSchema: schema as LanguageModelV3FunctionTool["inputSchema"],
    };
    const { description, strict } = tool as { description?: string; strict?: boolean };
    if (description) definition.description = description;
    if (strict !== undefined) definition.strict = strict;
    converted.push(definition);
  }
  return converted;
}

function toolChoiceOf(choice: InvokeLLMParams["toolChoice"]): LanguageModelV3ToolChoice | undefined {
  if (choice === undefined) return undefined;
  if (typeof choice === "string") return { type: choice };
  return { type: "tool", toolName: choice.toolName };
}
