import type { GraphNode, NodeContract } from "../domain/graph.js";
import type { GraphOutline, GraphOutlineContract, GraphOutlineEdge, GraphOutlineNodeKind } from "../domain/graph-outline.js";
import type { Graph } from "./define-graph.js";

/**
 * The outline of a checked graph (see `domain/graph-outline.ts`): what a run
 * streams in `graph_started` and the dashboard draws. `kinds` names nodes
 * whose kind the graph alone cannot tell (a graph file's model nodes).
 */
export function outlineOf(graph: Graph, kinds: Readonly<Record<string, GraphOutlineNodeKind>> = {}): GraphOutline {
  return {
    name: graph.name,
    ...(graph.version === undefined ? {} : { version: graph.version }),
    entry: graph.entry,
    nodes: Object.entries(graph.nodes).map(([name, node]) => ({
      name,
      kind: kinds[name] ?? kindOf(node),
      ...(node.description ? { description: node.description } : {}),
      ...(node.contract ? { contract: contractOutline(node.contract) } : {}),
    })),
    edges: graph.edges.map((edge): GraphOutlineEdge => {
      if (edge.onError) return { from: edge.from, to: edge.to, kind: "fallback" };
      if (edge.toolName) return { from: edge.from, to: edge.to, kind: "tool", tool: edge.toolName };
      if (edge.when === undefined) return { from: edge.from, to: edge.to, kind: "handoff" };
      return { from: edge.from, to: edge.to, kind: "route", when: conditionText(edge.when) };
    }),
    limits: {
      maxHops: graph.maxHops,
      ...(graph.limits?.nodeTimeoutMs === undefined ? {} : { nodeTimeoutMs: graph.limits.nodeTimeoutMs }),
    },
  };
}

function kindOf(node: GraphNode): GraphOutlineNodeKind {
  if ("run" in node) return "function";
  return (node.agent as { modelBacked?: boolean }).modelBacked === true ? "model" : "agent";
}

function conditionText(when: NonNullable<Graph["edges"][number]["when"]>): string {
  if (typeof when === "function") return "a function of the reply";
  if ("contains" in when) return `contains ${JSON.stringify(when.contains)}`;
  return `matches ${String(when.matches)}`;
}

function patternText(pattern: string | RegExp): string {
  return typeof pattern === "string" ? pattern : String(pattern);
}

function contractOutline(contract: NodeContract): GraphOutlineContract {
  return {
    ...(contract.input ? { input: true } : {}),
    ...(contract.output ? { output: true } : {}),
    ...(contract.tools ? { tools: [...contract.tools] } : {}),
    ...(contract.handoffs ? { handoffs: [...contract.handoffs] } : {}),
    ...(contract.must ? { must: contract.must.map(patternText) } : {}),
    ...(contract.mustNot ? { mustNot: contract.mustNot.map(patternText) } : {}),
    ...(contract.latencyMs === undefined ? {} : { latencyMs: contract.latencyMs }),
    ...(contract.tokens === undefined ? {} : { tokens: contract.tokens }),
    ...(contract.costUsd === undefined ? {} : { costUsd: contract.costUsd }),
    ...(contract.criteria ? { criteria: [...contract.criteria] } : {}),
  };
}
