import type { ScenarioResult } from "../domain/result.js";
import type { ScenarioConfig } from "../domain/scenario.js";
import { isVoiceAgent } from "../domain/voice-output.js";
import { loadVoice } from "./voice-module.js";

/** Whether `scenario` has a voice agent adapter among its agents (then `run` goes through `@rehearse/voice`). */
export function hasVoiceAgent(scenario: ScenarioConfig | undefined): boolean {
  const agents = scenario?.agents;
  return Array.isArray(agents) && agents.some(isVoiceAgent);
}

/**
 * Runs a scenario with a voice agent: `@rehearse/voice`'s `runVoice` (the
 * adapters connected before the script and closed after it, the recording,
 * timeline and latencies on the result) around `runText`, the context's own run.
 */
export function runWithVoice<Options extends object>(
  scenario: ScenarioConfig,
  options: Options,
  runText: (scenario: ScenarioConfig, options?: Options) => Promise<ScenarioResult>,
): Promise<ScenarioResult> {
  try {
    return loadVoice("a scenario with a voice agent").runVoice(scenario, { ...options, runner: runText });
  } catch (error) {
    return Promise.reject(error);
  }
}
