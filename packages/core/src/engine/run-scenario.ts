import type { ScenarioConfig, ScriptStep } from "../domain/scenario.js";
import { proceed } from "../script/steps.js";
import type { ExecutionSettings } from "./execution-settings.js";
import { type ExecutionOutcome, ScenarioExecution } from "./scenario-execution.js";
import { validateScenario } from "./validate-scenario.js";

/** `[proceed()]`: its step holds no state, so every run can share it. */
const defaultScript: readonly ScriptStep[] = [proceed()];

/**
 * Validates and runs one scenario, then waits (bounded) for its reporters
 * and attaches their diagnostics to the result. Throws only for an invalid
 * scenario (before anything runs); every later failure is in the outcome.
 */
export async function runScenario(config: ScenarioConfig, settings: ExecutionSettings): Promise<ExecutionOutcome> {
  const script: readonly ScriptStep[] = config?.script ?? defaultScript;
  validateScenario(config, script, settings.maxTurns);
  const outcome = await new ScenarioExecution(config, script, settings).execute();
  if (settings.bus.active) outcome.result.diagnostics.push(...(await settings.bus.flush()));
  return outcome;
}
