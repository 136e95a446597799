import type { LanguageModelV3Middleware, LanguageModelV3StreamPart, SharedV3Warning } from "@ai-sdk/provider";

/**
 * The warnings of a model call as sentences, e.g. `dropped temperature for
 * openai:o4-mini: temperature is not supported for reasoning models`. Takes a
 * V3 generate result or a `generateText` result (both carry `warnings`).
 *
 * @example
 * const result = await generateText({ model, prompt, temperature: 0.2 });
 * for (const message of providerWarnings(result, "openai:o4-mini")) models.warn(message);
 */
export function providerWarnings(result: { warnings?: readonly SharedV3Warning[] | undefined }, modelKey: string): string[] {
  return (result.warnings ?? []).map((warning) => describeWarning(warning, modelKey));
}

/**
 * Middleware reporting each distinct provider warning once per middleware
 * instance (a setting dropped on every call is logged once, not per turn).
 *
 * @example
 * const model = wrapLanguageModel({ model: base, middleware: warningsMiddleware("openai:o4-mini", models.warn) });
 */
export function warningsMiddleware(modelKey: string, warn: (message: string) => void): LanguageModelV3Middleware {
  const reported = new Set<string>();
  const report = (warnings: readonly SharedV3Warning[] | undefined) => {
    for (const message of providerWarnings({ warnings }, modelKey)) {
      if (reported.has(message)) continue;
      reported.add(message);
      warn(message);
    }
  };
  return {
    specificationVersion: "v3",
    async wrapGenerate({ doGenerate }) {
      const result = await doGenerate();
      report(result.warnings);
      return result;
    },
    async wrapStream({ doStream }) {
      const result = await doStream();
      // Streams announce their warnings in the first part, `stream-start`.
      const watch = new TransformStream<LanguageModelV3StreamPart, LanguageModelV3StreamPart>({
        transform(part, controller) {
          if (part.type === "stream-start") report(part.warnings);
          controller.enqueue(part);
        },
      });
      return { ...result, stream: result.stream.pipeThrough(watch) };
    },
  };
}

function describeWarning(warning: SharedV3Warning, modelKey: string): string {
  switch (warning.type) {
    case "unsupported":
      return `dropped ${warning.feature} for ${modelKey}${warning.details ? `: ${warning.details}` : ": not supported"}`;
    case "compatibility":
      return `${warning.feature} for ${modelKey} runs in compatibility mode${warning.details ? `: ${warning.details}` : ""}`;
    case "other":
      return `${modelKey}: ${warning.message}`;
    default:
      return `${modelKey}: ${JSON.stringify(warning satisfies never)}`;
  }
}
