// The shop the MCP scenario runs in: tool handlers over the environment state. The agent under
// test never sees these functions; it reaches them only as MCP tools.

/** Looks an order up in the state. */
export function getOrder(input, context) {
  const order = context.state.orders[input.order_id];
  return order ? { order_id: input.order_id, ...order } : { error: `no order ${input.order_id}` };
}

/** Refunds an order's total: marks it refunded and records the refund. */
export function refund(input, context) {
  const order = context.state.orders[input.order_id];
  if (!order) return { ok: false, reason: "unknown order" };
  if (order.status === "refunded") return { ok: false, reason: "already refunded" };
  order.status = "refunded";
  context.state.refunds.push({ order_id: input.order_id, amount: order.total });
  return { ok: true, refunded: order.total };
}
