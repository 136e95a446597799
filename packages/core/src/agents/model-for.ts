import type { AgentInput } from "../domain/agent.js";
import { ConfigError } from "../domain/errors.js";
import type { ModelReference, ModelUse, ResolvedModel } from "../domain/models.js";
import { modelKeyOf } from "../models/model-id.js";

/** The setting to name when a model-backed step has no model. */
export const DEFAULT_MODEL_HINT =
  'set defaultModel (configure({ defaultModel: "openai:gpt-4.1-mini" }), rehearse.config.mjs, or REHEARSE_DEFAULT_MODEL)';

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
