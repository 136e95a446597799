// Latency-bound workload: N scenarios (default 500) where every agent call (user, agent, judge)
// waits L ms (default 50, setTimeout), run through `runMany` with concurrency C (default 100).
// Script per scenario: user(), agent(), user(), agent(), judge() — five agent calls, all
// sequential inside a scenario, so ideal = N × 5 × L ÷ C. The calls are counted, not assumed.
// Usage: node bench/latency.mjs <path to rehearse dist/index.js> [N=500] [concurrency=100] [latencyMs=50]
// Prints one JSON line.
import { pathToFileURL } from "node:url";
import { sleep } from "./lib/agents.mjs";

const [target, nArg = "500", concurrencyArg = "100", latencyArg = "50"] = process.argv.slice(2);
const n = Number(nArg);
const concurrency = Number(concurrencyArg);
const latencyMs = Number(latencyArg);
const EXPECTED_CALLS_PER_SCENARIO = 5;

const { AgentRole, createRehearse, user, agent, judge } = await import(pathToFileURL(target).href);
const rehearse = createRehearse({ configFile: false });

const calls = { user: 0, agent: 0, judge: 0 };
const agents = (wait) => [
  {
    role: AgentRole.USER,
    call: async () => {
      calls.user++;
      await sleep(wait);
      return "hello there";
    },
  },
  {
    role: AgentRole.AGENT,
    call: async (input) => {
      calls.agent++;
      await sleep(wait);
      return `You said: ${input.messages.at(-1)?.content ?? ""}`;
    },
  },
  {
    role: AgentRole.JUDGE,
    criteria: ["agent echoes"],
    call: async (input) => {
      calls.judge++;
      await sleep(wait);
      return input.judgmentRequest
        ? { success: true, reasoning: "echoed", metCriteria: ["agent echoes"], unmetCriteria: [] }
        : null;
    },
  },
];

function* scenarios(count, wait) {
  for (let i = 0; i < count; i++) {
    yield {
      name: `l${i}`,
      description: "latency-bound echo",
      agents: agents(wait),
      maxTurns: 5,
      script: [user(), agent(), user(), agent(), judge()],
    };
  }
}

// Warm-up with no latency, then reset the counters.
await rehearse.runMany(scenarios(100, 0), { concurrency, collect: false, seed: 1 });
calls.user = calls.agent = calls.judge = 0;

const started = performance.now();
const batch = await rehearse.runMany(scenarios(n, latencyMs), { concurrency, collect: false, seed: 7 });
const actualMs = performance.now() - started;

const totalCalls = calls.user + calls.agent + calls.judge;
const callsPerScenario = totalCalls / n;
const idealMs = (totalCalls * latencyMs) / concurrency;
console.log(
  JSON.stringify({
    n,
    concurrency,
    latencyMs,
    calls,
    callsPerScenario,
    callsAsExpected: totalCalls === n * EXPECTED_CALLS_PER_SCENARIO,
    counts: batch.counts,
    actualMs: Math.round(actualMs),
    idealMs: Math.round(idealMs),
    efficiencyPct: Math.round((idealMs / actualMs) * 1000) / 10,
  }),
);
