import type { ImportedBatch, ImportedConversation, ImportedMessage, ImportProblem } from "./conversation.js";
import { issuesToProblems, linkToolResults } from "./message-checks.js";
import { type SpanMessages, spanMessages } from "./otlp-messages.js";
import { otlpExport, startOf } from "./otlp-values.js";

interface Call {
  readonly start: number;
  readonly messages: SpanMessages;
  readonly line: number;
}

/**
 * OTLP GenAI spans in the OTLP/HTTP JSON encoding (`{"resourceSpans": [...]}`; a file of such documents one
 * per line, as the collector's file exporter writes, works too) as imported conversations. Spans are grouped
 * by `gen_ai.conversation.id`, else by trace; in each group the model calls are taken in start order and the
 * conversation is the growing history they show (a call whose input extends the history replaces it, other
 * input is appended) followed by each call's output. Spans without GenAI content are ignored. Pure.
 *
 * @example
 * const { conversations, problems } = parseOtlpJson(readFileSync("traces.json", "utf8"), "traces.json");
 */
export function parseOtlpJson(text: string, file: string): ImportedBatch {
  const problems: ImportProblem[] = [];
  const groups = new Map<string, Call[]>();
  for (const { value, line } of documents(text, file, problems)) {
    const parsed = otlpExport.safeParse(value);
    if (!parsed.success) {
      problems.push(...issuesToProblems(parsed.error.issues, file, line));
      continue;
    }
    parsed.data.resourceSpans.forEach((resource, r) => {
      resource.scopeSpans?.forEach((scope, s) => {
        scope.spans?.forEach((span, index) => {
          try {
            const messages = spanMessages(span);
            if (messages === undefined) return;
            const key = messages.conversationId ?? span.traceId;
            groups.set(key, [...(groups.get(key) ?? []), { start: startOf(span.startTimeUnixNano), messages, line }]);
          } catch (error) {
            problems.push({
              file,
              line,
              field: `resourceSpans[${r}].scopeSpans[${s}].spans[${index}].${(error as Error).message.split(": ")[0]}`,
              problem: (error as Error).message.split(": ").slice(1).join(": "),
            });
          }
        });
      });
    });
  }
  const conversations: ImportedConversation[] = [];
  for (const [id, calls] of groups) {
    const ordered = [...calls].sort((a, b) => a.start - b.start);
    const line = ordered[0]?.line ?? 1;
    const linked = linkToolResults(history(ordered), file, line);
    if (linked.problems.length > 0) {
      problems.push(...linked.problems.map((problem) => ({ ...problem, field: `conversation ${id}: ${problem.field}` })));
      continue;
    }
    conversations.push({ id, source: { format: "otlp-json", file, line }, messages: linked.messages });
  }
  return { conversations, problems };
}

/** The whole text as one JSON document, else one document per non-blank line. */
function documents(text: string, file: string, problems: ImportProblem[]): Array<{ value: unknown; line: number }> {
  try {
    return [{ value: JSON.parse(text), line: 1 }];
  } catch {
    const found: Array<{ value: unknown; line: number }> = [];
    text.split(/\r?\n/).forEach((raw, index) => {
      if (raw.trim() === "") return;
      try {
        found.push({ value: JSON.parse(raw), line: index + 1 });
      } catch (error) {
        problems.push({ file, line: index + 1, field: "$", problem: `not JSON (${(error as Error).message})` });
      }
    });
    return found;
  }
}

function same(a: ImportedMessage, b: ImportedMessage): boolean {
  return a.role === b.role && a.content === b.content && a.toolCallId === b.toolCallId;
}

function history(calls: readonly Call[]): ImportedMessage[] {
  let messages: ImportedMessage[] = [];
  for (const call of calls) {
    const { input, output } = call.messages;
    const extends_ =
      messages.length <= input.length && messages.every((message, index) => same(message, input[index] as ImportedMessage));
    if (extends_) messages = [...input];
    else messages.push(...input.filter((message) => message.role !== "system" || !messages.some((seen) => same(seen, message))));
    messages.push(...output);
  }
  return messages;
}
