import { environmentKeys, type RehearseConfig } from "./config.js";
import type { ConfigFiles } from "./config-file.js";
import { configFromEnvironment, unknownEnvironmentVariables } from "./environment.js";

/** Where each top-level setting came from: a file path, an env var, `configure()`. */
export type ConfigOrigins = Partial<Record<keyof RehearseConfig, string>>;

/** The config of a context's files and environment, before `configure()`. */
export interface ConfigSources {
  /** `scenario.config.*` < `rehearse.config.*` < `REHEARSE_*`, merged key by key. */
  config: RehearseConfig;
  origins: ConfigOrigins;
  /** To tell the user once: settings accepted but not applied, unknown `REHEARSE_*` variables. */
  notices: string[];
}

/** Where to read the config from. */
export interface ConfigSourceOptions {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** A file to read instead of discovering them, or `false` for none. */
  configFile?: string | false | undefined;
}

/**
 * Reads the config files and the environment (docs/decisions/0004, 0015):
 * the reference's `scenario.config.{js,mjs}` lowest, then `rehearse.config.*`,
 * then `REHEARSE_*`, each replacing the keys it sets. Both files are searched
 * from `cwd` up to the project root; an explicit `configFile` is the only file
 * read (with the reference's rules when it is named `scenario.config.*`).
 *
 * @example
 * const { config, origins } = await loadConfigSources({ cwd: process.cwd(), env: process.env });
 * origins.defaultModel; // "/repo/scenario.config.js"
 */
export async function loadConfigSources(options: ConfigSourceOptions): Promise<ConfigSources> {
  let config: RehearseConfig = {};
  let origins: ConfigOrigins = {};
  const notices: string[] = [];
  if (options.configFile !== false) {
    // the file reader (and the reference's config rules) load with the first config read, not with the package
    const { findConfigFiles, loadConfigFile } = await import("./config-file.js");
    for (const file of configFilesOf(options, findConfigFiles)) {
      const loaded = await loadConfigFile(file);
      config = { ...config, ...loaded.config };
      origins = { ...origins, ...originsOf(loaded.config, file) };
      notices.push(...loaded.notices);
    }
  }
  const fromEnvironment = configFromEnvironment(options.env);
  const variables = Object.fromEntries(
    Object.keys(fromEnvironment).map((key) => [key, variableOf(key as keyof RehearseConfig)]),
  ) as ConfigOrigins;
  notices.push(...unknownEnvironmentVariables(options.env));
  return { config: { ...config, ...fromEnvironment }, origins: { ...origins, ...variables }, notices };
}

/** The files to read, lowest first: the one given, or those found (`scenario.config.*`, then `rehearse.config.*`). */
function configFilesOf({ configFile, cwd }: ConfigSourceOptions, findConfigFiles: (cwd: string) => ConfigFiles): string[] {
  if (configFile === false) return [];
  if (configFile !== undefined) return [configFile];
  const { reference, rehearse } = findConfigFiles(cwd);
  return [reference, rehearse].filter((path) => path !== undefined);
}

/** Every key `config` sets, attributed to `source`. */
export function originsOf(config: RehearseConfig, source: string): ConfigOrigins {
  return Object.fromEntries(Object.keys(config).map((key) => [key, source])) as ConfigOrigins;
}

function variableOf(key: keyof RehearseConfig): string {
  return Object.entries(environmentKeys).find(([, setting]) => setting === key)?.[0] ?? "environment";
}
