/**
 * A run's trace as the trace panel draws it: the spans of
 * `GET /api/v1/runs/{runId}/trace` as a tree in display order (each trace's
 * roots by start time, each span followed by its children by start time),
 * every row with its depth, its bar's place on the whole trace's time axis
 * (fractions 0…1 of the time from the first start to the last end), and
 * whether it or a span under it failed. A span whose parent was not received
 * is shown as a root and marked `orphan`; spans caught in a parent cycle
 * (malformed input) are shown as roots too, so no span is ever dropped.
 */
import type { Schemas } from "../../../api/client";

/** A span as the trace route returns it (generated from the server's OpenAPI document). */
export type TraceSpan = Schemas["TraceSpan"];

/** The body of `GET /api/v1/runs/{runId}/trace`. */
export type RunTrace = Schemas["RunTrace"];

export interface SpanRow {
  /** Unique in the layout: `traceId/spanId`. */
  key: string;
  span: TraceSpan;
  /** 0 for a root. */
  depth: number;
  parentKey: string | undefined;
  /** Keys of the direct children, in display order. */
  children: string[];
  /** 1-based place among its siblings, and how many siblings there are (for `aria-posinset`/`aria-setsize`). */
  position: number;
  siblings: number;
  /** The parent named by `parentSpanId` is not in the trace (not received, or beyond the truncation). */
  orphan: boolean;
  error: boolean;
  /** Failed spans under this one (not counting itself). */
  errorsBelow: number;
  /** Milliseconds from the trace's first start to this span's start. */
  startOffsetMs: number;
  /** The bar: where it starts and how wide it is, as fractions of the trace's whole time. */
  offset: number;
  width: number;
}

export interface TraceLayout {
  rows: SpanRow[];
  byKey: ReadonlyMap<string, SpanRow>;
  /** Epoch milliseconds of the first start, and the time from it to the last end. */
  startMs: number;
  durationMs: number;
  traceCount: number;
  errorCount: number;
}

export const spanKey = (span: Pick<TraceSpan, "traceId" | "spanId">): string => `${span.traceId}/${span.spanId}`;

/** The spans as rows in tree order, placed on the trace's time axis. */
export function buildTraceLayout(spans: readonly TraceSpan[]): TraceLayout {
  const byKey = new Map<string, TraceSpan>();
  for (const span of spans) if (!byKey.has(spanKey(span))) byKey.set(spanKey(span), span);
  const unique = [...byKey.values()];
  const startMs = Math.min(...unique.map((span) => Date.parse(span.startTime)));
  const endMs = Math.max(
    ...unique.map((span) => Math.max(Date.parse(span.endTime), Date.parse(span.startTime) + span.durationMs)),
  );
  const durationMs = unique.length === 0 ? 0 : Math.max(0, endMs - startMs);

  const childrenOf = new Map<string, TraceSpan[]>();
  const roots: TraceSpan[] = [];
  for (const span of unique) {
    const parentKey = span.parentSpanId ? spanKey({ traceId: span.traceId, spanId: span.parentSpanId }) : undefined;
    if (parentKey && parentKey !== spanKey(span) && byKey.has(parentKey)) {
      const siblings = childrenOf.get(parentKey) ?? [];
      siblings.push(span);
      childrenOf.set(parentKey, siblings);
    } else roots.push(span);
  }
  for (const siblings of childrenOf.values()) siblings.sort(byStart);
  const traceStart = new Map<string, number>();
  for (const span of unique) {
    const start = Date.parse(span.startTime);
    traceStart.set(span.traceId, Math.min(traceStart.get(span.traceId) ?? start, start));
  }
  roots.sort(
    (left, right) =>
      (traceStart.get(left.traceId) ?? 0) - (traceStart.get(right.traceId) ?? 0) ||
      left.traceId.localeCompare(right.traceId) ||
      byStart(left, right),
  );

  const rows: SpanRow[] = [];
  const rowsByKey = new Map<string, SpanRow>();
  const place = (top: readonly TraceSpan[]) => {
    // depth-first, iteratively: a deep chain of spans must not overflow the call stack
    const stack = [...top].reverse().map((span, index, all) => ({
      span,
      depth: 0,
      parentKey: undefined as string | undefined,
      position: all.length - index,
      siblings: all.length,
    }));
    while (stack.length > 0) {
      const next = stack.pop();
      if (!next || rowsByKey.has(spanKey(next.span))) continue;
      const row = rowOf(next.span, next, durationMs, startMs, byKey);
      rows.push(row);
      rowsByKey.set(row.key, row);
      const children = (childrenOf.get(row.key) ?? []).filter((child) => !rowsByKey.has(spanKey(child)));
      row.children = children.map(spanKey);
      for (let index = children.length - 1; index >= 0; index -= 1) {
        const child = children[index];
        if (child)
          stack.push({ span: child, depth: next.depth + 1, parentKey: row.key, position: index + 1, siblings: children.length });
      }
    }
  };
  place(roots);
  // a parent cycle has no root: show what is left as roots
  const left = unique.filter((span) => !rowsByKey.has(spanKey(span))).sort(byStart);
  if (left.length > 0) place(left);

  for (let index = rows.length - 1; index >= 0; index -= 1) {
    const row = rows[index];
    if (!row?.parentKey) continue;
    const parent = rowsByKey.get(row.parentKey);
    if (parent) parent.errorsBelow += row.errorsBelow + (row.error ? 1 : 0);
  }
  return {
    rows,
    byKey: rowsByKey,
    startMs: unique.length === 0 ? 0 : startMs,
    durationMs,
    traceCount: new Set(unique.map((span) => span.traceId)).size,
    errorCount: rows.filter((row) => row.error).length,
  };
}

