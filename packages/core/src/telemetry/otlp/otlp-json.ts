/**
 * The OTLP JSON encoding of `ExportTraceServiceRequest` (OTLP/HTTP, the
 * protobuf JSON mapping with OTLP's exceptions): camelCase fields, trace and
 * span ids as hex, 64-bit integers as decimal strings or numbers, enums as
 * integers (or their names), bytes as base64. Unknown fields are ignored, as
 * the specification asks of receivers. A bad field is named by its path,
 * `resourceSpans[0].scopeSpans[1].spans[3].traceId: must be 32 hex characters`.
 * Protobuf requests are decoded into this form first (otlp-protobuf.ts).
 */
import { z } from "zod";

/** The largest `int8`: times are stored as signed 64-bit nanoseconds. */
const MAX_INT8 = 9_223_372_036_854_775_807n;

/** A trace id (16 bytes) or span id (8 bytes) in hex, lowercased; all zeros is invalid. */
const identifier = (bytes: number) =>
  z
    .string()
    .regex(new RegExp(`^[0-9a-fA-F]{${bytes * 2}}$`), `must be ${bytes * 2} hex characters`)
    .refine((value) => /[1-9a-fA-F]/.test(value), "must not be all zeros")
    .transform((value) => value.toLowerCase());

/** An unsigned 64-bit integer as a decimal string or a JSON number. */
const unixNano = z
  .union([z.string().regex(/^\d{1,20}$/, "must be a decimal integer"), z.number().nonnegative().refine(Number.isInteger)])
  .transform((value) => BigInt(value))
  .refine((value) => value <= MAX_INT8, `must be at most ${MAX_INT8}`);

/** An enum as its number or its name. */
const enumeration = (names: readonly string[]) =>
  z
    .union([z.number().int(), z.enum(names as [string, ...string[]])])
    .transform((value) => (typeof value === "number" ? value : names.indexOf(value)))
    .refine((value) => value >= 0 && value < names.length, `must be one of 0 to ${names.length - 1}`);

/** An `AnyValue`: one of its members (none: an empty value). */
export interface OtlpAnyValue {
  stringValue?: string | undefined;
  boolValue?: boolean | undefined;
  intValue?: string | number | undefined;
  doubleValue?: number | string | undefined;
  bytesValue?: string | undefined;
  arrayValue?: { values?: OtlpAnyValue[] | undefined } | undefined;
  kvlistValue?: { values?: OtlpKeyValue[] | undefined } | undefined;
}

export interface OtlpKeyValue {
  key: string;
  value?: OtlpAnyValue | undefined;
}

const anyValue: z.ZodType<OtlpAnyValue> = z.lazy(() =>
  z.object({
    stringValue: z.string().optional(),
    boolValue: z.boolean().optional(),
    intValue: z
      .union([
        z.string().regex(/^-?\d{1,20}$/, "must be a decimal integer"),
        z.number().refine(Number.isInteger, "must be an integer"),
      ])
      .optional(),
    doubleValue: z.union([z.number(), z.enum(["NaN", "Infinity", "-Infinity"])]).optional(),
    bytesValue: z.base64().optional(),
    arrayValue: z.object({ values: z.array(anyValue).optional() }).optional(),
    kvlistValue: z.object({ values: z.array(keyValue).optional() }).optional(),
  }),
);

const keyValue: z.ZodType<OtlpKeyValue> = z.lazy(() => z.object({ key: z.string(), value: anyValue.optional() }));

const attributes = z.array(keyValue).optional().default([]);

export const SPAN_KINDS = [
  "SPAN_KIND_UNSPECIFIED",
  "SPAN_KIND_INTERNAL",
  "SPAN_KIND_SERVER",
  "SPAN_KIND_CLIENT",
  "SPAN_KIND_PRODUCER",
  "SPAN_KIND_CONSUMER",
] as const;
export const STATUS_CODES = ["STATUS_CODE_UNSET", "STATUS_CODE_OK", "STATUS_CODE_ERROR"] as const;

const span = z.object({
  traceId: identifier(16),
  spanId: identifier(8),
  // the root has none: absent, or empty (some senders write zeros)
  parentSpanId: z
    .string()
    .regex(/^(?:[0-9a-fA-F]{16})?$/, "must be 16 hex characters (or empty for a root span)")
    .transform((value) => (/[1-9a-fA-F]/.test(value) ? value.toLowerCase() : ""))
    .optional(),
  name: z.string(),
  kind: enumeration(SPAN_KINDS).optional().default(0),
  startTimeUnixNano: unixNano,
  endTimeUnixNano: unixNano,
  attributes,
  events: z
    .array(z.object({ timeUnixNano: unixNano, name: z.string().optional().default(""), attributes }))
    .optional()
    .default([]),
  status: z.object({ code: enumeration(STATUS_CODES).optional().default(0), message: z.string().optional() }).optional(),
});

/** The request, checked; ids lowercased, times as `bigint` nanoseconds, enums as numbers. */
export const otlpTraceRequestSchema = z.object({
  resourceSpans: z
    .array(
      z.object({
        resource: z.object({ attributes }).optional(),
        scopeSpans: z
          .array(
            z.object({
              scope: z.object({ name: z.string().optional(), version: z.string().optional() }).optional(),
              spans: z.array(span).optional().default([]),
            }),
          )
          .optional()
          .default([]),
      }),
    )
    .optional()
    .default([]),
});

export type OtlpTraceRequest = z.output<typeof otlpTraceRequestSchema>;
export type OtlpSpan = z.output<typeof span>;
