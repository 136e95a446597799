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
import { AgentRole } from "../domain/roles.js";
import type { ScenarioExecutionLike, ScenarioExecutionStateLike, ScriptStep } from "../domain/scenario.js";
import { evaluateAssertion } from "../environment/assertion.js";
import type { EnvironmentSession } from "../environment/environment-session.js";
import { harnessToolCall } from "../environment/harness-tool-call.js";
import { sessionOf } from "../environment/session-registry.js";
import { matchesSubset } from "../environment/subset-match.js";
import { applyStepVariables } from "../environment/variables.js";

/** A script step compiled from a seed step object; `seedStep` keeps the object for ordering and inspection. */
export type SeedScriptStep = ScriptStep & { readonly seedStep: SeedStep };

/** True for a step made by `seedStep` (the runner gives such scripts an environment session). */
export function isSeedStep(step: unknown): step is SeedScriptStep {
  return typeof step === "function" && "seedStep" in step;
}

/**
 * Compiles a seed step object (the scenario-file vocabulary) into a script
 * step. Before acting, the clock moves forward to the step's `timestamp`;
 * after, its `set`/`increment` variables apply. Expectations that are not met
 * (`agent_action`, `tool_call` with `expected_result`, `assertion`) are
 * recorded as deviations and fail the run at its end — the script goes on so
 * one run shows every deviation.
 *
 * @example
 * script: [seedStep({ type: "user_message", message: "Refund order A1" }), seedStep({ type: "agent_action", action: "refund" })]
 */
export function seedStep(step: SeedStep): SeedScriptStep {
  const run = async (state: ScenarioExecutionStateLike, executor: ScenarioExecutionLike) => {
    const session = sessionOf(state);
    if (!session) {
      throw new RehearseError(
        "step_failed",
        `a ${step.type} step runs only in a run with an environment session (through run()/runMany())`,
      );
    }
    if (step.timestamp !== undefined) await session.clock.advanceTo(step.timestamp);
    await act(step, session, state, executor);
    applyStepVariables(session.variables, step, { source: `${step.type} step` });
  };
  return Object.assign(run, { seedStep: step });
}

async function act(
  step: SeedStep,
  session: EnvironmentSession,
  state: ScenarioExecutionStateLike,
  executor: ScenarioExecutionLike,
) {
  switch (step.type) {
    case "user_message":
      await executor.user(step.message);
      if (step.respond !== false && state.config.agents.some((agent) => agent.role === AgentRole.AGENT)) await executor.agent();
      return;
    case "agent_action":
      return expectAction(step, session);
    case "tool_call":
      return callTool(step, session);
    case "system_event":
      return systemEvent(step, session);
    case "wait":
      return session.clock.advance(step.duration);
    case "assertion":
      return assert(step, session);
    default:
      return step satisfies never;
  }
}

function expectAction(step: AgentActionStep, session: EnvironmentSession): void {
  session.record.stepChecks++;
  const claimed = session.claimAction(
    (action) => action.toolName === step.action && (step.params === undefined || matchesSubset(step.params, action.input)),
  );
  if (claimed) return;
  const since = session.unclaimedActions();
  const wanted = step.params ? `${step.action} with ${JSON.stringify(step.params)}` : step.action;
  session.deviation(
    "missing_action",
    { action: step.action, ...(step.params ? { params: step.params } : {}) },
    since,
    `expected the agent to request ${wanted}; it requested ${since.length > 0 ? since.join(", ") : "nothing"} since the previous agent_action`,
  );
}

async function callTool(step: ToolCallStep, session: EnvironmentSession): Promise<void> {
  const output = await harnessToolCall(session, step.tool, step.params ?? {});
  if (step.save_as) session.variables.set(step.save_as, output);
  if (step.expected_result === undefined) return;
  session.record.stepChecks++;
  if (!matchesSubset(step.expected_result, output)) {
    session.deviation(
      "tool_result_mismatch",
      step.expected_result,
      output,
      `tool_call ${step.tool}: expected a result containing ${JSON.stringify(step.expected_result)}, got ${JSON.stringify(output)}`,
    );
  }
}

function systemEvent(step: SystemEventStep, session: EnvironmentSession): void {
  const data = step.data ? { ...step.data } : undefined;
  const text = `[system event] ${step.event}${data ? ` ${JSON.stringify(data)}` : ""}`;
  const payload = (messageId: string) => ({
    type: "system_event" as const,
    actor: "system" as const,
    messageId,
    role: messageId ? "system" : "event",
    text,
    event: step.event,
    ...(data ? { data } : {}),
  });
  if (step.notify === false) session.run.emit(payload(""));
  else session.run.addMessage({ role: "system", content: text }, payload);
}

function assert(step: AssertionStep, session: EnvironmentSession): void {
  session.record.stepChecks++;
  const result = evaluateAssertion(
    { path: step.path, operator: step.operator, value: step.value, ...(step.message ? { message: step.message } : {}) },
    session.assertionSources(),
    { source: "assertion step", field: `script[${session.record.stepIndex}]` },
  );
  session.run.emit({
    type: "assertion",
    actor: "system",
    passed: result.passed,
    description: result.description,
    stepIndex: session.record.stepIndex,
  });
  if (!result.passed) session.deviation("assertion_failed", result.expected, result.actual, `assertion ${result.description}`);
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
