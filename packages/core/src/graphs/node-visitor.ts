import type { DomainEvent, DomainEventPayload } from "../domain/event.js";
import type { ContractBreach, FunctionGraphNode, GraphHop, GraphNode, GraphNodeResult, NodeUsage } from "../domain/graph.js";
import { type ModelMessage, messageText, toolCallsOf } from "../domain/messages.js";
import type { AgentInput, ScenarioExecutionStateLike } from "../domain/scenario.js";
import { checkContract } from "./check-contract.js";
import { type CriteriaJudge, criteriaJudge } from "./contract-criteria.js";
import type { Graph } from "./define-graph.js";
import { type ArmedChaos, corrupted, type GraphChaos, malformed } from "./graph-chaos.js";
import type { FiredChaos, LiveRecord } from "./graph-run-record.js";
import { handoffTools, type RequestedHandoff, toolHandoff } from "./handoff-tools.js";
import { asMessages, normalise, runFunction, usageSince, withTimeout } from "./node-calls.js";
import { type NodePlan, routeOf } from "./routes.js";

/**
 * How a graph's nodes are visited (the `GraphAgent` drives it, one turn at a
 * time): the quick path for function nodes without chaos, the general path
 * for agent nodes (handoff tools added to the run's tools, handoff by tool or
 * route) and chaos (faults fired by their seeded triggers, logged and
 * streamed as `injection` events), and each visit's record and events.
 */
export class NodeVisitor {
  constructor(readonly graph: Graph) {}

