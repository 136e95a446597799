import { AgentAdapter } from "../domain/agent.js";
import type { GraphOutline } from "../domain/graph-outline.js";
import { type ModelMessage, messageText } from "../domain/messages.js";
import { AgentRole } from "../domain/roles.js";
import type { AgentInput, AgentReturnTypes, ScenarioExecutionStateLike } from "../domain/scenario.js";
import type { Graph } from "./define-graph.js";
import { armChaos, checkChaos, type GraphChaos } from "./graph-chaos.js";
import { outlineOf } from "./graph-outline.js";
import { GraphLoopError, GraphNodeError } from "./graph-run-errors.js";
import type { GraphRunRecord, LiveRecord } from "./graph-run-record.js";
import { NodeVisitor, type VisitContext } from "./node-visitor.js";
import type { NodePlan } from "./routes.js";

export type { FiredChaos, GraphRunRecord } from "./graph-run-record.js";

/** Options of `graphAgent`. */
export interface GraphAgentOptions {
  /** Where a user turn starts: the entry node (default), or the node that answered the previous turn. */
  startAt?: "entry" | "last-answered";
  /** Faults at nodes and on edges (see `GraphChaos`), drawn from the run's seed. */
  chaos?: readonly GraphChaos[];
}

/**
 * A behavioral graph as the agent under test: each user turn enters at the
 * entry node (or the node that answered last), and nodes hand off along the
 * graph's edges — by calling a handoff tool, by a route whose condition the
 * reply meets, or (function nodes) by returning `{ handoff }` — until a node
 * answers the user. Every visit is recorded (node, payload, reply, handoff,
 * tools called, time, contract breaches) and reported in
 * `result.reports[graph name]`; graph checks (`graphChecks`) grade the path.
 * A node that fails, or more than `maxHops` handoffs in a turn, ends the run
 * `error` naming the node (or the loop).
 */
export class GraphAgent extends AgentAdapter {
  override role = AgentRole.AGENT;
  readonly graph: Graph;
  private readonly records = new WeakMap<ScenarioExecutionStateLike, LiveRecord>();
  private readonly visitor: NodeVisitor;
  /** The chaos of this agent's runs: its options', else the graph's own. */
  private readonly chaos: readonly GraphChaos[];

  constructor(
    graph: Graph,
    private readonly options: GraphAgentOptions = {},
  ) {
    super();
    this.graph = graph;
    this.visitor = new NodeVisitor(graph);
    this.name = graph.name;
    if (options.chaos) checkChaos(options.chaos, Object.keys(graph.nodes));
    this.chaos = options.chaos ?? graph.chaos ?? [];
  }

  private drawn: GraphOutline | undefined;

  /** The graph's outline (`graph_started`, the dashboard's drawing), made once. */
  outline(): GraphOutline {
    this.drawn ??= outlineOf(this.graph);
    return this.drawn;
  }

  /** The record of the run `state` belongs to (created on its first turn). */
  recordOf(state: ScenarioExecutionStateLike): GraphRunRecord {
    return this.liveRecord(state);
  }

  private liveRecord(state: ScenarioExecutionStateLike): LiveRecord {
    let record = this.records.get(state);
    if (!record) {
      record = {
        graph: this.graph.name,
        version: this.graph.version,
        hops: [],
        breaches: [],
        chaos: [],
        armed: armChaos(this.chaos, state.seed),
        startedAt: performance.now(),
      };
      this.records.set(state, record);
      if (state.emitting !== false)
        state.emitEvent?.({ type: "graph_started", actor: "agent", graph: this.graph.name, outline: this.outline() });
    }
    return record;
  }

  override async call(input: AgentInput): Promise<AgentReturnTypes> {
    const record = this.liveRecord(input.scenarioState);
    const turn = input.scenarioState.currentTurn;
    const last = input.newMessages.at(-1);
    let node = this.options.startAt === "last-answered" && record.lastAnswered ? record.lastAnswered : this.graph.entry;
    let payload: unknown = last ? messageText(last) : undefined;
    let from: string | undefined;
    const produced: ModelMessage[] = [];
    // one context per turn, its payload and origin updated per visit (visits run one at a time)
    const context: VisitContext = {
      input,
      payload,
      from,
      turn,
      record,
      messages: [],
      cause: undefined,
      lastReading: undefined,
    };
    for (let hop = 0; ; hop++) {
      if (hop > this.graph.maxHops) {
        const path = record.hops.filter((visit) => visit.turn === turn).map((visit) => visit.node);
        throw new GraphLoopError(this.graph.name, this.graph.maxHops, path);
      }
      context.payload = payload;
      context.from = from;
      const spec = (this.graph.plans.get(node) as NodePlan).node;
      // a function node with no chaos armed takes the quick path: synchronous when the node is
      const pending =
        record.armed.length === 0 && "run" in spec
          ? this.visitor.visitFunction(node, spec, context)
          : this.visitor.visit(node, context);
      const visit = pending instanceof Promise ? await pending : pending;
      record.hops.push(visit);
      if (visit.breaches.length > 0) record.breaches.push(...visit.breaches);
      if (context.messages.length > 0) produced.push(...context.messages);
      if (visit.error) {
        // a fallback edge takes a failed node's turn; without one the run ends `error`, naming the node
        const fallback = this.graph.plans.get(node)?.fallback;
        if (!fallback) throw new GraphNodeError(this.graph.name, node, turn, visit.error, context.cause);
        this.visitor.emitHandoff(input.scenarioState, node, fallback.to, "error");
        from = node;
        node = fallback.to;
        payload = { error: visit.error };
        continue;
      }
      const handoff = visit.handoff;
      if (!handoff) {
        record.lastAnswered = node;
        return produced.length > 0 ? produced : { role: "assistant", content: visit.reply ?? "" };
      }
      payload =
        record.armed.length === 0
          ? handoff.payload
          : this.visitor.edgeChaos(record, input.scenarioState, { from: node, to: handoff.to }, handoff.payload, turn);
      from = node;
      node = handoff.to;
    }
  }

  resultReport(state: ScenarioExecutionStateLike): GraphRunRecord | undefined {
    const record = this.records.get(state);
    if (!record) return undefined;
    return {
      graph: record.graph,
      version: record.version,
      hops: [...record.hops],
      breaches: [...record.breaches],
      chaos: [...record.chaos],
    };
  }
}

/** A behavioral graph as the agent under test (see `GraphAgent`). */
export function graphAgent(graph: Graph, options?: GraphAgentOptions): GraphAgent {
  return new GraphAgent(graph, options);
}
