/**
 * The columns of the batch table: for each, the header, how it reads as text,
 * what it sorts by and what it writes to the CSV. The standard columns come
 * first; more (started, verdict, seed, tokens, …) and one per `metadata.*` key
 * found on the rows are hidden until picked (`?cols=`).
 */
import { cost, count, dateTime, duration } from "../../components/format";
import { runBadge, STATUS_ORDER } from "../../components/status-badge";
import type { RunRow, SortDirection } from "./batch-rows";

type Value = string | number | boolean | null;

export interface Column {
  /** The id in the URL (`?sort=`, `?cols=`). */
  id: string;
  /** The header text. */
  label: string;
  /** The CSV header. */
  csvHeader: string;
  numeric: boolean;
  /** Hidden unless picked. */
  optional: boolean;
  /** The direction a first click on the header sorts in (biggest first for measures). */
  firstDirection: SortDirection;
  sortValue(row: RunRow): Value;
  /** The raw value written to the CSV (numbers unformatted). */
  csvValue(row: RunRow): Value;
  /** The formatted cell text. */
  text(row: RunRow): string;
}

interface ColumnOptions {
  id: string;
  label: string;
  csvHeader?: string;
  numeric?: boolean;
  optional?: boolean;
  value(row: RunRow): Value;
  text?(row: RunRow): string;
  sortValue?(row: RunRow): Value;
}

function column(options: ColumnOptions): Column {
  const numeric = options.numeric ?? false;
  return {
    id: options.id,
    label: options.label,
    csvHeader: options.csvHeader ?? options.id.replaceAll("-", "_"),
    numeric,
    optional: options.optional ?? false,
    firstDirection: numeric ? "desc" : "asc",
    sortValue: options.sortValue ?? options.value,
    csvValue: options.value,
    text: options.text ?? ((row) => displayValue(options.value(row))),
  };
}

function displayValue(value: Value): string {
  if (value === null || value === "") return "—";
  if (typeof value === "number") return count(value);
  return String(value);
}

const tokens = (row: RunRow) =>
  row.usage.inputTokens === null && row.usage.outputTokens === null
    ? null
    : (row.usage.inputTokens ?? 0) + (row.usage.outputTokens ?? 0);

/** The built-in columns, in table order. */
export const BUILT_IN_COLUMNS: readonly Column[] = [
  column({ id: "status", label: "Status", value: (row) => runBadge(row), sortValue: (row) => STATUS_ORDER[runBadge(row)] }),
  column({ id: "scenario", label: "Scenario", value: (row) => row.name ?? row.scenarioId, csvHeader: "scenario" }),
  column({ id: "attempt", label: "Attempt", numeric: true, value: (row) => row.attempt }),
  column({
    id: "duration",
    label: "Duration",
    csvHeader: "duration_ms",
    numeric: true,
    value: (row) => row.durationMs,
    text: (row) => duration(row.durationMs),
  }),
  column({ id: "turns", label: "Turns", numeric: true, value: (row) => row.turns }),
  column({
    id: "cost",
    label: "Cost",
    csvHeader: "cost_usd",
    numeric: true,
    value: (row) => row.usage.costUsd,
    text: (row) => cost(row.usage.costUsd),
  }),
  column({
    id: "unmet",
    label: "Unmet criteria",
    csvHeader: "unmet_criteria",
    numeric: true,
    value: (row) => row.unmetCriteriaCount,
  }),
  column({ id: "injections", label: "Injections", numeric: true, value: (row) => row.counters.injections }),
  column({ id: "tool-errors", label: "Tool errors", numeric: true, value: (row) => row.counters.toolErrors }),
  column({ id: "pii-leaks", label: "PII leaks", numeric: true, value: (row) => row.counters.piiLeaks }),
  column({ id: "labels", label: "Labels", value: (row) => row.labels.join("; ") }),
  column({
    id: "started",
    label: "Started",
    optional: true,
    value: (row) => row.startedAt,
    text: (row) => dateTime(row.startedAt),
  }),
  column({ id: "verdict", label: "Verdict", optional: true, value: (row) => row.verdict }),
  column({ id: "error-code", label: "Error code", optional: true, value: (row) => row.errorCode }),
  column({
    id: "seed",
    label: "Seed",
    optional: true,
    numeric: true,
    value: (row) => row.seed,
    text: (row) => (row.seed === null ? "—" : String(row.seed)),
  }),
  column({ id: "messages", label: "Messages", optional: true, numeric: true, value: (row) => row.messageCount }),
  column({ id: "tokens", label: "Tokens", optional: true, numeric: true, value: tokens }),
  column({
    id: "met",
    label: "Met criteria",
    csvHeader: "met_criteria",
    optional: true,
    numeric: true,
    value: (row) => row.metCriteriaCount,
  }),
  column({
    id: "policy-violations",
    label: "Policy violations",
    optional: true,
    numeric: true,
    value: (row) => row.counters.policyViolations,
  }),
  column({ id: "prompt-leaks", label: "Prompt leaks", optional: true, numeric: true, value: (row) => row.counters.promptLeaks }),
];

