import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import type { CliContext } from "./cli-context.js";
import { ExitCode } from "./exit-codes.js";
import { initTemplates } from "./init-templates.js";

/**
 * `rehearse init [dir]`: scaffolds a project in `dir` (created when
 * missing): an example scenario with its agent, `rehearse.config.mjs` and a
 * GitHub Actions workflow. Existing files are never overwritten without
 * `--force`: they are listed and nothing is written (exit 2).
 *
 * @example
 * ```ts
 * await initCommand("my-project", { force: false }, context);
 * ```
 */
export async function initCommand(directory: string, options: { force?: boolean }, context: CliContext): Promise<number> {
  const root = resolve(context.cwd, directory);
  const shown = (path: string) => relative(context.cwd, join(root, path)) || path;
  const files = Object.keys(initTemplates);
  const existing = files.filter((path) => existsSync(join(root, path)));
  if (existing.length > 0 && !options.force) {
    for (const path of existing) context.printError(`exists: ${shown(path)}`);
    context.printError(
      `rehearse init: ${existing.length} file${existing.length === 1 ? "" : "s"} already exist; nothing was written (--force overwrites them)`,
    );
    return ExitCode.usage;
  }
  for (const path of files) {
    const target = join(root, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, initTemplates[path] as string, "utf8");
    context.print(`${existing.includes(path) ? "overwrote" : "created"} ${shown(path)}`);
  }
  const into = relative(context.cwd, root);
  context.print("");
  context.print("Next:");
  if (into) context.print(`  cd ${into}`);
  context.print("  npm install --save-dev @rehearse/core   # when it is not a dependency yet");
  context.print("  npx rehearse run scenarios");
  return ExitCode.ok;
}
