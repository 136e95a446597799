import { shortHash } from "../../domain/short-hash.js";
import { judgeSystemPrompt } from "./judge-prompt.js";

/** Stands in for the scenario's description and each criterion in the template that is hashed. */
const DESCRIPTION_SLOT = "{{description}}";
const CRITERION_SLOT = "{{criterion}}";

/**
 * Which judge gave a verdict, e.g. `"j-1f3a9c0d"`: a short hash of the judge's
 * effective system prompt template (yours when `systemPrompt` is given, else
 * the built-in one with the scenario's description and criteria left as
 * slots) and the model's `provider:modelId`. Judgment events carry it so
 * agreement with people can be reported per judge version: a changed prompt
 * or model is a new version, while one judge keeps one version across
 * scenarios and criteria.
 *
 * @example
 * judgeVersion({ modelKey: "openai:gpt-4.1-mini" }); // "j-…" (the built-in prompt)
 */
export function judgeVersion(source: { systemPrompt?: string | undefined; modelKey: string }): string {
  const template =
    source.systemPrompt ??
    judgeSystemPrompt({ description: DESCRIPTION_SLOT, criteria: [CRITERION_SLOT], forced: false, discovery: false });
  return `j-${shortHash(`${template}\u0000${source.modelKey}`)}`;
}
