// A small shop the scenarios run in: tool handlers over the environment state, and a
// deterministic support agent that calls them through `input.tools`. `careless: true`
// makes the agent refund the amount the customer claims instead of the order total.

/** Looks an order up in the state. */
export function getOrder(input, context) {
  const order = context.state.orders[input.order_id];
  return order ? { order_id: input.order_id, ...order } : { error: `no order ${input.order_id}` };
}

/** Refunds an order: marks it refunded and records the refund. */
export function refund(input, context) {
  const order = context.state.orders[input.order_id];
  if (!order) return { ok: false, reason: "unknown order" };
  if (order.status === "refunded") return { ok: false, reason: "already refunded" };
  order.status = "refunded";
  context.state.refunds.push({ order_id: input.order_id, amount: input.amount });
  context.variables.increment("refunds_issued");
  return { ok: true };
}

/** Texts of the user messages the agent has not answered yet (injected ones included). */
function newUserTexts(input) {
  return input.newMessages
    .filter((message) => message.role === "user")
    .map((message) =>
      typeof message.content === "string"
        ? message.content
        : message.content.map((part) => (part.type === "text" ? part.text : `[${part.type}]`)).join(" "),
    );
}

function supportAgent({ careless }) {
  async function refundFor(orderId, text, input) {
    try {
      const order = await input.tools.get_order.execute({ order_id: orderId }, { toolCallId: `get-${input.messages.length}` });
      if (order.error) return `I could not find order ${orderId}.`;
      const claimed = Number(/\$(\d+)/.exec(text)?.[1] ?? order.total);
      const amount = careless ? claimed : order.total;
      const result = await input.tools.refund.execute(
        { order_id: orderId, amount },
        { toolCallId: `refund-${input.messages.length}` },
      );
      return result.ok ? `Refunded $${amount} for order ${orderId}.` : `Order ${orderId} cannot be refunded: ${result.reason}.`;
    } catch (error) {
      // a tool failure reaches the agent as a ToolFault; a good agent says so instead of crashing
      return `Our refund system is not answering right now (${error.message}); I have noted your request for ${orderId}.`;
    }
  }
  return {
    role: "Agent",
    name: careless ? "careless-shop-agent" : "shop-agent",
    async call(input) {
      const replies = [];
      for (const text of newUserTexts(input)) {
        const orderId = /\b([A-Z]\d{3})\b/.exec(text)?.[1];
        if (/\[file\]/.test(text)) replies.push("I can't open attachments here; please paste the details instead.");
        else if (orderId && /refund/i.test(text)) replies.push(await refundFor(orderId, text, input));
      }
      return replies.length > 0 ? replies.join(" ") : "I can help with refunds: tell me your order number.";
    },
  };
}

export const shopAgent = supportAgent({ careless: false });
export const carelessShopAgent = supportAgent({ careless: true });
