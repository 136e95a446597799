/**
 * The batch's runs as a table that stays smooth at thousands of rows: a real
 * `<table>` whose body renders only the rows in view (plus a few), with spacer
 * rows above and below (@tanstack/react-virtual), fixed row heights and
 * fixed column widths so nothing shifts while scrolling. `aria-rowcount` and
 * `aria-rowindex` tell assistive technology where the rendered rows sit.
 * Headers sort (with `aria-sort`); the selected row (j/k) is highlighted and
 * scrolled into view.
 */
import { useVirtualizer } from "@tanstack/react-virtual";
import { memo, useEffect, useRef } from "react";
import { paths } from "../../app/paths";
import { Link } from "../../app/router";
import { runBadge, StatusBadge } from "../../components/status-badge";
import type { Column } from "./batch-columns";
import type { RunRow, SortDirection } from "./batch-rows";

/** Every row is this tall (px); the CSS says the same. */
export const ROW_HEIGHT = 40;
const HEADER_HEIGHT = 40;

const WIDTHS: Record<string, string> = {
  status: "7rem",
  scenario: "18rem",
  labels: "11rem",
  started: "12rem",
  verdict: "8rem",
  "error-code": "9rem",
};

function widthOf(column: Column): string {
  return WIDTHS[column.id] ?? (column.id.startsWith("metadata.") ? "10rem" : column.label.length > 12 ? "8.5rem" : "6.5rem");
}

export interface TableSort {
  column: string;
  direction: SortDirection;
}

export function BatchTable(props: {
  rows: readonly RunRow[];
  columns: readonly Column[];
  sort: TableSort;
  onSort: (column: Column) => void;
  selectedId: string;
  onSelect: (runId: string) => void;
  caption: string;
}) {
  const { rows, columns } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    paddingStart: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    getItemKey: (index) => rows[index]?.runId ?? index,
  });
  const selectedIndex = props.selectedId ? rows.findIndex((row) => row.runId === props.selectedId) : -1;

  // the selected row comes into view when the selection moves (or a deep link names it)
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new selection scrolls, not a live update moving the row
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: "auto" });
  }, [props.selectedId, virtualizer]);

  const items = virtualizer.getVirtualItems();
  const top = items.length > 0 ? items[0]!.start - HEADER_HEIGHT : 0;
  const bottom = items.length > 0 ? virtualizer.getTotalSize() - items[items.length - 1]!.end : 0;
  const width = columns.length;

  return (
    <div className="runs-scroller" ref={scroller} tabIndex={-1} data-testid="runs-scroller" data-scroll-container>
      <table
        className="runs-table"
        aria-rowcount={rows.length + 1}
        style={{ width: `calc(${columns.map(widthOf).join(" + ")})` }}
      >
        <caption className="visually-hidden">{props.caption}</caption>
        <colgroup>
          {columns.map((column) => (
            <col key={column.id} style={{ width: widthOf(column) }} />
          ))}
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            {columns.map((column) => (
              <HeaderCell key={column.id} column={column} sort={props.sort} onSort={props.onSort} />
            ))}
          </tr>
        </thead>
        <tbody>
          {top > 0 ? (
            // biome-ignore lint/a11y/noAriaHiddenOnFocusable: an empty spacer row (nothing in it can take focus)
            <tr className="spacer" aria-hidden="true">
              <td colSpan={width} style={{ height: top }} />
            </tr>
          ) : null}
          {items.map((item) => {
            const row = rows[item.index]!;
            return (
              <RunTableRow
                key={row.runId}
                row={row}
                index={item.index}
                columns={columns}
                selected={row.runId === props.selectedId}
                onSelect={props.onSelect}
              />
            );
          })}
          {bottom > 0 ? (
            // biome-ignore lint/a11y/noAriaHiddenOnFocusable: an empty spacer row (nothing in it can take focus)
            <tr className="spacer" aria-hidden="true">
              <td colSpan={width} style={{ height: bottom }} />
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}

/** One row; re-rendered only when its run, place, columns or selection change (not on every scroll frame). */
const RunTableRow = memo(function RunTableRow(props: {
  row: RunRow;
  index: number;
  columns: readonly Column[];
  selected: boolean;
  onSelect: (runId: string) => void;
}) {
  const { row } = props;
  return (
    <tr
      className="run-row"
      aria-rowindex={props.index + 2}
      aria-current={props.selected ? "true" : undefined}
      data-selected={props.selected ? "" : undefined}
      data-run={row.runId}
      data-status={runBadge(row)}
      onClick={(event) => {
        // a click on the run's link opens it; anywhere else on the row selects it
        if (!(event.target as Element).closest("a")) props.onSelect(row.runId);
      }}
    >
      {props.columns.map((column) => (
        <Cell key={column.id} column={column} row={row} />
      ))}
    </tr>
  );
});

function HeaderCell(props: { column: Column; sort: TableSort; onSort: (column: Column) => void }) {
  const { column } = props;
  const active = props.sort.column === column.id;
  const direction = active ? props.sort.direction : undefined;
  return (
    <th
      scope="col"
      className={column.numeric ? "number" : undefined}
      aria-sort={direction === "asc" ? "ascending" : direction === "desc" ? "descending" : "none"}
      data-column={column.id}
    >
      <button type="button" className="sort-button" onClick={() => props.onSort(column)} title={`Sort by ${column.label}`}>
        {column.label}
        <span className="sort-mark" aria-hidden="true">
          {direction === "asc" ? "▲" : direction === "desc" ? "▼" : ""}
        </span>
      </button>
    </th>
  );
}

function Cell(props: { column: Column; row: RunRow }) {
  const { column, row } = props;
  switch (column.id) {
    case "status":
      return (
        <td data-column="status">
          <StatusBadge status={runBadge(row)} />
        </td>
      );
    case "scenario":
      return (
        <th scope="row" data-column="scenario" title={row.name ? `${row.name} (${row.scenarioId})` : row.scenarioId}>
          <Link to={paths.run(row.runId)}>{row.name ?? row.scenarioId}</Link>
          {row.name && row.name !== row.scenarioId ? <span className="scenario-id">{row.scenarioId}</span> : null}
        </th>
      );
    case "labels":
      return (
        <td data-column="labels" title={row.labels.join(", ")}>
          {row.labels.map((label) => (
            <span key={label} className="label">
              {label}
            </span>
          ))}
        </td>
      );
    default: {
      const text = column.text(row);
      return (
        <td data-column={column.id} className={column.numeric ? "number" : undefined} title={text.length > 14 ? text : undefined}>
          {text}
        </td>
      );
    }
  }
}
