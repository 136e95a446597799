/**
 * The run's trace beside its conversation: the spans the server received for
 * the run (`GET /api/v1/runs/{runId}/trace`: every trace holding a span of
 * the run, the agent's own spans included) as a waterfall, and the selected
 * span's attributes and events. The selection is in the URL (`?span=<spanId>`),
 * so a link points at one span. Selecting a span inside a turn tells the run
 * view (`onTurn`) which turn to mark in the conversation. With no spans, one
 * line says how to get them; Refresh reads again (spans are exported a few
 * seconds after a run ends).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { unwrap } from "../../../api/client";
import { useQuery } from "../../../api/query";
import { useApi } from "../../../app/api-context";
import { useSearchParam } from "../../../app/router";
import { count, duration } from "../../../components/format";
import { Failure, Loading } from "../../../components/states";
import { SpanDetails } from "./span-details";
import { rowId, SpanTree } from "./span-tree";
import { buildTraceLayout, findRow, type RunTrace, type TraceLayout, turnOf, visibleRows } from "./trace-model";
import type { TreeAction } from "./tree-keys";
import "./trace.css";

/** The query key of a run's trace (under the run's key, so invalidating the run reloads it). */
export const traceKey = (runId: string): string => `/api/v1/runs/${runId}/trace`;

export function TracePanel(props: { runId: string; onTurn?: (turn: number | undefined) => void }) {
  const { runId } = props;
  const client = useApi();
  const trace = useQuery<RunTrace>(traceKey(runId), async () =>
    unwrap(await client.GET("/api/v1/runs/{runId}/trace", { params: { path: { runId } } })),
  );
  const spans = trace.data?.spans;
  const layout = useMemo(() => buildTraceLayout(spans ?? []), [spans]);
  const state = trace.error ? "error" : !trace.data ? "loading" : layout.rows.length === 0 ? "empty" : "spans";
  return (
    <section className="panel trace-panel" aria-labelledby="trace-title" data-state={state}>
      <div className="trace-header">
        <h3 id="trace-title">Trace</h3>
        {state === "spans" ? <TraceSummary layout={layout} /> : null}
        <button type="button" className="trace-refresh" onClick={trace.reload} disabled={trace.loading}>
          Refresh
        </button>
      </div>
      {trace.error ? <Failure error={trace.error} retry={trace.reload} /> : null}
      {state === "loading" ? <Loading what="the trace" /> : null}
      {state === "empty" ? (
        <p className="trace-empty">
          No trace for this run. Set up tracing (<code>setupTracing</code> or <code>OTEL_EXPORTER_OTLP_ENDPOINT</code>) and report
          to this server — see <code>docs/tracing.md</code>
        </p>
      ) : null}
      {state === "spans" ? (
        <>
          {trace.data?.truncated ? (
            <p className="trace-truncated">
              The trace has more spans than shown: the first {count(layout.rows.length)} by start time are here.
            </p>
          ) : null}
          <TraceBody layout={layout} onTurn={props.onTurn} />
        </>
      ) : null}
    </section>
  );
}

function TraceSummary(props: { layout: TraceLayout }) {
  const { layout } = props;
  return (
    <p className="trace-summary muted">
      {count(layout.rows.length)} {layout.rows.length === 1 ? "span" : "spans"}
      {layout.traceCount > 1 ? ` in ${count(layout.traceCount)} traces` : ""} · {duration(layout.durationMs)}
      {layout.errorCount > 0 ? (
        <>
          {" · "}
          <span className="trace-failed" data-errors={layout.errorCount}>
            {count(layout.errorCount)} failed
          </span>
        </>
      ) : null}
    </p>
  );
}

function TraceBody(props: { layout: TraceLayout; onTurn?: (turn: number | undefined) => void }) {
  const { layout, onTurn } = props;
  const [spanParam, setSpanParam] = useSearchParam("span", "");
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const [focused, setFocused] = useState<string | undefined>();
  const box = useRef<HTMLDivElement>(null);
  const selected = findRow(layout, spanParam);
  const selectedKey = selected?.key;
  const visible = useMemo(() => visibleRows(layout.rows, collapsed), [layout.rows, collapsed]);
  const isVisible = (key: string | undefined) => key !== undefined && visible.some((row) => row.key === key);
  const focusKey = isVisible(focused) ? focused : isVisible(selectedKey) ? selectedKey : visible[0]?.key;

  const toggle = useCallback((key: string) => {
    setCollapsed((current) => {
      const next = new Set(current);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  }, []);
  const act = useCallback(
    (action: TreeAction) => {
      switch (action.kind) {
        case "focus":
          setFocused(action.key);
          return;
        case "expand":
        case "collapse":
          toggle(action.key);
          return;
        case "select": {
          setFocused(action.key);
          const row = layout.byKey.get(action.key);
          if (row) setSpanParam(row.span.spanId);
          return;
        }
        default:
          action satisfies never;
      }
    },
    [layout, setSpanParam, toggle],
  );

  useEffect(() => {
    onTurn?.(selectedKey ? turnOf(layout, selectedKey) : undefined);
  }, [layout, selectedKey, onTurn]);
  useEffect(() => () => onTurn?.(undefined), [onTurn]);
  // a deep link's span is scrolled into the tree's box (the page itself does not move)
  useEffect(() => {
    if (!selectedKey || !box.current) return;
    const row = box.current.querySelector<HTMLElement>(`#${CSS.escape(rowId(selectedKey))}`);
    if (row) reveal(box.current, row);
  }, [selectedKey]);

  return (
    <div className="trace-body">
      <div className="span-tree-box" ref={box}>
        <SpanTree
          layout={layout}
          visible={visible}
          selectedKey={selectedKey}
          focusKey={focusKey}
          collapsed={collapsed}
          onAction={act}
          onToggle={toggle}
        />
      </div>
      <p className="trace-legend muted">
        <span className="legend-bar" data-kind="agent" /> agent · <span className="legend-bar" data-kind="model" /> model ·{" "}
        <span className="legend-bar" data-kind="tool" /> tool · <span className="legend-bar" data-kind="other" /> other ·{" "}
        <span className="legend-bar" data-kind="error" /> failed (“error”). Keys: arrows move, Enter selects.
      </p>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: the details scroll inside the panel beside a long conversation; a keyboard must be able to scroll them (nothing in them may take focus) */}
      <section className="span-details-box" aria-label="Span details" tabIndex={0}>
        {selected ? (
          <SpanDetails row={selected} layout={layout} />
        ) : spanParam ? (
          <p className="muted">
            Span <code>{spanParam}</code> is not in this trace.
          </p>
        ) : (
          <p className="muted">Select a span to see its attributes and events.</p>
        )}
      </section>
    </div>
  );
}

/** Scrolls `box` (only) so `row` shows below the box's sticky axis. */
function reveal(box: HTMLElement, row: HTMLElement): void {
  const axis = box.querySelector<HTMLElement>(".span-axis")?.offsetHeight ?? 0;
  const outer = box.getBoundingClientRect();
  const inner = row.getBoundingClientRect();
  if (inner.top < outer.top + axis) box.scrollTop -= outer.top + axis - inner.top;
  else if (inner.bottom > outer.bottom) box.scrollTop += inner.bottom - outer.bottom;
}
