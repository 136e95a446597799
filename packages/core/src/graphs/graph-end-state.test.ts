import { describe, expect, it } from "vitest";
import { deterministicJudge } from "../agents/judge/deterministic-judge.js";
import { AgentRole } from "../domain/roles.js";
import type { AgentInput } from "../domain/scenario.js";
import { agent, judge, user } from "../script/steps.js";
import { isolated } from "../test-support/harness.js";
import { scriptedAgent } from "../testing/scripted-agents.js";
import { defineGraph } from "./define-graph.js";
import { graphAgent } from "./graph-agent.js";
import { graphChecks } from "./graph-checks.js";

/** A refunds desk that issues `times` refunds through the environment's tool. */
const refunds = (times: number) =>
  scriptedAgent(async (input: AgentInput) => {
    const issue = input.tools?.issue_refund?.execute as (input: unknown, options: unknown) => Promise<unknown>;
    for (let index = 0; index < times; index++) await issue({ order: "A1" }, { toolCallId: `r${index}`, messages: [] });
    return "Refund issued.";
  }, "refunds");

const oneRefund = graphChecks.endState("exactly one refund issued", (state) => {
  const issued = state.refunds as unknown[];
  return issued.length === 1 || `${issued.length} refunds: ${JSON.stringify(issued)}`;
});

const run = (times: number, withEnvironment = true) =>
  isolated().run({
    name: "end state",
    description: "a refund through the graph changes the world once",
    agents: [
      graphAgent(
        defineGraph({
          name: "support",
          entry: "router",
          nodes: { router: { run: () => ({ handoff: "refunds" }) }, refunds: { agent: refunds(times) } },
          edges: [{ from: "router", to: "refunds" }],
        }),
      ),
      { role: AgentRole.USER, call: async () => "refund" },
      deterministicJudge({ criteria: [oneRefund] }),
    ],
    ...(withEnvironment
      ? {
          environment: {
            state: { refunds: [] },
            tools: {
              issue_refund: {
                parameters: { type: "object", properties: { order: { type: "string" } } },
                handler: (input: Record<string, unknown>, context: { state: Record<string, unknown> }) => {
                  (context.state.refunds as unknown[]).push(input.order);
                  return { ok: true };
                },
              },
            },
          },
        }
      : {}),
    script: [user("refund please"), agent(), judge()],
  });

describe("graphChecks.endState", () => {
  it("checks what the nodes did to the environment after the path", async () => {
    expect((await run(1)).status).toBe("pass");
    const twice = await run(2);
    expect(twice.status).toBe("fail");
    expect(twice.reasoning).toContain('2 refunds: ["A1","A1"]');
  });

  it("a run without an environment says so", async () => {
    const result = await run(0, false);
    expect([result.status, result.reasoning]).toEqual(["fail", expect.stringContaining("the run has no environment")]);
  });
});
