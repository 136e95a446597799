import type { ImportedMessage } from "./conversation.js";

/** A script step as written into a generated file (snake_case keys of docs/scenario-files.md). */
export type ReplayStep = Record<string, unknown> & { type: string };

/**
 * The conversation up to and including user turn k as script steps: user and assistant text as
 * `{ type: user | agent, content }`, tool calls and results as `{ type: message }` steps, so the agent under
 * test receives the history exactly as production had it. System messages are left out.
 */
export function replaySteps(messages: readonly ImportedMessage[]): ReplayStep[] {
  const steps: ReplayStep[] = [];
  for (const message of messages) {
    if (message.role === "system") continue;
    if (message.role === "tool") {
      steps.push({
        type: "message",
        role: "tool",
        tool_call_id: message.toolCallId,
        tool_name: message.toolName,
        content: message.content,
      });
    } else if (message.toolCalls && message.toolCalls.length > 0) {
      const calls = message.toolCalls.map(({ id, name, arguments: input }) => ({ id, name, arguments: input }));
      steps.push({
        type: "message",
        role: "assistant",
        ...(message.content === "" ? {} : { content: message.content }),
        tool_calls: calls,
      });
    } else if (message.content.trim() === "") {
      if (message.role === "user") steps.push({ type: "message", role: "user", content: message.content });
    } else {
      steps.push({ type: message.role === "user" ? "user" : "agent", content: message.content });
    }
  }
  return steps;
}

/**
 * The judge's criteria for the reply to turn k: the same decision as the reference, and the same tool calls
 * when the reference made some. Graded by the run's judge model: a comparison by criteria, not a text match.
 */
export function referenceCriteria(reference: readonly ImportedMessage[]): string[] {
  const text = referenceText(reference);
  const calls = reference.flatMap((message) => message.toolCalls ?? []);
  const quoted = text.length > 600 ? `${text.slice(0, 599)}…` : text;
  const criteria = [];
  if (text !== "") criteria.push(`Makes the same decision as the reference reply production gave here: "${quoted}"`);
  if (calls.length > 0) {
    const list = calls.map((call) => `${call.name} with ${JSON.stringify(call.arguments)}`).join("; ");
    criteria.push(`Takes the same actions as the reference reply, which called: ${list}`);
  }
  return criteria;
}

/** The reply production gave: the text of the assistant messages between user turn k and the next one. */
export function referenceText(reference: readonly ImportedMessage[]): string {
  return reference
    .filter((message) => message.role === "assistant" && message.content.trim() !== "")
    .map((message) => message.content)
    .join("\n");
}
