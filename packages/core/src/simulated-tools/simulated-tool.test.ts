import type { LanguageModelV3CallOptions } from "@ai-sdk/provider";
import type { MockLanguageModelV3 } from "ai/test";
import { describe, expect, it } from "vitest";
import type { Agent, AgentInput } from "../domain/agent.js";
import type { EnvironmentSpec } from "../domain/declarative.js";
import type { RehearseError } from "../domain/errors.js";
import type { ScenarioEvent } from "../domain/event.js";
import type { ModelReference } from "../domain/models.js";
import type { ScenarioResult } from "../domain/result.js";
import { AgentRole } from "../domain/roles.js";
import { agent, succeed, user } from "../script/steps.js";
import { isolated } from "../test-support/harness.js";
import { scriptedModel } from "../testing/mock-models.js";
import { simulatedTool } from "./simulated-tool.js";

const orderSchema = {
  type: "object",
  properties: { order_id: { type: "string" }, status: { type: "string", enum: ["shipped", "pending"] } },
  required: ["order_id", "status"],
};

function environment(model?: ModelReference, stateful = false): EnvironmentSpec {
  return {
    state: { customer: { name: "Ana", orders: ["A1", "B2"] } },
    tools: {
      order_status: simulatedTool({
        description: "Looks up the delivery status of an order",
        inputSchema: { type: "object", properties: { order_id: { type: "string" } }, required: ["order_id"] },
        outputSchema: orderSchema,
        instructions: "Orders starting with A have shipped.",
        ...(model ? { model } : {}),
        stateful,
      }),
    },
  };
}

/** An agent that calls `order_status` once per input in `calls` and replies with what each call returned (or its error). */
function lookupAgent(calls: readonly unknown[]): Agent & { seen: unknown[] } {
  const seen: unknown[] = [];
  return {
    role: AgentRole.AGENT,
    seen,
    async call(input: AgentInput) {
      for (const [index, order] of calls.entries()) {
        try {
          seen.push(await input.tools?.order_status?.execute(order as never, { toolCallId: `call-${index}` }));
        } catch (error) {
          seen.push({ failed: error instanceof Error ? error.message : String(error) });
        }
      }
      return "done";
    },
  };
}

async function runWith(model: ModelReference | undefined, calls: readonly unknown[], stateful = false) {
  const events: ScenarioEvent[] = [];
  const lookup = lookupAgent(calls);
  const scenario = {
    name: "simulated order status",
    description: "the agent looks orders up",
    agents: [lookup],
    environment: environment(model, stateful),
    script: [user("where are my orders?"), agent(), succeed()],
  };
  // a run that ends `error` rejects with the result on the error
  const result = await isolated()
    .run(scenario, { onEvent: (event) => events.push(event) })
    .catch((error: RehearseError) => error.result as ScenarioResult);
  return { result, seen: lookup.seen, simulated: events.filter((event) => event.type === "tool_simulated") };
}

const promptText = (model: MockLanguageModelV3, index: number) =>
  JSON.stringify((model.doGenerateCalls[index] as LanguageModelV3CallOptions).prompt);

