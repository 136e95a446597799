import { closestMatch } from "../domain/did-you-mean.js";
import { ConfigError } from "../domain/errors.js";
import { describeConfigIssue, primaryIssue } from "./config-issue.js";
import { rehearseConfigKeys, zodModule } from "./config-schema.js";

/** The options `createRehearse` takes, in the order its documentation lists them. */
const optionNames = [
  "cwd",
  "env",
  "configFile",
  "config",
  "logger",
  "defaultModelHint",
  "rateLimitStore",
  "providerHealth",
] as const;
const source = "createRehearse()";

/**
 * Checks the options of `createRehearse` with zod before anything uses them:
 * an unknown option is an error rather than silently ignored. A config
 * setting given at the top level (`createRehearse({ timeouts })`) is pointed
 * to `config` (`did you mean config.timeouts?`); another unknown option gets
 * the closest option's name. `config` itself is validated by the config
 * schema (`createRehearse({ config })` in its messages). Throws a
 * `ConfigError` (`invalid_config`) reading `createRehearse(): field: problem`.
 * zod loads only when options are given.
 *
 * @example
 * checkRehearseOptions({ timeouts: { agentCallMs: 5000 } });
 * // ConfigError: createRehearse(): timeouts: unknown option "timeouts": it is a config setting (did you mean config.timeouts?)
 */
export function checkRehearseOptions(options: unknown): void {
  if (options === undefined) return;
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new ConfigError(`${source}: the options must be an object`, { source });
  }
  const unknown = Object.keys(options).find((key) => !(optionNames as readonly string[]).includes(key));
  if (unknown !== undefined) {
    throw new ConfigError(`${source}: ${unknown}: ${unknownOptionProblem(unknown)}`, { source, path: unknown });
  }
  if (Object.keys(options).length === 0) return;
  const { z } = zodModule();
  const method = z.custom<(message: string) => void>((value) => typeof value === "function");
  const schema = z.strictObject({
    cwd: z.string().min(1).optional(),
    // not z.record: process.env is not a plain object, and zod's record rejects it
    env: z
      .custom<Record<string, string | undefined>>(isEnvironment, {
        error: "must be an object of environment variables (string values)",
      })
      .optional(),
    configFile: z.union([z.string().min(1), z.literal(false)], { error: "must be a file path or false" }).optional(),
    config: z.record(z.string(), z.unknown(), { error: "must be an object of config settings" }).optional(),
    logger: z
      .object(
        { error: method, warn: method, info: method, debug: method, transcript: method },
        { error: "must be a Logger: an object with error, warn, info, debug and transcript functions" },
      )
      .optional(),
    defaultModelHint: z.string().optional(),
    rateLimitStore: z
      .custom<object>(isRateLimitStore, { error: "must be a RateLimitStore: an object with consume, block and adjust functions" })
      .optional(),
    providerHealth: z
      .custom<object>(isProviderHealth, { error: "must be a ProviderHealth, as createProviderHealth() makes" })
      .optional(),
  });
  const parsed = schema.safeParse(options);
  if (parsed.success) return;
  const issue = primaryIssue(parsed.error.issues);
  const { path, problem } = issue
    ? describeConfigIssue(issue, { value: options, schema })
    : { path: "", problem: "the options are invalid" };
  throw new ConfigError(path ? `${source}: ${path}: ${problem}` : `${source}: ${problem}`, { source, ...(path ? { path } : {}) });
}

/** An object with the methods of `RateLimitStore` (a class instance's, too). */
function isRateLimitStore(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const store = value as Record<string, unknown>;
  return typeof store.consume === "function" && typeof store.block === "function" && typeof store.adjust === "function";
}

function isProviderHealth(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const health = value as Record<string, unknown>;
  return typeof health.circuit === "function" && typeof health.concurrency === "function";
}

/** An object whose own values are strings or undefined, such as `process.env`. */
function isEnvironment(value: unknown): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  return Object.values(value).every((entry) => entry === undefined || typeof entry === "string");
}

function unknownOptionProblem(key: string): string {
  const configKey = rehearseConfigKeys().includes(key) ? key : undefined;
  if (configKey) return `unknown option "${key}": it is a config setting (did you mean config.${configKey}?)`;
  const suggestion = closestMatch(key, optionNames);
  if (suggestion) return `unknown option "${key}" (did you mean "${suggestion}"?)`;
  return `unknown option "${key}"; options: ${optionNames.join(", ")}`;
}
