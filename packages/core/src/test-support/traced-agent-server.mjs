// An HTTP agent in its own process, instrumented with OpenTelemetry as an application would be: it
// continues the caller's trace from the incoming `traceparent` (W3C trace context) and exports its own
// spans over OTLP/HTTP JSON to TRACES_URL. It answers POST /v1/chat/completions in the OpenAI
// chat-completions shape after two tool spans, `tool.lookup_order` then `tool.refund`; GET /received
// lists the `traceparent` headers it got. It prints `LISTENING <port>` once it listens on 127.0.0.1.
import { createServer } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { context, propagation, trace } from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";

const provider = new NodeTracerProvider({
  resource: resourceFromAttributes({ "service.name": "order-agent" }),
  spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: process.env.TRACES_URL }))],
});
provider.register({ propagator: new W3CTraceContextPropagator() });
const tracer = trace.getTracer("order-agent/tools");

/** The `traceparent` of each chat request, `null` when there was none. */
const received = [];

/** Runs `work` in a span under `parent`, as a tool of the agent would. */
async function toolSpan(name, attributes, parent, work) {
  const span = tracer.startSpan(name, { attributes }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), work);
  } finally {
    span.end();
  }
}

async function answer(request) {
  const body = JSON.parse(await text(request));
  received.push(request.headers.traceparent ?? null);
  const parent = propagation.extract(context.active(), request.headers);
  const orderId = /order (\d+)/.exec(JSON.stringify(body.messages))?.[1] ?? "unknown";
  await toolSpan("tool.lookup_order", { "order.id": orderId }, parent, () => sleep(5));
  await toolSpan("tool.refund", { "order.id": orderId }, parent, () => sleep(5));
  return {
    id: "chatcmpl-1",
    object: "chat.completion",
    model: body.model,
    choices: [{ index: 0, message: { role: "assistant", content: `Order ${orderId} is refunded.` }, finish_reason: "stop" }],
  };
}

function text(request) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function reply(response, status, payload) {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(payload));
}

const server = createServer((request, response) => {
  if (request.method === "GET" && request.url === "/received") return reply(response, 200, received);
  if (request.method === "POST" && request.url === "/v1/chat/completions") {
    answer(request).then(
      (completion) => reply(response, 200, completion),
      (error) => reply(response, 500, { error: { message: String(error) } }),
    );
    return;
  }
  reply(response, 404, { error: { message: `no route ${request.url}` } });
});

server.listen(0, "127.0.0.1", () => process.stdout.write(`LISTENING ${server.address().port}\n`));
process.on("SIGTERM", () => {
  server.close();
  provider.shutdown().finally(() => process.exit(0));
});