describe("simulatedTool", () => {
  it("answers a call with the model's JSON, shown the description, the instructions and the environment state", async () => {
    const model = scriptedModel(['{"order_id":"A1","status":"shipped"}'], "simulator");
    const { result, seen, simulated } = await runWith(model, [{ order_id: "A1" }]);
    expect(result.status).toBe("pass");
    expect(seen).toEqual([{ order_id: "A1", status: "shipped" }]);
    const prompt = promptText(model, 0);
    expect(prompt).toContain("Looks up the delivery status of an order");
    expect(prompt).toContain("Orders starting with A have shipped.");
    expect(prompt).toContain('\\"orders\\":[\\"A1\\",\\"B2\\"]');
    expect(prompt).toContain('order_status({\\"order_id\\":\\"A1\\"})');
    expect(simulated).toEqual([
      expect.objectContaining({
        toolName: "order_status",
        toolCallId: "call-0",
        model: "rehearse-testing:simulator",
        source: "model",
        attempts: 1,
      }),
    ]);
    expect(result.toolCalls).toEqual([expect.objectContaining({ output: { order_id: "A1", status: "shipped" } })]);
  });

  it("asks once more, naming the problem, when the answer breaks the output schema", async () => {
    const model = scriptedModel(['{"order_id":"A1","status":"lost"}', '```json\n{"order_id":"A1","status":"shipped"}\n```']);
    const { result, seen, simulated } = await runWith(model, [{ order_id: "A1" }]);
    expect(result.status).toBe("pass");
    expect(seen).toEqual([{ order_id: "A1", status: "shipped" }]);
    expect(promptText(model, 1)).toContain("That answer is not valid: /status: must be equal to one of the allowed values");
    expect(simulated[0]).toMatchObject({ attempts: 2 });
  });

  it("ends the run `error` naming the tool and the problem when both answers are invalid", async () => {
    const model = scriptedModel(["sure, it shipped", '{"order_id":"A1"}']);
    const { result, seen } = await runWith(model, [{ order_id: "A1" }]);
    expect(result.status).toBe("error");
    expect(result.errorCode).toBe("invalid_model_output");
    expect(result.reasoning).toContain('simulated tool "order_status"');
    expect(result.reasoning).toContain("must have required property 'status'");
    expect(seen).toEqual([{ failed: expect.stringContaining("not valid") }]);
  });

  it("ends the run `skipped` naming the setting to add when there is no model", async () => {
    const { result, seen } = await runWith(undefined, [{ order_id: "A1" }]);
    expect(result.status).toBe("skipped");
    expect(result.reasoning).toContain('The environment tool "order_status" is simulated, but has no model');
    expect(result.reasoning).toContain("set defaultModel");
    expect(result.reasoning).toContain("simulatedTool({ model })");
    expect(seen).toHaveLength(1);
  });

  it("rejects a bad input with the tool's usual error, before any model call", async () => {
    const model = scriptedModel([]);
    const { result, seen } = await runWith(model, [{ order: "A1" }]);
    expect(result.status).toBe("pass");
    expect(seen).toEqual([{ failed: expect.stringContaining("must have required property 'order_id'") }]);
    expect(model.doGenerateCalls).toHaveLength(0);
  });

  it("shows earlier calls and answers in the prompt, and answers a repeated input from memory", async () => {
    const model = scriptedModel(['{"order_id":"A1","status":"shipped"}', '{"order_id":"B2","status":"pending"}']);
    const { seen, simulated } = await runWith(model, [{ order_id: "A1" }, { order_id: "B2" }, { order_id: "A1" }]);
    expect(model.doGenerateCalls).toHaveLength(2);
    expect(promptText(model, 1)).toContain(
      'order_status({\\"order_id\\":\\"A1\\"}) answered {\\"order_id\\":\\"A1\\",\\"status\\":\\"shipped\\"}',
    );
    expect(seen[2]).toEqual(seen[0]);
    expect(simulated.map((event) => (event as { source: string }).source)).toEqual(["model", "model", "memory"]);
  });

  it("asks the model again for a repeated input when the tool is stateful", async () => {
    const model = scriptedModel(['{"order_id":"A1","status":"pending"}', '{"order_id":"A1","status":"shipped"}']);
    const { seen } = await runWith(model, [{ order_id: "A1" }, { order_id: "A1" }], true);
    expect(model.doGenerateCalls).toHaveLength(2);
    expect(seen).toEqual([
      { order_id: "A1", status: "pending" },
      { order_id: "A1", status: "shipped" },
    ]);
  });
  it("stops the harness's tool loop at once when the tool cannot answer, for agents that return tool calls", async () => {
    let calls = 0;
    const callsTools: Agent = {
      role: AgentRole.AGENT,
      async call() {
        calls++;
        return [
          {
            role: "assistant" as const,
            content: [{ type: "tool-call" as const, toolCallId: "t1", toolName: "order_status", input: { order_id: "A1" } }],
          },
        ];
      },
    };
    const result = await isolated().run({
      name: "harness loop",
      description: "the harness runs the agent's tool calls",
      agents: [callsTools],
      environment: environment(),
      script: [user("where is A1?"), agent(), succeed()],
    });
    expect(result.status).toBe("skipped");
    expect(result.reasoning).toContain("simulatedTool({ model })");
    expect(calls).toBe(1);
  });

  it("is declared with simulatedTool() in TypeScript: a `simulate` key there is rejected, naming it", async () => {
    const scenario = {
      name: "typescript simulate",
      description: "a file-only key in a config",
      agents: [lookupAgent([])],
      environment: { tools: { order_status: { description: "d", parameters: { type: "object" }, simulate: {} } } },
      script: [user("hi"), agent(), succeed()],
    };
    await expect(isolated().run(scenario as never)).rejects.toThrow(/in TypeScript use simulatedTool\(\)/);
  });
});
