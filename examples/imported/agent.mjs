// The current version of the shop's support agent, as a small local module (no model, no keys) so the
// example runs offline: it never refunds more than the order cost, which production did at turn 3 of
// conversation prod-0003. Swap in your real agent with `rehearse import … --agent <module>`.
const orders = { A100: { total: 25 }, B200: { total: 40 }, C300: { total: 60 } };

/** The agent under test: answers the latest user message, seeing the replayed history in `input.messages`. */
export default {
  role: "Agent",
  async call(input) {
    const text = (message) => (typeof message.content === "string" ? message.content : "");
    const last = text(input.messages.findLast((message) => message.role === "user") ?? { content: "" });
    const history = input.messages.map(text).join("\n");
    const order = /\b([A-C]\d{3})\b/.exec(`${history}\n${last}`)?.[1];
    const asked = /\$(\d+)/.exec(last);
    if (/refund/i.test(last) && order && orders[order]) {
      const total = orders[order].total;
      if (asked && Number(asked[1]) > total) {
        return `I can refund the $${total} you paid for order ${order}, not $${asked[1]}. Shall I go ahead with $${total}?`;
      }
      return `I can refund the $${total} you paid for order ${order}. Shall I go ahead?`;
    }
    return "Could you tell me more so I can help?";
  },
};
