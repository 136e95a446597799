// Reading a result, and catching a run that rejects.
import scenario, { type AgentAdapter, AgentRole, type ScenarioResult } from "@langwatch/scenario";
import { expect } from "vitest";

export function expectSuccess(result: ScenarioResult): void {
  try {
    expect(result.success).toBe(true);
  } catch (error) {
    console.log(result.reasoning, result.unmetCriteria, result.error);
    throw error;
  }
}

export function summary(result: ScenarioResult): string {
  const seconds = (result.totalTime ?? 0).toFixed(1);
  const agentSeconds = result.agentTime?.toFixed(1) ?? "?";
  return [
    `${result.runId}: ${result.success ? "passed" : "failed"} in ${seconds}s (agent ${agentSeconds}s)`,
    `met: ${result.metCriteria.join(", ")}`,
    `unmet: ${result.unmetCriteria.join(", ")}`,
    `${result.messages.length} messages`,
    result.reasoning ?? "",
  ].join("\n");
}

const broken: AgentAdapter = {
  role: AgentRole.AGENT,
  call: async () => {
    throw new Error("Simulated agent failure");
  },
};

export async function rejects(): Promise<void> {
  await expect(
    scenario.run({
      name: "agent error",
      description: "The agent under test throws.",
      agents: [broken, scenario.userSimulatorAgent(), scenario.judgeAgent({ criteria: ["The agent does not throw"] })],
      setId: "errors",
    }),
  ).rejects.toThrow("Simulated agent failure");

  const error = await scenario
    .run({ name: "caught", description: "d", agents: [broken], script: [scenario.user("hi"), scenario.agent()] })
    .catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(Error);
}
