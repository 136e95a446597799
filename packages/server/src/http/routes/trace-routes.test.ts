import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { serve } from "@hono/node-server";
import { ROOT_CONTEXT, trace } from "@opentelemetry/api";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemRows } from "../../test-support/database.js";
import { runEvents } from "../../test-support/events.js";
import { capturedExport, type Encoding, emitRun, exportOnce, otlpExporter, tracing } from "../../test-support/otel.js";
import { type Json, type TestApp, testApp } from "../../test-support/test-app.js";
import { runTraceSchema } from "../trace-schemas.js";
import { OTLP_MAX_BYTES } from "./trace-routes.js";

const PATH = "/api/otel/v1/traces";

let server: TestApp;
let url: string;
let stop: () => Promise<void>;

beforeAll(async () => {
  server = await testApp();
  const listening = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: server.app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(started));
  });
  url = `http://127.0.0.1:${(listening.address() as AddressInfo).port}${PATH}`;
  stop = async () => {
    (listening as unknown as { closeAllConnections(): void }).closeAllConnections();
    await new Promise((resolve) => listening.close(resolve));
    await server.close();
  };
});
afterAll(async () => stop());

/** The spans the store holds for a tenant (every tenant's, by the system role). */
async function storedSpans(tenantId = "default"): Promise<number> {
  const [row] = await systemRows<{ count: number }>(
    server.services.database,
    sql`select count(*)::int as count from trace_spans where tenant_id = ${tenantId}`,
  );
  return row?.count ?? 0;
}

/** A run the server knows (its events sent), then its spans exported by the real exporter of `encoding`. */
async function tracedRun(runId: string, encoding: Encoding, options: { gzip?: boolean; key?: string } = {}) {
  await server.send(runEvents({ runId }));
  const traced = tracing("rehearse-test", otlpExporter(encoding, url, options.key ?? server.adminKey, options));
  const spans = emitRun(traced.provider, runId);
  await traced.close();
  return { ...spans, finished: traced.finished() };
}

const readTrace = async (runId: string, key?: string): Promise<Json> => server.read(`/api/v1/runs/${runId}/trace`, key);
const post = (body: string | Uint8Array, headers: Record<string, string>, key: string | undefined = server.adminKey) =>
  server.app.request(PATH, {
    method: "POST",
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
    body,
  });

describe.each<Encoding>(["json", "protobuf"])("spans from the real OTLP %s exporter", (encoding) => {
  it("land and read back as the run's trace: parent links, scope, service, attributes, events, status", async () => {
    const runId = `traced-${encoding}`;
    const { root, turn, agent } = await tracedRun(runId, encoding);
    const read = await readTrace(runId);
    expect(runTraceSchema.parse(read)).toEqual(read);
    expect(read).toMatchObject({ runId, traceIds: [root.spanContext().traceId], truncated: false });
    // by start time (spans started in the same instant in either order)
    const starts = read.spans.map((span: Json) => Date.parse(span.startTime));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    const named = (name: string) => read.spans.find((span: Json) => span.name === name);
    const [run, turnSpan, agentSpan, chat] = ["rehearse.run", "rehearse.turn", "invoke_agent shop", "chat gpt-4o"].map(named);
    expect(read.spans).toHaveLength(4);
    expect(run).toMatchObject({ parentSpanId: null, spanId: root.spanContext().spanId, kind: "internal", status: "unset" });
    expect(turnSpan).toMatchObject({ parentSpanId: root.spanContext().spanId, attributes: { "rehearse.turn": 1 } });
    expect(agentSpan.parentSpanId).toBe(turn.spanContext().spanId);
    expect(chat).toMatchObject({
      parentSpanId: agent.spanContext().spanId,
      kind: "client",
      scope: "@rehearse/core",
      service: "rehearse-test",
      status: "error",
      statusMessage: "rate limited",
      attributes: {
        "rehearse.run.id": runId,
        "gen_ai.request.model": "gpt-4o",
        "gen_ai.usage.input_tokens": 12,
        "gen_ai.response.finish_reasons": ["stop"],
        "rehearse.sampled": true,
        "rehearse.temperature": 0.25,
      },
    });
    // the tenant keeps no raw data (the default policy): personal data is stored as a placeholder
    expect(chat.events).toEqual([
      { name: "gen_ai.choice", time: expect.any(String), attributes: { index: 0, "customer.email": "[EMAIL_1]" } },
    ]);
    expect(Date.parse(run.endTime)).toBeGreaterThanOrEqual(Date.parse(run.startTime));
    expect(run.durationMs).toBeGreaterThanOrEqual(chat.durationMs);
  });

  it("stores a span sent again once (an exporter's retry)", async () => {
    const runId = `retried-${encoding}`;
    const { finished } = await tracedRun(runId, encoding);
    expect(finished).toHaveLength(4);
    const before = await storedSpans();
    const exporter = otlpExporter(encoding, url, server.adminKey);
    expect((await exportOnce(exporter, finished)).code).toBe(0);
    expect((await exportOnce(exporter, [...finished, ...finished])).code).toBe(0);
    await exporter.shutdown();
    expect(await storedSpans()).toBe(before);
    expect((await readTrace(runId)).spans).toHaveLength(4);
  });

  it("accepts gzip-encoded requests", async () => {
    const runId = `gzipped-${encoding}`;
    await tracedRun(runId, encoding, { gzip: true });
    expect((await readTrace(runId)).spans).toHaveLength(4);
  });

  it("refuses an export without a key or with a wrong one (401), storing nothing", async () => {
    const runId = `unauthorised-${encoding}`;
    await server.send(runEvents({ runId }));
    const memory = tracing("rehearse-test", otlpExporter(encoding, url, server.adminKey));
    emitRun(memory.provider, `${runId}-source`);
    await memory.close();
    const before = await storedSpans();
    for (const key of [undefined, "rh_live_not-a-key"]) {
      const exporter = otlpExporter(encoding, url, key);
      const result = await exportOnce(exporter, memory.finished());
      await exporter.shutdown();
      expect(result.code).toBe(1);
      expect(String(result.error)).toMatch(/401|Unauthorized/i);
    }
    expect(await storedSpans()).toBe(before);
  });
});

