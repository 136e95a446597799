import type { LanguageModelV3Middleware, LanguageModelV3StreamPart } from "@ai-sdk/provider";
import type { MeteredUse, UsageMeter } from "../usage-meter.js";

/**
 * Counts the usage of every live call into `meter` under `use`. A generate
 * call is counted once it returns; a stream when its `finish` part passes
 * (the stream flows through untouched and unbuffered). Calls that throw, and
 * streams that end without `finish`, are not counted: no usage was reported.
 * Put it innermost (after record/replay in the middleware list) so replayed
 * answers never reach it; record/replay counts those with `recordReplay`.
 *
 * @example
 * ```ts
 * const model = wrapLanguageModel({
 *   model: openai("gpt-4.1-mini"),
 *   middleware: usageMiddleware(meter, { role: "Agent", modelKey: "openai:gpt-4.1-mini" }),
 * });
 * ```
 */
export function usageMiddleware(meter: UsageMeter, use: MeteredUse): LanguageModelV3Middleware {
  return {
    specificationVersion: "v3",
    async wrapGenerate({ doGenerate }) {
      const result = await doGenerate();
      meter.record(use, result.usage);
      return result;
    },
    async wrapStream({ doStream }) {
      return countedStream(await doStream(), meter, use);
    },
  };
}

/**
 * `opened` with its stream counted into `meter` when the `finish` part passes
 * (untouched and unbuffered otherwise): the stream half of `usageMiddleware`.
 */
export function countedStream<Opened extends { stream: ReadableStream<LanguageModelV3StreamPart> }>(
  opened: Opened,
  meter: UsageMeter,
  use: MeteredUse,
): Opened {
  const counted = new TransformStream<LanguageModelV3StreamPart, LanguageModelV3StreamPart>({
    transform(part, controller) {
      if (part.type === "finish") meter.record(use, part.usage);
      controller.enqueue(part);
    },
  });
  return { ...opened, stream: opened.stream.pipeThrough(counted) };
}
