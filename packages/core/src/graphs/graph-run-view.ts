import type { ContractBreach, GraphHop } from "../domain/graph.js";
import type { GraphOutline, GraphRunChaos, GraphRunView, GraphRunVisit } from "../domain/graph-outline.js";
import type { GraphRunRecord } from "./graph-run-record.js";

/** An event as a store or a stream holds it: its type and its payload (the domain fields). */
export interface StoredGraphEvent {
  readonly type: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

const graphEventTypes = new Set(["graph_started", "node_started", "node_finished", "handoff", "injection"]);

/**
 * The graph runs a run's events show (`graph_started`, `node_started`,
 * `node_finished`, `handoff` and `graph_fault` injections, in the run's
 * order), one per graph: the visits, the edges taken, each node's verdict
 * (`fail` for a contract breach, `error` for a failed visit) and where chaos
 * hit. Works on a live run too (a visit not yet finished is `running`).
 * Events of other types are ignored; malformed ones are skipped.
 */
export function graphRunsFromEvents(events: Iterable<StoredGraphEvent>): GraphRunView[] {
  const views = new Map<string, GraphRunView>();
  const open = new Map<string, GraphRunVisit>();
  let pendingChaos: string[] = [];
  const viewOf = (graph: string) => {
    let view = views.get(graph);
    if (!view) {
      view = { graph, outline: undefined, visits: [], edges: [], nodes: {}, chaos: [], answeredBy: undefined };
      views.set(graph, view);
    }
    return view;
  };
  for (const { type, payload } of events) {
    if (!graphEventTypes.has(type)) continue;
    if (type === "injection") {
      if (payload.injectionType !== "graph_fault") continue;
      const outcome = (payload.outcome ?? {}) as Record<string, unknown>;
      const fired: GraphRunChaos = {
        name: String(payload.injection ?? "chaos"),
        fault: String(outcome.fault ?? "unknown"),
        ...(typeof outcome.node === "string" ? { node: outcome.node } : {}),
        ...(typeof outcome.edge === "string" ? { edge: outcome.edge } : {}),
        ...(typeof payload.reason === "string" ? { reason: payload.reason } : {}),
      };
      // the fault belongs to the graph whose visit comes next; until then it waits
      pendingChaos.push(JSON.stringify(fired));
      continue;
    }
    const graph = payload.graph;
    if (typeof graph !== "string") continue;
    const view = viewOf(graph);
    if (type === "graph_started") {
      view.outline = payload.outline as GraphOutline;
      continue;
    }
    if (type === "node_started" && typeof payload.node === "string") {
      const visit: GraphRunVisit = {
        node: payload.node,
        turn: typeof payload.turn === "number" ? payload.turn : 0,
        tools: [],
        breaches: [],
        chaos: [],
        finished: false,
      };
      if (typeof payload.from === "string") visit.from = payload.from;
      if (payload.input !== undefined) visit.input = payload.input;
      for (const entry of pendingChaos) {
        const fired = JSON.parse(entry) as GraphRunChaos;
        view.chaos.push(fired);
        visit.chaos.push(fired.fault);
      }
      pendingChaos = [];
      view.visits.push(visit);
      open.set(`${graph}\u0000${payload.node}`, visit);
      continue;
    }
    if (type === "node_finished" && typeof payload.node === "string") {
      const key = `${graph}\u0000${payload.node}`;
      const visit = open.get(key);
      if (!visit) continue;
      open.delete(key);
      visit.finished = true;
      if (typeof payload.durationMs === "number") visit.durationMs = payload.durationMs;
      if (typeof payload.output === "string") visit.output = payload.output;
      if (Array.isArray(payload.tools)) visit.tools = payload.tools.map(String);
      if (typeof payload.usage === "object" && payload.usage !== null) visit.usage = payload.usage as GraphRunVisit["usage"];
      if (typeof payload.handoffTo === "string") visit.handoffTo = payload.handoffTo;
      if (typeof payload.error === "string") visit.error = payload.error;
      if (Array.isArray(payload.breaches))
        visit.breaches = payload.breaches.map((breach: { rule?: unknown; detail?: unknown }) => ({
          rule: String(breach?.rule),
          detail: String(breach?.detail),
        }));
      if (!visit.error && !visit.handoffTo) view.answeredBy = visit.node;
      continue;
    }
    if (type === "handoff" && typeof payload.from === "string" && typeof payload.to === "string") {
      const by = payload.by;
      const last = [...view.visits].reverse().find((visit) => visit.node === payload.from);
      if (last && (by === "route" || by === "tool" || by === "function" || by === "error")) {
        last.by = by;
        last.handoffTo = payload.to;
      }
      const taken = view.edges.find((edge) => edge.from === payload.from && edge.to === payload.to);
      if (taken) taken.count++;
      else view.edges.push({ from: payload.from, to: payload.to, count: 1 });
    }
  }
  for (const view of views.values()) view.nodes = verdictsOf(view);
  return [...views.values()];
}

function verdictsOf(view: GraphRunView): GraphRunView["nodes"] {
  const nodes: GraphRunView["nodes"] = {};
  for (const node of view.outline?.nodes ?? [])
    nodes[node.name] = { visits: 0, verdict: "unvisited", breaches: 0, errors: 0, chaos: 0 };
  for (const visit of view.visits) {
    const verdict = nodes[visit.node] ?? { visits: 0, verdict: "unvisited", breaches: 0, errors: 0, chaos: 0 };
    nodes[visit.node] = verdict;
    verdict.visits++;
    verdict.breaches += visit.breaches.length;
    verdict.errors += visit.error === undefined ? 0 : 1;
    verdict.chaos += visit.chaos.length;
  }
  for (const [name, verdict] of Object.entries(nodes)) {
    if (verdict.visits === 0) continue;
    const running = view.visits.some((visit) => visit.node === name && !visit.finished);
    verdict.verdict = verdict.errors > 0 ? "error" : verdict.breaches > 0 ? "fail" : running ? "running" : "pass";
  }
  return nodes;
}

/** A view as a run record, so `diffGraphRuns` compares two stored runs (handoff payloads are the next visit's input). */
export function recordOfView(view: GraphRunView): GraphRunRecord {
  const hops = view.visits.map((visit): GraphHop => {
    const breaches = visit.breaches.map(
      (breach): ContractBreach => ({
        node: visit.node,
        turn: visit.turn,
        rule: breach.rule as ContractBreach["rule"],
        detail: breach.detail,
      }),
    );
    return {
      node: visit.node,
      turn: visit.turn,
      from: visit.from,
      payload: visit.input,
      reply: visit.output,
      ...(visit.handoffTo && visit.by !== "error"
        ? { handoff: { to: visit.handoffTo, by: visit.by ?? "route", payload: undefined } }
        : {}),
      toolCalls: visit.tools,
      durationMs: visit.durationMs ?? 0,
      ...(visit.error === undefined ? {} : { error: visit.error }),
      breaches,
    };
  });
  return {
    graph: view.graph,
    version: view.outline?.version,
    hops,
    breaches: hops.flatMap((hop) => hop.breaches),
    chaos: view.chaos.map((fired) => ({
      name: fired.name,
      fault: fired.fault as GraphRunRecord["chaos"][number]["fault"],
      turn: 0,
      ...(fired.node ? { node: fired.node } : {}),
      reason: fired.reason ?? "",
    })),
  };
}
