import { RehearseError } from "../domain/errors.js";
import type { ScenarioFileError } from "./scenario-file-error.js";

/**
 * Every problem found in a set of scenario files (code `invalid_scenario`).
 * The message is one `file:line:column: field: problem` line per error, so
 * a user fixes them all in one pass; `errors` holds them for tools.
 */
export class ScenarioFileErrors extends RehearseError {
  readonly errors: readonly ScenarioFileError[];

  constructor(errors: readonly ScenarioFileError[]) {
    super("invalid_scenario", errors.map((error) => error.message).join("\n"));
    this.name = "ScenarioFileErrors";
    this.errors = errors;
  }
}

/** Throws when there are problems: the error itself when there is one, {@link ScenarioFileErrors} when several. */
export function throwIfAny(errors: readonly ScenarioFileError[]): void {
  const [first] = errors;
  if (!first) return;
  throw errors.length === 1 ? first : new ScenarioFileErrors(errors);
}
