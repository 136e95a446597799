import { agentAction, createRehearse, userMessage } from "@rehearse/core";
import { scriptedModel, toolCallResult } from "@rehearse/core/testing";
import { describe, expect, it } from "vitest";
import { shopEnvironment } from "../environment.mjs";
import { llmShopbot, SHOPBOT_SYSTEM_PROMPT } from "../index.mjs";

const rehearse = () => createRehearse({ configFile: false, env: {} });

describe("llmShopbot", () => {
  it("sends the system prompt and the environment's tools, lets the model call them and answers", async () => {
    const model = scriptedModel([toolCallResult("get_order", { order_id: "A100" }, "call_1"), "Order A100 was delivered."]);
    const result = await rehearse().run(
      {
        name: "order status through a model",
        description: "A customer asks where order A100 is.",
        agents: [llmShopbot({ model })],
        environment: shopEnvironment(),
        script: [userMessage("Where is my order A100?"), agentAction("get_order", { order_id: "A100" })],
      },
      { seed: 1 },
    );
    expect(result.status).toBe("pass");
    expect(model.doGenerateCalls).toHaveLength(2);
    const [first, second] = model.doGenerateCalls;
    expect(first?.prompt[0]).toEqual({ role: "system", content: SHOPBOT_SYSTEM_PROMPT });
    expect(first?.tools?.map((tool) => tool.name).sort()).toEqual([
      "create_ticket",
      "get_order",
      "get_ticket",
      "lookup_customer",
      "process_attachment",
      "refund",
    ]);
    // the environment's handler answered the call, and the model saw its result
    expect(JSON.stringify(second?.prompt)).toContain('"item":"Desk lamp"');
    expect(result.scenarioRun?.events_by_type.action_response).toBe(1);
    expect(result.messages.at(-1)).toEqual({ role: "assistant", content: [{ type: "text", text: "Order A100 was delivered." }] });
  });

  it("is skipped, naming the setting, when no model is configured", async () => {
    const result = await rehearse().run(
      {
        name: "no model",
        description: "A customer says hello.",
        agents: [llmShopbot()],
        environment: shopEnvironment(),
        script: [userMessage("Hello")],
      },
      { seed: 1 },
    );
    expect(result.status).toBe("skipped");
    expect(result.reasoning).toMatch(/no model.*defaultModel/);
  });
});
