/**
 * Behavioral graphs (issue 19): a system of cooperating agents as one agent
 * under test. Nodes are agents or deterministic functions; edges are
 * handoffs, either routes with a condition on a node's reply or a handoff
 * tool the node calls. The shapes here are what the TypeScript builder
 * (`defineGraph`) takes and what a graph file compiles to.
 */
import type { Agent } from "./agent.js";
import type { NodeUsage } from "./graph-outline.js";
import type { ModelMessage } from "./messages.js";
import type { TriggerSpec } from "./trigger-spec.js";

export type { NodeUsage } from "./graph-outline.js";

/** What a function node receives: the conversation, the payload handed to it, and the node it came from. */
export interface GraphNodeContext {
  readonly messages: readonly ModelMessage[];
  /** What the previous node handed over (a handoff tool's input, or its reply); the user's turn at the entry node. */
  readonly payload: unknown;
  /** The node that handed off to this one (`undefined` at the entry node). */
  readonly from: string | undefined;
  readonly signal?: AbortSignal;
}

/**
 * What a function node returns: a reply to the user (`reply`), or a handoff
 * (`handoff: node`, with `payload`), or both (the reply is then handed over).
 */
export interface GraphNodeResult {
  reply?: string;
  handoff?: string;
  payload?: unknown;
}

/** Rules a node must keep; a broken one names the node, the turn and the rule. */
export interface NodeContract {
  /** JSON Schema the payload handed to the node must match. */
  input?: Record<string, unknown>;
  /** JSON Schema the node's output (its reply parsed as JSON, or its handoff payload) must match. */
  output?: Record<string, unknown>;
  /** The only tools it may call (handoff tools aside). */
  tools?: readonly string[];
  /** The only nodes it may hand off to. */
  handoffs?: readonly string[];
  /** Texts or patterns its reply must contain. */
  must?: readonly (string | RegExp)[];
  /** Texts or patterns its reply must not contain. */
  mustNot?: readonly (string | RegExp)[];
  /** Most milliseconds one visit may take. */
  latencyMs?: number;
  /** Most tokens (input + output, live model calls) one visit may use. */
  tokens?: number;
  /** Most US dollars one visit's model calls may cost (a model without a price cannot be checked: a breach says so). */
  costUsd?: number;
  /**
   * Natural-language rules its reply must meet, graded by the run's judge
   * model with the node's input and output (without a model the run ends
   * naming the setting to add).
   */
  criteria?: readonly string[];
}

interface NodeBase {
  description?: string;
  contract?: NodeContract;
}

/** A node that is an agent: any Rehearse agent (module, HTTP, OpenAI-compatible, model-backed, …). */
export interface AgentGraphNode extends NodeBase {
  agent: Agent;
}

/** A deterministic node: a function of the conversation and the payload. */
export interface FunctionGraphNode extends NodeBase {
  run(context: GraphNodeContext): GraphNodeResult | string | Promise<GraphNodeResult | string>;
}

export type GraphNode = AgentGraphNode | FunctionGraphNode;

/** When a route is taken: the reply contains a text, matches a pattern, or a function of the reply says so. */
export type EdgeCondition = { contains: string } | { matches: string | RegExp } | ((reply: string) => boolean);

/**
 * A handoff from `from` to `to`: a route (`when` on the reply; without `when`,
 * always), or a handoff tool (`tool`, default `handoff_to_<to>`) that an agent
 * node calls. Routes are tried in order; the first that holds is taken.
 */
export interface GraphEdge {
  from: string;
  to: string;
  when?: EdgeCondition;
  /** `true` (the default name) or a tool name: the node hands off by calling it. */
  tool?: boolean | string;
  /** A fallback: taken when `from` fails (throws, times out); its payload is `{ error }`. */
  onError?: boolean;
}

/** Bounds on a turn through the graph. */
export interface GraphLimits {
  /** Most handoffs in one turn (default 8); a cycle needs it. Exceeding it ends the run `error` naming the loop. */
  maxHops?: number;
  /** Most milliseconds a node visit may take (default: the run's agent-call limit). */
  nodeTimeoutMs?: number;
}

/** A behavioral graph. */
export interface GraphDefinition {
  name: string;
  version?: string;
  /** The node that takes the user's turn. */
  entry: string;
  nodes: Readonly<Record<string, GraphNode>>;
  edges?: readonly GraphEdge[];
  limits?: GraphLimits;
  /** Chaos the graph runs with unless `graphAgent(graph, { chaos })` gives its own (a graph file's `chaos:`). */
  chaos?: readonly GraphChaos[];
}

/** One node visit in a turn, as recorded. */
export interface GraphHop {
  readonly node: string;
  readonly turn: number;
  readonly from: string | undefined;
  readonly payload: unknown;
  readonly reply: string | undefined;
  /** Where it handed off, if it did, and how. */
  readonly handoff?: { readonly to: string; readonly by: "route" | "tool" | "function"; readonly payload: unknown };
  readonly toolCalls: readonly string[];
  readonly durationMs: number;
  /** The visit's own model calls (agent nodes in a run with models): calls, tokens, cost (`null`: a model has no price). */
  readonly usage?: NodeUsage;
  readonly error?: string;
  readonly breaches: readonly ContractBreach[];
}

/** A broken node contract. */
export interface ContractBreach {
  readonly node: string;
  readonly turn: number;
  readonly rule: "input" | "output" | "tools" | "handoffs" | "must" | "mustNot" | "latencyMs" | "tokens" | "costUsd" | "criteria";
  readonly detail: string;
}

/** The faults chaos can put at a node or on an edge. */
export const GRAPH_FAULTS = [
  "error",
  "timeout",
  "slow",
  "malformed_output",
  "adversarial",
  "drop_payload",
  "corrupt_payload",
] as const;
export type GraphFault = (typeof GRAPH_FAULTS)[number];

/**
 * A fault at a node (`node`) or on a handoff (`edge`), when its trigger fires
 * (default: every time; `{ kind: "random", probability }` draws from the
 * run's seed, so a seed replays the same faults; `max_triggers` bounds it).
 *
 * - `error`: the visit fails (`message`); `timeout`: it never answers, so the
 *   node timeout (default 1 s here) ends it; `slow`: it takes `delayMs` longer;
 * - `malformed_output`: its reply is cut mid-JSON; `adversarial`: `replacement`
 *   runs in its place (a node that leaks, lies or loops);
 * - on an edge: `drop_payload` hands over nothing, `corrupt_payload` a garbled payload.
 */
export interface GraphChaos {
  name?: string;
  node?: string;
  edge?: { from: string; to: string };
  fault: GraphFault;
  trigger?: TriggerSpec;
  message?: string;
  delayMs?: number;
  replacement?: GraphNode;
}
