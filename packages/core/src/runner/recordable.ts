import type { LanguageModelV3, LanguageModelV3CallOptions, LanguageModelV3Middleware } from "@ai-sdk/provider";
import { faultsMiddleware } from "../models/middleware/faults.js";
import { modelKeyOf } from "../models/model-id.js";
import { currentRunContext } from "../models/run-context.js";

/**
 * Wraps the model of your own agent so its calls are recorded and replayed
 * with the run's cassette, like the simulator's and the judge's: with
 * `--replay` (or `cassette: { mode: "replay" }`) the agent under test makes
 * no model calls either, and CI runs offline. Outside a run, or with
 * cassettes off, calls go straight to `model`. A scenario's `target: model`
 * faults (`tool_error`, `system_condition`) reach these calls too. It finds the run through the
 * async context, so it works deep inside your code; it only records. For
 * usage per role, retries and limits as well, resolve the model through the
 * run instead: `(await input.models?.resolve(model, { role: AgentRole.AGENT, agent: "shopbot" }))?.model`.
 *
 * @example
 * ```ts
 * const model = recordable(openai("gpt-4.1-mini"));
 * const supportAgent = { role: AgentRole.AGENT, call: async (input) => (await generateText({ model, messages: input.messages })).text };
 * ```
 */
export function recordable(model: LanguageModelV3): LanguageModelV3 {
  const key = modelKeyOf(model);
  // outermost first: injected faults (`target: model`), then record/replay
  const layersFor = (): LanguageModelV3Middleware[] => {
    const context = currentRunContext();
    if (!context) return [];
    const layers: LanguageModelV3Middleware[] = [];
    if (context.faults) layers.push(faultsMiddleware(context.faults, key));
    if (context.session && context.session.mode !== "off") layers.push(context.session.middleware(key));
    return layers;
  };
  const generate = (
    layers: readonly LanguageModelV3Middleware[],
    params: LanguageModelV3CallOptions,
  ): ReturnType<LanguageModelV3["doGenerate"]> => {
    const [layer, ...inner] = layers;
    if (!layer?.wrapGenerate) return model.doGenerate(params);
    return layer.wrapGenerate({
      doGenerate: () => generate(inner, params),
      doStream: () => stream(inner, params),
      params,
      model,
    });
  };
  const stream = (
    layers: readonly LanguageModelV3Middleware[],
    params: LanguageModelV3CallOptions,
  ): ReturnType<LanguageModelV3["doStream"]> => {
    const [layer, ...inner] = layers;
    if (!layer?.wrapStream) return model.doStream(params);
    return layer.wrapStream({
      doGenerate: () => generate(inner, params),
      doStream: () => stream(inner, params),
      params,
      model,
    });
  };
  return {
    specificationVersion: "v3",
    provider: model.provider,
    modelId: model.modelId,
    get supportedUrls() {
      return model.supportedUrls;
    },
    doGenerate: (params: LanguageModelV3CallOptions) => generate(layersFor(), params),
    doStream: (params: LanguageModelV3CallOptions) => stream(layersFor(), params),
  };
}
