/**
 * A graph file checked without running any of it: its schema, then its
 * structure (`defineGraph` on stand-in nodes: unknown nodes, entry,
 * unreachable nodes, cycles without a limit, tool edges), every problem as
 * `file:line:column: field: problem`. What the server does with an uploaded
 * graph (it never loads a graph's modules; workers do), and the first half of
 * `loadGraphFile`.
 */
import { posix } from "node:path";
import type { Agent } from "../domain/agent.js";
import type { GraphChaos, GraphDefinition, GraphEdge, GraphNode, NodeContract } from "../domain/graph.js";
import type { GraphOutline, GraphOutlineNodeKind } from "../domain/graph-outline.js";
import { defineGraph } from "../graphs/define-graph.js";
import { GraphDefinitionError } from "../graphs/graph-error.js";
import { outlineOf } from "../graphs/graph-outline.js";
import { type GraphFileChaos, type GraphFileData, graphFileSchema } from "./graph-file-schema.js";
import { readScenarioDocument, type ScenarioDocument } from "./read-document.js";
import type { ScenarioFileError } from "./scenario-file-error.js";
import { ScenarioFileErrors } from "./scenario-file-errors.js";
import { checkSchema, errorAt, issueToError } from "./validate-with-schema.js";

/** A graph file that passed every check that needs no code. */
export interface CheckedGraphText {
  data: GraphFileData;
  document: ScenarioDocument;
  outline: GraphOutline;
  /** Modules the graph's nodes import, relative to the graph file's folder as written (`./nodes.mjs`), once each. */
  modules: string[];
}

/**
 * Checks a graph file's text (`path` names it in errors and places its
 * relative modules). Throws a `ScenarioFileError` (one problem) or
 * `ScenarioFileErrors` (several); loads nothing.
 *
 * @example
 * const { outline, modules } = checkGraphText(await readFile("support.graph.yaml"), "support.graph.yaml");
 */
export function checkGraphText(content: string | Uint8Array, path: string): CheckedGraphText {
  const document = readScenarioDocument(content, path);
  const checked = checkSchema(graphFileSchema, document.value);
  if (!checked.success) fail(checked.issues.map((issue) => issueToError(issue, path, document.locate)));
  const data = (checked as { data: GraphFileData }).data;
  const kinds: Record<string, GraphOutlineNodeKind> = {};
  const nodes: Record<string, GraphNode> = {};
  const modules = new Set<string>();
  for (const [name, node] of Object.entries(data.nodes)) {
    const common = node.description ? { description: node.description } : {};
    if ("function" in node) {
      kinds[name] = "function";
      modules.add(node.function.module);
      nodes[name] = { ...common, run: standIn };
      continue;
    }
    kinds[name] = "model" in node ? "model" : "agent";
    if ("agent" in node && "module" in node.agent) modules.add(node.agent.module);
    nodes[name] = { ...common, agent: standInAgent };
  }
  for (const entry of data.chaos ?? []) {
    const replacement = entry.replacement;
    if (replacement && "function" in replacement) modules.add(replacement.function.module);
    if (replacement && "agent" in replacement && "module" in replacement.agent) modules.add(replacement.agent.module);
  }
  const chaos = (data.chaos ?? []).map((entry) => chaosOf(entry, entry.replacement ? { run: standIn } : undefined));
  const graph = structure(data, nodes, path, document, chaos);
  // the outline shows the file's contracts as written (the stand-ins carry none)
  const outline = outlineOf({ ...graph, nodes: withContracts(graph.nodes, data) }, kinds);
  return { data, document, outline, modules: [...modules].map((module) => posix.normalize(module)) };
}

/** `defineGraph` over `nodes` with the file's edges and limits; its problems at the file's lines. */
export function structure(
  data: GraphFileData,
  nodes: Record<string, GraphNode>,
  path: string,
  document: ScenarioDocument,
  chaos: readonly GraphChaos[] = [],
) {
  const definition: GraphDefinition = {
    name: data.name,
    ...(data.version === undefined ? {} : { version: String(data.version) }),
    entry: data.entry,
    nodes,
    edges: data.edges.map(
      (edge): GraphEdge => ({
        from: edge.from,
        to: edge.to,
        ...(edge.when ? { when: edge.when } : {}),
        ...(edge.tool === undefined ? {} : { tool: edge.tool }),
        ...(edge.on_error ? { onError: true } : {}),
      }),
    ),
    ...(data.limits
      ? {
          limits: {
            ...(data.limits.max_hops === undefined ? {} : { maxHops: data.limits.max_hops }),
            ...(data.limits.node_timeout_ms === undefined ? {} : { nodeTimeoutMs: data.limits.node_timeout_ms }),
          },
        }
      : {}),
    ...(chaos.length > 0 ? { chaos } : {}),
  };
  try {
    return defineGraph(definition);
  } catch (error) {
    if (!(error instanceof GraphDefinitionError)) throw error;
    fail(error.problems.map(({ path: where, problem }) => errorAt(path, document.locate, where.map(snakeKey), problem)));
  }
}

function withContracts(nodes: Readonly<Record<string, GraphNode>>, data: GraphFileData): Record<string, GraphNode> {
  return Object.fromEntries(
    Object.entries(nodes).map(([name, node]) => {
      const contract = data.nodes[name]?.contract;
      return [name, contract ? { ...node, contract: contractOf(contract) } : node];
    }),
  );
}

/** A file's contract (snake_case) as a `NodeContract`. */
export function contractOf(contract: NonNullable<GraphFileData["nodes"][string]["contract"]>): NodeContract {
  return {
    ...(contract.input ? { input: contract.input } : {}),
    ...(contract.output ? { output: contract.output } : {}),
    ...(contract.tools ? { tools: contract.tools } : {}),
    ...(contract.handoffs ? { handoffs: contract.handoffs } : {}),
    ...(contract.must ? { must: contract.must } : {}),
    ...(contract.must_not ? { mustNot: contract.must_not } : {}),
    ...(contract.latency_ms === undefined ? {} : { latencyMs: contract.latency_ms }),
    ...(contract.tokens === undefined ? {} : { tokens: contract.tokens }),
    ...(contract.cost_usd === undefined ? {} : { costUsd: contract.cost_usd }),
    ...(contract.criteria ? { criteria: contract.criteria } : {}),
  };
}

/** A chaos entry of a graph or scenario file as `GraphChaos` (its replacement node already built). */
export function chaosOf(entry: GraphFileChaos, replacement: GraphNode | undefined): GraphChaos {
  return {
    ...(entry.name ? { name: entry.name } : {}),
    ...(entry.node ? { node: entry.node } : {}),
    ...(entry.edge ? { edge: { from: entry.edge.from, to: entry.edge.to } } : {}),
    fault: entry.fault,
    ...(entry.trigger ? { trigger: entry.trigger } : {}),
    ...(entry.message ? { message: entry.message } : {}),
    ...(entry.delay_ms === undefined ? {} : { delayMs: entry.delay_ms }),
    ...(replacement ? { replacement } : {}),
  };
}

const standIn = () => "";
const standInAgent: Agent = { role: "Agent" as never, call: async () => "" };

/** A definition path's key as the file writes it (`maxHops` → `max_hops`). */
function snakeKey(key: string | number): string | number {
  return typeof key === "number" ? key : key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

function fail(errors: ScenarioFileError[]): never {
  throw errors.length === 1 ? (errors[0] as ScenarioFileError) : new ScenarioFileErrors(errors);
}
