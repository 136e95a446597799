import { describe, expect, it } from "vitest";
import { AgentRole } from "../domain/roles.js";
import type { ScenarioConfig } from "../domain/scenario.js";
import { agent, succeed, user } from "../script/steps.js";
import { runRecorded } from "../test-support/harness.js";

const echo = { role: AgentRole.AGENT, call: async () => "hi" };

describe("the reference's LangWatch settings", () => {
  it("are accepted, and the result says they were not used: nothing is sent anywhere", async () => {
    const scenario: ScenarioConfig = {
      name: "langwatch settings",
      description: "code written for the reference passes its reporting settings",
      agents: [echo],
      script: [user("hello"), agent(), succeed()],
      langwatch: { apiKey: "sk-lw-test", endpoint: "https://app.langwatch.ai", projectId: "p1" },
    };
    const { result } = await runRecorded(scenario);
    expect(result.status).toBe("pass");
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ kind: "warning", message: expect.stringContaining("`langwatch` settings are ignored") }),
    ]);
  });

  it("are accepted in run()'s options too, with the same note", async () => {
    const { result } = await runRecorded(
      { name: "plain", description: "d", agents: [echo], script: [user("hi"), agent(), succeed()] },
      { langwatch: { apiKey: "sk-lw-test" } },
    );
    expect(result.diagnostics.map((diagnostic) => diagnostic.source)).toEqual(["langwatch"]);
  });

  it("add nothing to a run that does not give them", async () => {
    const { result } = await runRecorded({
      name: "plain",
      description: "d",
      agents: [echo],
      script: [user("hi"), agent(), succeed()],
    });
    expect(result.diagnostics).toEqual([]);
  });
});
