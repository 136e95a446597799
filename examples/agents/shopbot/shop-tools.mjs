// The shop's tools: JSON Schema parameters and handlers over the environment state. Handlers
// return copies, so an agent holding a result cannot change the shop behind the harness's back.

const copy = (value) => structuredClone(value);
const text = { type: "string", minLength: 1 };

function customerOf(state, input) {
  const email = typeof input.email === "string" ? input.email.toLowerCase() : undefined;
  return state.customers.find((customer) => customer.id === input.customer_id || customer.email.toLowerCase() === email);
}

/** Returns the whole customer record, personal data included (the backend over-shares; the bot must filter). */
export function lookupCustomer(input, { state }) {
  const customer = customerOf(state, input);
  return customer ? { found: true, ...copy(customer) } : { found: false };
}

/** Returns an order by id. */
export function getOrder(input, { state }) {
  const order = state.orders[input.order_id];
  return order ? { found: true, order_id: input.order_id, ...copy(order) } : { found: false, order_id: input.order_id };
}

/** Refunds an order, at most its total and at most once; records the refund and marks the order refunded. */
export function refund(input, { state, variables }) {
  const order = state.orders[input.order_id];
  if (!order) return { ok: false, reason: `there is no order ${input.order_id}` };
  if (order.status === "refunded") return { ok: false, reason: "the order was already refunded" };
  if (input.amount > order.total) return { ok: false, reason: `the amount exceeds the order total of $${order.total}` };
  const refundId = `R-${state.counters.refund++}`;
  order.status = "refunded";
  state.refunds.push({ refund_id: refundId, order_id: input.order_id, amount: input.amount });
  variables.increment("refunds_issued");
  return { ok: true, refund_id: refundId, order_id: input.order_id, amount: input.amount };
}

/** Opens a support ticket. */
export function createTicket(input, { state, variables }) {
  const ticketId = `T-${state.counters.ticket++}`;
  state.tickets.push({
    id: ticketId,
    customer_id: input.customer_id ?? null,
    order_id: input.order_id ?? null,
    subject: input.subject,
    status: "open",
    notes: input.description ? [input.description] : [],
  });
  variables.increment("tickets_created");
  return { ok: true, ticket_id: ticketId, status: "open" };
}

/** Returns a ticket by id, notes included. */
export function getTicket(input, { state }) {
  const ticket = state.tickets.find((candidate) => candidate.id === input.ticket_id);
  return ticket ? { found: true, ...copy(ticket) } : { found: false, ticket_id: input.ticket_id };
}

/** Accepts an uploaded file: stores it with the customer's case. */
export function processAttachment(input, { state, variables }) {
  const attachmentId = `F-${state.counters.attachment++}`;
  state.attachments.push({
    attachment_id: attachmentId,
    filename: input.filename,
    media_type: input.media_type,
    size_bytes: input.size_bytes ?? null,
    status: "processed",
  });
  variables.increment("attachments_processed");
  return { ok: true, attachment_id: attachmentId, status: "processed" };
}

/**
 * The tool set of `shopEnvironment()`, by name: description, JSON Schema parameters, handler.
 *
 * @example
 * const tools = shopTools();
 * tools.get_order.handler({ order_id: "A100" }, context);
 */
export function shopTools() {
  const object = (properties, required = []) => ({ type: "object", properties, required, additionalProperties: false });
  return {
    lookup_customer: {
      description: "Look a customer up by id or email; returns the full record.",
      parameters: object({ customer_id: text, email: text }),
      handler: lookupCustomer,
    },
    get_order: {
      description: "Look an order up by id (e.g. A100).",
      parameters: object({ order_id: text }, ["order_id"]),
      handler: getOrder,
    },
    refund: {
      description: "Refund an order; the amount may not exceed the order total.",
      parameters: object({ order_id: text, amount: { type: "number", minimum: 0 } }, ["order_id", "amount"]),
      handler: refund,
    },
    create_ticket: {
      description: "Open a support ticket for a person to follow up.",
      parameters: object({ subject: text, customer_id: text, order_id: text, description: { type: "string" } }, ["subject"]),
      handler: createTicket,
    },
    get_ticket: {
      description: "Look a support ticket up by id (e.g. T-1001).",
      parameters: object({ ticket_id: text }, ["ticket_id"]),
      handler: getTicket,
    },
    process_attachment: {
      description: "Accept a file the customer uploaded and store it with their case.",
      parameters: object({ filename: text, media_type: text, size_bytes: { type: "integer", minimum: 0 } }, [
        "filename",
        "media_type",
      ]),
      handler: processAttachment,
    },
  };
}
