// Agents made by auto-mocking libraries (vitest-mock-extended's `mock<AgentAdapter>()`,
// jest-mock-extended): the given fields, and a mock function for every other property —
// `criteria` and `name` included. The reference's max-turns example is written this way.
import scenario from "@langwatch/scenario";
import { describe, expect, it, vi } from "vitest";

type Reply = string | null;

/** What `mock<AgentAdapter>({ role, call })` hands out. */
function autoMock(role: string, call: () => Promise<Reply>): { role: never; call: () => Promise<Reply> } {
  const made = new Map<PropertyKey, unknown>();
  const given: Record<PropertyKey, unknown> = { role, call };
  return new Proxy(given, {
    get(target, key) {
      if (key in target) return target[key];
      if (key === "then") return undefined;
      if (!made.has(key)) made.set(key, vi.fn());
      return made.get(key);
    },
  }) as never;
}

describe("auto-mocked agents", () => {
  it("a mocked judge that never concludes: the run stops at the default max turns, 20 messages, and fails", async () => {
    const result = await scenario.run({
      name: "max turns example",
      description: "Agents mocked with an auto-mocking library.",
      agents: [
        autoMock(scenario.AgentRole.AGENT, async () => "Hello, world!"),
        autoMock(scenario.AgentRole.USER, async () => "Hello, world!"),
        autoMock(scenario.AgentRole.JUDGE, async () => null),
      ],
    });
    expect(result.messages).toHaveLength(20);
    expect(result.success).toBe(false);
    expect(result.reasoning).toContain("maximum turns (10)");
  });

  it("with maxTurns 20 the run stops at 40 messages", async () => {
    const result = await scenario.run({
      name: "max turns example",
      description: "Agents mocked with an auto-mocking library.",
      maxTurns: 20,
      agents: [
        autoMock(scenario.AgentRole.AGENT, async () => "Hello, world!"),
        autoMock(scenario.AgentRole.USER, async () => "Hello, world!"),
        autoMock(scenario.AgentRole.JUDGE, async () => null),
      ],
    });
    expect(result.messages).toHaveLength(40);
  });

  it("a mocked agent that throws rejects with its message", async () => {
    const failing = autoMock(scenario.AgentRole.AGENT, async () => {
      throw new Error("Simulated agent failure");
    });
    const run = scenario.run({
      name: "mocked failure",
      description: "d",
      agents: [failing, autoMock(scenario.AgentRole.USER, async () => "hi")],
      script: [scenario.user(), scenario.agent()],
    });
    await expect(run).rejects.toThrow("Simulated agent failure");
  });
});
