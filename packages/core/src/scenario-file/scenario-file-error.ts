import { RehearseError } from "../domain/errors.js";

/** Where in a scenario file a problem is: all but `file` are optional because some problems (too large, binary) have no position. */
export interface ScenarioFileLocation {
  /** The file path as given by the caller, printed verbatim. */
  file: string;
  /** 1-based line. */
  line?: number;
  /** 1-based column. */
  column?: number;
  /** Dotted path of the offending field, e.g. `steps[2].type`. */
  field?: string;
}

/**
 * A scenario file is unreadable or invalid. The message reads
 * `file:line:column: field: problem` (parts that are unknown are left out) so
 * editors and terminals can jump to the spot.
 */
export class ScenarioFileError extends RehearseError {
  readonly file: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly field: string | undefined;
  /** The problem alone, without the location prefix. */
  readonly problem: string;

  constructor(problem: string, location: ScenarioFileLocation & { cause?: unknown }) {
    super("invalid_scenario", formatScenarioFileMessage(problem, location), { cause: location.cause });
    this.name = "ScenarioFileError";
    this.file = location.file;
    this.line = location.line;
    this.column = location.column;
    this.field = location.field;
    this.problem = problem;
  }
}

/** `file:line:column: field: problem`, leaving out the unknown parts. */
export function formatScenarioFileMessage(problem: string, location: ScenarioFileLocation): string {
  let where = location.file;
  if (location.line !== undefined) {
    where += `:${location.line}`;
    if (location.column !== undefined) where += `:${location.column}`;
  }
  return location.field ? `${where}: ${location.field}: ${problem}` : `${where}: ${problem}`;
}

/**
 * Dotted path of a data path: `["steps", 2, "type"]` → `steps[2].type`.
 * Keys that are not plain identifiers are quoted (`headers["x-id"]`).
 */
export function formatFieldPath(path: ReadonlyArray<PropertyKey>): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else if (typeof segment === "string" && /^[A-Za-z_$][\w$]*$/.test(segment)) text += text ? `.${segment}` : segment;
    else text += `[${JSON.stringify(String(segment))}]`;
  }
  return text;
}
