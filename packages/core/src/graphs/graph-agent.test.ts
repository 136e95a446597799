import { describe, expect, it } from "vitest";
import { deterministicJudge } from "../agents/judge/deterministic-judge.js";
import { AgentRole } from "../domain/roles.js";
import type { AgentInput } from "../domain/scenario.js";
import { agent, judge, user } from "../script/steps.js";
import { isolated, runRecorded } from "../test-support/harness.js";
import { scriptedAgent } from "../testing/scripted-agents.js";
import { defineGraph } from "./define-graph.js";
import { graphAgent } from "./graph-agent.js";
import { graphChecks } from "./graph-checks.js";

/** A router that hands off by calling its handoff tools (as a model-backed agent would). */
const router = scriptedAgent(async (input: AgentInput) => {
  const text = JSON.stringify(input.messages.at(-1)?.content ?? "");
  const tool = /refund/i.test(text) ? "handoff_to_refunds" : /where/i.test(text) ? "handoff_to_orders" : undefined;
  if (!tool) return "How can I help?";
  const handoff = input.tools?.[tool];
  if (!handoff) throw new Error(`the graph gave the router no ${tool} tool`);
  await (handoff.execute as (input: unknown, options: unknown) => unknown)({ reason: text }, { toolCallId: "h1" });
  return "";
}, "router");

const support = (refunds = scriptedAgent(["Your refund for order 42 is on its way."], "refunds")) =>
  defineGraph({
    name: "support",
    entry: "router",
    nodes: {
      router: { agent: router, contract: { handoffs: ["refunds", "orders"] } },
      refunds: { agent: refunds, description: "refunds and returns", contract: { mustNot: ["card number"] } },
      orders: { run: ({ payload }) => ({ reply: `Order status for ${JSON.stringify(payload)}: shipped.` }) },
    },
    edges: [
      { from: "router", to: "refunds", tool: true },
      { from: "router", to: "orders", tool: true },
    ],
  });

const run = (graph: ReturnType<typeof support>, said: string, criteria: Parameters<typeof deterministicJudge>[0]["criteria"]) =>
  isolated().run({
    name: "graph",
    description: "a customer asks the support system",
    agents: [graphAgent(graph), { role: AgentRole.USER, call: async () => said }, deterministicJudge({ criteria })],
    script: [user(said), agent(), judge()],
  });

