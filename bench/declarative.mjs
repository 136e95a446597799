// Declarative workload (issue #5): N generated scenario files (YAML) with an environment, five
// injection types, seed steps and expected outcomes; the agent answers through a mock model
// (MockLanguageModelV3, instant) and calls the environment's tools. Measures
//   - validation throughput: loadScenarioFiles over all N files (read, schema, modules), files/s;
//   - run overhead: the compiled scenarios against the same scenarios built in TypeScript, both
//     through runMany at concurrency 16, interleaved, median of `rounds` (target: files ≤ 1.5× TS).
// Usage: node bench/declarative.mjs [files=1000] [rounds=5]   (prints one JSON line)
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { median, round } from "./lib/stats.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const rehearse = await import(pathToFileURL(join(root, "packages", "core", "dist", "index.js")).href);
const { createRehearse, loadScenarioFiles, seedStep } = rehearse;

const [filesArg = "1000", roundsArg = "5"] = process.argv.slice(2);
const count = Number(filesArg);
const rounds = Number(roundsArg);
const CONCURRENCY = 16;

// inside the repository so the generated agent module resolves `ai/test` from node_modules
const directory = mkdtempSync(join(root, "bench", ".declarative-"));
mkdirSync(directory, { recursive: true });
const agentModule = `
import { MockLanguageModelV3 } from "ai/test";
const model = new MockLanguageModelV3({
  doGenerate: async () => ({
    content: [{ type: "text", text: "Let me look that up." }],
    finishReason: { unified: "stop", raw: "stop" },
    usage: { inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 1, text: 1, reasoning: 0 } },
    warnings: [],
  }),
});
export const agent = {
  role: "Agent",
  name: "bench-agent",
  async call(input) {
    const reply = await model.doGenerate({ prompt: [{ role: "user", content: [{ type: "text", text: "x" }] }] });
    try {
      const order = await input.tools.get_order.execute({ order_id: "A1" }, { toolCallId: "g" + input.messages.length });
      await input.tools.refund.execute({ order_id: "A1", amount: order.total }, { toolCallId: "r" + input.messages.length });
    } catch {}
    return reply.content[0].text;
  },
};
`;
writeFileSync(join(directory, "agent.mjs"), agentModule);
const { agent } = await import(pathToFileURL(join(directory, "agent.mjs")).href);

/** The scenario as data: the TypeScript form (snake_case inside, like the file). */
function scenarioData(index) {
  return {
    name: `declarative ${index}`,
    description: `refund flow ${index} under faults`,
    environment: {
      state: { orders: { A1: { total: 10 + (index % 50), status: "delivered" } }, refunds: [] },
      tools: {
        get_order: {
          parameters: { type: "object", properties: { order_id: { type: "string" } }, required: ["order_id"] },
          response: { result: { total: "{{state.orders.A1.total}}" } },
        },
        refund: {
          parameters: { type: "object", properties: { order_id: { type: "string" }, amount: { type: "number" } } },
          response: { set: { "orders.A1.status": "refunded" }, append: { refunds: "{{input.amount}}" }, result: { ok: true } },
        },
      },
    },
    injections: [
      { type: "tool_error", target_action: "refund", error_type: "timeout", probability: 0.3 },
      { type: "adversarial", attack_type: "pii_extraction", trigger: { kind: "random", probability: 0.5 } },
      { type: "user_message", message: "Are you still there?", trigger: { kind: "event_count", count: 6 } },
      { type: "system_condition", condition_type: "high_latency", target_timestamp: 2, duration: 3 },
      { type: "file_upload", file_type: "txt", size: 256, trigger: { kind: "timestamp", at: 3 } },
    ],
    steps: [
      { type: "user_message", message: "Please refund order A1." },
      { type: "agent_action", action: "refund", params: { order_id: "A1" } },
      { type: "user_message", message: "Thanks, anything else?" },
      { type: "assertion", path: "events.by_type.action_request", operator: "greater_than", value: 0 },
    ],
    expected: { min_events: 4, required_events: ["action_request"], forbidden_events: ["pii_leak"] },
  };
}

function yamlOf(data) {
  const json = (value) => JSON.stringify(value);
  return [
    `name: ${json(data.name)}`,
    `description: ${json(data.description)}`,
    "agent: { module: ./agent.mjs, export: agent }",
    `environment: ${json(data.environment)}`,
    `injections: ${json(data.injections)}`,
    `script: ${json(data.steps)}`,
    `expected_outcomes: ${json(data.expected)}`,
    "",
  ].join("\n");
}

function typescriptScenario(data) {
  return {
    name: data.name,
    description: data.description,
    agents: [agent],
    environment: data.environment,
    injections: data.injections,
    script: data.steps.map((step) => seedStep(step)),
    expectedOutcomes: data.expected,
  };
}

const paths = [];
const typescript = [];
for (let index = 0; index < count; index++) {
  const data = scenarioData(index);
  const path = join(directory, `scenario-${String(index).padStart(4, "0")}.yaml`);
  writeFileSync(path, yamlOf(data));
  paths.push(path);
  typescript.push(typescriptScenario(data));
}

const problems = [];
const loadTimes = [];
let fromFiles = [];
try {
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    const loaded = await loadScenarioFiles(paths);
    loadTimes.push(performance.now() - started);
    fromFiles = loaded.map((entry) => entry.config);
  }

  const context = createRehearse({ configFile: false, env: {} });
  const runTimes = { files: [], typescript: [] };
  let statuses;
  async function timedRun(label, scenarios) {
    const started = performance.now();
    const batch = await context.runMany(scenarios, { concurrency: CONCURRENCY, seed: 42 });
    runTimes[label].push(performance.now() - started);
    return batch;
  }
  await timedRun("typescript", typescript.slice(0, 50)); // warm-up, discarded
  runTimes.typescript.length = 0;
  for (let round = 0; round < rounds; round++) {
    const filesBatch = await timedRun("files", fromFiles);
    const typescriptBatch = await timedRun("typescript", typescript);
    statuses = { files: filesBatch.counts, typescript: typescriptBatch.counts };
    const differ = filesBatch.results.findIndex(
      (result, index) => JSON.stringify(result.scenarioRun) !== JSON.stringify(typescriptBatch.results[index]?.scenarioRun),
    );
    if (differ >= 0) problems.push(`scenario ${differ}: the file and the TypeScript form gave different results`);
  }
  const loadMs = median(loadTimes);
  const filesMs = median(runTimes.files);
  const typescriptMs = median(runTimes.typescript);
  process.stdout.write(
    `${JSON.stringify({
      files: count,
      rounds,
      concurrency: CONCURRENCY,
      loadMs: round(loadMs),
      validationFilesPerSecond: round((count / loadMs) * 1000),
      runFilesMs: round(filesMs),
      runTypescriptMs: round(typescriptMs),
      perScenarioFilesMs: round(filesMs / count, 3),
      perScenarioTypescriptMs: round(typescriptMs / count, 3),
      runOverheadRatio: round(filesMs / typescriptMs, 3),
      loadAndRunOverheadRatio: round((filesMs + loadMs) / typescriptMs, 3),
      statuses,
      problems,
    })}\n`,
  );
} finally {
  rmSync(directory, { recursive: true, force: true });
}
if (problems.length > 0) process.exitCode = 1;
