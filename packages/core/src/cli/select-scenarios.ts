import { compileFilter, describeFilter, type SuiteFilter } from "../api/scenario-selection.js";
import { countNoun } from "../domain/count-noun.js";
import type { Difficulty, ScenarioType } from "../domain/declarative.js";
import type { CliContext } from "./cli-context.js";
import { collectFiles } from "./collect-files.js";
import { type FileScenario, loadScenarios } from "./load-scenarios.js";

/** The filters `run` and `list` share. */
export interface SelectionOptions {
  /** `--suite`: the scenario type. */
  suite?: ScenarioType;
  /** `--difficulty`, comma-separated and repeatable: any of these. */
  difficulty?: Difficulty[];
  /** `--tag`, repeatable: all must match. */
  tag?: string[];
  /** `--grep`: text the name contains (ignoring case). */
  grep?: string;
}

/** What a selection found: the scenarios to use, and what was left out. */
export interface Selection {
  readonly scenarios: FileScenario[];
  /** Scenarios loaded from the files, before filtering. */
  readonly total: number;
  /** Scenarios left out for `is_active: false`. */
  readonly inactive: number;
  /** The filter the options made. */
  readonly filter: SuiteFilter;
}

/**
 * Collects the files under `paths`, loads every scenario (all files are
 * validated before any runs) and keeps the active ones that pass the
 * filters. Nothing left is not an error here: the caller prints
 * {@link emptySelectionMessage} and exits `ExitCode.nothingTested` (3). The
 * loader's `invalid_scenario` errors are thrown as they are.
 *
 * @example
 * ```ts
 * const { scenarios } = await selectScenarios(["scenarios"], { suite: "adversarial", tag: ["pii"] }, context, "rehearse run");
 * ```
 */
export async function selectScenarios(
  paths: readonly string[],
  options: SelectionOptions,
  context: Pick<CliContext, "cwd">,
  command: string,
): Promise<Selection> {
  const files = await collectFiles(paths, context.cwd, command);
  const loaded = await loadScenarios(files, context.cwd);
  const filter = suiteFilter(options);
  const matches = compileFilter(filter, command);
  const scenarios = loaded.filter((entry) => matches(entry.config));
  const inactive = loaded.filter((entry) => entry.config.isActive === false).length;
  return { scenarios, total: loaded.length, inactive, filter };
}

/**
 * Why a selection is empty: `rehearse run: no scenario matches the filter
 * (business tags=pii) among 4 scenarios (1 inactive left out)`.
 */
export function emptySelectionMessage(selection: Selection, command: string): string {
  const what = describeFilter(selection.filter);
  const left = selection.inactive > 0 ? ` (${selection.inactive} inactive left out)` : "";
  const among = countNoun(selection.total, "scenario");
  return `${command}: no scenario matches ${what === "all" ? "" : `the filter (${what}) `}among ${among}${left}`;
}

/** The `SuiteFilter` of the command-line options (absent ones select everything). */
export function suiteFilter(options: SelectionOptions): SuiteFilter {
  return {
    ...(options.suite ? { scenarioType: options.suite } : {}),
    ...(options.difficulty && options.difficulty.length > 0 ? { difficulty: options.difficulty } : {}),
    ...(options.tag && options.tag.length > 0 ? { tags: options.tag } : {}),
    ...(options.grep !== undefined ? { grep: options.grep } : {}),
  };
}
