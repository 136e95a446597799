import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ConfigError, errorMessage } from "../domain/errors.js";
import type { RehearseConfig } from "./config.js";
import { parseConfig } from "./config-schema.js";

/** Config file names, in the order they are looked for in each directory. */
export const configFileNames = ["rehearse.config.mjs", "rehearse.config.js", "rehearse.config.ts"] as const;

/**
 * Finds the config file from `cwd` upwards, stopping at the project root (the
 * first directory with a `package.json` or `.git`). Returns its path or undefined.
 */
export function findConfigFile(cwd: string): string | undefined {
  let directory = resolve(cwd);
  for (;;) {
    for (const name of configFileNames) {
      const candidate = join(directory, name);
      if (existsSync(candidate)) return candidate;
    }
    const atRoot = existsSync(join(directory, "package.json")) || existsSync(join(directory, ".git"));
    const parent = dirname(directory);
    if (atRoot || parent === directory) return undefined;
    directory = parent;
  }
}

/**
 * Loads and validates a config file. `.mjs`/`.js` load with `import()`;
 * `.ts` loads through tsx's programmatic API, which is imported only then
 * (docs/decisions/0004). The default export (or a function returning it) is the config.
 */
export async function loadConfigFile(path: string): Promise<RehearseConfig> {
  let module: { default?: unknown };
  try {
    if (path.endsWith(".ts")) {
      const { tsImport } = await import("tsx/esm/api");
      module = (await tsImport(pathToFileURL(path).href, import.meta.url)) as { default?: unknown };
    } else {
      module = (await import(pathToFileURL(path).href)) as { default?: unknown };
    }
  } catch (error) {
    throw new ConfigError(`${path}: could not load the config file: ${errorMessage(error)}`, { source: path, cause: error });
  }
  let value = module.default;
  if (typeof value === "function") value = await (value as () => unknown)();
  if (value === undefined) {
    throw new ConfigError(`${path}: the config file has no default export; export default defineConfig({ … })`, { source: path });
  }
  return parseConfig(value, path);
}
