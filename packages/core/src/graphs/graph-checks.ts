import { check } from "../agents/judge/checks.js";
import type { Check } from "../domain/criteria.js";
import type { GraphHop } from "../domain/graph.js";
import type { ScenarioExecutionStateLike } from "../domain/scenario.js";
import { GraphAgent, type GraphRunRecord } from "./graph-agent.js";

/** The graph run record of the scenario `state` is in (its graph agent), or a reason there is none. */
function recordIn(state: ScenarioExecutionStateLike): GraphRunRecord | string {
  const graph = state.config.agents.find((agent): agent is GraphAgent => agent instanceof GraphAgent);
  if (!graph) return "the scenario's agent under test is not a graph (graphAgent(defineGraph(…)))";
  return graph.recordOf(state);
}

function graphCheck(name: string, grade: (hops: GraphHop[], record: GraphRunRecord) => true | string): Check {
  return check(name, (state) => {
    const record = recordIn(state);
    if (typeof record === "string") return { met: false, reason: record };
    const verdict = grade(record.hops, record);
    return verdict === true ? { met: true } : { met: false, reason: verdict };
  });
}

const pathOf = (hops: readonly GraphHop[]) => hops.map((hop) => hop.node).join(" → ") || "(no node ran)";
const lastTurn = (hops: readonly GraphHop[]) => hops.filter((hop) => hop.turn === hops.at(-1)?.turn);

/**
 * Deterministic checks over the path a graph run took, for judges'
 * criteria (`deterministicJudge({ criteria: [graphChecks.answeredBy("refunds")] })`).
 * A failed one says what the path was.
 */
export const graphChecks = Object.freeze({
  /** `node` ran at least once. */
  visited: (node: string) =>
    graphCheck(`graph visited ${node}`, (hops) => hops.some((hop) => hop.node === node) || `path was ${pathOf(hops)}`),
  /** `node` never ran. */
  notVisited: (node: string) =>
    graphCheck(`graph never visited ${node}`, (hops) => {
      const hop = hops.find((candidate) => candidate.node === node);
      return hop === undefined || `${node} ran in turn ${hop.turn + 1} (path ${pathOf(hops)})`;
    }),
  /** These nodes ran in this order (others may run between them). */
  visitedInOrder: (nodes: readonly string[]) =>
    graphCheck(`graph visited ${nodes.join(", then ")}`, (hops) => {
      let at = 0;
      for (const hop of hops) if (hop.node === nodes[at]) at++;
      return (
        at >= nodes.length ||
        `${nodes[at]} did not run after ${nodes.slice(0, at).join(", ") || "the start"} (path ${pathOf(hops)})`
      );
    }),
  /** `from` handed off to `to` (at least once). */
  handedOff: (from: string, to: string) =>
    graphCheck(`graph: ${from} handed off to ${to}`, (hops) => {
      const made = hops.filter((hop) => hop.node === from && hop.handoff).map((hop) => hop.handoff?.to);
      if (made.includes(to)) return true;
      return made.length > 0
        ? `${from} handed off to ${[...new Set(made)].join(", ")}, not ${to} (path ${pathOf(hops)})`
        : `${from} did not hand off (path ${pathOf(hops)})`;
    }),
  /** The node that answered the user in the last turn. */
  answeredBy: (node: string) =>
    graphCheck(`graph's answer came from ${node}`, (hops) => {
      const answer = [...hops].reverse().find((hop) => !hop.handoff);
      return answer?.node === node || `the answer came from ${answer?.node ?? "no node"} (last turn: ${pathOf(lastTurn(hops))})`;
    }),
  /** How many handoffs the run made in all. */
  handoffs: (bounds: { atMost?: number; atLeast?: number; exactly?: number }) =>
    graphCheck(`graph handoffs ${JSON.stringify(bounds)}`, (hops) => {
      const count = hops.filter((hop) => hop.handoff).length;
      const holds =
        (bounds.exactly === undefined || count === bounds.exactly) &&
        (bounds.atMost === undefined || count <= bounds.atMost) &&
        (bounds.atLeast === undefined || count >= bounds.atLeast);
      return holds || `${count} handoffs (path ${pathOf(hops)})`;
    }),
  /** No node ran twice in one turn. */
  noLoops: () =>
    graphCheck("graph made no loops", (hops) => {
      const seen = new Set<string>();
      for (const hop of hops) {
        const key = `${hop.turn}:${hop.node}`;
        if (seen.has(key))
          return `${hop.node} ran twice in turn ${hop.turn + 1} (${pathOf(hops.filter((other) => other.turn === hop.turn))})`;
        seen.add(key);
      }
      return true;
    }),
  /**
   * The environment's end state meets `holds` (true, or a reason it does not):
   * what the nodes did to the world, checked after the path.
   *
   * @example
   * graphChecks.endState("one refund issued", (state) => (state.refunds as unknown[]).length === 1 || `refunds: ${JSON.stringify(state.refunds)}`)
   */
  endState: (description: string, holds: (state: Readonly<Record<string, unknown>>) => true | string) =>
    check(`graph end state: ${description}`, (state) => {
      const environment = state.environment;
      if (!environment) return { met: false, reason: "the run has no environment (give the scenario one)" };
      const verdict = holds(environment.state);
      return verdict === true ? { met: true } : { met: false, reason: verdict };
    }),
  /** Every node kept its contract; a breach names the node, the turn and the rule. */
  contractsHeld: () =>
    graphCheck("graph nodes kept their contracts", (_hops, record) => {
      const [first] = record.breaches;
      if (!first) return true;
      const more = record.breaches.length > 1 ? ` (and ${record.breaches.length - 1} more)` : "";
      return `${first.node} broke its contract in turn ${first.turn + 1} (${first.rule}): ${first.detail}${more}`;
    }),
});
