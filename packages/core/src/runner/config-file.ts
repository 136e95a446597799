import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ConfigError, errorMessage } from "../domain/errors.js";
import { parseConfig } from "./config-schema.js";
import {
  isReferenceConfigFile,
  parseReferenceConfig,
  type ReferenceConfig,
  referenceConfigFileNames,
} from "./reference-config.js";

/** Config file names, in the order they are looked for in each directory. */
export const configFileNames = ["rehearse.config.mjs", "rehearse.config.js", "rehearse.config.ts"] as const;

/** The config files of a project: Rehearse's own and the reference's `scenario.config.*`, each when present. */
export interface ConfigFiles {
  rehearse?: string;
  reference?: string;
}

/**
 * Finds the config files from `cwd` upwards, stopping at the project root
 * (the first directory with a `package.json` or `.git`): the nearest
 * `rehearse.config.*` and the nearest `scenario.config.{js,mjs}`.
 */
export function findConfigFiles(cwd: string): ConfigFiles {
  const found: ConfigFiles = {};
  let directory = resolve(cwd);
  for (;;) {
    found.rehearse ??= firstExisting(directory, configFileNames);
    found.reference ??= firstExisting(directory, referenceConfigFileNames);
    const atRoot = existsSync(join(directory, "package.json")) || existsSync(join(directory, ".git"));
    const parent = dirname(directory);
    if (atRoot || parent === directory) return found;
    directory = parent;
  }
}

/** The nearest `rehearse.config.*` from `cwd` up to the project root, or undefined. */
export function findConfigFile(cwd: string): string | undefined {
  return findConfigFiles(cwd).rehearse;
}

function firstExisting(directory: string, names: readonly string[]): string | undefined {
  for (const name of names) {
    const candidate = join(directory, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Loads and validates a config file: `rehearse.config.*` as a `RehearseConfig`,
 * `scenario.config.{js,mjs}` with the reference's rules. `.mjs`/`.js` load with
 * `import()`; `.ts` loads through tsx's programmatic API, imported only then
 * (docs/decisions/0004). The default export (or a function returning it) is
 * the config; a reference file without one is read from its named exports, as
 * the reference does.
 */
export async function loadConfigFile(path: string): Promise<ReferenceConfig> {
  let module: Record<string, unknown>;
  try {
    if (path.endsWith(".ts")) {
      const { importTypeScript } = await import("../scenario-file/typescript-import.js");
      module = await importTypeScript(path);
    } else {
      module = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
    }
  } catch (error) {
    throw new ConfigError(`${path}: could not load the config file: ${errorMessage(error)}`, { source: path, cause: error });
  }
  const reference = isReferenceConfigFile(path);
  let value: unknown = module.default ?? (reference ? { ...module } : undefined);
  if (typeof value === "function") value = await (value as () => unknown)();
  if (value === undefined) {
    throw new ConfigError(`${path}: the config file has no default export; export default defineConfig({ … })`, { source: path });
  }
  return reference ? parseReferenceConfig(value, path) : { config: parseConfig(value, path), notices: [] };
}
