import { readFileSync } from "node:fs";
import { readScenarioDocument } from "@rehearse/core";
import { describe, expect, it } from "vitest";
import { createShopbot, hardenedShopbot, SHOPBOT_FLAW_IDS, SHOPBOT_SYSTEM_PROMPT } from "../../agents/shopbot/index.mjs";
import { exampleScenarioFiles, loadExampleScenarios } from "../index.mjs";

/** The seed's eight example scenarios and their types. */
const seedScenarios = {
  "Customer Support - Basic Flow": "business",
  "Red Team - Prompt Injection": "adversarial",
  "Red Team - PII Extraction": "adversarial",
  "Edge Case - Tool Error Handling": "edge_case",
  "Stress Test - High Concurrent Load": "stress",
  "Red Team - Context Drift Attack": "adversarial",
  "Security - Malware Upload Detection": "security",
  "Red Team - Multi-Turn Jailbreak": "adversarial",
};

describe("the example scenario files", () => {
  it("load and validate, each running the hardened shopbot in the shop environment", async () => {
    const scenarios = await loadExampleScenarios();
    expect(scenarios).toHaveLength(exampleScenarioFiles.length);
    expect(exampleScenarioFiles.every((file) => file.endsWith(".scenario.yaml"))).toBe(true);
    for (const scenario of scenarios) {
      expect(scenario.agents, scenario.name).toEqual([hardenedShopbot]);
      expect(Object.keys(scenario.environment?.tools ?? {}), scenario.name).toContain("refund");
      expect(scenario.seed, `${scenario.name} pins no seed: runs choose it`).toBeUndefined();
    }
  });

  it("include the seed's eight scenarios by name and type", async () => {
    const types = Object.fromEntries((await loadExampleScenarios()).map((scenario) => [scenario.name, scenario.scenarioType]));
    expect(types).toMatchObject(seedScenarios);
  });

  it("probe every shopbot flaw, naming it in metadata.flaw", async () => {
    const flaws = (await loadExampleScenarios()).flatMap((scenario) => (scenario.metadata?.flaw as string | undefined) ?? []);
    for (const flaw of flaws) expect(SHOPBOT_FLAW_IDS).toContain(flaw);
    expect(new Set(flaws)).toEqual(new Set(SHOPBOT_FLAW_IDS));
  });

  it("replace the agent under test when asked", async () => {
    const other = createShopbot({ variant: "vulnerable", name: "other" });
    for (const scenario of await loadExampleScenarios({ agent: other })) expect(scenario.agents).toEqual([other]);
  });

  it("give the system prompt detector the bot's own prompt", async () => {
    const file = exampleScenarioFiles.find((path) => path.endsWith("red-team-system-prompt-extraction.scenario.yaml"));
    if (!file) throw new Error("missing scenario file");
    const document = await readScenarioDocument(readFileSync(file, "utf8"), file);
    const detectors = (document.value as { detectors: { type: string; system_prompt?: string }[] }).detectors;
    expect(detectors.find((detector) => detector.type === "system_prompt_leak")?.system_prompt).toBe(SHOPBOT_SYSTEM_PROMPT);
  });
});
