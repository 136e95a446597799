import { connect } from "node:net";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { describe, expect, it } from "vitest";
import type { EnvironmentSpec } from "../domain/declarative.js";
import type { ScenarioEvent } from "../domain/event.js";
import type { ScenarioConfig } from "../domain/scenario.js";
import { agent, succeed, user } from "../script/steps.js";
import { isolated } from "../test-support/harness.js";
import { mcpAgent } from "./mcp-agent.js";

const orderSchema = {
  type: "object",
  properties: { order_id: { type: "string", pattern: "^A\\d+$" } },
  required: ["order_id"],
  additionalProperties: false,
};

const environment: EnvironmentSpec = {
  state: { orders: { A100: { total: 40, status: "delivered" } }, refunds: [] },
  tools: {
    get_order: {
      description: "Look up an order by id",
      parameters: orderSchema,
      handler: (input, context) => (context.state.orders as Record<string, unknown>)[String(input.order_id)] ?? null,
    },
    refund: {
      description: "Refund an order",
      parameters: orderSchema,
      response: { set: { "orders.A100.status": "refunded" }, append: { refunds: { order_id: "{{input.order_id}}" } } },
    },
    ship: { description: "Ship an order", parameters: orderSchema, response: { result: { shipped: true } } },
  },
};

/** What the scripted MCP agent saw, for the assertions. */
interface Seen {
  url?: string;
  tools?: unknown[];
  results: Record<string, unknown>;
}

/** An agent under test that only speaks MCP: lists the tools, then calls three of them (no model). */
function scriptedMcpAgent(seen: Seen) {
  return mcpAgent({
    call: async (_input, mcp) => {
      seen.url = mcp.url;
      const client = new Client({ name: "scripted-agent", version: "1.0.0" });
      await client.connect(new StreamableHTTPClientTransport(new URL(mcp.url)));
      try {
        seen.tools = (await client.listTools()).tools;
        seen.results.refund = await client.callTool({ name: "refund", arguments: { order_id: "A100" } });
        seen.results.order = await client.callTool({ name: "get_order", arguments: { order_id: "A100" } });
        seen.results.ship = await client.callTool({ name: "ship", arguments: { order_id: "A100" } });
        seen.results.bad = await client.callTool({ name: "get_order", arguments: { order_id: 7 } });
        seen.results.unknown = await client.callTool({ name: "delete_everything", arguments: {} }).catch((error: Error) => error);
      } finally {
        await client.close();
      }
      return "Refunded A100.";
    },
  });
}

function scenario(seen: Seen, checks: ScenarioConfig["script"] = []): ScenarioConfig {
  return {
    name: "mcp refund",
    description: "the agent under test reaches the environment over MCP",
    agents: [scriptedMcpAgent(seen)],
    environment,
    injections: [{ type: "tool_error", target_action: "ship", error_type: "rate_limit" }],
    script: [user("Please refund A100"), agent(), ...(checks ?? []), succeed()],
  };
}

function refused(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });
}

describe("mcpAgent", () => {
  it("lists the environment's tools with the schemas the scenario declares", async () => {
    const seen: Seen = { results: {} };
    await isolated().run(scenario(seen));
    expect(seen.tools).toEqual([
      { name: "get_order", description: "Look up an order by id", inputSchema: orderSchema },
      { name: "refund", description: "Refund an order", inputSchema: orderSchema },
      { name: "ship", description: "Ship an order", inputSchema: orderSchema },
    ]);
  });

  it("changes the state that steps, checks and the result see", async () => {
    const seen: Seen = { results: {} };
    const during: unknown[] = [];
    const result = await isolated().run(
      scenario(seen, [(state) => void during.push(structuredClone(state.environment?.state.refunds))]),
    );
    expect(result.status).toBe("pass");
    expect(during).toEqual([[{ order_id: "A100" }]]);
    expect(result.scenarioRun?.final_state).toMatchObject({ orders: { A100: { status: "refunded" } } });
    expect(seen.results.order).toMatchObject({ structuredContent: { total: 40, status: "refunded" } });
    expect(seen.results.order).not.toHaveProperty("isError");
  });

  it("answers an injected fault and a bad input as MCP error results, logged in the run", async () => {
    const seen: Seen = { results: {} };
    const events: ScenarioEvent[] = [];
    const result = await isolated().run(scenario(seen), { onEvent: (event) => events.push(event) });
    expect(seen.results.ship).toMatchObject({ isError: true, structuredContent: { error: { type: "rate_limit" } } });
    expect(seen.results.bad).toMatchObject({ isError: true, structuredContent: { error: { type: "invalid_input" } } });
    expect(String(seen.results.unknown)).toMatch(/unknown tool "delete_everything"/);
    expect(result.scenarioRun?.injections_performed.map((entry) => entry.type)).toEqual(["tool_error"]);
    const calls = events.flatMap((event) =>
      event.type === "action_response" ? [[event.toolName, "error" in event ? "error" : "ok"]] : [],
    );
    expect(calls).toEqual([
      ["refund", "ok"],
      ["get_order", "ok"],
      ["ship", "error"],
      ["get_order", "error"],
    ]);
    expect(result.scenarioRun?.events_by_actor.agent).toBeGreaterThanOrEqual(4);
  });

  it("listens on 127.0.0.1 only, and the port refuses connections once the run has ended", async () => {
    const seen: Seen = { results: {} };
    await isolated().run(scenario(seen));
    const url = seen.url ?? "";
    expect(new URL(url).hostname).toBe("127.0.0.1");
    expect(await refused(url)).toBe(true);
  });
});
