/**
 * OTLP/HTTP protobuf: decodes an `ExportTraceServiceRequest` into the OTLP
 * JSON form (camelCase fields, ids as hex, 64-bit integers as decimal
 * strings, bytes as base64, NaN and infinities as strings), so one schema
 * (otlp-json.ts) checks both encodings and names the same fields.
 *
 * The descriptor holds the fields Rehearse reads, with the field numbers of
 * the published protos (opentelemetry-proto: collector/trace/v1/trace_service,
 * trace/v1/trace, resource/v1/resource, common/v1/common). Every message sits
 * in one namespace: package names never reach the wire. Fields left out
 * (trace state, flags, links, dropped counts, schema URLs) are skipped on
 * decode, as any unknown field is; the enums are read as their int32 values.
 */
import protobuf from "protobufjs/light.js";

const repeated = (type: string, id: number) => ({ rule: "repeated", type, id });
const field = (type: string, id: number) => ({ type, id });

const descriptor = {
  nested: {
    // collector/trace/v1/trace_service.proto
    ExportTraceServiceRequest: { fields: { resourceSpans: repeated("ResourceSpans", 1) } },
    // trace/v1/trace.proto
    ResourceSpans: { fields: { resource: field("Resource", 1), scopeSpans: repeated("ScopeSpans", 2) } },
    ScopeSpans: { fields: { scope: field("InstrumentationScope", 1), spans: repeated("Span", 2) } },
    Span: {
      fields: {
        traceId: field("bytes", 1),
        spanId: field("bytes", 2),
        parentSpanId: field("bytes", 4),
        name: field("string", 5),
        kind: field("int32", 6),
        startTimeUnixNano: field("fixed64", 7),
        endTimeUnixNano: field("fixed64", 8),
        attributes: repeated("KeyValue", 9),
        events: repeated("Event", 11),
        status: field("Status", 15),
      },
    },
    Event: { fields: { timeUnixNano: field("fixed64", 1), name: field("string", 2), attributes: repeated("KeyValue", 3) } },
    Status: { fields: { message: field("string", 2), code: field("int32", 3) } },
    // resource/v1/resource.proto
    Resource: { fields: { attributes: repeated("KeyValue", 1) } },
    // common/v1/common.proto
    InstrumentationScope: { fields: { name: field("string", 1), version: field("string", 2) } },
    KeyValue: { fields: { key: field("string", 1), value: field("AnyValue", 2) } },
    AnyValue: {
      oneofs: {
        value: {
          oneof: ["stringValue", "boolValue", "intValue", "doubleValue", "arrayValue", "kvlistValue", "bytesValue"],
        },
      },
      fields: {
        stringValue: field("string", 1),
        boolValue: field("bool", 2),
        intValue: field("int64", 3),
        doubleValue: field("double", 4),
        arrayValue: field("ArrayValue", 5),
        kvlistValue: field("KeyValueList", 6),
        bytesValue: field("bytes", 7),
      },
    },
    ArrayValue: { fields: { values: repeated("AnyValue", 1) } },
    KeyValueList: { fields: { values: repeated("KeyValue", 1) } },
  },
};

const requestType = protobuf.Root.fromJSON(descriptor).lookupType("ExportTraceServiceRequest");

/** Thrown when the bytes are not an `ExportTraceServiceRequest`. */
export class ProtobufDecodeError extends Error {
  override readonly name = "ProtobufDecodeError";
}

type Decoded = Record<string, unknown>;

/**
 * The request in the OTLP JSON form (not yet checked: the schema does that).
 * @throws ProtobufDecodeError when the bytes do not decode (truncated, wrong wire types)
 */
export function decodeTraceRequest(bytes: Uint8Array): unknown {
  let object: Decoded;
  try {
    const message = requestType.decode(bytes);
    object = requestType.toObject(message, { longs: String, bytes: String, json: true }) as Decoded;
  } catch (error) {
    const reason = error instanceof RangeError && /call stack/i.test(error.message) ? "nested too deeply" : String(error);
    throw new ProtobufDecodeError(`the body is not a protobuf ExportTraceServiceRequest: ${reason}`);
  }
  for (const resourceSpans of listOf(object.resourceSpans))
    for (const scopeSpans of listOf(resourceSpans.scopeSpans))
      for (const span of listOf(scopeSpans.spans)) {
        // bytes came out as base64; OTLP JSON writes span and trace ids as hex
        for (const id of ["traceId", "spanId", "parentSpanId"] as const)
          if (typeof span[id] === "string") span[id] = Buffer.from(span[id], "base64").toString("hex");
      }
  return object;
}

function listOf(value: unknown): Decoded[] {
  return Array.isArray(value) ? (value as Decoded[]) : [];
}