describe("a graph as the agent under test", () => {
  it("hands off by tool to the node that answers; the path, the handoff and the answer are recorded", async () => {
    const result = await run(support(), "I want a refund", [
      graphChecks.visitedInOrder(["router", "refunds"]),
      graphChecks.answeredBy("refunds"),
      graphChecks.handoffs({ exactly: 1 }),
      graphChecks.notVisited("orders"),
      graphChecks.contractsHeld(),
      graphChecks.noLoops(),
    ]);
    expect(result.status).toBe("pass");
    expect(result.messages.at(-1)?.content).toBe("Your refund for order 42 is on its way.");
    const report = result.reports?.support as { hops: { node: string; handoff?: { to: string; by: string } }[] };
    expect(report.hops.map((hop) => [hop.node, hop.handoff?.to, hop.handoff?.by])).toEqual([
      ["router", "refunds", "tool"],
      ["refunds", undefined, undefined],
    ]);
  });

  it("every visit and handoff is an event in the run's stream, in order, before the answer", async () => {
    const { events } = await runRecorded({
      name: "graph events",
      description: "a refund through the router",
      agents: [graphAgent(support()), { role: AgentRole.USER, call: async () => "refund" }],
      script: [user("I want a refund"), agent()],
    });
    const graphEvents = events
      .filter((event) => ["node_started", "node_finished", "handoff", "agent_message"].includes(event.type))
      .map((event) => {
        const fields = event as unknown as Record<string, unknown>;
        return [event.type, fields.node ?? fields.to ?? fields.text, fields.handoffTo ?? fields.from].filter(Boolean).join(" ");
      });
    expect(graphEvents).toEqual([
      "node_started router",
      "node_finished router refunds",
      "handoff refunds router",
      "node_started refunds router",
      "node_finished refunds",
      "agent_message Your refund for order 42 is on its way.",
    ]);
  });

  it("a function node answers with the payload handed to it", async () => {
    const result = await run(support(), "where is my parcel", [graphChecks.answeredBy("orders")]);
    expect(result.status).toBe("pass");
    expect(String(result.messages.at(-1)?.content)).toMatch(/^Order status for .*where is my parcel.*: shipped\.$/);
  });

  it("a broken contract fails the check naming the node, the turn and the rule", async () => {
    const leaky = scriptedAgent(["Please read me your card number."], "refunds");
    const result = await run(support(leaky), "refund please", [graphChecks.contractsHeld()]);
    expect(result.status).toBe("fail");
    expect(result.reasoning).toMatch(/refunds broke its contract in turn 1 \(mustNot\): its reply contains "card number"/);
  });

  it("a wrong handoff is caught and attributed", async () => {
    const result = await run(support(), "where is my parcel", [graphChecks.answeredBy("refunds")]);
    expect(result.status).toBe("fail");
    expect(result.reasoning).toMatch(/the answer came from orders/);
  });

  it("routes by condition on the reply; a loop past maxHops ends the run error with the path", async () => {
    const graph = defineGraph({
      name: "pingpong",
      entry: "a",
      nodes: { a: { run: () => "ping" }, b: { run: () => "pong" } },
      edges: [
        { from: "a", to: "b", when: { contains: "ping" } },
        { from: "b", to: "a", when: { matches: "^pong$" } },
      ],
      limits: { maxHops: 3 },
    });
    const error = await isolated()
      .run({
        name: "loop",
        description: "two nodes hand off forever",
        agents: [graphAgent(graph), { role: AgentRole.USER, call: async () => "go" }],
        script: [user("go"), agent()],
      })
      .then(
        () => undefined,
        (thrown: Error & { result?: { status: string } }) => thrown,
      );
    expect(error?.result?.status).toBe("error");
    expect(error?.message).toMatch(
      /more than 3 handoffs in one turn \(limits\.maxHops\), a loop: a → b → a → b \(b hands back to a\)/,
    );
  });

  it("each visit's time is its own node's, when quick visits follow one another and when events are heard", async () => {
    const busy = (milliseconds: number) => {
      const until = performance.now() + milliseconds;
      while (performance.now() < until);
    };
    const graph = defineGraph({
      name: "timed",
      entry: "slow",
      nodes: {
        slow: {
          run: () => {
            busy(20);
            return { handoff: "quick" };
          },
        },
        quick: { run: () => ({ handoff: "slower" }) },
        slower: {
          run: () => {
            busy(10);
            return "done";
          },
        },
      },
      edges: [
        { from: "slow", to: "quick" },
        { from: "quick", to: "slower" },
      ],
    });
    for (const onEvent of [undefined, () => undefined]) {
      const result = await isolated().run(
        {
          name: "timed",
          description: "three function nodes in a row",
          agents: [graphAgent(graph), { role: AgentRole.USER, call: async () => "go" }],
          script: [user("go"), agent()],
        },
        onEvent ? { onEvent } : undefined,
      );
      const hops = (result.reports as { timed: { hops: { node: string; durationMs: number }[] } }).timed.hops;
      const time = Object.fromEntries(hops.map((hop) => [hop.node, hop.durationMs]));
      // were a visit timed from an earlier visit's start, quick would show slow's 20 ms
      expect(time.slow).toBeGreaterThanOrEqual(20);
      expect(time.quick).toBeLessThan(10);
      expect(time.slower).toBeGreaterThanOrEqual(10);
    }
  });

  it("a node that throws ends the run error naming the node and the turn", async () => {
    const graph = defineGraph({
      name: "broken",
      entry: "a",
      nodes: { a: { run: () => ({ handoff: "b" }) }, b: { run: () => Promise.reject(new Error("database down")) } },
      edges: [{ from: "a", to: "b" }],
    });
    const outcome = await isolated()
      .run({
        name: "node error",
        description: "b fails",
        agents: [graphAgent(graph), { role: AgentRole.USER, call: async () => "go" }],
        script: [user("go"), agent()],
      })
      .catch((thrown: Error & { result?: { status: string } }) => thrown);
    expect((outcome as Error).message).toMatch(/graph broken: node b failed in turn 1: database down/);
  });
});
