/**
 * The LangWatch scenario-events format — what `@langwatch/scenario` (TS) and
 * `langwatch-scenario` (Python) POST, one event per request, to
 * `<LANGWATCH_ENDPOINT>/api/scenario-events` — and its conversion to
 * Rehearse's ingest envelope, so those events take the same path as the
 * reporter's.
 *
 * The envelope is derived from the event alone, so a client's retry of the
 * same event is a duplicate, not a second event:
 * - `eventId`: a UUID-shaped SHA-256 of the canonical (key-sorted) body.
 * - `seq`: 0 for the start; for a snapshot, the number of messages it
 *   carries. These clients send the whole conversation in every snapshot, so
 *   a snapshot with more messages is the later one, whatever order the
 *   requests arrived in, and a message slot keeps the content of the largest
 *   snapshot that wrote it. The finished event carries no messages; the route
 *   gives it the run's last seq + 1 when it arrives (it only orders the event
 *   list: a finished state is terminal whatever its seq). Gaps in these seqs
 *   are expected, so a compat run's `events.missing` means nothing.
 *
 * The reference is lenient where Rehearse's wire schema is strict, so the
 * conversion fills what it may omit: `null` optional fields, a missing name
 * (the scenario id) or description (""), array (multi-part) message content
 * (its text parts, other parts as `[type]`), a message without an id.
 */
import { createHash } from "node:crypto";
import type { IngestEvent } from "@rehearse/core/events";
import { z } from "zod";

const identifier = z.string().min(1).max(200);
/** An optional field the Python client may send as `null`. */
const optional = <Schema extends z.ZodType>(schema: Schema) => schema.nullish().transform((value) => value ?? undefined);

const common = {
  // JavaScript's Date range: anything later cannot be stored as a timestamp
  timestamp: z.number().nonnegative().max(8.64e15),
  batchRunId: identifier,
  scenarioId: identifier,
  scenarioRunId: identifier,
  scenarioSetId: optional(identifier),
  rawEvent: z.unknown().optional(),
};

const contentSchema = optional(z.union([z.string(), z.array(z.unknown()).max(1000)]));

const messageSchema = z.looseObject({
  id: optional(z.string().max(200)),
  role: z.enum(["user", "assistant", "system", "developer", "tool"]),
  content: contentSchema,
  name: optional(z.string().max(200)),
  toolCalls: optional(
    z
      .array(
        z.object({
          id: z.string().max(200),
          type: optional(z.literal("function")),
          function: z.object({ name: z.string().max(200), arguments: z.string() }),
        }),
      )
      .max(1000),
  ),
  toolCallId: optional(z.string().max(200)),
});

/** One event as the LangWatch clients send it. */
export const compatEventSchema = z.discriminatedUnion("type", [
  z.object({
    ...common,
    type: z.literal("SCENARIO_RUN_STARTED"),
    metadata: optional(z.looseObject({ name: optional(z.string().max(1000)), description: optional(z.string().max(10_000)) })),
  }),
  z.object({
    ...common,
    type: z.literal("SCENARIO_MESSAGE_SNAPSHOT"),
    messages: z.array(messageSchema).max(10_000),
  }),
  z.object({
    ...common,
    type: z.literal("SCENARIO_RUN_FINISHED"),
    status: z.enum(["SUCCESS", "FAILED", "ERROR", "CANCELLED", "IN_PROGRESS", "PENDING"]),
    results: optional(
      z.object({
        verdict: z.enum(["success", "failure", "inconclusive"]),
        reasoning: optional(z.string()),
        metCriteria: z.array(z.string().max(10_000)).max(1000),
        unmetCriteria: z.array(z.string().max(10_000)).max(1000),
        error: optional(z.string()),
      }),
    ),
  }),
]);

/** A parsed LangWatch event. */
export type CompatEvent = z.infer<typeof compatEventSchema>;

/** JSON with object keys sorted at every level: equal values, equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** A UUID-shaped (version 8, RFC 9562 "custom") SHA-256 of the canonical body. */
export function compatEventId(body: unknown): string {
  const hex = createHash("sha256").update(canonicalJson(body)).digest("hex");
  const variant = ((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The text of a message's content: multi-part content keeps its text parts, other parts as `[type]`. */
function contentText(content: string | unknown[] | undefined): string | undefined {
  if (content === undefined || typeof content === "string") return content;
  return content
    .map((part) => {
      if (typeof part === "string") return part;
      const { type, text } = (typeof part === "object" && part !== null ? part : {}) as { type?: unknown; text?: unknown };
      if (typeof text === "string") return text;
      return `[${typeof type === "string" ? type.slice(0, 50) : "part"}]`;
    })
    .join("\n");
}

function toWireMessage(message: z.infer<typeof messageSchema>, index: number) {
  const id = message.id ?? `message-${index}`;
  const text = contentText(message.content);
  const named = message.name === undefined ? {} : { name: message.name };
  switch (message.role) {
    case "assistant":
      return {
        id,
        role: message.role,
        ...named,
        ...(text === undefined ? {} : { content: text }),
        ...(message.toolCalls
          ? { toolCalls: message.toolCalls.map((call) => ({ id: call.id, type: "function" as const, function: call.function })) }
          : {}),
      };
    case "tool":
      return { id, role: message.role, content: text ?? "", toolCallId: message.toolCallId ?? "" };
    default:
      return { id, role: message.role, ...named, content: text ?? "" };
  }
}

/** Who sent the event, as far as the request tells. */
export interface CompatSender {
  name: string;
  version: string;
}

/** The ingest event for `event` (parsed from `body`); `finishedSeq` is the seq a finished event gets. */
export function toIngestEvent(body: unknown, event: CompatEvent, sender: CompatSender, finishedSeq: number): IngestEvent {
  const envelope = {
    eventId: compatEventId(body),
    schemaVersion: 1 as const,
    sdk: sender,
    timestamp: Math.floor(event.timestamp),
    batchRunId: event.batchRunId,
    scenarioId: event.scenarioId,
    scenarioRunId: event.scenarioRunId,
    scenarioSetId: event.scenarioSetId ?? "default",
    ...(event.rawEvent === undefined || event.rawEvent === null ? {} : { rawEvent: event.rawEvent }),
  };
  switch (event.type) {
    case "SCENARIO_RUN_STARTED": {
      const metadata: { name?: string; description?: string } = event.metadata ?? {};
      return {
        ...envelope,
        seq: 0,
        type: event.type,
        metadata: { ...metadata, name: metadata.name ?? event.scenarioId, description: metadata.description ?? "" },
      } as IngestEvent;
    }
    case "SCENARIO_MESSAGE_SNAPSHOT":
      return {
        ...envelope,
        seq: event.messages.length,
        type: event.type,
        messages: event.messages.map(toWireMessage),
      } as IngestEvent;
    case "SCENARIO_RUN_FINISHED":
      return {
        ...envelope,
        seq: finishedSeq,
        type: event.type,
        status: event.status,
        ...(event.results ? { results: event.results } : {}),
      } as IngestEvent;
    default:
      return event satisfies never;
  }
}

/** The client, told from the User-Agent: the Python client is `langwatch-scenario`; the TS one sends none. */
export function compatSender(userAgent: string | undefined): CompatSender {
  return /python|httpx|aiohttp/i.test(userAgent ?? "")
    ? { name: "langwatch-scenario", version: "unknown" }
    : { name: "@langwatch/scenario", version: "unknown" };
}
