/**
 * One batch: its summary and live progress (counts derived from the runs),
 * then its runs as a grid of live mini-conversations or a virtualised table,
 * failures first. A batch launched from the platform says when it is paused
 * or stopped, and has the Pause, Resume or Stop that applies for those who
 * may launch. Everything a user would share is in the URL: `view`,
 * `sort`/`dir`, `status`, `q`, `label`, `cols` and the selected `row`.
 * Keys: `/` filters, j/k move the selection (and focus to its link), Enter opens the selected run.
 */
import { useMemo, useRef } from "react";
import { useKey } from "../../app/keyboard";
import { paths } from "../../app/paths";
import { useNavigate, useSearchParam } from "../../app/router";
import { useSession } from "../../app/session";
import { shortId } from "../../components/format";
import { unsettledCount } from "../../components/launch-control-model";
import { LaunchControls } from "../../components/launch-controls";
import { Page } from "../../components/page";
import { Empty, Failure, Loading } from "../../components/states";
import { allColumns, BUILT_IN_COLUMNS, type Column, columnById, csvColumns, visibleColumns } from "./batch-columns";
import { buildCsv, csvFileName, downloadCsv } from "./batch-csv";
import { BatchHeader, CompareLink } from "./batch-header";
import {
  countRows,
  defaultPresentation,
  filterRows,
  labelsOf,
  type Presentation,
  type RunRow,
  type SortDirection,
  sortRows,
  statusTally,
} from "./batch-rows";
import { BatchTable } from "./batch-table";
import { BatchToolbar } from "./batch-toolbar";
import { LiveGrid } from "./live-grid";
import { useBatchRuns } from "./use-batch-runs";
import "./batch.css";

export default function BatchView(props: { batchId: string }) {
  return <BatchPage key={props.batchId} batchId={props.batchId} />;
}

const list = (value: string) => (value ? value.split(",").filter(Boolean) : []);

function BatchPage(props: { batchId: string }) {
  const { batchId } = props;
  const data = useBatchRuns(batchId);
  const { caller } = useSession();
  const batch = data.batch.data;
  const fallbackTitle = `Batch ${shortId(batchId)}`;
  const initial = useRef<Presentation | undefined>(undefined);
  if (!initial.current && batch) initial.current = defaultPresentation(batch.counts);

  if (data.batch.error) {
    return (
      <Page title={fallbackTitle} crumbs={[{ label: "Sets", to: paths.home() }, { label: fallbackTitle }]}>
        <Failure error={data.batch.error} retry={data.batch.reload} />
      </Page>
    );
  }
  if (!batch) {
    return (
      <Page title={fallbackTitle} crumbs={[{ label: "Sets", to: paths.home() }, { label: fallbackTitle }]}>
        <Loading what="the batch" />
      </Page>
    );
  }
  const counts = data.complete && data.rows ? countRows(data.rows) : batch.counts;
  const title = batch.note ?? fallbackTitle;
  return (
    <Page
      title={title}
      wide
      crumbs={[{ label: "Sets", to: paths.home() }, { label: batch.setId, to: paths.set(batch.setId) }, { label: title }]}
      actions={<CompareLink batch={batch} />}
    >
      <LaunchControls
        type="batch"
        id={batchId}
        control={batch.control}
        unsettled={unsettledCount(counts) > 0}
        permissions={caller.permissions}
        onControlled={data.reload}
      />
      <BatchHeader batch={batch} counts={counts} loadedRuns={data.rows?.length ?? 0} complete={data.complete} />
      <section
        className="batch-runs"
        aria-labelledby="runs-heading"
        data-loaded-runs={data.rows?.length ?? 0}
        data-runs-complete={data.complete}
      >
        <h2 id="runs-heading" className="visually-hidden">
          Runs
        </h2>
        {data.error ? (
          <Failure error={data.error} retry={data.reload} />
        ) : !data.rows ? (
          <Loading what="the runs" />
        ) : data.rows.length === 0 && data.complete ? (
          <Empty>No runs in this batch yet. They appear here as they start.</Empty>
        ) : (
          <Runs batchId={batchId} rows={data.rows} initial={initial.current ?? "table"} cards={data.cards} />
        )}
      </section>
    </Page>
  );
}

