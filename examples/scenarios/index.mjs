// The example scenario files, loaded through Rehearse's scenario-file loader. Every file runs the
// hardened shopbot; `loadExampleScenarios({ agent })` swaps in another agent under test (the
// vulnerable shopbot, its HTTP endpoint, your own agent).
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { AgentRole, loadScenarioFiles } from "@rehearse/core";

const directory = fileURLToPath(new URL(".", import.meta.url));

/** Absolute paths of every `*.scenario.yaml` in this directory, sorted by name. */
export const exampleScenarioFiles = Object.freeze(
  readdirSync(directory)
    .filter((name) => name.endsWith(".scenario.yaml"))
    .sort()
    .map((name) => `${directory}${name}`),
);

/**
 * Loads every example scenario (all files are validated before any module is imported). With
 * `agent`, it replaces the agent under test in each scenario.
 *
 * @param {{ agent?: import("@rehearse/core").Agent }} [options]
 * @returns {Promise<import("@rehearse/core").ScenarioConfig[]>}
 *
 * @example
 * const scenarios = await loadExampleScenarios({ agent: vulnerableShopbot });
 * const batch = await runMany(scenarios, { seed: 1 });
 */
export async function loadExampleScenarios({ agent } = {}) {
  const loaded = await loadScenarioFiles(exampleScenarioFiles);
  return loaded.map(({ config }) =>
    agent
      ? { ...config, agents: config.agents.map((candidate) => (candidate.role === AgentRole.AGENT ? agent : candidate)) }
      : config,
  );
}
