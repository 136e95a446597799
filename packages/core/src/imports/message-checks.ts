import type { ImportedMessage, ImportProblem } from "./conversation.js";

/** The parts of a zod issue problems are built from (structural: zod's own type is wider). */
interface Issue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** A data path as written in problems: `messages[2].tool_calls[0].id`, `$` for the root. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const key of path) {
    text += typeof key === "number" ? `[${key}]` : text === "" ? String(key) : `.${String(key)}`;
  }
  return text === "" ? "$" : text;
}

/** zod issues as import problems at one source line. */
export function issuesToProblems(
  issues: readonly Issue[],
  file: string,
  line: number,
  prefix: readonly PropertyKey[] = [],
): ImportProblem[] {
  return issues.map((issue) => ({ file, line, field: fieldPath([...prefix, ...issue.path]), problem: issue.message }));
}

/** Tool-call arguments: parsed when they are a JSON string (as OpenAI sends them), else kept as they are. */
export function parseArguments(value: unknown): unknown {
  if (typeof value !== "string") return value ?? {};
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/**
 * Tool results matched to the calls they answer: a result's missing tool name is taken from its call, and a
 * result answering no earlier call is a problem (a replayed history with it would not be valid for a model).
 */
export function linkToolResults(
  messages: readonly ImportedMessage[],
  file: string,
  line: number,
): { messages: ImportedMessage[]; problems: ImportProblem[] } {
  const names = new Map<string, string>();
  const problems: ImportProblem[] = [];
  const linked = messages.map((message, index): ImportedMessage => {
    for (const call of message.toolCalls ?? []) names.set(call.id, call.name);
    if (message.role !== "tool") return message;
    const id = message.toolCallId;
    const name = id === undefined ? undefined : names.get(id);
    if (id === undefined || name === undefined) {
      const problem =
        id === undefined
          ? "missing (a tool result needs the id of its call)"
          : `answers no earlier tool call (no call has id ${JSON.stringify(id)})`;
      problems.push({ file, line, field: `messages[${index}].tool_call_id`, problem });
      return message;
    }
    return { ...message, toolName: message.toolName ?? name };
  });
  if (!messages.some((message) => message.role === "user")) {
    problems.push({ file, line, field: "messages", problem: "has no user message, so there is no turn to replay" });
  }
  return { messages: linked, problems };
}
