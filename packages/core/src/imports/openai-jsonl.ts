import { z } from "zod";
import type { ImportedBatch, ImportedConversation, ImportedMessage, ImportedToolCall, ImportProblem } from "./conversation.js";
import { issuesToProblems, linkToolResults, parseArguments } from "./message-checks.js";

const textPart = z.looseObject({ type: z.literal("text"), text: z.string() });
const otherPart = z.looseObject({ type: z.string() });
const content = z.union([z.string(), z.null(), z.array(z.union([textPart, otherPart]))]).optional();
const toolCall = z.looseObject({
  id: z.string().min(1),
  type: z.literal("function").optional(),
  function: z.looseObject({ name: z.string().min(1), arguments: z.union([z.string(), z.record(z.string(), z.unknown())]) }),
});

/** One chat-completions message; `developer` is read as `system`, the legacy `function` role as `tool`. */
const chatMessage = z.looseObject({
  role: z.enum(["system", "developer", "user", "assistant", "tool", "function"]),
  content,
  name: z.string().optional(),
  tool_calls: z.array(toolCall).optional(),
  tool_call_id: z.string().min(1).optional(),
});

/** One JSONL line: the fine-tuning / chat-completions shape. */
const chatLine = z.looseObject({
  id: z.union([z.string(), z.number()]).optional(),
  conversation_id: z.union([z.string(), z.number()]).optional(),
  messages: z.array(chatMessage).min(1),
});

type ChatMessage = z.output<typeof chatMessage>;

/**
 * OpenAI chat JSONL (one `{"messages": [...]}` conversation per line) as imported conversations. Pure: the
 * caller reads the file. A line that is not JSON or not that shape is reported as `file:line: field: problem`
 * and left out; the others are still returned, so the caller decides whether one bad line fails the import.
 * Blank lines are ignored.
 *
 * @example
 * const { conversations, problems } = parseOpenAIJsonl(readFileSync("prod.jsonl", "utf8"), "prod.jsonl");
 */
export function parseOpenAIJsonl(text: string, file: string): ImportedBatch {
  const conversations: ImportedConversation[] = [];
  const problems: ImportProblem[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      problems.push({ file, line, field: "$", problem: `not JSON (${(error as Error).message})` });
      return;
    }
    const parsed = chatLine.safeParse(value);
    if (!parsed.success) {
      problems.push(...issuesToProblems(parsed.error.issues, file, line));
      return;
    }
    const messages = parsed.data.messages.map(toImported);
    const linked = linkToolResults(messages, file, line);
    if (linked.problems.length > 0) {
      problems.push(...linked.problems);
      return;
    }
    const id = parsed.data.id ?? parsed.data.conversation_id;
    conversations.push({
      id: id === undefined ? `${file}:${line}` : String(id),
      source: { format: "openai-jsonl", file, line },
      messages: linked.messages,
    });
  });
  return { conversations, problems };
}

function toImported(message: ChatMessage): ImportedMessage {
  const role = message.role === "developer" ? "system" : message.role === "function" ? "tool" : message.role;
  const text = contentText(message.content);
  if (role === "assistant" && message.tool_calls && message.tool_calls.length > 0) {
    const toolCalls: ImportedToolCall[] = message.tool_calls.map((call) => ({
      id: call.id,
      name: call.function.name,
      arguments: parseArguments(call.function.arguments),
    }));
    return { role, content: text, toolCalls };
  }
  if (role === "tool") {
    return {
      role,
      content: text,
      ...(message.tool_call_id === undefined ? {} : { toolCallId: message.tool_call_id }),
      ...(message.name === undefined ? {} : { toolName: message.name }),
    };
  }
  return { role, content: text };
}

/** Text parts joined with newlines; other parts (images, audio, files) as `[image_url]`-style markers. */
function contentText(value: ChatMessage["content"]): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  return value.map((part) => (part.type === "text" && typeof part.text === "string" ? part.text : `[${part.type}]`)).join("\n");
}
