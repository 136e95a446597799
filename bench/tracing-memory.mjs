// Tracing's memory over a long batch: N traced scenarios (default 10 000) in this one process, the
// cheapest scripted scenario (user "hello" → echo agent → succeed), through `runMany` with
// `collect: false` in chunks of `every` (default 1 000). Tracing is on with one in-memory exporter
// behind a SimpleSpanProcessor, reset after each chunk (its spans are counted first). After each
// chunk the heap is read after forced GCs, with the number of spans the judge's collector holds.
// Usage: node --expose-gc bench/tracing-memory.mjs <path to rehearse dist/index.js> [N=10000] [every=1000]
// Prints one JSON line.

import { pathToFileURL } from "node:url";
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";

const [target, nArg = "10000", everyArg = "1000"] = process.argv.slice(2);
if (!target) throw new Error("usage: node --expose-gc bench/tracing-memory.mjs <dist/index.js> [N] [every]");
if (typeof globalThis.gc !== "function") throw new Error("run with --expose-gc");
const n = Number(nArg);
const every = Number(everyArg);
const CONCURRENCY = 100;
const WARM_UP = 200;
const MB = 1048576;
const round = (value) => Math.round(value * 100) / 100;

const { AgentRole, agent, createRehearse, judgeSpanCollector, setupTracing, succeed, user } = await import(
  pathToFileURL(target).href
);
const exporter = new InMemorySpanExporter();
setupTracing({ spanProcessors: [new SimpleSpanProcessor(exporter)], env: {} });
const rehearse = createRehearse({ configFile: false, env: {} });

const echo = {
  role: AgentRole.AGENT,
  call: async (input) => `You said: ${input.messages[input.messages.length - 1]?.content}`,
};

function* scenarios(count, prefix) {
  for (let index = 0; index < count; index++) {
    yield { name: `${prefix}${index}`, description: "echo", agents: [echo], script: [user("hello"), agent(), succeed()] };
  }
}

let spans = 0;
/** Counts the exporter's spans, then empties it. */
function drain() {
  spans += exporter.getFinishedSpans().length;
  exporter.reset();
}

async function settledHeapMB() {
  for (let round = 0; round < 3; round++) {
    globalThis.gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed / MB;
}

// warm-up: JIT, the lazily loaded run machinery and OpenTelemetry's modules
await rehearse.runMany(scenarios(WARM_UP, "warm"), { concurrency: CONCURRENCY, collect: false, seed: 1 });
drain();
spans = 0;
const heapAfterWarmUpMB = await settledHeapMB();

const checkpoints = [];
let finished = 0;
let passed = 0;
const started = performance.now();
for (let done = 0; done < n; done += every) {
  await rehearse.runMany(scenarios(Math.min(every, n - done), `c${done}-`), {
    concurrency: CONCURRENCY,
    collect: false,
    seed: 42,
    onResult: (result) => {
      finished++;
      if (result.success) passed++;
    },
  });
  drain();
  const heapMB = await settledHeapMB();
  checkpoints.push({ runs: finished, heapMB: round(heapMB), collectorSize: judgeSpanCollector.size });
}
const ms = performance.now() - started;
const heapAt = (runs) => checkpoints.find((checkpoint) => checkpoint.runs === runs)?.heapMB ?? null;
const first = checkpoints[0];
const last = checkpoints[checkpoints.length - 1];

console.log(
  JSON.stringify({
    n,
    resetEvery: every,
    concurrency: CONCURRENCY,
    ms: Math.round(ms),
    finished,
    passed,
    spans,
    spansPerRun: finished ? round(spans / finished) : null,
    heapAfterWarmUpMB: round(heapAfterWarmUpMB),
    heapAt1000MB: heapAt(1000),
    heapAt5000MB: heapAt(5000),
    heapAt10000MB: heapAt(10000),
    heapGrowthMB: round(last.heapMB - first.heapMB),
    collectorSizeMax: Math.max(...checkpoints.map((checkpoint) => checkpoint.collectorSize)),
    collectorSizeAtEnd: judgeSpanCollector.size,
    checkpoints,
  }),
);
