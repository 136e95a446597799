/**
 * What the graph builder tells the model: the graph file format (an example
 * and the JSON Schema from `graphFileJsonSchema()`), the agents and tools
 * the user has, the description, and, after a proposal failed its checks,
 * the problems to repair. Pure text; the builder (graph-builder.ts) holds
 * the conversation.
 */
import { graphFileJsonSchema } from "@rehearse/core/platform";

/** An agent the user has: the node a graph uses for it carries its name. */
export interface BuilderAgent {
  name: string;
  description?: string | undefined;
  kind?: "agent" | "function" | "model" | undefined;
  /** The module exporting it, relative to the graph file's folder (`./nodes.mjs`). */
  module?: string | undefined;
  export?: string | undefined;
}

/** A tool the agents can call (contracts may allow it). */
export interface BuilderTool {
  name: string;
  description?: string | undefined;
}

/** What the user asked the builder for. */
export interface BuilderRequest {
  description: string;
  agents?: BuilderAgent[] | undefined;
  tools?: BuilderTool[] | undefined;
  /** The graph's name (the model picks one otherwise). */
  name?: string | undefined;
  /** A model id that replaces the server's setting for this request. */
  model?: string | undefined;
}

const FORMAT_EXAMPLE = `name: support
version: "1"
entry: router
limits: { max_hops: 4, node_timeout_ms: 5000 }
nodes:
  router:
    description: reads the request and hands it to the right desk
    agent: { module: ./nodes.mjs, export: router }
    contract: { handoffs: [orders, refunds], must_not: ["@"] }
  orders:
    description: order status
    function: { module: ./nodes.mjs, export: orders }
    contract: { must: [order], tools: [lookup_order] }
  refunds:
    description: refunds and returns
    model: { system_prompt: "You handle refunds. Ask for the order number.", temperature: 0 }
    contract: { must_not: [card number], latency_ms: 3000 }
  escalation:
    description: a person calls the customer back
    function: { module: ./nodes.mjs, export: escalation }
edges:
  - { from: router, to: orders, tool: true }
  - { from: router, to: refunds, when: { contains: refund } }
  - { from: refunds, to: escalation, on_error: true }`;

const RULES = `Rules:
- Answer with the graph file only: YAML, no prose, no code fences.
- Keys are snake_case. A node is exactly one of agent (module, http or openai_compatible), function (module) or model (system_prompt).
- Every edge's from and to name nodes of the graph; the entry is a node; every node is reachable from the entry.
- A graph with a cycle sets limits.max_hops.
- Each listed agent is the node named exactly as the agent, with its module and export (or, for kind model, a model node).
- Import no module other than the listed agents' modules; without a module for a role, use a model node with a system_prompt.
- contract.tools names only the listed tools; contract.handoffs names only nodes the node has an edge to.`;

function agentLine(agent: BuilderAgent): string {
  const parts = [`- ${agent.name}`];
  if (agent.kind) parts.push(`kind: ${agent.kind}`);
  if (agent.module) parts.push(`module: ${agent.module}${agent.export ? `, export: ${agent.export}` : ""}`);
  return agent.description ? `${parts.join("; ")} — ${agent.description}` : parts.join("; ");
}

/** The system message: the format, its JSON Schema and the rules. */
export function builderSystemPrompt(): string {
  return [
    "You design behavioral graph files for Rehearse: a system of cooperating agents, nodes handing the conversation to each other along edges.",
    "The graph file format, by example:",
    FORMAT_EXAMPLE,
    "Its JSON Schema:",
    JSON.stringify(graphFileJsonSchema()),
    RULES,
  ].join("\n\n");
}

/** The user's message: the description, the agents and tools there are, the name to use. */
export function builderRequestPrompt(request: BuilderRequest): string {
  const agents = request.agents ?? [];
  const tools = request.tools ?? [];
  return [
    `What the system should do:\n${request.description}`,
    agents.length > 0
      ? `Available agents (node name; kind; module and export, relative to the graph file's folder):\n${agents.map(agentLine).join("\n")}`
      : "No agents are listed: build the nodes as model nodes (system_prompt) and import no module.",
    tools.length > 0
      ? `Available tools:\n${tools.map((tool) => `- ${tool.name}${tool.description ? ` — ${tool.description}` : ""}`).join("\n")}`
      : "No tools are listed: contracts name no tools.",
    request.name ? `Name the graph: ${request.name}` : "Give the graph a short name (letters, digits, - and _).",
    "Write the graph file.",
  ].join("\n\n");
}

/** The repair message: the problems the last proposal had, one `file:line:column: field: problem` a line. */
export function builderRepairPrompt(problems: readonly string[]): string {
  return [
    "The graph file you proposed does not pass its checks:",
    problems.map((line) => `- ${line}`).join("\n"),
    "Fix every problem and answer with the whole corrected graph file only (YAML, no prose, no code fences).",
  ].join("\n\n");
}