const METADATA_PREFIX = "metadata.";
/** At most this many `metadata.*` columns are offered (the server bounds the record too). */
export const METADATA_COLUMN_LIMIT = 50;

function metadataValue(row: RunRow, key: string): Value {
  const value = row.metadata?.[key];
  if (value === undefined || value === null) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return JSON.stringify(value);
}

/** The column of one `metadata.<key>`. */
export function metadataColumn(key: string): Column {
  return column({
    id: `${METADATA_PREFIX}${key}`,
    label: key,
    csvHeader: `metadata.${key}`,
    optional: true,
    value: (row) => metadataValue(row, key),
  });
}

/** The metadata keys found on `rows`, sorted (keys with a comma cannot live in `?cols=` and are left out). */
export function metadataKeys(rows: readonly RunRow[]): string[] {
  const keys = new Set<string>();
  for (const row of rows) {
    for (const key of Object.keys(row.metadata ?? {})) {
      if (!key.includes(",")) keys.add(key);
    }
  }
  return [...keys].sort().slice(0, METADATA_COLUMN_LIMIT);
}

/** Every column a user can pick: the built-ins and one per metadata key of `rows`. */
export function allColumns(rows: readonly RunRow[]): Column[] {
  return [...BUILT_IN_COLUMNS, ...metadataKeys(rows).map(metadataColumn)];
}

/** A column by id, metadata ones included (a `metadata.x` id names a column even before a row has `x`). */
export function columnById(id: string): Column | undefined {
  if (id.startsWith(METADATA_PREFIX) && id.length > METADATA_PREFIX.length)
    return metadataColumn(id.slice(METADATA_PREFIX.length));
  return BUILT_IN_COLUMNS.find((candidate) => candidate.id === id);
}

/**
 * The columns the table shows: the standard ones (attempt only when a run was retried), then the picked
 * optional ones in the order they were picked.
 */
export function visibleColumns(picked: readonly string[], rows: readonly RunRow[]): Column[] {
  const retried = rows.some((row) => row.attempt > 1);
  const standard = BUILT_IN_COLUMNS.filter((candidate) => !candidate.optional && (candidate.id !== "attempt" || retried));
  const extra: Column[] = [];
  for (const id of picked) {
    const found = columnById(id);
    if (found?.optional && !extra.some((existing) => existing.id === found.id)) extra.push(found);
  }
  return [...standard, ...extra];
}

/** The columns of the CSV: run id and scenario id, every built-in column, then the picked metadata columns. */
export function csvColumns(picked: readonly string[]): Column[] {
  const identity = [
    column({ id: "run-id", label: "Run", value: (row) => row.runId }),
    column({ id: "scenario-id", label: "Scenario id", value: (row) => row.scenarioId }),
  ];
  const state = column({ id: "state", label: "State", value: (row) => row.state });
  const metadata = picked.filter((id) => id.startsWith(METADATA_PREFIX)).map((id) => columnById(id)!);
  return [...identity, BUILT_IN_COLUMNS[0]!, state, ...BUILT_IN_COLUMNS.slice(1), ...metadata];
}
