import type { ModelMessage } from "../../domain/messages.js";
import type { ScenarioStatus } from "../../domain/outcome.js";

/** One line of a chat log, already reduced to printable text. */
export interface TranscriptEntry {
  /** `tool-call` and `tool-result` carry the tool's name in `name`. */
  kind: "user" | "agent" | "system" | "tool-call" | "tool-result";
  name?: string;
  text: string;
}

/**
 * What the setup file stores on a vitest test (`task.meta.rehearseRuns`) for
 * each scenario run the test started, and what `VitestReporter` prints. Plain
 * JSON: vitest copies it from the test worker to the reporter.
 */
export interface ScenarioRunRecord {
  scenarioRunId: string;
  batchRunId: string;
  name: string;
  description: string;
  /** `running` when the test ended before the run did (a timeout, an abandoned promise). */
  status: ScenarioStatus | "running";
  /** Wall time of the run in seconds (0 while running). */
  durationSeconds: number;
  reasoning?: string;
  metCriteria: string[];
  unmetCriteria: string[];
  error?: string;
  seed: number;
  transcript: TranscriptEntry[];
}

/** The `task.meta` key the records live under. */
export const RUN_RECORDS_META_KEY = "rehearseRuns";

/** Longest text kept per transcript entry: the record travels between processes and is printed whole. */
const MAX_ENTRY_LENGTH = 2_000;

function clip(text: string): string {
  return text.length > MAX_ENTRY_LENGTH ? `${text.slice(0, MAX_ENTRY_LENGTH)}… (${text.length} characters)` : text;
}

function json(value: unknown): string {
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

/** A tool result's `output` (the AI SDK's `{ type, value }` shapes, or anything a custom agent put there) as text. */
function toolOutputText(output: unknown): string {
  if (typeof output !== "object" || output === null || !("type" in output)) return json(output);
  const shaped = output as { type: unknown; value?: unknown; reason?: unknown };
  switch (shaped.type) {
    case "text":
    case "error-text":
      return String(shaped.value);
    case "json":
    case "error-json":
      return json(shaped.value);
    case "execution-denied":
      return `[execution denied${shaped.reason ? `: ${String(shaped.reason)}` : ""}]`;
    case "content":
      return Array.isArray(shaped.value)
        ? shaped.value
            .map((item: { type?: string; text?: string }) => (item.type === "text" ? item.text : `[${item.type}]`))
            .join("\n")
        : json(shaped.value);
    default:
      return json(output);
  }
}

/** A non-text part (image, file, reasoning, …) as a short placeholder: binary data is never printed. */
function partPlaceholder(part: { type: string; mediaType?: string; filename?: string }): string {
  const detail = [part.filename, part.mediaType].filter(Boolean).join(", ");
  return `[${part.type}${detail ? `: ${detail}` : ""}]`;
}

const roleKinds = { user: "user", assistant: "agent", system: "system" } as const;

/**
 * The conversation as chat-log entries: text (clipped), each tool call with
 * its input, each tool result with its output, other parts as placeholders.
 *
 * @example
 * ```ts
 * transcriptOf(result.messages); // [{ kind: "user", text: "hi" }, { kind: "tool-call", name: "lookup", text: "{…}" }, …]
 * ```
 */
export function transcriptOf(messages: readonly ModelMessage[]): TranscriptEntry[] {
  const entries: TranscriptEntry[] = [];
  for (const message of messages) {
    if (message.role === "tool") {
      for (const part of message.content) {
        if (part.type === "tool-result")
          entries.push({ kind: "tool-result", name: part.toolName, text: clip(toolOutputText(part.output)) });
      }
      continue;
    }
    const kind = roleKinds[message.role];
    if (typeof message.content === "string") {
      entries.push({ kind, text: clip(message.content) });
      continue;
    }
    const text: string[] = [];
    const calls: TranscriptEntry[] = [];
    for (const part of message.content) {
      if (part.type === "text") text.push(part.text);
      else if (part.type === "tool-call") calls.push({ kind: "tool-call", name: part.toolName, text: clip(json(part.input)) });
      else if (part.type !== "tool-result") text.push(partPlaceholder(part));
    }
    if (text.length > 0) entries.push({ kind, text: clip(text.join("\n")) });
    entries.push(...calls);
  }
  return entries;
}