  /** Node `name` and its ways out (every node has a plan: `defineGraph` made them). */
  private plan(name: string): NodePlan {
    return this.graph.plans.get(name) as NodePlan;
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

  /** The `handoff` event; `at` is the reading of the instant it happened in, when already taken (0: read now). */
  emitHandoff(
    state: ScenarioExecutionStateLike,
    from: string,
    to: string,
    by: "route" | "tool" | "function" | "error",
    at = 0,
  ): void {
    if (!emits(state)) return;
    const event: HandoffEvent = {
      type: "handoff",
      actor: "agent",
      graph: this.graph.name,
      from,
      to,
      by,
      turn: 0,
      timestamp: at,
      scenarioRunId: "",
    };
    state.emitEvent?.(event);
  }

  /**
   * A function node's visit without chaos: no wait unless the node returns a
   * promise or its contract has schemas (Ajv loads then), no objects beyond
   * the hop and its events.
   */
  visitFunction(name: string, node: FunctionGraphNode, visit: VisitContext): GraphHop | Promise<GraphHop> {
    const state = visit.input.scenarioState;
    const emitting = emits(state);
    if (emitting) state.emitEvent?.(this.started(name, visit));
    // the previous quick visit's closing reading, when only bookkeeping ran since (see `lastReading`)
    const started = visit.lastReading ?? performance.now();
    visit.lastReading = undefined;
    let running: GraphNodeResult | string | Promise<GraphNodeResult | string>;
    try {
      running = runFunction(node, visit);
    } catch (thrown) {
      return this.finishFunction(name, node, visit, started, undefined, thrown, false);
    }
    if (!(running instanceof Promise)) return this.finishFunction(name, node, visit, started, running, undefined, !emitting);
    return withTimeout(running, this.graph.limits?.nodeTimeoutMs).then(
      (result) => this.finishFunction(name, node, visit, started, result, undefined, false),
      (thrown: unknown) => this.finishFunction(name, node, visit, started, undefined, thrown, false),
    );
  }

  private finishFunction(
    name: string,
    node: FunctionGraphNode,
    visit: VisitContext,
    started: number,
    returned: GraphNodeResult | string | undefined,
    thrown: unknown,
    /** True when the node answered synchronously and no listener hears events: the closing reading may be reused. */
    quiet: boolean,
  ): GraphHop | Promise<GraphHop> {
    let reply: string | undefined;
    let handoff: GraphHop["handoff"];
    let failure = thrown;
    if (failure === undefined) {
      // a string is the reply (no object is made for it)
      const result = typeof returned === "string" ? undefined : (returned ?? noResult);
      reply = result ? result.reply : (returned as string);
      const plan = this.plan(name);
      if (result?.handoff !== undefined) {
        if (plan.targets.has(result.handoff)) handoff = { to: result.handoff, by: "function", payload: result.payload ?? reply };
        else failure = new Error(`handed off to ${JSON.stringify(result.handoff)}, which no edge from ${name} leads to`);
      } else if (reply !== undefined && plan.routes.length > 0) {
        const route = routeOf(plan.routes, reply);
        if (route) handoff = { to: route, by: "route", payload: reply };
      }
    }
    const ended = performance.now();
    const durationMs = ended - started;
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
    visit.messages = noMessages;
    visit.cause = failure;
    const contract = node.contract;
    if (quiet && error === undefined && !contract) visit.lastReading = ended;
    if (error !== undefined || !contract) return this.finished(visit, hop, noBreaches);
    const breaches = checkContract(name, contract, hop, contract.criteria ? this.judge(visit, node) : undefined);
    return breaches instanceof Promise
      ? breaches.then((found) => this.finished(visit, hop, found))
      : this.finished(visit, hop, breaches);
  }

  /**
   * A visit's `node_started`: the node, the turn, where it came from and what it was handed. Every key is in
   * the literal, the stamp's too (placeholders the run overwrites), so stamping never grows the object.
   */
  private started(name: string, visit: VisitContext): DomainEventPayload {
    const event: NodeStartedEvent = {
      type: "node_started",
      actor: "agent",
      graph: this.graph.name,
      node: name,
      turn: visit.turn,
      from: visit.from,
      input: visit.payload,
      timestamp: 0,
      scenarioRunId: "",
    };
    return event;
  }

  /** The visit's hop with its breaches, and its `node_finished` (and `handoff`) events. */
  private finished(visit: VisitContext, hop: GraphHop, breaches: readonly ContractBreach[]): GraphHop {
    const state = visit.input.scenarioState;
    const { handoff } = hop;
    if (emits(state)) {
      // every key in the literal, the stamp's placeholders too (see `started`)
      const finished: NodeFinishedEvent = {
        type: "node_finished",
        actor: "agent",
        graph: this.graph.name,
        node: hop.node,
        turn: hop.turn,
        durationMs: hop.durationMs,
        breaches: breaches.length === 0 ? (noBreaches as never) : breaches.map(({ rule, detail }) => ({ rule, detail })),
        output: hop.reply,
        handoffTo: handoff?.to,
        error: hop.error,
        timestamp: 0,
        scenarioRunId: "",
      };
      state.emitEvent?.(finished);
      // the handoff happens at the node's end: it shares the reading its node_finished was stamped with
      if (handoff) this.emitHandoff(state, hop.node, handoff.to, handoff.by, finished.timestamp);
    }
    return breaches.length === 0 ? hop : { ...hop, breaches };
  }

  /** Any node's visit, chaos included: its hop; its messages and what it threw are left in `visit`. */
  async visit(name: string, visit: VisitContext): Promise<GraphHop> {
    visit.lastReading = undefined;
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
          if (!this.plan(name).targets.has(result.handoff))
            throw new Error(`handed off to ${JSON.stringify(result.handoff)}, which no edge from ${name} leads to`);
          handoff = { to: result.handoff, by: "function", payload: result.payload ?? reply };
        }
      } else {
        const requested: RequestedHandoff = {};
        const tools = await handoffTools(this.plan(name), this.graph.nodes, visit.input.tools, requested);
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
        const handoffNames = new Set(this.plan(name).tools.map((edge) => edge.toolName));
        toolCalls = calls.map((call) => call.toolName).filter((tool) => !handoffNames.has(tool));
        reply =
          messages
            .filter((message) => message.role === "assistant")
            .map(messageText)
            .join("\n") || undefined;
        const byTool =
          requested.to !== undefined
            ? { to: requested.to, payload: requested.payload }
            : toolHandoff(
                this.plan(name),
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
        const route = routeOf(this.plan(name).routes, reply);
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
    visit.messages = handoff ? [] : messages;
    visit.cause = cause;
    return checked;
  }

  /** The judge of a node's `criteria`, made when a visit needs it. */
  private judge(visit: VisitContext, node: GraphNode): () => CriteriaJudge {
    return () => criteriaJudge(visit.input, node.description);
  }
}

const noBreaches: readonly ContractBreach[] = Object.freeze([]);

type NodeStartedEvent = Extract<DomainEvent, { type: "node_started" }>;
type NodeFinishedEvent = Extract<DomainEvent, { type: "node_finished" }>;
type HandoffEvent = Extract<DomainEvent, { type: "handoff" }>;

/** True when the run's events reach someone (a foreign state without `emitting` is taken at its word). */
function emits(state: ScenarioExecutionStateLike): boolean {
  return state.emitEvent !== undefined && state.emitting !== false;
}
const noTools: readonly string[] = Object.freeze([]);
const noMessages: ModelMessage[] = Object.freeze([]) as unknown as ModelMessage[];
const noResult: GraphNodeResult = Object.freeze({});

/**
 * What a node visit is given, and what it leaves besides its hop: one per
 * turn, updated per visit (visits run one at a time), so a visit makes no
 * outcome object of its own.
 */
export interface VisitContext {
  readonly input: AgentInput;
  payload: unknown;
  from: string | undefined;
  readonly turn: number;
  readonly record: LiveRecord;
  /** Set by the visit: the messages it answers the user with (none when it handed off). */
  messages: ModelMessage[];
  /** Set by the visit: what the node threw (undefined when it did not). */
  cause: unknown;
  /**
   * Set by a quick visit: the clock reading that ended it, when the next visit
   * may start from it. Only a synchronous function node with no contract and
   * no listener leaves one, so what runs before the next visit is the graph's
   * own bookkeeping (a fraction of a microsecond), not a wait, an event or a
   * check; a visit of any other kind clears it and reads the clock itself.
   */
  lastReading: number | undefined;
}
