/**
 * Reports of a run: one `RunReport` built from the results, written by the
 * reporters a `--reporter` spec names (console, JSON, JUnit, HTML), and the
 * console's summary table and failure details.
 */
export { buildRunReport } from "../reporters/build-run-report.js";
export { failureDetails, summaryTable } from "../reporters/console-report.js";
export type { RunReport } from "../reporters/run-report.js";
export { parseReporterSpec, type ReporterSpec, writeReports } from "../reporters/write-reports.js";
