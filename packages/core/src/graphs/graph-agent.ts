import { AgentAdapter } from "../domain/agent.js";
import type { DomainEventPayload } from "../domain/event.js";
import type { ContractBreach, FunctionGraphNode, GraphHop, GraphNode, GraphNodeResult } from "../domain/graph.js";
import { type ModelMessage, messageText, toolCallsOf } from "../domain/messages.js";
import { AgentRole } from "../domain/roles.js";
import type { AgentInput, AgentReturnTypes, ScenarioExecutionStateLike } from "../domain/scenario.js";
import type { ScenarioToolSet } from "../domain/tools.js";
import { checkContract } from "./check-contract.js";
import type { Graph } from "./define-graph.js";
import { type ArmedChaos, armChaos, checkChaos, corrupted, type GraphChaos, malformed } from "./graph-chaos.js";
import { GraphLoopError, GraphNodeError } from "./graph-run-errors.js";
import { routeOf } from "./routes.js";

/** What a graph run recorded: every node visit of every turn, and the contracts broken. */
export interface GraphRunRecord {
  readonly graph: string;
  readonly version: string | undefined;
  readonly hops: GraphHop[];
  readonly breaches: ContractBreach[];
  /** Chaos faults that fired, in order. */
  readonly chaos: FiredChaos[];
}

/** A run's record with what only the agent needs: the armed chaos and where the last answer came from. */
interface LiveRecord extends GraphRunRecord {
  lastAnswered?: string;
  readonly armed: ArmedChaos[];
  readonly startedAt: number;
}

/** Options of `graphAgent`. */
export interface GraphAgentOptions {
  /** Where a user turn starts: the entry node (default), or the node that answered the previous turn. */
  startAt?: "entry" | "last-answered";
  /** Faults at nodes and on edges (see `GraphChaos`), drawn from the run's seed. */
  chaos?: readonly GraphChaos[];
}

/** A chaos fault that fired, as the run record and the `injection` event carry it. */
export interface FiredChaos {
  readonly name: string;
  readonly fault: GraphChaos["fault"];
  readonly turn: number;
  readonly node?: string;
  readonly edge?: { readonly from: string; readonly to: string };
  readonly reason: string;
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

