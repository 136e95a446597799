// Several scenarios of one set, run concurrently.
import scenario, { type AgentAdapter, AgentRole, type ScenarioResult } from "@langwatch/scenario";
import { describe, expect, it } from "vitest";

const echo: AgentAdapter = { role: AgentRole.AGENT, call: async (input) => `You said: ${input.messages.at(-1)?.content}` };
const quietUser: AgentAdapter = { role: AgentRole.USER, call: async () => "" };

describe.concurrent("echo suite", () => {
  const setId = "echo-suite";
  for (const text of ["Hello world!", "Another test."]) {
    it(`echoes ${text}`, async () => {
      const result: ScenarioResult = await scenario.run({
        name: `echo ${text}`,
        description: "The agent echoes the user.",
        setId,
        agents: [echo, quietUser],
        script: [scenario.user(text), scenario.agent(`You said: ${text}`), scenario.succeed("echoed")],
      });
      expect(result.success).toBe(true);
    });
  }
});

it("runs two scenarios at once", async () => {
  const results = await Promise.all(
    ["a", "b"].map((name) =>
      scenario.run({ name, description: "parallel", agents: [echo], script: [scenario.user(name), scenario.agent()] }),
    ),
  );
  expect(results.every((result) => result.success)).toBe(true);
});
