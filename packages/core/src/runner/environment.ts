import { closestMatch } from "../domain/did-you-mean.js";
import { ConfigError } from "../domain/errors.js";
import { environmentKeys, type RehearseConfig } from "./config.js";
import { parseConfig } from "./config-schema.js";

/**
 * Reads `REHEARSE_*` variables into a config (validated, with the variable
 * named in errors). Numbers must be integers; `REHEARSE_VERBOSE` takes
 * `true|false|0|1|2`.
 */
export function configFromEnvironment(environment: Readonly<Record<string, string | undefined>>): RehearseConfig {
  const raw: Record<string, unknown> = {};
  const origin: Record<string, string> = {};
  for (const [variable, key] of Object.entries(environmentKeys)) {
    const text = environment[variable];
    if (text === undefined || text === "") continue;
    const field = reportFields[variable];
    if (field) {
      // three variables, one key: each sets its own field of `report`
      origin[`report.${field}`] = variable;
      raw.report = { ...(raw.report as object | undefined), [field]: text };
      continue;
    }
    origin[key] = variable;
    raw[key] = convert(key, text, variable);
  }
  if (Object.keys(raw).length === 0) return {};
  return parseConfig(raw, "environment", (path) => origin[path] ?? origin[path.split(".")[0] ?? ""] ?? "environment");
}

/** The `report` field each reporting variable sets. */
const reportFields: Readonly<Record<string, string>> = {
  REHEARSE_ENDPOINT: "endpoint",
  REHEARSE_API_KEY: "apiKey",
  REHEARSE_OUTBOX_DIR: "outboxDir",
};

/** `REHEARSE_*` variables read elsewhere than the config (debug mode's terminal opt-in). */
const otherVariables = ["REHEARSE_DEBUG_TTY"];

/**
 * Warnings for `REHEARSE_*` variables Rehearse does not read, each with the
 * variable probably meant. They are ignored rather than rejected: the
 * environment is shared with other tools and shells.
 *
 * @example
 * unknownEnvironmentVariables({ REHEARSE_MAX_TURN: "3" });
 * // ["REHEARSE_MAX_TURN is not a Rehearse variable and is ignored (did you mean REHEARSE_MAX_TURNS?)"]
 */
export function unknownEnvironmentVariables(environment: Readonly<Record<string, string | undefined>>): string[] {
  const known = [...Object.keys(environmentKeys), ...otherVariables];
  return Object.keys(environment)
    .filter((name) => name.startsWith("REHEARSE_") && !known.includes(name))
    .sort()
    .map((name) => {
      const match = closestMatch(name, known, 3);
      return `${name} is not a Rehearse variable and is ignored${match ? ` (did you mean ${match}?)` : ""}`;
    });
}

function convert(key: string, text: string, variable: string): unknown {
  if (key === "logLevel" || key === "setId" || key === "defaultModel" || key === "cacheKey") return text;
  if (key === "cassette") return { mode: text };
  if (key === "debug") {
    if (text === "true" || text === "1") return true;
    if (text === "false" || text === "0") return false;
    if (text === "tty") return { tty: "/dev/tty" };
    throw new ConfigError(`${variable}: expected true, false or tty, got ${JSON.stringify(text)}`, {
      source: variable,
      path: key,
    });
  }
  if (key === "verbose") {
    if (text === "true") return true;
    if (text === "false") return false;
  }
  const number = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(number)) {
    throw new ConfigError(`${variable}: expected an integer, got ${JSON.stringify(text)}`, { source: variable, path: key });
  }
  return number;
}
