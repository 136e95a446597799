import { z } from "zod";
import type { ToolDescription } from "./generation-prompt.js";

const schema = z.record(z.string(), z.unknown());
/** `{ name, description, inputSchema | input_schema | parameters }`: Rehearse's, MCP's (`inputSchema`) and Anthropic's (`input_schema`). */
const plain = z.object({
  name: z.string().min(1),
  description: z.string().optional(),
  inputSchema: schema.optional(),
  input_schema: schema.optional(),
  parameters: schema.optional(),
});
/** OpenAI's `{ type: "function", function: { name, description, parameters } }`. */
const openai = z.object({
  type: z.literal("function"),
  function: z.object({ name: z.string().min(1), description: z.string().optional(), parameters: schema.optional() }),
});
const entry = z.union([openai, plain]);

/**
 * The agent's tools from a JSON file's text: a list (or `{ tools: [...] }`, as
 * MCP's `tools/list` answers) in OpenAI's, Anthropic's, MCP's or Rehearse's
 * shape. Throws naming the file and the entry that is neither.
 */
export function readToolDescriptions(text: string, file: string): ToolDescription[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not JSON (${(error as Error).message})`);
  }
  const list = Array.isArray(value) ? value : (value as { tools?: unknown })?.tools;
  if (!Array.isArray(list)) throw new Error(`${file}: expected a list of tools, or { "tools": [...] }`);
  return list.map((item, index) => {
    const checked = entry.safeParse(item);
    if (!checked.success)
      throw new Error(
        `${file}: tools[${index}]: not a tool definition (expected { name, description, inputSchema } or OpenAI's { type: "function", function: { name, parameters } })`,
      );
    const tool = checked.data;
    if ("function" in tool) {
      const { name, description, parameters } = tool.function;
      return { name, ...(description ? { description } : {}), ...(parameters ? { inputSchema: parameters } : {}) };
    }
    const inputSchema = tool.inputSchema ?? tool.input_schema ?? tool.parameters;
    return {
      name: tool.name,
      ...(tool.description ? { description: tool.description } : {}),
      ...(inputSchema ? { inputSchema } : {}),
    };
  });
}
