import type { Agent, AgentInput, AgentReturnTypes } from "../domain/agent.js";
import { AgentRole } from "../domain/roles.js";
import type { ScenarioExecutionStateLike } from "../domain/scenario.js";
import { type McpHttpServer, serveMcpOverHttp } from "./serve-mcp-over-http.js";

/** Where the agent under test finds the run's environment. */
export interface McpConnection {
  /** The run's streamable HTTP MCP endpoint on 127.0.0.1, e.g. `http://127.0.0.1:53122/mcp`. */
  readonly url: string;
}

/** Options of {@link mcpAgent}. */
export interface McpAgentOptions {
  /** The agent's name in transcripts and reports (default `McpAgent`). */
  readonly name?: string;
  /**
   * Your agent's turn: `input` as any agent gets it, and `mcp.url`, where the
   * run's tools are served. Connect an MCP client there (once per turn, or
   * keep one per `input.threadId`) and return the reply as any agent does.
   */
  call(input: AgentInput, mcp: McpConnection): Promise<AgentReturnTypes>;
}

/**
 * The agent under test reached through MCP: on its first turn of a run it
 * serves the run's tools (`AgentInput.tools`: the scenario's environment
 * tools and `config.tools`, wrapped by the run) as a streamable HTTP MCP
 * server on 127.0.0.1 at a free port, hands the URL to `call` on every turn,
 * and closes the server when the run ends (whatever ended it). Each MCP
 * tool call goes the way an in-process agent's call goes: injected faults
 * (answered as MCP error results), state changes the judge and assertions
 * see, and the run's `action_request`/`action_response` events.
 *
 * One agent serves one run at a time: `runFinished` closes every server it
 * opened. For concurrent runs, give each run its own agent (a scenario
 * file's `agent: { module, export }` naming a function makes one per scenario).
 *
 * @example
 * const agent = mcpAgent({
 *   call: async (input, mcp) => {
 *     const client = new Client({ name: "shop-agent", version: "1.0.0" });
 *     await client.connect(new StreamableHTTPClientTransport(new URL(mcp.url)));
 *     const result = await client.callTool({ name: "get_order", arguments: { order_id: "A100" } });
 *     await client.close();
 *     return JSON.stringify(result.structuredContent);
 *   },
 * });
 */
export function mcpAgent(options: McpAgentOptions): Agent {
  const servers = new Map<ScenarioExecutionStateLike, Promise<McpHttpServer>>();
  const serverFor = (input: AgentInput): Promise<McpHttpServer> => {
    let server = servers.get(input.scenarioState);
    if (!server) {
      server = serveMcpOverHttp(input.tools ?? {});
      servers.set(input.scenarioState, server);
    }
    return server;
  };
  return {
    name: options.name ?? "McpAgent",
    role: AgentRole.AGENT,
    call: async (input) => options.call(input, { url: (await serverFor(input)).url }),
    runFinished: async () => {
      const open = [...servers.values()];
      servers.clear();
      await Promise.allSettled(open.map(async (server) => (await server).close()));
    },
  };
}
