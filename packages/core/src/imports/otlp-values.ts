import { z } from "zod";

/** An OTLP `AnyValue` in its JSON encoding (one of the value fields set). */
type AnyValue = {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values?: AnyValue[] };
  kvlistValue?: { values?: KeyValue[] };
  bytesValue?: string;
};
type KeyValue = { key: string; value?: AnyValue };

const anyValue: z.ZodType<AnyValue> = z.lazy(() =>
  z.looseObject({
    stringValue: z.string().optional(),
    boolValue: z.boolean().optional(),
    intValue: z.union([z.string(), z.number()]).optional(),
    doubleValue: z.number().optional(),
    arrayValue: z.looseObject({ values: z.array(anyValue).optional() }).optional(),
    kvlistValue: z.looseObject({ values: z.array(keyValue).optional() }).optional(),
    bytesValue: z.string().optional(),
  }),
);
const keyValue: z.ZodType<KeyValue> = z.lazy(() => z.looseObject({ key: z.string(), value: anyValue.optional() }));

const event = z.looseObject({
  name: z.string(),
  timeUnixNano: z.union([z.string(), z.number()]).optional(),
  attributes: z.array(keyValue).optional(),
});

const span = z.looseObject({
  traceId: z.string().min(1),
  spanId: z.string().optional(),
  name: z.string().optional(),
  startTimeUnixNano: z.union([z.string(), z.number()]).optional(),
  attributes: z.array(keyValue).optional(),
  events: z.array(event).optional(),
});

/** The OTLP/HTTP JSON trace export (`ExportTraceServiceRequest`), loosely: only what import reads is checked. */
export const otlpExport = z.looseObject({
  resourceSpans: z.array(z.looseObject({ scopeSpans: z.array(z.looseObject({ spans: z.array(span).optional() })).optional() })),
});

/** A span as the schema reads it. */
export type OtlpSpan = z.output<typeof span>;

/** An OTLP value as plain JSON: ints as numbers, lists as arrays, key-value lists as objects. */
export function plainValue(value: AnyValue | undefined): unknown {
  if (value === undefined) return undefined;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(plainValue);
  if (value.kvlistValue !== undefined) return attributeMap(value.kvlistValue.values);
  return value.bytesValue;
}

/** Attributes as a plain record (`key → value`). */
export function attributeMap(attributes: readonly KeyValue[] | undefined): Record<string, unknown> {
  const map: Record<string, unknown> = {};
  for (const attribute of attributes ?? []) map[attribute.key] = plainValue(attribute.value);
  return map;
}

/** A span's start as a sortable number (nanoseconds lose precision past 2^53, which only blurs ties). */
export function startOf(value: string | number | undefined): number {
  return value === undefined ? 0 : Number(value);
}
