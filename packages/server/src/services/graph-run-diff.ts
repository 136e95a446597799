/**
 * The graph section of a run diff (issue 19): for each behavioral graph
 * either run shows in its events, `diffGraphRuns` over the two runs' views
 * (`graphRunsFromEvents`, in seq order): whether they are identical, the
 * turn and visit where they part, each turn's paths, the contract breaches
 * that came or went. Bounded like the rest of the diff: at most
 * `MAX_GRAPH_EVENTS` events read per run, `MAX_GRAPH_CHANGES` changes,
 * breaches and turns per graph, values cut at `MAX_VALUE_CHARS`; past any of
 * them `truncated` is true.
 */
import {
  diffGraphRuns,
  type GraphRunView,
  graphRunsFromEvents,
  type HopChange,
  recordOfView,
  type StoredGraphEvent,
} from "@rehearse/core/platform";
import type { Executor } from "../store/database.js";
import { runEvents } from "../store/run-queries.js";

/** The event types a graph run is made of (chaos faults are `injection` events). */
const GRAPH_EVENT_TYPES = ["graph_started", "node_started", "node_finished", "handoff", "injection"];
/** Graph events per run a diff reads. */
export const MAX_GRAPH_EVENTS = 20_000;
/** Changes (and breaches, and turns) per graph a diff carries. */
export const MAX_GRAPH_CHANGES = 200;
/** A value (a reply, a payload) longer than this is cut. */
const MAX_VALUE_CHARS = 2_000;

/** A run's graph events, as a diff reads them: in seq order, and whether there were more. */
export interface GraphEvents {
  events: StoredGraphEvent[];
  truncated: boolean;
}

/** The graph events of a run, in its order (at most `MAX_GRAPH_EVENTS`); none read when its `counts` show no graph. */
export async function readGraphEvents(
  executor: Executor,
  tenantId: string,
  runId: string,
  counts: ReadonlyMap<string, number>,
): Promise<GraphEvents> {
  if (!counts.has("graph_started") && !counts.has("node_started")) return { events: [], truncated: false };
  const rows = await runEvents(executor, tenantId, runId, -1, GRAPH_EVENT_TYPES, MAX_GRAPH_EVENTS);
  return {
    events: rows.slice(0, MAX_GRAPH_EVENTS).map((row) => ({ type: row.type, payload: row.payload })),
    truncated: rows.length > MAX_GRAPH_EVENTS,
  };
}

/** A value as the diff shows it: text as is, anything else as JSON, cut at `MAX_VALUE_CHARS`; nothing is null. */
function shown(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
}

function change(hop: HopChange) {
  return { turn: hop.turn, visit: hop.hop, what: hop.what, base: shown(hop.base), head: shown(hop.head) };
}

const emptyView = (graph: string): GraphRunView => ({
  graph,
  outline: undefined,
  visits: [],
  edges: [],
  nodes: {},
  chaos: [],
  answeredBy: undefined,
});

/**
 * The graph section of the diff of `head` against `base`, or undefined when
 * neither run has graph events (the diff then has no `graphs` section).
 */
export function compareGraphRuns(base: GraphEvents, head: GraphEvents) {
  const before = new Map(graphRunsFromEvents(base.events).map((view) => [view.graph, view]));
  const after = new Map(graphRunsFromEvents(head.events).map((view) => [view.graph, view]));
  const names = [...new Set([...before.keys(), ...after.keys()])].sort();
  if (names.length === 0) return undefined;
  const graphs = names.map((graph) => {
    const diff = diffGraphRuns(
      recordOfView(before.get(graph) ?? emptyView(graph)),
      recordOfView(after.get(graph) ?? emptyView(graph)),
    );
    const breach = (entry: (typeof diff.breaches.added)[number]) => ({
      node: entry.node,
      turn: entry.turn,
      rule: String(entry.rule),
      detail: shown(entry.detail) ?? "",
    });
    const truncated =
      diff.changes.length > MAX_GRAPH_CHANGES ||
      diff.paths.length > MAX_GRAPH_CHANGES ||
      diff.breaches.added.length > MAX_GRAPH_CHANGES ||
      diff.breaches.removed.length > MAX_GRAPH_CHANGES;
    return {
      graph,
      inBase: before.has(graph),
      inHead: after.has(graph),
      versions: { base: diff.versions.base ?? null, head: diff.versions.head ?? null },
      identical: diff.identical && before.has(graph) && after.has(graph),
      firstDivergence: diff.firstDivergence ? change(diff.firstDivergence) : null,
      paths: diff.paths
        .slice(0, MAX_GRAPH_CHANGES)
        .map((path) => ({ turn: path.turn, base: [...path.base], head: [...path.head] })),
      changeCount: diff.changes.length,
      changes: diff.changes.slice(0, MAX_GRAPH_CHANGES).map(change),
      breaches: {
        added: diff.breaches.added.slice(0, MAX_GRAPH_CHANGES).map(breach),
        removed: diff.breaches.removed.slice(0, MAX_GRAPH_CHANGES).map(breach),
      },
      chaos: { base: diff.chaos.base, head: diff.chaos.head },
      truncated,
    };
  });
  return { truncated: base.truncated || head.truncated || graphs.some((graph) => graph.truncated), graphs };
}

/** The graph section of a run diff, as the API returns it. */
export type GraphsDiff = NonNullable<ReturnType<typeof compareGraphRuns>>;
