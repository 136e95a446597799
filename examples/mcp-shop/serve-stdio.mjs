// The same shop for agents that spawn their tools server: one MCP session over stdin/stdout
// (what `rehearse mcp serve shop.scenario.yaml` does). The client is the agent under test; when
// it closes stdin, the run concludes and its outcome is written to stderr as one JSON line.
import { fileURLToPath } from "node:url";
import { createRehearse, loadScenarioFiles } from "@rehearse/core";
import { serveScenarioOverStdio } from "@rehearse/core/mcp";

const [loaded] = await loadScenarioFiles([fileURLToPath(new URL("./shop.scenario.yaml", import.meta.url))]);
const rehearse = createRehearse({ configFile: false });
const result = await serveScenarioOverStdio(loaded.config, { run: (scenario) => rehearse.run(scenario) });
await rehearse.close();
const calls = (result.toolCalls ?? []).map((call) => ({ tool: call.toolName, ...(call.error ? { error: call.error } : {}) }));
process.stderr.write(`${JSON.stringify({ status: result.status, calls, final_state: result.scenarioRun?.final_state })}\n`);
