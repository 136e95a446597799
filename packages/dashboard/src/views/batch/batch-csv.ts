/**
 * The batch's rows as CSV, made in the browser (RFC 4180: comma-separated,
 * CRLF line ends, a field with a comma, quote or line break quoted and its
 * quotes doubled). Text that a spreadsheet would run as a formula (starting
 * with `=`, `+`, `-`, `@`, a tab or a carriage return) is prefixed with `'`,
 * so a scenario name or label cannot become a formula on the reader's machine.
 */
import type { Column } from "./batch-columns";
import type { RunRow } from "./batch-rows";

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV field. Numbers and booleans are written as they are; text is guarded and quoted when needed. */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  const guarded = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

/** A header line and one line per row, in the given order. */
export function buildCsv(columns: readonly Column[], rows: readonly RunRow[]): string {
  const lines = [columns.map((column) => csvField(column.csvHeader)).join(",")];
  for (const row of rows) lines.push(columns.map((column) => csvField(column.csvValue(row))).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

/** The file name of a batch's export. */
export function csvFileName(batchId: string): string {
  return `batch-${batchId.replaceAll(/[^A-Za-z0-9._-]/g, "_")}.csv`;
}

/** Offers `text` as a download named `fileName` (a Blob URL, revoked after the click). */
export function downloadCsv(text: string, fileName: string, document: Document): void {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const anchor = document.createElement("a");
  anchor.href = url;
  anchor.download = fileName;
  anchor.hidden = true;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
