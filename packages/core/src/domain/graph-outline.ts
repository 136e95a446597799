/**
 * The shape of a behavioral graph without its code: what a run streams once
 * (`graph_started`), what the server stores of an uploaded graph file, and
 * what the dashboard draws. Plain JSON: no functions, no patterns.
 */

/** How a node is implemented: an agent (module, HTTP, OpenAI-compatible), a model with a prompt, or a function. */
export type GraphOutlineNodeKind = "agent" | "model" | "function";

/** How an edge hands off: a tool the node calls, a route on its reply, a fallback when it fails, or a function's result. */
export type GraphOutlineEdgeKind = "tool" | "route" | "fallback" | "handoff";

/** A node's contract, as rules a reader can see (schemas as presence only). */
export interface GraphOutlineContract {
  input?: boolean;
  output?: boolean;
  tools?: string[];
  handoffs?: string[];
  must?: string[];
  mustNot?: string[];
  latencyMs?: number;
  tokens?: number;
  costUsd?: number;
  criteria?: string[];
}

export interface GraphOutlineNode {
  name: string;
  kind: GraphOutlineNodeKind;
  description?: string;
  contract?: GraphOutlineContract;
}

export interface GraphOutlineEdge {
  from: string;
  to: string;
  kind: GraphOutlineEdgeKind;
  /** The handoff tool's name (`tool` edges). */
  tool?: string;
  /** The route's condition, as text (`route` edges with a condition). */
  when?: string;
}

/** A graph's outline: nodes in declaration order, edges in order, its limits. */
export interface GraphOutline {
  name: string;
  version?: string;
  entry: string;
  nodes: GraphOutlineNode[];
  edges: GraphOutlineEdge[];
  limits: { maxHops: number; nodeTimeoutMs?: number };
}

/** One node visit as a stored run shows it (from `node_started` / `node_finished` / `handoff`). */
export interface GraphRunVisit {
  node: string;
  turn: number;
  from?: string;
  input?: unknown;
  output?: string;
  tools: string[];
  handoffTo?: string;
  /** How it handed off: a route, a tool, a function's result, or a fallback after an error. */
  by?: "route" | "tool" | "function" | "error";
  error?: string;
  breaches: Array<{ rule: string; detail: string }>;
  durationMs?: number;
  /** Its own model calls, when it made any. */
  usage?: { calls: number; tokens: number; costUsd: number | null };
  /** Chaos faults that hit this visit (at the node) or the handoff into it (on the edge). */
  chaos: string[];
  /** False while the visit runs (a live run). */
  finished: boolean;
}

/** A chaos fault that fired, where it hit. */
export interface GraphRunChaos {
  name: string;
  fault: string;
  node?: string;
  edge?: string;
  reason?: string;
}

/** Per node: how often it ran and how it did (`unvisited` when the run never reached it). */
export interface GraphNodeVerdict {
  visits: number;
  verdict: "pass" | "fail" | "error" | "unvisited" | "running";
  breaches: number;
  errors: number;
  chaos: number;
}

/** A graph run as events show it: the outline, the visits in order, per-node verdicts and the chaos that fired. */
export interface GraphRunView {
  graph: string;
  outline: GraphOutline | undefined;
  visits: GraphRunVisit[];
  /** Every edge taken, in order (`from→to`), with how often. */
  edges: Array<{ from: string; to: string; count: number }>;
  nodes: Record<string, GraphNodeVerdict>;
  chaos: GraphRunChaos[];
  /** The node that answered the user last. */
  answeredBy: string | undefined;
}

/** What one visit's model calls used. */
export interface NodeUsage {
  readonly calls: number;
  readonly tokens: number;
  readonly costUsd: number | null;
}
