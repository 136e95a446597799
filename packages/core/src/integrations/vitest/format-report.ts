import { type Colors, statusLabel } from "./format-run.js";
import type { ScenarioRunRecord } from "./run-record.js";

/**
 * The "Scenario Test Report" printed at the end of a vitest run: the batch
 * id(s), totals, counts per status (skipped and errored runs are counted as
 * what they are, never as passed), the success rate (passed ÷ all runs), and
 * one entry per run with its status, duration, reasoning and criteria met.
 *
 * @example
 * ```ts
 * write(formatReport(records, picocolors.createColors(false)));
 * ```
 */
export function formatReport(records: readonly ScenarioRunRecord[], colors: Colors): string {
  const count = (status: ScenarioRunRecord["status"]) => records.filter((record) => record.status === status).length;
  const passed = count("pass");
  const failed = count("fail");
  const errored = count("error");
  const skipped = count("skipped");
  const unfinished = count("running");
  const rate = records.length === 0 ? 0 : (passed / records.length) * 100;
  const batches = [...new Set(records.map((record) => record.batchRunId))];
  const lines = ["", colors.bold(colors.cyan("=== Scenario Test Report ==="))];
  lines.push(`${batches.length === 1 ? "Batch" : "Batches"}: ${batches.join(", ")}`);
  lines.push(`Total Scenarios: ${records.length}`);
  lines.push(passed > 0 ? colors.green(`Passed: ${passed}`) : `Passed: ${passed}`);
  lines.push(failed > 0 ? colors.red(`Failed: ${failed}`) : `Failed: ${failed}`);
  lines.push(errored > 0 ? colors.red(`Errors: ${errored}`) : `Errors: ${errored}`);
  lines.push(skipped > 0 ? colors.yellow(`Skipped: ${skipped}`) : `Skipped: ${skipped}`);
  if (unfinished > 0) lines.push(colors.yellow(`Unfinished: ${unfinished}`));
  lines.push(`Success Rate: ${colors.bold(`${rate.toFixed(1)}%`)}`);
  records.forEach((record, index) => {
    lines.push(
      "",
      `${index + 1}. ${record.name} - ${statusLabel(record.status, colors)} in ${record.durationSeconds.toFixed(2)}s`,
    );
    if (record.reasoning) lines.push(`  ${colors.greenBright("Reasoning:")} ${record.reasoning}`);
    if (record.error) lines.push(`  ${colors.red("Error:")} ${record.error}`);
    const graded = record.metCriteria.length + record.unmetCriteria.length;
    if (graded > 0) lines.push(colors.bold(`  Success Criteria: ${record.metCriteria.length}/${graded}`));
  });
  lines.push("");
  return lines.join("\n");
}
