import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative, resolve } from "node:path";
import { countNoun } from "../domain/count-noun.js";
import type { CliContext } from "./cli-context.js";
import { ExitCode } from "./exit-codes.js";
import { projectFiles } from "./init-project-files.js";
import { initTemplates } from "./init-templates.js";

/**
 * `rehearse init [dir]`: scaffolds a project in `dir` (created when
 * missing): an example scenario with its agent, a vitest test of that agent
 * in TypeScript, `rehearse.config.mjs` and a GitHub Actions workflow, plus
 * the project files it needs (package.json with `@rehearse/core`, vitest and
 * TypeScript as dev dependencies, tsconfig.json, vitest.config.ts,
 * .gitignore) where the project has none. Existing example files are never
 * overwritten without `--force`: they are listed and nothing is written
 * (exit 2). Existing project files are always kept; the next steps say what
 * to add to them.
 *
 * @example
 * ```ts
 * await initCommand("my-project", { force: false }, context);
 * ```
 */
export async function initCommand(directory: string, options: { force?: boolean }, context: CliContext): Promise<number> {
  const root = resolve(context.cwd, directory);
  const shown = (path: string) => relative(context.cwd, join(root, path)) || path;
  const examples = Object.keys(initTemplates);
  const existing = examples.filter((path) => existsSync(join(root, path)));
  if (existing.length > 0 && !options.force) {
    for (const path of existing) context.printError(`exists: ${shown(path)}`);
    context.printError(
      `rehearse init: ${countNoun(existing.length, "file")} already ${existing.length === 1 ? "exists" : "exist"}; nothing was written (--force overwrites ${existing.length === 1 ? "it" : "them"})`,
    );
    return ExitCode.usage;
  }
  const write = async (path: string, content: string) => {
    const target = join(root, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content, "utf8");
  };
  const kept: string[] = [];
  let install = "npm install";
  for (const [path, file] of Object.entries(projectFiles(basename(root), context.version))) {
    const own = [path, ...(file.alternatives ?? [])].find((candidate) => existsSync(join(root, candidate)));
    if (own) {
      context.print(`kept ${shown(own)} (exists)`);
      if (path === "package.json") install = file.whenKept;
      else kept.push(`${own}: ${file.whenKept}`);
      continue;
    }
    await write(path, file.content);
    context.print(`created ${shown(path)}`);
  }
  for (const path of examples) {
    await write(path, initTemplates[path] as string);
    context.print(`${existing.includes(path) ? "overwrote" : "created"} ${shown(path)}`);
  }
  printNextSteps(context, { into: relative(context.cwd, root), install, kept });
  return ExitCode.ok;
}

function printNextSteps(context: CliContext, steps: { into: string; install: string; kept: readonly string[] }): void {
  context.print("");
  if (steps.kept.length > 0) {
    context.print("Your own files were kept; for the example test:");
    for (const advice of steps.kept) context.print(`  ${advice}`);
    context.print("");
  }
  context.print("Next:");
  if (steps.into) context.print(`  cd ${steps.into}`);
  context.print(`  ${steps.install}`);
  context.print("  npx rehearse run scenarios   # the scenario file, scenarios/example.scenario.yaml");
  context.print("  npx vitest run               # the TypeScript test, tests/example.test.ts");
  context.print("  npx tsc                      # type-checks it");
}
