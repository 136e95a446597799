/**
 * An AI SDK language model as Rehearse takes one: an object with `doGenerate`.
 * Checks its shape only; {@link languageModelProblem} checks its version.
 */
export function isLanguageModel(value: unknown): value is object {
  return typeof value === "object" && value !== null && typeof (value as { doGenerate?: unknown }).doGenerate === "function";
}

/**
 * Why a language model object cannot be used (its specification is not v3,
 * the one `ai@6` speaks), or undefined when it can. One wording for the
 * config (`defaultModel`) and for models handed to agents.
 *
 * @example
 * languageModelProblem({ specificationVersion: "v2", doGenerate }); // "is an AI SDK language model of specification v2; Rehearse needs …"
 */
export function languageModelProblem(model: object): string | undefined {
  const version = (model as { specificationVersion?: unknown }).specificationVersion;
  if (version === "v3") return undefined;
  const what =
    version === undefined
      ? "is not an AI SDK language model (it has no specificationVersion)"
      : `is an AI SDK language model of specification ${String(version)}`;
  return `${what}; Rehearse needs specification v3 (the provider packages for ai@6, e.g. @ai-sdk/openai@^3)`;
}
