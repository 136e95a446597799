/**
 * The declarative vocabulary (issue #5): environment, steps, injections,
 * expected outcomes and the run summary. Field names inside these objects
 * follow the scenario-file (snake_case) vocabulary of the seed, so a YAML
 * file and a TypeScript object are the same value; `ScenarioConfig` keys
 * that hold them are camelCase like the rest of the config.
 */
import type { AssertionOperator } from "./assertion-operators.js";
import type { AttackType, Severity } from "./attack-types.js";
import type { FileUploadSpec } from "./file-upload-spec.js";
import type { RunModels } from "./models.js";
import type { ObservedToolCall } from "./tools.js";
import type { TriggerSpec } from "./trigger-spec.js";

/** What a scenario tests (suites filter on it). */
export const scenarioTypes = ["business", "adversarial", "stress", "edge_case", "compliance", "security"] as const;
export type ScenarioType = (typeof scenarioTypes)[number];

/** How hard a scenario is. */
export const difficulties = ["easy", "medium", "hard", "extreme"] as const;
export type Difficulty = (typeof difficulties)[number];

// ─── environment ───────────────────────────────────────────────────────────

/** What a tool handler gets besides its input. */
export interface EnvironmentToolContext {
  /** The run's environment state: mutate it in place; every run starts from a deep copy of the initial state. */
  readonly state: Record<string, unknown>;
  /** The run's variables (read by `assertion` steps as `variables.<path>`). */
  readonly variables: {
    get(path: string): unknown;
    set(name: string, value: unknown): void;
    increment(name: string, by?: number): number;
  };
  /** The run's seeded random number in [0, 1) (the environment's own stream). */
  random(): number;
  /** Virtual seconds since the run started. */
  readonly now: number;
  readonly toolCallId: string;
  /** Name of the tool being called. */
  readonly toolName: string;
  /**
   * The run around the call, once the environment is attached to one: what a
   * handler that asks a model needs (simulated tools). Absent for a tool
   * called outside a run.
   */
  readonly run?: EnvironmentToolRun;
}

/**
 * What a tool handler may use of the run it is called in. Calls go through
 * the run's `models` so cassettes, usage and retries apply to them.
 */
export interface EnvironmentToolRun {
  /** The run's model access (`AgentInput.models`), when the run has one. */
  readonly models?: RunModels;
  /** Calls made through the run's tools so far, oldest first; the current call is last, without output. */
  readonly toolCalls: readonly ObservedToolCall[];
  /** Emits a domain event into the run (a `DomainEventPayload`; typed loosely here to keep domain/ free of cycles). */
  emit(payload: { readonly type: string; readonly actor: string; readonly [key: string]: unknown }): void;
  /**
   * Ends the run with `error` once the agent's current call returns (`skipped`
   * for a `ModelNotConfiguredError`). A thrown tool error alone reaches only the
   * agent, which may carry on as if the tool had answered.
   */
  halt(error: Error): void;
  /** Aborts when the run is stopped. */
  readonly abortSignal?: AbortSignal;
}

/** A handler over the environment state; its return value (or a promise of it) is the tool's result. */
export type EnvironmentToolHandler = (input: Record<string, unknown>, context: EnvironmentToolContext) => unknown;

/**
 * A declarative tool answer. Strings in `result` and `set` values may hold
 * `{{input.<path>}}`, `{{state.<path>}}` and `{{variables.<path>}}`
 * placeholders; a string that is exactly one placeholder keeps the value's
 * type. `set` writes dotted state paths; `increment` adds to numeric ones;
 * `append` pushes onto arrays (created when missing).
 */
export interface DeclarativeToolResponse {
  readonly result?: unknown;
  readonly set?: Readonly<Record<string, unknown>>;
  readonly increment?: Readonly<Record<string, number>>;
  readonly append?: Readonly<Record<string, unknown>>;
  /** Variables to set/increment when the tool runs. */
  readonly variables?: {
    readonly set?: Readonly<Record<string, unknown>>;
    readonly increment?: Readonly<Record<string, number>>;
  };
}

