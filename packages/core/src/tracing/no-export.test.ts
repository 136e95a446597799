import { request } from "node:http";
import net, { createServer } from "node:net";
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { AgentRole } from "../domain/roles.js";
import { createRehearse } from "../runner/rehearse.js";
import { agent, user } from "../script/steps.js";
import { flushTracing, setupTracing } from "./setup-tracing.js";

// Tracing with no exporter, OTLP endpoint or LangWatch key configured sends
// nothing anywhere (decision 0041): every socket connection is watched.
const connect = vi.spyOn(net.Socket.prototype, "connect");
const memory = new InMemorySpanExporter();

beforeAll(() => {
  for (const name of [
    "OTEL_EXPORTER_OTLP_ENDPOINT",
    "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
    "LANGWATCH_API_KEY",
    "LANGWATCH_ENDPOINT",
  ]) {
    vi.stubEnv(name, undefined);
  }
  // process.env as it now is: the setup reads it
  setupTracing({ spanProcessors: [new SimpleSpanProcessor(memory)] });
});

afterAll(() => {
  vi.unstubAllEnvs();
  connect.mockRestore();
});

it("a traced run, flushed, attempts no connection", async () => {
  connect.mockClear();
  const result = await createRehearse({ configFile: false, env: {} }).run({
    name: "offline",
    description: "d",
    agents: [{ role: AgentRole.AGENT, call: async () => "hello" }],
    script: [user("hi"), agent()],
  });
  await flushTracing();
  await new Promise((resolve) => setTimeout(resolve, 50));
  // the run was traced: the spans exist, they just go nowhere
  const run = memory.getFinishedSpans().find((span) => span.name === "rehearse.run");
  expect(run?.attributes["rehearse.run.id"]).toBe(result.runId);
  expect(connect).not.toHaveBeenCalled();
});

it("the watch sees an HTTP request's connection (positive control)", async () => {
  const server = createServer((socket) => socket.end("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  connect.mockClear();
  await new Promise<void>((resolve, reject) => {
    const outgoing = request({ host: "127.0.0.1", port, method: "POST", path: "/v1/traces" }, (response) => {
      response.resume();
      response.on("end", resolve);
    });
    outgoing.on("error", reject);
    outgoing.end();
  });
  server.close();
  expect(connect).toHaveBeenCalled();
});
