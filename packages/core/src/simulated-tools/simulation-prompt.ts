import type { ObservedToolCall } from "../domain/tools.js";
import type { SimulatedToolOptions } from "./simulated-tool-options.js";

/** The most earlier calls a prompt shows (the latest ones): enough for consistency, bounded in size. */
export const MAX_REMEMBERED_CALLS = 50;

/**
 * The system prompt of a simulated tool: what it is, the shape of its
 * answers and how to stay consistent. The same for every call of the tool,
 * so it is built once per tool.
 *
 * @example
 * simulationSystemPrompt("crm_lookup", { description: "Looks a customer up", inputSchema: { type: "object" } });
 */
export function simulationSystemPrompt(toolName: string, options: SimulatedToolOptions): string {
  const lines = [
    `You are the tool \`${toolName}\` in a test of an AI agent. You are not an assistant: answer each call exactly as the real tool would.`,
    `What the tool does: ${options.description}`,
    `Its input follows this JSON Schema: ${JSON.stringify(options.inputSchema)}`,
    options.outputSchema
      ? `Answer with one JSON value that is valid against this JSON Schema, and nothing else (no prose, no code fence): ${JSON.stringify(options.outputSchema)}`
      : "Answer with one JSON value, and nothing else (no prose, no code fence).",
    "Stay consistent: agree with the environment state and with every earlier call and answer you are shown (ids, names, amounts, dates). Invent plausible details only where nothing shown settles them, and keep them once given.",
  ];
  if (options.instructions) lines.push(`Instructions: ${options.instructions}`);
  for (const example of options.examples ?? []) {
    lines.push(`Example: a call with ${JSON.stringify(example.input)} answers ${JSON.stringify(example.output)}`);
  }
  return lines.join("\n\n");
}

/**
 * The user message of one call: the environment state, the run's earlier
 * tool calls (every tool's, with their answers or errors; the latest
 * `MAX_REMEMBERED_CALLS`) and the call to answer.
 */
export function simulationCallPrompt(call: {
  readonly toolName: string;
  readonly toolCallId: string;
  readonly input: unknown;
  readonly state: unknown;
  readonly earlierCalls: readonly ObservedToolCall[];
}): string {
  const earlier = call.earlierCalls
    .filter((observed) => observed.toolCallId !== call.toolCallId && (observed.output !== undefined || observed.error))
    .slice(-MAX_REMEMBERED_CALLS)
    .map((observed) =>
      observed.error === undefined
        ? `- ${observed.toolName}(${JSON.stringify(observed.input)}) answered ${JSON.stringify(observed.output)}`
        : `- ${observed.toolName}(${JSON.stringify(observed.input)}) failed: ${observed.error}`,
    );
  return [
    `Environment state: ${JSON.stringify(call.state)}`,
    earlier.length > 0
      ? `Earlier tool calls in this conversation, oldest first:\n${earlier.join("\n")}`
      : "No earlier tool calls.",
    `Call to answer: ${call.toolName}(${JSON.stringify(call.input)})`,
  ].join("\n\n");
}

/** What the model is told after an answer that was not valid, before it answers once more. */
export function simulationRetryPrompt(problem: string): string {
  return `That answer is not valid: ${problem}. Answer the same call again with one valid JSON value and nothing else.`;
}
