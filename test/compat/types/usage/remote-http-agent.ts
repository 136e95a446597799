// An adapter for an agent behind HTTP: sends the last message (text or text part), returns the JSON answer.
import scenario, { type AgentAdapter, AgentRole } from "@langwatch/scenario";
import { expect } from "vitest";

export function httpAdapter(baseUrl: string): AgentAdapter {
  return {
    role: AgentRole.AGENT,
    call: async (input) => {
      const last = input.messages[input.messages.length - 1];
      const content =
        typeof last?.content === "string"
          ? last.content
          : ((last?.content.find((part) => part.type === "text") as { text?: string } | undefined)?.text ?? "");
      const response = await fetch(`${baseUrl}/chat`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ message: content, threadId: input.threadId }),
      });
      const body = (await response.json()) as { response: string };
      return body.response;
    },
  };
}

export async function overHttp(baseUrl: string): Promise<void> {
  const result = await scenario.run({
    name: "weather over HTTP",
    description: "The user asks about the weather through an HTTP API.",
    agents: [scenario.userSimulatorAgent(), httpAdapter(baseUrl), scenario.judgeAgent({ criteria: ["The agent answers"] })],
    script: [
      scenario.user("What's the weather in Paris?"),
      scenario.agent(),
      scenario.user(),
      scenario.agent(),
      scenario.judge(),
    ],
    setId: "remote-agents",
  });
  expect(result.success).toBe(true);
}
