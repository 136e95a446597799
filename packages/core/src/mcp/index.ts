/**
 * `@rehearse/core/mcp`: a run's environment served as a real MCP server
 * (the official `@modelcontextprotocol/sdk`, loaded only when a server
 * starts), so MCP-based agents are tested against the same state, faults
 * and logs as in-process ones (docs/mcp.md, decision 0048).
 */
export { type McpAgentOptions, type McpConnection, mcpAgent } from "./mcp-agent.js";
export { createMcpToolServer, type McpToolServerOptions } from "./mcp-tool-server.js";
export { callMcpTool, type McpToolListing, type McpToolResult, mcpToolListings } from "./mcp-tools.js";
export { MCP_HOST, type McpHttpOptions, type McpHttpServer, serveMcpOverHttp } from "./serve-mcp-over-http.js";
export { type McpStdioOptions, type McpStdioSession, serveMcpOverStdio } from "./serve-mcp-over-stdio.js";
export { pickScenario, type ScenarioOverStdioOptions, serveScenarioOverStdio } from "./serve-scenario-over-stdio.js";
