import { trace } from "@opentelemetry/api";
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { beforeAll, describe, expect, it } from "vitest";
import { judgeAgent } from "../agents/judge/judge-agent.js";
import { spanExists, spansInOrder } from "../agents/judge/span-checks.js";
import { expandTrace, grepTrace, judgeSpanDigestFormatter } from "../agents/judge/trace-helpers.js";
import { AgentRole } from "../domain/roles.js";
import { createRehearse } from "../runner/rehearse.js";
import { agent, judge, user } from "../script/steps.js";
import { judgeSpanCollector } from "../telemetry/judge-span-collector.js";
import { finishTestResult, scriptedModel, textResult } from "../testing/mock-models.js";
import { scenarioOnly, withCustomScopes } from "./filters.js";
import { setupTracing } from "./setup-tracing.js";

// one process per test file: tracing is set up once, as an application would
const exporter = new InMemorySpanExporter();
const filtered = new InMemorySpanExporter();

beforeAll(() => {
  setupTracing({
    spanProcessors: [new SimpleSpanProcessor(exporter)],
    traceExporter: filtered,
    spanFilter: scenarioOnly,
    env: {},
  });
});

const appTracer = trace.getTracer("my-app/database");

/** An in-process agent instrumented with OpenTelemetry, as an application's agent would be. */
const orderAgent = {
  role: AgentRole.AGENT,
  name: "OrderAgent",
  call: () =>
    appTracer.startActiveSpan("db.query SELECT orders", async (span) => {
      span.setAttribute("db.operation", "SELECT");
      span.end();
      return appTracer.startActiveSpan("refund", async (refund) => {
        refund.end();
        return "Your order 42 is refunded.";
      });
    }),
};

function byName(spans: ReadableSpan[], name: string): ReadableSpan {
  const found = spans.find((span) => span.name === name);
  if (!found) throw new Error(`no span ${name} among ${spans.map((span) => span.name).join(", ")}`);
  return found;
}

