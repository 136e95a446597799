// A judge written by hand, deciding from the tool calls in the conversation; no model.
import scenario, { AgentAdapter, type AgentInput, type AgentReturnTypes, AgentRole, type JudgeResult } from "@langwatch/scenario";
import { expect } from "vitest";

class RequiredToolsJudge extends AgentAdapter {
  role = AgentRole.JUDGE;
  criteria: string[];

  constructor(private readonly tools: string[]) {
    super();
    this.criteria = tools.map((tool) => `calls ${tool}`);
  }

  async call(input: AgentInput): Promise<AgentReturnTypes> {
    if (!input.judgmentRequest) return null;
    const called = new Set<string>();
    for (const message of input.messages) {
      if (message.role !== "assistant" || typeof message.content === "string") continue;
      for (const part of message.content) if (part.type === "tool-call") called.add(part.toolName);
    }
    const verdict: JudgeResult = {
      success: this.tools.every((tool) => called.has(tool)),
      reasoning: `called: ${[...called].join(", ") || "nothing"}`,
      metCriteria: this.tools.filter((tool) => called.has(tool)).map((tool) => `calls ${tool}`),
      unmetCriteria: this.tools.filter((tool) => !called.has(tool)).map((tool) => `calls ${tool}`),
    };
    return verdict;
  }
}

const weatherAgent: AgentAdapter = {
  role: AgentRole.AGENT,
  async call(): Promise<AgentReturnTypes> {
    return [
      {
        role: "assistant",
        content: [{ type: "tool-call", toolCallId: "call_1", toolName: "get_weather", input: { city: "Lisbon" } }],
      },
      {
        role: "tool",
        content: [
          { type: "tool-result", toolCallId: "call_1", toolName: "get_weather", output: { type: "text", value: "sunny" } },
        ],
      },
      { role: "assistant", content: "It is sunny in Lisbon." },
    ];
  },
};

export async function deterministicJudge(): Promise<void> {
  const result = await scenario.run({
    name: "weather tool",
    description: "The user asks for the weather in Lisbon.",
    agents: [weatherAgent, scenario.userSimulatorAgent(), new RequiredToolsJudge(["get_weather"])],
    script: [scenario.user("Weather in Lisbon?"), scenario.agent(), scenario.judge()],
  });
  expect(result.success).toBe(true);
  expect(result.metCriteria).toContain("calls get_weather");
  expect(result.unmetCriteria).toHaveLength(0);
}
