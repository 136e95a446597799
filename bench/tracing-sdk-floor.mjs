// The OpenTelemetry SDK's own cost for the spans of one workload W run, with no Rehearse code: what tracing
// W cannot cost less than, whatever Rehearse does (issue 17's target is ≤ 1.5× W untraced).
//
// One "run" here is the span tree Rehearse makes for one W scenario (3 turns), with the same names, kinds,
// nesting and attribute counts: `rehearse.run` (9 attributes) → 3 × `rehearse.turn` (1 attribute, a judgment
// event) → per turn `invoke_agent` for the user simulator, the agent and the judge (4 attributes each) → a
// `chat <model>` under the simulator's and the judge's (4 attributes at start, 4 set at the end): 19 spans.
// Parents are passed explicitly (no async context, so no AsyncLocalStorage: bench/tracing.mjs measures that
// separately). The processor is `none` (the provider has none: span objects only), `simple` or `batch` (an
// InMemorySpanExporter behind a SimpleSpanProcessor or a BatchSpanProcessor, as bench/lib/tracing-preload.mjs
// sets them up, drained every 1 000 spans).
//
// `warmUp` runs go first, untimed: 1 is workload W's shape (bench.mjs runs one warm-up scenario, then N timed, so
// the SDK's code starts cold there too), 2 000 measures it warm.
//
// Usage: node bench/tracing-sdk-floor.mjs <none|simple|batch> [runs=20000] [warmUp=2000] [<rehearse dist/index.js>]
// Prints one JSON line: { processor, collector, runs, warmUp, spansPerRun, usPerRun, usPerSpan }.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { context, trace } from "@opentelemetry/api";
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";

const processorName = process.argv[2] ?? "batch";
const runs = Number(process.argv[3] ?? 20_000);
const warmUp = Number(process.argv[4] ?? 2_000);

const exporter = new InMemorySpanExporter();
const processors = {
  none: () => [],
  simple: () => [new SimpleSpanProcessor(exporter)],
  batch: () => [new BatchSpanProcessor(exporter, { maxQueueSize: 65_536, maxExportBatchSize: 1_024, scheduledDelayMillis: 200 })],
};
if (!processors[processorName]) throw new Error(`tracing-sdk-floor: processor must be none, simple or batch`);
// with a Rehearse build's entry as last argument, its judge span collector joins the provider (as `setupTracing`
// adds it), cleared after each run as the runner does: what holding a run's spans for the judge adds
const collectorEntry = process.argv[5];
const collector = collectorEntry ? (await import(pathToFileURL(resolve(collectorEntry)).href)).judgeSpanCollector : undefined;
const provider = new BasicTracerProvider({ spanProcessors: [...(collector ? [collector] : []), ...processors[processorName]()] });
const tracer = provider.getTracer("@rehearse/core", "bench");
let spans = 0;

function start(name, attributes, parent, kind) {
  spans++;
  return tracer.startSpan(name, kind === undefined ? { attributes } : { kind, attributes }, parent);
}

function agentCall(name, role, parent, model) {
  const span = start(
    `invoke_agent ${name}`,
    {
      "gen_ai.operation.name": "invoke_agent",
      "gen_ai.agent.name": name,
      "rehearse.agent.role": role,
      "gen_ai.conversation.id": "thread",
    },
    parent,
  );
  if (model) {
    const chat = start(
      `chat ${model}`,
      {
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": "mock",
        "gen_ai.request.model": model,
        "rehearse.agent.role": role,
      },
      trace.setSpan(parent, span),
      2,
    );
    chat.setAttribute("gen_ai.usage.input_tokens", 10);
    chat.setAttribute("gen_ai.usage.output_tokens", 5);
    chat.setAttribute("gen_ai.response.finish_reasons", ["stop"]);
    chat.setAttribute("gen_ai.response.model", model);
    chat.end();
  }
  span.end();
}

function oneRun(index) {
  const root = start(
    "rehearse.run",
    {
      "rehearse.run.id": `run-${index}`,
      "rehearse.batch.id": "batch",
      "rehearse.scenario.id": "echo-bench",
      "langwatch.thread.id": `thread-${index}`,
      "gen_ai.conversation.id": `thread-${index}`,
      "scenario.sdk.name": "@rehearse/core",
      "scenario.sdk.version": "bench",
      "rehearse.scenario.name": `echo bench ${index}`,
      "rehearse.set.id": "default",
    },
    context.active(),
  );
  const rootContext = trace.setSpan(context.active(), root);
  for (let number = 1; number <= 3; number++) {
    const turn = start("rehearse.turn", { "rehearse.turn": number }, rootContext);
    const turnContext = trace.setSpan(rootContext, turn);
    agentCall("UserSimulatorAgent", "User", turnContext, "mock-user");
    agentCall("Echo agent", "Agent", turnContext);
    agentCall("JudgeAgent", "Judge", turnContext, "mock-judge");
    turn.addEvent("rehearse.judgment", { "rehearse.judgment.verdict": "continue" });
    turn.end();
  }
  root.setAttribute("rehearse.outcome", "pass");
  root.end();
  collector?.clearSpansForThread(`thread-${index}`);
  if (exporter.getFinishedSpans().length >= 1_000) exporter.reset();
}

for (let index = 0; index < warmUp; index++) oneRun(index);
await new Promise((resolve) => setTimeout(resolve, 50));
spans = 0;
const started = process.hrtime.bigint();
for (let index = 0; index < runs; index++) {
  oneRun(index);
  // let the batch processor's timer run as it would between scenarios
  if (index % 500 === 499) await new Promise((resolve) => setImmediate(resolve));
}
await provider.forceFlush();
const elapsedUs = Number(process.hrtime.bigint() - started) / 1_000;
await provider.shutdown();
const round = (value) => Math.round(value * 100) / 100;
console.log(
  JSON.stringify({
    processor: processorName,
    collector: collector !== undefined,
    runs,
    warmUp,
    spansPerRun: spans / runs,
    usPerRun: round(elapsedUs / runs),
    usPerSpan: round(elapsedUs / spans),
  }),
);
