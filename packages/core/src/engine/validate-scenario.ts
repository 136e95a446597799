import { agentName } from "../domain/agent.js";
import { RehearseError } from "../domain/errors.js";
import { AgentRole, isAgentRole } from "../domain/roles.js";
import type { ScenarioConfig, ScriptStep } from "../domain/scenario.js";
import { requiredRole } from "../domain/step-requirements.js";

/**
 * Checks a scenario before anything runs: a name, a description, agents with
 * valid roles including an agent under test, a positive integer `maxTurns`,
 * and an agent for every role a DSL step needs. Throws a `RehearseError`
 * (`invalid_scenario`, `missing_agent` or `missing_role`).
 */
export function validateScenario(config: ScenarioConfig, script: readonly ScriptStep[], maxTurns: number): void {
  const where = config?.name ? `Scenario "${config.name}"` : "Scenario";
  if (!config || typeof config !== "object") throw new RehearseError("invalid_scenario", "run() needs a scenario object");
  if (typeof config.name !== "string" || config.name.trim() === "") {
    throw new RehearseError("invalid_scenario", `${where}: \`name\` is required (a non-empty string)`);
  }
  if (typeof config.description !== "string" || config.description.trim() === "") {
    throw new RehearseError("invalid_scenario", `${where}: \`description\` is required (a non-empty string)`);
  }
  if (!Array.isArray(config.agents)) throw new RehearseError("invalid_scenario", `${where}: \`agents\` must be a list`);
  config.agents.forEach((agent, index) => {
    if (!agent || typeof agent.call !== "function") {
      throw new RehearseError("invalid_scenario", `${where}: agents[${index}] has no call() function`);
    }
    if (!isAgentRole(agent.role)) {
      throw new RehearseError(
        "invalid_scenario",
        `${where}: agents[${index}] (${agentName(agent)}) has role ${JSON.stringify(agent.role)}; use AgentRole.USER, AgentRole.AGENT or AgentRole.JUDGE`,
      );
    }
  });
  if (!config.agents.some((agent) => agent.role === AgentRole.AGENT)) {
    throw new RehearseError(
      "missing_agent",
      `${where} has no agent under test: add an agent with role AgentRole.AGENT to \`agents\``,
    );
  }
  if (!Number.isInteger(maxTurns) || maxTurns < 1) {
    throw new RehearseError("invalid_scenario", `${where}: \`maxTurns\` must be a positive integer, got ${maxTurns}`);
  }
  if (!Array.isArray(script)) throw new RehearseError("invalid_scenario", `${where}: \`script\` must be a list of steps`);
  script.forEach((step, index) => {
    if (typeof step !== "function") {
      throw new RehearseError("invalid_scenario", `${where}: script[${index}] is not a step function`);
    }
    const role = requiredRole(step);
    if (role && !config.agents.some((agent) => agent.role === role)) {
      throw new RehearseError(
        "missing_role",
        `${where}: script[${index}] needs an agent with role ${role}, and none is in \`agents\`${
          role === AgentRole.USER ? ' (give the step content, e.g. user("hi"), or add a user simulator)' : ""
        }`,
      );
    }
  });
}
