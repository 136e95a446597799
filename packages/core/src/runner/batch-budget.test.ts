import type { LanguageModelV3Usage } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import type { UsageSummary } from "../domain/models.js";
import { AgentRole } from "../domain/roles.js";
import { defaultPrices } from "../models/prices.js";
import { type MeteredUse, UsageMeter } from "../models/usage-meter.js";
import { createBatchBudget } from "./batch-budget.js";

const usage = (input: number, output: number): LanguageModelV3Usage => ({
  inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: output, text: output, reasoning: 0 },
});

// gpt-4.1: $2 input, $8 output per million tokens.
const judge = { role: AgentRole.JUDGE, modelKey: "openai:gpt-4.1" };
const local = { role: AgentRole.AGENT, modelKey: "openai-compatible:http://127.0.0.1:1234/v1#llama" };

function scenarioUsage(...calls: Array<[MeteredUse, number, number]>): UsageSummary {
  const meter = new UsageMeter();
  for (const [use, input, output] of calls) meter.record(use, usage(input, output));
  return meter.summary(defaultPrices);
}

describe("createBatchBudget", () => {
  it("only totals usage when no limits are given", () => {
    const budget = createBatchBudget(undefined);
    budget.add(scenarioUsage([judge, 1_000_000, 1_000_000]));
    budget.add(scenarioUsage([local, 5, 5]));
    expect(budget.exceeded()).toBeUndefined();
    expect(budget.warnings()).toEqual([]);
    expect(budget.total().total).toMatchObject({ calls: 2, totalTokens: 2_000_010, cost: null });
  });

  it("is exceeded once the batch has used maxTokens", () => {
    const budget = createBatchBudget({ maxTokens: 1000 });
    budget.add(scenarioUsage([judge, 400, 100]));
    expect(budget.exceeded()).toBeUndefined();
    budget.add(scenarioUsage([local, 400, 99]));
    expect(budget.exceeded()).toBeUndefined();
    budget.add(scenarioUsage([judge, 1, 0]));
    expect(budget.exceeded()).toEqual({
      limit: "maxTokens",
      reason: "Token budget spent: 1000 of maxTokens 1000 tokens used",
    });
  });

  it("is exceeded once the batch has cost maxCostUsd", () => {
    const budget = createBatchBudget({ maxCostUsd: 0.01 });
    budget.add(scenarioUsage([judge, 1000, 500])); // $0.002 + $0.004
    expect(budget.exceeded()).toBeUndefined();
    budget.add(scenarioUsage([judge, 1000, 500]));
    const exceeded = budget.exceeded();
    expect(exceeded?.limit).toBe("maxCostUsd");
    expect(exceeded?.reason).toBe("Cost budget spent: $0.0120 of maxCostUsd $0.01");
    expect(budget.total().total.cost).toBeCloseTo(0.012, 12);
  });

  it("warns that an unpriced model escapes the cost limit, and still enforces tokens", () => {
    const budget = createBatchBudget({ maxCostUsd: 1, maxTokens: 10_000 });
    budget.add(scenarioUsage([local, 4000, 1000]));
    expect(budget.exceeded()).toBeUndefined();
    expect(budget.warnings()).toHaveLength(1);
    expect(budget.warnings()[0]).toContain(local.modelKey);
    expect(budget.warnings()[0]).toContain("maxCostUsd");
    budget.add(scenarioUsage([local, 4000, 1000]));
    expect(budget.exceeded()?.limit).toBe("maxTokens");
  });

  it("stops on the known cost even when another model has no price", () => {
    const budget = createBatchBudget({ maxCostUsd: 5 });
    budget.add(scenarioUsage([local, 10, 10], [judge, 1_000_000, 0]));
    expect(budget.exceeded()).toBeUndefined();
    budget.add(scenarioUsage([judge, 0, 1_000_000]));
    expect(budget.total().total.cost).toBeNull();
    expect(budget.exceeded()).toEqual({
      limit: "maxCostUsd",
      reason: "Cost budget spent: $10.0000 (models without a price not included) of maxCostUsd $5",
    });
  });

  it("does not warn about prices when no cost limit is set", () => {
    const budget = createBatchBudget({ maxTokens: 10 });
    budget.add(scenarioUsage([local, 1, 1]));
    expect(budget.warnings()).toEqual([]);
  });
});