function Runs(props: {
  batchId: string;
  rows: RunRow[];
  initial: Presentation;
  cards: ReturnType<typeof useBatchRuns>["cards"];
}) {
  const { rows } = props;
  const navigate = useNavigate();
  const [view, setView] = useSearchParam("view");
  const [sort, setSort] = useSearchParam("sort", "status");
  const [direction, setDirection] = useSearchParam("dir", "asc");
  const [statusParam, setStatuses] = useSearchParam("status");
  const [query, setQuery] = useSearchParam("q");
  const [label, setLabel] = useSearchParam("label");
  const [colsParam, setCols] = useSearchParam("cols");
  const [selected, setSelected] = useSearchParam("row");
  const presentation: Presentation = view === "grid" || view === "table" ? view : props.initial;
  const statuses = useMemo(() => list(statusParam), [statusParam]);
  const picked = useMemo(() => list(colsParam), [colsParam]);
  const sortColumn = useMemo(() => columnById(sort) ?? BUILT_IN_COLUMNS[0]!, [sort]);
  const sortDirection: SortDirection = direction === "desc" ? "desc" : "asc";

  const sorted = useMemo(
    () => sortRows(filterRows(rows, { statuses, query, label }), sortColumn, sortDirection),
    [rows, statuses, query, label, sortColumn, sortDirection],
  );
  const tally = useMemo(() => statusTally(rows), [rows]);
  const labels = useMemo(() => labelsOf(rows), [rows]);
  const columns = useMemo(() => visibleColumns(picked, rows), [picked, rows]);
  const optional = useMemo(() => {
    const offered = allColumns(rows).filter((column) => column.optional);
    for (const id of picked) if (!offered.some((column) => column.id === id) && columnById(id)) offered.push(columnById(id)!);
    return offered;
  }, [rows, picked]);

  const move = (step: number) => {
    if (sorted.length === 0) return;
    const index = sorted.findIndex((row) => row.runId === selected);
    const next = index < 0 ? (step > 0 ? 0 : sorted.length - 1) : Math.min(sorted.length - 1, Math.max(0, index + step));
    const runId = sorted[next]!.runId;
    setSelected(runId);
    // the selected run's link takes focus (once rendered and scrolled to), so Enter opens it wherever focus was
    requestAnimationFrame(() =>
      document.querySelector<HTMLElement>(`[data-run="${CSS.escape(runId)}"] a`)?.focus({ preventScroll: true }),
    );
  };
  useKey("j", () => move(1));
  useKey("k", () => move(-1));
  useKey("Enter", (event) => {
    const target = event.target as HTMLElement | null;
    if (target?.closest("a, button, summary, [role=button]")) return;
    if (selected && sorted.some((row) => row.runId === selected)) navigate(paths.run(selected));
  });

  const onSort = (column: Column) => {
    if (column.id === sortColumn.id) setDirection(sortDirection === "asc" ? "desc" : "asc");
    else {
      setSort(column.id);
      setDirection(column.firstDirection);
    }
  };
  const onExport = () => downloadCsv(buildCsv(csvColumns(picked), sorted), csvFileName(props.batchId), document);

  return (
    <>
      <BatchToolbar
        presentation={presentation}
        onPresentation={setView}
        tally={tally}
        statuses={statuses}
        onStatuses={(value) => setStatuses(value.join(","))}
        query={query}
        onQuery={setQuery}
        labels={labels}
        label={label}
        onLabel={setLabel}
        optionalColumns={optional}
        picked={picked}
        onPicked={(value) => setCols(value.join(","))}
        onExport={onExport}
        shown={sorted.length}
        total={rows.length}
      />
      {sorted.length === 0 ? (
        <Empty>No runs match these filters.</Empty>
      ) : presentation === "grid" ? (
        <LiveGrid rows={sorted} cards={props.cards} selectedId={selected} />
      ) : (
        <BatchTable
          rows={sorted}
          columns={columns}
          sort={{ column: sortColumn.id, direction: sortDirection }}
          onSort={onSort}
          selectedId={selected}
          onSelect={setSelected}
          caption={`Runs of the batch, sorted by ${sortColumn.label} ${sortDirection === "asc" ? "ascending" : "descending"}`}
        />
      )}
    </>
  );
}
