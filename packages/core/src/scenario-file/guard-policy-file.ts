/**
 * Release-guard policy files (`rehearse guard --policy <file>`): read like
 * scenario files (YAML, or strict JSON for `.json`; one document, unique
 * keys, no tabs, bounded aliases) and checked against `guardPolicySchema`,
 * every problem as `file:line:column: field: problem`.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { errorMessage } from "../domain/errors.js";
import { type GuardPolicy, guardPolicySchema } from "./guard-policy-schema.js";
import { readScenarioDocument } from "./read-document.js";
import { ScenarioFileError } from "./scenario-file-error.js";
import { ScenarioFileErrors } from "./scenario-file-errors.js";
import { checkSchema, issueToError } from "./validate-with-schema.js";

/** Policies are a few lines; 64 KiB leaves room for long descriptions and comments. */
const maxBytes = 64 * 1024;

/**
 * The policy in `content` (the text of `file`). Throws a `ScenarioFileError`
 * (one problem) or `ScenarioFileErrors` (several) naming file, line and field.
 *
 * @example
 * const policy = readGuardPolicy("passRate: 1.5\n", "release.yaml");
 * // throws: release.yaml:1:1: passRate: …
 */
export function readGuardPolicy(content: string | Uint8Array, file: string): GuardPolicy {
  const document = readScenarioDocument(content, file, { maxBytes });
  const result = checkSchema(guardPolicySchema, document.value);
  if (result.success) return result.data;
  const errors = result.issues.map((issue) => issueToError(issue, file, document.locate));
  throw errors.length === 1 ? (errors[0] as ScenarioFileError) : new ScenarioFileErrors(errors);
}

/**
 * Reads and validates the policy file at `path` (relative to `cwd`); an
 * unreadable file is a `ScenarioFileError` naming it.
 *
 * @example
 * const policy = await loadGuardPolicyFile("policies/release.yaml", process.cwd());
 */
export async function loadGuardPolicyFile(path: string, cwd: string): Promise<GuardPolicy> {
  let content: Uint8Array;
  try {
    content = await readFile(resolve(cwd, path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem = code === "ENOENT" ? "file not found" : code === "EISDIR" ? "is a directory, not a file" : errorMessage(error);
    throw new ScenarioFileError(problem, { file: path, cause: error });
  }
  return readGuardPolicy(content, path);
}
