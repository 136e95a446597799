/**
 * Traces: OTLP/HTTP ingest at `POST /api/otel/v1/traces` (what an
 * OpenTelemetry exporter pointed at `{server}/api/otel` sends: protobuf or
 * JSON, optionally gzip-encoded, with an ingest key as a bearer token) and a
 * run's trace at `GET /api/v1/runs/{runId}/trace`. A request is stored whole
 * or not at all: 400 names the first bad field, 413 past `OTLP_MAX_BYTES`
 * (on the wire or inflated), 415 for another content type or encoding, 503
 * with Retry-After when the write failed (exporters retry it).
 */
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { decodeTraceRequest, ProtobufDecodeError } from "@rehearse/core/otlp";
import { z } from "zod";
import { readRunTrace } from "../../services/run-trace.js";
import { checkTraceRequest, ingestSpans } from "../../services/trace-ingest.js";
import type { AppEnv } from "../app-env.js";
import { problem, problemResponse } from "../problem.js";
import { readEncodedBody } from "../read-encoded-body.js";
import { bearerSecurity, jsonResponse, readProblems } from "../route-parts.js";
import { otlpTraceRequestDocument, otlpTraceResponseSchema, runTraceSchema } from "../trace-schemas.js";

/** The most bytes one trace request may have, on the wire and once inflated. */
export const OTLP_MAX_BYTES = 8 * 1024 * 1024;

const PROTOBUF = "application/x-protobuf";
const JSON_TYPE = "application/json";
const binary = z.string().meta({ format: "binary" });
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

const ingestTracesRoute = createRoute({
  method: "post",
  path: "/api/otel/v1/traces",
  tags: ["ingest"],
  summary: "Store OTLP/HTTP trace spans (protobuf or JSON, optionally gzip); a span sent again is stored once",
  security: bearerSecurity,
  request: {
    body: {
      required: true,
      content: { [PROTOBUF]: { schema: binary }, [JSON_TYPE]: { schema: otlpTraceRequestDocument } },
    },
  },
  responses: {
    200: {
      description: "Stored: an empty ExportTraceServiceResponse (protobuf), `{partialSuccess: {}}` (JSON)",
      content: { [PROTOBUF]: { schema: binary }, [JSON_TYPE]: { schema: otlpTraceResponseSchema } },
    },
    400: problemResponse("Not an ExportTraceServiceRequest: the first bad field is named; nothing was stored"),
    401: problemResponse("No valid API key"),
    413: problemResponse("Over 8 MiB on the wire or once inflated: export smaller batches"),
    415: problemResponse("Not application/x-protobuf or application/json, or an encoding other than gzip"),
    503: problemResponse("The write failed; retry after Retry-After seconds"),
  },
});

const runTraceRoute = createRoute({
  method: "get",
  path: "/api/v1/runs/{runId}/trace",
  tags: ["runs"],
  summary: "A run's trace: every span of the traces holding a span of the run, by start time (at most 5 000)",
  security: bearerSecurity,
  request: { params: z.object({ runId: z.string().min(1).max(200) }) },
  responses: { 200: jsonResponse(runTraceSchema, "The trace (no spans when none were received)"), ...readProblems() },
});

export function registerTraceRoutes(app: OpenAPIHono<AppEnv>): void {
  // documented from the route, served by a plain handler: the body is read here, so type, size,
  // encoding and each field get their own problem
  app.openAPIRegistry.registerPath(ingestTracesRoute);
  app.post(ingestTracesRoute.path, async (context) => {
    const mediaType = (context.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
    if (mediaType !== PROTOBUF && mediaType !== JSON_TYPE)
      return problem(
        context,
        415,
        "unsupported_media_type",
        `send ${PROTOBUF} or ${JSON_TYPE} (got ${mediaType ? mediaType.slice(0, 80) : "no content type"})`,
      );
    const read = await readEncodedBody(context, OTLP_MAX_BYTES);
    if ("response" in read) return read.response;
    const body = mediaType === PROTOBUF ? protobufBody(read.bytes) : jsonBody(read.bytes);
    if ("problem" in body) return problem(context, 400, body.code, body.problem);
    const checked = checkTraceRequest(body.value);
    if ("issue" in checked) {
      const { field, message } = checked.issue;
      return problem(context, 400, "validation_error", field ? `${field}: ${message}` : `the request: ${message}`, {
        ...(field ? { field } : {}),
      });
    }
    const services = context.get("services");
    try {
      await ingestSpans(services, context.get("scope"), checked.spans);
    } catch (error) {
      services.logger.error({ err: error, requestId: context.get("requestId") }, "trace ingest write failed");
      return problem(context, 503, "unavailable", "the spans could not be stored; retry", { headers: { "retry-after": "1" } });
    }
    // an empty ExportTraceServiceResponse: every span was accepted
    if (mediaType === PROTOBUF) return context.body(new Uint8Array(0), 200, { "content-type": PROTOBUF });
    return context.json({ partialSuccess: {} }, 200);
  });

  app.openapi(runTraceRoute, async (context) => {
    const { runId } = context.req.valid("param");
    const services = context.get("services");
    const scope = context.get("scope");
    const trace = await readRunTrace(services.database, scope, runId, await services.reading.viewFor(scope));
    if (!trace) return problem(context, 404, "not_found", `no run ${runId}`) as never;
    return context.json(trace, 200);
  });
}

type Body = { value: unknown } | { problem: string; code: "validation_error" | "invalid_json" };

function protobufBody(bytes: Uint8Array): Body {
  try {
    return { value: decodeTraceRequest(bytes) };
  } catch (error) {
    if (error instanceof ProtobufDecodeError) return { problem: error.message, code: "validation_error" };
    throw error;
  }
}

function jsonBody(bytes: Uint8Array): Body {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return { problem: "the body is not valid UTF-8", code: "invalid_json" };
  }
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    const reason = error instanceof RangeError ? "it is nested too deeply" : "it does not parse";
    return { problem: `the body is not valid JSON: ${reason}`, code: "invalid_json" };
  }
}