  constructor(
    graph: Graph,
    private readonly options: GraphAgentOptions = {},
  ) {
    super();
    this.graph = graph;
    this.name = graph.name;
    if (options.chaos) checkChaos(options.chaos, Object.keys(graph.nodes));
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
        armed: armChaos(this.options.chaos ?? [], state.seed),
        startedAt: performance.now(),
      };
      this.records.set(state, record);
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
    for (let hop = 0; ; hop++) {
      if (hop > this.graph.maxHops) {
        const path = record.hops.filter((visit) => visit.turn === turn).map((visit) => visit.node);
        throw new GraphLoopError(this.graph.name, this.graph.maxHops, path);
      }
      const context = { input, payload, from, turn, record };
      const spec = this.graph.nodes[node] as GraphNode;
      // a function node with no chaos armed takes the quick path: synchronous when the node is
      const pending =
        record.armed.length === 0 && "run" in spec ? this.visitFunction(node, spec, context) : this.visit(node, context);
      const visit = pending instanceof Promise ? await pending : pending;
      record.hops.push(visit.hop);
      record.breaches.push(...visit.hop.breaches);
      produced.push(...visit.messages);
      if (visit.hop.error) {
        // a fallback edge takes a failed node's turn; without one the run ends `error`, naming the node
        const fallback = this.graph.edges.find((edge) => edge.from === node && edge.onError);
        if (!fallback) throw new GraphNodeError(this.graph.name, node, turn, visit.hop.error, visit.cause);
        this.emitHandoff(input.scenarioState, node, fallback.to, "error");
        from = node;
        node = fallback.to;
        payload = { error: visit.hop.error };
        continue;
      }
      const handoff = visit.hop.handoff;
      if (!handoff) {
        record.lastAnswered = node;
        return produced.length > 0 ? produced : { role: "assistant", content: visit.hop.reply ?? "" };
      }
      payload = this.edgeChaos(record, input.scenarioState, { from: node, to: handoff.to }, handoff.payload, turn);
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

  /** The payload after the chaos on edge `edge` (if a fault there fires: dropped or corrupted). */
  private edgeChaos(
    record: LiveRecord,
    state: ScenarioExecutionStateLike,
    edge: { from: string; to: string },
    payload: unknown,
    turn: number,
  ): unknown {
    const fired = this.fire(record, state, turn, (spec) => spec.edge?.from === edge.from && spec.edge.to === edge.to);
    if (!fired) return payload;
    return fired.spec.fault === "drop_payload" ? undefined : corrupted(payload);
  }

  /** The first armed chaos entry that matches and whose trigger fires now: logged and streamed as an `injection`. */
  private fire(
    record: LiveRecord,
    state: ScenarioExecutionStateLike,
    turn: number,
    matches: (spec: GraphChaos) => boolean,
  ): ArmedChaos | undefined {
    if (record.armed.length === 0) return undefined;
    for (const armed of record.armed) {
      if (!matches(armed.spec)) continue;
      const decision = armed.trigger.evaluate({
        now: (performance.now() - record.startedAt) / 1000,
        eventCounts: { node_started: record.hops.length, handoff: record.hops.filter((hop) => hop.handoff).length },
        totalEvents: record.hops.length,
      });
      if (!decision.fired) continue;
      const { spec } = armed;
      const fired: FiredChaos = {
        name: armed.name,
        fault: spec.fault,
        turn,
        ...(spec.node ? { node: spec.node } : {}),
        ...(spec.edge ? { edge: { ...spec.edge } } : {}),
        reason: decision.reason,
      };
      record.chaos.push(fired);
      state.emitEvent?.({
        type: "injection",
        actor: "system",
        injection: armed.name,
        injectionType: "graph_fault",
        reason: decision.reason,
        outcome: { fault: spec.fault, ...(spec.node ? { node: spec.node } : { edge: `${spec.edge?.from}→${spec.edge?.to}` }) },
      });
      return armed;
    }
    return undefined;
  }

  private emitHandoff(state: ScenarioExecutionStateLike, from: string, to: string, by: "route" | "tool" | "function" | "error") {
    state.emitEvent?.({ type: "handoff", actor: "agent", graph: this.graph.name, from, to, by });
  }

  /**
   * A function node's visit without chaos: no wait unless the node returns a
   * promise or its contract has schemas (Ajv loads then), no objects beyond
   * the hop and its events.
   */
  private visitFunction(name: string, node: FunctionGraphNode, visit: VisitContext): VisitOutcome | Promise<VisitOutcome> {
    const state = visit.input.scenarioState;
    state.emitEvent?.(
      visit.from
        ? { type: "node_started", actor: "agent", graph: this.graph.name, node: name, from: visit.from }
        : { type: "node_started", actor: "agent", graph: this.graph.name, node: name },
    );
    const started = performance.now();
    let running: GraphNodeResult | string | Promise<GraphNodeResult | string>;
    try {
      running = runFunction(node, visit);
    } catch (thrown) {
      return this.finishFunction(name, node, visit, started, undefined, thrown);
    }
    if (!(running instanceof Promise)) return this.finishFunction(name, node, visit, started, running, undefined);
    return withTimeout(running, this.graph.limits?.nodeTimeoutMs).then(
      (result) => this.finishFunction(name, node, visit, started, result, undefined),
      (thrown: unknown) => this.finishFunction(name, node, visit, started, undefined, thrown),
    );
  }

  private finishFunction(
    name: string,
    node: FunctionGraphNode,
    visit: VisitContext,
    started: number,
    returned: GraphNodeResult | string | undefined,
    thrown: unknown,
  ): VisitOutcome | Promise<VisitOutcome> {
    let reply: string | undefined;
    let handoff: GraphHop["handoff"];
    let failure = thrown;
    if (failure === undefined) {
      const result = normalise(returned as GraphNodeResult | string);
      reply = result.reply;
      if (result.handoff !== undefined) {
        if (this.graph.edges.some((edge) => edge.from === name && edge.to === result.handoff))
          handoff = { to: result.handoff, by: "function", payload: result.payload ?? reply };
        else failure = new Error(`handed off to ${JSON.stringify(result.handoff)}, which no edge from ${name} leads to`);
      } else if (reply !== undefined) {
        const route = routeOf(this.graph.edges, name, reply);
        if (route) handoff = { to: route, by: "route", payload: reply };
      }
    }
    const durationMs = performance.now() - started;
    const error = failure === undefined ? undefined : failure instanceof Error ? failure.message : String(failure);
    const hop: GraphHop =
      error !== undefined
        ? {
            node: name,
            turn: visit.turn,
            from: visit.from,
            payload: visit.payload,
            reply,
            toolCalls: noTools,
            durationMs,
            error,
            breaches: noBreaches,
          }
        : handoff
          ? {
              node: name,
              turn: visit.turn,
              from: visit.from,
              payload: visit.payload,
              reply,
              handoff,
              toolCalls: noTools,
              durationMs,
              breaches: noBreaches,
            }
          : {
              node: name,
              turn: visit.turn,
              from: visit.from,
              payload: visit.payload,
              reply,
              toolCalls: noTools,
              durationMs,
              breaches: noBreaches,
            };
    const messages: ModelMessage[] = [];
    const contract = node.contract;
    if (error !== undefined || !contract) return this.finished(visit, hop, noBreaches, messages, failure);
    const breaches = checkContract(name, contract, hop);
    return breaches instanceof Promise
      ? breaches.then((found) => this.finished(visit, hop, found, messages, failure))
      : this.finished(visit, hop, breaches, messages, failure);
  }

  /** The visit's outcome with its breaches, and its `node_finished` (and `handoff`) events. */
  private finished(
    visit: VisitContext,
    hop: GraphHop,
    breaches: readonly ContractBreach[],
    messages: ModelMessage[],
    cause: unknown,
  ): VisitOutcome {
    const state = visit.input.scenarioState;
    const { handoff } = hop;
    if (state.emitEvent) {
      const finished: DomainEventPayload = {
        type: "node_finished",
        actor: "agent",
        graph: this.graph.name,
        node: hop.node,
        durationMs: hop.durationMs,
        breaches: breaches.length === 0 ? [] : breaches.map(({ rule, detail }) => ({ rule, detail })),
      };
      if (handoff) finished.handoffTo = handoff.to;
      if (hop.error !== undefined) finished.error = hop.error;
      state.emitEvent(finished);
      if (handoff) this.emitHandoff(state, hop.node, handoff.to, handoff.by);
    }
    const checked = breaches.length === 0 ? hop : { ...hop, breaches };
    return cause === undefined ? { hop: checked, messages } : { hop: checked, messages, cause };
  }

  private async visit(name: string, visit: VisitContext): Promise<VisitOutcome> {
    const chaos = this.fire(visit.record, visit.input.scenarioState, visit.turn, (spec) => spec.node === name);
    const fault = chaos?.spec.fault;
    const node = (fault === "adversarial" ? chaos?.spec.replacement : this.graph.nodes[name]) as GraphNode;
    const contract = this.graph.nodes[name]?.contract;
    const state = visit.input.scenarioState;
    const graph = this.graph.name;
    state.emitEvent?.({ type: "node_started", actor: "agent", graph, node: name, ...(visit.from ? { from: visit.from } : {}) });
    const started = performance.now();
    let reply: string | undefined;
    let messages: ModelMessage[] = [];
    let handoff: GraphHop["handoff"];
    let toolCalls: string[] = [];
    let error: string | undefined;
    let cause: unknown;
    try {
      if (fault === "error") throw new Error(`chaos: ${chaos?.spec.message ?? "injected node error"}`);
      if (fault === "timeout") {
        const limit = this.graph.limits?.nodeTimeoutMs ?? 1000;
        await new Promise((resolve) => setTimeout(resolve, limit));
        throw new Error(`took longer than limits.nodeTimeoutMs (${limit} ms) (chaos: it never answered)`);
      }
      if (fault === "slow") await new Promise((resolve) => setTimeout(resolve, chaos?.spec.delayMs ?? 0));
      if ("run" in node) {
        const running = runFunction(node, visit);
        // a synchronous node's result needs no wait (and no timer)
        const result = normalise(
          running instanceof Promise ? await withTimeout(running, this.graph.limits?.nodeTimeoutMs) : running,
        );
        reply = result.reply;
        if (result.handoff !== undefined) {
          if (!this.graph.edges.some((edge) => edge.from === name && edge.to === result.handoff))
            throw new Error(`handed off to ${JSON.stringify(result.handoff)}, which no edge from ${name} leads to`);
          handoff = { to: result.handoff, by: "function", payload: result.payload ?? reply };
        }
      } else {
        const requested: { to?: string; payload?: unknown } = {};
        const tools = await this.handoffTools(name, visit.input.tools, requested);
        const returned = await withTimeout(
          node.agent.call({ ...visit.input, ...(tools ? { tools } : {}) }),
          this.graph.limits?.nodeTimeoutMs,
        );
        messages = asMessages(returned);
        const calls = messages.flatMap(toolCallsOf);
        // the tools it used, handoff tools aside (those are edges, not tools)
        const handoffNames = new Set(this.graph.edges.filter((edge) => edge.from === name).map((edge) => edge.toolName));
        toolCalls = calls.map((call) => call.toolName).filter((tool) => !handoffNames.has(tool));
        reply =
          messages
            .filter((message) => message.role === "assistant")
            .map(messageText)
            .join("\n") || undefined;
        const byTool =
          requested.to !== undefined
            ? { to: requested.to, payload: requested.payload }
            : this.toolHandoff(
                name,
                calls.map((call) => ({ toolName: call.toolName, input: call.input })),
              );
        if (byTool) handoff = { to: byTool.to, by: "tool", payload: byTool.payload };
        // a handoff's own tool-call messages stay inside the graph: the user sees only answers
        if (handoff) messages = messages.filter((message) => toolCallsOf(message).length === 0 && message.role !== "tool");
      }
      if (fault === "malformed_output") {
        reply = malformed(reply);
        handoff = undefined;
        messages = [{ role: "assistant", content: reply }];
      }
      if (!handoff && reply !== undefined) {
        const route = routeOf(this.graph.edges, name, reply);
        if (route) handoff = { to: route, by: "route", payload: reply };
      }
    } catch (thrown) {
      error = thrown instanceof Error ? thrown.message : String(thrown);
      cause = thrown;
    }
    const durationMs = performance.now() - started;
    const hop: GraphHop = {
      node: name,
      turn: visit.turn,
      from: visit.from,
      payload: visit.payload,
      reply,
      ...(handoff ? { handoff } : {}),
      toolCalls,
      durationMs,
      ...(error ? { error } : {}),
      breaches: noBreaches,
    };
    const breaches = error || !contract ? noBreaches : await checkContract(name, contract, hop);
    const checked = breaches === noBreaches ? hop : { ...hop, breaches };
    state.emitEvent?.({
      type: "node_finished",
      actor: "agent",
      graph,
      node: name,
      durationMs,
      ...(handoff ? { handoffTo: handoff.to } : {}),
      ...(error ? { error } : {}),
      breaches: breaches.length === 0 ? [] : breaches.map(({ rule, detail }) => ({ rule, detail })),
    });
    if (handoff) this.emitHandoff(state, name, handoff.to, handoff.by);
    return { hop: checked, messages: handoff ? [] : messages, ...(cause ? { cause } : {}) };
  }

  /** The node's handoff tools, added to the run's tools; calling one records the handoff. */
  private async handoffTools(
    name: string,
    given: ScenarioToolSet | undefined,
    requested: { to?: string; payload?: unknown },
  ): Promise<ScenarioToolSet | undefined> {
    const edges = this.graph.edges.filter((edge) => edge.from === name && edge.toolName);
    if (edges.length === 0) return given;
    const { jsonSchema } = await import("ai");
    const tools: ScenarioToolSet = { ...given };
    for (const edge of edges) {
      const target = this.graph.nodes[edge.to];
      tools[edge.toolName as string] = {
        description: `Hand the conversation to ${edge.to}${target?.description ? `: ${target.description}` : ""}. Call it instead of answering when ${edge.to} should take over.`,
        inputSchema: jsonSchema({
          type: "object",
          properties: { reason: { type: "string", description: `What ${edge.to} needs to know` } },
          additionalProperties: true,
        }),
        execute: (input: unknown) => {
          requested.to ??= edge.to;
          requested.payload ??= input;
          return `Handed off to ${edge.to}.`;
        },
      };
    }
    return tools;
  }

  /** A handoff tool among the calls the node returned (agents that return tool calls rather than running them). */
  private toolHandoff(name: string, calls: { toolName: string; input: unknown }[]): { to: string; payload: unknown } | undefined {
    for (const call of calls) {
      const edge = this.graph.edges.find((candidate) => candidate.from === name && candidate.toolName === call.toolName);
      if (edge) return { to: edge.to, payload: call.input };
    }
    return undefined;
  }
}

const noBreaches: readonly ContractBreach[] = Object.freeze([]);
const noTools: readonly string[] = Object.freeze([]);

/** What a node visit is given. */
interface VisitContext {
  readonly input: AgentInput;
  readonly payload: unknown;
  readonly from: string | undefined;
  readonly turn: number;
  readonly record: LiveRecord;
}

/** A finished visit: its hop, the messages it answers with (none when it handed off), what it threw. */
interface VisitOutcome {
  readonly hop: GraphHop;
  readonly messages: ModelMessage[];
  readonly cause?: unknown;
}

/** A behavioral graph as the agent under test (see `GraphAgent`). */
export function graphAgent(graph: Graph, options?: GraphAgentOptions): GraphAgent {
  return new GraphAgent(graph, options);
}

function normalise(result: GraphNodeResult | string): GraphNodeResult {
  return typeof result === "string" ? { reply: result } : (result ?? {});
}

/**
 * Runs a function node. Its `signal` is the run's, read only if the node reads
 * it (making a run's abort signal costs more than a model-free visit).
 */
function runFunction(
  node: FunctionGraphNode,
  visit: { input: AgentInput; payload: unknown; from: string | undefined },
): GraphNodeResult | string | Promise<GraphNodeResult | string> {
  const { input } = visit;
  return node.run({
    messages: input.messages,
    payload: visit.payload,
    from: visit.from,
    get signal() {
      return input.signal;
    },
  });
}

async function withTimeout<Value>(running: Promise<Value>, timeoutMs: number | undefined): Promise<Value> {
  if (!timeoutMs) return running;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`took longer than limits.nodeTimeoutMs (${timeoutMs} ms)`)), timeoutMs);
  });
  try {
    return await Promise.race([running, limit]);
  } finally {
    clearTimeout(timer);
  }
}

function asMessages(returned: AgentReturnTypes): ModelMessage[] {
  if (returned === null || returned === undefined) return [];
  if (typeof returned === "string") return [{ role: "assistant", content: returned }];
  if (Array.isArray(returned)) return returned as ModelMessage[];
  if ("role" in (returned as object)) return [returned as ModelMessage];
  throw new Error("a graph node returned a verdict, not a reply");
}
