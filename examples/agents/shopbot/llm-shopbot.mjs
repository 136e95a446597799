// The shopbot backed by a language model instead of rules: the same system prompt and the same
// environment tools, through the AI SDK. Used when a model is configured; offline, a test drives
// it with a mock model.
import { AgentRole, RehearseError } from "@rehearse/core";
import { SHOPBOT_SYSTEM_PROMPT } from "./system-prompt.mjs";

/**
 * A model-backed shopbot. `model` is an AI SDK `LanguageModel` or a Rehearse model id
 * (`openai:gpt-4.1-mini`); inside a run it is resolved through `input.models` (recorded,
 * counted as Agent usage, retried), and without one the run's `defaultModel` is used.
 *
 * @param {{ model?: unknown, name?: string, maxSteps?: number }} [options]
 *
 * @example
 * const bot = llmShopbot({ model: "openai:gpt-4.1-mini" });
 * await run({ name: "…", description: "…", agents: [bot], environment: shopEnvironment(), script });
 */
export function llmShopbot({ model, name = "llm-shopbot", maxSteps = 8 } = {}) {
  return {
    name,
    role: AgentRole.AGENT,
    async call(input) {
      const { generateText, stepCountIs } = await import("ai");
      const resolved = input.models
        ? await input.models.resolve(model, { role: AgentRole.AGENT, agent: name })
        : model && typeof model === "object"
          ? { model, callOptions: {} }
          : undefined;
      if (!resolved) {
        throw new RehearseError(
          "model_not_configured",
          `${name}: no model; pass llmShopbot({ model }) or set defaultModel (a model id needs a Rehearse run to resolve it)`,
        );
      }
      const result = await generateText({
        ...resolved.callOptions,
        model: resolved.model,
        system: SHOPBOT_SYSTEM_PROMPT,
        messages: input.messages,
        tools: input.tools ?? {},
        stopWhen: stepCountIs(maxSteps),
        ...(input.signal ? { abortSignal: input.signal } : {}),
      });
      // every call and result of the exchange, then the answer: the transcript shows what happened
      return result.response.messages;
    },
  };
}
