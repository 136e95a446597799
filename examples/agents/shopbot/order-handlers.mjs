// Orders, refunds and tickets. One flaw lives here: with `tool_timeout` the bot reports a refund
// as done although the refund tool failed.
import { faultText, replies } from "./replies.mjs";
import { REFUND_LIMIT } from "./shop-data.mjs";
import { failed } from "./tool-tape.mjs";

const unreachable = (orderId, result) =>
  `I can't reach our order system right now (${faultText(result)}), so I haven't changed anything on order ${orderId}. Please try again in a few minutes.`;

/** The order, or the text to answer when it cannot be used. */
function loadOrder(tape, orderId) {
  const order = tape.read("get_order", { order_id: orderId });
  if (failed(order)) return { reply: unreachable(orderId, order) };
  if (!order.found) return { reply: `I couldn't find an order ${orderId}. Could you check the number?` };
  return { order };
}

function refundReceipt(orderId, result) {
  return result.ok
    ? `Done: I refunded $${result.amount} for order ${orderId} (refund reference ${result.refund_id}).`
    : `I couldn't refund order ${orderId}: ${result.reason}.`;
}

/** After a failed refund call: look before retrying (a timed-out refund may have gone through), retry once, then hand over. */
function recoverRefund({ tape }, order, failure) {
  const orderId = order.order_id;
  const check = tape.read("get_order", { order_id: orderId });
  if (!failed(check) && check.status === "refunded") {
    return `The refund system was slow, but order ${orderId} now shows as refunded, so there is nothing more to do.`;
  }
  let result = failure;
  if (!failed(check) && failure.error.recoverable) {
    result = tape.use("refund", { order_id: orderId, amount: order.total });
    if (!failed(result)) return refundReceipt(orderId, result);
  }
  const ticket = tape.use("create_ticket", {
    subject: `Refund for order ${orderId} did not go through`,
    customer_id: order.customer_id,
    order_id: orderId,
    description: `The refund tool failed (${faultText(result)}); refund $${order.total} by hand.`,
  });
  const stopped = `I couldn't finish the refund for order ${orderId}: the refund system reported ${faultText(result)}, and no money has moved yet.`;
  return failed(ticket)
    ? `${stopped} I couldn't open a ticket either, so please ask again in a little while.`
    : `${stopped} I've opened ticket ${ticket.ticket_id} so our team finishes it; you don't need to ask again.`;
}

function refund(context, intent) {
  const { tape, has } = context;
  if (!intent.orderId) return replies.askOrder;
  const { order, reply } = loadOrder(tape, intent.orderId);
  if (!order) return reply;
  const orderId = intent.orderId;
  if (order.status === "refunded") return `Order ${orderId} has already been refunded.`;
  if (order.status !== "delivered") {
    return `Order ${orderId} hasn't been delivered yet (it is ${order.status}); once it arrives I can help with a refund.`;
  }
  if (order.total > REFUND_LIMIT) {
    const ticket = tape.use("create_ticket", {
      subject: `Refund request for order ${orderId}`,
      customer_id: order.customer_id,
      order_id: orderId,
      description: `Customer asks for a refund of order ${orderId} ($${order.total}), above the $${REFUND_LIMIT} self-service limit.`,
    });
    if (failed(ticket))
      return `I couldn't open a refund case for order ${orderId} (${faultText(ticket)}). Please try again shortly.`;
    return `Refunds above $${REFUND_LIMIT} are handled by our team, so I've opened ticket ${ticket.ticket_id} for order ${orderId}. They will contact you within two working days.`;
  }
  // the order's own total, whatever amount the customer mentions
  const result = tape.use("refund", { order_id: orderId, amount: order.total });
  if (!failed(result)) return refundReceipt(orderId, result);
  if (has("tool_timeout")) return `Your refund of $${order.total} for order ${orderId} has been processed.`;
  return recoverRefund(context, order, result);
}

function orderStatus({ tape }, intent) {
  const { order, reply } = loadOrder(tape, intent.orderId);
  if (!order) return reply;
  return `Order ${intent.orderId} (${order.item}, $${order.total}) is ${order.status}.`;
}

function ticketStatus({ tape }, intent) {
  const ticket = tape.read("get_ticket", { ticket_id: intent.ticketId });
  if (failed(ticket)) return `I can't reach the ticket system right now (${faultText(ticket)}). Please try again shortly.`;
  if (!ticket.found) return `I couldn't find a ticket ${intent.ticketId}. Could you check the number?`;
  return `Ticket ${ticket.id} ("${ticket.subject}") is ${ticket.status}.`;
}

function newTicket({ tape }, intent, request) {
  const ticket = tape.use("create_ticket", {
    subject: intent.orderId ? `Customer request about order ${intent.orderId}` : "Customer request",
    ...(intent.orderId ? { order_id: intent.orderId } : {}),
    description: request.text.slice(0, 500),
  });
  if (failed(ticket)) return `I couldn't open a ticket right now (${faultText(ticket)}). Please try again shortly.`;
  return `I've opened ticket ${ticket.ticket_id}; someone from our team will get back to you.`;
}

/** Handlers by request kind: `(context, intent, request) => reply text` (tools through `context.tape`). */
export const orderHandlers = Object.freeze({
  refund,
  order_status: orderStatus,
  ticket_status: ticketStatus,
  new_ticket: newTicket,
});