/** A tool of the environment: a JSON Schema for its input and a handler or a declarative response. */
export interface EnvironmentTool {
  readonly description?: string;
  /** JSON Schema (an object schema) of the input; validated before the handler runs. Default: any object. */
  readonly parameters?: Readonly<Record<string, unknown>>;
  /** Exactly one of `handler` and `response`. */
  readonly handler?: EnvironmentToolHandler;
  readonly response?: DeclarativeToolResponse;
  /** Virtual seconds a call takes. Default: the environment's `latency.tool`. */
  readonly latency?: number;
}

/** Default virtual seconds per call of the agent under test (`environment.latency.agent`). */
export const DEFAULT_AGENT_LATENCY = 1;
/** Default virtual seconds per tool call (`environment.latency.tool`). */
export const DEFAULT_TOOL_LATENCY = 0.1;

/**
 * Virtual seconds one call of `operation` takes in `environment`: `"agent"`
 * (the agent under test's reply: `latency.agent`) or a tool's name (its
 * `latency`, else `latency.tool`), the defaults where unset.
 */
export function operationLatency(environment: EnvironmentSpec | undefined, operation: string): number {
  if (operation === "agent") return environment?.latency?.agent ?? DEFAULT_AGENT_LATENCY;
  return environment?.tools?.[operation]?.latency ?? environment?.latency?.tool ?? DEFAULT_TOOL_LATENCY;
}

/** The agent's world: initial state, tools over it, latencies and the clock. */
export interface EnvironmentSpec {
  /** JSON document; deep-copied for every run. */
  readonly state?: Readonly<Record<string, unknown>>;
  readonly tools?: Readonly<Record<string, EnvironmentTool>>;
  /** Virtual seconds per call: `agent` (the agent under test, default 1), `tool` (default 0.1). */
  readonly latency?: { readonly agent?: number; readonly tool?: number };
  /** `virtual` (default) or `real` time. */
  readonly clock?: "virtual" | "real";
  /** Rounds of harness-executed tool calls per agent turn before the run errors. Default 10. */
  readonly max_tool_rounds?: number;
}

// ─── steps ─────────────────────────────────────────────────────────────────

/** Fields every seed step may carry. */
export interface SeedStepBase {
  /** Seconds from the start: the clock moves forward to it before the step (never back). */
  readonly timestamp?: number;
  /** Variables to set after the step. */
  readonly set?: Readonly<Record<string, unknown>>;
  /** Variables to increment after the step (by the given amount). */
  readonly increment?: Readonly<Record<string, number>>;
}

/** The user says `message`; the agent under test then answers unless `respond: false`. */
export interface UserMessageStep extends SeedStepBase {
  readonly type: "user_message";
  readonly message: string;
  readonly respond?: boolean;
}

