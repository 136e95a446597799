import { type AgentInput, JudgeAgentAdapter } from "../../domain/agent.js";
import { type Check, type Criterion, isCheck } from "../../domain/criteria.js";
import { ConfigError } from "../../domain/errors.js";
import { loadOnce } from "../../domain/load-once.js";
import type { ResolvedModel } from "../../domain/models.js";
import type { JudgeResult } from "../../domain/result.js";
import { AgentRole } from "../../domain/roles.js";
import { DEFAULT_MAX_TURNS } from "../../domain/scenario.js";
import { evaluateChecks } from "../../engine/evaluate-checks.js";
import type { JudgeSpanCollector } from "../../telemetry/judge-span-collector.js";
import { checkAgentOptions } from "../agent-options.js";
import { invokeModel } from "../invoke-model.js";
import { missingModelAdvice, modelFor } from "../model-for.js";
import type { InvokeLLMParams, InvokeLLMResult, TestingAgentConfig } from "../user-simulator/user-simulator-agent.js";
import { collectedSpans } from "./collected-spans.js";
import { combineVerdict } from "./combine-verdict.js";
import type { JudgeCall } from "./judge-call.js";
import type { JudgeMemo } from "./judge-memo.js";
import { judgeVersion } from "./judge-version.js";
import type { JudgeSpan } from "./transcript/index.js";

import { audioParts, modelTakesAudio, voiceTimelineText } from "./voice-input.js";

/** The conversation with the judge model and its transcript toolkit, loaded with the first graded verdict. */
const loadConversation = loadOnce(() => import("./judge-conversation.js"));

/** Options of `judgeAgent` (the reference's `JudgeAgentConfig` plus Rehearse's). */
export interface JudgeAgentConfig extends TestingAgentConfig {
  /** What to grade: natural-language criteria and deterministic checks (`toolCalled()`, `check()`, …). */
  criteria?: Criterion[];
  /** The judge gives no verdict before this many turns (explicit `judge()` steps and the last turn still force one). */
  minTurns?: number;
  /** Above this many estimated tokens the conversation is shown as an outline with expand/grep tools (default 8 192). */
  tokenThreshold?: number;
  /** Most expand/grep steps before a verdict is forced (default 10). */
  maxDiscoverySteps?: number;
  /** Unusable answers (no tool call, bad JSON, a criterion missing) are retried this many times, then `error` (default 2). */
  invalidOutputRetries?: number;
  /** Trace spans to show the judge (documented shape `JudgeSpan`), or a function of the input giving them. */
  spans?: JudgeSpan[] | ((input: AgentInput) => JudgeSpan[] | Promise<JudgeSpan[]>);
  /** The reference's switch: `false` leaves the `spans` out of the prompt (default: shown when given). */
  includeTraces?: boolean | null;
  /**
   * Give a multimodal judge model the conversation's audio as well as its transcripts. Default (`null`):
   * when the conversation has audio and the model is known to take audio (`AUDIO_CAPABLE_MODEL_SUBSTRINGS`).
   */
  includeAudio?: boolean | null;
  /**
   * Show the judge the voice timeline (who spoke when, response latencies, interruptions, DTMF). Default
   * (`null`): when the conversation has audio.
   */
  includeTimeline?: boolean | null;
  /**
   * Where the agent's own spans come from when `spans` is not given (default: the collector
   * `setupTracing` installs, `judgeSpanCollector`); without tracing set up the judge sees none.
   */
  spanCollector?: JudgeSpanCollector;
}

/**
 * A judge backed by a model. Each call it either lets the conversation go on
 * (`continue_test`) or gives a verdict (`finish_test`) per criterion, mapped
 * back by criterion name. `inconclusive` continues unless a verdict is forced
 * — on an explicit `judge()`, on the last allowed turn and at `maxTurns` —
 * and a forced `inconclusive` counts as unmet. Deterministic checks among the
 * criteria are evaluated in code. Without a model, checks still decide and
 * natural-language criteria make the verdict `skipped`, naming the setting.
 */
export class JudgeAgent extends JudgeAgentAdapter {
  override role: AgentRole = AgentRole.JUDGE;
  criteria: Criterion[];
  private readonly config: JudgeAgentConfig;
  /** Prompt and tools shared by this judge's calls; made with the first graded verdict. */
  private memo: JudgeMemo | undefined;

  /** The model call; replace it to intercept or customise (the reference's seam). */
  invokeLLM: (params: InvokeLLMParams) => Promise<InvokeLLMResult> = invokeModel;

  constructor(config: JudgeAgentConfig = {}) {
    super();
    checkAgentOptions("judgeAgent", config, {
      temperature: "temperature",
      maxTokens: "positiveInteger",
      systemPrompt: "text",
      name: "text",
      minTurns: "nonNegativeInteger",
      tokenThreshold: "positiveInteger",
      maxDiscoverySteps: "positiveInteger",
      invalidOutputRetries: "nonNegativeInteger",
    });
    if (config.criteria !== undefined && !Array.isArray(config.criteria)) {
      throw new ConfigError("judgeAgent: `criteria` must be an array of texts and checks", {
        source: "judgeAgent",
        path: "criteria",
      });
    }
    this.config = config;
    this.criteria = [...(config.criteria ?? [])];
    if (config.name) this.name = config.name;
  }

  /** The model this judge was given (`undefined`: the run's `defaultModel`). */
  get modelReference(): JudgeAgentConfig["model"] {
    return this.config.model;
  }

