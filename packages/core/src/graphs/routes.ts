import type { EdgeCondition, GraphEdge, GraphNode } from "../domain/graph.js";

/** An edge of a checked graph: its handoff tool's name resolved (undefined when it is not a tool edge). */
export type ResolvedEdge = GraphEdge & { readonly toolName: string | undefined };

/**
 * One node as its visits use it: the node and its ways out, sorted once when
 * the graph is defined, so that a visit finds them with one map lookup and
 * never scans the graph's edges.
 */
export interface NodePlan {
  readonly node: GraphNode;
  /** Every node an edge from here leads to (a function node's `{ handoff }` must name one). */
  readonly targets: ReadonlySet<string>;
  /** Route edges, in the graph's order: the first whose condition the reply meets is taken. */
  readonly routes: readonly ResolvedEdge[];
  /** Handoff-tool edges. */
  readonly tools: readonly ResolvedEdge[];
  /** The fallback edge taken when the node fails, if any. */
  readonly fallback: ResolvedEdge | undefined;
}

const noTargets: ReadonlySet<string> = new Set<string>();

/** The plan of every node of `nodes`. */
export function plansOf(
  nodes: Readonly<Record<string, GraphNode>>,
  edges: readonly ResolvedEdge[],
): ReadonlyMap<string, NodePlan> {
  const plans = new Map<string, NodePlan>();
  for (const [name, node] of Object.entries(nodes)) {
    const out = edges.filter((edge) => edge.from === name);
    plans.set(
      name,
      Object.freeze({
        node,
        targets: out.length === 0 ? noTargets : new Set(out.map((edge) => edge.to)),
        routes: out.filter((edge) => !edge.onError && edge.toolName === undefined),
        tools: out.filter((edge) => edge.toolName !== undefined),
        fallback: out.find((edge) => edge.onError === true),
      }),
    );
  }
  return plans;
}

/**
 * The node the first of `routes` whose condition `reply` meets leads to (a
 * route without `when` always holds).
 */
export function routeOf(routes: readonly ResolvedEdge[], reply: string): string | undefined {
  for (const edge of routes) if (edge.when === undefined || holds(edge.when, reply)) return edge.to;
  return undefined;
}

function holds(condition: EdgeCondition, reply: string): boolean {
  if (typeof condition === "function") return condition(reply);
  if ("contains" in condition) return reply.toLowerCase().includes(condition.contains.toLowerCase());
  const pattern = typeof condition.matches === "string" ? new RegExp(condition.matches, "i") : condition.matches;
  return pattern.test(reply);
}
