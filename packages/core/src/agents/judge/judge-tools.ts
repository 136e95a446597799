import type { ToolSet } from "ai";
import { loadOnce } from "../../domain/load-once.js";

const loadAi = loadOnce(() => import("ai"));

/** Names of the two verdict tools. */
export const CONTINUE_TEST = "continue_test";
export const FINISH_TEST = "finish_test";

/** The JSON schema of `finish_test` for these criterion field names (strict: every field required, nothing else). */
export function finishTestSchema(names: readonly string[], criteria: readonly string[]): Record<string, unknown> {
  return {
    type: "object",
    properties: {
      criteria: {
        type: "object",
        properties: Object.fromEntries(
          names.map((name, index) => [
            name,
            { type: "string", enum: ["true", "false", "inconclusive"], description: criteria[index] },
          ]),
        ),
        required: [...names],
        additionalProperties: false,
        description: "Strict verdict for each criterion",
      },
      reasoning: { type: "string", description: "Why: what in the conversation decides each criterion" },
      verdict: {
        type: "string",
        enum: ["success", "failure", "inconclusive"],
        description: "success only when every criterion is true",
      },
    },
    required: ["criteria", "reasoning", "verdict"],
    additionalProperties: false,
  };
}

/** Plain JSON-schema tool definitions, to be turned into AI SDK tools. */
export interface ToolDefinition {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
  strict?: boolean;
}

/** The verdict tools; `continue_test` is left out when a verdict is forced. */
export function verdictTools(names: readonly string[], criteria: readonly string[], forced: boolean): ToolDefinition[] {
  const finish: ToolDefinition = {
    name: FINISH_TEST,
    description: "Complete the test with a final verdict",
    parameters: finishTestSchema(names, criteria),
    strict: true,
  };
  if (forced) return [finish];
  return [
    {
      name: CONTINUE_TEST,
      description: "Continue the test with the next step",
      parameters: { type: "object", properties: {}, required: [], additionalProperties: false },
      strict: true,
    },
    finish,
  ];
}

/** AI SDK tools (no `execute`: the judge reads the calls itself) from plain definitions. */
export async function toToolSet(definitions: readonly ToolDefinition[]): Promise<ToolSet> {
  const { jsonSchema, tool } = await loadAi();
  const tools: ToolSet = {};
  for (const definition of definitions) {
    tools[definition.name] = tool({
      description: definition.description,
      inputSchema: jsonSchema(definition.parameters as Parameters<typeof jsonSchema>[0]),
      ...(definition.strict ? { strict: true } : {}),
    });
  }
  return tools;
}
