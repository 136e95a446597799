import type { DomainEventPayload } from "../domain/event.js";
import type { ContractBreach, FunctionGraphNode, GraphHop, GraphNode, GraphNodeResult, NodeUsage } from "../domain/graph.js";
import { type ModelMessage, messageText, toolCallsOf } from "../domain/messages.js";
import type { AgentInput, ScenarioExecutionStateLike } from "../domain/scenario.js";
import type { ScenarioToolSet } from "../domain/tools.js";
import { checkContract } from "./check-contract.js";
import { type CriteriaJudge, criteriaJudge } from "./contract-criteria.js";
import type { Graph } from "./define-graph.js";
import { type ArmedChaos, corrupted, type GraphChaos, malformed } from "./graph-chaos.js";
import type { FiredChaos, LiveRecord } from "./graph-run-record.js";
import { asMessages, normalise, runFunction, usageSince, withTimeout } from "./node-calls.js";
import { routeOf } from "./routes.js";

/**
 * How a graph's nodes are visited (the `GraphAgent` drives it, one turn at a
 * time): the quick path for function nodes without chaos, the general path
 * for agent nodes (handoff tools added to the run's tools, handoff by tool or
 * route) and chaos (faults fired by their seeded triggers, logged and
 * streamed as `injection` events), and each visit's record and events.
 */
export class NodeVisitor {
  /** Where each node's edges lead: a function node's `{ handoff }` is checked here without a scan. */
  private readonly targets = new Map<string, Set<string>>();

  constructor(readonly graph: Graph) {
    for (const edge of graph.edges) {
      const targets = this.targets.get(edge.from) ?? new Set<string>();
      targets.add(edge.to);
      this.targets.set(edge.from, targets);
    }
  }

  /** True when an edge leads from `from` to `to`. */
  private leads(from: string, to: string): boolean {
    return this.targets.get(from)?.has(to) === true;
  }

  /** The payload after the chaos on edge `edge` (if a fault there fires: dropped or corrupted). */
  edgeChaos(
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
  fire(
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

  emitHandoff(state: ScenarioExecutionStateLike, from: string, to: string, by: "route" | "tool" | "function" | "error") {
    if (emits(state)) state.emitEvent?.({ type: "handoff", actor: "agent", graph: this.graph.name, from, to, by });
  }

  /**
   * A function node's visit without chaos: no wait unless the node returns a
   * promise or its contract has schemas (Ajv loads then), no objects beyond
   * the hop and its events.
   */
  visitFunction(name: string, node: FunctionGraphNode, visit: VisitContext): VisitOutcome | Promise<VisitOutcome> {
    const state = visit.input.scenarioState;
    if (emits(state)) state.emitEvent?.(this.started(name, visit));
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
        if (this.leads(name, result.handoff)) handoff = { to: result.handoff, by: "function", payload: result.payload ?? reply };
        else failure = new Error(`handed off to ${JSON.stringify(result.handoff)}, which no edge from ${name} leads to`);
      } else if (reply !== undefined) {
        const route = routeOf(this.graph.edges, name, reply);
        if (route) handoff = { to: route, by: "route", payload: reply };
      }
    }
    const durationMs = performance.now() - started;
    const error = failure === undefined ? undefined : failure instanceof Error ? failure.message : String(failure);
    // one shape, optional fields assigned (not spread): this is the per-visit hot path
    const hop: { -readonly [Key in keyof GraphHop]: GraphHop[Key] } = {
      node: name,
      turn: visit.turn,
      from: visit.from,
      payload: visit.payload,
      reply,
      toolCalls: noTools,
      durationMs,
      breaches: noBreaches,
    };
    if (error !== undefined) hop.error = error;
    else if (handoff) hop.handoff = handoff;
    // a function node answers through its reply, never with messages: one shared empty list
    const messages = noMessages;
    const contract = node.contract;
    if (error !== undefined || !contract) return this.finished(visit, hop, noBreaches, messages, failure);
    const breaches = checkContract(name, contract, hop, contract.criteria ? this.judge(visit, node) : undefined);
    return breaches instanceof Promise
      ? breaches.then((found) => this.finished(visit, hop, found, messages, failure))
      : this.finished(visit, hop, breaches, messages, failure);
  }

