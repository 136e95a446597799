// Benchmark of simulated tools (`node bench/simulated-tools.mjs`, on the built core): the harness's overhead per
// simulated tool call, model time excluded. The model is a MockLanguageModelV3 answering at once; the time spent
// inside its doGenerate is measured and subtracted. Each run has one agent turn making CALLS calls with distinct
// inputs (no answer from memory), so every call builds its prompt (state + earlier calls), goes through the run's
// model access, validates the answer against the output schema (Ajv) and emits its events.
//   perCallMs          (wall time of the simulated runs − time inside the mock) / calls
//   handlerPerCallMs   the same runs with a plain handler tool instead (the environment tool path alone)
//   simulationMs       perCallMs − handlerPerCallMs: what simulating adds to a tool call
// Target (issue 20): perCallMs ≤ 2. Prints ONE JSON line on stdout; progress on stderr.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { MockLanguageModelV3 } from "ai/test";

const rootDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const core = await import(pathToFileURL(join(rootDir, "packages", "core", "dist", "index.js")).href);
const log = (line) => process.stderr.write(`[bench:simulated-tools] ${line}\n`);
const RUNS = Number(process.env.BENCH_RUNS || 20);
const CALLS = 50;
const round = (value, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

let modelMs = 0;
const usage = { inputTokens: { total: 1, noCache: 1 }, outputTokens: { total: 1, text: 1 } };
const model = new MockLanguageModelV3({
  provider: "bench",
  modelId: "instant",
  doGenerate: async (options) => {
    const started = performance.now();
    const text = JSON.stringify({ sku: `S-${options.prompt.length}`, stock: 3, warehouse: "north" });
    const result = { content: [{ type: "text", text }], finishReason: { unified: "stop", raw: "stop" }, usage, warnings: [] };
    modelMs += performance.now() - started;
    return result;
  },
});

const inputSchema = { type: "object", properties: { sku: { type: "string" } }, required: ["sku"] };
const outputSchema = {
  type: "object",
  properties: { sku: { type: "string" }, stock: { type: "integer", minimum: 0 }, warehouse: { type: "string" } },
  required: ["sku", "stock"],
};
const tools = {
  simulated: { stock: core.simulatedTool({ description: "Stock of a product", inputSchema, outputSchema, model }) },
  handler: { stock: { description: "Stock of a product", parameters: inputSchema, handler: () => ({ sku: "S-1", stock: 3 }) } },
};

const caller = {
  role: "Agent",
  async call(input) {
    for (let index = 0; index < CALLS; index++) {
      await input.tools.stock.execute({ sku: `S-${index}` }, { toolCallId: `c${index}` });
    }
    return "done";
  },
};

const rehearse = core.createRehearse({
  configFile: false,
  env: {},
  logger: { error() {}, warn() {}, info() {}, debug() {}, transcript() {} },
});
async function timeRuns(kind) {
  let wall = 0;
  modelMs = 0;
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const result = await rehearse.run({
      name: `bench ${kind} ${run}`,
      description: "stock lookups",
      agents: [caller],
      environment: { state: { catalogue: { size: 1200 } }, tools: tools[kind] },
      script: [core.user("stock?"), core.agent(), core.succeed()],
    });
    wall += performance.now() - started;
    if (result.status !== "pass") throw new Error(`${kind} run ended ${result.status}: ${result.reasoning}`);
  }
  return { wall, model: modelMs };
}

log("warm-up");
await timeRuns("simulated");
await timeRuns("handler");
log(`${RUNS} runs × ${CALLS} calls, simulated`);
const simulated = await timeRuns("simulated");
log(`${RUNS} runs × ${CALLS} calls, handler`);
const handler = await timeRuns("handler");
const calls = RUNS * CALLS;
const perCallMs = (simulated.wall - simulated.model) / calls;
const handlerPerCallMs = handler.wall / calls;
process.stdout.write(
  `${JSON.stringify({
    bench: "simulated-tools",
    calls,
    perCallMs: round(perCallMs),
    mockPerCallMs: round(simulated.model / calls),
    handlerPerCallMs: round(handlerPerCallMs),
    simulationMs: round(perCallMs - handlerPerCallMs),
    targetMs: 2,
    withinTarget: perCallMs <= 2,
  })}\n`,
);
