// Memory workload: N scenarios (default 10 000) of workload E through `runMany` with
// `collect: false`, fed by a generator so the configs are never all in memory. Heap is measured
// after forced GC before and after the batch; the growth is what the batch retains.
// Usage: node --expose-gc bench/memory.mjs <path to rehearse dist/index.js> [N=10000] [concurrency=100]
// Prints one JSON line.
import { pathToFileURL } from "node:url";
import { echoAgents } from "./lib/agents.mjs";

const [target, nArg = "10000", concurrencyArg = "100"] = process.argv.slice(2);
const n = Number(nArg);
const concurrency = Number(concurrencyArg);
if (typeof globalThis.gc !== "function") throw new Error("run with --expose-gc");
const MB = 1048576;
const round = (value) => Math.round(value * 100) / 100;

const { AgentRole, createRehearse } = await import(pathToFileURL(target).href);
const rehearse = createRehearse({ configFile: false });

function* scenarios(count, prefix) {
  for (let i = 0; i < count; i++) {
    yield { name: `${prefix}${i}`, description: "echo", agents: echoAgents(AgentRole), maxTurns: 5 };
  }
}

async function settledHeap() {
  for (let i = 0; i < 3; i++) {
    globalThis.gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage();
}

// Warm-up: JIT, lazily created state, id pools.
await rehearse.runMany(scenarios(200, "warm"), { concurrency, collect: false, seed: 1 });
const before = await settledHeap();

let finished = 0;
let passed = 0;
let peakHeap = 0;
const started = performance.now();
const batch = await rehearse.runMany(scenarios(n, "m"), {
  concurrency,
  collect: false,
  seed: 42,
  onResult: (result) => {
    finished++;
    if (result.success) passed++;
    if (finished % 250 === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  },
});
const ms = performance.now() - started;
const after = await settledHeap();

console.log(
  JSON.stringify({
    n,
    concurrency,
    ms: Math.round(ms),
    finished,
    passed,
    total: batch.total,
    collected: batch.results.length,
    counts: batch.counts,
    heapBeforeMB: round(before.heapUsed / MB),
    heapAfterMB: round(after.heapUsed / MB),
    heapGrowthMB: round((after.heapUsed - before.heapUsed) / MB),
    peakHeapMB: round(peakHeap / MB),
    rssAfterMB: round(after.rss / MB),
  }),
);
