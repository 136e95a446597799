import { errorMessage } from "../domain/errors.js";
import type { ScenarioToolSet } from "../domain/tools.js";
import { ToolFault } from "../environment/tool-fault.js";

/** One tool as `tools/list` shows it. */
export interface McpToolListing {
  readonly name: string;
  readonly description?: string;
  readonly inputSchema: { type: "object"; [key: string]: unknown };
}

/** What a `tools/call` answers (the MCP `CallToolResult` shape this module produces). */
export interface McpToolResult {
  content: Array<{ type: "text"; text: string }>;
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
  [key: string]: unknown;
}

/**
 * The tools as MCP lists them: name, description and the input's JSON Schema.
 * An environment tool's `parameters` is its schema as written in the scenario
 * (so an MCP client sees exactly what the file declares); a TypeScript tool's
 * `inputSchema` (zod, or the AI SDK's `jsonSchema()`) is converted by the AI
 * SDK's `asSchema`, loaded only when such a tool is listed.
 */
export async function mcpToolListings(tools: ScenarioToolSet): Promise<McpToolListing[]> {
  const listings: McpToolListing[] = [];
  for (const [name, tool] of Object.entries(tools)) {
    const schema = await inputJsonSchema(tool.parameters, tool.inputSchema);
    listings.push({
      name,
      ...(typeof tool.description === "string" ? { description: tool.description } : {}),
      inputSchema: { ...schema, type: "object" },
    });
  }
  return listings;
}

async function inputJsonSchema(parameters: unknown, inputSchema: unknown): Promise<Record<string, unknown>> {
  if (isRecord(parameters)) return parameters;
  if (inputSchema === undefined || inputSchema === null) return { type: "object" };
  const { asSchema } = await import("ai");
  const converted = await asSchema(inputSchema as Parameters<typeof asSchema>[0]).jsonSchema;
  return isRecord(converted) ? (converted as Record<string, unknown>) : { type: "object" };
}

/**
 * Runs one MCP `tools/call` through `tools` — for a run, the run's wrapped
 * tools (`AgentInput.tools`), so the call takes the same path as an
 * in-process agent's: injected faults, the state it changes, and the run's
 * `action_request`/`action_response` events. The output is answered as JSON
 * text (and as `structuredContent` when it is an object); a `ToolFault` (an
 * injected timeout or rate limit, a bad input) as an error result carrying
 * the same `{ error: { type, message, recoverable } }` an in-process agent
 * gets; any other failure as an error result with its message. The caller
 * checks that the tool exists (an unknown tool is a protocol error).
 */
export async function callMcpTool(
  tools: ScenarioToolSet,
  name: string,
  input: unknown,
  options: { readonly toolCallId: string; readonly signal?: AbortSignal },
): Promise<McpToolResult> {
  const tool = tools[name];
  if (!tool) throw new Error(`no tool ${JSON.stringify(name)}`);
  try {
    const output = await tool.execute((input ?? {}) as never, {
      toolCallId: options.toolCallId,
      ...(options.signal ? { abortSignal: options.signal } : {}),
    });
    return answer(output, false);
  } catch (error) {
    if (ToolFault.isInstance(error)) return answer(error.toResult(), true);
    return { content: [{ type: "text", text: errorMessage(error) }], isError: true };
  }
}

function answer(output: unknown, isError: boolean): McpToolResult {
  const text = typeof output === "string" ? output : (JSON.stringify(output ?? null) ?? "null");
  return {
    content: [{ type: "text", text }],
    ...(isRecord(output) ? { structuredContent: output } : {}),
    ...(isError ? { isError: true } : {}),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
