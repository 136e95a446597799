import { InMemorySpanExporter } from "@opentelemetry/sdk-trace-base";
import { decodeTraceRequest, ProtobufDecodeError } from "@rehearse/core/otlp";
import { describe, expect, it } from "vitest";
import { capturedExport, emitRun, otlpExporter, tracing } from "../test-support/otel.js";
import { checkTraceRequest } from "./trace-ingest.js";
import { MAX_VALUE_DEPTH, type SpanRecord } from "./trace-spans.js";

const TRACE = "5b8efff798038103d269b633813fc60c";
const SPAN = "eee19b7ec3c1b174";

/** A request with one span: `span` over a valid one, `resource` attributes as given. */
const request = (span: Record<string, unknown> = {}, resource: unknown[] = []) => ({
  resourceSpans: [
    {
      resource: { attributes: resource },
      scopeSpans: [
        {
          scope: { name: "shop", version: "2.0" },
          spans: [
            {
              traceId: TRACE,
              spanId: SPAN,
              name: "lookup_order",
              startTimeUnixNano: "1760000000000000000",
              endTimeUnixNano: "1760000000250000000",
              ...span,
            },
          ],
        },
      ],
    },
  ],
});

const spansOf = (body: unknown): SpanRecord[] => {
  const checked = checkTraceRequest(body);
  if ("issue" in checked) throw new Error(`${checked.issue.field}: ${checked.issue.message}`);
  return checked.spans;
};
const issueOf = (body: unknown) => {
  const checked = checkTraceRequest(body);
  return "issue" in checked ? checked.issue : undefined;
};

