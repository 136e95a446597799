import { RehearseError } from "../../domain/errors.js";
import type { ModelMessage } from "../../domain/messages.js";
import type { ResolvedModel } from "../../domain/models.js";
import type { InvokeLLMParams, InvokeLLMResult } from "../invoke-llm.js";
import type { JudgeMemo } from "./judge-memo.js";
import { FINISH_TEST, toToolSet, verdictTools } from "./judge-tools.js";
import { type JudgeAnswer, readDecision } from "./judge-verdict.js";
import type { JudgeSpan } from "./transcript/index.js";
import type { JudgeAudio } from "./voice-input.js";

/** Everything one judge evaluation needs. */
export interface JudgeCall {
  agentName: string;
  invoke: (params: InvokeLLMParams) => Promise<InvokeLLMResult>;
  resolved: ResolvedModel;
  settings: {
    temperature: number;
    maxTokens: number | undefined;
    providerOptions: Record<string, Record<string, unknown>> | undefined;
    systemPrompt: string | undefined;
  };
  description: string;
  criteria: string[];
  /** `finish_test` field name per criterion, same order. */
  names: string[];
  messages: readonly ModelMessage[];
  spans: JudgeSpan[] | (() => JudgeSpan[] | Promise<JudgeSpan[]>) | undefined;
  /** The spans come from the span collector (built by Rehearse), not from the user: no validation needed. */
  spansTrusted?: boolean;
  forced: boolean;
  forcedBecause?: string;
  additionalContext?: string;
  /** The voice timeline, one event per line (voice runs, `includeTimeline`). */
  voiceTimeline?: string;
  /** The conversation's audio for a multimodal judge (`includeAudio`). */
  audio?: readonly JudgeAudio[];
  tokenThreshold: number | undefined;
  maxDiscoverySteps: number;
  /** Attempts for unusable output (1 + retries). */
  attempts: number;
  signal?: AbortSignal;
  /** The judge's shared prompt and tools (absent: built for this call). */
  memo?: JudgeMemo;
}

/** One model call of a judge evaluation: the prompt and tools so far, the params that do not change. */
export interface JudgeTurn {
  system: string;
  messages: ModelMessage[];
  call: JudgeCall;
}

/**
 * The verdict step: offers the verdict tools (only `finish_test`, forced,
 * when a verdict is required) and reads the answer, retrying unusable output.
 */
export async function decide(turn: JudgeTurn): Promise<JudgeAnswer> {
  const { call } = turn;
  const tools = call.memo
    ? await call.memo.verdictToolSet(call.description, call.criteria, call.forced)
    : await toToolSet(verdictTools(call.names, call.criteria, call.forced));
  const messages = [...turn.messages];
  let problem = "";
  for (let attempt = 1; attempt <= call.attempts; attempt++) {
    const result = await invokeJudge(
      call,
      judgeParams(turn.system, messages, call, tools, call.forced ? { type: "tool", toolName: FINISH_TEST } : "required"),
    );
    const decision =
      "problem" in result
        ? { kind: "malformed" as const, problem: result.problem }
        : readDecision(result.toolCalls, call.names, call.criteria, !call.forced);
    if (decision.kind !== "malformed") return decision;
    problem = decision.problem;
    messages.push({
      role: "user",
      content: `Your last answer could not be used: ${problem}. Answer again by calling ${call.forced ? "finish_test" : "continue_test or finish_test"} with valid arguments.`,
    });
  }
  throw unusableOutput(call, problem);
}

/** Errors the AI SDK raises for unusable tool output (not for failed calls), on the `generateText` path. */
const UNUSABLE_OUTPUT_ERRORS = new Set([
  "AI_ToolChoiceViolationError",
  "AI_NoSuchToolError",
  "AI_InvalidToolInputError",
  "AI_NoOutputGeneratedError",
]);

/**
 * One judge model call. A reply that ignores a forced tool choice or calls an
 * unknown tool (`invalid_model_output` from `invokeModel`, or the AI SDK's
 * errors from `generateText`) is unusable output (retried), not a failed
 * call, so it comes back as a `problem`.
 */
export async function invokeJudge(call: JudgeCall, params: InvokeLLMParams): Promise<InvokeLLMResult | { problem: string }> {
  try {
    return await call.invoke(params);
  } catch (error) {
    const name = (error as { name?: unknown })?.name;
    const unusable =
      (RehearseError.isInstance(error) && error.code === "invalid_model_output") ||
      (typeof name === "string" && UNUSABLE_OUTPUT_ERRORS.has(name));
    if (unusable) {
      return { problem: `the reply broke the tool rules (${(error as Error).message})` };
    }
    throw error;
  }
}

/** The error for a judge model that kept answering unusably. */
export function unusableOutput(call: JudgeCall, problem: string): RehearseError {
  return new RehearseError(
    "invalid_model_output",
    `${call.agentName}: the judge model (${call.resolved.key}) gave no usable verdict in ${call.attempts} attempts; last problem: ${problem}`,
  );
}

/** `generateText` parameters of a judge call. */
export function judgeParams(
  system: string,
  messages: ModelMessage[],
  call: JudgeCall,
  tools: InvokeLLMParams["tools"],
  toolChoice: InvokeLLMParams["toolChoice"],
): InvokeLLMParams {
  const { settings } = call;
  return {
    model: call.resolved.model,
    system,
    messages,
    tools,
    toolChoice,
    temperature: settings.temperature,
    ...(settings.maxTokens === undefined ? {} : { maxOutputTokens: settings.maxTokens }),
    ...(settings.providerOptions ? { providerOptions: settings.providerOptions as never } : {}),
    ...(call.signal ? { abortSignal: call.signal } : {}),
    ...call.resolved.callOptions,
  };
}
