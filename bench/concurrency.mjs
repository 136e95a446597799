// Workload E's concurrent ÷ sequential ratio measured inside one process, and what a run costs in
// memory: run with --expose-gc.
//   node --expose-gc bench/concurrency.mjs [dist/index.js] [N=1000] [repetitions=11]
// Prints one JSON object:
// - sequentialMs / concurrentMs: medians of `repetitions` rounds, each round one sequential loop of
//   N scenarios then one Promise.all of N (interleaved, after a 200-scenario warm-up), with the
//   process CPU time of each loop beside it (steadier than wall time on a shared machine);
// - heldBytesPerRunInFlight: heap held per run while N runs wait inside their 2nd agent call
//   (after forced GCs), i.e. what every young-generation GC copies N times during a concurrent batch;
// - allocatedBytesPerRun: heap allocated per run, measured with a young generation large enough
//   that no GC runs during the loop (a separate process with --min/max-semi-space-size=128).
// The agents are workload E's (bench-anchor/engine-check.mjs): scripted user, echo agent, a judge
// that passes after the 3rd agent reply.
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const benchDir = dirname(fileURLToPath(import.meta.url));
const [targetArg, nArg = "1000", repetitionsArg = "11", only] = process.argv.slice(2);
const target = resolve(targetArg ?? join(benchDir, "..", "packages", "core", "dist", "index.js"));
const n = Number(nArg);
if (!globalThis.gc) throw new Error("run with node --expose-gc");

const mod = await import(pathToFileURL(target).href);
const scenario = mod.default ?? mod.scenario;
const { AgentRole } = mod;

/** Workload E's agents; `park` holds the 2nd agent call until `gate` opens. */
function makeAgents(park) {
  let agentReplies = 0;
  return [
    { role: AgentRole.USER, call: async () => "hello there" },
    {
      role: AgentRole.AGENT,
      call: async (input) => {
        agentReplies++;
        if (park && agentReplies === 2) await park();
        const last = input.messages[input.messages.length - 1];
        return `You said: ${typeof last?.content === "string" ? last.content : ""}`;
      },
    },
    {
      role: AgentRole.JUDGE,
      criteria: ["agent echoes"],
      call: async () =>
        agentReplies >= 3
          ? { success: true, reasoning: "echoed 3 times", metCriteria: ["agent echoes"], unmetCriteria: [] }
          : null,
    },
  ];
}
const one = (i, park) => scenario.run({ name: `e${i}`, description: "echo", agents: makeAgents(park), maxTurns: 5 });
const heapUsed = () => process.memoryUsage().heapUsed;
const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
const round = (value, digits = 0) => Number(value.toFixed(digits));
const mustPass = (results, what) => {
  const passed = results.filter((result) => result.success).length;
  if (passed !== n) throw new Error(`${what}: ${passed}/${n} passed`);
};

for (let i = 0; i < 200; i++) await one(-1);

if (only === "--allocated") {
  // no GC may run inside the loop: the parent starts this with a 128 MB young generation
  gc();
  gc();
  const before = heapUsed();
  for (let i = 0; i < n; i++) await one(i);
  console.log(JSON.stringify({ allocatedBytesPerRun: Math.round((heapUsed() - before) / n) }));
  process.exit(0);
}

const sequential = [];
const concurrent = [];
for (let repetition = 0; repetition < Number(repetitionsArg); repetition++) {
  gc();
  let cpu = cpuMs();
  let start = performance.now();
  const results = [];
  for (let i = 0; i < n; i++) results.push(await one(i));
  sequential.push({ ms: performance.now() - start, cpuMs: cpuMs() - cpu });
  mustPass(results, "sequential");
  results.length = 0;
  gc();
  cpu = cpuMs();
  start = performance.now();
  mustPass(await Promise.all(Array.from({ length: n }, (_, i) => one(i))), "concurrent");
  concurrent.push({ ms: performance.now() - start, cpuMs: cpuMs() - cpu });
}

let release;
const gate = new Promise((resolve) => {
  release = resolve;
});
let parked = 0;
let allParked;
const allIn = new Promise((resolve) => {
  allParked = resolve;
});
const park = () => {
  if (++parked === n) allParked();
  return gate;
};
gc();
gc();
const before = heapUsed();
const running = Promise.all(Array.from({ length: n }, (_, i) => one(i, park)));
await allIn;
gc();
gc();
const held = heapUsed() - before;
release();
mustPass(await running, "parked");

const child = spawnSync(
  process.execPath,
  [
    "--expose-gc",
    "--min-semi-space-size=128",
    "--max-semi-space-size=128",
    fileURLToPath(import.meta.url),
    target,
    "2000",
    "0",
    "--allocated",
  ],
  { encoding: "utf8" },
);
if (child.status !== 0) throw new Error(`allocation run failed: ${child.stderr}`);
const { allocatedBytesPerRun } = JSON.parse(child.stdout.trim().split("\n").at(-1));

const sequentialMs = median(sequential.map((entry) => entry.ms));
const concurrentMs = median(concurrent.map((entry) => entry.ms));
const sequentialCpuMs = median(sequential.map((entry) => entry.cpuMs));
const concurrentCpuMs = median(concurrent.map((entry) => entry.cpuMs));
console.log(
  JSON.stringify({
    n,
    repetitions: sequential.length,
    sequentialMs: round(sequentialMs),
    concurrentMs: round(concurrentMs),
    concurrentOverSequential: round(concurrentMs / sequentialMs, 2),
    sequentialCpuMs: round(sequentialCpuMs),
    concurrentCpuMs: round(concurrentCpuMs),
    concurrentOverSequentialCpu: round(concurrentCpuMs / sequentialCpuMs, 2),
    heldBytesPerRunInFlight: Math.round(held / n),
    allocatedBytesPerRun,
    samplesMs: { sequential: sequential.map((entry) => round(entry.ms)), concurrent: concurrent.map((entry) => round(entry.ms)) },
  }),
);
