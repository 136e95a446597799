import { z } from "zod";
import type { ModelMessage } from "../domain/messages.js";

const toolCall = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  arguments: z.unknown().optional(),
});

/**
 * A `message` step: one fixed message put into the conversation as it is, without calling anyone — an
 * assistant message with tool calls, a tool's result or a system note, so a recorded conversation (an
 * imported production transcript, decision 0045) can be replayed exactly. Plain user and agent text is
 * simpler as `{ type: user, content }` / `{ type: agent, content }`. Keys follow the OpenAI chat format.
 */
export const messageStepSchema = z
  .strictObject({
    type: z.literal("message"),
    role: z.enum(["system", "user", "assistant", "tool"]),
    content: z.string().optional(),
    tool_calls: z.array(toolCall).min(1).optional(),
    tool_call_id: z.string().min(1).optional(),
    tool_name: z.string().min(1).optional(),
  })
  .superRefine((step, context) => {
    const problem = (path: string, message: string) => context.addIssue({ code: "custom", path: [path], message });
    if (step.tool_calls !== undefined && step.role !== "assistant")
      problem("tool_calls", "only an assistant message carries tool_calls");
    if (step.role === "tool") {
      if (step.tool_call_id === undefined) problem("tool_call_id", "missing (a tool message answers the call with this id)");
      if (step.tool_name === undefined) problem("tool_name", "missing (the name of the tool that answered)");
    } else {
      if (step.tool_call_id !== undefined) problem("tool_call_id", "only a tool message has tool_call_id");
      if (step.tool_name !== undefined) problem("tool_name", "only a tool message has tool_name");
    }
    if (step.content === undefined && step.tool_calls === undefined)
      problem("content", "missing (give content, or tool_calls for an assistant message)");
  });

/** A parsed `message` step. */
export type MessageStepData = z.output<typeof messageStepSchema>;

/** The AI SDK message a `message` step adds (tool results as text output, tool-call arguments as given). */
export function messageOfStep(step: MessageStepData): ModelMessage {
  const content = step.content ?? "";
  switch (step.role) {
    case "system":
      return { role: "system", content };
    case "user":
      return { role: "user", content };
    case "assistant": {
      if (step.tool_calls === undefined) return { role: "assistant", content };
      const calls = step.tool_calls.map((call) => ({
        type: "tool-call" as const,
        toolCallId: call.id,
        toolName: call.name,
        input: call.arguments ?? {},
      }));
      return { role: "assistant", content: content === "" ? calls : [{ type: "text", text: content }, ...calls] };
    }
    case "tool":
      return {
        role: "tool",
        content: [
          {
            type: "tool-result",
            toolCallId: step.tool_call_id as string,
            toolName: step.tool_name as string,
            output: { type: "text", value: content },
          },
        ],
      };
    default:
      return step.role satisfies never;
  }
}
