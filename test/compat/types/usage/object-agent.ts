import scenario, { type AgentAdapter, AgentRole } from "@langwatch/scenario";
import { expect } from "vitest";

const echo: AgentAdapter = {
  role: AgentRole.AGENT,
  call: async (input) => `You said: ${input.messages.at(-1)?.content}`,
};

export async function echoes(): Promise<void> {
  const result = await scenario.run({
    name: "echo",
    description: "The agent repeats what the user says.",
    agents: [echo, scenario.userSimulatorAgent(), scenario.judgeAgent({ criteria: ["The agent repeats the user"] })],
    script: [scenario.user("hello"), scenario.agent(), scenario.judge()],
  });
  expect(result.success).toBe(true);
}
