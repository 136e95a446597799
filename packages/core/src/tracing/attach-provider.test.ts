import { trace } from "@opentelemetry/api";
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { beforeAll, describe, expect, it } from "vitest";
import { AgentRole } from "../domain/roles.js";
import { createRehearse } from "../runner/rehearse.js";
import { agent, judge, user } from "../script/steps.js";
import { judgeSpanCollector } from "../telemetry/judge-span-collector.js";
import { setupTracing } from "./setup-tracing.js";

// An application that set OpenTelemetry up itself, before Rehearse (one
// process per test file: this provider is the process's).
const appExporter = new InMemorySpanExporter();
const appProvider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(appExporter)] });

/** The provider the global API hands tracers out from. */
const registeredProvider = () => (trace.getTracerProvider() as unknown as { getDelegate(): unknown }).getDelegate();

beforeAll(() => {
  appProvider.register();
  setupTracing({ env: {} });
});

/** The agent under test, instrumented with the application's tracer. */
const inventoryAgent = {
  role: AgentRole.AGENT,
  name: "InventoryAgent",
  call: () =>
    trace.getTracer("my-app/inventory").startActiveSpan("inventory.lookup", async (span) => {
      span.end();
      return "3 left in stock";
    }),
};

describe("tracing attached to the application's provider", () => {
  it("keeps the application's provider registered (Rehearse adds to it, it does not replace it)", () => {
    expect(registeredProvider()).toBe(appProvider);
  });

  it("sends Rehearse's spans to the application's exporter, in the run's trace with the agent's own", async () => {
    appExporter.reset();
    const result = await createRehearse({ configFile: false, env: {} }).run({
      name: "attached",
      description: "the user asks about stock",
      agents: [inventoryAgent, { role: AgentRole.USER, call: async () => "unused" }],
      script: [user("any left?"), agent()],
    });
    await appProvider.forceFlush();
    const spans = appExporter.getFinishedSpans();
    const run = spans.find((span) => span.name === "rehearse.run");
    const lookup = spans.find((span) => span.name === "inventory.lookup");
    expect(run?.attributes["rehearse.run.id"]).toBe(result.runId);
    expect(run?.instrumentationScope.name).toBe("@rehearse/core");
    expect(spans.map((span) => span.name)).toContain("invoke_agent InventoryAgent");
    expect(lookup?.spanContext().traceId).toBe(run?.spanContext().traceId);
  });

  it("still feeds the judge's span collector: a judge reads the agent's span of its thread", async () => {
    const seen: string[][] = [];
    const spanJudge = {
      role: AgentRole.JUDGE,
      call: async (input: { threadId: string; judgmentRequest?: unknown }) => {
        if (!input.judgmentRequest) return null;
        const names = judgeSpanCollector.getSpansForThread(input.threadId).map((span) => span.name);
        seen.push(names);
        const looked = names.includes("inventory.lookup");
        return { success: looked, reasoning: "read the spans", metCriteria: [], unmetCriteria: [] };
      },
    };
    const result = await createRehearse({ configFile: false, env: {} }).run({
      name: "attached judge",
      description: "the judge checks the agent's lookup",
      agents: [inventoryAgent, { role: AgentRole.USER, call: async () => "unused" }, spanJudge],
      script: [user("any left?"), agent(), judge()],
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toContain("inventory.lookup");
    expect(result.success).toBe(true);
  });
});
