import type {
  AgentActionStep,
  AssertionStep,
  SeedStep,
  SeedStepBase,
  SystemEventStep,
  ToolCallStep,
  UserMessageStep,
  WaitStep,
} from "../domain/declarative.js";
import { RehearseError } from "../domain/errors.js";
import type { ScenarioExecutionLike, ScenarioExecutionStateLike, ScriptStep } from "../domain/scenario.js";

/** A script step compiled from a seed step object; `seedStep` keeps the object for ordering and inspection. */
export type SeedScriptStep = ScriptStep & { readonly seedStep: SeedStep };

/** True for a step made by `seedStep` (the runner gives such scripts an environment session). */
export function isSeedStep(step: unknown): step is SeedScriptStep {
  return typeof step === "function" && "seedStep" in step;
}

/**
 * Compiles a seed step object (the scenario-file vocabulary) into a script
 * step, run by the run's environment session (`executor.runSeedStep`).
 * Before acting, the clock moves forward to the step's `timestamp`; after,
 * its `set`/`increment` variables apply. Expectations that are not met
 * (`agent_action`, `tool_call` with `expected_result`, `assertion`) are
 * recorded as deviations and fail the run at its end — the script goes on so
 * one run shows every deviation.
 *
 * @example
 * script: [seedStep({ type: "user_message", message: "Refund order A1" }), seedStep({ type: "agent_action", action: "refund" })]
 */
export function seedStep(step: SeedStep): SeedScriptStep {
  const run = (_state: ScenarioExecutionStateLike, executor: ScenarioExecutionLike): Promise<void> => {
    if (!executor.runSeedStep) {
      throw new RehearseError("step_failed", `a ${step.type} step runs only in a Rehearse run (its executor has no runSeedStep)`);
    }
    return executor.runSeedStep(step);
  };
  return Object.assign(run, { seedStep: step });
}

// ─── sugar: the same objects, written as calls ─────────────────────────────

type Extra<Step> = Omit<Step, "type" | keyof SeedStepBase> & SeedStepBase;

/** `user_message`: the user says `message`, then the agent answers (unless `respond: false`). */
export function userMessage(message: string, options: Omit<Extra<UserMessageStep>, "message"> = {}): SeedScriptStep {
  return seedStep({ type: "user_message", message, ...options });
}

/** `agent_action`: expects the agent to have requested `action` (params as a subset) since the previous one. */
export function agentAction(
  action: string,
  params?: Record<string, unknown>,
  options: Omit<Extra<AgentActionStep>, "action" | "params"> = {},
): SeedScriptStep {
  return seedStep({ type: "agent_action", action, ...(params ? { params } : {}), ...options });
}

/** `tool_call`: the harness calls tool `tool`; `expected_result` (a subset) is checked. */
export function toolCall(
  tool: string,
  params?: Record<string, unknown>,
  options: Omit<Extra<ToolCallStep>, "tool" | "params"> = {},
): SeedScriptStep {
  return seedStep({ type: "tool_call", tool, ...(params ? { params } : {}), ...options });
}

/** `system_event`: an external event, told to the agent as a system message unless `notify: false`. */
export function systemEventStep(
  event: string,
  data?: Record<string, unknown>,
  options: Omit<Extra<SystemEventStep>, "event" | "data"> = {},
): SeedScriptStep {
  return seedStep({ type: "system_event", event, ...(data ? { data } : {}), ...options });
}

/** `wait`: the clock moves `duration` seconds. */
export function wait(duration: number, options: Omit<Extra<WaitStep>, "duration"> = {}): SeedScriptStep {
  return seedStep({ type: "wait", duration, ...options });
}

/** `assertion`: checks a dotted path over `variables`, `state`, `events` or `last_response`. */
export function assertion(
  path: string,
  operator: AssertionStep["operator"],
  value?: unknown,
  options: Omit<Extra<AssertionStep>, "path" | "operator" | "value"> = {},
): SeedScriptStep {
  return seedStep({ type: "assertion", path, operator, ...(value === undefined ? {} : { value }), ...options });
}

/**
 * The script in timestamp order (U-OR-1). A step without a `timestamp` is
 * placed at the latest timestamp written before it (time never runs back, so
 * it comes after everything written above it); ties keep their written order.
 * Scripts without timestamps come back unchanged.
 */
export function orderByTimestamp(script: readonly ScriptStep[]): ScriptStep[] {
  let latest = 0;
  const keyed = script.map((step, index) => {
    const own = isSeedStep(step) ? step.seedStep.timestamp : undefined;
    if (own !== undefined) latest = Math.max(latest, own);
    return { step, index, at: own ?? latest };
  });
  return keyed.sort((left, right) => left.at - right.at || left.index - right.index).map((entry) => entry.step);
}
