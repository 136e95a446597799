import { pathToFileURL } from "node:url";
import { RehearseError } from "../domain/errors.js";

/** The part of tsx's programmatic API (`tsx/esm/api`) Rehearse uses. */
export interface TsxApi {
  tsImport(specifier: string, parentURL: string): Promise<unknown>;
}

/** Loads tsx's API. Inject another in tests (to simulate tsx missing, for example). */
export type TsxLoader = () => Promise<TsxApi>;

/** The install command a missing tsx error names. */
export const TSX_INSTALL_COMMAND = "npm install -D tsx";

/** The real loader: tsx is an optional peer dependency, imported on the first `.ts` module only. */
export const loadTsx: TsxLoader = async () => (await import("tsx/esm/api")) as TsxApi;

/**
 * Imports the TypeScript module at the absolute `path` (`.ts`, `.mts`)
 * through tsx and returns its namespace. tsx is an optional peer of
 * `@rehearse/core` (it pulls in esbuild, 11 MB): when it is not installed this
 * rejects with an `invalid_config` RehearseError naming the file and the
 * install command, `npm install -D tsx`.
 *
 * @example
 * const namespace = await importTypeScript("/repo/scenarios/agent.ts");
 */
export async function importTypeScript(path: string, loader: TsxLoader = loadTsx): Promise<Record<string, unknown>> {
  let api: TsxApi;
  try {
    api = await loader();
  } catch (error) {
    if (!isModuleNotFound(error)) throw error;
    throw new RehearseError(
      "invalid_config",
      `${path} is a TypeScript module, which Rehearse loads through tsx, and tsx is not installed. Install it: ${TSX_INSTALL_COMMAND}`,
      { cause: error },
    );
  }
  return (await api.tsImport(pathToFileURL(path).href, import.meta.url)) as Record<string, unknown>;
}

function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND";
}
