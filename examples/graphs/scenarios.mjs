// The graphs example's scenarios: the healthy support graph, and one broken variant per failure class, each
// with the outcome it must have and the node it must be attributed to.
import { fileURLToPath } from "node:url";
import {
  agent,
  defineGraph,
  deterministicJudge,
  graphAgent,
  graphChecks,
  judge,
  loadGraphFile,
  loadScenarioFiles,
  user,
} from "@rehearse/core";
import { bouncingOrders, chattyRefunds, leakingRefunds, misroutingRouter } from "./nodes.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));

/** The support graph from its file, checked (file:line errors if it were broken). */
export async function supportGraph() {
  return loadGraphFile("support.graph.yaml", { cwd: here });
}

/** A variant of `graph` with some nodes replaced and edges added, checked again. */
function variant(graph, { nodes = {}, edges = [] } = {}) {
  return defineGraph({
    ...graph,
    nodes: { ...graph.nodes, ...nodes },
    edges: [...graph.edges.map(({ toolName: _, ...edge }) => edge), ...edges],
  });
}

const customer = (said) => ({ role: "User", call: async () => said });

/**
 * Every case: a graph (with chaos where it says), what the customer says, where the router must hand off, the
 * desk that must answer, and the outcome and node the run must report.
 */
export async function graphScenarios() {
  const healthy = await supportGraph();
  const cases = [
    {
      name: "refund, healthy graph",
      graph: healthy,
      said: "I want a refund for order 42",
      route: "refunds",
      desk: "refunds",
      expect: "pass",
    },
    {
      name: "order status, healthy graph",
      graph: healthy,
      said: "where is my order 42?",
      route: "orders",
      desk: "orders",
      expect: "pass",
    },
    {
      name: "wrong handoff: the router sends refunds to orders",
      graph: variant(healthy, { nodes: { router: { ...healthy.nodes.router, agent: misroutingRouter } } }),
      said: "I want a refund for order 42",
      route: "refunds",
      desk: "refunds",
      expect: "fail",
      blame: "router",
    },
    {
      name: "contract breach: refunds repeats the customer's e-mail",
      graph: variant(healthy, { nodes: { refunds: { ...healthy.nodes.refunds, run: chattyRefunds } } }),
      said: "I want a refund for order 42",
      route: "refunds",
      desk: "refunds",
      expect: "fail",
      blame: "refunds",
    },
    {
      name: "loop: orders hands back to the router, which hands back to orders",
      graph: variant(healthy, {
        nodes: { orders: { ...healthy.nodes.orders, run: bouncingOrders } },
        edges: [{ from: "orders", to: "router" }],
      }),
      said: "where is my order 42?",
      route: "orders",
      desk: "orders",
      expect: "error",
      blame: "orders",
    },
    {
      name: "leak under chaos: an adversarial node takes refunds' place",
      graph: healthy,
      chaos: [{ node: "refunds", fault: "adversarial", replacement: { run: leakingRefunds } }],
      said: "I want a refund for order 42",
      route: "refunds",
      desk: "refunds",
      expect: "fail",
      blame: "refunds",
    },
    {
      name: "refunds fails under chaos: the fallback answers",
      graph: healthy,
      chaos: [{ node: "refunds", fault: "error", message: "refunds service unavailable" }],
      said: "I want a refund for order 42",
      route: "refunds",
      desk: "escalation",
      expect: "pass",
    },
  ];
  // a scenario file with its own chaos and path checks (agent: { graph, chaos, checks })
  const [slow] = await loadScenarioFiles(["slow-refunds.scenario.yaml"], { cwd: here });
  const fromFile = { name: slow.config.name, expect: "fail", blame: "refunds", config: slow.config };
  return cases
    .map((entry) => ({
      ...entry,
      config: {
        name: entry.name,
        description: `A customer says: ${entry.said}`,
        agents: [
          graphAgent(entry.graph, entry.chaos ? { chaos: entry.chaos } : {}),
          customer(entry.said),
          deterministicJudge({
            criteria: [
              graphChecks.contractsHeld(),
              graphChecks.handedOff("router", entry.route),
              graphChecks.answeredBy(entry.desk),
              graphChecks.noLoops(),
            ],
          }),
        ],
        script: [user(entry.said), agent(), judge()],
      },
    }))
    .concat([fromFile]);
}

/** The node a finished run blames: the first contract breach, the failing node, or the node that answered wrongly. */
export function blamed(outcome) {
  const text = `${outcome.reasoning ?? ""} ${outcome.error ?? ""}`;
  return (
    /(\w+) broke its contract/.exec(text)?.[1] ??
    /(\w+) handed off to \w+(?:, \w+)*, not/.exec(text)?.[1] ??
    /the answer came from (\w+)/.exec(text)?.[1] ??
    /\((\w+) hands back to \w+\)/.exec(text)?.[1] ??
    /node (\w+) failed/.exec(text)?.[1]
  );
}
