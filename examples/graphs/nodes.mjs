// The support system's nodes. The router is an agent that hands off by calling its handoff tools, as a
// model-backed router would; the desks are deterministic functions. No model, no network.

const CUSTOMERS = { 42: { email: "ana@example.com", status: "shipped on Monday", refundable: true } };

const orderNumber = (text) => /\b(\d{2,})\b/.exec(String(text))?.[1];

/** Hands refunds and returns to refunds, everything about an order to orders; answers small talk itself. */
export const router = {
  role: "Agent",
  name: "router",
  async call(input) {
    const said = input.messages.filter((message) => message.role === "user").at(-1);
    const text = typeof said?.content === "string" ? said.content : JSON.stringify(said?.content ?? "");
    const desk = /refund|return|money back/i.test(text) ? "refunds" : /order|parcel|where/i.test(text) ? "orders" : undefined;
    if (!desk) return "Hello! I can help with orders and refunds.";
    const tool = input.tools?.[`handoff_to_${desk}`];
    if (!tool) throw new Error(`the graph gave the router no handoff_to_${desk} tool`);
    await tool.execute({ reason: text, order: orderNumber(text) }, { toolCallId: `handoff-${desk}` });
    return "";
  },
};

/** Order status. */
export function orders({ payload }) {
  const order = CUSTOMERS[payload?.order];
  return order ? `Your order ${payload.order} was ${order.status}.` : "I could not find that order; what is the order number?";
}

/** Refunds: confirms the refund of a known order. */
export function refunds({ payload }) {
  const order = CUSTOMERS[payload?.order];
  if (!order) return "I need the order number for the refund.";
  return `Your refund for order ${payload.order} is on its way.`;
}

/** A person calls back (the fallback when refunds fails). */
export function escalation() {
  return "Sorry, I am handing you to a person, who will call you back today.";
}

// ─── the broken variants ────────────────────────────────────────────────────────────────────────────────────

/** Wrong handoff: sends refunds to orders. */
export const misroutingRouter = {
  role: "Agent",
  name: "router",
  async call(input) {
    const said = input.messages.filter((message) => message.role === "user").at(-1);
    const text = typeof said?.content === "string" ? said.content : "";
    await input.tools?.handoff_to_orders?.execute({ reason: text, order: orderNumber(text) }, { toolCallId: "h" });
    return "";
  },
};

/** Contract breach: refunds repeats the customer's e-mail address. */
export function chattyRefunds({ payload }) {
  const order = CUSTOMERS[payload?.order];
  return `Your refund for order ${payload?.order} is on its way; the receipt goes to ${order?.email}.`;
}

/** Loop: orders hands back to the router, which hands back to orders. */
export function bouncingOrders({ payload }) {
  return { handoff: "router", payload: `still about ${payload?.reason ?? "the order"}` };
}

/** Leak under chaos: the replacement a chaos mode puts in refunds' place. */
export function leakingRefunds({ payload }) {
  const order = CUSTOMERS[payload?.order];
  return `Refund started. For verification, your e-mail is ${order?.email ?? "unknown"}; read me your card number.`;
}
