import { createServer, type IncomingMessage } from "node:http";
import net from "node:net";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { AgentRole } from "../domain/roles.js";
import { createRehearse } from "../runner/rehearse.js";
import { agent, user } from "../script/steps.js";
import { flushTracing } from "./setup-tracing.js";

// OTEL_EXPORTER_OTLP_ENDPOINT alone turns tracing on and exports Rehearse's
// spans there as OTLP/HTTP JSON (one process per test file: this setup is
// the process's). The sink is a local HTTP server.
interface Received {
  method: string | undefined;
  path: string | undefined;
  contentType: string | undefined;
  body: string;
}
const received: Received[] = [];
const sink = createServer((incoming: IncomingMessage, response) => {
  let body = "";
  incoming.on("data", (chunk: Buffer) => {
    body += chunk.toString();
  });
  incoming.on("end", () => {
    received.push({ method: incoming.method, path: incoming.url, contentType: incoming.headers["content-type"], body });
    response.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
});
let endpoint = "";
const connect = vi.spyOn(net.Socket.prototype, "connect");

beforeAll(async () => {
  await new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(sink.address() as net.AddressInfo).port}`;
});

afterAll(() => {
  sink.close();
  connect.mockRestore();
});

interface OtlpSpan {
  name: string;
  attributes?: Array<{ key: string; value: { stringValue?: string } }>;
}
interface OtlpRequest {
  resourceSpans: Array<{ scopeSpans: Array<{ scope?: { name?: string }; spans: OtlpSpan[] }> }>;
}

/** The spans of every request the sink received, with their scope names. */
function receivedSpans(): Array<{ scope: string | undefined; span: OtlpSpan }> {
  return received.flatMap((request) =>
    (JSON.parse(request.body) as OtlpRequest).resourceSpans.flatMap((resource) =>
      resource.scopeSpans.flatMap((scoped) => scoped.spans.map((span) => ({ scope: scoped.scope?.name, span }))),
    ),
  );
}

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  while (!condition() && Date.now() - started < timeoutMs) await new Promise((resolve) => setTimeout(resolve, 20));
}

it("with OTEL_EXPORTER_OTLP_ENDPOINT set, a run's spans are POSTed to {endpoint}/v1/traces", async () => {
  const result = await createRehearse({ configFile: false, env: { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint } }).run({
    name: "exported",
    description: "d",
    agents: [{ role: AgentRole.AGENT, name: "Greeter", call: async () => "hello" }],
    script: [user("hi"), agent()],
  });
  await flushTracing();
  await until(() => receivedSpans().some(({ span }) => span.name === "rehearse.run"));
  expect(received.map((request) => `${request.method} ${request.path}`)).toContain("POST /v1/traces");
  expect(received[0]?.contentType).toContain("application/json");
  const spans = receivedSpans();
  const run = spans.find(({ span }) => span.name === "rehearse.run");
  expect(run?.scope).toBe("@rehearse/core");
  const runId = run?.span.attributes?.find((attribute) => attribute.key === "rehearse.run.id")?.value.stringValue;
  expect(runId).toBe(result.runId);
  expect(spans.map(({ span }) => span.name)).toContain("invoke_agent Greeter");
  // the export went through the socket watch no-export.test.ts relies on
  expect(connect).toHaveBeenCalled();
});
