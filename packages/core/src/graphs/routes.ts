import type { EdgeCondition, GraphEdge } from "../domain/graph.js";

/**
 * The node the first route from `from` whose condition `reply` meets leads
 * to (a route without `when` always holds); handoff-tool edges are not routes.
 */
export function routeOf(edges: readonly GraphEdge[], from: string, reply: string): string | undefined {
  for (const edge of edges) {
    if (edge.from !== from || edge.onError || (edge.tool !== undefined && edge.tool !== false)) continue;
    if (edge.when === undefined || holds(edge.when, reply)) return edge.to;
  }
  return undefined;
}

function holds(condition: EdgeCondition, reply: string): boolean {
  if (typeof condition === "function") return condition(reply);
  if ("contains" in condition) return reply.toLowerCase().includes(condition.contains.toLowerCase());
  const pattern = typeof condition.matches === "string" ? new RegExp(condition.matches, "i") : condition.matches;
  return pattern.test(reply);
}