describe("a run's trace", () => {
  it("holds the agent's own spans, which carry no run id, through the shared trace", async () => {
    const runId = "with-agent-spans";
    await server.send(runEvents({ runId }));
    const rehearse = tracing("rehearse-test", otlpExporter("json", url, server.adminKey));
    const { agent } = emitRun(rehearse.provider, runId);
    await rehearse.close();
    // the agent under test, in its own service, exporting protobuf; its span is a child of invoke_agent
    const shop = tracing("shop-agent", otlpExporter("protobuf", url, server.adminKey));
    shop.provider
      .getTracer("shop")
      .startSpan("lookup_order", { attributes: { "order.id": "A-1" } }, trace.setSpan(ROOT_CONTEXT, agent))
      .end();
    await shop.close();
    const read = await readTrace(runId);
    const lookup = read.spans.find((span: Json) => span.name === "lookup_order");
    expect(lookup).toMatchObject({ service: "shop-agent", scope: "shop", parentSpanId: agent.spanContext().spanId });
    expect(read.spans).toHaveLength(5);
  });

  it("is empty for a run without spans, and 404 for a run that does not exist", async () => {
    await server.send(runEvents({ runId: "untraced" }));
    expect(await readTrace("untraced")).toEqual({ runId: "untraced", traceIds: [], truncated: false, spans: [] });
    const missing = await server.get("/api/v1/runs/no-such-run/trace");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: "not_found" });
  });
});

describe("tenant isolation", () => {
  it("keeps another tenant's spans out of this tenant's runs, and this tenant's trace from it", async () => {
    const runId = "isolated";
    await tracedRun(runId, "json");
    // the other tenant's key writes spans claiming the same run id: they land in its own tenant
    const intruder = tracing("intruder", otlpExporter("json", url, server.otherTenantKey));
    emitRun(intruder.provider, runId);
    await intruder.close();
    expect(await storedSpans("other")).toBe(4);
    const read = await readTrace(runId);
    expect(read.spans.map((span: Json) => span.service)).toEqual(Array(4).fill("rehearse-test"));
    const theirs = await server.get(`/api/v1/runs/${runId}/trace`, server.otherTenantKey);
    expect(theirs.status).toBe(404);
  });
});

