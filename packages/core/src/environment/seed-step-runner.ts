import type {
  AgentActionStep,
  AssertionStep,
  DeviationKind,
  SeedStep,
  SystemEventStep,
  ToolCallStep,
} from "../domain/declarative.js";
import { AgentRole } from "../domain/roles.js";
import type { ScenarioExecutionLike, ScenarioExecutionStateLike } from "../domain/scenario.js";
import type { RunHost } from "../engine/run-hooks.js";
import { evaluateAssertion } from "./assertion.js";
import { type HarnessSession, harnessToolCall } from "./harness-tool-call.js";
import type { RunRecord } from "./run-record.js";
import type { ScenarioClock } from "./scenario-clock.js";
import { matchesSubset } from "./subset-match.js";
import { applyStepVariables, type Variables } from "./variables.js";

/** What seed steps use of the run's environment session. */
export interface SeedStepSession extends HarnessSession {
  readonly record: RunRecord;
  readonly variables: Variables;
  readonly clock: ScenarioClock;
  /** The run: events and scripted messages. */
  readonly run: RunHost;
  /** Records a deviation at the current step and time. */
  deviation(kind: DeviationKind, expected: unknown, actual: unknown, message: string): void;
  /** Claims the first of the agent's unclaimed tool requests that `matches`. */
  claimAction(
    matches: (action: { toolName: string; input: unknown }) => boolean,
  ): { toolName: string; input: unknown } | undefined;
  /** The tool names of the requests not yet claimed. */
  unclaimedActions(): string[];
  /** What `assertion` steps read. */
  assertionSources(): { variables: unknown; state: unknown; events: unknown; last_response: unknown };
}

/**
 * Runs one seed step (the scenario-file vocabulary) in `session`'s run.
 * Before acting, the clock moves forward to the step's `timestamp`; after,
 * its `set`/`increment` variables apply. Expectations that are not met
 * (`agent_action`, `tool_call` with `expected_result`, `assertion`) are
 * recorded as deviations and fail the run at its end — the script goes on so
 * one run shows every deviation.
 */
export async function runSeedStep(
  step: SeedStep,
  session: SeedStepSession,
  state: ScenarioExecutionStateLike,
  executor: ScenarioExecutionLike,
): Promise<void> {
  if (step.timestamp !== undefined) await session.clock.advanceTo(step.timestamp);
  await act(step, session, state, executor);
  applyStepVariables(session.variables, step, { source: `${step.type} step` });
}

async function act(step: SeedStep, session: SeedStepSession, state: ScenarioExecutionStateLike, executor: ScenarioExecutionLike) {
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

function expectAction(step: AgentActionStep, session: SeedStepSession): void {
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

async function callTool(step: ToolCallStep, session: SeedStepSession): Promise<void> {
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

function systemEvent(step: SystemEventStep, session: SeedStepSession): void {
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

function assert(step: AssertionStep, session: SeedStepSession): void {
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
