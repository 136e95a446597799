import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { ScenarioToolSet } from "../domain/tools.js";
import { createMcpToolServer, type McpToolServerOptions } from "./mcp-tool-server.js";

/** The only address the server listens on: an environment under test is never served beyond this machine. */
export const MCP_HOST = "127.0.0.1";

/** Options of {@link serveMcpOverHttp}. */
export interface McpHttpOptions extends McpToolServerOptions {
  /** The port (default: a free one the system picks). */
  readonly port?: number;
}

/** A running streamable HTTP MCP server. */
export interface McpHttpServer {
  /** The endpoint to give an MCP client, e.g. `http://127.0.0.1:53122/mcp`. */
  readonly url: string;
  /** Ends every session and stops listening; the port refuses connections once it resolves. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Serves `tools` as an MCP server over streamable HTTP (the SDK's
 * `StreamableHTTPServerTransport`, JSON responses) on 127.0.0.1, at `/mcp`
 * of a free port. Each client that initializes gets its own session (the
 * `mcp-session-id` header) over the same tools, so a reconnecting agent
 * still acts on the same run. The `Host` header must name 127.0.0.1 or
 * localhost (the SDK's DNS-rebinding check).
 *
 * @example
 * const server = await serveMcpOverHttp(input.tools ?? {});
 * const client = new Client({ name: "agent", version: "1.0.0" });
 * await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
 * await server.close();
 */
export async function serveMcpOverHttp(tools: ScenarioToolSet, options: McpHttpOptions = {}): Promise<McpHttpServer> {
  const { StreamableHTTPServerTransport } = await import("@modelcontextprotocol/sdk/server/streamableHttp.js");
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  let allowedHosts: string[] = [];
  let calls = 0;
  // one numbering for every session, so call ids stay unique in the run's log
  const serverOptions: McpToolServerOptions = { newCallId: () => `mcp-${++calls}`, ...options };

  const openSession = async (): Promise<StreamableHTTPServerTransport> => {
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      enableJsonResponse: true,
      enableDnsRebindingProtection: true,
      allowedHosts,
      onsessioninitialized: (sessionId) => {
        sessions.set(sessionId, transport);
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await (await createMcpToolServer(tools, serverOptions)).connect(transport);
    return transport;
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (new URL(request.url ?? "/", "http://localhost").pathname !== "/mcp") {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found: the MCP endpoint is /mcp\n");
      return;
    }
    // the body read here (not as a web stream inside the transport): measured cheaper per call
    const body = request.method === "POST" ? await jsonBody(request) : undefined;
    if (body === notJson) {
      response.writeHead(400, { "content-type": "application/json" }).end(rpcError("the body is not JSON", -32700));
      return;
    }
    const sessionId = request.headers["mcp-session-id"];
    if (typeof sessionId === "string") {
      const transport = sessions.get(sessionId);
      if (transport) return transport.handleRequest(request, response, body);
      response.writeHead(404, { "content-type": "application/json" }).end(rpcError("unknown or closed MCP session"));
      return;
    }
    if (request.method !== "POST") {
      response.writeHead(400, { "content-type": "application/json" }).end(rpcError("no mcp-session-id: initialize first"));
      return;
    }
    // a request without a session must be `initialize`; the transport answers 400 otherwise
    return (await openSession()).handleRequest(request, response, body);
  };

  const http = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { "content-type": "application/json" });
      response.end(rpcError(error instanceof Error ? error.message : String(error)));
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(options.port ?? 0, MCP_HOST, () => {
      http.off("error", reject);
      resolve();
    });
  });
  const { port } = http.address() as AddressInfo;
  allowedHosts = [`${MCP_HOST}:${port}`, `localhost:${port}`];

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      await Promise.allSettled([...sessions.values()].map((transport) => transport.close()));
      sessions.clear();
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
    })());
  return { url: `http://${MCP_HOST}:${port}/mcp`, close };
}

const notJson = Symbol("not JSON");

/** The request's JSON body, or `notJson`. */
async function jsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    return notJson;
  }
}

function rpcError(message: string, code = -32000): string {
  return JSON.stringify({ jsonrpc: "2.0", error: { code, message }, id: null });
}
