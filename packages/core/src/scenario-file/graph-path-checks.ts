/**
 * A scenario file's checks over a graph's path (`agent: { graph, checks }`):
 * the `graphChecks` they stand for, and the node names they use checked
 * against the graph once it has loaded (each at its line, with a suggestion).
 */
import type { z } from "zod";
import type { Check } from "../domain/criteria.js";
import { closestMatch } from "../domain/did-you-mean.js";
import { graphChecks } from "../graphs/graph-checks.js";
import type { graphPathChecksSchema } from "./schema.js";

export type GraphPathChecks = z.output<typeof graphPathChecksSchema>;

/** The checks `checks` asks for, in the order of its keys' meaning (visits, handoffs, answer, loops, contracts). */
export function graphCriteriaOf(checks: GraphPathChecks): Check[] {
  const criteria: Check[] = [];
  for (const node of checks.visited ?? []) criteria.push(graphChecks.visited(node));
  for (const node of checks.not_visited ?? []) criteria.push(graphChecks.notVisited(node));
  if (checks.visited_in_order) criteria.push(graphChecks.visitedInOrder(checks.visited_in_order));
  for (const { from, to } of checks.handed_off ?? []) criteria.push(graphChecks.handedOff(from, to));
  if (checks.answered_by) criteria.push(graphChecks.answeredBy(checks.answered_by));
  if (checks.handoffs) {
    const { at_most: atMost, at_least: atLeast, exactly } = checks.handoffs;
    criteria.push(
      graphChecks.handoffs({
        ...(atMost === undefined ? {} : { atMost }),
        ...(atLeast === undefined ? {} : { atLeast }),
        ...(exactly === undefined ? {} : { exactly }),
      }),
    );
  }
  if (checks.no_loops) criteria.push(graphChecks.noLoops());
  if (checks.contracts_held) criteria.push(graphChecks.contractsHeld());
  return criteria;
}

/** Reports every node name in `checks` that is not a node of the graph, at `agent.checks.<key>[i]`. */
export function checkPathCheckNodes(
  checks: GraphPathChecks,
  nodes: readonly string[],
  report: (path: (string | number)[], problem: string) => void,
): void {
  const known = (name: string, path: (string | number)[]) => {
    if (nodes.includes(name)) return;
    const near = closestMatch(name, nodes);
    report(
      ["agent", "checks", ...path],
      `${JSON.stringify(name)} is not a node of the graph${near ? ` (did you mean ${JSON.stringify(near)}?)` : ""}; nodes: ${nodes.join(", ")}`,
    );
  };
  for (const key of ["visited", "not_visited", "visited_in_order"] as const)
    for (const [index, name] of (checks[key] ?? []).entries()) known(name, [key, index]);
  for (const [index, { from, to }] of (checks.handed_off ?? []).entries()) {
    known(from, ["handed_off", index, "from"]);
    known(to, ["handed_off", index, "to"]);
  }
  if (checks.answered_by) known(checks.answered_by, ["answered_by"]);
}
