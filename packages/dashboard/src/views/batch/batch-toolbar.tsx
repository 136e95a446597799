/**
 * The controls above the runs: grid or table, status chips (each a toggle
 * with its word and count), a text filter (`/` focuses it), a label filter,
 * the column picker (table only) and the CSV export. Every choice is in the
 * URL; the view passes the values and setters in.
 */
import { count } from "../../components/format";
import { type BadgeStatus, StatusBadge } from "../../components/status-badge";
import type { Column } from "./batch-columns";
import { FILTER_STATUSES, type Presentation } from "./batch-rows";

export interface ToolbarProps {
  presentation: Presentation;
  onPresentation: (value: Presentation) => void;
  tally: ReadonlyMap<BadgeStatus, number>;
  statuses: readonly string[];
  onStatuses: (value: string[]) => void;
  query: string;
  onQuery: (value: string) => void;
  labels: readonly string[];
  label: string;
  onLabel: (value: string) => void;
  optionalColumns: readonly Column[];
  picked: readonly string[];
  onPicked: (value: string[]) => void;
  onExport: () => void;
  shown: number;
  total: number;
}

export function BatchToolbar(props: ToolbarProps) {
  const chips = FILTER_STATUSES.filter((status) => (props.tally.get(status) ?? 0) > 0 || props.statuses.includes(status));
  const toggle = (status: string) =>
    props.onStatuses(
      props.statuses.includes(status) ? props.statuses.filter((value) => value !== status) : [...props.statuses, status],
    );
  return (
    <div className="batch-toolbar">
      <fieldset className="presentation" aria-label="Show runs as">
        <legend className="visually-hidden">Show runs as</legend>
        {(["grid", "table"] as const).map((value) => (
          <button
            key={value}
            type="button"
            aria-pressed={props.presentation === value}
            data-view={value}
            onClick={() => props.onPresentation(value)}
          >
            {value === "grid" ? "Grid" : "Table"}
          </button>
        ))}
      </fieldset>
      <fieldset className="status-chips" data-testid="status-chips">
        <legend className="visually-hidden">Filter by status</legend>
        {chips.map((status) => (
          <button
            key={status}
            type="button"
            className="status-chip"
            data-status={status}
            aria-pressed={props.statuses.includes(status)}
            onClick={() => toggle(status)}
          >
            <StatusBadge status={status} /> <span className="chip-count">{count(props.tally.get(status) ?? 0)}</span>
            <span className="visually-hidden"> runs</span>
          </button>
        ))}
      </fieldset>
      <label className="runs-search">
        <span className="visually-hidden">Filter runs by scenario, name or label</span>
        <input
          type="search"
          data-search
          placeholder="Filter runs  /"
          value={props.query}
          onChange={(event) => props.onQuery(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Escape") (event.target as HTMLInputElement).blur();
          }}
        />
      </label>
      {props.labels.length > 0 ? (
        <label className="label-filter">
          <span>Label</span>
          <select value={props.label} onChange={(event) => props.onLabel(event.target.value)}>
            <option value="">any</option>
            {props.labels.map((label) => (
              <option key={label} value={label}>
                {label}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {props.presentation === "table" ? (
        <ColumnPicker columns={props.optionalColumns} picked={props.picked} onPicked={props.onPicked} />
      ) : null}
      <button type="button" onClick={props.onExport} data-testid="export-csv">
        Export CSV
      </button>
      <span className="shown-count muted" aria-live="polite">
        {props.shown === props.total ? `${count(props.total)} runs` : `${count(props.shown)} of ${count(props.total)} runs`}
      </span>
    </div>
  );
}

function ColumnPicker(props: { columns: readonly Column[]; picked: readonly string[]; onPicked: (value: string[]) => void }) {
  const builtIn = props.columns.filter((column) => !column.id.startsWith("metadata."));
  const metadata = props.columns.filter((column) => column.id.startsWith("metadata."));
  const toggle = (id: string, on: boolean) =>
    props.onPicked(on ? [...props.picked, id] : props.picked.filter((value) => value !== id));
  const group = (title: string, columns: readonly Column[]) => (
    <fieldset>
      <legend>{title}</legend>
      {columns.map((column) => (
        <label key={column.id} className="column-option">
          <input
            type="checkbox"
            checked={props.picked.includes(column.id)}
            onChange={(event) => toggle(column.id, event.target.checked)}
          />
          {column.label}
        </label>
      ))}
    </fieldset>
  );
  return (
    <details className="column-picker">
      <summary>Columns{props.picked.length > 0 ? ` (${props.picked.length})` : ""}</summary>
      <div className="column-menu">
        {group("More columns", builtIn)}
        {metadata.length > 0 ? group("Metadata", metadata) : <p className="muted">No metadata on these runs.</p>}
      </div>
    </details>
  );
}
