import type { UsageSummary } from "../domain/models.js";
import { emptyUsage, mergeUsage } from "../models/usage-meter.js";

/** Limits of one batch (`budget` in the config or `runMany` options). Either may be omitted. */
export interface BatchBudgetLimits {
  /** Stop once the batch's live calls have cost this many US dollars. */
  maxCostUsd?: number;
  /** Stop once the batch's live calls have used this many tokens (input + output). */
  maxTokens?: number;
}

/** Why a batch budget stopped the batch. */
export interface BudgetExceeded {
  /** Which limit was reached. */
  limit: "maxTokens" | "maxCostUsd";
  /** A sentence for `ScenarioResult.error` of the scenarios that did not run. */
  reason: string;
}

/** The running total of a batch, checked against its limits. */
export interface BatchBudget {
  /** Adds the usage of one finished scenario. */
  add(usage: UsageSummary): void;
  /**
   * Set once a limit is reached (reached counts: nothing is left to spend).
   * Tokens are checked first. When a model has no price, cost is checked
   * against the known part only, a lower bound: it can stop a batch, but
   * cannot prove one is within budget (see `warnings`).
   */
  exceeded(): BudgetExceeded | undefined;
  /** The batch's usage so far (`BatchResult.usage`), tracked whether or not limits were given. */
  total(): UsageSummary;
  /**
   * One message per model with live calls and no price, while `maxCostUsd`
   * is set: the cost limit cannot be fully enforced for them.
   */
  warnings(): string[];
}

/**
 * The budget of one batch. Without limits it only totals usage. The runner
 * adds each scenario's usage as it finishes and, once `exceeded()` is set,
 * aborts runs in flight and records the rest as `error` (`budget_exceeded`).
 * Costs come priced in the summaries (by the meter, with the run's price
 * table), so the budget needs no price table of its own.
 *
 * @example
 * ```ts
 * const budget = createBatchBudget({ maxTokens: 200_000 });
 * budget.add(result.usage);
 * const stop = budget.exceeded(); // { limit: "maxTokens", reason: "…" } once spent
 * ```
 */
export function createBatchBudget(limits: BatchBudgetLimits | undefined): BatchBudget {
  let usage = emptyUsage();
  return {
    add(summary) {
      usage = mergeUsage(usage, summary);
    },
    exceeded() {
      const maxTokens = limits?.maxTokens;
      if (maxTokens !== undefined && usage.total.totalTokens >= maxTokens) {
        return {
          limit: "maxTokens",
          reason: `Token budget spent: ${usage.total.totalTokens} of maxTokens ${maxTokens} tokens used`,
        };
      }
      const maxCostUsd = limits?.maxCostUsd;
      const knownCost = pricedCost(usage);
      if (maxCostUsd !== undefined && knownCost >= maxCostUsd) {
        const known = usage.total.cost === null ? " (models without a price not included)" : "";
        return {
          limit: "maxCostUsd",
          reason: `Cost budget spent: $${knownCost.toFixed(4)}${known} of maxCostUsd $${maxCostUsd}`,
        };
      }
      return undefined;
    },
    total: () => usage,
    warnings() {
      if (limits?.maxCostUsd === undefined) return [];
      return unpricedKeys(usage).map(
        (modelKey) =>
          `maxCostUsd cannot be fully enforced: ${modelKey} has no price, so its calls are not in the cost ` +
          `(tokens still count toward maxTokens). Add it under \`prices\` in the config.`,
      );
    },
  };
}

/** The sum of the costs that are known; models without a price add nothing. */
function pricedCost(usage: UsageSummary): number {
  if (usage.total.cost !== null) return usage.total.cost;
  let cost = 0;
  for (const line of Object.values(usage.byModel)) cost += line.cost ?? 0;
  return cost;
}

function unpricedKeys(usage: UsageSummary): string[] {
  return Object.entries(usage.byModel)
    .filter(([, line]) => line.cost === null)
    .map(([modelKey]) => modelKey)
    .sort();
}
