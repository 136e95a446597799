// A tiny rule-based support agent, standing in for the agent you want to test.
// It keeps no state of its own: everything it knows comes from the conversation.
import { AgentRole } from "@rehearse/core";

const orders = { 1001: { item: "headphones", total: 59 }, 1002: { item: "keyboard", total: 89 } };

function lastUserText(messages) {
  const last = messages.findLast((message) => message.role === "user");
  return typeof last?.content === "string" ? last.content : "";
}

export const supportAgent = {
  name: "SupportAgent",
  role: AgentRole.AGENT,
  async call(input) {
    const text = lastUserText(input.messages).toLowerCase();
    const orderId = text.match(/\b(\d{4})\b/)?.[1];
    const wantsRefund = input.messages.some((message) => message.role === "user" && /refund/i.test(String(message.content)));
    if (wantsRefund && orderId) {
      const order = orders[orderId];
      if (!order) return `I could not find order ${orderId}. Could you check the number?`;
      return {
        role: "assistant",
        content: [
          { type: "text", text: `I have started a refund of $${order.total} for your ${order.item} (order ${orderId}).` },
          {
            type: "tool-call",
            toolCallId: `refund-${orderId}`,
            toolName: "issue_refund",
            input: { orderId, amount: order.total },
          },
        ],
      };
    }
    if (text.includes("refund")) return "I can help with a refund. What is your order number?";
    if (text.includes("password"))
      return "For your security I cannot see or change passwords here; use the reset link on the sign-in page.";
    return "Hello! I can help with orders and refunds. What do you need?";
  },
};