describe("tracing (real @opentelemetry/sdk-trace-base, in-memory exporter)", () => {
  it("makes one trace per run: run → turn → invoke_agent → the agent's own spans and the judge's model call", async () => {
    exporter.reset();
    const judgeModel = scriptedModel([finishTestResult({ "the agent refunds": "true" })], "judge-model");
    const rehearse = createRehearse({ configFile: false, env: {} });
    const result = await rehearse.run({
      name: "refund",
      description: "the user wants a refund",
      agents: [
        orderAgent,
        { role: AgentRole.USER, call: async () => "unused" },
        judgeAgent({ model: judgeModel, criteria: ["the agent refunds"] }),
      ],
      script: [user("refund order 42"), agent(), judge()],
    });
    expect(result.success).toBe(true);
    const spans = exporter.getFinishedSpans();
    const run = byName(spans, "rehearse.run");
    const turn = byName(spans, "rehearse.turn");
    const invoke = byName(spans, "invoke_agent OrderAgent");
    const query = byName(spans, "db.query SELECT orders");
    const chat = byName(spans, "chat judge-model");
    expect(new Set(spans.map((span) => span.spanContext().traceId)).size).toBe(1);
    expect(turn.parentSpanContext?.spanId).toBe(run.spanContext().spanId);
    expect(invoke.parentSpanContext?.spanId).toBe(turn.spanContext().spanId);
    expect(query.parentSpanContext?.spanId).toBe(invoke.spanContext().spanId);
    expect(run.attributes["rehearse.run.id"]).toBe(result.runId);
    expect(run.attributes["gen_ai.conversation.id"]).toBe(run.attributes["langwatch.thread.id"]);
    expect(run.attributes["rehearse.outcome"]).toBe("pass");
    expect(invoke.attributes["gen_ai.operation.name"]).toBe("invoke_agent");
    expect(invoke.attributes["rehearse.agent.role"]).toBe("Agent");
    // GenAI semantic conventions on the harness's model call, no content without opt-in
    expect(chat.kind).toBe(2);
    expect(chat.attributes).toMatchObject({
      "gen_ai.operation.name": "chat",
      "gen_ai.request.model": "judge-model",
      "rehearse.agent.role": "Judge",
    });
    expect(chat.attributes["gen_ai.usage.input_tokens"]).toBeTypeOf("number");
    expect(chat.attributes["gen_ai.input.messages"]).toBeUndefined();
    expect(byName(spans, "invoke_agent JudgeAgent").spanContext().spanId).toBe(chat.parentSpanContext?.spanId);
  });

  it("shows the judge the agent's own spans, not the harness's", async () => {
    let prompt = "";
    const judgeModel = scriptedModel([
      (options) => {
        prompt = JSON.stringify(options.prompt);
        return finishTestResult({ "the agent looked up the order": "true" });
      },
    ]);
    const rehearse = createRehearse({ configFile: false, env: {} });
    await rehearse.run({
      name: "judge reads spans",
      description: "d",
      agents: [
        orderAgent,
        { role: AgentRole.USER, call: async () => "unused" },
        judgeAgent({ model: judgeModel, criteria: ["the agent looked up the order"] }),
      ],
      script: [user("refund order 42"), agent(), judge()],
    });
    expect(prompt).toContain("db.query SELECT orders");
    expect(prompt).toContain("invoke_agent OrderAgent");
    // the run and turn spans, the user's and judges' calls and Rehearse's ids stay out
    expect(prompt).not.toMatch(/\] rehearse\.(run|turn)\b/);
    expect(prompt).not.toContain("rehearse.run.id");
    expect(prompt).not.toContain("invoke_agent JudgeAgent");
  });

  it("spanExists and spansInOrder check what the agent really did", async () => {
    const rehearse = createRehearse({ configFile: false, env: {} });
    const result = await rehearse.run({
      name: "span checks",
      description: "d",
      agents: [orderAgent, { role: AgentRole.USER, call: async () => "unused" }],
      script: [
        user("refund order 42"),
        agent(),
        judge({
          criteria: [
            spanExists({ name: "db.query SELECT orders", attributes: { "db.operation": "SELECT" } }),
            spansInOrder([{ name: /^db\.query/ }, { name: "refund" }]),
            spansInOrder([{ name: "refund" }, { name: /^db\.query/ }], { name: "refund before lookup" }),
          ],
        }),
      ],
    });
    expect(result.metCriteria).toHaveLength(2);
    expect(result.unmetCriteria).toEqual(["refund before lookup"]);
  });

  it("a custom judge reads the collector with the reference's trace helpers", async () => {
    const seen: Record<string, string> = {};
    const customJudge = {
      role: AgentRole.JUDGE,
      call: async (input: { threadId: string }) => {
        const spans = judgeSpanCollector.getSpansForThread(input.threadId);
        const query = spans.find((span) => span.name === "db.query SELECT orders");
        seen.digest = judgeSpanDigestFormatter.format(spans);
        seen.structure = judgeSpanDigestFormatter.formatStructureOnly(spans);
        seen.grep = grepTrace(spans, "SELECT");
        seen.expand = expandTrace(spans, [query?.spanContext().spanId.slice(0, 8) ?? "none"]);
        const met = query !== undefined;
        return {
          success: met,
          reasoning: "read the spans",
          metCriteria: met ? ["looked up"] : [],
          unmetCriteria: met ? [] : ["looked up"],
        };
      },
    };
    const result = await createRehearse({ configFile: false, env: {} }).run({
      name: "custom judge",
      description: "d",
      agents: [orderAgent, { role: AgentRole.USER, call: async () => "unused" }, customJudge],
      script: [user("refund order 42"), agent(), judge()],
    });
    expect(result.success).toBe(true);
    expect(seen.digest).toMatch(/db\.operation: SELECT/);
    expect(seen.structure).toContain("db.query SELECT orders");
    expect(seen.structure).not.toContain("db.operation");
    expect(seen.grep).toContain("db.query SELECT orders");
    expect(seen.expand).toContain("db.operation");
  });

  it("releases a run's spans when it ends", async () => {
    const rehearse = createRehearse({ configFile: false, env: {} });
    const before = judgeSpanCollector.size;
    await rehearse.run({
      name: "release",
      description: "d",
      agents: [orderAgent, { role: AgentRole.USER, call: async () => "unused" }],
      script: [user("hi"), agent()],
    });
    expect(judgeSpanCollector.size).toBe(before);
  });

  it("the filtered exporter receives only Rehearse's scope; withCustomScopes adds named ones", () => {
    const scopes = new Set(filtered.getFinishedSpans().map((span) => span.instrumentationScope.name));
    expect([...scopes]).toEqual(["@rehearse/core"]);
    expect(exporter.getFinishedSpans().some((span) => span.instrumentationScope.name === "my-app/database")).toBe(true);
    expect(withCustomScopes("my-app/database")).toEqual([
      { include: { instrumentationScopeName: [{ equals: "@rehearse/core" }, { equals: "my-app/database" }] } },
    ]);
    expect(textResult("x").content).toHaveLength(1);
  });
});
