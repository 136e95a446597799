import { countNoun } from "../domain/count-noun.js";
import { errorMessage, RehearseError } from "../domain/errors.js";

/** Codes of errors the user fixes (a file, a flag, the config): printed as a message, never with a stack. */
const userErrorCodes: ReadonlySet<string> = new Set(["invalid_scenario", "invalid_config"]);

/** True for an error the user caused and fixes: bad flags, scenario files, config. */
export function isUserError(error: unknown): error is RehearseError {
  return RehearseError.isInstance(error) && userErrorCodes.has(error.code);
}

/**
 * The problems of a user error, one per line: `file:line:column: field:
 * problem` for scenario files (every problem of the set, as
 * `ScenarioFileErrors` lists them), the message otherwise.
 */
export function problemLines(error: RehearseError): string[] {
  const listed = (error as { errors?: ReadonlyArray<{ message: string }> }).errors;
  if (Array.isArray(listed) && listed.length > 0) return listed.map((problem) => problem.message);
  return errorMessage(error).split("\n");
}

/** The files a user error names: each scenario-file problem's `file`, else none known. */
export function problemFiles(error: RehearseError): string[] {
  const listed = (error as { errors?: ReadonlyArray<{ file?: unknown }> }).errors;
  if (!Array.isArray(listed)) return [];
  return [...new Set(listed.map((problem) => problem.file).filter((file): file is string => typeof file === "string"))];
}

/** `3 problems in 2 files`. */
export function problemCount(problems: number, files: number): string {
  return `${countNoun(problems, "problem")} in ${countNoun(files, "file")}`;
}

/**
 * Prints an error for the terminal: a user error as its problem lines (and,
 * for several scenario-file problems, their count), anything else as
 * `rehearse: message` with the stack, since that is a bug to report.
 */
export function printFailure(error: unknown, printError: (line: string) => void): void {
  if (isUserError(error)) {
    const lines = problemLines(error);
    for (const line of lines) printError(line);
    const files = problemFiles(error);
    if (files.length > 0) printError(problemCount(lines.length, files.length));
    return;
  }
  if (RehearseError.isInstance(error)) {
    printError(`rehearse: ${errorMessage(error)}`);
    return;
  }
  printError(`rehearse: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
}