  /** A visit's `node_started`: the node, the turn, where it came from and what it was handed. */
  private started(name: string, visit: VisitContext): DomainEventPayload {
    const event: DomainEventPayload = {
      type: "node_started",
      actor: "agent",
      graph: this.graph.name,
      node: name,
      turn: visit.turn,
    };
    if (visit.from !== undefined) event.from = visit.from;
    if (visit.payload !== undefined) event.input = visit.payload;
    return event;
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
    if (emits(state)) {
      const finished: DomainEventPayload = {
        type: "node_finished",
        actor: "agent",
        graph: this.graph.name,
        node: hop.node,
        turn: hop.turn,
        durationMs: hop.durationMs,
        breaches: breaches.length === 0 ? (noBreaches as never) : breaches.map(({ rule, detail }) => ({ rule, detail })),
      };
      if (hop.reply !== undefined) finished.output = hop.reply;
      if (handoff) finished.handoffTo = handoff.to;
      if (hop.error !== undefined) finished.error = hop.error;
      state.emitEvent?.(finished);
      if (handoff) this.emitHandoff(state, hop.node, handoff.to, handoff.by);
    }
    const checked = breaches.length === 0 ? hop : { ...hop, breaches };
    return cause === undefined ? { hop: checked, messages } : { hop: checked, messages, cause };
  }

  async visit(name: string, visit: VisitContext): Promise<VisitOutcome> {
    const chaos = this.fire(visit.record, visit.input.scenarioState, visit.turn, (spec) => spec.node === name);
    const fault = chaos?.spec.fault;
    const node = (fault === "adversarial" ? chaos?.spec.replacement : this.graph.nodes[name]) as GraphNode;
    const contract = this.graph.nodes[name]?.contract;
    const state = visit.input.scenarioState;
    const graph = this.graph.name;
    if (emits(state)) state.emitEvent?.(this.started(name, visit));
    const started = performance.now();
    let reply: string | undefined;
    let messages: ModelMessage[] = [];
    let handoff: GraphHop["handoff"];
    let toolCalls: string[] = [];
    let error: string | undefined;
    let cause: unknown;
    let usage: NodeUsage | undefined;
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
          if (!this.leads(name, result.handoff))
            throw new Error(`handed off to ${JSON.stringify(result.handoff)}, which no edge from ${name} leads to`);
          handoff = { to: result.handoff, by: "function", payload: result.payload ?? reply };
        }
      } else {
        const requested: { to?: string; payload?: unknown } = {};
        const tools = await this.handoffTools(name, visit.input.tools, requested);
        const before = visit.input.models?.usage?.();
        try {
          const returned = await withTimeout(
            node.agent.call({ ...visit.input, ...(tools ? { tools } : {}) }),
            this.graph.limits?.nodeTimeoutMs,
          );
          messages = asMessages(returned);
        } finally {
          usage = usageSince(before, visit.input.models?.usage?.());
        }
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
      ...(usage ? { usage } : {}),
      ...(error ? { error } : {}),
      breaches: noBreaches,
    };
    const original = this.graph.nodes[name] as GraphNode;
    const breaches =
      error || !contract
        ? noBreaches
        : await checkContract(name, contract, hop, contract.criteria ? this.judge(visit, original) : undefined);
    const checked = breaches === noBreaches ? hop : { ...hop, breaches };
    state.emitEvent?.({
      type: "node_finished",
      actor: "agent",
      graph,
      node: name,
      turn: visit.turn,
      durationMs,
      ...(reply === undefined ? {} : { output: reply }),
      ...(toolCalls.length > 0 ? { tools: toolCalls } : {}),
      ...(usage ? { usage } : {}),
      ...(handoff ? { handoffTo: handoff.to } : {}),
      ...(error ? { error } : {}),
      breaches: breaches.length === 0 ? [] : breaches.map(({ rule, detail }) => ({ rule, detail })),
    });
    if (handoff) this.emitHandoff(state, name, handoff.to, handoff.by);
    return { hop: checked, messages: handoff ? [] : messages, ...(cause ? { cause } : {}) };
  }

  /** The judge of a node's `criteria`, made when a visit needs it. */
  private judge(visit: VisitContext, node: GraphNode): () => CriteriaJudge {
    return () => criteriaJudge(visit.input, node.description);
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

/** True when the run's events reach someone (a foreign state without `emitting` is taken at its word). */
function emits(state: ScenarioExecutionStateLike): boolean {
  return state.emitEvent !== undefined && state.emitting !== false;
}
const noTools: readonly string[] = Object.freeze([]);
const noMessages: ModelMessage[] = Object.freeze([]) as unknown as ModelMessage[];

/** What a node visit is given. */
export interface VisitContext {
  readonly input: AgentInput;
  readonly payload: unknown;
  readonly from: string | undefined;
  readonly turn: number;
  readonly record: LiveRecord;
}

/** A finished visit: its hop, the messages it answers with (none when it handed off), what it threw. */
export interface VisitOutcome {
  readonly hop: GraphHop;
  readonly messages: ModelMessage[];
  readonly cause?: unknown;
}
