import type { ScenarioConfig, ScriptStep } from "../domain/scenario.js";
import { proceed } from "../script/steps.js";
import type { ExecutionSettings } from "./execution-settings.js";
import { type ExecutionOutcome, ScenarioExecution } from "./scenario-execution.js";
import { validateScenario } from "./validate-scenario.js";

export { DeadlineTicker } from "./deadline-ticker.js";

/** `[proceed()]`: its step holds no state, so every run can share it. */
const defaultScript: readonly ScriptStep[] = [proceed()];

/**
 * Validates and runs one scenario, then waits (bounded) for its reporters
 * and attaches their diagnostics to the result. Throws only for an invalid
 * scenario (before anything runs); every later failure is in the outcome.
 *
 * Not async: an unobserved run returns `execute()`'s own promise, so no
 * async frame per run waits here (with 1 000 runs in flight, every frame and
 * promise a run holds is copied by each young-generation GC).
 */
export function runScenario(config: ScenarioConfig, settings: ExecutionSettings): Promise<ExecutionOutcome> {
  let running: Promise<ExecutionOutcome>;
  try {
    const script: readonly ScriptStep[] = config?.script ?? defaultScript;
    validateScenario(config, script, settings.maxTurns);
    running = new ScenarioExecution(config, script, settings).execute();
  } catch (error) {
    return Promise.reject(error);
  }
  const finishing = withFinishedAgents(running, config.agents);
  return settings.bus.active ? finishing.then((outcome) => withDeliveries(outcome, settings.bus)) : finishing;
}

/**
 * `running`, then each agent's `runFinished` (agents holding connections
 * release them: a voice adapter's socket), awaited before the run settles;
 * their errors are ignored (the run's outcome is decided). Runs with no such
 * agent keep `running` itself.
 */
function withFinishedAgents(running: Promise<ExecutionOutcome>, agents: ScenarioConfig["agents"]): Promise<ExecutionOutcome> {
  const finishers = agents.filter((agent) => typeof agent.runFinished === "function");
  if (finishers.length === 0) return running;
  const finish = () => Promise.allSettled(finishers.map(async (agent) => agent.runFinished?.()));
  return running.then(
    async (outcome) => {
      await finish();
      return outcome;
    },
    async (error: unknown) => {
      await finish();
      throw error;
    },
  );
}

/** The outcome with the diagnostics of reporters that failed or were late. */
function withDeliveries(outcome: ExecutionOutcome, bus: ExecutionSettings["bus"]): ExecutionOutcome | Promise<ExecutionOutcome> {
  // only listeners, none of which threw: nothing to wait for (the run's last step stays synchronous)
  if (!bus.needsFlush) return outcome;
  return bus.flush().then((diagnostics) => {
    outcome.result.diagnostics.push(...diagnostics);
    return outcome;
  });
}
