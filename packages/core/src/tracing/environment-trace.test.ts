import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { beforeAll, describe, expect, it } from "vitest";
import type { Agent, AgentInput } from "../domain/agent.js";
import type { EnvironmentSpec } from "../domain/declarative.js";
import { AgentRole } from "../domain/roles.js";
import { createRehearse } from "../runner/rehearse.js";
import { userMessage } from "../script/seed-steps.js";
import { setupTracing } from "./setup-tracing.js";

// one process per test file: tracing is set up once
const exporter = new InMemorySpanExporter();
beforeAll(() => setupTracing({ spanProcessors: [new SimpleSpanProcessor(exporter)], env: {} }));

const environment: EnvironmentSpec = {
  state: { stock: 3 },
  tools: {
    check_stock: { parameters: { type: "object" }, response: { result: { stock: "{{state.stock}}" } } },
  },
};

const stockAgent: Agent = {
  role: AgentRole.AGENT,
  name: "stock-agent",
  async call(input: AgentInput) {
    try {
      await input.tools?.check_stock?.execute({} as never, { toolCallId: `c${input.messages.length}` });
      return "in stock";
    } catch (error) {
      return `tool failed: ${(error as Error).message}`;
    }
  },
};

const named = (spans: ReadableSpan[], name: string) => spans.filter((span) => span.name === name);

describe("a declarative run's trace", () => {
  it("has its environment tool calls under the agent's call, failed ones marked, and injections as turn events", async () => {
    exporter.reset();
    const result = await createRehearse({ configFile: false, env: {} }).run(
      {
        name: "stock",
        description: "faults",
        agents: [stockAgent],
        environment,
        injections: [{ type: "tool_error", target_action: "check_stock", error_type: "not_found", error_message: "gone" }],
        script: [userMessage("how many?"), userMessage("and now?")],
      },
      { seed: 1 },
    );
    const spans = exporter.getFinishedSpans();
    const tools = named(spans, "execute_tool check_stock");
    const agents = named(spans, "invoke_agent stock-agent");
    const [run] = named(spans, "rehearse.run");
    expect(run?.attributes["rehearse.run.id"]).toBe(result.runId);
    expect(tools.length).toBeGreaterThan(0);
    for (const tool of tools) {
      expect(agents.map((span) => span.spanContext().spanId)).toContain(tool.parentSpanContext?.spanId);
      expect(tool.attributes["gen_ai.tool.name"]).toBe("check_stock");
      expect(tool.spanContext().traceId).toBe(run?.spanContext().traceId);
    }
    // the injected failure: an error status on the tool span and an event on its turn
    expect(tools.some((tool) => tool.status.code === 2 && /gone/.test(tool.status.message ?? ""))).toBe(true);
    const injected = named(spans, "rehearse.turn").flatMap((turn) =>
      turn.events.filter((event) => event.name === "rehearse.injection"),
    );
    expect(injected[0]?.attributes).toMatchObject({ "rehearse.injection.type": "tool_error" });
  });
});
