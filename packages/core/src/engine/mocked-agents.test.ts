import { describe, expect, it, vi } from "vitest";
import type { Agent } from "../domain/agent.js";
import { AgentRole } from "../domain/roles.js";
import { agent, judge, user } from "../script/steps.js";
import { runRecorded } from "../test-support/harness.js";

/**
 * What auto-mocking libraries (vitest-mock-extended's `mock<AgentAdapter>()`,
 * jest-mock-extended) hand out: the given fields, and a mock function for any
 * other property read — `criteria`, `name`, `resultReport` included.
 */
function autoMock(fields: Pick<Agent, "role" | "call">): Agent {
  const made = new Map<PropertyKey, unknown>();
  return new Proxy(fields as Agent, {
    get(target, key) {
      if (key in target) return target[key as keyof Agent];
      if (key === "then") return undefined; // not a promise
      if (!made.has(key)) made.set(key, vi.fn());
      return made.get(key);
    },
  });
}

const base = { name: "mocked agents", description: "agents made by an auto-mocking library" };

describe("auto-mocked agents", () => {
  it("a judge whose criteria is a mock function has none: max turns fails the run, listing nothing unmet", async () => {
    const { result } = await runRecorded({
      ...base,
      agents: [
        autoMock({ role: AgentRole.AGENT, call: async () => "Hello, world!" }),
        autoMock({ role: AgentRole.USER, call: async () => "Hello, world!" }),
        autoMock({ role: AgentRole.JUDGE, call: async () => null }),
      ],
    });
    expect(result.status).toBe("fail");
    expect(result.reasoning).toContain("Reached maximum turns (10)");
    expect(result.unmetCriteria).toEqual([]);
    expect(result.messages).toHaveLength(20);
  });

  it("a mock function in place of a name is not used as one: an error names the agent by its role", async () => {
    const failing = autoMock({
      role: AgentRole.AGENT,
      call: async () => {
        throw new Error("Simulated agent failure");
      },
    });
    const rejection = await runRecorded({ ...base, agents: [failing], script: [user("hi"), agent()] }).then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    expect(rejection?.message).toBe("[Agent] Simulated agent failure");
  });

  it("a judge() checkpoint with text criteria still asks an auto-mocked judge, and its verdict decides", async () => {
    const verdict = { success: true, reasoning: "fine", metCriteria: ["polite"], unmetCriteria: [] };
    const { result } = await runRecorded({
      ...base,
      agents: [
        autoMock({ role: AgentRole.AGENT, call: async () => "hi" }),
        autoMock({ role: AgentRole.JUDGE, call: async (input) => (input.judgmentRequest ? verdict : null) }),
      ],
      script: [user("hello"), agent(), judge({ criteria: ["polite"] }), judge()],
    });
    expect(result.status).toBe("pass");
    expect(result.metCriteria).toEqual(["polite"]);
  });
});
