/**
 * True for a test double: a model that records the calls it gets in
 * `doGenerateCalls`, as `MockLanguageModelV3` from `ai/test` does (and so
 * `scriptedModel` from `@rehearse/core/testing`, which is one). Real provider
 * models do not. A test double has no price and needs none: its cost stays
 * unknown (`null`), and it is left out of the warning about unpriced models,
 * which would only be noise in a test run.
 *
 * @example
 * isTestDouble(new MockLanguageModelV3()); // true
 * isTestDouble(openai("gpt-4.1-mini")); // false
 */
export function isTestDouble(model: object): boolean {
  return Array.isArray((model as { doGenerateCalls?: unknown }).doGenerateCalls);
}
