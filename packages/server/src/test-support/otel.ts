/**
 * OpenTelemetry for trace tests: a tracer provider exporting through the
 * real OTLP/HTTP exporters (JSON or protobuf) and keeping a copy of every
 * span, a run's spans as Rehearse emits them, and the exact bytes an
 * exporter sends (caught by a small HTTP server on 127.0.0.1).
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { OTLPTraceExporter as JsonExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as ProtobufExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanExporter,
} from "@opentelemetry/sdk-trace-base";

export type Encoding = "json" | "protobuf";

/** An OTLP exporter of `encoding` posting to `url` with `key` as the bearer token (none: no header). */
export function otlpExporter(
  encoding: Encoding,
  url: string,
  key: string | undefined,
  options: { gzip?: boolean } = {},
): SpanExporter {
  const headers: Record<string, string> = key === undefined ? {} : { authorization: `Bearer ${key}` };
  const config = {
    url,
    headers,
    // the exporters' CompressionAlgorithm enum is "gzip" | "none"
    ...(options.gzip ? { compression: "gzip" as never } : {}),
    timeoutMillis: 10_000,
  };
  return encoding === "json" ? new JsonExporter(config) : new ProtobufExporter(config);
}

/** Exports `spans` once through `exporter`; the export result code (0 success, 1 failed) and error. */
export function exportOnce(exporter: SpanExporter, spans: ReadableSpan[]): Promise<{ code: number; error?: Error }> {
  return new Promise((resolve) => exporter.export(spans, (result) => resolve(result)));
}

/** A provider for `service` exporting every ended span through `exporter` and keeping them in `finished`. */
export function tracing(service: string, exporter: SpanExporter) {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": service }),
    spanProcessors: [new SimpleSpanProcessor(exporter), new SimpleSpanProcessor(memory)],
  });
  // shutting down empties the memory exporter: the spans are kept here first
  let kept: ReadableSpan[] | undefined;
  return {
    provider,
    /** The spans ended so far (ended before `close()`, once closed). */
    finished: (): ReadableSpan[] => kept ?? memory.getFinishedSpans(),
    /** Waits for every export; then shuts the exporters down. */
    async close() {
      await provider.forceFlush();
      kept = [...memory.getFinishedSpans()];
      await provider.shutdown();
    },
  };
}

/** The spans of one run as Rehearse's core emits them, ended; the root, the turn and the agent call. */
export function emitRun(provider: BasicTracerProvider, runId: string): { root: Span; turn: Span; agent: Span } {
  const tracer = provider.getTracer("@rehearse/core", "0.1.0");
  const common = { "rehearse.run.id": runId, "rehearse.batch.id": "batch-1", "gen_ai.conversation.id": `thread-${runId}` };
  const root = tracer.startSpan(
    "rehearse.run",
    { attributes: { ...common, "rehearse.scenario.name": "refund request" } },
    ROOT_CONTEXT,
  );
  const turn = tracer.startSpan(
    "rehearse.turn",
    { attributes: { ...common, "rehearse.turn": 1 } },
    trace.setSpan(ROOT_CONTEXT, root),
  );
  const agent = tracer.startSpan(
    "invoke_agent shop",
    { attributes: { ...common, "gen_ai.operation.name": "invoke_agent", "rehearse.agent.role": "Agent" } },
    trace.setSpan(ROOT_CONTEXT, turn),
  );
  const chat = tracer.startSpan(
    "chat gpt-4o",
    {
      kind: SpanKind.CLIENT,
      attributes: {
        ...common,
        "gen_ai.operation.name": "chat",
        "gen_ai.request.model": "gpt-4o",
        "gen_ai.usage.input_tokens": 12,
        "gen_ai.usage.output_tokens": 7,
        "gen_ai.response.finish_reasons": ["stop"],
        "rehearse.sampled": true,
        "rehearse.temperature": 0.25,
      },
    },
    trace.setSpan(ROOT_CONTEXT, agent),
  );
  chat.addEvent("gen_ai.choice", { index: 0, "customer.email": "jane@example.com" });
  chat.setStatus({ code: SpanStatusCode.ERROR, message: "rate limited" });
  chat.end();
  agent.end();
  turn.end();
  root.end();
  return { root, turn, agent };
}

/** The exact request `exporter` (made for a URL) sends for `spans`. */
export async function capturedExport(
  makeExporter: (url: string) => SpanExporter,
  spans: ReadableSpan[],
): Promise<{ body: Buffer; headers: IncomingHttpHeaders }> {
  let caught: { body: Buffer; headers: IncomingHttpHeaders } | undefined;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      caught = { body: Buffer.concat(chunks), headers: request.headers };
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const exporter = makeExporter(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`);
  try {
    const result = await exportOnce(exporter, spans);
    if (result.code !== 0 || !caught) throw new Error(`the capture failed: ${result.error?.message}`);
    return caught;
  } finally {
    await exporter.shutdown();
    await new Promise((resolve) => server.close(resolve));
  }
}
