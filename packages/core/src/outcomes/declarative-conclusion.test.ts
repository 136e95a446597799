import { describe, expect, it } from "vitest";
import { userSimulatorAgent } from "../agents/user-simulator/user-simulator-agent.js";
import type { Agent } from "../domain/agent.js";
import { AgentRole } from "../domain/roles.js";
import { assertion, userMessage } from "../script/seed-steps.js";
import { agent, user } from "../script/steps.js";
import { isolated } from "../test-support/harness.js";

// What the declarative checks say at the end of a run: their count in the right number, and no
// "met" criteria for a run that was skipped before anything could be graded.

const echo: Agent = { role: AgentRole.AGENT, call: async () => "Hello" };

describe("declarative checks at the end of a run", () => {
  it("count one check as one", async () => {
    const result = await isolated().run({
      name: "one check",
      description: "d",
      agents: [echo],
      script: [userMessage("hi"), assertion("last_response", "contains", "Hello")],
    });
    expect(result.status).toBe("pass");
    expect(result.reasoning).toBe("1 declarative check passed");
  });

  it("say 1 event for a minimum of one event", async () => {
    const result = await isolated().run({
      name: "min events",
      description: "d",
      agents: [echo],
      expectedOutcomes: { min_events: 1 },
      script: [userMessage("hi")],
    });
    expect(result.metCriteria[0]).toMatch(/^at least 1 event \(actual \d+\)$/);
  });

  it("list no met criteria when the run was skipped, and keep the checks in the summary", async () => {
    const result = await isolated().run({
      name: "skipped",
      description: "d",
      agents: [echo, userSimulatorAgent()],
      expectedOutcomes: { forbidden_events: ["pii_leak"] },
      script: [user(), agent()],
    });
    expect(result.status).toBe("skipped");
    expect(result.metCriteria).toEqual([]);
    expect(result.scenarioRun?.outcome_checks.checks).toMatchObject([{ name: "forbidden_event", passed: true }]);
  });

  it("still fail a skipped run on a check that broke before the skip", async () => {
    const leaking: Agent = { role: AgentRole.AGENT, call: async () => "Hello" };
    const result = await isolated().run({
      name: "broke, then skipped",
      description: "d",
      agents: [leaking, userSimulatorAgent()],
      expectedOutcomes: { required_events: ["action_request"] },
      script: [userMessage("hi"), user(), agent()],
    });
    expect(result.status).toBe("fail");
    expect(result.unmetCriteria).toHaveLength(1);
  });
});