describe("checkTraceRequest", () => {
  it("reads the OTLP JSON encoding: hex ids lowercased, 64-bit integers as strings or numbers, enums as numbers or names", () => {
    const [span] = spansOf(
      request(
        {
          traceId: TRACE.toUpperCase(),
          parentSpanId: "",
          kind: "SPAN_KIND_SERVER",
          startTimeUnixNano: 1_760_000_000_000_000_000,
          status: { code: 2, message: "boom" },
          attributes: [
            { key: "count", value: { intValue: "42" } },
            { key: "huge", value: { intValue: "9007199254740993" } },
            { key: "ratio", value: { doubleValue: "NaN" } },
            { key: "raw", value: { bytesValue: "AQID" } },
            { key: "tags", value: { arrayValue: { values: [{ stringValue: "a" }, { boolValue: false }] } } },
            { key: "order", value: { kvlistValue: { values: [{ key: "id", value: { stringValue: "A-1" } }] } } },
            { key: "empty", value: {} },
            { key: "__proto__", value: { stringValue: "kept as data" } },
          ],
          events: [{ timeUnixNano: "1760000000100000000", name: "retry" }],
        },
        [{ key: "service.name", value: { stringValue: "shop-agent" } }],
      ),
    );
    expect(span).toMatchObject({
      traceId: TRACE,
      parentSpanId: null,
      kind: "server",
      scopeName: "shop",
      scopeVersion: "2.0",
      serviceName: "shop-agent",
      statusCode: "error",
      statusMessage: "boom",
      runId: null,
      events: [{ name: "retry", timeUnixNano: "1760000000100000000", attributes: {} }],
    });
    expect(span?.startUnixNano).toBe(1_760_000_000_000_000_000n);
    expect({ ...span?.attributes }).toEqual({
      count: 42,
      huge: "9007199254740993",
      ratio: "NaN",
      raw: "AQID",
      tags: ["a", false],
      order: { id: "A-1" },
      empty: null,
      ["__proto__"]: "kept as data",
    });
    expect(Object.getPrototypeOf(span?.attributes)).toBe(Object.prototype);
  });

  it("takes the run from rehearse.run.id", () => {
    const [span] = spansOf(request({ attributes: [{ key: "rehearse.run.id", value: { stringValue: "scenariorun_1" } }] }));
    expect(span?.runId).toBe("scenariorun_1");
    expect(spansOf({})).toEqual([]);
  });

  it.each([
    [{ traceId: "00000000000000000000000000000000" }, "resourceSpans[0].scopeSpans[0].spans[0].traceId", "must not be all zeros"],
    [{ spanId: "xyz" }, "resourceSpans[0].scopeSpans[0].spans[0].spanId", "must be 16 hex characters"],
    [{ parentSpanId: "abc" }, "resourceSpans[0].scopeSpans[0].spans[0].parentSpanId", "must be 16 hex characters"],
    [{ kind: 9 }, "resourceSpans[0].scopeSpans[0].spans[0].kind", "must be one of 0 to 5"],
    [{ startTimeUnixNano: "-1" }, "resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano", "must be a decimal integer"],
    [{ endTimeUnixNano: "9223372036854775808" }, "resourceSpans[0].scopeSpans[0].spans[0].endTimeUnixNano", "must be at most"],
    [{ endTimeUnixNano: "1" }, "resourceSpans[0].scopeSpans[0].spans[0].endTimeUnixNano", "must not be before"],
    [{ name: 7 }, "resourceSpans[0].scopeSpans[0].spans[0].name", "expected string"],
    [{ name: "a\u0000" }, "resourceSpans[0].scopeSpans[0].spans[0]", "NUL"],
    [
      { attributes: [{ key: "x", value: { bytesValue: "not base64!" } }] },
      "resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value.bytesValue",
      "base64",
    ],
    [
      { attributes: [{ key: "rehearse.run.id", value: { stringValue: "r".repeat(201) } }] },
      "resourceSpans[0].scopeSpans[0].spans[0].attributes",
      "at most 200 characters",
    ],
  ])("refuses %j naming %s", (span, field, message) => {
    const issue = issueOf(request(span));
    expect(issue?.field).toBe(field);
    expect(issue?.message).toContain(message);
  });

  it("refuses values nested too deeply, before they reach the store", () => {
    let value: Record<string, unknown> = { stringValue: "leaf" };
    for (let level = 0; level <= MAX_VALUE_DEPTH; level++) value = { arrayValue: { values: [value] } };
    expect(issueOf(request({ attributes: [{ key: "deep", value }] }))).toEqual({
      field: "resourceSpans[0].scopeSpans[0].spans[0].attributes",
      message: `values must not nest deeper than ${MAX_VALUE_DEPTH} levels`,
    });
    for (let level = 0; level < 20_000; level++) value = { arrayValue: { values: [value] } };
    expect(issueOf(request({ attributes: [{ key: "deeper", value }] }))?.message).toMatch(/nest/);
  });
});

describe("decodeTraceRequest", () => {
  it("reads what the protobuf exporter sends as the JSON exporter's request reads", async () => {
    const traced = tracing("rehearse-test", new InMemorySpanExporter());
    emitRun(traced.provider, "scenariorun_same");
    await traced.close();
    const spans = traced.finished();
    const json = await capturedExport((url) => otlpExporter("json", url, "key"), spans);
    const protobuf = await capturedExport((url) => otlpExporter("protobuf", url, "key"), spans);
    expect(protobuf.headers["content-type"]).toBe("application/x-protobuf");
    const fromJson = spansOf(JSON.parse(json.body.toString("utf8")));
    const fromProtobuf = spansOf(decodeTraceRequest(protobuf.body));
    expect(fromJson).toHaveLength(4);
    expect(fromProtobuf).toEqual(fromJson);
  });

  it("refuses bytes that are not a request", () => {
    expect(() => decodeTraceRequest(new Uint8Array([0x0a, 0x05, 0x01]))).toThrow(ProtobufDecodeError);
    expect(() => decodeTraceRequest(new Uint8Array([0x0a, 0x05, 0x01]))).toThrow(/not a protobuf ExportTraceServiceRequest/);
    expect(decodeTraceRequest(new Uint8Array())).toEqual({});
  });
});
