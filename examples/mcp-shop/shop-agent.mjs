// The agent under test: a scripted support agent (no model) that knows the shop only through
// MCP. Each turn it connects the SDK's Client to the run's MCP URL, looks the order up, refunds
// it when asked, and retries once when a tool answers with a rate-limit error result.

import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { mcpAgent } from "@rehearse/core/mcp";

/** A tool's answer: its structured content, or its text parsed as JSON. */
function content(result) {
  return result.structuredContent ?? JSON.parse(result.content?.[0]?.text ?? "null");
}

/** Calls a tool; a rate-limited call (an error result of type rate_limit) is tried once more. */
async function call(client, name, args) {
  const first = await client.callTool({ name, arguments: args });
  if (!first.isError || content(first)?.error?.type !== "rate_limit") return first;
  return client.callTool({ name, arguments: args });
}

/** One support turn over an MCP session. */
async function reply(client, text) {
  const orderId = /\b[A-Z]\d{3}\b/.exec(text)?.[0];
  if (!orderId) return "Which order is it about? Please give me its number.";
  const order = await call(client, "get_order", { order_id: orderId });
  if (order.isError) return `I could not look order ${orderId} up right now; please try again later.`;
  const found = content(order);
  if (found.error) return `I found no order ${orderId}.`;
  if (!/refund/i.test(text)) return `Order ${orderId} is ${found.status}.`;
  const refunded = await call(client, "refund", { order_id: orderId });
  if (refunded.isError)
    return `The refund of ${orderId} failed (${content(refunded)?.error?.message}); a colleague will follow up.`;
  const outcome = content(refunded);
  return outcome.ok
    ? `I refunded $${outcome.refunded} for order ${orderId}.`
    : `I could not refund ${orderId}: ${outcome.reason}.`;
}

/** A fresh agent per scenario (the scenario file names this factory), so each run has its own MCP server. */
export function createShopAgent() {
  return mcpAgent({
    name: "McpShopAgent",
    call: async (input, mcp) => {
      const client = new Client({ name: "mcp-shop-agent", version: "1.0.0" });
      await client.connect(new StreamableHTTPClientTransport(new URL(mcp.url)));
      try {
        const last = input.messages.findLast((message) => message.role === "user");
        return await reply(client, typeof last?.content === "string" ? last.content : "");
      } finally {
        await client.close();
      }
    },
  });
}
