import type { LanguageModelV3Usage } from "@ai-sdk/provider";
import type { UsageLine, UsageSummary } from "../domain/models.js";
import type { AgentRole } from "../domain/roles.js";
import { type BillableTokens, costOf, type PriceTable, priceOf } from "./prices.js";

/** Who made a model call, as usage is counted: the role and the model key (`provider:modelId`). */
export interface MeteredUse {
  role: AgentRole;
  modelKey: string;
}

/** Counts of one role on one model; cache writes are kept because some providers bill them apart. */
interface Tally extends BillableTokens {
  role: AgentRole;
  modelKey: string;
  calls: number;
  replayedCalls: number;
  reasoningTokens: number;
  totalTokens: number;
  cacheWriteInputTokens: number;
}

/**
 * Counts the tokens of one run's model calls per role and per model. Holds
 * counts only; prices are applied when `summary(prices)` is asked for, so the
 * same meter can be priced with the table the run was configured with.
 * `RunModel` (or `usageMiddleware`) feeds it live calls; record/replay calls `recordReplay`.
 *
 * @example
 * ```ts
 * const meter = new UsageMeter();
 * const model = wrapLanguageModel({ model: base, middleware: usageMiddleware(meter, { role: "Judge", modelKey: "openai:gpt-4.1" }) });
 * // … run …
 * const usage = meter.summary(defaultPrices);
 * ```
 */
export class UsageMeter {
  /** One per role and model, in the order first used (a run uses a handful: a list beats maps). */
  readonly #tallies: Tally[] = [];

  /** Adds one live call that returned, with the usage its provider reported (missing numbers count as 0). */
  record(use: MeteredUse, usage: LanguageModelV3Usage): void {
    const tally = this.#tally(use);
    const input = usage.inputTokens;
    const output = usage.outputTokens;
    const inputTokens = input.total ?? (input.noCache ?? 0) + (input.cacheRead ?? 0) + (input.cacheWrite ?? 0);
    const outputTokens = output.total ?? (output.text ?? 0) + (output.reasoning ?? 0);
    tally.calls += 1;
    tally.inputTokens += inputTokens;
    tally.outputTokens += outputTokens;
    tally.reasoningTokens += output.reasoning ?? 0;
    tally.cachedInputTokens += input.cacheRead ?? 0;
    tally.cacheWriteInputTokens += input.cacheWrite ?? 0;
    tally.totalTokens += inputTokens + outputTokens;
  }

  /** Adds one call answered from a cassette: counted in `replayedCalls`, not in tokens or cost. */
  recordReplay(use: MeteredUse): void {
    this.#tally(use).replayedCalls += 1;
  }

  /**
   * Usage so far, priced with `prices`. A line's cost is `null` when a model
   * in it made live calls and has no price; a model that was only replayed
   * costs 0 whatever its price, since nothing was spent.
   */
  summary(prices: PriceTable): UsageSummary {
    let summary = emptyUsage();
    for (const tally of this.#tallies) {
      summary = mergeUsage(summary, lineSummary(tally.role, tally.modelKey, lineOf(tally.modelKey, tally, prices)));
    }
    return summary;
  }

  /** Model keys with live calls and no price in `prices`, sorted: the runner warns about them. */
  unpricedModels(prices: PriceTable): string[] {
    const unpriced = new Set<string>();
    for (const tally of this.#tallies) {
      if (tally.calls > 0 && !priceOf(tally.modelKey, prices)) unpriced.add(tally.modelKey);
    }
    return [...unpriced].sort();
  }

  #tally(use: MeteredUse): Tally {
    const { role, modelKey } = use;
    for (const tally of this.#tallies) if (tally.role === role && tally.modelKey === modelKey) return tally;
    const tally: Tally = { role, modelKey, ...zeroCounts(), cacheWriteInputTokens: 0 };
    this.#tallies.push(tally);
    return tally;
  }
}

function lineOf(modelKey: string, tally: Tally, prices: PriceTable): UsageLine {
  return {
    calls: tally.calls,
    replayedCalls: tally.replayedCalls,
    inputTokens: tally.inputTokens,
    outputTokens: tally.outputTokens,
    reasoningTokens: tally.reasoningTokens,
    cachedInputTokens: tally.cachedInputTokens,
    totalTokens: tally.totalTokens,
    cost: tally.calls === 0 ? 0 : costOf(modelKey, tally, prices),
  };
}

function lineSummary(role: AgentRole, modelKey: string, line: UsageLine): UsageSummary {
  return { total: line, byRole: { [role]: line }, byModel: { [modelKey]: line } };
}

/** The counts of a line, all zero: what a tally and an empty line start from. */
function zeroCounts(): Omit<UsageLine, "cost"> {
  return {
    calls: 0,
    replayedCalls: 0,
    inputTokens: 0,
    outputTokens: 0,
    reasoningTokens: 0,
    cachedInputTokens: 0,
    totalTokens: 0,
  };
}

function zeroLine(): UsageLine {
  return { ...zeroCounts(), cost: 0 };
}

/** No usage: zero counts, cost 0, no roles, no models. The start of a batch total. */
export function emptyUsage(): UsageSummary {
  return { total: zeroLine(), byRole: {}, byModel: {} };
}

/** Two lines added; the cost is `null` when either is (an unknown part makes the sum unknown). */
export function addUsageLines(a: UsageLine, b: UsageLine): UsageLine {
  return {
    calls: a.calls + b.calls,
    replayedCalls: a.replayedCalls + b.replayedCalls,
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    reasoningTokens: a.reasoningTokens + b.reasoningTokens,
    cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens,
    totalTokens: a.totalTokens + b.totalTokens,
    cost: a.cost === null || b.cost === null ? null : a.cost + b.cost,
  };
}

/**
 * The usage of two runs (or batches) together, as a new summary; neither
 * input changes. Costs propagate `null`.
 *
 * @example
 * ```ts
 * const batch = results.reduce((total, result) => mergeUsage(total, result.usage ?? emptyUsage()), emptyUsage());
 * ```
 */
export function mergeUsage(a: UsageSummary, b: UsageSummary): UsageSummary {
  return {
    total: addUsageLines(a.total, b.total),
    byRole: mergeLines(a.byRole, b.byRole),
    byModel: mergeLines(a.byModel, b.byModel),
  };
}

function mergeLines<Lines extends Partial<Record<string, UsageLine>>>(a: Lines, b: Lines): Lines {
  // Fresh line objects: a summary never shares a line with its inputs or between its own maps.
  const merged: Partial<Record<string, UsageLine>> = {};
  for (const [key, line] of [...Object.entries(a), ...Object.entries(b)]) {
    if (!line) continue;
    const existing = merged[key];
    merged[key] = existing ? addUsageLines(existing, line) : { ...line };
  }
  return merged as Lines;
}
