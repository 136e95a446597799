import { resolve } from "node:path";
import type { RedTeamReport } from "../agents/red-team/attack-report.js";

/**
 * Writes a red-team report as pretty JSON (two-space indent, final newline),
 * creating the parent directory. The write is atomic — a temporary file
 * beside the target, then a rename — so a reader never sees half a report.
 * Rehearse writes no report files by default: call this only when the user
 * asked for one. Resolves to the absolute path written.
 *
 * @example
 * ```ts
 * const result = await run(scenario);
 * if (options.reportFile) await writeRedTeamReport(redTeam.report, options.reportFile);
 * ```
 */
export async function writeRedTeamReport(report: RedTeamReport, path: string): Promise<string> {
  const file = resolve(path);
  // loaded here, not with the package: most runs write no report
  const { writeFileAtomic } = await import("./write-file-atomic.js");
  await writeFileAtomic(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}
