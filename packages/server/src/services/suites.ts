/**
 * Suites pushed to the server (`rehearse push`, `POST /api/v1/suites`): the
 * scenario files of a project and the files they need (agent modules,
 * configs), versioned by the SHA-256 of their content, so pushing the same
 * files twice makes one version and a run records exactly what it ran.
 * The pushing CLI loads the scenarios first (errors name file and line
 * there) and sends the list it found; the server checks the list against the
 * files and the bounds below, and never runs any of it (workers do).
 */
import { createHash } from "node:crypto";
import type { Database } from "../store/database.js";
import {
  listSuites,
  readSuiteVersion,
  type SuiteFile,
  type SuiteScenario,
  type SuiteVersionRow,
  storeSuiteVersion,
} from "../store/suite-queries.js";

export type { SuiteFile, SuiteScenario, SuiteVersionRow };

/** Bounds of one push. */
export const suiteLimits = { files: 2_000, fileBytes: 1_000_000, totalBytes: 20_000_000, scenarios: 5_000 } as const;

/** A suite name: lower-case letters, digits, `.`, `_`, `-`, up to 100. */
export const suiteNamePattern = /^[a-z0-9][a-z0-9._-]{0,99}$/;

/** What a push asks to store. */
export interface SuitePush {
  name: string;
  files: SuiteFile[];
  scenarios: SuiteScenario[];
}

/** A push the server refuses: `field` names what is wrong. */
export class SuiteProblem extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** The version id of a set of files: `sha256:` and the hex digest over paths and contents, in path order. */
export function suiteVersionOf(files: readonly SuiteFile[]): string {
  const hash = createHash("sha256");
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    hash.update(`${Buffer.byteLength(file.path)}:${file.path}\u0000${Buffer.byteLength(file.content)}:${file.content}\u0000`);
  }
  return `sha256:${hash.digest("hex")}`;
}

/** Throws a `SuiteProblem` for a push outside the rules (paths, sizes, scenarios not among the files). */
export function checkSuitePush(push: SuitePush): void {
  if (!suiteNamePattern.test(push.name))
    throw new SuiteProblem(
      "name",
      `"${push.name}" is not a suite name (a-z, 0-9, ".", "_", "-", up to 100, starting with a letter or digit)`,
    );
  if (push.files.length === 0) throw new SuiteProblem("files", "a suite needs at least one file");
  if (push.files.length > suiteLimits.files) throw new SuiteProblem("files", `at most ${suiteLimits.files} files per suite`);
  const paths = new Set<string>();
  let total = 0;
  push.files.forEach((file, index) => {
    const problem = pathProblem(file.path);
    if (problem) throw new SuiteProblem(`files[${index}].path`, `"${file.path}" ${problem}`);
    if (paths.has(file.path)) throw new SuiteProblem(`files[${index}].path`, `"${file.path}" appears twice`);
    paths.add(file.path);
    const bytes = Buffer.byteLength(file.content);
    if (bytes > suiteLimits.fileBytes)
      throw new SuiteProblem(
        `files[${index}].content`,
        `"${file.path}" is ${bytes} bytes; at most ${suiteLimits.fileBytes} per file`,
      );
    total += bytes;
  });
  if (total > suiteLimits.totalBytes)
    throw new SuiteProblem("files", `the files hold ${total} bytes; at most ${suiteLimits.totalBytes}`);
  if (push.scenarios.length === 0) throw new SuiteProblem("scenarios", "the files hold no scenario");
  if (push.scenarios.length > suiteLimits.scenarios)
    throw new SuiteProblem("scenarios", `at most ${suiteLimits.scenarios} scenarios per suite`);
  push.scenarios.forEach((scenario, index) => {
    if (!paths.has(scenario.path))
      throw new SuiteProblem(`scenarios[${index}].path`, `"${scenario.path}" is not one of the files pushed`);
  });
}

/** Why `path` cannot be a suite file's path (absolute, `..`, backslashes, …), or undefined. */
function pathProblem(path: string): string | undefined {
  if (path.length === 0 || path.length > 500) return "must be 1–500 characters";
  if (path.startsWith("/") || /^[a-zA-Z]:/.test(path)) return "must be relative to the suite's root";
  if (path.includes("\\")) return "must use forward slashes";
  if ([...path].some((character) => character.charCodeAt(0) < 0x20)) return "holds a control character";
  if (path.split("/").some((part) => part === ".." || part === "." || part === ""))
    return "must not hold `.`, `..` or empty parts";
  return undefined;
}

/** Storing and reading suites. */
export class Suites {
  constructor(private readonly database: Database) {}

  /** Stores a checked push; `created` is false when the same files were pushed before. */
  async push(tenantId: string, push: SuitePush, by: string): Promise<{ name: string; version: string; created: boolean }> {
    checkSuitePush(push);
    const version = suiteVersionOf(push.files);
    const created = await this.database.forTenant(tenantId, (executor) =>
      storeSuiteVersion(executor, { tenantId, ...push, version, createdBy: by }),
    );
    return { name: push.name, version, created };
  }

  /** A version (the newest by default), or undefined. */
  read(tenantId: string, name: string, version?: string): Promise<SuiteVersionRow | undefined> {
    return this.database.forTenant(tenantId, (executor) => readSuiteVersion(executor, name, version));
  }

  list(tenantId: string) {
    return this.database.forTenant(tenantId, listSuites);
  }
}
