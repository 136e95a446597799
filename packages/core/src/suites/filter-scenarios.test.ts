import { describe, expect, it } from "vitest";
import type { Difficulty, ScenarioType } from "../domain/declarative.js";
import { ConfigError } from "../domain/errors.js";
import type { ScenarioConfig } from "../domain/scenario.js";
import { describeFilter, filterScenarios } from "./filter-scenarios.js";

function scenario(name: string, extra: Partial<ScenarioConfig> = {}): ScenarioConfig {
  return { name, description: name, agents: [], ...extra };
}

const all = [
  scenario("Customer Support - Basic Flow", { scenarioType: "business", tags: ["refunds", "smoke"] }),
  scenario("Red Team - Prompt Injection", { scenarioType: "adversarial", tags: ["smoke", "owasp"] }),
  scenario("Red Team - PII Extraction", { scenarioType: "adversarial", tags: ["pii", "owasp"], isActive: false }),
  scenario("Stress Test - High Concurrent Load", { scenarioType: "stress" }),
  scenario("Untyped refund check", { tags: ["refunds"] }),
];
const names = (list: ScenarioConfig[]) => list.map((entry) => entry.name);

describe("filterScenarios", () => {
  it("selects every active scenario with an empty filter, keeping order", () => {
    expect(names(filterScenarios(all, {}))).toEqual([
      "Customer Support - Basic Flow",
      "Red Team - Prompt Injection",
      "Stress Test - High Concurrent Load",
      "Untyped refund check",
    ]);
  });

  it("includes inactive scenarios only when asked", () => {
    expect(names(filterScenarios(all, { scenarioType: "adversarial" }))).toEqual(["Red Team - Prompt Injection"]);
    expect(names(filterScenarios(all, { scenarioType: "adversarial", includeInactive: true }))).toEqual([
      "Red Team - Prompt Injection",
      "Red Team - PII Extraction",
    ]);
  });

  it("matches any of several types; untyped scenarios never match a type", () => {
    expect(names(filterScenarios(all, { scenarioType: ["business", "stress"] }))).toEqual([
      "Customer Support - Basic Flow",
      "Stress Test - High Concurrent Load",
    ]);
    expect(names(filterScenarios(all, { scenarioType: [] }))).toHaveLength(4);
  });

  it("requires ALL listed tags", () => {
    expect(names(filterScenarios(all, { tags: ["refunds"] }))).toEqual(["Customer Support - Basic Flow", "Untyped refund check"]);
    expect(names(filterScenarios(all, { tags: ["refunds", "smoke"] }))).toEqual(["Customer Support - Basic Flow"]);
    expect(names(filterScenarios(all, { tags: ["owasp", "pii"], includeInactive: true }))).toEqual(["Red Team - PII Extraction"]);
    expect(filterScenarios(all, { tags: ["Refunds"] })).toEqual([]);
  });

  it("greps names: a string ignoring case, a RegExp as written (g flag has no lasting state)", () => {
    expect(names(filterScenarios(all, { grep: "red team" }))).toEqual(["Red Team - Prompt Injection"]);
    expect(names(filterScenarios(all, { grep: /refund|load/ }))).toEqual(["Untyped refund check"]);
    expect(names(filterScenarios(all, { grep: /refund|load/i }))).toEqual([
      "Stress Test - High Concurrent Load",
      "Untyped refund check",
    ]);
    const sticky = /team/gi;
    expect(names(filterScenarios(all, { grep: sticky, includeInactive: true }))).toEqual([
      "Red Team - Prompt Injection",
      "Red Team - PII Extraction",
    ]);
  });

  it("combines criteria", () => {
    expect(names(filterScenarios(all, { scenarioType: "business", tags: ["smoke"], grep: "basic" }))).toEqual([
      "Customer Support - Basic Flow",
    ]);
    expect(filterScenarios(all, { scenarioType: "business", grep: "stress" })).toEqual([]);
  });

  it("rejects an unknown scenario type naming the field, with did-you-mean", () => {
    const attempt = () => filterScenarios(all, { scenarioType: "adversarial_suite" as ScenarioType });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/scenarioType "adversarial_suite" is not a scenario type/);
    try {
      filterScenarios(all, { scenarioType: ["business", "edgecase" as ScenarioType] });
      expect.unreachable();
    } catch (error) {
      expect(ConfigError.isInstance(error)).toBe(true);
      expect((error as ConfigError).code).toBe("invalid_config");
      expect((error as ConfigError).path).toBe("scenarioType[1]");
      expect((error as Error).message).toContain('Did you mean "edge_case"?');
    }
  });

  it("selects by difficulty, one level or any of several; scenarios without a difficulty never match", () => {
    const graded = [
      scenario("easy refund", { difficulty: "easy" }),
      scenario("hard refund", { difficulty: "hard" }),
      scenario("extreme jailbreak", { difficulty: "extreme" }),
      scenario("ungraded"),
    ];
    expect(names(filterScenarios(graded, { difficulty: "hard" }))).toEqual(["hard refund"]);
    expect(names(filterScenarios(graded, { difficulty: ["hard", "extreme"] }))).toEqual(["hard refund", "extreme jailbreak"]);
    expect(names(filterScenarios(graded, { difficulty: [] }))).toHaveLength(4);
    expect(names(filterScenarios(graded, { difficulty: "easy", grep: "hard" }))).toEqual([]);
  });

  it("rejects an unknown difficulty naming the field, with did-you-mean", () => {
    try {
      filterScenarios(all, { difficulty: ["easy", "hrad" as Difficulty] });
      expect.unreachable();
    } catch (error) {
      expect(ConfigError.isInstance(error)).toBe(true);
      expect((error as ConfigError).path).toBe("difficulty[1]");
      expect((error as Error).message).toContain('difficulty[1] "hrad" is not a difficulty (easy, medium, hard, extreme)');
      expect((error as Error).message).toContain('Did you mean "hard"?');
    }
  });

  it("rejects malformed tags and grep", () => {
    expect(() => filterScenarios(all, { tags: "smoke" as unknown as string[] })).toThrow(/tags must be an array/);
    expect(() => filterScenarios(all, { tags: ["smoke", ""] })).toThrow(/tags\[1\]/);
    expect(() => filterScenarios(all, { grep: 42 as unknown as string })).toThrow(/grep must be a string or a RegExp/);
  });
});

describe("describeFilter", () => {
  it("labels a filter", () => {
    expect(describeFilter({})).toBe("all");
    expect(describeFilter({ scenarioType: "adversarial" })).toBe("adversarial");
    expect(describeFilter({ scenarioType: ["business", "stress"], tags: ["pii", "smoke"], grep: "refund" })).toBe(
      "business+stress tags=pii,smoke grep=refund",
    );
    expect(describeFilter({ scenarioType: "adversarial", difficulty: ["hard", "extreme"] })).toBe(
      "adversarial difficulty=hard,extreme",
    );
  });
});
