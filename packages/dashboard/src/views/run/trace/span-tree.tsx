/**
 * The span tree as a waterfall: one row per visible span, indented under its
 * parent, with its name, its service (and its instrumentation scope where
 * that changes from its parent's), a bar placed by its start
 * and duration on the whole trace's time, and its duration. A failed span
 * says "error" beside its name (its bar is in the failure colour too); a
 * closed span says how many failed under it. An ARIA tree: one row is in the
 * tab order, the keys of `tree-keys.ts` move, open, close and select; a
 * click selects, the triangle opens and closes.
 */
import { type KeyboardEvent, memo, useCallback, useEffect, useRef } from "react";
import { count } from "../../../components/format";
import { genAiSummary, tokensText } from "./gen-ai";
import { offsetText, spanDuration } from "./trace-format";
import type { SpanRow, TraceLayout } from "./trace-model";
import { type TreeAction, treeAction } from "./tree-keys";

/** Deeper spans stop moving right here, so a deep tree still leaves room for names. */
const MAX_INDENT = 16;
const TICKS = [0, 0.5, 1];

export function rowId(key: string): string {
  return `span-${key.replace(/[^A-Za-z0-9_-]/g, "-")}`;
}

export function SpanTree(props: {
  layout: TraceLayout;
  visible: readonly SpanRow[];
  selectedKey: string | undefined;
  focusKey: string | undefined;
  collapsed: ReadonlySet<string>;
  onAction: (action: TreeAction) => void;
  onToggle: (key: string) => void;
}) {
  const { layout, visible, focusKey } = props;
  const tree = useRef<HTMLDivElement>(null);
  // one handler for every row, so a row re-renders only when its own props change (thousands of rows)
  const latest = useRef({ visible, collapsed: props.collapsed, onAction: props.onAction });
  latest.current = { visible, collapsed: props.collapsed, onAction: props.onAction };
  const keyDown = useCallback((event: KeyboardEvent<HTMLDivElement>, key: string) => {
    const { visible: rows, collapsed, onAction } = latest.current;
    const action = treeAction(event.key, rows, key, collapsed);
    if (!action) return;
    event.preventDefault();
    onAction(action);
  }, []);
  // the focused row follows the keys while the reader is in the tree
  useEffect(() => {
    if (!focusKey || !tree.current?.contains(document.activeElement)) return;
    const row = tree.current.querySelector<HTMLElement>(`#${CSS.escape(rowId(focusKey))}`);
    if (row && row !== document.activeElement) row.focus();
  }, [focusKey]);
  return (
    <div className="span-waterfall">
      <div className="span-axis" aria-hidden="true">
        <span>Span</span>
        <span className="span-track">
          {TICKS.map((tick) => (
            <span key={tick} className="span-tick" style={{ left: `${tick * 100}%` }}>
              {spanDuration(Math.round(tick * layout.durationMs))}
            </span>
          ))}
        </span>
        <span className="span-duration">Duration</span>
      </div>
      <div className="span-tree" role="tree" aria-label="Spans of the trace" ref={tree}>
        {visible.map((row) => (
          <SpanTreeRow
            key={row.key}
            row={row}
            parentScope={row.parentKey ? layout.byKey.get(row.parentKey)?.span.scope : undefined}
            selected={row.key === props.selectedKey}
            focusable={row.key === focusKey}
            open={!props.collapsed.has(row.key)}
            onKeyDown={keyDown}
            onAction={props.onAction}
            onToggle={props.onToggle}
          />
        ))}
      </div>
    </div>
  );
}

const SpanTreeRow = memo(function SpanTreeRow(props: {
  row: SpanRow;
  /** The parent's instrumentation scope: a row names its scope only where it changes. */
  parentScope: string | null | undefined;
  selected: boolean;
  focusable: boolean;
  open: boolean;
  onKeyDown: (event: KeyboardEvent<HTMLDivElement>, key: string) => void;
  onAction: (action: TreeAction) => void;
  onToggle: (key: string) => void;
}) {
  const { row, open } = props;
  const { span } = row;
  const parent = row.children.length > 0;
  const origin = originText(span, props.parentScope);
  const usage = tokenText(span.attributes);
  return (
    <div
      role="treeitem"
      id={rowId(row.key)}
      className="span-row"
      aria-level={row.depth + 1}
      aria-posinset={row.position}
      aria-setsize={row.siblings}
      aria-selected={props.selected}
      aria-expanded={parent ? open : undefined}
      tabIndex={props.focusable ? 0 : -1}
      data-span-id={span.spanId}
      data-status={span.status}
      data-kind={category(row)}
      data-selected={props.selected || undefined}
      onClick={() => props.onAction({ kind: "select", key: row.key })}
      onKeyDown={(event) => props.onKeyDown(event, row.key)}
    >
      <span className="span-label" style={{ paddingInlineStart: `${Math.min(row.depth, MAX_INDENT) * 0.75}rem` }}>
        <span className="span-title">
          {parent ? (
            <span
              className="span-toggle"
              aria-hidden="true"
              onClick={(event) => {
                event.stopPropagation();
                props.onToggle(row.key);
              }}
            >
              {open ? "▾" : "▸"}
            </span>
          ) : (
            <span className="span-toggle" aria-hidden="true" />
          )}
          <span className="span-name" title={span.name}>
            {span.name}
          </span>
          {row.error ? <span className="span-error">error</span> : null}
          {!open && row.errorsBelow > 0 ? <span className="span-error-below">{count(row.errorsBelow)} failed inside</span> : null}
        </span>
        <span className="span-meta" title={[span.service, span.scope, usage].filter(Boolean).join(" · ")}>
          {origin ?? "unknown service"}
          {usage ? ` · ${usage}` : ""}
          {row.orphan ? " · parent not received" : ""}
        </span>
      </span>
      <span className="span-track">
        <span
          className="span-bar"
          style={{ left: `${row.offset * 100}%`, width: `${row.width * 100}%` }}
          title={`${offsetText(row.startOffsetMs)} · ${spanDuration(span.durationMs)}`}
        />
      </span>
      <span className="span-duration">{spanDuration(span.durationMs)}</span>
    </div>
  );
});

/** What a bar's colour says: a failure, a model call, an agent call, or any other span. */
function category(row: SpanRow): "error" | "model" | "agent" | "tool" | "other" {
  if (row.error) return "error";
  const operation = row.span.attributes["gen_ai.operation.name"];
  if (operation === "invoke_agent" || operation === "create_agent") return "agent";
  if (operation === "execute_tool") return "tool";
  if (typeof operation === "string" || row.span.attributes["gen_ai.request.model"] !== undefined) return "model";
  return "other";
}

/** "shop-agent · openai-instrumentation": the service, and the scope where it differs from the parent's (and the service). */
function originText(span: SpanRow["span"], parentScope: string | null | undefined): string | undefined {
  const scope = span.scope && span.scope !== parentScope && span.scope !== span.service ? span.scope : undefined;
  return [span.service, scope].filter(Boolean).join(" · ") || undefined;
}

function tokenText(attributes: Readonly<Record<string, unknown>>): string | undefined {
  const summary = genAiSummary(attributes);
  const tokens = summary && tokensText(summary, false);
  return tokens ? `${tokens} tokens` : undefined;
}
