import { createRequire } from "node:module";
import type { Expectation } from "../domain/expectation.js";
import { deviationText, injectionText, reasoningText, statusText } from "./entry-facts.js";
import type { ReportEntry, RunReport } from "./run-report.js";
import { transcriptLine, transcriptMessages, truncate } from "./transcript-text.js";

type Paint = (text: string) => string;

/** The colours the console lines use. */
interface Palette {
  readonly red: Paint;
  readonly green: Paint;
  readonly yellow: Paint;
  readonly dim: Paint;
  readonly bold: Paint;
}

const plain: Palette = { red: String, green: String, yellow: String, dim: String, bold: String };

/** Longest transcript message shown, in characters. */
const messageLimit = 200;

/**
 * The console lines for an unexpected or failed run: status and expectation,
 * reasoning (or error), unmet criteria, deviations, injections performed and
 * the last `tailMessages` (default 6) transcript messages, one line each
 * (`role: text`, cut to 200 characters). Colour only with `color: true`.
 *
 * @example
 * ```ts
 * for (const entry of report.entries.filter((entry) => entry.expectation.outcome === "unexpected")) {
 *   process.stdout.write(`${failureDetails(entry, { color: true }).join("\n")}\n`);
 * }
 * ```
 */
export function failureDetails(entry: ReportEntry, options?: { color?: boolean; tailMessages?: number }): string[] {
  const paint = palette(options?.color);
  const { result } = entry;
  const summary = result.scenarioRun;
  const mark = entry.expectation.outcome === "as_expected" ? paint.green("✓") : paint.red("✗");
  const lines = [`${mark} ${paint.bold(entry.scenario.name)} — ${statusText(entry)}`];
  const reasoning = reasoningText(entry);
  if (reasoning) lines.push(`  ${paint.dim("reasoning:")} ${truncate(reasoning, 1000, { oneLine: true })}`);
  section(lines, paint, "unmet criteria", result.unmetCriteria);
  section(lines, paint, "deviations", summary?.deviations.map(deviationText));
  section(lines, paint, "injections performed", summary?.injections_performed.map(injectionText));
  const tail = Math.max(0, options?.tailMessages ?? 6);
  const messages = transcriptMessages(result);
  const shown = tail === 0 ? [] : messages.slice(-tail);
  if (shown.length > 0) {
    const of = shown.length < messages.length ? ` (last ${shown.length} of ${messages.length})` : "";
    lines.push(`  ${paint.dim(`transcript${of}:`)}`);
    for (const message of shown) {
      const { role, text } = transcriptLine(message);
      lines.push(`    ${paint.dim(`${role}:`)} ${truncate(text, messageLimit, { oneLine: true })}`);
    }
  }
  lines.push(`  ${paint.dim(`seed ${result.seed} · run ${result.scenarioRunId}`)}`);
  return lines;
}

/**
 * A table of scenario × expected × observed × as expected, then the totals
 * line `N as expected, N unexpected, N undecided (skipped)` (and why the
 * batch stopped, when it stopped early).
 *
 * @example
 * ```ts
 * process.stdout.write(`${summaryTable(report, { color: process.stdout.isTTY }).join("\n")}\n`);
 * ```
 */
export function summaryTable(report: RunReport, options?: { color?: boolean }): string[] {
  const paint = palette(options?.color);
  const header = ["scenario", "expected", "observed", "as expected"];
  const rows = report.entries.map((entry) => [
    truncate(entry.scenario.name, 60, { oneLine: true }),
    entry.expectation.expected,
    entry.result.status,
    verdictWord(entry.expectation.outcome),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd();
  const lines = [paint.bold(line(header)), paint.dim(widths.map((width) => "─".repeat(width)).join("  "))];
  report.entries.forEach((entry, index) => {
    const text = line(rows[index] ?? []);
    const outcome = entry.expectation.outcome;
    lines.push(outcome === "unexpected" ? paint.red(text) : outcome === "undecided" ? paint.yellow(text) : text);
  });
  const { as_expected, unexpected, undecided } = report.expectations;
  const totals = `${as_expected} as expected, ${unexpected} unexpected, ${undecided} undecided (skipped)`;
  lines.push(unexpected > 0 ? paint.red(totals) : undecided > 0 ? paint.yellow(totals) : paint.green(totals));
  if (report.stopped) lines.push(paint.yellow(`stopped early: ${report.stopped.reason}`));
  return lines;
}

function verdictWord(outcome: Expectation["outcome"]): string {
  return outcome === "as_expected" ? "yes" : outcome === "unexpected" ? "NO" : "undecided";
}

function section(lines: string[], paint: Palette, title: string, items: readonly string[] | undefined): void {
  if (!items || items.length === 0) return;
  lines.push(`  ${paint.dim(`${title}:`)}`);
  for (const item of items) lines.push(`    - ${truncate(item, 500, { oneLine: true })}`);
}

/** picocolors only when colour is asked for, loaded then (and forced on: the caller decided). */
function palette(color: boolean | undefined): Palette {
  if (!color) return plain;
  const colors = createRequire(import.meta.url)("picocolors") as { createColors(enabled: boolean): Palette };
  return colors.createColors(true);
}
