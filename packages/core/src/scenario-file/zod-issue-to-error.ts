import { unknownKeysProblem } from "../domain/did-you-mean.js";
import type { ScenarioDocument } from "./read-document.js";
import { formatFieldPath, ScenarioFileError } from "./scenario-file-error.js";

/** The parts of a zod issue this module reads (structurally typed so zod is not loaded here). */
export interface SchemaIssue {
  code: string;
  path: ReadonlyArray<PropertyKey>;
  message: string;
  /** For `unrecognized_keys`: the unknown keys of the object at `path`. */
  keys?: ReadonlyArray<string>;
  /** For `unrecognized_keys`: required keys of the same object that are absent (a lone unknown key is likely one, misspelt). */
  missing?: ReadonlyArray<string>;
}

/**
 * Turns one schema issue into a {@link ScenarioFileError} located in the file.
 * For unknown keys it points at the first unknown key and, when `knownKeys`
 * lists the allowed keys of that object, adds a "did you mean" hint.
 *
 * @example
 * const errors = result.error.issues.map((issue) => zodIssueToError(issue, file, document.locate, allowedKeys));
 */
export function zodIssueToError(
  issue: SchemaIssue,
  file: string,
  locate: ScenarioDocument["locate"],
  knownKeys?: (path: ReadonlyArray<PropertyKey>) => readonly string[],
): ScenarioFileError {
  if (issue.code === "unrecognized_keys" && issue.keys && issue.keys.length > 0) {
    const [first] = issue.keys;
    const keyPath = first === undefined ? issue.path : [...issue.path, first];
    const problem = unknownKeysProblem(issue.keys, knownKeys?.(issue.path) ?? [], issue.missing);
    return new ScenarioFileError(problem, { file, field: formatFieldPath(keyPath), ...locateNearest(locate, keyPath) });
  }
  return new ScenarioFileError(issue.message, {
    file,
    field: issue.path.length > 0 ? formatFieldPath(issue.path) : undefined,
    ...locateNearest(locate, issue.path),
  });
}

/** A missing field has no node: fall back to its closest existing parent so the line still helps. */
function locateNearest(locate: ScenarioDocument["locate"], path: ReadonlyArray<PropertyKey>) {
  for (let length = path.length; length >= 0; length--) {
    const position = locate(path.slice(0, length));
    if (position) return position;
  }
  return {};
}
