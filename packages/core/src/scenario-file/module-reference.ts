import { statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Agent } from "../domain/agent.js";
import { countNoun } from "../domain/count-noun.js";
import { closestMatch } from "../domain/did-you-mean.js";
import { errorMessage } from "../domain/errors.js";
import { isAgentRole } from "../domain/roles.js";
import { describe } from "./schema-message.js";
import { importTypeScript, loadTsx, type TsxLoader } from "./typescript-import.js";

/** `{ module, export? }` as a scenario file writes it. */
export interface ModuleReference {
  /** Path of a `.ts`, `.mts`, `.mjs`, `.js` or `.cjs` file, relative to the scenario file or absolute. */
  readonly module: string;
  /** Named export; the default export when omitted. */
  readonly export?: string;
}

/** How scenario files reach code. Inject one in tests; {@link createModuleResolver} is the real one. */
export interface ModuleResolver {
  /** True when a module file exists at the absolute `path`; checked before anything is imported. */
  exists(path: string): boolean;
  /** Imports the module at the absolute `path` and returns its namespace. */
  load(path: string): Promise<Record<string, unknown>>;
}

/**
 * The real resolver: `.ts`/`.mts` through tsx's programmatic API (loaded only
 * then; tsx is an optional peer, and a missing one is an error naming
 * `npm install -D tsx`), other files with `import()`. Each module is imported
 * once per resolver, so a file shared by many scenarios runs its top level once.
 * `loader` replaces the tsx import (tests simulate a missing tsx with it).
 *
 * @example
 * const modules = createModuleResolver();
 * const namespace = await modules.load("/repo/scenarios/agent.ts");
 */
export function createModuleResolver(loader: TsxLoader = loadTsx): ModuleResolver {
  const loaded = new Map<string, Promise<Record<string, unknown>>>();
  return {
    exists(path) {
      try {
        return statSync(path).isFile();
      } catch {
        return false;
      }
    },
    load(path) {
      let namespace = loaded.get(path);
      if (!namespace) {
        namespace = importModule(path, loader);
        loaded.set(path, namespace);
      }
      return namespace;
    },
  };
}

async function importModule(path: string, loader: TsxLoader): Promise<Record<string, unknown>> {
  if (/\.m?ts$/.test(path)) return importTypeScript(path, loader);
  return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
}

/** The absolute path a reference names: relative paths are relative to the scenario file's directory. */
export function modulePath(reference: ModuleReference, scenarioFile: string, cwd: string): string {
  return resolve(dirname(resolve(cwd, scenarioFile)), reference.module);
}

/** A problem with a reference, and which of its keys to blame. */
export interface ReferenceProblem {
  readonly key: "module" | "export";
  readonly problem: string;
  readonly cause?: unknown;
}

/** The exported value, or the problem (the module failed to load, or has no such export). */
export async function loadExport(
  reference: ModuleReference,
  path: string,
  modules: ModuleResolver,
): Promise<{ value: unknown } | ReferenceProblem> {
  let namespace: Record<string, unknown>;
  try {
    namespace = await modules.load(path);
  } catch (error) {
    return { key: "module", problem: `could not load ${reference.module}: ${errorMessage(error)}`, cause: error };
  }
  const name = reference.export ?? "default";
  if (Object.hasOwn(namespace, name) && namespace[name] !== undefined) return { value: namespace[name] };
  // Sorted: a namespace lists exports sorted under Node, in source order under some loaders (vite).
  const names = Object.keys(namespace)
    .filter((key) => key !== "default" && key !== "__esModule")
    .sort();
  const suggestion = closestMatch(name, names);
  const known = names.length > 0 ? `; it exports ${names.join(", ")}` : "";
  if (reference.export === undefined) {
    return { key: "module", problem: `${reference.module} has no default export (name one with export:)${known}` };
  }
  const hint = suggestion ? ` (did you mean "${suggestion}"?)` : "";
  return { key: "export", problem: `${reference.module} has no export "${name}"${hint}${known}` };
}

/**
 * An agent from an export: an agent object (`call` function and a role), a
 * class whose instances are agents, or a function of no arguments (sync or
 * async) returning one. Returns the problem text otherwise.
 */
export async function agentFromExport(value: unknown, what: string): Promise<Agent | string> {
  let candidate = value;
  if (typeof value === "function") {
    const isClass = /^class[\s{]/.test(Function.prototype.toString.call(value));
    if (!isClass && value.length > 0) {
      return `${what} is a function of ${countNoun(value.length, "argument")}; export an agent or a function of no arguments returning one`;
    }
    try {
      candidate = isClass ? new (value as new () => unknown)() : await (value as () => unknown)();
    } catch (error) {
      return `${what} threw while creating the agent: ${errorMessage(error)}`;
    }
  }
  if (typeof candidate !== "object" || candidate === null || typeof (candidate as Agent).call !== "function") {
    return `${what} is not an agent: expected an object with a call(input) function and a role, or a function returning one; got ${describe(candidate)}`;
  }
  const role = (candidate as Agent).role;
  if (!isAgentRole(role)) return `${what} is not an agent: its role must be "Agent", "User" or "Judge", got ${describe(role)}`;
  if (role !== "Agent") return `${what} has role "${role}"; the agent under test must have role "Agent" (AgentRole.AGENT)`;
  return candidate as Agent;
}

/** The problem text when a tool handler export is not a function. */
export function handlerProblem(value: unknown, what: string): string | undefined {
  return typeof value === "function" ? undefined : `${what} is not a function (input, context) => result; got ${describe(value)}`;
}
