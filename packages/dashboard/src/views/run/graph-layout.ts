/**
 * Where the graph tab draws a run's graph: nodes in columns by their
 * distance (in hops) from the entry, left to right, each column centred;
 * edges of the outline with how often the run took them, plus any handoff
 * the run took that the outline does not have (drawn, and named as such).
 * Pure code, no layout library: a behavioral graph has a handful of nodes.
 */
import type { components } from "../../api/schema";

/** A run's graph as `GET /api/v1/runs/{runId}/graph` gives it. */
export type GraphRun = components["schemas"]["GraphRunView"];
export type NodeVerdict = GraphRun["nodes"][string]["verdict"];
type OutlineNode = NonNullable<GraphRun["outline"]>["nodes"][number];
type OutlineEdge = NonNullable<GraphRun["outline"]>["edges"][number];

export const NODE_WIDTH = 156;
export const NODE_HEIGHT = 56;
const COLUMN = NODE_WIDTH + 110;
const ROW = NODE_HEIGHT + 54;
const MARGIN = 28;

export interface PlacedNode {
  name: string;
  kind: OutlineNode["kind"] | "unknown";
  description?: string;
  contract?: OutlineNode["contract"];
  verdict: NodeVerdict;
  visits: number;
  breaches: number;
  errors: number;
  /** Fault names that hit the node (or the handoff into it), each once. */
  chaos: string[];
  entry: boolean;
  answered: boolean;
  /** Column (hops from the entry) and row within it. */
  column: number;
  row: number;
  x: number;
  y: number;
}

export interface PlacedEdge {
  key: string;
  from: string;
  to: string;
  kind: OutlineEdge["kind"] | "unexpected";
  tool?: string;
  when?: string;
  /** How often the run took it (0: not taken). */
  count: number;
}

export interface GraphLayout {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  width: number;
  height: number;
}

/** The hop distance from `entry` of every node reachable over `edges` (breadth first). */
export function distances(entry: string, edges: ReadonlyArray<{ from: string; to: string }>): Map<string, number> {
  const found = new Map<string, number>([[entry, 0]]);
  const queue = [entry];
  for (let at = 0; at < queue.length; at++) {
    const node = queue[at] as string;
    const distance = found.get(node) as number;
    for (const edge of edges) {
      if (edge.from !== node || found.has(edge.to)) continue;
      found.set(edge.to, distance + 1);
      queue.push(edge.to);
    }
  }
  return found;
}

/** The handoff kind a visit's `by` most likely took (to pick among edges of one pair). */
const KIND_OF_BY: Record<string, OutlineEdge["kind"]> = { error: "fallback", tool: "tool", route: "route", function: "handoff" };

/** Lays out `graph` (its outline, or what the run visited when it streamed none). */
export function layoutGraph(graph: GraphRun): GraphLayout {
  const outline = graph.outline;
  const outlineNodes: OutlineNode[] = outline ? [...outline.nodes] : [];
  const known = new Set(outlineNodes.map((node) => node.name));
  for (const visit of graph.visits) {
    if (known.has(visit.node)) continue;
    known.add(visit.node);
    outlineNodes.push({ name: visit.node, kind: "agent" });
  }
  const entry = outline?.entry ?? graph.visits[0]?.node ?? outlineNodes[0]?.name ?? "";
  const edges = placedEdges(graph, outline?.edges ?? []);
  const distance = distances(entry, edges);
  const deepest = Math.max(0, ...distance.values());
  const columns = new Map<number, string[]>();
  for (const node of outlineNodes) {
    const column = distance.get(node.name) ?? deepest + 1;
    columns.set(column, [...(columns.get(column) ?? []), node.name]);
  }
  const tallest = Math.max(1, ...[...columns.values()].map((names) => names.length));
  const chaosOf = new Map<string, Set<string>>();
  for (const visit of graph.visits)
    for (const fault of visit.chaos) chaosOf.set(visit.node, (chaosOf.get(visit.node) ?? new Set()).add(fault));
  for (const fired of graph.chaos) {
    const target = fired.node ?? fired.edge?.split("→")[1];
    if (target) chaosOf.set(target, (chaosOf.get(target) ?? new Set()).add(fired.fault));
  }
  const nodes = outlineNodes.map((node): PlacedNode => {
    const column = distance.get(node.name) ?? deepest + 1;
    const members = columns.get(column) ?? [node.name];
    const row = members.indexOf(node.name);
    const offset = ((tallest - members.length) * ROW) / 2;
    const verdict = graph.nodes[node.name];
    return {
      name: node.name,
      kind: outline ? node.kind : "unknown",
      ...(node.description ? { description: node.description } : {}),
      ...(node.contract ? { contract: node.contract } : {}),
      verdict: verdict?.verdict ?? "unvisited",
      visits: verdict?.visits ?? 0,
      breaches: verdict?.breaches ?? 0,
      errors: verdict?.errors ?? 0,
      chaos: [...(chaosOf.get(node.name) ?? [])],
      entry: node.name === entry,
      answered: node.name === graph.answeredBy,
      column,
      row,
      x: MARGIN + column * COLUMN,
      y: MARGIN + offset + row * ROW,
    };
  });
  const columnCount = Math.max(0, ...nodes.map((node) => node.column)) + 1;
  return {
    nodes,
    edges,
    width: MARGIN * 2 + (columnCount - 1) * COLUMN + NODE_WIDTH,
    height: MARGIN * 2 + (tallest - 1) * ROW + NODE_HEIGHT + 40,
  };
}

