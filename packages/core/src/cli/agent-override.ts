import { resolve } from "node:path";
import { agentFromExport, createModuleResolver, loadExport, type ModuleReference } from "../api/scenario-files.js";
import type { Agent } from "../domain/agent.js";
import { AgentRole } from "../domain/roles.js";
import type { ScenarioConfig } from "../domain/scenario.js";
import { usageError } from "./exit-codes.js";

/** `--agent <module[#export]>` split into the module path and the export (default export when absent). */
export function parseAgentSpec(spec: string, command = "rehearse"): ModuleReference {
  const hash = spec.lastIndexOf("#");
  const module = hash > 0 ? spec.slice(0, hash) : spec;
  const name = hash > 0 ? spec.slice(hash + 1) : "";
  if (module === "" || (hash > 0 && name === "")) {
    throw usageError(`${command}: --agent: expected <module[#export]>, got ${JSON.stringify(spec)}`, "--agent");
  }
  return name ? { module, export: name } : { module };
}

/**
 * Loads the agent named by `--agent <module[#export]>` (relative to `cwd`;
 * `.ts` through tsx). The export is an agent, a class of agents, or a
 * function of no arguments returning one; each call of the returned
 * function makes the agent again from the export (a factory runs once per
 * scenario, so scenarios never share a stateful agent). Throws a usage error
 * naming the problem.
 *
 * @example
 * ```ts
 * const agentFor = await loadAgentOverride("agents/bot.ts#supportBot", process.cwd(), "rehearse run");
 * const scenarios = configs.map(async (config) => replaceAgentUnderTest(config, await agentFor()));
 * ```
 */
export async function loadAgentOverride(spec: string, cwd: string, command = "rehearse"): Promise<() => Promise<Agent>> {
  const reference = parseAgentSpec(spec, command);
  const modules = createModuleResolver();
  const path = resolve(cwd, reference.module);
  if (!modules.exists(path)) throw usageError(`${command}: --agent: no such file: ${reference.module}`, "--agent");
  const loaded = await loadExport(reference, path, modules);
  if (!("value" in loaded)) throw usageError(`${command}: --agent: ${loaded.problem}`, "--agent");
  const what = `export "${reference.export ?? "default"}" of ${reference.module}`;
  const make = async (): Promise<Agent> => {
    const agent = await agentFromExport(loaded.value, what);
    if (typeof agent === "string") throw usageError(`${command}: --agent: ${agent}`, "--agent");
    return agent;
  };
  // made now so a bad export fails before anything runs; the first scenario gets this one
  let first: Agent | undefined = await make();
  return async () => {
    const agent = first ?? (await make());
    first = undefined;
    return agent;
  };
}

/**
 * A copy of `scenario` whose agents under test (role `Agent`) are replaced
 * by `agent`; when it has none, `agent` is added first. Simulators, judges
 * and everything else stay.
 */
export function replaceAgentUnderTest(scenario: ScenarioConfig, agent: Agent): ScenarioConfig {
  const others = scenario.agents.filter((candidate) => candidate.role !== AgentRole.AGENT);
  return { ...scenario, agents: [agent, ...others] };
}
