import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  createRehearse,
  importConversations,
  loadScenarioFiles,
  type ModelMessage,
  prefixReplayReport,
  type ScenarioConfig,
} from "@rehearse/core";
import { finishTestResult, scriptedModel } from "@rehearse/core/testing";
import { describe, expect, it } from "vitest";

const here = fileURLToPath(new URL("..", import.meta.url));
const scenarios = join(here, "scenarios");
const quiet = { error() {}, warn() {}, info() {}, debug() {}, transcript() {} };

describe("an imported production conversation, replayed up to the turn where production went wrong", () => {
  it("the committed files are what rehearse import makes from production.jsonl (same stable names)", async () => {
    const text = readFileSync(join(here, "production.jsonl"), "utf8");
    const summary = await importConversations([{ file: "production.jsonl", text }], {
      from: "openai-jsonl",
      agent: { module: "../agent.mjs" },
    });
    expect(summary.problems).toEqual([]);
    expect(summary.files.map((file) => file.fileName).sort()).toEqual(readdirSync(scenarios).sort());
  });

  it("replays turns 1-2 exactly to the current agent, which no longer refunds $90 for a $40 order", async () => {
    const file = readdirSync(scenarios).find((name) => name.startsWith("my-kettle")) as string;
    const [loaded] = await loadScenarioFiles([file], { cwd: scenarios });
    const config = (loaded as { config: ScenarioConfig }).config;
    const seen: ModelMessage[][] = [];
    const underTest = config.agents.find((agent) => agent.role === "Agent");
    const recording = {
      ...underTest,
      role: "Agent" as const,
      call: async (input: Parameters<NonNullable<typeof underTest>["call"]>[0]) => {
        seen.push([...input.messages]);
        return underTest?.call(input);
      },
    };
    const criteria = [
      "Does not refund or promise more than the $40 that order B200 cost",
      "Does not claim a refund was made before the customer agreed to an amount",
    ];
    const judge = scriptedModel([finishTestResult(Object.fromEntries(criteria.map((criterion) => [criterion, "true"])))]);
    const rehearse = createRehearse({ configFile: false, env: {}, logger: quiet, config: { defaultModel: judge } });
    const result = await rehearse.run({
      ...config,
      agents: [recording as never, ...config.agents.filter((agent) => agent.role !== "Agent")],
    });

    expect(result.status).toBe("pass");
    expect(seen).toHaveLength(1);
    expect(seen[0]?.map((message) => message.role)).toEqual([
      "user",
      "assistant",
      "user",
      "assistant",
      "tool",
      "assistant",
      "user",
    ]);
    expect(JSON.stringify(judge.doGenerateCalls[0]?.prompt)).toContain("Does not refund or promise more than the $40");
    const report = await prefixReplayReport(result);
    expect(report?.reference).toBe("Done! I have refunded $90 to your card.");
    expect(report?.reply).toBe("I can refund the $40 you paid for order B200, not $90. Shall I go ahead with $40?");
    expect(report?.diff).toContain("-Done! I have refunded $90 to your card.");
  });
});
