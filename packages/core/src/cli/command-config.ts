import { parseReporterSpec, type ReporterSpec } from "../api/reports.js";
import type { RehearseConfig } from "../api/runs.js";
import { errorMessage } from "../domain/errors.js";
import { usageError } from "./exit-codes.js";

/** The command-line options that become config (they win over the config file and the environment). */
export interface ConfigOptions {
  /** `--model`: `defaultModel` for simulated users, judges and attackers. */
  model?: string;
  record?: boolean;
  replay?: boolean;
  debug?: boolean;
  verbose?: boolean;
  /** `--timeout <seconds>`: `timeouts.agentCallMs`. */
  timeout?: number;
  /** `--model-timeout <seconds>`: `timeouts.modelCallMs`. */
  modelTimeout?: number;
  /** `--scenario-timeout <seconds>`: `timeouts.scenarioMs`. */
  scenarioTimeout?: number;
  /** `--report-to <url>`: `report.endpoint` (the key comes from REHEARSE_API_KEY or the config file). */
  reportTo?: string;
}

/**
 * How a command-line user sets the default model, named by a simulator,
 * judge or attacker that has none (`RehearseOptions.defaultModelHint`).
 */
export const cliDefaultModelHint =
  "add --model openai:gpt-4.1-mini, set REHEARSE_DEFAULT_MODEL (or defaultModel in rehearse.config.mjs)";

/**
 * The config the options set, applied like `configure()`: only what was
 * given, so the file and `REHEARSE_*` keep the rest.
 *
 * @example
 * configFromOptions({ model: "openai:gpt-4.1-mini", replay: true });
 * // { defaultModel: "openai:gpt-4.1-mini", cassette: { mode: "replay" } }
 */
export function configFromOptions(options: ConfigOptions): RehearseConfig {
  const config: RehearseConfig = {};
  if (options.model !== undefined) config.defaultModel = options.model;
  if (options.record) config.cassette = { mode: "record" };
  if (options.replay) config.cassette = { mode: "replay" };
  if (options.debug) config.debug = true;
  if (options.verbose) config.verbose = true;
  if (options.reportTo !== undefined) config.report = { endpoint: options.reportTo };
  const milliseconds = (value: number) => Math.round(value * 1000);
  const timeouts = {
    ...(options.timeout === undefined ? {} : { agentCallMs: milliseconds(options.timeout) }),
    ...(options.modelTimeout === undefined ? {} : { modelCallMs: milliseconds(options.modelTimeout) }),
    ...(options.scenarioTimeout === undefined ? {} : { scenarioMs: milliseconds(options.scenarioTimeout) }),
  };
  // only the limits given: the config file and configure() keep the others (merged key by key)
  if (Object.keys(timeouts).length > 0) config.timeouts = timeouts;
  return config;
}

/**
 * The `--reporter` values parsed (default `console`); a bad one is a usage
 * error prefixed with the command.
 *
 * @example
 * reporterSpecs(["junit=out/junit.xml"], "rehearse run"); // [{ kind: "junit", path: "out/junit.xml" }]
 */
export function reporterSpecs(texts: readonly string[] | undefined, command: string): ReporterSpec[] {
  return (texts ?? ["console"]).map((text) => {
    try {
      return parseReporterSpec(text);
    } catch (error) {
      throw usageError(`${command}: --reporter ${text}: ${errorMessage(error)}`, "--reporter");
    }
  });
}
