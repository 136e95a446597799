import { countNoun } from "../domain/count-noun.js";
import type { CliContext } from "./cli-context.js";
import { collectFiles, scenarioFilePattern } from "./collect-files.js";
import { ExitCode } from "./exit-codes.js";
import { loadDeclarative, loadModuleScenarios } from "./load-scenarios.js";
import { isUserError, problemCount, problemFiles, problemLines } from "./user-errors.js";

/**
 * `rehearse validate <paths…>`: loads and validates every scenario file
 * (YAML and JSON as one set, then each module) without running anything.
 * Prints `✓ N scenario files valid` and resolves to 0, or prints every
 * problem (`file:line:column: field: problem`) and `N problems in M files`
 * on standard error and resolves to 2.
 *
 * @example
 * ```ts
 * const code = await validateCommand(["scenarios"], context);
 * ```
 */
export async function validateCommand(paths: readonly string[], context: CliContext): Promise<number> {
  const files = await collectFiles(paths, context.cwd, "rehearse validate");
  const lines: string[] = [];
  const failedFiles = new Set<string>();
  const collect = (error: unknown, file?: string) => {
    if (!isUserError(error)) throw error;
    lines.push(...problemLines(error));
    const named = problemFiles(error);
    for (const each of named.length > 0 ? named : file ? [file] : []) failedFiles.add(each);
  };
  try {
    await loadDeclarative(files, context.cwd);
  } catch (error) {
    collect(error);
  }
  // each module on its own, so one that fails to import does not hide the others' problems
  for (const file of files.filter((candidate) => !scenarioFilePattern.test(candidate))) {
    try {
      await loadModuleScenarios(file, context.cwd);
    } catch (error) {
      collect(error, file);
    }
  }
  if (lines.length === 0) {
    context.print(`✓ ${countNoun(files.length, "scenario file")} valid`);
    return ExitCode.ok;
  }
  for (const line of lines) context.printError(line);
  context.printError(problemCount(lines.length, Math.max(1, failedFiles.size)));
  return ExitCode.usage;
}
