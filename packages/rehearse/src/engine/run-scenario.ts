import type { Reporter, ScenarioEvent } from "../domain/event.js";
import type { ScenarioConfig, ScriptStep } from "../domain/scenario.js";
import { EventBus } from "../events/event-bus.js";
import { proceed } from "../script/steps.js";
import type { ExecutionSettings } from "./execution-settings.js";
import { type ExecutionOutcome, ScenarioExecution } from "./scenario-execution.js";
import { validateScenario } from "./validate-scenario.js";

/** `ExecutionSettings` without the bus, plus who receives the events. */
export interface ScenarioRunSettings extends Omit<ExecutionSettings, "bus" | "silentBus"> {
  listeners: ReadonlyArray<(event: ScenarioEvent) => void>;
  reporters: readonly Reporter[];
  deliveryTimeoutMs: number;
}

/** `[proceed()]`: its step holds no state, so every run can share it. */
const defaultScript: readonly ScriptStep[] = [proceed()];

/** A bus nobody listens to holds no state, so one instance serves every unobserved run. */
const silentBus = new EventBus();

/**
 * Validates and runs one scenario, then waits (bounded) for its reporters
 * and attaches their diagnostics to the result. Throws only for an invalid
 * scenario (before anything runs); every later failure is in the outcome.
 */
export async function runScenario(config: ScenarioConfig, settings: ScenarioRunSettings): Promise<ExecutionOutcome> {
  const script: readonly ScriptStep[] = config?.script ?? defaultScript;
  validateScenario(config, script, settings.maxTurns);
  const { listeners, reporters, deliveryTimeoutMs, ...rest } = settings;
  const bus =
    listeners.length > 0 || reporters.length > 0 ? new EventBus({ listeners, reporters, deliveryTimeoutMs }) : silentBus;
  const execution = new ScenarioExecution(config, script, { ...rest, bus, silentBus });
  const outcome = await execution.execute();
  if (bus.active) outcome.result.diagnostics.push(...(await bus.flush()));
  return outcome;
}
