import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { ScenarioToolSet } from "../domain/tools.js";
import { callMcpTool, mcpToolListings } from "./mcp-tools.js";

/** How the server names itself to MCP clients, and how it names calls. */
export interface McpToolServerOptions {
  /** The server's name in the `initialize` answer (default `rehearse-environment`). */
  readonly name?: string;
  /** The server's version in the `initialize` answer (default `0.1.0`). */
  readonly version?: string;
  /** Makes the id of each call (the `toolCallId` of its events); default `mcp-1`, `mcp-2`, … per server. */
  readonly newCallId?: () => string;
}

/**
 * An MCP server (the official SDK's, loaded here with a dynamic import so
 * nothing else pays for it) whose tools are `tools`: `tools/list` gives each
 * tool's name, description and input JSON Schema, `tools/call` runs it
 * through {@link callMcpTool}. It uses the SDK's low-level request handlers
 * rather than `registerTool` because the schemas are JSON Schema already
 * (a scenario file's `parameters`), which `registerTool` would want as zod.
 * Connect it to one transport (stdio, or one streamable HTTP session).
 *
 * @example
 * const server = await createMcpToolServer(input.tools ?? {});
 * await server.connect(new StdioServerTransport());
 */
export async function createMcpToolServer(tools: ScenarioToolSet, options: McpToolServerOptions = {}): Promise<Server> {
  const [{ McpServer }, { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError }] = await Promise.all([
    import("@modelcontextprotocol/sdk/server/mcp.js"),
    import("@modelcontextprotocol/sdk/types.js"),
  ]);
  const info = { name: options.name ?? "rehearse-environment", version: options.version ?? "0.1.0" };
  const server = new McpServer(info, { capabilities: { tools: {} } }).server;
  let calls = 0;
  const newCallId = options.newCallId ?? (() => `mcp-${++calls}`);
  // the set does not change during a run: listed once, on the first request
  let listings: ReturnType<typeof mcpToolListings> | undefined;
  server.setRequestHandler(ListToolsRequestSchema, async () => {
    listings ??= mcpToolListings(tools);
    return { tools: await listings };
  });
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const { name, arguments: input } = request.params;
    if (!Object.hasOwn(tools, name)) {
      const known = Object.keys(tools);
      throw new McpError(
        ErrorCode.InvalidParams,
        `unknown tool ${JSON.stringify(name)} (tools: ${known.length > 0 ? known.join(", ") : "none"})`,
      );
    }
    return callMcpTool(tools, name, input ?? {}, { toolCallId: newCallId(), signal: extra.signal });
  });
  return server;
}
