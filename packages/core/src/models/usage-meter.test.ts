import type { LanguageModelV3Usage } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import type { UsageSummary } from "../domain/models.js";
import { AgentRole } from "../domain/roles.js";
import { defaultPrices, withPrices } from "./prices.js";
import { emptyUsage, mergeUsage, UsageMeter } from "./usage-meter.js";

const usage = (input: number, output: number): LanguageModelV3Usage => ({
  inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: output, text: output, reasoning: 0 },
});

const user = { role: AgentRole.USER, modelKey: "openai:gpt-4.1-mini" };
const judge = { role: AgentRole.JUDGE, modelKey: "openai:gpt-4.1" };
const local = { role: AgentRole.AGENT, modelKey: "openai-compatible:http://127.0.0.1:1234/v1#llama" };

describe("UsageMeter", () => {
  it("prices each model with the table and sums the cost per role and in total", () => {
    const meter = new UsageMeter();
    meter.record(user, usage(1_000_000, 0));
    meter.record(judge, usage(0, 1_000_000));
    const summary = meter.summary(defaultPrices);
    expect(summary.byModel["openai:gpt-4.1-mini"]?.cost).toBe(0.4);
    expect(summary.byRole.Judge?.cost).toBe(8);
    expect(summary.total.cost).toBe(8.4);
    expect(summary.byRole.Agent).toBeUndefined();
    expect(meter.unpricedModels(defaultPrices)).toEqual([]);
  });

  it("gives an unpriced model cost null, never 0, and lists it", () => {
    const meter = new UsageMeter();
    meter.record(user, usage(100, 10));
    meter.record(local, usage(100, 10));
    const summary = meter.summary(defaultPrices);
    expect(summary.byModel[local.modelKey]?.cost).toBeNull();
    expect(summary.byRole.Agent?.cost).toBeNull();
    expect(summary.total.cost).toBeNull();
    expect(summary.byRole.User?.cost).toBeCloseTo((100 * 0.4 + 10 * 1.6) / 1e6, 15);
    expect(summary.total.totalTokens).toBe(220);
    expect(meter.unpricedModels(defaultPrices)).toEqual([local.modelKey]);
    const priced = withPrices(defaultPrices, { [local.modelKey]: { inputPerMillion: 0, outputPerMillion: 0 } });
    expect(meter.summary(priced).total.cost).not.toBeNull();
    expect(meter.unpricedModels(priced)).toEqual([]);
  });

  it("counts replayed calls apart, with no tokens and no cost", () => {
    const meter = new UsageMeter();
    meter.recordReplay(local);
    meter.recordReplay(judge);
    meter.record(judge, usage(10, 5));
    const summary = meter.summary(defaultPrices);
    expect(summary.byModel[local.modelKey]).toMatchObject({ calls: 0, replayedCalls: 1, totalTokens: 0, cost: 0 });
    expect(summary.byRole.Judge).toMatchObject({ calls: 1, replayedCalls: 1, totalTokens: 15 });
    expect(summary.total).toMatchObject({ calls: 1, replayedCalls: 2 });
    expect(meter.unpricedModels(defaultPrices)).toEqual([]);
  });

  it("fills totals the provider left out from their parts", () => {
    const meter = new UsageMeter();
    meter.record(user, {
      inputTokens: { total: undefined, noCache: 60, cacheRead: 40, cacheWrite: undefined },
      outputTokens: { total: undefined, text: 7, reasoning: 3 },
    });
    meter.record(user, {
      inputTokens: { total: undefined, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: undefined, text: undefined, reasoning: undefined },
    });
    expect(meter.summary(defaultPrices).total).toMatchObject({
      calls: 2,
      inputTokens: 100,
      cachedInputTokens: 40,
      outputTokens: 10,
      reasoningTokens: 3,
      totalTokens: 110,
    });
  });
});

describe("mergeUsage", () => {
  const summaryOf = (record: (meter: UsageMeter) => void): UsageSummary => {
    const meter = new UsageMeter();
    record(meter);
    return meter.summary(defaultPrices);
  };

  it("adds two summaries per role and per model", () => {
    const a = summaryOf((meter) => meter.record(user, usage(1_000_000, 0)));
    const b = summaryOf((meter) => {
      meter.record(user, usage(1_000_000, 0));
      meter.record(judge, usage(0, 1_000_000));
      meter.recordReplay(judge);
    });
    const merged = mergeUsage(a, b);
    expect(merged.byRole.User).toMatchObject({ calls: 2, inputTokens: 2_000_000, cost: 0.8 });
    expect(merged.byRole.Judge).toMatchObject({ calls: 1, replayedCalls: 1, cost: 8 });
    expect(merged.byModel["openai:gpt-4.1-mini"]?.calls).toBe(2);
    expect(merged.total).toMatchObject({ calls: 3, replayedCalls: 1, totalTokens: 3_000_000, cost: 8.8 });
    expect(a.total.calls).toBe(1);
    expect(merged.byRole.User).not.toBe(merged.byModel["openai:gpt-4.1-mini"]);
  });

  it("propagates an unknown cost", () => {
    const priced = summaryOf((meter) => meter.record(user, usage(10, 10)));
    const unpriced = summaryOf((meter) => meter.record(local, usage(10, 10)));
    const merged = mergeUsage(priced, unpriced);
    expect(merged.total.cost).toBeNull();
    expect(merged.byModel["openai:gpt-4.1-mini"]?.cost).not.toBeNull();
    expect(mergeUsage(emptyUsage(), priced)).toEqual(priced);
  });
});
