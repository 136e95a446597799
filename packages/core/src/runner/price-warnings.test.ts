import type { LanguageModelV3 } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { judgeAgent } from "../agents/judge/judge-agent.js";
import { AgentRole } from "../domain/roles.js";
import { agent, judge, user } from "../script/steps.js";
import { isolated } from "../test-support/harness.js";
import { finishTestResult, MockLanguageModelV3, scriptedModel } from "../testing/mock-models.js";
import type { Logger } from "./logger.js";

// A model without a price costs null and is named in one warning, so a user adds its price.
// A test double (a model recording its calls, as MockLanguageModelV3 and scriptedModel do) has
// no price to add: its cost stays null, without the warning that would only be noise in a test run.

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, error() {}, warn: (message) => warnings.push(message), info() {}, debug() {}, transcript() {} };
}

const verdict = () => finishTestResult({ greets: "true" });

async function judgedBy(model: LanguageModelV3) {
  const logger = recordingLogger();
  const result = await isolated({ logger }).run({
    name: "greets",
    description: "d",
    agents: [{ role: AgentRole.AGENT, call: async () => "Hello" }, judgeAgent({ model, criteria: ["greets"] })],
    script: [user("hi"), agent(), judge()],
  });
  return { result, priceWarnings: logger.warnings.filter((warning) => warning.startsWith("No price for")) };
}

describe("price warnings", () => {
  it("are not given for test doubles, whose cost stays unknown", async () => {
    for (const model of [
      scriptedModel([verdict()], "judge"),
      new MockLanguageModelV3({ provider: "test", modelId: "judge", doGenerate: async () => verdict() }),
    ]) {
      const { result, priceWarnings } = await judgedBy(model);
      expect(result.status).toBe("pass");
      expect(result.usage?.total.cost).toBeNull();
      expect(priceWarnings).toEqual([]);
    }
  });

  it("are given once for a real model without a price", async () => {
    const mock = scriptedModel([verdict()], "judge");
    // the same answers from an object that is not a test double: a provider Rehearse has no price for
    const acme: LanguageModelV3 = {
      specificationVersion: "v3",
      provider: "acme",
      modelId: "large",
      supportedUrls: {},
      doGenerate: (options) => mock.doGenerate(options),
      doStream: (options) => mock.doStream(options),
    };
    const { result, priceWarnings } = await judgedBy(acme);
    expect(result.usage?.total.cost).toBeNull();
    expect(priceWarnings).toEqual([expect.stringContaining("No price for acme:large, so its cost is null")]);
  });
});
