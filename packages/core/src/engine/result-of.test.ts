import { describe, expect, it } from "vitest";
import type { Agent } from "../domain/agent.js";
import type { DomainEventPayload } from "../domain/event.js";
import { AgentRole } from "../domain/roles.js";
import { agent, succeed, user } from "../script/steps.js";
import { eventTypes, runRecorded } from "../test-support/harness.js";
import { echoAgent } from "../testing/scripted-agents.js";

// An agent's report (`resultReport`) reaches the event stream through `reportEvent`: once, as the run ends.

const noted = (report: unknown): DomainEventPayload => ({
  type: "system_event",
  actor: "system",
  messageId: "",
  role: "event",
  text: "",
  event: "report",
  data: { report },
});

function reportingUser(reportEvent: (report: unknown) => DomainEventPayload | undefined): Agent {
  return { name: "Reporting", role: AgentRole.USER, call: async () => "hi", resultReport: () => ({ turns: 1 }), reportEvent };
}

describe("report events", () => {
  it("emits an agent's report event once, right before SCENARIO_RUN_FINISHED, with the engine's fields", async () => {
    const { result, events } = await runRecorded({
      name: "report",
      description: "d",
      agents: [echoAgent(), reportingUser(noted)],
      script: [user(), agent(), succeed()],
    });
    expect(result.reports).toEqual({ Reporting: { turns: 1 } });
    expect(eventTypes(events).slice(-2)).toEqual(["system_event", "SCENARIO_RUN_FINISHED"]);
    expect(events.filter((event) => event.type === "system_event")).toEqual([
      { ...noted({ turns: 1 }), timestamp: expect.any(Number), scenarioRunId: result.scenarioRunId, turn: 0 },
    ]);
  });

  it("a reportEvent that throws leaves a warning on the result, and the run settles as it would have", async () => {
    const { result, events } = await runRecorded({
      name: "report",
      description: "d",
      agents: [
        echoAgent(),
        reportingUser(() => {
          throw new Error("boom");
        }),
      ],
      script: [user(), agent(), succeed()],
    });
    expect(result.status).toBe("pass");
    expect(result.diagnostics).toContainEqual({
      kind: "warning",
      source: "Reporting",
      message: "Reporting.reportEvent threw, so its report is on the result only: boom",
    });
    expect(eventTypes(events).at(-1)).toBe("SCENARIO_RUN_FINISHED");
    expect(eventTypes(events)).not.toContain("system_event");
  });
});
