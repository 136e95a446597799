// Runs the declarative example: every scenario file against the shop agent, then the refund
// scenario against the careless agent (its end-state check must catch the wrong refund).
import { fileURLToPath } from "node:url";
import { createRehearse, loadScenarioFiles } from "@rehearse/core";
import { carelessShopAgent } from "./shop.mjs";

const directory = fileURLToPath(new URL("./scenarios/", import.meta.url));
const loaded = await loadScenarioFiles([`${directory}refund.scenario.yaml`, `${directory}faults.scenario.yaml`]);
const rehearse = createRehearse({ configFile: false });
const careless = { ...loaded[0].config, name: `${loaded[0].config.name} (careless agent)`, agents: [carelessShopAgent] };
const batch = await rehearse.runMany([...loaded.map((entry) => entry.config), careless], { concurrency: 1 });
const expected = ["pass", "pass", "fail"];
let matches = true;
for (const [index, result] of batch.results.entries()) {
  const run = result.scenarioRun;
  const ok = result.status === expected[index];
  matches &&= ok;
  process.stdout.write(
    `${ok ? "✓" : "✗"} ${result.scenarioId}: ${result.status} (expected ${expected[index]}) — ` +
      `${run?.total_events} events, ${run?.injections_count} injections, ${run?.execution_time_seconds}s virtual\n`,
  );
  if (result.status !== "pass") process.stdout.write(`    ${result.unmetCriteria.join("\n    ")}\n`);
}
process.exitCode = matches ? 0 : 1;
