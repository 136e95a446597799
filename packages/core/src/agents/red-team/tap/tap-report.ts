import type { TapAttacker } from "./tap-attacker.js";
import type { TapEvaluator } from "./tap-evaluator.js";
import type { TapSearchOutcome, TapStop } from "./tap-search.js";
import type { TapNode } from "./tap-tree.js";

/** Counts of one TAP search. */
export interface TapTotals {
  /** Prompts sent to the agent under test (one agent call each). */
  targetCalls: number;
  attackerCalls: number;
  /** On-topic checks plus scores. */
  evaluatorCalls: number;
  /** Prompts dropped by phase-1 pruning, never sent. */
  offTopic: number;
  /** Scored leaves dropped by phase-2 pruning. */
  prunedForWidth: number;
  /** Evaluator answers that were not valid JSON: counted as off-topic or as score 1. */
  malformedEvaluations: number;
  /** Attacker answers that were not the JSON asked for; their raw text was used as the prompt. */
  attackerParseFailures: number;
}

/**
 * What a `redTeamTap` search did: every node of the tree (off-topic ones
 * included, with `pruned` saying why a node went no further), the totals and
 * the best path. An on-topic node with no `reply` was written but not sent
 * because the search had already succeeded.
 */
export interface TapReport {
  /** The attack's goal (`target` option). */
  goal: string;
  /** True when a reply reached `successScore`. */
  succeeded: boolean;
  stop: TapStop;
  /** The best score of any reply; undefined when nothing was sent. */
  bestScore: number | undefined;
  /** Ids from the root's child to the best-scored node; its exchanges are now the run's conversation. */
  bestPath: string[];
  nodes: TapNode[];
  totals: TapTotals;
}

/**
 * The report of a finished search (plain data: copies of the nodes).
 *
 * @example
 * ```ts
 * const report = tapReport(goal, 10, await tapSearch(root, attacker, evaluator, settings), attacker, evaluator);
 * ```
 */
export function tapReport(
  goal: string,
  successScore: number,
  outcome: TapSearchOutcome,
  attacker: TapAttacker,
  evaluator: TapEvaluator,
): TapReport {
  const nodes = outcome.tree.nodes.map((node) => ({ ...node }));
  const best = outcome.best?.node;
  return {
    goal,
    succeeded: (best?.score ?? 0) >= successScore,
    stop: outcome.stop,
    bestScore: best?.score,
    bestPath: outcome.tree.path(best).map((node) => node.id),
    nodes,
    totals: {
      targetCalls: outcome.targetCalls,
      attackerCalls: attacker.calls,
      evaluatorCalls: evaluator.calls,
      offTopic: nodes.filter((node) => node.pruned === "off-topic").length,
      prunedForWidth: nodes.filter((node) => node.pruned === "width").length,
      malformedEvaluations: evaluator.malformed,
      attackerParseFailures: attacker.parseFailures,
    },
  };
}
