import { closestMatch } from "../domain/did-you-mean.js";
import type { GraphDefinition, GraphNode } from "../domain/graph.js";
import { chaosProblems } from "./graph-chaos.js";
import { GraphDefinitionError, type GraphProblem } from "./graph-error.js";
import { type NodePlan, plansOf, type ResolvedEdge } from "./routes.js";

/** The default bound on handoffs in one turn. */
export const DEFAULT_MAX_HOPS = 8;

/** A graph checked by `defineGraph`: its edges with their handoff tool names resolved. */
export interface Graph extends GraphDefinition {
  readonly edges: readonly ResolvedEdge[];
  readonly maxHops: number;
  /** Each node with its ways out (targets, routes, handoff tools, fallback), sorted from `edges` once. */
  readonly plans: ReadonlyMap<string, NodePlan>;
}

/**
 * Checks a graph and returns it ready to run: every node named in an edge or
 * a contract exists (a near miss is suggested), the entry exists, every node
 * is reachable from it, a node is an agent or a function (not both), handoff
 * tool names are unique per node, and a cycle comes with an explicit
 * `limits.maxHops`. Throws a `GraphDefinitionError` listing every problem.
 *
 * @example
 * const support = defineGraph({
 *   name: "support", entry: "router",
 *   nodes: { router: { agent: routerAgent }, refunds: { agent: refundsAgent }, orders: { run: lookUpOrder } },
 *   edges: [{ from: "router", to: "refunds", tool: true }, { from: "router", to: "orders", when: { contains: "order" } }],
 * });
 */
export function defineGraph(definition: GraphDefinition): Graph {
  const problems: GraphProblem[] = [];
  const report = (path: (string | number)[], problem: string) => problems.push({ path, problem });
  const names = Object.keys(definition.nodes ?? {});
  const known = (name: string, path: (string | number)[], what: string) => {
    if (names.includes(name)) return true;
    const near = closestMatch(name, names);
    report(
      path,
      `${what} ${JSON.stringify(name)} is not a node of the graph${near ? ` (did you mean ${JSON.stringify(near)}?)` : ""}; nodes: ${names.join(", ") || "none"}`,
    );
    return false;
  };
  if (typeof definition.name !== "string" || !definition.name.trim()) report(["name"], "must be a non-empty text");
  if (names.length === 0) report(["nodes"], "the graph has no nodes");
  if (typeof definition.entry !== "string") report(["entry"], "must name the node that takes the user's turn");
  else known(definition.entry, ["entry"], "the entry");
  for (const name of names) checkNode(name, definition.nodes[name] as GraphNode, report, known);
  const edges = (definition.edges ?? []).map((edge, index) => {
    const path = ["edges", index];
    known(edge.from, [...path, "from"], "from:");
    known(edge.to, [...path, "to"], "to:");
    const kinds = [edge.when !== undefined, edge.tool !== undefined && edge.tool !== false, edge.onError === true];
    if (kinds.filter(Boolean).length > 1)
      report(path, "an edge is a route (when), a handoff tool (tool) or a fallback (onError), one of them");
    const toolName = edge.tool === true ? `handoff_to_${edge.to}` : typeof edge.tool === "string" ? edge.tool : undefined;
    if (toolName !== undefined && !/^[A-Za-z_][\w-]{0,63}$/.test(toolName))
      report([...path, "tool"], `${JSON.stringify(toolName)} is not a valid tool name (letters, digits, _ and -, at most 64)`);
    if (toolName !== undefined && "run" in (definition.nodes[edge.from] ?? {}))
      report([...path, "tool"], `${edge.from} is a function node: it hands off by returning { handoff }, not by a tool`);
    return { ...edge, toolName };
  });
  edges.forEach((edge, index) => {
    if (!edge.toolName) return;
    const twin = edges.findIndex((other) => other.from === edge.from && other.toolName === edge.toolName);
    if (twin !== index)
      report(["edges", index, "tool"], `${edge.from} already has a handoff tool named ${edge.toolName} (edges.${twin})`);
  });
  (definition.chaos ?? []).forEach((entry, index) => {
    for (const { field, problem } of chaosProblems(entry, names)) report(["chaos", index, field], problem);
  });
  const maxHops = definition.limits?.maxHops;
  if (maxHops !== undefined && !(Number.isInteger(maxHops) && maxHops > 0))
    report(["limits", "maxHops"], `must be a positive integer, got ${String(maxHops)}`);
  const timeout = definition.limits?.nodeTimeoutMs;
  if (timeout !== undefined && !(Number.isFinite(timeout) && timeout > 0))
    report(["limits", "nodeTimeoutMs"], `must be a positive number of milliseconds, got ${String(timeout)}`);
  if (problems.length === 0) checkShape(definition, edges, report);
  if (problems.length > 0) throw new GraphDefinitionError(String(definition.name), problems);
  return Object.freeze({
    ...definition,
    edges: Object.freeze(edges),
    maxHops: maxHops ?? DEFAULT_MAX_HOPS,
    plans: plansOf(definition.nodes, edges),
  });
}

function checkNode(
  name: string,
  node: GraphNode,
  report: (path: (string | number)[], problem: string) => void,
  known: (name: string, path: (string | number)[], what: string) => boolean,
): void {
  const path = ["nodes", name];
  const isAgent = typeof (node as { agent?: { call?: unknown } })?.agent?.call === "function";
  const isFunction = typeof (node as { run?: unknown })?.run === "function";
  if (isAgent === isFunction) report(path, "a node is an agent ({ agent }) or a function ({ run }), exactly one");
  const contract = node?.contract;
  if (!contract) return;
  contract.handoffs?.forEach((target, index) => {
    known(target, [...path, "contract", "handoffs", index], "handoff target");
  });
  if (contract.latencyMs !== undefined && !(contract.latencyMs > 0))
    report([...path, "contract", "latencyMs"], `must be a positive number of milliseconds, got ${String(contract.latencyMs)}`);
}

/** Reachability from the entry, and cycles that need an explicit bound. */
function checkShape(
  definition: GraphDefinition,
  edges: Graph["edges"],
  report: (path: (string | number)[], problem: string) => void,
) {
  const next = new Map<string, string[]>();
  for (const edge of edges) next.set(edge.from, [...(next.get(edge.from) ?? []), edge.to]);
  const reached = new Set([definition.entry]);
  const queue = [definition.entry];
  while (queue.length > 0)
    for (const to of next.get(queue.shift() as string) ?? []) if (!reached.has(to) && reached.add(to)) queue.push(to);
  for (const name of Object.keys(definition.nodes))
    if (!reached.has(name)) report(["nodes", name], `unreachable: no edges lead to it from the entry ${definition.entry}`);
  const cycle = findCycle(definition.entry, next);
  if (cycle && definition.limits?.maxHops === undefined)
    report(["limits", "maxHops"], `the graph has a cycle (${cycle.join(" → ")}): bound it with limits.maxHops`);
}

function findCycle(entry: string, next: Map<string, string[]>): string[] | undefined {
  const path: string[] = [];
  const done = new Set<string>();
  const visit = (node: string): string[] | undefined => {
    const at = path.indexOf(node);
    if (at >= 0) return [...path.slice(at), node];
    if (done.has(node)) return undefined;
    path.push(node);
    for (const to of next.get(node) ?? []) {
      const found = visit(to);
      if (found) return found;
    }
    path.pop();
    done.add(node);
    return undefined;
  };
  return visit(entry);
}
