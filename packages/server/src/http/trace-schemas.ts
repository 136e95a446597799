/**
 * Schemas of the trace routes (OpenAPI components): what a run's trace reads
 * as (services/run-trace.ts returns it; the route tests check real responses
 * against it), and the OTLP request and response as documented (the request
 * itself is checked by services/otlp-json.ts).
 */
import { z } from "zod";

const timestamp = z.string().meta({ format: "date-time" });
const attributes = z
  .record(z.string(), z.unknown())
  .meta({ description: "OTLP attributes as plain JSON: 64-bit integers past 2^53 and bytes (base64) as strings" });

export const traceSpanSchema = z
  .object({
    traceId: z.string().meta({ description: "32 hex characters" }),
    spanId: z.string().meta({ description: "16 hex characters" }),
    parentSpanId: z.string().nullable(),
    name: z.string(),
    kind: z.enum(["internal", "server", "client", "producer", "consumer"]),
    scope: z.string().nullable().meta({ description: "The instrumentation scope (`@rehearse/core` for Rehearse's spans)" }),
    service: z.string().nullable().meta({ description: "The resource's `service.name`" }),
    startTime: timestamp,
    endTime: timestamp,
    durationMs: z.number(),
    status: z.enum(["unset", "ok", "error"]),
    statusMessage: z.string().nullable(),
    attributes,
    events: z.array(z.object({ name: z.string(), time: timestamp, attributes })),
  })
  .meta({ id: "TraceSpan" });

export const runTraceSchema = z
  .object({
    runId: z.string(),
    traceIds: z.array(z.string()).meta({ description: "The traces holding a span with this run's `rehearse.run.id`" }),
    truncated: z.boolean().meta({ description: "More spans than the 5 000 shown" }),
    spans: z.array(traceSpanSchema).meta({ description: "Every span of those traces, by start time" }),
  })
  .meta({ id: "RunTrace" });

export const otlpTraceRequestDocument = z.object({ resourceSpans: z.array(z.record(z.string(), z.unknown())).optional() }).meta({
  id: "OtlpTraceRequest",
  description:
    "An OTLP `ExportTraceServiceRequest` in the OTLP JSON encoding (camelCase fields, hex trace and span ids, " +
    "64-bit integers as strings or numbers, enums as integers), see opentelemetry-proto",
});

export const otlpTraceResponseSchema = z
  .object({
    partialSuccess: z.object({
      rejectedSpans: z.union([z.string(), z.number()]).optional(),
      errorMessage: z.string().optional(),
    }),
  })
  .meta({ id: "OtlpTraceResponse" });
