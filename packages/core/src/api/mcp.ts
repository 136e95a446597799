/**
 * The environment served over MCP, for `rehearse mcp serve`: one scenario's
 * run with an MCP client over stdio as its agent under test (docs/mcp.md).
 */
export { pickScenario, serveScenarioOverStdio } from "../mcp/serve-scenario-over-stdio.js";
