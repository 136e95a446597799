import { mkdir, writeFile } from "node:fs/promises";
import { dirname, relative, resolve } from "node:path";
import { scenarioFileJsonSchema } from "../api/scenario-file-schema.js";
import type { CliContext } from "./cli-context.js";
import { ExitCode } from "./exit-codes.js";

/**
 * `rehearse schema [--output <file>]`: the JSON Schema of scenario files,
 * printed, or written to a file (for `# yaml-language-server: $schema=…`).
 *
 * @example
 * ```ts
 * await schemaCommand({ output: "rehearse.schema.json" }, context);
 * ```
 */
export async function schemaCommand(options: { output?: string }, context: CliContext): Promise<number> {
  const text = `${JSON.stringify(await scenarioFileJsonSchema(), null, 2)}\n`;
  if (options.output === undefined) {
    context.print(text.trimEnd());
    return ExitCode.ok;
  }
  const file = resolve(context.cwd, options.output);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text, "utf8");
  context.print(`wrote ${relative(context.cwd, file) || file}`);
  return ExitCode.ok;
}
