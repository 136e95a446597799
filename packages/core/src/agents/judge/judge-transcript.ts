import type { LanguageModelV3 } from "@ai-sdk/provider";
import type { ModelMessage } from "../../domain/messages.js";
import { invokeModel } from "../invoke-model.js";
import { criterionParamNames } from "./criterion-names.js";
import { askJudge } from "./judge-conversation.js";
import { judgeVersion } from "./judge-version.js";

/** What `judgeTranscript` grades: a finished conversation and the criteria, with the judge to grade it. */
export interface JudgeTranscriptOptions {
  /** The judge model, already made (the server resolves it from its own setting). */
  model: LanguageModelV3;
  /** The model's `provider:modelId` (part of the judge version). */
  modelKey: string;
  /** A candidate system prompt in place of the built-in one (the same option as `judgeAgent({ systemPrompt })`). */
  systemPrompt?: string | undefined;
  /** The scenario's description (context for the judge, not a criterion). */
  description: string;
  /** Natural-language criteria to grade. */
  criteria: readonly string[];
  /** The conversation, as the run recorded it. */
  messages: readonly ModelMessage[];
  /** Retries of unusable output before the `invalid_model_output` error (default 2). */
  invalidOutputRetries?: number;
  signal?: AbortSignal;
}

/** A verdict per criterion from `judgeTranscript`. */
export interface TranscriptJudgment {
  /** `met` when the judge answered true; `unmet` for false or inconclusive (a forced verdict, as in a run). */
  answers: Map<string, "met" | "unmet">;
  reasoning: string;
  judgeVersion: string;
}

/**
 * Grades a finished conversation with the same prompt, tools and validation
 * as `judgeAgent` in a run, forced to give a verdict. The platform uses it to
 * evaluate a candidate judge prompt against people's labels before anyone
 * adopts it. Unusable model output is retried, then thrown as
 * `invalid_model_output` (never a verdict).
 *
 * @example
 * const judged = await judgeTranscript({ model, modelKey: "openai:gpt-4.1-mini", description, criteria, messages });
 */
export async function judgeTranscript(options: JudgeTranscriptOptions): Promise<TranscriptJudgment> {
  const criteria = [...options.criteria];
  const answer = await askJudge({
    agentName: "calibration judge",
    invoke: invokeModel,
    resolved: { model: options.model, key: options.modelKey, defaults: {}, callOptions: { maxRetries: 1 } },
    settings: { temperature: 0, maxTokens: undefined, providerOptions: undefined, systemPrompt: options.systemPrompt },
    description: options.description,
    criteria,
    names: criterionParamNames(criteria),
    messages: options.messages,
    spans: undefined,
    forced: true,
    forcedBecause: "The conversation is over. Give your final verdict now.",
    tokenThreshold: undefined,
    maxDiscoverySteps: 10,
    attempts: 1 + (options.invalidOutputRetries ?? 2),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const answers = new Map<string, "met" | "unmet">();
  if (answer.kind === "finish")
    for (const criterion of criteria) answers.set(criterion, answer.answers.get(criterion) === "true" ? "met" : "unmet");
  return {
    answers,
    reasoning: answer.kind === "finish" ? answer.reasoning : "",
    judgeVersion: judgeVersion({ systemPrompt: options.systemPrompt, modelKey: options.modelKey }),
  };
}