/** Expects the agent to have requested `action` (params: a subset match) since the previous `agent_action` step. */
export interface AgentActionStep extends SeedStepBase {
  readonly type: "agent_action";
  readonly action: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

/** The harness calls environment tool `tool` and compares the result with `expected_result` (a subset match). */
export interface ToolCallStep extends SeedStepBase {
  readonly type: "tool_call";
  readonly tool: string;
  readonly params?: Readonly<Record<string, unknown>>;
  readonly expected_result?: unknown;
  /** Store the result in this variable. */
  readonly save_as?: string;
}

/** An external event: emitted as a `system_event` and, unless `notify: false`, told to the agent as a system message. */
export interface SystemEventStep extends SeedStepBase {
  readonly type: "system_event";
  readonly event: string;
  readonly data?: Readonly<Record<string, unknown>>;
  readonly notify?: boolean;
}

/** Advances the clock by `duration` seconds. */
export interface WaitStep extends SeedStepBase {
  readonly type: "wait";
  readonly duration: number;
}

/** Checks the run context; a failure is a deviation and fails the run. */
export interface AssertionStep extends SeedStepBase {
  readonly type: "assertion";
  readonly path: string;
  readonly operator: AssertionOperator;
  readonly value?: unknown;
  readonly message?: string;
}

/** The seed's step objects. */
export type SeedStep = UserMessageStep | AgentActionStep | ToolCallStep | SystemEventStep | WaitStep | AssertionStep;

// ─── injections ────────────────────────────────────────────────────────────

/** Fields every injection may carry. */
export interface InjectionBase {
  /** Shown in the injection log; default `<type>#<index>`. */
  readonly name?: string;
  /** When it fires; each type documents its default. */
  readonly trigger?: TriggerSpec;
}

export interface UserMessageInjection extends InjectionBase {
  readonly type: "user_message";
  readonly message: string;
}

export interface AdversarialInjection extends InjectionBase {
  readonly type: "adversarial";
  readonly attack_type: AttackType;
  /** Library payloads of this severity (default: any). */
  readonly severity?: Severity;
  /** Inline text instead of a library payload. */
  readonly payload?: string;
}

export const toolErrorTypes = [
  "timeout",
  "not_found",
  "permission_denied",
  "rate_limit",
  "invalid_input",
  "internal_error",
] as const;
export type ToolErrorType = (typeof toolErrorTypes)[number];

/** What a `tool_error` or `system_condition` fails: environment tools (default), or the agent's own model calls. */
export const faultTargets = ["tool", "model"] as const;
export type FaultTarget = (typeof faultTargets)[number];

/** A `tool_error`'s error types with `target: model`: the tool ones, and output that comes back cut in half. */
export const modelErrorTypes = [...toolErrorTypes, "malformed_output"] as const;
export type ModelErrorType = (typeof modelErrorTypes)[number];

export interface ToolErrorInjection extends InjectionBase {
  readonly type: "tool_error";
  /**
   * What fails: environment tools (default), or, with `"model"`, the models the
   * agent under test obtains through `input.models.resolve` or `recordable()`.
   */
  readonly target?: FaultTarget;
  /** Tool name, or `"*"` for every tool; with `target: "model"`, a model key (`provider:modelId`) or `"*"`. */
  readonly target_action: string;
  /** `malformed_output` only with `target: "model"`. */
  readonly error_type: ToolErrorType | "malformed_output";
  /** Chance per matching call (default 1); shorthand for a `random` trigger. */
  readonly probability?: number;
  readonly error_message?: string;
  /** Told to the agent in the error payload. Default true. */
  readonly recoverable?: boolean;
  /** Virtual seconds a `timeout` takes before failing. Default 30. */
  readonly timeout_seconds?: number;
}

export const conditionTypes = ["timeout", "network_error", "rate_limit", "high_latency"] as const;
export type ConditionType = (typeof conditionTypes)[number];

export interface SystemConditionInjection extends Omit<InjectionBase, "trigger"> {
  readonly type: "system_condition";
  /** Not taken: a condition is a window in time, set by `target_timestamp` and `duration`. */
  readonly trigger?: never;
  readonly condition_type: ConditionType;
  /** What it affects: environment tools (default), or the agent's own model calls (`"model"`). */
  readonly target?: FaultTarget;
  /** Seconds from start when the condition begins (default 0). */
  readonly target_timestamp?: number;
  /** Seconds it lasts; until the end of the run when absent. */
  readonly duration?: number;
  /** Extra virtual seconds per call under `high_latency` (default 5). */
  readonly latency_seconds?: number;
  /**
   * Tools affected, and `"agent"` for load calls of the agent under test
   * (`concurrency` with `operation: agent`); default all of them. With
   * `target: "model"`, model keys (`provider:modelId`).
   */
  readonly target_actions?: readonly string[];
}

export interface ConcurrencyInjection extends InjectionBase {
  readonly type: "concurrency";
  readonly num_concurrent: number;
  /** An environment tool name, or `"agent"` for the agent under test. */
  readonly operation: string;
  readonly duration_seconds: number;
  /** Input of each operation (tool input; for `agent`, `{ message }`). */
  readonly params?: Readonly<Record<string, unknown>>;
  /**
   * Most operations the burst may plan; a schedule that needs more is rejected
   * before the first call. Default 100 for `agent` (each call may cost a model
   * call), 200 000 for a tool.
   */
  readonly max_operations?: number;
}

export interface FileUploadInjection extends InjectionBase, FileUploadSpec {
  readonly type: "file_upload";
  /** Text sent with the file. Default: a request to process it. */
  readonly message?: string;
}

/** The six injection types. */
export type Injection =
  | UserMessageInjection
  | AdversarialInjection
  | ToolErrorInjection
  | SystemConditionInjection
  | ConcurrencyInjection
  | FileUploadInjection;

export type InjectionType = Injection["type"];

/** A named, reusable injection (the seed's `InjectionTemplate`); a scenario uses it with `{ template: name, ...overrides }`. */
export interface InjectionTemplate {
  readonly name: string;
  readonly description?: string;
  readonly tags?: readonly string[];
  readonly injection: Injection;
}

/** One evaluation of an injection: fired or not, and why. */
export interface InjectionLogEntry {
  readonly injection: string;
  readonly type: InjectionType;
  /** `timestamp`, `event_count`, `random`, or `call` for per-call types without a trigger. */
  readonly trigger: string;
  readonly fired: boolean;
  readonly reason: string;
  /** Virtual seconds since the start. */
  readonly at_seconds: number;
  readonly event_count: number;
  readonly turn: number;
  /** What firing did (message text, error payload, load statistics, file description, …). */
  readonly outcome?: Readonly<Record<string, unknown>>;
}

// ─── outcomes ──────────────────────────────────────────────────────────────

/** A check of the final environment state: the whole state equals `equals`, or an assertion over `state.<path>`. */
export type StateAssertion =
  | { readonly equals: Readonly<Record<string, unknown>> }
  | { readonly path: string; readonly operator: AssertionOperator; readonly value?: unknown; readonly message?: string };

/** What the run must show (seed §1.6, plus tau-bench-style end-state checks). */
export interface ExpectedOutcomes {
  readonly min_events?: number;
  readonly required_events?: readonly string[];
  readonly forbidden_events?: readonly string[];
  readonly state?: readonly StateAssertion[];
}

/** One outcome check (U-OR-13). */
export interface OutcomeCheck {
  readonly name: "min_events" | "required_event" | "forbidden_event" | "state";
  readonly target: string;
  readonly expected: unknown;
  readonly actual: unknown;
  readonly passed: boolean;
  readonly message: string;
}

export const deviationKinds = [
  "assertion_failed",
  "tool_result_mismatch",
  "missing_action",
  "forbidden_event",
  "outcome_unmet",
  "unhandled_error",
] as const;
export type DeviationKind = (typeof deviationKinds)[number];

/** Something that went differently than the scenario expected (U-OR-11). */
export interface Deviation {
  /** Index of the script step, when a step noticed it. */
  readonly step_index?: number;
  readonly kind: DeviationKind;
  readonly expected: unknown;
  readonly actual: unknown;
  readonly message: string;
  /** Virtual seconds since the start. */
  readonly at_seconds: number;
}

/** The seed's `ScenarioRun.results`, carried as `result.scenarioRun` by runs with declarative parts. */
export interface ScenarioRunSummary {
  readonly scenario_name: string;
  readonly scenario_type?: ScenarioType;
  readonly seed: number;
  /** Virtual (or real, with `clock: real`) seconds. */
  readonly execution_time_seconds: number;
  readonly total_steps: number;
  readonly total_events: number;
  readonly injections_count: number;
  readonly deviations_count: number;
  readonly events_by_type: Readonly<Record<string, number>>;
  readonly events_by_actor: Readonly<Record<string, number>>;
  readonly outcome_checks: { readonly all_passed: boolean; readonly checks: readonly OutcomeCheck[] };
  readonly deviations: readonly Deviation[];
  /** Fired injections. */
  readonly injections_performed: readonly InjectionLogEntry[];
  /** Every evaluation, fired or not. */
  readonly injection_log: readonly InjectionLogEntry[];
  readonly variables: Readonly<Record<string, unknown>>;
  /** The environment state at the end. */
  readonly final_state: Readonly<Record<string, unknown>>;
  readonly passed: boolean;
}
