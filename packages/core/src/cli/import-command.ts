import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import {
  formatImportProblem,
  type ImportAgent,
  type ImportFormat,
  importConversations,
  importFormats,
  placeholderAgentModule,
  type ReplayTurn,
} from "../api/imports.js";
import { countNoun } from "../domain/count-noun.js";
import type { CliContext } from "./cli-context.js";
import { ExitCode, usageError } from "./exit-codes.js";

/** The flags of `rehearse import`, as commander gives them. */
export interface ImportCommandOptions {
  readonly from?: string;
  readonly out?: string;
  readonly turn?: string;
  readonly agent?: string;
  readonly force?: boolean;
  readonly skipInvalid?: boolean;
}

const command = "rehearse import";

/**
 * `rehearse import <files…> --from <format> --out <dir>`: production conversations to prefix-replay scenario
 * files, written only into `--out`. All or nothing by default: any bad line, span or run (or a conversation
 * with no turn to test) is printed as `file:line: field: problem`, nothing is written and the command exits 2;
 * `--skip-invalid` writes the rest and counts what it skipped. Existing files are never overwritten without
 * `--force`.
 *
 * @example
 * ```ts
 * await importCommand(["prod.jsonl"], { from: "openai-jsonl", out: "imported", agent: "agent.mjs" }, context);
 * ```
 */
export async function importCommand(
  files: readonly string[],
  options: ImportCommandOptions,
  context: CliContext,
): Promise<number> {
  const from = formatOf(options.from);
  if (options.out === undefined) throw usageError(`${command}: --out <dir> is required (files are written only there)`, "--out");
  const out = resolve(context.cwd, options.out);
  const turn = turnOf(options.turn);
  const agent = options.agent === undefined ? undefined : agentOf(options.agent, context.cwd, out);
  const sources = [];
  for (const file of files) {
    const path = resolve(context.cwd, file);
    if (!existsSync(path)) throw usageError(`${command}: no such file: ${file}`, "files");
    sources.push({ file: relative(context.cwd, path) || file, text: await readFile(path, "utf8") });
  }
  const summary = await importConversations(sources, {
    from,
    ...(turn === undefined ? {} : { turn }),
    ...(agent ? { agent } : {}),
  });
  for (const problem of summary.problems) context.printError(formatImportProblem(problem));
  const read = `${countNoun(summary.conversations.length, "conversation")} read from ${countNoun(sources.length, "file")}`;
  if (summary.problems.length > 0 && !options.skipInvalid) {
    context.printError(
      `${read}; ${countNoun(summary.problems.length, "problem")}: nothing written (fix the input, or --skip-invalid to write the rest)`,
    );
    return ExitCode.usage;
  }
  if (summary.files.length === 0) {
    context.printError(`${read}: no conversation with a turn to test, nothing written`);
    return ExitCode.usage;
  }
  const existing = summary.files.filter((file) => existsSync(join(out, file.fileName)));
  if (existing.length > 0 && !options.force) {
    for (const file of existing) context.printError(`${relative(context.cwd, join(out, file.fileName))}: exists`);
    context.printError(
      `${command}: ${countNoun(existing.length, "file")} would be overwritten: nothing written (--force to overwrite)`,
    );
    return ExitCode.usage;
  }
  await mkdir(out, { recursive: true });
  // a few writes at a time: 10 000 files one by one spend most of their time waiting
  for (let index = 0; index < summary.files.length; index += 64) {
    const batch = summary.files.slice(index, index + 64);
    await Promise.all(batch.map((file) => writeFile(join(out, file.fileName), file.text, "utf8")));
  }
  const where = relative(context.cwd, out) || ".";
  const skipped = summary.problems.length > 0 ? `, ${countNoun(summary.problems.length, "problem")} skipped` : "";
  const duplicates = summary.duplicates > 0 ? `, ${countNoun(summary.duplicates, "duplicate")} left out` : "";
  context.print(`${read}: ${countNoun(summary.files.length, "scenario file")} written to ${where}${skipped}${duplicates}`);
  if (agent === undefined)
    context.print(
      `the files name ${placeholderAgentModule} as the agent under test: set agent: in them, or import again with --agent <module[#export]>`,
    );
  context.print(`next: rehearse validate ${where} && rehearse run ${where}`);
  return ExitCode.ok;
}

function formatOf(value: string | undefined): ImportFormat {
  if (value !== undefined && (importFormats as readonly string[]).includes(value)) return value as ImportFormat;
  const got = value === undefined ? "it is missing" : `got ${JSON.stringify(value)}`;
  throw usageError(`${command}: --from must be one of ${importFormats.join(", ")} (${got})`, "--from");
}

function turnOf(value: string | undefined): ReplayTurn | undefined {
  if (value === undefined || value === "last" || value === "all") return value;
  if (/^[1-9]\d*$/.test(value)) return Number(value);
  throw usageError(`${command}: --turn must be last, all or a turn number from 1, got ${JSON.stringify(value)}`, "--turn");
}

/** `--agent <module[#export]>` (checked to exist, written relative to --out) or `--agent <http(s)://base-url#model>`. */
function agentOf(spec: string, cwd: string, out: string): ImportAgent {
  const hash = spec.lastIndexOf("#");
  const head = hash > 0 ? spec.slice(0, hash) : spec;
  const name = hash > 0 ? spec.slice(hash + 1) : undefined;
  if (/^https?:\/\//.test(spec)) {
    if (!name)
      throw usageError(`${command}: --agent: an endpoint is written <base-url>#<model>, got ${JSON.stringify(spec)}`, "--agent");
    return { openai_compatible: { base_url: head, model: name } };
  }
  if (head === "" || name === "")
    throw usageError(`${command}: --agent: expected <module[#export]>, got ${JSON.stringify(spec)}`, "--agent");
  const path = resolve(cwd, head);
  if (!existsSync(path)) throw usageError(`${command}: --agent: no such file: ${head}`, "--agent");
  let module = relative(out, path).split(sep).join("/");
  if (!module.startsWith(".")) module = `./${module}`;
  return name ? { module, export: name } : { module };
}
