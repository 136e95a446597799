import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { redTeamHtmlReport } from "../api/red-team-page.js";
import { countNoun } from "../domain/count-noun.js";
import type { CliContext } from "./cli-context.js";
import { ExitCode, usageError } from "./exit-codes.js";

/** The options of `rehearse redteam report`. */
export interface RedteamReportOptions {
  /** The batch subdirectory; default the latest (last by name). */
  batch?: string;
  /** Where to write the page; default `<dir>/<batch>/report.html`. */
  output?: string;
  title?: string;
}

const firstRun = "run `rehearse redteam … --report-dir <dir>` first, or pass the directory you gave it";

/**
 * `rehearse redteam report <dir>`: reads the red-team JSON reports of one
 * batch under `dir` (the latest by default: batch names are UTC time stamps,
 * so the last by name is the newest) and writes one self-contained HTML page
 * of them, printing its path. A missing directory, batch or report is a
 * usage error with a hint (exit 2).
 *
 * @example
 * ```ts
 * await redteamReportCommand("redteam-reports", { batch: "20260414_143022" }, context);
 * ```
 */
export async function redteamReportCommand(
  directory: string,
  options: RedteamReportOptions,
  context: CliContext,
): Promise<number> {
  const root = resolve(context.cwd, directory);
  if (!(await isDirectory(root))) throw usageError(`rehearse redteam report: no reports directory at ${directory}; ${firstRun}`);
  const batches = (await readdir(root, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith("."))
    .map((entry) => entry.name)
    .sort();
  if (batches.length === 0) throw usageError(`rehearse redteam report: no batches in ${directory}; ${firstRun}`);
  const batch = options.batch ?? (batches.at(-1) as string);
  if (!batches.includes(batch)) {
    const recent = batches.slice(-5).reverse().join(", ");
    throw usageError(`rehearse redteam report: no batch "${batch}" in ${directory}; the latest: ${recent}`, "--batch");
  }
  const folder = join(root, batch);
  const files = (await readdir(folder)).filter((name) => name.endsWith(".json")).sort();
  if (files.length === 0) throw usageError(`rehearse redteam report: no .json reports in ${join(directory, batch)}; ${firstRun}`);
  const reports = await Promise.all(
    files.map(async (file) => ({ file, report: parsed(await readFile(join(folder, file), "utf8")) })),
  );
  const output = options.output === undefined ? join(folder, "report.html") : resolve(context.cwd, options.output);
  await mkdir(dirname(output), { recursive: true });
  await writeFile(output, redTeamHtmlReport(reports, { title: options.title ?? `Red-team batch ${batch}` }), "utf8");
  context.print(`${countNoun(files.length, "report")} from ${join(directory, batch)}`);
  context.print(relative(context.cwd, output) || output);
  return ExitCode.ok;
}

/** The JSON of a file, or null when it is not JSON (the page lists it as unreadable). */
function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
