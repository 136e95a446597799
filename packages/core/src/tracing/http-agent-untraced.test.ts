import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openAICompatibleAgent } from "../agents/http/openai-compatible-agent.js";
import { AgentRole } from "../domain/roles.js";
import { createRehearse } from "../runner/rehearse.js";
import { agent, succeed, user } from "../script/steps.js";
import { installedTracing } from "../telemetry/tracing-state.js";
import { type FakeProviderServer, startFakeProviderServer } from "../test-support/fake-provider-server.js";

// its own file: tracing state is per process, and this process never sets tracing up
let server: FakeProviderServer;

beforeAll(async () => {
  server = await startFakeProviderServer({ defaultReply: { text: "Order 42 is refunded." } });
});

afterAll(async () => {
  await server?.close();
});

describe("an HTTP agent without tracing set up", () => {
  it("sends no traceparent (nothing is traced, nothing is loaded)", async () => {
    const rehearse = createRehearse({ configFile: false, env: {} });
    const result = await rehearse.run({
      name: "untraced",
      description: "d",
      agents: [
        openAICompatibleAgent({ baseURL: `${server.origin}/v1`, model: "order-agent" }),
        { role: AgentRole.USER, call: async () => "unused" },
      ],
      script: [user("refund order 42"), agent(), succeed()],
    });
    expect(result.success).toBe(true);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.headers).not.toHaveProperty("traceparent");
    expect(server.requests[0]?.headers).not.toHaveProperty("tracestate");
    expect(installedTracing()).toBeUndefined();
  });
});
