import { gzipSync } from "node:zlib";
import { OTLPTraceExporter as ProtobufExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { BasicTracerProvider, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterEach, describe, expect, it } from "vitest";
import type { FinishedSpan } from "../telemetry/span-types.js";
import { startTraceReceiver, TRACE_RECEIVER_BODY_LIMIT, type TraceReceiver } from "./trace-receiver.js";

/** A collector that records what it receives. */
function recordingCollector() {
  const received: Array<{ spans: readonly FinishedSpan[]; settle: { quietMs: number; maxMs: number } }> = [];
  return {
    received,
    receive: (spans: readonly FinishedSpan[], settle: { quietMs: number; maxMs: number }) => received.push({ spans, settle }),
  };
}

const receivers: TraceReceiver[] = [];
afterEach(async () => {
  for (const receiver of receivers.splice(0)) await receiver.close();
});

async function start(collector = recordingCollector()) {
  const receiver = await startTraceReceiver({ collector, settle: { quietMs: 50 } });
  receivers.push(receiver);
  return { receiver, collector };
}

function post(receiver: TraceReceiver, body: string | Uint8Array, headers: Record<string, string> = {}) {
  return fetch(receiver.tracesUrl, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
}

/** The `message` of an OTLP error answer (a `google.rpc.Status`). */
async function messageOf(response: Response): Promise<string> {
  return ((await response.json()) as { message: string }).message;
}

const TRACE = "5b8efff798038103d269b633813fc60c";

/** An export as @opentelemetry/exporter-trace-otlp-http writes it (times as strings, enums as integers). */
const exportBody = {
  resourceSpans: [
    {
      resource: { attributes: [{ key: "service.name", value: { stringValue: "order-agent" } }] },
      scopeSpans: [
        {
          scope: { name: "order-agent/tools", version: "1.2.0" },
          spans: [
            {
              traceId: TRACE,
              spanId: "EEE19B7EC3C1B174",
              parentSpanId: "eee19b7ec3c1b173",
              flags: 0x101,
              name: "tool.lookup_order",
              kind: 3,
              startTimeUnixNano: "1700000000123456789",
              endTimeUnixNano: 1_700_000_001_000_000_000,
              attributes: [
                { key: "order.id", value: { stringValue: "42" } },
                { key: "order.items", value: { intValue: "3" } },
                { key: "order.total", value: { doubleValue: 19.5 } },
                { key: "order.paid", value: { boolValue: true } },
                { key: "order.tags", value: { arrayValue: { values: [{ stringValue: "a" }, { intValue: 2 }] } } },
                { key: "order.meta", value: { kvlistValue: { values: [{ key: "k", value: { stringValue: "v" } }] } } },
                { key: "empty", value: {} },
              ],
              events: [{ timeUnixNano: "1700000000500000000", name: "cache miss", attributes: [] }],
              status: { code: 2, message: "order not found" },
            },
            {
              traceId: TRACE,
              spanId: "eee19b7ec3c1b175",
              parentSpanId: "",
              name: "root",
              kind: "SPAN_KIND_SERVER",
              startTimeUnixNano: "1700000000000000000",
              endTimeUnixNano: "1700000002000000000",
            },
          ],
        },
      ],
    },
  ],
};

describe("startTraceReceiver (OTLP/HTTP JSON and protobuf)", () => {
  it("listens on 127.0.0.1 and converts each span to the SDK's finished-span shape", async () => {
    const { receiver, collector } = await start();
    expect(receiver.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(receiver.tracesUrl).toBe(`${receiver.url}/v1/traces`);
    // the receiver's start already tells the collector that remote spans may come
    expect(collector.received).toEqual([{ spans: [], settle: { quietMs: 50, maxMs: 2_000 } }]);

    const response = await post(receiver, JSON.stringify(exportBody));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});
    const [lookup, root] = collector.received[1]?.spans ?? [];
    expect(lookup?.spanContext()).toEqual({ traceId: TRACE, spanId: "eee19b7ec3c1b174", traceFlags: 1 });
    expect(lookup).toMatchObject({
      name: "tool.lookup_order",
      kind: 2, // OTLP's CLIENT (3) is the SDK's 2
      parentSpanContext: { spanId: "eee19b7ec3c1b173", traceId: TRACE },
      startTime: [1_700_000_000, 123_456_789],
      endTime: [1_700_000_001, 0],
      status: { code: 2, message: "order not found" },
      attributes: {
        "order.id": "42",
        "order.items": 3,
        "order.total": 19.5,
        "order.paid": true,
        "order.tags": ["a", 2],
        "order.meta": { k: "v" },
      },
      events: [{ name: "cache miss", time: [1_700_000_000, 500_000_000], attributes: {} }],
      instrumentationScope: { name: "order-agent/tools", version: "1.2.0" },
      resource: { attributes: { "service.name": "order-agent" } },
    });
    expect(lookup?.attributes).not.toHaveProperty("empty");
    expect(root).toMatchObject({ name: "root", kind: 1, parentSpanContext: undefined, status: { code: 0 } });
  });

  it("answers 400 naming the malformed field, and hands nothing on", async () => {
    const { receiver, collector } = await start();
    const bad = structuredClone(exportBody);
    (bad.resourceSpans[0]?.scopeSpans[0]?.spans[1] as { traceId: string }).traceId = "xyz";
    const response = await post(receiver, JSON.stringify(bad));
    expect(response.status).toBe(400);
    expect(await messageOf(response)).toBe("resourceSpans[0].scopeSpans[0].spans[1].traceId: must be 32 hex characters");

    const noTime = await post(
      receiver,
      JSON.stringify({
        resourceSpans: [
          { scopeSpans: [{ spans: [{ traceId: TRACE, spanId: "eee19b7ec3c1b174", name: "x", endTimeUnixNano: "1" }] }] },
        ],
      }),
    );
    expect(await messageOf(noTime)).toMatch(/^resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.startTimeUnixNano: /);
    const notJson = await post(receiver, "{");
    expect(notJson.status).toBe(400);
    expect(await messageOf(notJson)).toMatch(/^the body is not JSON/);
    expect(collector.received).toHaveLength(1);
  });

  it("takes protobuf from the real OTLP protobuf exporter; a truncated body is 400; other types 415", async () => {
    const { receiver, collector } = await start();
    const provider = new BasicTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(new ProtobufExporter({ url: receiver.tracesUrl }))],
    });
    const span = provider.getTracer("order-agent/tools").startSpan("tool.refund", { attributes: { "order.id": "42" } });
    span.end();
    await provider.forceFlush();
    await provider.shutdown();
    const spans = collector.received.flatMap((entry) => entry.spans);
    expect(spans.map((received) => received.name)).toEqual(["tool.refund"]);
    expect(spans[0]?.attributes["order.id"]).toBe("42");
    expect(spans[0]?.spanContext().traceId).toBe(span.spanContext().traceId);
    expect(spans[0]?.instrumentationScope?.name).toBe("order-agent/tools");

    const truncated = await post(receiver, new Uint8Array([10, 50, 1]), { "content-type": "application/x-protobuf" });
    expect(truncated.status).toBe(400);
    expect(await messageOf(truncated)).toMatch(/not a protobuf ExportTraceServiceRequest/);
    const text = await post(receiver, "{}", { "content-type": "text/plain" });
    expect(text.status).toBe(415);
  });

  it("refuses bodies over 8 MiB with 413, compressed ones by their inflated size", async () => {
    const { receiver, collector } = await start();
    const big = JSON.stringify({ resourceSpans: [], padding: "x".repeat(TRACE_RECEIVER_BODY_LIMIT) });
    const response = await post(receiver, big);
    expect(response.status).toBe(413);
    // without a content-length (chunked), reading stops at the limit
    const chunk = new TextEncoder().encode("x".repeat(1024 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 20) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const chunked = await fetch(receiver.tracesUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
    const zipped = await post(receiver, gzipSync(big), { "content-encoding": "gzip" });
    expect(zipped.status).toBe(413);
    const small = await post(receiver, gzipSync(JSON.stringify(exportBody)), { "content-encoding": "gzip" });
    expect(small.status).toBe(200);
    expect(collector.received.at(-1)?.spans).toHaveLength(2);
  });

  it("answers 404 off /v1/traces and 405 to other methods", async () => {
    const { receiver } = await start();
    expect((await fetch(`${receiver.url}/v1/metrics`, { method: "POST" })).status).toBe(404);
    expect((await fetch(receiver.tracesUrl)).status).toBe(405);
  });
});
