import type { ScenarioRunSummary } from "./declarative.js";
import type { Expectation } from "./expectation.js";
import type { ModelMessage } from "./messages.js";
import type { UsageSummary } from "./models.js";
import type { ScenarioStatus } from "./outcome.js";
import type { ObservedToolCall } from "./tools.js";
import type { InteractionMetricsLike, LatencyMetricsLike, VoiceEventLike, VoiceRecordingLike } from "./voice-output.js";

/**
 * What a judge returns when it reaches a verdict. Returning `null` instead
 * means "no verdict yet, keep going".
 */
export interface JudgeResult {
  success: boolean;
  reasoning: string;
  metCriteria: string[];
  unmetCriteria: string[];
  /**
   * Rehearse addition: `"skipped"` when the judge could not decide because
   * something is not configured (for example no judge model); `reasoning`
   * then names the setting to add. Omitted means `success ? "pass" : "fail"`.
   */
  status?: "pass" | "fail" | "skipped";
  /**
   * Rehearse addition: which model judge decided (`judgeVersion`: a short hash of its prompt template
   * and model, see `judgeVersion()`) and its model, so agreement with people can be reported per
   * judge version. Absent when no model graded (checks only, skipped) or for judges of your own.
   */
  judgeVersion?: string;
  judgeModel?: string;
}

/** One problem noticed during a run that did not change its outcome (e.g. a slow reporter). */
export interface Diagnostic {
  readonly kind: "reporter" | "listener" | "warning";
  readonly message: string;
  readonly source?: string;
}

/**
 * The outcome of one scenario run. Fields up to `error` are the reference's;
 * the rest are Rehearse additions.
 */
export interface ScenarioResult {
  /** Same as `scenarioRunId` (the reference's name). */
  runId: string;
  /** `status === "pass"`. */
  success: boolean;
  /** The conversation (never a judge prompt). */
  messages: ModelMessage[];
  reasoning?: string;
  metCriteria: string[];
  unmetCriteria: string[];
  /** Wall time of the whole run, in seconds. */
  totalTime?: number;
  /** Time spent inside agent-under-test calls, in seconds. */
  agentTime?: number;
  /** Message of the error when `status` is `"error"`. */
  error?: string;
  /** Rehearse: what kind of error, when `status` is `"error"` (`aborted`, `agent_failed`, `step_failed`, …). */
  errorCode?: string;
  /** `pass | fail | error | skipped` (see `outcomes`). */
  status: ScenarioStatus;
  /** The seed of the run's RNG; running again with it repeats every random choice. */
  seed: number;
  scenarioRunId: string;
  batchRunId: string;
  /** The scenario set (`setId`), `"default"` when none was given. */
  setId: string;
  /** The scenario id: `id` from the config, else the name. */
  scenarioId: string;
  threadId: string;
  metadata: Record<string, unknown>;
  /** Problems that did not change the outcome: slow or failing reporters, listener errors. */
  diagnostics: Diagnostic[];
  /**
   * Tokens and cost of the run's model calls (user simulator, judge, and any
   * model an agent resolves through `input.models.resolve`), per role and per
   * model. Present when the run went through the runner and a model was resolved.
   */
  usage?: UsageSummary;
  /** Reports agents gave about the run (`Agent.resultReport`), by agent name: e.g. the red-team report. */
  reports?: Record<string, unknown>;
  /** How the status compares with `expect` (present when the scenario or the run declared one). */
  expectation?: Expectation;
  /** The seed's run results (events by type and actor, outcome checks, deviations, injections), for runs with declarative parts. */
  scenarioRun?: ScenarioRunSummary;
  /**
   * Tool calls agents made through `AgentInput.tools`, with their results
   * (as `state.toolCalls`); present when there was one. They are not in
   * `messages` unless the agent also returned them there; `atMessage` says
   * where in the conversation each happened.
   */
  toolCalls?: ObservedToolCall[];
  /** Voice runs (`@rehearse/voice`): the recording, segments by speaker; saved only when asked. */
  audio?: VoiceRecordingLike;
  /** Voice runs: the timeline of speech, interrupts, DTMF and tool events. */
  timeline?: VoiceEventLike[];
  /** Voice runs: the agent's measured response times. */
  latency?: LatencyMetricsLike;
  /** Voice runs: interaction metrics (yield rate, selectivity, talk-over, silence gaps, latency percentiles). */
  interaction?: InteractionMetricsLike;
}

/** True for a judge verdict: an object carrying a boolean `success` (the reference's test). */
export function isJudgeResult(value: unknown): value is JudgeResult {
  return typeof value === "object" && value !== null && "success" in value;
}
