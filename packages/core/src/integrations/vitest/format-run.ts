import type { ScenarioRunRecord, TranscriptEntry } from "./run-record.js";

/** The colours the reporter uses (picocolors' functions, or identity functions for plain text). */
export type Colors = Record<"bold" | "cyan" | "green" | "greenBright" | "magenta" | "red" | "yellow", (text: string) => string>;

/** How a status is shown: its word and its colour. */
export function statusLabel(status: ScenarioRunRecord["status"], colors: Colors): string {
  switch (status) {
    case "pass":
      return colors.green("PASS");
    case "fail":
      return colors.red("FAIL");
    case "error":
      return colors.red("ERROR");
    case "skipped":
      return colors.yellow("SKIPPED");
    case "running":
      return colors.yellow("UNFINISHED");
    default:
      return status satisfies never;
  }
}

function indent(text: string, by = 2): string {
  return text.replace(/^/gm, " ".repeat(by));
}

function chatLine(entry: TranscriptEntry, colors: Colors): string {
  switch (entry.kind) {
    case "user":
      return `${colors.green("User")}: ${entry.text}`;
    case "agent":
      return `${colors.cyan("Agent")}: ${entry.text}`;
    case "system":
      return `${colors.yellow("System")}: ${entry.text}`;
    case "tool-call":
      return `${colors.magenta(`ToolCall(${entry.name})`)}:\n\n${indent(entry.text)}\n`;
    case "tool-result":
      return `${colors.magenta(`ToolResult(${entry.name})`)}:\n\n${indent(entry.text)}\n`;
    default:
      return entry.kind satisfies never;
  }
}

/**
 * One scenario run as the reporter prints it: name, the test that ran it,
 * description, chat log, then the verdict (status, reasoning, met and unmet
 * criteria, error, seed).
 *
 * @example
 * ```ts
 * write(formatRun(record, "refunds > pays the order total", picocolors.createColors(false)));
 * ```
 */
export function formatRun(record: ScenarioRunRecord, testName: string, colors: Colors): string {
  const lines = ["", colors.bold(`--- Scenario Run: ${record.name} ---`), `Test: ${testName}`];
  if (record.description) lines.push(`Description: ${record.description}`);
  if (record.transcript.length > 0) {
    lines.push("Chat log:", "");
    for (const entry of record.transcript) lines.push(chatLine(entry, colors));
  }
  lines.push(colors.bold("--- Verdict ---"), `Status: ${statusLabel(record.status, colors)}`);
  if (record.status === "running")
    lines.push("The test ended before this run finished (a timeout, or a run that was not awaited).");
  if (record.reasoning) lines.push(`Reasoning: ${record.reasoning}`);
  if (record.metCriteria.length > 0) lines.push(`Met criteria: ${record.metCriteria.join(", ")}`);
  if (record.unmetCriteria.length > 0) lines.push(`Unmet criteria: ${record.unmetCriteria.join(", ")}`);
  if (record.error) lines.push(`Error: ${record.error}`);
  lines.push(`Seed: ${record.seed}`, "-----------------------------", "");
  return lines.join("\n");
}