describe("malformed requests", () => {
  let json: Buffer;
  let protobuf: Buffer;

  beforeAll(async () => {
    const memory = tracing("rehearse-test", otlpExporter("json", url, server.adminKey));
    emitRun(memory.provider, "malformed-source");
    await memory.close();
    const spans = memory.finished();
    json = (await capturedExport((target) => otlpExporter("json", target, "key"), spans)).body;
    protobuf = (await capturedExport((target) => otlpExporter("protobuf", target, "key"), spans)).body;
    // the source spans were stored once; the cases below must add nothing
  });

  const refused = async (response: Response, status: number, detail?: RegExp): Promise<Json> => {
    const body: Json = await response.json();
    expect(response.status, JSON.stringify(body)).toBe(status);
    expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    if (detail) expect(body.detail).toMatch(detail);
    return body;
  };

  it("answers each with a 4xx naming what is wrong, and stores nothing", async () => {
    const before = await storedSpans();
    const request = JSON.parse(json.toString("utf8"));
    const spans = request.resourceSpans[0].scopeSpans[0].spans;
    const withSpan = (index: number, change: Record<string, unknown>) => {
      const copy = structuredClone(request);
      Object.assign(copy.resourceSpans[0].scopeSpans[0].spans[index], change);
      return JSON.stringify(copy);
    };
    const asJson = { "content-type": "application/json" };
    const asProtobuf = { "content-type": "application/x-protobuf" };

    await refused(await post("{not json", asJson), 400, /not valid JSON/);
    // the last span is bad: the good ones before it are not stored either
    const badId = await refused(await post(withSpan(spans.length - 1, { traceId: "abc" }), asJson), 400);
    expect(badId).toMatchObject({
      code: "validation_error",
      field: `resourceSpans[0].scopeSpans[0].spans[${spans.length - 1}].traceId`,
      detail: `resourceSpans[0].scopeSpans[0].spans[${spans.length - 1}].traceId: must be 32 hex characters`,
    });
    await refused(await post(withSpan(0, { spanId: "0000000000000000" }), asJson), 400, /spanId: must not be all zeros/);
    await refused(await post(withSpan(0, { startTimeUnixNano: "soon" }), asJson), 400, /startTimeUnixNano/);
    await refused(await post(withSpan(0, { endTimeUnixNano: "1" }), asJson), 400, /endTimeUnixNano: must not be before/);
    await refused(await post(withSpan(0, { name: "a\u0000b" }), asJson), 400, /NUL/);
    await refused(await post(JSON.stringify({ resourceSpans: {} }), asJson), 400, /^resourceSpans:/);
    await refused(await post(protobuf.subarray(0, Math.floor(protobuf.length / 2)), asProtobuf), 400, /protobuf/);
    await refused(await post(json, asProtobuf), 400, /protobuf/);
    await refused(await post(json, { "content-type": "text/plain" }), 415, /application\/x-protobuf or application\/json/);
    await refused(await post(json, {}), 415);
    await refused(await post(json, { ...asJson, "content-encoding": "br" }), 415, /gzip/);
    await refused(await post(json, { ...asJson, "content-encoding": "gzip" }), 400, /gzip/);
    await refused(await post(new Uint8Array(OTLP_MAX_BYTES + 1), asProtobuf), 413);
    // small on the wire, too large once inflated
    const bomb = gzipSync(Buffer.alloc(OTLP_MAX_BYTES + 1));
    expect(bomb.length).toBeLessThan(OTLP_MAX_BYTES);
    await refused(await post(bomb, { ...asProtobuf, "content-encoding": "gzip" }), 413, /inflated/);
    await refused(await post(json, asJson, ""), 401);
    await refused(await post(json, asJson, "rh_live_wrong"), 401);
    expect(await storedSpans()).toBe(before);
  });

  it("answers a protobuf request with an empty protobuf response and a JSON one with an empty partial success", async () => {
    const proto = await post(protobuf, { "content-type": "application/x-protobuf" });
    expect(proto.status).toBe(200);
    expect(proto.headers.get("content-type")).toBe("application/x-protobuf");
    expect((await proto.arrayBuffer()).byteLength).toBe(0);
    const viaJson = await post(json, { "content-type": "application/json; charset=utf-8" });
    expect(viaJson.status).toBe(200);
    expect(await viaJson.json()).toEqual({ partialSuccess: {} });
  });
});
