import { environmentKeys, type RehearseConfig } from "./config.js";
import type { ConfigFiles } from "./config-file.js";
import { type ConfigOrigins, type ConfigSources, originsOf } from "./context-config.js";
import { configFromEnvironment, unknownEnvironmentVariables } from "./environment.js";

export { type ConfigOrigins, type ConfigSources, originsOf } from "./context-config.js";

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
  const merged: RehearseConfig = { ...config, ...fromEnvironment };
  // REHEARSE_API_KEY beside a file's report.endpoint: the fields merge, the file's endpoint stays
  if (config.report && fromEnvironment.report) merged.report = { ...config.report, ...fromEnvironment.report };
  return { config: merged, origins: { ...origins, ...variables }, notices };
}

/** The files to read, lowest first: the one given, or those found (`scenario.config.*`, then `rehearse.config.*`). */
function configFilesOf({ configFile, cwd }: ConfigSourceOptions, findConfigFiles: (cwd: string) => ConfigFiles): string[] {
  if (configFile === false) return [];
  if (configFile !== undefined) return [configFile];
  const { reference, rehearse } = findConfigFiles(cwd);
  return [reference, rehearse].filter((path) => path !== undefined);
}

function variableOf(key: keyof RehearseConfig): string {
  return Object.entries(environmentKeys).find(([, setting]) => setting === key)?.[0] ?? "environment";
}