  override async call(input: AgentInput): Promise<JudgeResult | null> {
    const request = input.judgmentRequest;
    const all: readonly Criterion[] = request?.criteria ?? this.criteria;
    const written = all.filter((criterion): criterion is string => typeof criterion === "string");
    const checks = all.filter((criterion): criterion is Check => isCheck(criterion));
    const maxTurns = input.scenarioConfig.maxTurns ?? DEFAULT_MAX_TURNS;
    const turn = input.scenarioState.currentTurn;
    const lastTurn = turn >= maxTurns - 1;
    const forced = request !== undefined || lastTurn;

    if (written.length === 0 && checks.length === 0) {
      if (!request) return null;
      return {
        success: false,
        reasoning: `${this.name} was asked for a verdict but has no criteria: give judgeAgent({ criteria: [...] }) or judge({ criteria: [...] })`,
        metCriteria: [],
        unmetCriteria: [],
      };
    }
    if (!forced && turn + 1 < (this.config.minTurns ?? 0)) return null;

    const checked = checks.length > 0 ? await evaluateChecks(checks, input.scenarioState) : undefined;
    if (written.length === 0) {
      if (!forced) return null;
      return combineVerdict({ checked });
    }
    const resolved = await modelFor(input, this.config.model, { role: AgentRole.JUDGE, agent: this.name });
    if (!resolved) {
      if (!forced) return null;
      return combineVerdict({
        checked,
        skipped: `${this.name} has no model to grade ${written.length} natural-language criteria (${written.join("; ")}): ${missingModelAdvice(input.models, "judgeAgent({ model })", this.config.declaredIn)}`,
      });
    }
    // the conversation with the judge model and its transcript toolkit load with the first graded verdict, not with the package
    const { askJudge, judgeMemoFor } = await loadConversation();
    const description = input.scenarioConfig.description;
    if (!this.memo?.holds(description, written)) this.memo = judgeMemoFor(description, written);
    const decision = await askJudge(this.judgeCall(input, resolved, written, forced, lastTurn, this.memo));
    if (decision.kind === "continue") return null;
    const undecided = [...decision.answers.values()].some((answer) => answer === "inconclusive");
    if (!forced && (decision.verdict === "inconclusive" || (undecided && decision.verdict !== "failure"))) return null;
    const verdict = combineVerdict({ checked, decision, criteria: written });
    verdict.judgeVersion = judgeVersion({ systemPrompt: this.config.systemPrompt, modelKey: resolved.key });
    verdict.judgeModel = resolved.key;
    return verdict;
  }

  private judgeCall(
    input: AgentInput,
    resolved: ResolvedModel,
    criteria: string[],
    forced: boolean,
    lastTurn: boolean,
    memo: JudgeMemo,
  ): JudgeCall {
    const { config } = this;
    const request = input.judgmentRequest;
    const forcedBecause =
      request?.reason === "max-turns"
        ? "The conversation reached its maximum number of turns. Give your final verdict now; a criterion not shown to be met is false or inconclusive."
        : request
          ? undefined
          : lastTurn
            ? "This is the last turn of the conversation. Give your final verdict now."
            : undefined;
    const additionalContext = request?.additionalContext ?? request?.context;
    // voice runs: the timeline (default when there is audio) and the audio itself (default for audio-capable models)
    const audio = audioParts(input.messages);
    const run = input.scenarioConfig.voice;
    const timeline =
      (config.includeTimeline ?? run?.includeTimeline ?? audio.length > 0)
        ? voiceTimelineText(input.scenarioConfig.agents)
        : undefined;
    const listens = config.includeAudio ?? run?.includeAudio ?? (audio.length > 0 && modelTakesAudio(resolved.key));
    return {
      agentName: this.name,
      invoke: this.invokeLLM,
      resolved,
      settings: {
        temperature: config.temperature ?? resolved.defaults.temperature ?? 0,
        maxTokens: config.maxTokens ?? resolved.defaults.maxTokens,
        providerOptions: config.providerOptions ?? resolved.defaults.providerOptions,
        systemPrompt: config.systemPrompt,
      },
      description: input.scenarioConfig.description,
      criteria,
      names: memo.namesOf(input.scenarioConfig.description, criteria),
      messages: input.messages,
      spans:
        config.includeTraces === false
          ? undefined
          : typeof config.spans === "function"
            ? () => (config.spans as (input: AgentInput) => JudgeSpan[] | Promise<JudgeSpan[]>)(input)
            : (config.spans ?? collectedFor(config.spanCollector, input)),
      spansTrusted: config.spans === undefined,
      forced,
      ...(forcedBecause ? { forcedBecause } : {}),
      ...(additionalContext ? { additionalContext } : {}),
      ...(timeline ? { voiceTimeline: timeline } : {}),
      ...(listens && audio.length > 0 ? { audio } : {}),
      tokenThreshold: config.tokenThreshold,
      maxDiscoverySteps: config.maxDiscoverySteps ?? 10,
      attempts: 1 + (config.invalidOutputRetries ?? 2),
      ...(input.signal ? { signal: input.signal } : {}),
      memo,
    };
  }
}

/**
 * A judge backed by a model.
 *
 * @example
 * ```ts
 * judgeAgent({ model: "openai:gpt-4.1-mini", criteria: ["The agent asks for the order number", toolCalled("lookup_order")] })
 * ```
 */
export function judgeAgent(config?: JudgeAgentConfig): JudgeAgent {
  return new JudgeAgent(config);
}

/** The collected spans of the agent under test in this conversation, read when the judge builds its prompt. */
function collectedFor(collector: JudgeSpanCollector | undefined, input: AgentInput): (() => Promise<JudgeSpan[]>) | undefined {
  const spansOf = collectedSpans(collector);
  return spansOf ? () => spansOf(input) : undefined;
}
