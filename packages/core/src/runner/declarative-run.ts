import type { Clock, ScenarioConfig } from "../domain/scenario.js";
import type { AgentCallLimit } from "../injections/load-agent-call.js";
import { isSeedStep, orderByTimestamp } from "../script/seed-steps.js";
import type { DeclarativeSession } from "./declarative-session.js";

/** A scenario ready to run with its declarative session. */
export interface DeclarativeRun {
  /** The scenario with the environment's tools added and the script in timestamp order. */
  readonly scenario: ScenarioConfig;
  /** The environment, injections, detectors and outcomes of the run, as its hooks. */
  readonly session: DeclarativeSession;
}

/** True when the scenario has declarative parts (environment, injections, detectors, outcomes, variables, seed steps). */
export function isDeclarative(scenario: ScenarioConfig | undefined): boolean {
  if (!scenario) return false;
  return (
    scenario.environment !== undefined ||
    (scenario.injections?.length ?? 0) > 0 ||
    (scenario.detectors?.length ?? 0) > 0 ||
    scenario.expectedOutcomes !== undefined ||
    scenario.variables !== undefined ||
    // not a list: validation rejects it, naming the field
    (Array.isArray(scenario.script) && scenario.script.some(isSeedStep))
  );
}

/**
 * Prepares a run with declarative parts: validates them (same schemas as
 * scenario files; a `ConfigError` names the field), builds the session on a
 * virtual clock (or real, with `environment.clock: "real"`) starting at
 * `base.now()`, composes it with the injections, detectors and outcomes
 * (`DeclarativeSession`), adds the environment's tools (with the injections'
 * tool faults) to the scenario's and orders the script by timestamp.
 * Undefined for a plain scenario, which runs as before. The environment
 * modules (and zod, the AI SDK's `jsonSchema`) load only here.
 */
export async function prepareDeclarative(
  scenario: ScenarioConfig,
  options: {
    clock: Clock;
    signal?: AbortSignal;
    /** Monotonic milliseconds that load bursts are timed with (default `clock.now`). */
    monotonicNow?: () => number;
    /** Notices for the user (the run's logger). */
    notice?: (message: string) => void;
    /** The run's agent-call limit, which bounds each load call of the agent under test too. */
    agentCallLimit?: AgentCallLimit;
  },
): Promise<DeclarativeRun | undefined> {
  if (!isDeclarative(scenario)) return undefined;
  const [{ checkDeclarativeConfig }, { EnvironmentSession }, { DeclarativeSession }, clocks] = await Promise.all([
    import("../scenario-file/check-declarative.js"),
    import("../environment/environment-session.js"),
    import("./declarative-session.js"),
    import("../environment/scenario-clock.js"),
  ]);
  await checkDeclarativeConfig(scenario, `scenario ${JSON.stringify(scenario.name)}`);
  const hasTools = Object.keys(scenario.environment?.tools ?? {}).length > 0;
  const jsonSchema = hasTools ? (await import("ai")).jsonSchema : (schema: Record<string, unknown>) => schema;
  const clock =
    scenario.environment?.clock === "real" ? clocks.realClock(options.clock) : clocks.virtualClock(options.clock.now());
  const environment = new EnvironmentSession(scenario, {
    clock,
    wallClock: options.clock,
    jsonSchema: jsonSchema as (schema: Record<string, unknown>) => unknown,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const session = new DeclarativeSession(scenario, environment, {
    monotonicNow: options.monotonicNow ?? (() => options.clock.now()),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.notice ? { notice: options.notice } : {}),
    ...(options.agentCallLimit ? { agentCallLimit: options.agentCallLimit } : {}),
  });
  const prepared: ScenarioConfig = {
    ...scenario,
    ...(hasTools ? { tools: { ...scenario.tools, ...session.tools } } : {}),
    ...(scenario.script ? { script: orderByTimestamp(scenario.script) } : {}),
  };
  return { scenario: prepared, session };
}
