/** Closed set of error codes; each names one kind of failure a caller can branch on. */
export type RehearseErrorCode =
  | "invalid_config"
  | "invalid_scenario"
  | "missing_agent"
  | "missing_role"
  | "agent_failed"
  | "invalid_agent_return"
  | "step_failed"
  | "aborted"
  /** No model for a step that needs one: the run ends `skipped`, naming the setting to add. */
  | "model_not_configured"
  /** A model call failed (after retries): network, HTTP status, provider error. */
  | "model_failed"
  /** A model answered with something unusable (a judge without a verdict tool call, bad JSON). */
  | "invalid_model_output"
  /** Replay mode found no recording for a model call; the message names the key. */
  | "replay_miss"
  /** The batch's token or cost budget was spent. */
  | "budget_exceeded"
  /** A call of the agent under test took longer than `timeouts.agentCallMs`. */
  | "agent_timeout"
  /** The whole scenario took longer than `timeouts.scenarioMs`. */
  | "scenario_timeout"
  /** With every time limit off, the run could never finish: the process had nothing left to wait for. */
  | "run_stalled";

import type { ScenarioResult } from "./result.js";
import { describeLimit } from "./timeouts.js";

const marker = Symbol.for("rehearse.error");

/**
 * Base class of every error Rehearse throws. `code` says what kind of failure
 * it is; `cause` keeps the original error. Use `RehearseError.isInstance(e)`
 * rather than `instanceof` so errors from another copy of the package match.
 */
export class RehearseError extends Error {
  readonly [marker] = true;
  readonly code: RehearseErrorCode;
  /** When `run()` rejects: the full result of the run (status `error`), events already delivered. */
  result?: ScenarioResult;

  constructor(code: RehearseErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "RehearseError";
    this.code = code;
  }

  static isInstance(error: unknown): error is RehearseError {
    return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }
}

/** Configuration (file, env, `configure()`, run options) failed validation. */
export class ConfigError extends RehearseError {
  /** Where the bad value came from: a file path, `configure()`, an env var name or `run()`. */
  readonly source: string;
  /** Dotted path of the bad field, when known. */
  readonly path: string | undefined;
  /** 1-based line in `source`, when known. */
  readonly line: number | undefined;

  constructor(message: string, details: { source: string; path?: string; line?: number; cause?: unknown }) {
    super("invalid_config", message, { cause: details.cause });
    this.name = "ConfigError";
    this.source = details.source;
    this.path = details.path;
    this.line = details.line;
  }
}

/** The run was stopped through its `AbortSignal`. */
export class AbortedError extends RehearseError {
  constructor(reason: unknown) {
    super(
      "aborted",
      `Scenario aborted${reason instanceof Error ? `: ${reason.message}` : typeof reason === "string" ? `: ${reason}` : ""}`,
      {
        cause: reason,
      },
    );
    this.name = "AbortedError";
  }
}

/** Message of any thrown value, for reasoning strings. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/**
 * A step needs a model and none is configured. The engine ends the run as
 * `skipped` (not `error`): the message names the setting to add.
 */
export class ModelNotConfiguredError extends RehearseError {
  constructor(message: string) {
    super("model_not_configured", message);
    this.name = "ModelNotConfiguredError";
  }
}

/**
 * A model answered with something its caller cannot use: it ignored a forced
 * tool choice, called no tool when one was required, or sent unreadable tool
 * input. Callers that can ask again (the judge) treat it as a problem to name
 * in the next prompt; otherwise the run ends `error` with `invalid_model_output`.
 */
export class InvalidModelOutputError extends RehearseError {
  /** The tool the model was required to call, when that was the problem. */
  readonly requiredTool: string | undefined;

  constructor(message: string, details: { requiredTool?: string; cause?: unknown } = {}) {
    super("invalid_model_output", message, { cause: details.cause });
    this.name = "InvalidModelOutputError";
    this.requiredTool = details.requiredTool;
  }
}

/**
 * A call of the agent under test did not settle within `timeouts.agentCallMs`.
 * The run ends `error`; `input.signal` aborts so the agent can stop its work.
 */
export class AgentTimeoutError extends RehearseError {
  /** The agent's name (`agentName`). */
  readonly agent: string;
  readonly limitMs: number;

  constructor(agent: string, limitMs: number) {
    super(
      "agent_timeout",
      `[${agent}] did not answer within ${describeLimit(limitMs)} (timeouts.agentCallMs; a scenario file's timeout_seconds, --timeout)`,
    );
    this.name = "AgentTimeoutError";
    this.agent = agent;
    this.limitMs = limitMs;
  }
}

/** The scenario ran longer than `timeouts.scenarioMs`; `name` is the scenario's. */
export class ScenarioTimeoutError extends RehearseError {
  readonly scenario: string;
  readonly limitMs: number;

  constructor(scenario: string, limitMs: number) {
    super(
      "scenario_timeout",
      `Scenario "${scenario}" did not finish within ${describeLimit(limitMs)} (timeouts.scenarioMs; timeout_seconds.scenario in a scenario file)`,
    );
    this.name = "ScenarioTimeoutError";
    this.scenario = scenario;
    this.limitMs = limitMs;
  }
}

/**
 * A run with every time limit off could never finish: a promise (an agent, a
 * tool, a step) never settled and the process had nothing else left to wait
 * for, so Node was about to exit. The runner ends such a run `error` with
 * this error instead of letting the process exit silently; its message names
 * the scenario and the limits to turn back on.
 */
export class RunStalledError extends RehearseError {
  /** The scenarios that were still running. */
  readonly scenarios: readonly string[];

  constructor(scenarios: readonly string[]) {
    const which =
      scenarios.length === 1
        ? `Scenario ${JSON.stringify(scenarios[0])} could`
        : `Scenarios ${scenarios.map((name) => JSON.stringify(name)).join(", ")} could`;
    super(
      "run_stalled",
      `${which} never finish: a promise never settled and the process had nothing else left to wait for. Its time limits are off: turn timeouts.scenarioMs (timeout_seconds.scenario in a scenario file) or timeouts.agentCallMs (--timeout, timeout_seconds) back on (above 0) so such a run ends at its limit`,
    );
    this.name = "RunStalledError";
    this.scenarios = scenarios;
  }
}
