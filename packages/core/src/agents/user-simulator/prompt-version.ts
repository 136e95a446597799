import { shortHash } from "../../domain/short-hash.js";
import type { SimulatorControls } from "./simulator-controls.js";
import { goalPrompt, SIMULATOR_PROMPT_REVISION, simulatorPrompt } from "./simulator-prompt.js";

/** Stands in for the scenario's description in the template that is hashed. */
const DESCRIPTION_SLOT = "{{description}}";

/**
 * The version of a simulator's effective prompt template, e.g. `"r2-1f3a9c0d"`
 * (`"custom-…"` for a `systemPrompt` of your own): the built-in revision
 * (`SIMULATOR_PROMPT_REVISION`, bumped when the wording changes) and a short
 * hash of the template with its persona and controls. The scenario's
 * description is left out (a slot), so one simulator has one version across
 * scenarios, and a changed simulator shows up in run diffs as a new version
 * even when its scenario stayed the same.
 *
 * @example
 * simulatorPromptVersion({ persona: "terse", controls: { cooperativeness: "low" } }); // "r2-…"
 */
export function simulatorPromptVersion(source: {
  systemPrompt?: string | undefined;
  persona?: string | undefined;
  controls: SimulatorControls;
}): string {
  const { systemPrompt, controls } = source;
  if (systemPrompt !== undefined) {
    // a goal appends its sections to a custom prompt too: they are part of what is hashed
    const goal = controls.goal ? goalPrompt(controls.goal, controls.plan) : "";
    return `custom-${shortHash(`${systemPrompt}\u0000${goal}`)}`;
  }
  return `r${SIMULATOR_PROMPT_REVISION}-${shortHash(simulatorPrompt(DESCRIPTION_SLOT, source.persona, controls))}`;
}