/** The outline's edges with the run's counts, and the taken handoffs the outline lacks. */
function placedEdges(graph: GraphRun, outlineEdges: readonly OutlineEdge[]): PlacedEdge[] {
  const edges: PlacedEdge[] = outlineEdges.map((edge, index) => ({
    key: `${index}:${edge.from}→${edge.to}:${edge.kind}`,
    from: edge.from,
    to: edge.to,
    kind: edge.kind,
    ...(edge.tool ? { tool: edge.tool } : {}),
    ...(edge.when ? { when: edge.when } : {}),
    count: 0,
  }));
  for (const taken of graph.edges) {
    const candidates = edges.filter((edge) => edge.from === taken.from && edge.to === taken.to);
    const kinds = new Set(
      graph.visits
        .filter((visit) => visit.node === taken.from && visit.handoffTo === taken.to && visit.by)
        .map((visit) => KIND_OF_BY[visit.by as string]),
    );
    const match = candidates.find((edge) => kinds.has(edge.kind as OutlineEdge["kind"])) ?? candidates[0];
    if (match) match.count += taken.count;
    else
      edges.push({
        key: `taken:${taken.from}→${taken.to}`,
        from: taken.from,
        to: taken.to,
        kind: "unexpected",
        count: taken.count,
      });
  }
  return edges;
}

/** The word and mark of a verdict: colour is never the only signal. */
export const VERDICT_LABELS: Record<NodeVerdict, { mark: string; word: string }> = {
  pass: { mark: "✓", word: "pass" },
  fail: { mark: "✗", word: "fail" },
  error: { mark: "!", word: "error" },
  unvisited: { mark: "○", word: "unvisited" },
  running: { mark: "…", word: "running" },
};

/** The status line drawn under a node's name (after the verdict's mark): the verdict's word, and the visit count past one. */
export function nodeStatus(node: PlacedNode): string {
  return `${VERDICT_LABELS[node.verdict].word}${node.visits > 1 ? ` ×${node.visits}` : ""}`;
}

/**
 * One sentence about a node for screen readers and tooltips. It starts with
 * what the drawing shows, in its order (name, verdict, visits, chaos, who
 * answered), so the accessible name contains the visible text.
 */
export function describeNode(node: PlacedNode): string {
  const shown = [`${node.name} ${VERDICT_LABELS[node.verdict].word}${node.visits > 1 ? ` ×${node.visits}` : ""}`];
  if (node.chaos.length > 0) shown.push(node.chaos.join(", "));
  if (node.answered) shown.push("answered the user");
  const more = [`${node.kind} node`];
  if (node.entry) more.push("entry");
  more.push(`${node.visits} ${node.visits === 1 ? "visit" : "visits"}`);
  if (node.breaches > 0) more.push(`${node.breaches} contract ${node.breaches === 1 ? "breach" : "breaches"}`);
  if (node.errors > 0) more.push(`${node.errors} ${node.errors === 1 ? "error" : "errors"}`);
  if (node.chaos.length > 0) more.push("chaos fault hit it");
  return `${shown.join(", ")}; ${more.join(", ")}`;
}

/** Where the roving focus goes from `current` on an arrow key (columns left/right, rows up/down). */
export function neighbour(nodes: readonly PlacedNode[], current: string, key: string): string | undefined {
  const at = nodes.find((node) => node.name === current);
  if (!at) return nodes[0]?.name;
  const inColumn = (column: number) => nodes.filter((node) => node.column === column).sort((a, b) => a.row - b.row);
  if (key === "ArrowUp" || key === "ArrowDown") {
    const column = inColumn(at.column);
    const index = column.indexOf(at) + (key === "ArrowDown" ? 1 : -1);
    return column[index]?.name;
  }
  if (key === "ArrowLeft" || key === "ArrowRight") {
    const columns = [...new Set(nodes.map((node) => node.column))].sort((a, b) => a - b);
    const next = columns[columns.indexOf(at.column) + (key === "ArrowRight" ? 1 : -1)];
    if (next === undefined) return undefined;
    const target = inColumn(next);
    return (target[Math.min(at.row, target.length - 1)] ?? target[0])?.name;
  }
  if (key === "Home") return nodes[0]?.name;
  if (key === "End") return nodes.at(-1)?.name;
  return undefined;
}
