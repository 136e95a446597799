import type { ResolvedModel } from "../../../domain/models.js";
import { invokeModel } from "../../invoke-model.js";

/** One model call of TAP: a system prompt and one request in, the completion's text out. */
export type TapCompletion = (system: string, request: string) => Promise<string>;

/** Call settings of a TAP model; explicit values win over the resolved model's defaults. */
export interface TapCallSettings {
  temperature?: number;
  signal?: AbortSignal;
}

/**
 * A `TapCompletion` calling `resolved` (the run's middleware included:
 * record/replay, usage, retries).
 *
 * @example
 * ```ts
 * const complete = tapCompletion(resolved, { temperature: 0 });
 * const text = await complete("You grade replies…", "Goal: …");
 * ```
 */
export function tapCompletion(resolved: ResolvedModel, settings: TapCallSettings): TapCompletion {
  const { defaults } = resolved;
  const temperature = settings.temperature ?? defaults.temperature;
  return async (system, request) => {
    const completion = await invokeModel({
      model: resolved.model,
      system,
      messages: [{ role: "user", content: request }],
      ...(temperature === undefined ? {} : { temperature }),
      ...(defaults.maxTokens === undefined ? {} : { maxOutputTokens: defaults.maxTokens }),
      ...(defaults.providerOptions ? { providerOptions: defaults.providerOptions as never } : {}),
      ...(settings.signal ? { abortSignal: settings.signal } : {}),
      ...resolved.callOptions,
    });
    return completion.text;
  };
}
