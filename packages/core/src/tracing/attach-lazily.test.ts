import { trace } from "@opentelemetry/api";
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { beforeAll, expect, it } from "vitest";
import { AgentRole } from "../domain/roles.js";
import { createRehearse } from "../runner/rehearse.js";
import { agent, user } from "../script/steps.js";

// An application with its own provider and no setupTracing call: the first
// run sees the registration and attaches to it (one process per test file).
const appExporter = new InMemorySpanExporter();
const appProvider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(appExporter)] });

beforeAll(() => {
  appProvider.register();
});

it("a run attaches to the provider the application registered, without setupTracing", async () => {
  const result = await createRehearse({ configFile: false, env: {} }).run({
    name: "lazily attached",
    description: "d",
    agents: [{ role: AgentRole.AGENT, call: async () => "hello" }],
    script: [user("hi"), agent()],
  });
  await appProvider.forceFlush();
  const run = appExporter.getFinishedSpans().find((span) => span.name === "rehearse.run");
  expect(run?.attributes["rehearse.run.id"]).toBe(result.runId);
  expect((trace.getTracerProvider() as unknown as { getDelegate(): unknown }).getDelegate()).toBe(appProvider);
});
