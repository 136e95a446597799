import type { LanguageModelV3GenerateResult, LanguageModelV3Middleware, LanguageModelV3StreamPart } from "@ai-sdk/provider";
import { canonicalValue, type JsonValue, normaliseCall, reviveBytes } from "../call-key.js";
import type { CassetteRecorder, CassetteSlot } from "../cassette-recorder.js";

/** Callbacks of the record/replay middleware, e.g. to count replayed calls per role. */
export interface RecordReplayHooks {
  /** A call was answered from the cassette (it reached no model, so it is not usage). */
  onReplay?(info: { model: string; kind: "generate" | "stream"; key: string }): void;
}

/**
 * The record/replay middleware for one model of a cassette session (get it
 * from `session.middleware(modelKey)`). Place it outermost: a replayed call
 * then skips usage counting, retries and concurrency limits.
 *
 * Generate answers are stored without the raw request/response bodies and
 * headers; streams as their parts (minus `raw` parts), replayed as a stream.
 * A stream that ends with an `error` part, or is cancelled, is not recorded.
 *
 * @example
 * ```ts
 * const model = wrapLanguageModel({ model: provider, middleware: createRecordReplayMiddleware(recorder, "openai:gpt-4.1-mini") });
 * ```
 */
export function createRecordReplayMiddleware(
  recorder: CassetteRecorder,
  modelKey: string,
  hooks: RecordReplayHooks = {},
): LanguageModelV3Middleware {
  const replayed = (slot: CassetteSlot, kind: "generate" | "stream"): void =>
    hooks.onReplay?.({ model: modelKey, kind, key: slot.key });
  return {
    specificationVersion: "v3",
    async wrapGenerate({ doGenerate, params }) {
      if (recorder.mode === "off") return doGenerate();
      const slot = recorder.claim("generate", modelKey, normaliseCall(modelKey, params));
      const recording = await recorder.recordingFor(slot);
      if (recording) {
        replayed(slot, "generate");
        return decodeGenerate(recording.response);
      }
      const result = await doGenerate();
      recorder.record(slot, encodeGenerate(result));
      return result;
    },
    async wrapStream({ doStream, params }) {
      if (recorder.mode === "off") return doStream();
      const slot = recorder.claim("stream", modelKey, normaliseCall(modelKey, params));
      const recording = await recorder.recordingFor(slot);
      if (recording) {
        replayed(slot, "stream");
        return { stream: replayStream(recording.response) };
      }
      const result = await doStream();
      return { ...result, stream: result.stream.pipeThrough(recordingStream(recorder, slot)) };
    },
  };
}

function encodeGenerate(result: LanguageModelV3GenerateResult): JsonValue {
  const response = result.response;
  return canonicalValue({
    content: result.content,
    finishReason: result.finishReason,
    usage: result.usage,
    providerMetadata: result.providerMetadata,
    warnings: result.warnings,
    response: response && { id: response.id, modelId: response.modelId, timestamp: response.timestamp },
  });
}

function decodeGenerate(stored: unknown): LanguageModelV3GenerateResult {
  const result = reviveBytes(stored) as LanguageModelV3GenerateResult;
  return result.response ? { ...result, response: reviveTimestamp(result.response) } : result;
}

/** Passes parts through unchanged and records them once the stream ends cleanly. */
function recordingStream(
  recorder: CassetteRecorder,
  slot: CassetteSlot,
): TransformStream<LanguageModelV3StreamPart, LanguageModelV3StreamPart> {
  const parts: JsonValue[] = [];
  let failed = false;
  return new TransformStream({
    transform(part, controller) {
      controller.enqueue(part);
      if (part.type === "error") failed = true;
      // Raw chunks are transport (only sent with includeRawChunks, which is not in the key).
      else if (part.type !== "raw") parts.push(canonicalValue(part));
    },
    flush() {
      if (!failed) recorder.record(slot, parts);
    },
  });
}

function replayStream(stored: unknown): ReadableStream<LanguageModelV3StreamPart> {
  const parts = (reviveBytes(stored) as LanguageModelV3StreamPart[]).map((part) =>
    part.type === "response-metadata" ? reviveTimestamp(part) : part,
  );
  return new ReadableStream({
    start(controller) {
      for (const part of parts) controller.enqueue(part);
      controller.close();
    },
  });
}

/** Canonical JSON keeps dates as ISO text; the V3 spec wants a `Date`. */
function reviveTimestamp<T extends { timestamp?: Date }>(metadata: T): T {
  const timestamp = metadata.timestamp as unknown;
  return typeof timestamp === "string" ? { ...metadata, timestamp: new Date(timestamp) } : metadata;
}
