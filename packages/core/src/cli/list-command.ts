import { relative, resolve } from "node:path";
import { scenarioSlug } from "../api/scenario-selection.js";
import { countNoun } from "../domain/count-noun.js";
import type { CliContext } from "./cli-context.js";
import { ExitCode } from "./exit-codes.js";
import { emptySelectionMessage, type SelectionOptions, selectScenarios } from "./select-scenarios.js";

/** The options of `rehearse list`. */
export interface ListOptions extends SelectionOptions {
  /** Print JSON (an array of {@link ListedScenario}) instead of a table. */
  json?: boolean;
}

/** One scenario as `rehearse list --json` prints it. */
export interface ListedScenario {
  name: string;
  /** `id`, else a slug of the name (as on results). */
  id: string;
  /** `scenario_type`, when set. */
  type: string | null;
  /** `difficulty`, when set. */
  difficulty: string | null;
  tags: string[];
  /** What the scenario is expected to end with (default `pass`). */
  expect: "pass" | "fail";
  /** Relative to the working directory. */
  file: string;
}

/**
 * `rehearse list <paths…>`: the scenarios `run` would run with the same
 * filters (a table of name, type, difficulty, tags, expect and file, or `--json`),
 * loading and validating the files but running nothing.
 *
 * @example
 * ```ts
 * await listCommand(["scenarios"], { suite: "adversarial", json: true }, context);
 * ```
 */
export async function listCommand(paths: readonly string[], options: ListOptions, context: CliContext): Promise<number> {
  const selection = await selectScenarios(paths, options, context, "rehearse list");
  if (selection.scenarios.length === 0) {
    context.printError(emptySelectionMessage(selection, "rehearse list"));
    return ExitCode.nothingTested;
  }
  const { scenarios, inactive } = selection;
  const listed: ListedScenario[] = scenarios.map(({ file, config }) => ({
    name: config.name,
    id: config.id ?? scenarioSlug(config.name),
    type: config.scenarioType ?? null,
    difficulty: config.difficulty ?? null,
    tags: [...(config.tags ?? [])],
    expect: config.expect ?? "pass",
    file: relative(context.cwd, resolve(context.cwd, file)) || file,
  }));
  if (options.json) {
    context.print(JSON.stringify(listed, null, 2));
    return ExitCode.ok;
  }
  const rows = listed.map((entry) => [
    entry.name,
    entry.type ?? "-",
    entry.difficulty ?? "-",
    entry.tags.join(",") || "-",
    entry.expect,
    entry.file,
  ]);
  for (const line of table(["name", "type", "difficulty", "tags", "expect", "file"], rows)) context.print(line);
  const left = inactive > 0 ? ` (${inactive} inactive not listed)` : "";
  context.print(`${countNoun(listed.length, "scenario")}${left}`);
  return ExitCode.ok;
}

/** Left-aligned columns two spaces apart, with a rule under the header. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((width) => "─".repeat(width)).join("  "), ...rows.map(line)];
}
