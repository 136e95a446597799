// The graph harness's own cost (issue 19), on the built package: the same conversation (5 user turns) run
// against a 10-node graph of model-free function nodes (a chain: each node hands off to the next, the last
// answers) and against one agent that runs the same 10 functions chained by hand — the same work, so what
// is timed beyond the single agent is the graph: visits, handoffs, records, contract checks (none here), and
// the node_started/node_finished/handoff events in the stream. Timed twice: without a listener (a test run
// without reporters: events are not built) and with an onEvent listener (every event built and delivered).
// Reported: the ratio of the graph scenario's time to the single agent's (target ≤ 1.5), and the harness
// overhead per hop, (graph − single) / hops (target ≤ 100 µs). Median over rounds, after a warm-up round.
// 2000 scenarios a round: with fewer (300) the single agent's time is still moving with JIT warm-up from round
// to round (17–54 µs), and the ratio with it. Prints one JSON line.
// Usage: node bench/graphs.mjs [scenarios per round=2000] [rounds=7]
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const core = await import(pathToFileURL(join(root, "packages", "core", "dist", "index.js")).href);
const { createRehearse, defineGraph, graphAgent, user, agent } = core;
const SCENARIOS = Number(process.argv[2] ?? 2000);
const ROUNDS = Number(process.argv[3] ?? 7);
const TURNS = 5;
const NODES = 10;
const log = (line) => process.stderr.write(`[bench:graphs] ${line}\n`);

const answer = "Your refund for order 42 is on its way.";
// the nodes' own work: the same functions in the graph and, chained by hand, in the single agent
const work = Array.from(
  { length: NODES },
  (_, index) =>
    ({ payload }) =>
      index === NODES - 1
        ? answer
        : { handoff: `node${index + 1}`, payload: { step: index, text: typeof payload === "string" ? payload : payload.text } },
);
const single = {
  role: "Agent",
  name: "single",
  async call(input) {
    let payload = input.messages.at(-1)?.content;
    for (let index = 0; ; index++) {
      const result = await work[index]({ messages: input.messages, payload, from: undefined });
      if (typeof result === "string") return result;
      payload = result.payload;
    }
  },
};
const nodes = Object.fromEntries(work.map((run, index) => [`node${index}`, { run }]));
const edges = Array.from({ length: NODES - 1 }, (_, index) => ({ from: `node${index}`, to: `node${index + 1}` }));
const graph = defineGraph({ name: "chain", entry: "node0", nodes, edges, limits: { maxHops: NODES } });
const userAgent = { role: "User", call: async () => "I want a refund for order 42" };
const script = Array.from({ length: TURNS }, () => [user("I want a refund for order 42"), agent()]).flat();

const rehearse = createRehearse({ configFile: false, env: {} });
const scenario = (agentUnderTest, index) => ({
  name: `graph bench ${index}`,
  description: "a customer asks for a refund",
  agents: [agentUnderTest(), userAgent],
  script,
  seed: index,
});

// with a listener (as with a reporter or the server), every visit's events are built and delivered
let events = 0;
const listening = { onEvent: () => events++ };

async function timeRound(agentUnderTest, options) {
  const started = performance.now();
  for (let index = 0; index < SCENARIOS; index++) {
    const result = await rehearse.run(scenario(agentUnderTest, index), options);
    if (result.status !== "success" && result.status !== "pass" && result.messages.length !== TURNS * 2)
      throw new Error(`run ${index} ended ${result.status}`);
  }
  return (performance.now() - started) / SCENARIOS;
}

const median = (values) => [...values].sort((left, right) => left - right)[Math.floor(values.length / 2)];
const makeGraph = () => graphAgent(graph);
const makeSingle = () => single;

// one result must show the path went through every node
const check = await rehearse.run(scenario(makeGraph, 0));
const hopsPerScenario = check.reports.chain.hops.length;
if (hopsPerScenario !== TURNS * NODES) throw new Error(`expected ${TURNS * NODES} visits, got ${hopsPerScenario}`);

async function compare(options, label) {
  await timeRound(makeSingle, options);
  await timeRound(makeGraph, options);
  const singles = [];
  const graphs = [];
  for (let round = 0; round < ROUNDS; round++) {
    singles.push(await timeRound(makeSingle, options));
    graphs.push(await timeRound(makeGraph, options));
    log(`${label} round ${round + 1}: single ${singles.at(-1).toFixed(3)} ms, graph ${graphs.at(-1).toFixed(3)} ms per scenario`);
  }
  const singleMs = median(singles);
  const graphMs = median(graphs);
  const ratio = graphMs / singleMs;
  // every visit past the first of a turn is a hop (a handoff); the graph's extra time spread over its visits
  const perHopUs = ((graphMs - singleMs) * 1000) / (TURNS * (NODES - 1));
  return {
    singleMsPerScenario: Number(singleMs.toFixed(4)),
    graphMsPerScenario: Number(graphMs.toFixed(4)),
    ratio: { value: Number(ratio.toFixed(3)), target: 1.5, met: ratio <= 1.5 },
    perHopUs: { value: Number(perHopUs.toFixed(2)), target: 100, met: perHopUs <= 100 },
  };
}

const quiet = await compare(undefined, "no listener");
events = 0;
const observed = await compare(listening, "listener");
if (events === 0) throw new Error("the listener saw no events");
const { singleMsPerScenario, graphMsPerScenario, ratio, perHopUs } = quiet;
process.stdout.write(
  `${JSON.stringify({
    scenarios: SCENARIOS,
    rounds: ROUNDS,
    turns: TURNS,
    nodes: NODES,
    singleMsPerScenario,
    graphMsPerScenario,
    ratio,
    perHopUs,
    withListener: observed,
  })}\n`,
);
