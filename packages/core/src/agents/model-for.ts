import type { AgentInput } from "../domain/agent.js";
import { ConfigError } from "../domain/errors.js";
import type { ModelReference, ModelUse, ResolvedModel } from "../domain/models.js";
import { modelKeyOf } from "../models/model-id.js";

/** How a library user sets the default model; a context may name its own way instead (`RunModels.defaultModelHint`). */
export const DEFAULT_MODEL_HINT =
  'set defaultModel (configure({ defaultModel: "openai:gpt-4.1-mini" }), rehearse.config.mjs, or REHEARSE_DEFAULT_MODEL)';

/** Where an agent was declared when not in TypeScript: a scenario file and the key it sits under. */
export interface DeclaredIn {
  /** The file as the user named it, e.g. `scenarios/refund.yaml`. */
  file: string;
  /** The dotted key of the agent's settings in that file, e.g. `user.simulator` or `judge`. */
  key: string;
}

/**
 * Where to give an agent that has none a model, for its `skipped` reason:
 * the run's default (as whoever started the run sets it: `configure()` and
 * the config file for a library user, `--model` on the command line), then
 * the agent's own setting — the `model:` key of the scenario file it was
 * declared in, else `own`, its factory option in TypeScript.
 *
 * @example
 * missingModelAdvice(input.models, "judgeAgent({ model })");
 * // 'set defaultModel (configure(…), rehearse.config.mjs, or REHEARSE_DEFAULT_MODEL), or pass judgeAgent({ model })'
 */
export function missingModelAdvice(models: AgentInput["models"], own: string, declaredIn?: DeclaredIn): string {
  const agentSetting = declaredIn ? `add \`model:\` under \`${declaredIn.key}\` in ${declaredIn.file}` : `pass ${own}`;
  return `${models?.defaultModelHint ?? DEFAULT_MODEL_HINT}, or ${agentSetting}`;
}

/**
 * The model an agent should call: through the run's `models` when the agent
 * runs inside Rehearse (registry ids, `defaultModel`, record/replay, usage,
 * retries), else the model object as given. `undefined` when none exists.
 */
export async function modelFor(
  input: Pick<AgentInput, "models">,
  reference: ModelReference | undefined,
  use: ModelUse,
): Promise<ResolvedModel | undefined> {
  if (input.models) return input.models.resolve(reference, use);
  if (reference === undefined) return undefined;
  if (typeof reference === "string") {
    throw new ConfigError(
      `${use.agent}: the model id "${reference}" is resolved by Rehearse's runner; call it through run()/runMany(), or pass a model object (e.g. openai("gpt-4.1-mini"))`,
      { source: use.agent, path: "model" },
    );
  }
  return { model: reference, key: modelKeyOf(reference), defaults: {}, callOptions: { maxRetries: 2 } };
}
