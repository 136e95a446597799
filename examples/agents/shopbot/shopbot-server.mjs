// The shopbot behind an OpenAI-compatible chat-completions endpoint on 127.0.0.1: it answers
// with `tool_calls` and the caller (Rehearse's harness) executes them and calls again, as with a
// hosted model. The bot keeps no session: every request carries the whole conversation.
import { createServer } from "node:http";
import { fromChatMessages } from "./conversation.mjs";
import { decide } from "./policy.mjs";

const MAX_BODY_BYTES = 5 * 1024 * 1024;

async function readBody(request) {
  const chunks = [];
  let size = 0;
  for await (const chunk of request) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new RequestError(413, `the body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

class RequestError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function requestSchema(z) {
  const message = z.object({ role: z.enum(["system", "user", "assistant", "tool"]) }).loose();
  return z.object({ model: z.string().min(1), messages: z.array(message).min(1) }).loose();
}

/** The chat completion for a decision; tool call ids are unique within the conversation. */
function completion(model, decision, position) {
  const message =
    "text" in decision
      ? { role: "assistant", content: decision.text }
      : {
          role: "assistant",
          content: null,
          tool_calls: decision.toolCalls.map((call, index) => ({
            id: `call_${position}_${index}`,
            type: "function",
            function: { name: call.name, arguments: JSON.stringify(call.input) },
          })),
        };
  const finishReason = "text" in decision ? "stop" : "tool_calls";
  return {
    id: `chatcmpl-shopbot-${position}`,
    object: "chat.completion",
    // fixed, so the same request always gets the same answer
    created: 0,
    model,
    choices: [{ index: 0, message, finish_reason: finishReason }],
    usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
  };
}

function send(response, status, body) {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

/**
 * Starts the shopbot's HTTP endpoint: `POST /v1/chat/completions` (and `GET /v1/models`). The
 * variant is `variant`, unless the request's model is `shopbot-hardened` or `shopbot-vulnerable`.
 *
 * @param {{ variant?: "hardened" | "vulnerable", port?: number, flaws?: readonly string[] }} [options]
 * @returns {Promise<{ url: string, close(): Promise<void> }>}
 *
 * @example
 * const server = await startShopbotServer({ variant: "hardened" });
 * const agent = openAICompatibleAgent({ baseURL: `${server.url}/v1`, model: "shopbot-hardened" });
 * // … run scenarios with `agent` …
 * await server.close();
 */
export async function startShopbotServer({ variant = "hardened", port = 0, flaws } = {}) {
  const { z } = await import("zod");
  const schema = requestSchema(z);
  const server = createServer(async (request, response) => {
    try {
      if (request.method === "GET" && request.url === "/v1/models") {
        const models = ["shopbot-hardened", "shopbot-vulnerable"].map((id) => ({ id, object: "model", owned_by: "shopbot" }));
        return send(response, 200, { object: "list", data: models });
      }
      if (request.method !== "POST" || request.url !== "/v1/chat/completions") throw new RequestError(404, "not found");
      let json;
      try {
        json = JSON.parse(await readBody(request));
      } catch (error) {
        throw error instanceof RequestError ? error : new RequestError(400, "the body is not JSON");
      }
      const parsed = schema.safeParse(json);
      if (!parsed.success) throw new RequestError(400, `invalid request: ${parsed.error.issues[0]?.message ?? "bad body"}`);
      const { model, messages } = parsed.data;
      const chosen = /^shopbot-(hardened|vulnerable)$/.exec(model)?.[1] ?? variant;
      const conversation = fromChatMessages(messages);
      const decision = decide(conversation, { variant: chosen, ...(chosen === variant && flaws ? { flaws } : {}) });
      send(response, 200, completion(model, decision, conversation.length));
    } catch (error) {
      const status = error instanceof RequestError ? error.status : 500;
      send(response, status, { error: { message: String(error?.message ?? error), type: "invalid_request_error" } });
    }
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const address = server.address();
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // keep-alive sockets would hold the server open for seconds
        server.closeAllConnections();
      }),
  };
}
