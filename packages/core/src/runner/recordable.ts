import type { LanguageModelV3, LanguageModelV3CallOptions } from "@ai-sdk/provider";
import { modelKeyOf } from "../models/model-id.js";
import { currentRunContext } from "../models/run-context.js";

/**
 * Wraps the model of your own agent so its calls are recorded and replayed
 * with the run's cassette, like the simulator's and the judge's: with
 * `--replay` (or `cassette: { mode: "replay" }`) the agent under test makes
 * no model calls either, and CI runs offline. Outside a run, or with
 * cassettes off, calls go straight to `model`. It finds the run through the
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
  const middlewareFor = () => {
    const context = currentRunContext();
    return context && context.session.mode !== "off" ? context.session.middleware(key) : undefined;
  };
  return {
    specificationVersion: "v3",
    provider: model.provider,
    modelId: model.modelId,
    get supportedUrls() {
      return model.supportedUrls;
    },
    doGenerate(params: LanguageModelV3CallOptions) {
      const middleware = middlewareFor();
      if (!middleware?.wrapGenerate) return model.doGenerate(params);
      return middleware.wrapGenerate({
        doGenerate: () => model.doGenerate(params),
        doStream: () => model.doStream(params),
        params,
        model,
      });
    },
    doStream(params: LanguageModelV3CallOptions) {
      const middleware = middlewareFor();
      if (!middleware?.wrapStream) return model.doStream(params);
      return middleware.wrapStream({
        doGenerate: () => model.doGenerate(params),
        doStream: () => model.doStream(params),
        params,
        model,
      });
    },
  };
}
