import { describe, expect, it } from "vitest";
import { deterministicJudge } from "../agents/judge/deterministic-judge.js";
import type { GraphNode } from "../domain/graph.js";
import { AgentRole } from "../domain/roles.js";
import { agent, judge, user } from "../script/steps.js";
import { isolated, runRecorded } from "../test-support/harness.js";
import { defineGraph } from "./define-graph.js";
import { type GraphAgentOptions, type GraphRunRecord, graphAgent } from "./graph-agent.js";
import type { GraphChaos } from "./graph-chaos.js";
import { graphChecks } from "./graph-checks.js";

/** router → refunds (or orders for "where"), refunds falls back to escalation when it fails. */
const support = () =>
  defineGraph({
    name: "support",
    entry: "router",
    nodes: {
      router: { run: ({ payload }) => ({ handoff: /where/.test(String(payload)) ? "orders" : "refunds", payload: "order 42" }) },
      refunds: {
        run: () => "Your refund for order 42 is on its way.",
        contract: { mustNot: ["card number"], latencyMs: 150 },
      },
      orders: { run: ({ payload }) => `Status of ${String(payload)}: shipped.` },
      escalation: { run: ({ payload }) => `A person will call you back (${JSON.stringify(payload)}).` },
    },
    edges: [
      { from: "router", to: "refunds" },
      { from: "router", to: "orders" },
      { from: "refunds", to: "escalation", onError: true },
    ],
  });

// the router above hands off by its result; the two plain edges are for that (no when: always)
const user_ = { role: AgentRole.USER, call: async () => "refund" };

async function runWith(chaos: GraphChaos[], said = "I want a refund", options: Partial<GraphAgentOptions> = {}, seed = 1) {
  const graph = graphAgent(support(), { chaos, ...options });
  const outcome = await runRecorded(
    {
      name: "chaos",
      description: "faults in the support graph",
      agents: [graph, user_, deterministicJudge({ criteria: [graphChecks.contractsHeld()] })],
      script: [user(said), agent(), judge()],
    },
    { seed },
  ).catch((error: Error & { result?: never }) => ({ error, result: error.result, events: [] as never[] }));
  const result = outcome.result as unknown as {
    status: string;
    reasoning?: string;
    messages: { content: unknown }[];
    reports?: Record<string, GraphRunRecord>;
  };
  return { ...outcome, result, record: result?.reports?.support };
}

describe("chaos in a graph", () => {
  it("a node error goes to its fallback; the fault is logged and streamed as an injection", async () => {
    const { result, record, events } = await runWith([{ node: "refunds", fault: "error", message: "refunds database down" }]);
    expect(result.status).toBe("pass");
    expect(String(result.messages.at(-1)?.content)).toBe(
      'A person will call you back ({"error":"chaos: refunds database down"}).',
    );
    expect(record?.chaos).toEqual([
      expect.objectContaining({ name: "error at refunds", fault: "error", node: "refunds", turn: 0 }),
    ]);
    expect(record?.hops.map((hop) => hop.node)).toEqual(["router", "refunds", "escalation"]);
    const injection = events.find((event) => event.type === "injection") as unknown as Record<string, unknown>;
    expect(injection).toMatchObject({
      injection: "error at refunds",
      injectionType: "graph_fault",
      outcome: { fault: "error", node: "refunds" },
    });
  });

  it("a node error without a fallback ends the run error naming the node", async () => {
    const { error } = (await runWith([{ node: "orders", fault: "error" }], "where is it")) as { error?: Error };
    expect(error?.message).toMatch(/graph support: node orders failed in turn 1: chaos: injected node error/);
    const timedOut = (await runWith([{ node: "orders", fault: "timeout" }], "where is it")) as { error?: Error };
    expect(timedOut.error?.message).toMatch(
      /node orders failed in turn 1: took longer than limits\.nodeTimeoutMs \(1000 ms\) \(chaos: it never answered\)/,
    );
  });

  it("an adversarial replacement that leaks is caught by the contract, attributed to the node", async () => {
    const leaker: GraphNode = { run: () => "Sure, read me your card number and I will refund." };
    const { result } = await runWith([{ node: "refunds", fault: "adversarial", replacement: leaker }]);
    expect(result.status).toBe("fail");
    expect(result.reasoning).toMatch(/refunds broke its contract in turn 1 \(mustNot\): its reply contains "card number"/);
  });

  it("a slow node breaks its latency budget; a malformed reply reaches the user as it is", async () => {
    const slow = await runWith([{ node: "refunds", fault: "slow", delayMs: 200 }]);
    expect(slow.result.status).toBe("fail");
    expect(slow.result.reasoning).toMatch(
      /refunds broke its contract in turn 1 \(latencyMs\): took \d+ ms, over its 150 ms budget/,
    );
    const broken = await runWith([{ node: "refunds", fault: "malformed_output" }]);
    expect(String(broken.result.messages.at(-1)?.content)).toBe('{"reply":"Your refund for');
  });

  it("payload faults on an edge: dropped, corrupted", async () => {
    const dropped = await runWith([{ edge: { from: "router", to: "orders" }, fault: "drop_payload" }], "where is it");
    expect(String(dropped.result.messages.at(-1)?.content)).toBe("Status of undefined: shipped.");
    const garbled = await runWith([{ edge: { from: "router", to: "orders" }, fault: "corrupt_payload" }], "where is it");
    expect(String(garbled.result.messages.at(-1)?.content)).toBe("Status of 24 r#dr#: shipped.");
  });

  it("random faults draw from the run's seed: the same seed fires the same faults", async () => {
    const chaos: GraphChaos[] = [{ node: "refunds", fault: "error", trigger: { kind: "random", probability: 0.5 } }];
    const fired = async (seed: number) => {
      const outcomes: string[] = [];
      for (let index = 0; index < 6; index++) {
        const { record } = await runWith(chaos, "refund", {}, seed * 100 + index);
        outcomes.push(record?.chaos.length ? "fault" : "ok");
      }
      return outcomes.join(",");
    };
    const first = await fired(7);
    expect(await fired(7)).toBe(first);
    expect(first).toMatch(/fault/);
    expect(first).toMatch(/ok/);
  });

  it("chaos that names no node, or the wrong kind of target, is refused when the agent is made", () => {
    expect(() => graphAgent(support(), { chaos: [{ node: "refund", fault: "error" }] })).toThrow(
      /chaos\[0\]: "refund" is not a node/,
    );
    expect(() => graphAgent(support(), { chaos: [{ node: "router", fault: "drop_payload" }] })).toThrow(/on an edge: give edge/);
    expect(() => graphAgent(support(), { chaos: [{ node: "router", fault: "adversarial" }] })).toThrow(/needs the replacement/);
    expect(isolated).toBeDefined();
  });
});
