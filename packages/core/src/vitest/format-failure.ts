import { countNoun } from "../domain/count-noun.js";
import { type ModelMessage, messageText } from "../domain/messages.js";
import type { ScenarioResult } from "../domain/result.js";

/** Lines of the conversation's last `count` messages, as `Role: text`. */
export function transcriptTail(messages: readonly ModelMessage[], count = 6): string[] {
  const tail = messages.slice(-count);
  const lines = tail.map((message) => {
    const text = messageText(message);
    const parts = typeof message.content === "string" ? [] : message.content.filter((part) => part.type !== "text");
    const extra = parts.map((part) => (part.type === "tool-call" ? `[tool-call ${part.toolName}]` : `[${part.type}]`)).join(" ");
    return `  ${message.role}: ${[text, extra].filter(Boolean).join(" ")}`;
  });
  if (messages.length > tail.length) lines.unshift(`  … ${countNoun(messages.length - tail.length, "earlier message")}`);
  return lines;
}

/**
 * A failure report: status, reasoning, unmet criteria, error, seed and the
 * transcript tail. A run that exchanged no message says so in one line
 * (`transcript: none (no message was exchanged)`) rather than printing an
 * empty block.
 */
export function describeResult(result: ScenarioResult): string {
  const lines = [`status: ${result.status}`, `reasoning: ${result.reasoning?.trim() || "(none)"}`];
  if (result.unmetCriteria.length > 0)
    lines.push("unmet criteria:", ...result.unmetCriteria.map((criterion) => `  - ${criterion}`));
  if (result.error) lines.push(`error: ${result.error}`);
  lines.push(`seed: ${result.seed}`);
  if (result.messages.length > 0) lines.push("transcript (tail):", ...transcriptTail(result.messages));
  else lines.push("transcript: none (no message was exchanged)");
  return lines.join("\n");
}
