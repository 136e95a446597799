import type { AgentRole } from "./roles.js";
import type { ScriptStep } from "./scenario.js";

const requirement = Symbol.for("rehearse.step.requires");

/**
 * Marks a DSL step with the role it needs an agent for, so `run()` can reject
 * a scenario before anything runs (rather than half-way through the script).
 */
export function requiresRole<Step extends ScriptStep>(step: Step, role: AgentRole): Step {
  Object.defineProperty(step, requirement, { value: role });
  return step;
}

/** The role a step needs an agent for, if it declared one. */
export function requiredRole(step: ScriptStep): AgentRole | undefined {
  return (step as unknown as Record<symbol, AgentRole | undefined>)[requirement];
}
