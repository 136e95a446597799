import { describe, expect, it } from "vitest";
import type { Agent, AgentInput } from "../domain/agent.js";
import type { EnvironmentSpec } from "../domain/declarative.js";
import { RehearseError } from "../domain/errors.js";
import { AgentRole } from "../domain/roles.js";
import type { RunEnvironment, ScenarioExecutionLike } from "../domain/scenario.js";
import { ScenarioExecutionState } from "../engine/execution-state.js";
import { userMessage } from "../script/seed-steps.js";
import { agent, succeed, user } from "../script/steps.js";
import { isolated } from "../test-support/harness.js";

const environment: EnvironmentSpec = {
  state: { tickets: [] },
  tools: {
    create_ticket: {
      parameters: { type: "object", properties: { subject: { type: "string" } }, required: ["subject"] },
      response: {
        append: { tickets: { subject: "{{input.subject}}" } },
        variables: { increment: { ticket_count: 1 } },
        result: { created: true },
      },
    },
  },
};

/** Opens one ticket per call through the environment's tool. */
const ticketAgent: Agent = {
  role: AgentRole.AGENT,
  async call(input: AgentInput) {
    await input.tools?.create_ticket?.execute({ subject: "refund" } as never, { toolCallId: `t${input.messages.length}` });
    return "I opened a ticket.";
  },
};

/** What `state.environment` showed at one point of the run, copied so later changes do not show. */
function snapshot(environment: RunEnvironment | undefined) {
  return environment && { state: structuredClone(environment.state), variables: environment.variables };
}

describe("state.environment", () => {
  it("shows a step the environment's state and variables as the tools have changed them so far", async () => {
    const seen: unknown[] = [];
    const result = await isolated().run({
      name: "environment view",
      description: "a step reads the live environment",
      agents: [ticketAgent],
      environment,
      variables: { channel: "chat" },
      script: [
        (state) => void seen.push(snapshot(state.environment)),
        user("Please open a ticket"),
        agent(),
        (state) => void seen.push(snapshot(state.environment)),
        succeed(),
      ],
    });
    expect(result.status).toBe("pass");
    expect(seen).toEqual([
      { state: { tickets: [] }, variables: { channel: "chat" } },
      { state: { tickets: [{ subject: "refund" }] }, variables: { channel: "chat", ticket_count: 1 } },
    ]);
  });

  it("is undefined in a run with no declarative parts", async () => {
    let seen: unknown = "not read";
    const result = await isolated().run({
      name: "plain",
      description: "no environment",
      agents: [ticketAgent],
      script: [
        (state) => {
          seen = state.environment;
        },
        succeed(),
      ],
    });
    expect(result.status).toBe("pass");
    expect(seen).toBeUndefined();
  });
});

describe("seed steps without an environment session", () => {
  it("fail the run with step_failed, naming the step", async () => {
    // hidden inside a plain step, the seed step does not give the run an environment session
    const hidden = userMessage("hello");
    const run = isolated().run({
      name: "hidden seed step",
      description: "a seed step the runner cannot see",
      agents: [ticketAgent],
      script: [(state, executor) => hidden(state, executor), succeed()],
    });
    await expect(run).rejects.toSatisfy(
      (error: unknown) =>
        RehearseError.isInstance(error) &&
        error.code === "step_failed" &&
        error.message.includes("a user_message step runs only in a run with an environment session"),
    );
  });

  it("throw step_failed when driven by an executor that cannot run them (not a Rehearse run's)", () => {
    const state = new ScenarioExecutionState({ name: "standalone", description: "d", agents: [] });
    const foreign = {} as ScenarioExecutionLike;
    expect(() => userMessage("hello")(state, foreign)).toThrow(
      expect.objectContaining({ code: "step_failed", message: expect.stringContaining("only in a Rehearse run") }),
    );
  });
});
