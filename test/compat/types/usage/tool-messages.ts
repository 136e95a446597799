// An agent that runs its tool itself and returns the call and the result as messages.
import scenario, { type AgentAdapter, type AgentReturnTypes, AgentRole } from "@langwatch/scenario";
import type { AssistantModelMessage, ModelMessage, ToolModelMessage } from "ai";
import { expect } from "vitest";

function lookupOrder(orderId: string): { status: string } {
  return { status: orderId === "1002" ? "shipped" : "unknown" };
}

const orderAgent: AgentAdapter = {
  role: AgentRole.AGENT,
  call: async (input) => {
    const asked = input.messages.some((message) => String(message.content).includes("1002"));
    if (!asked) return { role: "assistant", content: "Which order?" };
    const call: AssistantModelMessage = {
      role: "assistant",
      content: [{ type: "tool-call", toolCallId: "call_7", toolName: "lookup_order", input: { orderId: "1002" } }],
    };
    const result: ToolModelMessage = {
      role: "tool",
      content: [
        {
          type: "tool-result",
          toolCallId: "call_7",
          toolName: "lookup_order",
          output: { type: "json", value: lookupOrder("1002") },
        },
      ],
    };
    const messages: ModelMessage[] = [call, result, { role: "assistant", content: "Order 1002 has shipped." }];
    return messages;
  },
};

export const asConst = {
  role: AgentRole.AGENT,
  call: async (): Promise<AgentReturnTypes> => [
    {
      role: "assistant" as const,
      content: [{ type: "tool-call" as const, toolCallId: "c1", toolName: "ping", input: {} }],
    },
    {
      role: "tool" as const,
      content: [
        { type: "tool-result" as const, toolCallId: "c1", toolName: "ping", output: { type: "text" as const, value: "pong" } },
      ],
    },
  ],
} satisfies AgentAdapter;

export async function toolMessages(): Promise<void> {
  const result = await scenario.run({
    name: "order status",
    description: "A customer asks where order 1002 is.",
    agents: [orderAgent, scenario.userSimulatorAgent()],
    script: [
      scenario.user("Where is order 1002?"),
      scenario.agent(),
      (state) => expect(state.hasToolCall("lookup_order")).toBe(true),
      scenario.succeed(),
    ],
  });
  expect(result.messages.some((message) => message.role === "tool")).toBe(true);
}
