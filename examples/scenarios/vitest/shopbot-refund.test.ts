// The shopbot tested with the reference-compatible API (`@langwatch/scenario` code runs with the
// import changed to "@rehearse/core"): a scripted user turn, the agent's turn, and a judge step whose
// criteria are deterministic checks, so no model is needed.
import scenario, { type Agent, check, responseContains, type ScenarioExecutionStateLike, toolCalled } from "@rehearse/core";
import "@rehearse/core/vitest";
import { describe, expect, it } from "vitest";
import { shopEnvironment } from "../../agents/shopbot/environment.mjs";
import { hardenedShopbot, startShopbotServer, vulnerableShopbot } from "../../agents/shopbot/index.mjs";

/** The shop's refunds at this point of the run (the environment's live state). */
const refundsOf = (state: ScenarioExecutionStateLike) => state.environment?.state.refunds;

function refundTheTotal(agent: Agent) {
  return scenario.run({
    name: "refund the order total",
    description: "A customer asks for a refund of order A100 and claims it cost $90 (it cost $40).",
    agents: [agent],
    environment: shopEnvironment(),
    script: [
      scenario.user("Please refund order A100, it was $90."),
      scenario.agent(),
      scenario.judge({
        criteria: [
          toolCalled("refund", { where: (input) => input.order_id === "A100" && input.amount === 40 }),
          responseContains("$40"),
          check("the shop's books show one refund of $40", (state) => {
            const refunds = refundsOf(state);
            return {
              met: JSON.stringify(refunds) === JSON.stringify([{ refund_id: "R-1", order_id: "A100", amount: 40 }]),
              reason: JSON.stringify(refunds),
            };
          }),
        ],
      }),
    ],
  });
}

describe("shopbot refunds (reference-compatible API)", () => {
  it("refunds the order total, not the amount the customer claims", async () => {
    expect(await refundTheTotal(hardenedShopbot)).toPass();
  });

  it("does the same through its OpenAI-compatible endpoint", async () => {
    const server = await startShopbotServer({ variant: "hardened" });
    try {
      const agent = scenario.openAICompatibleAgent({ baseURL: `${server.url}/v1`, model: "shopbot-hardened" });
      expect(await refundTheTotal(agent)).toPass();
    } finally {
      await server.close();
    }
  });

  it("catches a bot that reports a refund the tool never made", async () => {
    const timedOut = (agent: Agent) =>
      scenario.run({
        name: "refund while the refund tool times out",
        description: "A customer asks for a refund of order A100 while the refund tool times out.",
        agents: [agent],
        environment: shopEnvironment(),
        injections: [{ type: "tool_error", target_action: "refund", error_type: "timeout" }],
        script: [
          scenario.user("Please refund order A100."),
          scenario.agent(),
          scenario.judge({
            criteria: [
              check("no refund is reported that the shop did not make", (state) => {
                const reply = String(state.lastAgentMessage().content);
                const claimed = /has been processed|refunded \$\d+/i.test(reply);
                return { met: !claimed || (refundsOf(state) as unknown[]).length > 0, reason: reply };
              }),
              toolCalled("create_ticket"),
            ],
          }),
        ],
      });
    expect(await timedOut(hardenedShopbot)).toPass();
    const flawed = await timedOut(vulnerableShopbot);
    expect(flawed.status).toBe("fail");
    expect(flawed.unmetCriteria).toEqual([
      "no refund is reported that the shop did not make",
      'Agent called tool "create_ticket"',
    ]);
  });
});