function rowOf(
  span: TraceSpan,
  place: { depth: number; parentKey: string | undefined; position: number; siblings: number },
  total: number,
  startMs: number,
  byKey: ReadonlyMap<string, TraceSpan>,
): SpanRow {
  const startOffsetMs = Math.max(0, Date.parse(span.startTime) - startMs);
  const offset = total > 0 ? Math.min(1, startOffsetMs / total) : 0;
  const width = total > 0 ? Math.min(1 - offset, Math.max(0, span.durationMs) / total) : 0;
  const named = span.parentSpanId ? byKey.has(spanKey({ traceId: span.traceId, spanId: span.parentSpanId })) : true;
  return {
    key: spanKey(span),
    span,
    depth: place.depth,
    parentKey: place.parentKey,
    children: [],
    position: place.position,
    siblings: place.siblings,
    orphan: place.parentKey === undefined && span.parentSpanId !== null && !named,
    error: span.status === "error",
    errorsBelow: 0,
    startOffsetMs,
    offset,
    width,
  };
}

function byStart(left: TraceSpan, right: TraceSpan): number {
  return Date.parse(left.startTime) - Date.parse(right.startTime) || left.name.localeCompare(right.name);
}

/** The rows a reader sees: those under a collapsed row are hidden. */
export function visibleRows(rows: readonly SpanRow[], collapsed: ReadonlySet<string>): SpanRow[] {
  const shown: SpanRow[] = [];
  let hiddenBelow: number | undefined;
  for (const row of rows) {
    if (hiddenBelow !== undefined) {
      if (row.depth > hiddenBelow) continue;
      hiddenBelow = undefined;
    }
    shown.push(row);
    if (collapsed.has(row.key) && row.children.length > 0) hiddenBelow = row.depth;
  }
  return shown;
}

/** The row of a `?span=` deep link (a span id; a trace id prefix `traceId/spanId` works too). */
export function findRow(layout: TraceLayout, spanId: string): SpanRow | undefined {
  if (spanId === "") return undefined;
  return layout.byKey.get(spanId) ?? layout.rows.find((row) => row.span.spanId === spanId);
}

/** The keys of a row's ancestors, nearest first. */
export function ancestorsOf(layout: TraceLayout, key: string): string[] {
  const keys = new Set<string>();
  let parent = layout.byKey.get(key)?.parentKey;
  while (parent !== undefined && !keys.has(parent)) {
    keys.add(parent);
    parent = layout.byKey.get(parent)?.parentKey;
  }
  return [...keys];
}

/** The conversation turn a span belongs to: its own or its nearest ancestor's `rehearse.turn`. */
export function turnOf(layout: TraceLayout, key: string): number | undefined {
  for (const candidate of [key, ...ancestorsOf(layout, key)]) {
    const value = layout.byKey.get(candidate)?.span.attributes["rehearse.turn"];
    const turn = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
    if (typeof turn === "number" && Number.isInteger(turn)) return turn;
  }
  return undefined;
}
