import type { Readable, Writable } from "node:stream";
import type { ScenarioToolSet } from "../domain/tools.js";
import { createMcpToolServer, type McpToolServerOptions } from "./mcp-tool-server.js";

/** Options of {@link serveMcpOverStdio}: the streams default to the process's own. */
export interface McpStdioOptions extends McpToolServerOptions {
  readonly input?: Readable;
  readonly output?: Writable;
}

/** One MCP session over a pair of streams. */
export interface McpStdioSession {
  /** Resolves when the session ends: the client closed its end (input ended) or `close()` was called. */
  readonly closed: Promise<void>;
  close(): Promise<void>;
}

/**
 * Serves `tools` as an MCP server over newline-delimited JSON-RPC on
 * `input`/`output` (the SDK's `StdioServerTransport`): what an agent that
 * spawns its tools server as a child process talks to. The session ends when
 * the client closes the server's standard input. Nothing else may write to
 * `output` meanwhile (diagnostics go to standard error).
 *
 * @example
 * const session = await serveMcpOverStdio(tools);
 * await session.closed;
 */
export async function serveMcpOverStdio(tools: ScenarioToolSet, options: McpStdioOptions = {}): Promise<McpStdioSession> {
  const { StdioServerTransport } = await import("@modelcontextprotocol/sdk/server/stdio.js");
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const transport = new StdioServerTransport(input, output);
  const server = await createMcpToolServer(tools, options);
  let ended!: () => void;
  const closed = new Promise<void>((resolve) => {
    ended = resolve;
  });
  server.onclose = () => ended();
  await server.connect(transport);
  // the SDK's transport does not watch for the end of its input: a client that goes away ends the session
  const onEnd = () => {
    void server.close();
  };
  input.once("end", onEnd);
  input.once("close", onEnd);
  void closed.then(() => {
    input.off("end", onEnd);
    input.off("close", onEnd);
  });
  return {
    closed,
    close: async () => {
      await server.close();
      await closed;
    },
  };
}
