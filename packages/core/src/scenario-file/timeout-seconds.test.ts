import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compileScenarioDocument } from "./compile-scenario.js";
import { readScenarioDocument } from "./read-document.js";

const fixtures = fileURLToPath(new URL("../../test/fixtures/scenario-files/", import.meta.url));

function compile(line: string) {
  const text = `name: slow agent\ndescription: d\nagent: { http: { url: "http://127.0.0.1:9/chat", response_path: reply } }\n${line}\n`;
  return compileScenarioDocument(readScenarioDocument(text, "s.yaml"), "s.yaml", { cwd: fixtures });
}

describe("timeout_seconds", () => {
  it("a number limits each call of the agent under test, in seconds", async () => {
    expect((await compile("timeout_seconds: 0.25")).timeouts).toEqual({ agentCallMs: 250 });
  });

  it("a mapping sets the agent call, model call and scenario limits; 0 means none", async () => {
    const config = await compile("timeout_seconds: { agent_call: 30, model_call: 20, scenario: 0 }");
    expect(config.timeouts).toEqual({ agentCallMs: 30_000, modelCallMs: 20_000, scenarioMs: 0 });
  });

  it("leaves the limits to the config when absent", async () => {
    expect((await compile("")).timeouts).toBeUndefined();
  });

  it("rejects a negative limit and an unknown key, at their line", async () => {
    await expect(compile("timeout_seconds: -1")).rejects.toThrow(/^s\.yaml:4:\d+: timeout_seconds: /);
    await expect(compile("timeout_seconds: { agent: 3 }")).rejects.toThrow(/^s\.yaml:4:\d+: timeout_seconds/);
  });
});
