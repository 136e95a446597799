import { ConfigError } from "../domain/errors.js";

type Rule = "temperature" | "positiveInteger" | "nonNegativeInteger" | "text";

const rules: Record<Rule, { test(value: unknown): boolean; expected: string }> = {
  temperature: { test: (value) => typeof value === "number" && value >= 0 && value <= 2, expected: "a number from 0 to 2" },
  positiveInteger: { test: (value) => Number.isInteger(value) && (value as number) > 0, expected: "a positive integer" },
  nonNegativeInteger: { test: (value) => Number.isInteger(value) && (value as number) >= 0, expected: "an integer ≥ 0" },
  text: { test: (value) => typeof value === "string", expected: "a string" },
};

/**
 * Checks an agent factory's options when the agent is made, so a typo fails
 * before any run (not mid-conversation): each present option must follow its
 * rule. Throws a `ConfigError` naming the factory and the option.
 */
export function checkAgentOptions(factory: string, options: object, checks: Record<string, Rule>): void {
  for (const [option, rule] of Object.entries(checks)) {
    const value = (options as Record<string, unknown>)[option];
    if (value === undefined) continue;
    if (!rules[rule].test(value)) {
      throw new ConfigError(`${factory}: \`${option}\` must be ${rules[rule].expected}, got ${JSON.stringify(value)}`, {
        source: factory,
        path: option,
      });
    }
  }
}
