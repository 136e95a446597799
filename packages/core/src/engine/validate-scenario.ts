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
  if (!config || typeof config !== "object") throw new RehearseError("invalid_scenario", "run() needs a scenario object");
  if (typeof config.name !== "string" || config.name.trim() === "") {
    throw new RehearseError("invalid_scenario", `${where(config)}: \`name\` is required (a non-empty string)`);
  }
  if (typeof config.description !== "string" || config.description.trim() === "") {
    throw new RehearseError("invalid_scenario", `${where(config)}: \`description\` is required (a non-empty string)`);
  }
  if (!Array.isArray(config.agents)) throw new RehearseError("invalid_scenario", `${where(config)}: \`agents\` must be a list`);
  const agents = config.agents;
  for (let index = 0; index < agents.length; index++) {
    const agent = agents[index];
    if (!agent || typeof agent.call !== "function") {
      throw new RehearseError("invalid_scenario", `${where(config)}: agents[${index}] has no call() function`);
    }
    if (!isAgentRole(agent.role)) {
      throw new RehearseError(
        "invalid_scenario",
        `${where(config)}: agents[${index}] (${agentName(agent)}) has role ${JSON.stringify(agent.role)}; use AgentRole.USER, AgentRole.AGENT or AgentRole.JUDGE`,
      );
    }
  }
  if (!playsRole(agents, AgentRole.AGENT)) {
    throw new RehearseError(
      "missing_agent",
      `${where(config)} has no agent under test: add an agent with role AgentRole.AGENT to \`agents\``,
    );
  }
  if (!Number.isInteger(maxTurns) || maxTurns < 1) {
    throw new RehearseError("invalid_scenario", `${where(config)}: \`maxTurns\` must be a positive integer, got ${maxTurns}`);
  }
  if (!Array.isArray(script)) throw new RehearseError("invalid_scenario", `${where(config)}: \`script\` must be a list of steps`);
  for (let index = 0; index < script.length; index++) {
    const step = script[index];
    if (typeof step !== "function") {
      throw new RehearseError("invalid_scenario", `${where(config)}: script[${index}] is not a step function`);
    }
    const role = requiredRole(step);
    if (role && !playsRole(agents, role)) {
      throw new RehearseError(
        "missing_role",
        `${where(config)}: script[${index}] needs an agent with role ${role}, and none is in \`agents\`${
          role === AgentRole.USER ? ' (give the step content, e.g. user("hi"), or add a user simulator)' : ""
        }`,
      );
    }
  }
}

/** How messages name the scenario; built only when something is wrong (this runs for every scenario). */
function where(config: ScenarioConfig | undefined): string {
  return config?.name ? `Scenario "${config.name}"` : "Scenario";
}

function playsRole(agents: ScenarioConfig["agents"], role: string): boolean {
  for (const agent of agents) if (agent.role === role) return true;
  return false;
}
