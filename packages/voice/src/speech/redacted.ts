/** What stands for a credential wherever a provider is printed. */
export const REDACTED = "***";

/** The symbol Node's `util.inspect` calls (a `Symbol.for`, so no `node:util` import is needed). */
export const INSPECT = Symbol.for("nodejs.util.inspect.custom");

/**
 * "Name(key=value, …)" of a provider's public settings, with `apiKey`
 * shown as {@link REDACTED} when set: what `toString`, `toJSON` and
 * `util.inspect` print, so a logged provider never shows its key.
 */
export function describeProvider(name: string, settings: Record<string, string | number | undefined>, hasKey: boolean): string {
  const fields = Object.entries(settings)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${value}`);
  fields.push(`apiKey=${hasKey ? REDACTED : "unset"}`);
  return `${name}(${fields.join(", ")})`;
}

/** The first defined, non-blank value: an explicit option, then the environment variable. */
export function settingOf(explicit: string | undefined, fromEnv: string | undefined): string | undefined {
  for (const value of [explicit, fromEnv]) if (value !== undefined && value.trim() !== "") return value.trim();
  return undefined;
}
