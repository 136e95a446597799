import { defaultTimeouts, type Timeouts } from "../domain/timeouts.js";

/**
 * The limits of one run: the scenario's own over the run's options over the
 * config, each key on its own, the documented defaults under all.
 */
export function timeoutsFor(
  config: Timeouts | undefined,
  options: Timeouts | undefined,
  scenario: Timeouts | undefined,
): Required<Timeouts> {
  if (!config && !options && !scenario) return defaultTimeouts;
  return {
    agentCallMs: scenario?.agentCallMs ?? options?.agentCallMs ?? config?.agentCallMs ?? defaultTimeouts.agentCallMs,
    modelCallMs: scenario?.modelCallMs ?? options?.modelCallMs ?? config?.modelCallMs ?? defaultTimeouts.modelCallMs,
    scenarioMs: scenario?.scenarioMs ?? options?.scenarioMs ?? config?.scenarioMs ?? defaultTimeouts.scenarioMs,
  };
}
