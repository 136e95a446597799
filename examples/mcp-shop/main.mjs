// Runs the MCP shop: the scenario file against the agent that reaches its tools only over MCP.
import { fileURLToPath } from "node:url";
import { createRehearse, loadScenarioFiles } from "@rehearse/core";

const [loaded] = await loadScenarioFiles([fileURLToPath(new URL("./shop.scenario.yaml", import.meta.url))]);
const rehearse = createRehearse({ configFile: false });
const result = await rehearse.run(loaded.config);
const calls = (result.toolCalls ?? []).map((call) => `${call.toolName}${call.error ? " (error)" : ""}`);
process.stdout.write(`${result.status}: ${calls.join(", ")}\n`);
process.stdout.write(`final state: ${JSON.stringify(result.scenarioRun?.final_state)}\n`);
await rehearse.close();
process.exitCode = result.status === "pass" ? 0 : 1;
