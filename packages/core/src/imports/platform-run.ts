import { z } from "zod";
import type { ImportedBatch, ImportedConversation, ImportedMessage, ImportProblem } from "./conversation.js";
import { issuesToProblems, linkToolResults, parseArguments } from "./message-checks.js";

const wireMessage = z.looseObject({
  role: z.enum(["system", "developer", "user", "assistant", "tool"]),
  content: z.string().optional(),
  toolCalls: z
    .array(z.looseObject({ id: z.string(), function: z.looseObject({ name: z.string(), arguments: z.string() }) }))
    .optional(),
  toolCallId: z.string().optional(),
});
const item = z.looseObject({
  seq: z.number().int(),
  type: z.string(),
  event: z.looseObject({
    scenarioRunId: z.string().optional(),
    messages: z.array(wireMessage).optional(),
    messagesOffset: z.number().int().min(0).optional(),
  }),
});
const page = z.looseObject({ items: z.array(item) });
/** `GET /api/v1/runs/{id}/events` answers (one page, or a list of pages saved one after the other). */
const runEvents = z.union([page, z.array(page)]);

/**
 * A run stored in the platform, as `GET /api/v1/runs/{runId}/events` returns it, saved to a file (one page,
 * or a JSON list of pages): the conversation its `SCENARIO_MESSAGE_SNAPSHOT` events show, deltas
 * (`messagesOffset`) applied in `seq` order. One conversation per run id found. Pure.
 *
 * @example
 * const { conversations } = parsePlatformRun(readFileSync("run-events.json", "utf8"), "run-events.json");
 */
export function parsePlatformRun(text: string, file: string): ImportedBatch {
  const problems: ImportProblem[] = [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { conversations: [], problems: [{ file, line: 1, field: "$", problem: `not JSON (${(error as Error).message})` }] };
  }
  const parsed = runEvents.safeParse(value);
  if (!parsed.success) return { conversations: [], problems: issuesToProblems(parsed.error.issues, file, 1) };
  const items = (Array.isArray(parsed.data) ? parsed.data.flatMap((one) => one.items) : parsed.data.items).sort(
    (a, b) => a.seq - b.seq,
  );
  const runs = new Map<string, ImportedMessage[]>();
  for (const entry of items) {
    if (entry.type !== "SCENARIO_MESSAGE_SNAPSHOT" || entry.event.messages === undefined) continue;
    const id = entry.event.scenarioRunId ?? file;
    const kept = (runs.get(id) ?? []).slice(0, entry.event.messagesOffset ?? 0);
    runs.set(id, [...kept, ...entry.event.messages.map(toImported)]);
  }
  const conversations: ImportedConversation[] = [];
  for (const [id, messages] of runs) {
    const linked = linkToolResults(messages, file, 1);
    if (linked.problems.length > 0)
      problems.push(...linked.problems.map((problem) => ({ ...problem, field: `run ${id}: ${problem.field}` })));
    else conversations.push({ id, source: { format: "platform-run", file, line: 1 }, messages: linked.messages });
  }
  if (runs.size === 0)
    problems.push({ file, line: 1, field: "items", problem: "no SCENARIO_MESSAGE_SNAPSHOT event, so no conversation" });
  return { conversations, problems };
}

function toImported(message: z.output<typeof wireMessage>): ImportedMessage {
  const role = message.role === "developer" ? "system" : message.role;
  const content = message.content ?? "";
  if (role === "tool") return { role, content, ...(message.toolCallId === undefined ? {} : { toolCallId: message.toolCallId }) };
  if (role === "assistant" && message.toolCalls && message.toolCalls.length > 0) {
    return {
      role,
      content,
      toolCalls: message.toolCalls.map((call) => ({
        id: call.id,
        name: call.function.name,
        arguments: parseArguments(call.function.arguments),
      })),
    };
  }
  return { role, content };
}
