import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openAICompatibleAgent } from "../agents/http/openai-compatible-agent.js";
import type { Agent, AgentInput } from "../domain/agent.js";
import type { EnvironmentSpec, ExpectedOutcomes } from "../domain/declarative.js";
import { AgentRole } from "../domain/roles.js";
import type { ScenarioConfig } from "../domain/scenario.js";
import { createRehearse } from "../runner/rehearse.js";
import { agentAction, userMessage } from "../script/seed-steps.js";

/** A shop with two orders; refunds are recorded in the state (tau-bench style). */
const environment: EnvironmentSpec = {
  state: {
    orders: { A1: { total: 40, status: "delivered" }, B2: { total: 120, status: "delivered" } },
    refunds: [],
  },
  tools: {
    get_order: {
      description: "Look up an order",
      parameters: { type: "object", properties: { order_id: { type: "string" } }, required: ["order_id"] },
      handler: (input, context) => {
        const orders = context.state.orders as Record<string, unknown>;
        return orders[input.order_id as string] ?? { error: "no such order" };
      },
    },
    refund: {
      description: "Refund an order",
      parameters: {
        type: "object",
        properties: { order_id: { type: "string" }, amount: { type: "number" } },
        required: ["order_id", "amount"],
        additionalProperties: false,
      },
      handler: (input, context) => {
        const order = (context.state.orders as Record<string, { status: string }>)[input.order_id as string];
        if (!order) return { ok: false };
        order.status = "refunded";
        (context.state.refunds as unknown[]).push({ order_id: input.order_id, amount: input.amount });
        context.variables.increment("refund_count");
        return { ok: true };
      },
    },
  },
};

/** The refund of A1 for its full amount, and nothing else. */
const expectedOutcomes: ExpectedOutcomes = {
  required_events: ["action_request"],
  state: [
    {
      equals: {
        orders: { A1: { total: 40, status: "refunded" }, B2: { total: 120, status: "delivered" } },
        refunds: [{ order_id: "A1", amount: 40 }],
      },
    },
  ],
};

function scenarioWith(agent: Agent): ScenarioConfig {
  return {
    name: "refund the right order",
    description: "The customer asks for a refund of order A1",
    agents: [agent],
    environment,
    expectedOutcomes,
    script: [userMessage("Please refund my order A1"), agentAction("refund", { order_id: "A1" })],
  };
}

/** Style (a): an agent that calls `input.tools` itself. `amountFactor` 2 is the bug. */
function toolUsingAgent(amountFactor: number): Agent {
  return {
    role: AgentRole.AGENT,
    name: "tool-user",
    async call(input: AgentInput) {
      const tools = input.tools as NonNullable<AgentInput["tools"]>;
      const order = (await tools.get_order?.execute({ order_id: "A1" } as never, { toolCallId: "t1" })) as { total: number };
      await tools.refund?.execute({ order_id: "A1", amount: order.total * amountFactor } as never, { toolCallId: "t2" });
      return "Your refund is on its way.";
    },
  };
}

describe("end-state assertions catch a wrong refund", () => {
  it("passes a correct agent that uses input.tools, and records the calls as events", async () => {
    const events: string[] = [];
    const result = await createRehearse().run(scenarioWith(toolUsingAgent(1)), { onEvent: (event) => events.push(event.type) });
    expect(result.status).toBe("pass");
    expect(events.filter((type) => type === "action_request")).toHaveLength(2);
    expect(result.scenarioRun?.final_state.refunds).toEqual([{ order_id: "A1", amount: 40 }]);
    expect(result.scenarioRun?.variables).toEqual({ refund_count: 1 });
    expect(result.scenarioRun?.outcome_checks.all_passed).toBe(true);
  });

  it("fails an agent that refunds twice the amount, naming the difference", async () => {
    const result = await createRehearse().run(scenarioWith(toolUsingAgent(2)));
    expect(result.status).toBe("fail");
    expect(result.unmetCriteria.join("\n")).toContain("state.refunds[0].amount is 80, expected 40");
    expect(result.scenarioRun?.deviations.map((deviation) => deviation.kind)).toEqual(["outcome_unmet"]);
  });

  describe("with an OpenAI-compatible endpoint whose tool calls the harness executes", () => {
    let server: Server;
    let baseURL: string;
    const requests: Array<{ messages: Array<{ role: string; content: unknown }>; tools?: unknown[] }> = [];

    beforeAll(async () => {
      // A scripted endpoint: asks for get_order, then refund (order from the request path), then answers.
      server = createServer((request, response) => {
        let body = "";
        request.on("data", (chunk) => {
          body += chunk;
        });
        request.on("end", () => {
          const parsed = JSON.parse(body) as (typeof requests)[number];
          requests.push(parsed);
          const wrongOrder = request.url?.includes("/buggy/") ?? false;
          const toolMessages = parsed.messages.filter((message) => message.role === "tool");
          const message =
            toolMessages.length === 0
              ? { role: "assistant", content: null, tool_calls: [call("c1", "get_order", { order_id: "A1" })] }
              : toolMessages.length === 1
                ? {
                    role: "assistant",
                    content: null,
                    tool_calls: [call("c2", "refund", { order_id: wrongOrder ? "B2" : "A1", amount: 40 })],
                  }
                : { role: "assistant", content: "Done: your refund is on its way." };
          response.setHeader("content-type", "application/json");
          response.end(JSON.stringify({ choices: [{ index: 0, message, finish_reason: "stop" }] }));
        });
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it("passes the correct endpoint: calls and results are in the conversation", async () => {
      const agent = openAICompatibleAgent({ baseURL: `${baseURL}/good/v1`, model: "shop" });
      const result = await createRehearse().run(scenarioWith(agent));
      expect(result.status).toBe("pass");
      const roles = result.messages.map((message) => message.role);
      expect(roles).toEqual(["user", "assistant", "tool", "assistant", "tool", "assistant"]);
      const last = requests.at(-1);
      expect(last?.messages.filter((message) => message.role === "tool")).toHaveLength(2);
      // the environment's tools were offered to the endpoint in OpenAI function format
      expect(JSON.stringify(requests[0]?.tools)).toContain('"name":"refund"');
    });

    it("fails the endpoint that refunds the wrong order, by the end state and the expected action", async () => {
      const agent = openAICompatibleAgent({ baseURL: `${baseURL}/buggy/v1`, model: "shop" });
      const result = await createRehearse().run(scenarioWith(agent));
      expect(result.status).toBe("fail");
      const kinds = result.scenarioRun?.deviations.map((deviation) => deviation.kind);
      expect(kinds).toEqual(["missing_action", "outcome_unmet"]);
      expect(result.unmetCriteria.join("\n")).toMatch(/state\.orders\.A1\.status is "delivered", expected "refunded"/);
    });
  });
});

function call(id: string, name: string, args: Record<string, unknown>) {
  return { id, type: "function", function: { name, arguments: JSON.stringify(args) } };
}
