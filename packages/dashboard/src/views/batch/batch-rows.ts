/**
 * The batch page's rows, without React: the run summary row type, counts
 * derived from the rows, the canonical pass rate, which presentation opens by
 * default, and filtering and sorting (failures first unless the URL says
 * otherwise). The table, the grid and the CSV export all read these.
 */
import type { Schemas } from "../../api/client";
import { type BadgeStatus, runBadge, STATUS_ORDER } from "../../components/status-badge";

/** A run summary; `metadata` is the flat record the server adds to summaries (absent from older servers). */
export type RunRow = Schemas["RunSummary"] & { metadata?: Record<string, unknown> | null };

/** Counts of a batch's runs, as `GET /api/v1/batches/{id}` derives them. */
export type BatchCounts = Schemas["Batch"]["counts"];

/** The counts of `rows`: lifecycle from `state`, outcome from `status` (the server's rule). */
export function countRows(rows: Iterable<RunRow>): BatchCounts {
  const counts: BatchCounts = {
    total: 0,
    running: 0,
    stalled: 0,
    queued: 0,
    finished: 0,
    cancelled: 0,
    pass: 0,
    fail: 0,
    error: 0,
    skipped: 0,
  };
  for (const row of rows) {
    counts.total += 1;
    if (row.state === "running" || row.state === "stalled" || row.state === "finished" || row.state === "cancelled")
      counts[row.state] += 1;
    // an interrupted run waits for its next attempt: the server counts it as queued
    else if (row.state === "queued" || row.state === "interrupted") counts.queued += 1;
    if (row.status) counts[row.status] += 1;
  }
  return counts;
}

/** Runs with an outcome that counts for the pass rate: pass, fail and error (skipped runs did not run). */
export function settledOf(counts: Pick<BatchCounts, "pass" | "fail" | "error">): number {
  return counts.pass + counts.fail + counts.error;
}

/** The canonical pass rate: passed ÷ settled; `null` ("no data", never 0 %) when nothing settled. */
export function passRateOf(counts: Pick<BatchCounts, "pass" | "fail" | "error">): number | null {
  const settled = settledOf(counts);
  return settled === 0 ? null : counts.pass / settled;
}

/** Most live cards a grid opens with by default; bigger batches open as a table. */
export const GRID_DEFAULT_LIMIT = 60;

export type Presentation = "grid" | "table";

/** The grid while the batch is running and small enough to watch, else the table. */
export function defaultPresentation(counts: Pick<BatchCounts, "total" | "running">): Presentation {
  return counts.running > 0 && counts.total <= GRID_DEFAULT_LIMIT ? "grid" : "table";
}

/** The statuses a row can be filtered by, failures first. */
export const FILTER_STATUSES: readonly BadgeStatus[] = (Object.keys(STATUS_ORDER) as BadgeStatus[]).sort(
  (left, right) => STATUS_ORDER[left] - STATUS_ORDER[right],
);

/** What a user narrowed the rows to (all from the URL). */
export interface RowFilter {
  /** Badge statuses to keep; empty keeps all. */
  statuses: readonly string[];
  /** Text found in the scenario name, scenario id, run id or a label (any case). */
  query: string;
  /** A label the run must carry; empty keeps all. */
  label: string;
}

export function filterRows(rows: readonly RunRow[], filter: RowFilter): RunRow[] {
  const statuses = new Set(filter.statuses);
  const needle = filter.query.trim().toLowerCase();
  return rows.filter((row) => {
    if (statuses.size > 0 && !statuses.has(runBadge(row))) return false;
    if (filter.label && !row.labels.includes(filter.label)) return false;
    if (!needle) return true;
    const haystack = [row.name ?? "", row.scenarioId, row.runId, ...row.labels];
    return haystack.some((text) => text.toLowerCase().includes(needle));
  });
}

export type SortDirection = "asc" | "desc";

/** Compares two sort values; empty values (null, undefined, "") go last in either direction. */
function compareValues(left: unknown, right: unknown, direction: SortDirection): number {
  const leftEmpty = left === null || left === undefined || left === "";
  const rightEmpty = right === null || right === undefined || right === "";
  if (leftEmpty || rightEmpty) return leftEmpty === rightEmpty ? 0 : leftEmpty ? 1 : -1;
  let order: number;
  if (typeof left === "number" && typeof right === "number") order = left - right;
  else order = String(left).localeCompare(String(right), "en", { numeric: true, sensitivity: "base" });
  return direction === "asc" ? order : -order;
}

/** The order rows fall back to when their sort values tie: failures first, then by scenario, then start. */
function tieBreak(left: RunRow, right: RunRow): number {
  return (
    STATUS_ORDER[runBadge(left)] - STATUS_ORDER[runBadge(right)] ||
    (left.name ?? left.scenarioId).localeCompare(right.name ?? right.scenarioId, "en", { numeric: true }) ||
    left.startedAt.localeCompare(right.startedAt) ||
    left.runId.localeCompare(right.runId)
  );
}

/** `rows` sorted by `column` (stable, ties failure-first); a new array. */
export function sortRows(
  rows: readonly RunRow[],
  column: { sortValue(row: RunRow): unknown },
  direction: SortDirection,
): RunRow[] {
  const keyed = rows.map((row) => ({ row, value: column.sortValue(row) }));
  keyed.sort((left, right) => compareValues(left.value, right.value, direction) || tieBreak(left.row, right.row));
  return keyed.map((entry) => entry.row);
}

/** Every label on the rows, sorted. */
export function labelsOf(rows: readonly RunRow[]): string[] {
  const labels = new Set<string>();
  for (const row of rows) for (const label of row.labels) labels.add(label);
  return [...labels].sort();
}

/** How many rows carry each badge status. */
export function statusTally(rows: readonly RunRow[]): Map<BadgeStatus, number> {
  const tally = new Map<BadgeStatus, number>();
  for (const row of rows) {
    const status = runBadge(row);
    tally.set(status, (tally.get(status) ?? 0) + 1);
  }
  return tally;
}
