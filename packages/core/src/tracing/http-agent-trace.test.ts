import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openAICompatibleAgent } from "../agents/http/openai-compatible-agent.js";
import { judgeAgent } from "../agents/judge/judge-agent.js";
import { spanExists, spansInOrder } from "../agents/judge/span-checks.js";
import { AgentRole } from "../domain/roles.js";
import { createRehearse } from "../runner/rehearse.js";
import { agent, judge, user } from "../script/steps.js";
import { finishTestResult, scriptedModel } from "../testing/mock-models.js";
import { setupTracing } from "./setup-tracing.js";
import { startTraceReceiver, type TraceReceiver } from "./trace-receiver.js";

// one process per test file: tracing is set up once, as an application would; the agent under test
// runs in a child process with its own OpenTelemetry SDK and exports its spans to the receiver
const exporter = new InMemorySpanExporter();
let receiver: TraceReceiver;
let child: ChildProcess;
let agentOrigin: string;

const fixture = fileURLToPath(new URL("../test-support/traced-agent-server.mjs", import.meta.url));

/** Starts the traced agent and resolves with its origin once it listens. */
function startAgent(tracesUrl: string): Promise<{ process: ChildProcess; origin: string }> {
  const started = spawn(process.execPath, [fixture], { env: { TRACES_URL: tracesUrl }, stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let output = "";
    let errors = "";
    started.stderr?.on("data", (chunk: Buffer) => {
      errors += chunk.toString();
    });
    started.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const port = /LISTENING (\d+)/.exec(output)?.[1];
      if (port) resolve({ process: started, origin: `http://127.0.0.1:${port}` });
    });
    started.once("exit", (code) => reject(new Error(`the traced agent exited (${code}): ${errors}`)));
  });
}

beforeAll(async () => {
  setupTracing({ spanProcessors: [new SimpleSpanProcessor(exporter)], env: {} });
  receiver = await startTraceReceiver();
  const agentServer = await startAgent(receiver.tracesUrl);
  child = agentServer.process;
  agentOrigin = agentServer.origin;
});

afterAll(async () => {
  child?.kill("SIGTERM");
  await receiver?.close();
});

describe("an HTTP agent that exports its own spans (child process, OTLP/HTTP JSON)", () => {
  it("joins the run's trace through traceparent, and its spans reach the judge and the span checks", async () => {
    let prompt = "";
    const judgeModel = scriptedModel([
      (options) => {
        prompt = JSON.stringify(options.prompt);
        return finishTestResult({ "The agent refunds order 42": "true" });
      },
    ]);
    const rehearse = createRehearse({ configFile: false, env: {} });
    const result = await rehearse.run({
      name: "refund over HTTP",
      description: "the user wants order 42 refunded",
      agents: [
        openAICompatibleAgent({ baseURL: `${agentOrigin}/v1`, model: "order-agent", name: "OrderAgent" }),
        { role: AgentRole.USER, call: async () => "unused" },
        judgeAgent({ model: judgeModel, criteria: ["The agent refunds order 42"] }),
      ],
      script: [
        user("refund order 42"),
        agent(),
        judge({
          criteria: [
            spanExists({ name: "tool.lookup_order", attributes: { "order.id": "42" } }),
            spansInOrder([{ name: "tool.lookup_order" }, { name: "tool.refund" }]),
          ],
        }),
        judge(),
      ],
    });

    expect(result.success).toBe(true);
    expect(result.metCriteria).toEqual(
      expect.arrayContaining([
        'Agent produced a span "tool.lookup_order" with order.id=42',
        'Agent produced spans in order: "tool.lookup_order" → "tool.refund"',
      ]),
    );

    const spans = exporter.getFinishedSpans();
    const run = spans.find((span) => span.name === "rehearse.run" && span.attributes["rehearse.run.id"] === result.runId);
    const invoke = spans.find((span) => span.name === "invoke_agent OrderAgent");
    const received = (await (await fetch(`${agentOrigin}/received`)).json()) as Array<string | null>;
    expect(received).toHaveLength(1);
    // traceparent: version-traceid-parentid-flags
    const [, traceId, parentId, flags] = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/.exec(received[0] ?? "") ?? [];
    expect(traceId).toBe(run?.spanContext().traceId);
    expect(parentId).toBe(invoke?.spanContext().spanId);
    expect(flags).toBe("01");

    // the agent's own spans, from the other process, are in the judge's prompt, under the agent call
    expect(prompt).toContain("tool.lookup_order");
    expect(prompt).toContain("tool.refund");
    expect(prompt).toContain("order.id");
    expect(prompt).toContain("invoke_agent OrderAgent");
  });
});
