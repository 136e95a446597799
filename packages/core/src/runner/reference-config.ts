import { basename } from "node:path";
import { closestMatch } from "../domain/did-you-mean.js";
import { ConfigError } from "../domain/errors.js";
import { isLanguageModel } from "../models/language-model-check.js";
import type { TracingOptions } from "../tracing/tracing-options.js";
import type { RehearseConfig } from "./config.js";
import { describeConfigIssue, primaryIssue } from "./config-issue.js";
import { rehearseConfigKeys } from "./config-schema.js";
import { isPlainObject, modelSettingsKeys } from "./model-setting-schema.js";
import { referenceConfigSchema } from "./reference-config-schema.js";

/** The reference's config file names, in the order it looks for them. */
export const referenceConfigFileNames = ["scenario.config.js", "scenario.config.mjs"] as const;

/** Whether `path` names the reference's config file rather than `rehearse.config.*`. */
export function isReferenceConfigFile(path: string): boolean {
  return (referenceConfigFileNames as readonly string[]).includes(basename(path));
}

/** A validated reference config: what Rehearse applies, and what the user should be told once. */
export interface ReferenceConfig {
  /** `defaultModel`, when the file sets it; the only key that changes what Rehearse does. */
  config: RehearseConfig;
  /** Settings accepted but not applied (headless: false, ignored keys of defaultModel). */
  notices: string[];
}

/**
 * Validates the default export of a `scenario.config.{js,mjs}` with the
 * reference's rules (docs/decisions/0015): an unknown top-level key is an
 * error (a Rehearse setting is told to move to `rehearse.config.mjs`);
 * unknown keys of `defaultModel` are dropped with a notice, as the reference
 * drops them; `observability` becomes Rehearse's `tracing`; `headless` is
 * accepted, and a notice says when it asks for something Rehearse does not do.
 *
 * @throws ConfigError reading `file: field: problem`.
 */
export function parseReferenceConfig(value: unknown, source: string): ReferenceConfig {
  const schema = referenceConfigSchema();
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = primaryIssue(parsed.error.issues);
    if (!issue) throw new ConfigError(`${source}: the config is invalid`, { source });
    const { path, problem } = describeConfigIssue(issue, { value, schema, misplaced: misplacedKey(source) });
    throw new ConfigError(path ? `${source}: ${path}: ${problem}` : `${source}: ${problem}`, {
      source,
      ...(path ? { path } : {}),
    });
  }
  const { defaultModel, headless, observability } = parsed.data;
  const notices = ignoredModelKeys((value as { defaultModel?: unknown }).defaultModel).map(
    (key) => `${source}: defaultModel.${key} is ignored${hint(key)}; @langwatch/scenario ignores it too`,
  );
  if (headless === false) {
    notices.push(`${source}: headless: false has no effect: Rehearse never opens a browser (results are in the run's reports)`);
  }
  return {
    config: {
      ...(defaultModel === undefined ? {} : { defaultModel }),
      // the reference's option names (spanProcessors, traceExporter, instrumentations, langwatch, advanced) are Rehearse's
      ...(observability === undefined ? {} : { tracing: tracingOf(observability, source, notices) }),
    },
    notices,
  };
}

function misplacedKey(source: string) {
  const file = basename(source);
  return (key: string, parent: readonly string[]): string | undefined => {
    if (parent.length > 0 || !rehearseConfigKeys().includes(key)) return undefined;
    return (
      `"${key}" is a Rehearse setting, which ${file} does not take (it has defaultModel, headless and observability): ` +
      "put it in rehearse.config.mjs"
    );
  };
}

/** Keys of a `defaultModel: { … }` that neither the reference nor Rehearse reads. */
function ignoredModelKeys(defaultModel: unknown): string[] {
  if (!isPlainObject(defaultModel) || isLanguageModel(defaultModel)) return [];
  return Object.keys(defaultModel).filter((key) => !(modelSettingsKeys as readonly string[]).includes(key));
}

function hint(key: string): string {
  const match = closestMatch(key, modelSettingsKeys);
  return match ? ` (did you mean "${match}"?)` : "";
}

/** What Rehearse's `tracing` takes of the reference's `observability`; other keys are told about and dropped. */
const tracingKeys = [
  "spanFilter",
  "spanProcessors",
  "traceExporter",
  "instrumentations",
  "serviceName",
  "advanced",
  "langwatch",
  "captureMessageContent",
  "otlp",
  "exportToServer",
];

function tracingOf(observability: Record<string, unknown>, source: string, notices: string[]): TracingOptions {
  const tracing: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(observability)) {
    if (tracingKeys.includes(key)) tracing[key] = value;
    else notices.push(`${source}: observability.${key} is ignored: Rehearse's tracing takes ${tracingKeys.join(", ")}`);
  }
  return tracing as TracingOptions;
}
