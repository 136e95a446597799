import type { Message, Part, Task } from "@a2a-js/sdk";
import { RehearseError } from "../../domain/errors.js";

/** The A2A agent failed, refused, or answered in a way that is not a reply (the run ends `error`). */
export class A2AAgentError extends RehearseError {
  /** The agent's URL (the card's base). */
  readonly url: string;
  /** The task's state when the failure was a task's (e.g. `TASK_STATE_FAILED`). */
  readonly state: string | undefined;

  constructor(message: string, details: { url: string; state?: string; cause?: unknown }) {
    super("agent_failed", message, { cause: details.cause });
    this.name = "A2AAgentError";
    this.url = details.url;
    this.state = details.state;
  }
}

// TaskState's numbers (A2A v1.0; the SDK's enum), named here so that a state is reported by name
const stateNames: Readonly<Record<number, string>> = {
  0: "TASK_STATE_UNSPECIFIED",
  1: "TASK_STATE_SUBMITTED",
  2: "TASK_STATE_WORKING",
  3: "TASK_STATE_COMPLETED",
  4: "TASK_STATE_FAILED",
  5: "TASK_STATE_CANCELED",
  6: "TASK_STATE_INPUT_REQUIRED",
  7: "TASK_STATE_REJECTED",
  8: "TASK_STATE_AUTH_REQUIRED",
};

/** What a reply means for the conversation: its text, and the task to continue when the agent asked for input. */
export interface A2AReply {
  readonly text: string;
  readonly contextId: string | undefined;
  /** Set when the agent asked for more input in a task: the next user message continues it. */
  readonly openTask: string | undefined;
}

/**
 * The reply in a `sendMessage` result: a message's parts, or a task's answer —
 * its artifacts and status message when completed, its question when it
 * requires input. A task that failed, was canceled or rejected, needs
 * authentication, or is still running (the call blocks until it settles)
 * is an `A2AAgentError` naming the state and the agent's own words.
 */
export function replyOf(result: Message | Task, url: string): A2AReply {
  if ("messageId" in result) return { text: textOf(result.parts), contextId: result.contextId || undefined, openTask: undefined };
  const state = stateNames[result.status?.state ?? 0] ?? `TASK_STATE_${result.status?.state}`;
  const said = result.status?.message ? textOf(result.status.message.parts) : "";
  const contextId = result.contextId || undefined;
  if (state === "TASK_STATE_COMPLETED") {
    const produced = result.artifacts.map((artifact) => textOf(artifact.parts)).filter(Boolean);
    return { text: [said, ...produced].filter(Boolean).join("\n"), contextId, openTask: undefined };
  }
  if (state === "TASK_STATE_INPUT_REQUIRED") return { text: said, contextId, openTask: result.id };
  const why = said ? `: ${said}` : "";
  throw new A2AAgentError(`the A2A agent at ${url} ended task ${result.id} ${state}${why}`, { url, state });
}

/** The text of parts: text as is, structured data as JSON, files as a note naming them. */
export function textOf(parts: readonly Part[]): string {
  return parts
    .map((part) => {
      const content = part.content;
      if (!content) return "";
      if (content.$case === "text") return content.value;
      if (content.$case === "data") return JSON.stringify(content.value);
      if (content.$case === "url") return `[file: ${content.value}]`;
      return `[file: ${content.value.byteLength} bytes]`;
    })
    .filter(Boolean)
    .join("\n");
}
