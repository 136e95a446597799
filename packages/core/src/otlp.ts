/**
 * `@rehearse/core/otlp`: reading OTLP/HTTP trace exports (JSON and protobuf),
 * shared by the trace receiver and the run-history server. Not loaded by
 * `@rehearse/core`: it needs zod and, for protobuf, `protobufjs`.
 */
export { type OtlpSpansResult, otlpFinishedSpans } from "./telemetry/otlp/finished-spans.js";
export {
  type OtlpAnyValue,
  type OtlpKeyValue,
  type OtlpSpan,
  type OtlpTraceRequest,
  otlpTraceRequestSchema,
  SPAN_KINDS,
  STATUS_CODES,
} from "./telemetry/otlp/otlp-json.js";
export { decodeTraceRequest, ProtobufDecodeError } from "./telemetry/otlp/otlp-protobuf.js";
