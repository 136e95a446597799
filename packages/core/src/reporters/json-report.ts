import { reportSafe } from "./report-safe.js";
import type { RunReport } from "./run-report.js";

/**
 * The JSON report: the `RunReport` as is (version `RUN_REPORT_VERSION`, see
 * docs/reports.md), two-space indented with a final newline. File data in
 * messages becomes a `[file: name, N bytes]` note so the report stays small
 * and holds no uploaded bytes. The same report always gives the same text.
 *
 * @example
 * ```ts
 * await writeFile("rehearse-report.json", jsonReport(report));
 * ```
 */
export function jsonReport(report: RunReport): string {
  return `${JSON.stringify(reportSafe(report), null, 2)}\n`;
}
