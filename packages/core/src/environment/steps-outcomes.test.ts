import { describe, expect, it } from "vitest";
import type { Agent, AgentInput } from "../domain/agent.js";
import type { EnvironmentSpec } from "../domain/declarative.js";
import { messageText } from "../domain/messages.js";
import { AgentRole } from "../domain/roles.js";
import type { ScenarioConfig } from "../domain/scenario.js";
import { createRehearse } from "../runner/rehearse.js";
import { agentAction, assertion, systemEventStep, toolCall, userMessage, wait } from "../script/seed-steps.js";
import { succeed } from "../script/steps.js";

const environment: EnvironmentSpec = {
  state: { tickets: [] },
  tools: {
    create_ticket: {
      parameters: { type: "object", properties: { subject: { type: "string" } }, required: ["subject"] },
      response: {
        append: { tickets: { subject: "{{input.subject}}" } },
        variables: { increment: { ticket_count: 1 } },
        result: { created: true, subject: "{{input.subject}}" },
      },
    },
    count_tickets: { response: { result: { count: "{{variables.ticket_count}}" } } },
  },
};

/** Opens a ticket when asked to; otherwise says what the last user message was. */
const ticketAgent: Agent = {
  role: AgentRole.AGENT,
  name: "ticket-agent",
  async call(input: AgentInput) {
    const last = messageText(input.messages.filter((message) => message.role === "user").at(-1) ?? { role: "user", content: "" });
    if (last.includes("ticket")) {
      await input.tools?.create_ticket?.execute({ subject: last } as never, { toolCallId: `t${input.messages.length}` });
      return "I opened a ticket for you.";
    }
    return `You said: ${last}`;
  },
};

function scenario(script: ScenarioConfig["script"], extra: Partial<ScenarioConfig> = {}): ScenarioConfig {
  return { name: "steps", description: "seed steps", agents: [ticketAgent], environment, script, ...extra };
}

describe("seed steps", () => {
  it("runs user_message, agent_action, tool_call, system_event, wait and assertion, and passes when all checks hold", async () => {
    const result = await createRehearse().run(
      scenario([
        userMessage("Please open a ticket about my refund", { set: { channel: "chat" } }),
        agentAction("create_ticket", { subject: "Please open a ticket about my refund" }),
        toolCall("count_tickets", {}, { expected_result: { count: 1 }, save_as: "count" }),
        systemEventStep("rate_limit_reached", { retry_after: 30 }),
        wait(30),
        assertion("variables.ticket_count", "equals", 1),
        assertion("state.tickets[0].subject", "contains", "refund"),
        assertion("last_response", "matches", "opened a ticket"),
        assertion("events.by_type.action_request", "greater_than", 1),
        assertion("variables.channel", "equals", "chat"),
      ]),
    );
    expect(result.status).toBe("pass");
    expect(result.reasoning).toBe("All 7 declarative checks passed");
    const summary = result.scenarioRun;
    expect(summary?.total_steps).toBe(10);
    expect(summary?.variables).toMatchObject({ count: { count: 1 }, ticket_count: 1 });
    // 1 s for the agent, 0.1 s per tool call (the agent's and the harness's), 30 s waiting
    expect(summary?.execution_time_seconds).toBeCloseTo(31.2, 6);
    // totalTime and agentTime are wall seconds (reports and CI show them), the summary's time is virtual
    expect(result.totalTime).toBeLessThan(5);
    expect(result.agentTime).toBeLessThan(result.totalTime as number);
    expect(summary?.events_by_type).toMatchObject({
      user_input: 1,
      agent_message: 1,
      action_request: 2,
      action_response: 2,
      system_event: 1,
      assertion: 5,
    });
    expect(summary?.events_by_actor).toMatchObject({ user: 1, agent: 2, system: 7, tool: 2 });
    const system = result.messages.find((message) => message.role === "system");
    expect(messageText(system as never)).toBe('[system event] rate_limit_reached {"retry_after":30}');
  });

  it("records every unmet expectation as a deviation and fails at the end", async () => {
    const result = await createRehearse().run(
      scenario([
        userMessage("hello"),
        agentAction("create_ticket"),
        toolCall("count_tickets", {}, { expected_result: { count: 2 } }),
        assertion("variables.ticket_count", "exists"),
        userMessage("now open a ticket"),
      ]),
    );
    expect(result.status).toBe("fail");
    const deviations = result.scenarioRun?.deviations ?? [];
    expect(deviations.map((deviation) => [deviation.kind, deviation.step_index])).toEqual([
      ["missing_action", 1],
      ["tool_result_mismatch", 2],
      ["assertion_failed", 3],
    ]);
    expect(deviations[0]?.message).toBe(
      "expected the agent to request create_ticket; it requested nothing since the previous agent_action",
    );
    // the script went on after the deviations
    expect(result.scenarioRun?.final_state.tickets).toHaveLength(1);
    expect(result.unmetCriteria).toHaveLength(3);
  });

  it("orders steps by timestamp", async () => {
    const result = await createRehearse().run(
      scenario([userMessage("second", { timestamp: 20 }), userMessage("first", { timestamp: 5 }), succeed()]),
    );
    const users = result.messages.filter((message) => message.role === "user").map((message) => messageText(message));
    expect(users).toEqual(["first", "second"]);
    expect(result.scenarioRun?.execution_time_seconds).toBe(21);
  });

  it("keeps the script's verdict, except that unmet outcomes make it fail", async () => {
    const passing = await createRehearse().run(
      scenario([userMessage("hi"), succeed()], {
        expectedOutcomes: { min_events: 100 },
      }),
    );
    expect(passing.status).toBe("fail");
    expect(passing.unmetCriteria).toEqual(["at least 100 events (actual 2)"]);
  });
});

describe("expected outcomes", () => {
  it("checks min_events, required and forbidden events, with one check per key", async () => {
    const result = await createRehearse().run(
      scenario([userMessage("open a ticket")], {
        expectedOutcomes: { min_events: 3, required_events: ["action_request", "injection"], forbidden_events: ["system_event"] },
      }),
    );
    const checks = result.scenarioRun?.outcome_checks.checks ?? [];
    expect(checks.map((check) => [check.name, check.target, check.passed])).toEqual([
      ["min_events", "events", true],
      ["required_event", "action_request", true],
      ["required_event", "injection", false],
      ["forbidden_event", "system_event", true],
    ]);
    expect(result.status).toBe("fail");
    expect(result.scenarioRun?.outcome_checks.all_passed).toBe(false);
    expect(result.scenarioRun?.passed).toBe(false);
  });
});

describe("determinism", () => {
  it("gives an identical summary for the same seed", async () => {
    const config = scenario([userMessage("open a ticket"), userMessage("and another ticket"), wait(5)], {
      injections: [
        { type: "tool_error", target_action: "create_ticket", error_type: "internal_error", probability: 0.5 },
        { type: "adversarial", attack_type: "jailbreak", trigger: { kind: "random", probability: 0.5, max_triggers: 2 } },
      ],
    });
    const first = await createRehearse().run(config, { seed: 99 });
    const second = await createRehearse().run(config, { seed: 99 });
    expect(second.scenarioRun).toEqual(first.scenarioRun);
    expect(second.messages).toEqual(first.messages);
    expect(second.status).toBe(first.status);
  });
});
