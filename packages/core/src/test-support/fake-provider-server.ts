import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One answer of the fake; fields left out get a plausible success reply. */
export interface FakeReply {
  /** HTTP status (default 200). */
  status?: number;
  headers?: Record<string, string>;
  /** Reply text, in the format of the endpoint called. */
  text?: string;
  /** Reply with a tool call instead of text. */
  toolCall?: { name: string; input: Record<string, unknown>; id?: string };
  /** Raw body (an object is sent as JSON); replaces the endpoint's format, e.g. for errors. */
  body?: unknown;
  /** Wait this long before answering (overrides the server's `delayMs`). */
  delayMs?: number;
}

/** A request the fake received. */
export interface RecordedRequest {
  method: string;
  path: string;
  /** Lower-case header names. */
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body (undefined when it was not JSON). */
  body: unknown;
  /** Requests in flight when this one arrived, itself included. */
  inFlight: number;
  /** When it arrived (`performance.now()`). */
  receivedAt: number;
}

/** A running fake of OpenAI Chat Completions and Anthropic Messages on 127.0.0.1. */
export interface FakeProviderServer {
  /** E.g. `http://127.0.0.1:54321`; OpenAI-style base URLs are `${origin}/v1`. */
  readonly origin: string;
  /** Every request, in arrival order. */
  readonly requests: readonly RecordedRequest[];
  /** The most requests that were in flight at once. */
  readonly maxInFlight: number;
  /** Queues replies, used first in, first out; once empty, requests get the default reply. */
  enqueue(...replies: FakeReply[]): void;
  close(): Promise<void>;
}

/**
 * Starts a fake provider on 127.0.0.1 (a free port) answering
 * `POST /v1/chat/completions` (OpenAI and compatible servers) and
 * `POST /v1/messages` (Anthropic); other paths get 404.
 *
 * @example
 * const server = await startFakeProviderServer({ defaultReply: { text: "hi" } });
 * server.enqueue({ status: 429, headers: { "retry-after": "2" }, body: { error: { message: "slow down" } } });
 */
export async function startFakeProviderServer(
  options: { defaultReply?: FakeReply; delayMs?: number } = {},
): Promise<FakeProviderServer> {
  const requests: RecordedRequest[] = [];
  const queue: FakeReply[] = [];
  let inFlight = 0;
  let maxInFlight = 0;

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const arrival = { inFlight, receivedAt: performance.now() };
    try {
      const raw = await readBody(request);
      const body = parseJson(raw);
      const path = request.url ?? "/";
      requests.push({ method: request.method ?? "GET", path, headers: { ...request.headers }, body, ...arrival });
      const reply = queue.shift() ?? options.defaultReply ?? { text: "ok" };
      const delayMs = reply.delayMs ?? options.delayMs ?? 0;
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      // routed by the path alone: Azure's URLs carry `?api-version=…`
      const answer = reply.body !== undefined ? reply.body : successBody(path.split("?")[0] ?? path, body, reply);
      const status = answer === undefined ? 404 : (reply.status ?? 200);
      const payload = answer === undefined ? { error: { message: `fake provider: no route ${path}` } } : answer;
      const text = typeof payload === "string" ? payload : JSON.stringify(payload);
      response.writeHead(status, { "content-type": "application/json", ...reply.headers });
      response.end(text);
    } finally {
      inFlight--;
    }
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    enqueue: (...replies) => void queue.push(...replies),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** The endpoint's success format, or undefined for an unknown path. */
function successBody(path: string, request: unknown, reply: FakeReply): unknown {
  const model = (request as { model?: unknown } | null)?.model ?? "fake-model";
  const call = reply.toolCall;
  if (path.endsWith("/chat/completions")) {
    const message = call
      ? {
          role: "assistant",
          content: null,
          tool_calls: [
            { id: call.id ?? "call_1", type: "function", function: { name: call.name, arguments: JSON.stringify(call.input) } },
          ],
        }
      : { role: "assistant", content: reply.text ?? "ok" };
    return {
      id: "chatcmpl-fake",
      object: "chat.completion",
      created: 0,
      model,
      choices: [{ index: 0, message, finish_reason: call ? "tool_calls" : "stop" }],
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
    };
  }
  if (path.endsWith("/messages")) {
    const content = call
      ? [{ type: "tool_use", id: call.id ?? "toolu_1", name: call.name, input: call.input }]
      : [{ type: "text", text: reply.text ?? "ok" }];
    return {
      id: "msg_fake",
      type: "message",
      role: "assistant",
      model,
      content,
      stop_reason: call ? "tool_use" : "end_turn",
      stop_sequence: null,
      usage: { input_tokens: 10, output_tokens: 5 },
    };
  }
  return undefined;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
