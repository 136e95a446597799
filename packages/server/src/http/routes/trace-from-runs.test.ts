import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { trace } from "@opentelemetry/api";
import { AgentRole, agent, createRehearse, setupTracing, user } from "@rehearse/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "../../test-support/test-app.js";

// A run that reports to the server sends its spans there too (tracing set up, report.endpoint set):
// the run's trace — Rehearse's spans and the agent's own — is read back beside its messages.
let server: TestApp;
let origin: string;
let stop: () => Promise<void>;
const outbox = mkdtempSync(join(tmpdir(), "rehearse-trace-outbox-"));

beforeAll(async () => {
  setupTracing({ env: {} });
  server = await testApp();
  const listening = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: server.app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(started));
  });
  origin = `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
  stop = async () => {
    (listening as unknown as { closeAllConnections(): void }).closeAllConnections();
    await new Promise((resolve) => listening.close(resolve));
    await server.close();
  };
});
afterAll(async () => {
  await stop();
  rmSync(outbox, { recursive: true, force: true });
});

describe("a traced run reporting to the server", () => {
  it("is readable as GET /api/v1/runs/{id}/trace, the agent's own spans included", async () => {
    const appTracer = trace.getTracer("shop-agent");
    const rehearse = createRehearse({
      configFile: false,
      env: {},
      config: { report: { endpoint: origin, apiKey: server.adminKey, outboxDir: outbox } },
    });
    const result = await rehearse.run({
      name: "traced refund",
      description: "the user asks for a refund",
      agents: [
        {
          role: AgentRole.AGENT,
          name: "ShopAgent",
          call: () =>
            appTracer.startActiveSpan("lookup_order", async (span) => {
              span.setAttribute("order.id", "42");
              span.end();
              return "Refunded.";
            }),
        },
        { role: AgentRole.USER, call: async () => "unused" },
      ],
      script: [user("refund order 42"), agent()],
    });
    await rehearse.close({ timeoutMs: 10_000 });

    const body = (await server.read(`/api/v1/runs/${result.runId}/trace`)) as {
      traceIds: string[];
      spans: Array<{
        name: string;
        spanId: string;
        parentSpanId: string | null;
        scope: string | null;
        attributes: Record<string, unknown>;
      }>;
    };
    expect(body.traceIds).toHaveLength(1);
    const names = body.spans.map((span) => span.name);
    expect(names).toEqual(expect.arrayContaining(["rehearse.run", "rehearse.turn", "invoke_agent ShopAgent", "lookup_order"]));
    const invoke = body.spans.find((span) => span.name === "invoke_agent ShopAgent");
    const lookup = body.spans.find((span) => span.name === "lookup_order");
    expect(lookup?.parentSpanId).toBe(invoke?.spanId);
    expect(lookup?.scope).toBe("shop-agent");
    expect(lookup?.attributes["order.id"]).toBe("42");
  });
});
