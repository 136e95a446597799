/**
 * Checks one event of an ingest request against the contract of
 * `@rehearse/core/events`. Lifecycle events are dispatched on `type` to their
 * own schema (so an error names the field, not "no union member matched");
 * everything else is a domain event. A bad event is rejected alone, with its
 * index, its id when it had a readable one, a stable code and the field path.
 */
import {
  type IngestEvent,
  ingestDomainEventSchema,
  ingestMessageSnapshotSchema,
  ingestRunFinishedSchema,
  ingestRunStartedSchema,
} from "@rehearse/core/events";
import type { z } from "zod";

/** Why one event was refused. */
export interface Rejection {
  eventId: string | null;
  index: number;
  code: "invalid_event" | "duplicate_in_request" | "governance_blocked";
  message: string;
  retryable: false;
}

const lifecycle: ReadonlyMap<string, z.ZodType<IngestEvent>> = new Map<string, z.ZodType<IngestEvent>>([
  ["SCENARIO_RUN_STARTED", ingestRunStartedSchema as z.ZodType<IngestEvent>],
  ["SCENARIO_MESSAGE_SNAPSHOT", ingestMessageSnapshotSchema as z.ZodType<IngestEvent>],
  ["SCENARIO_RUN_FINISHED", ingestRunFinishedSchema as z.ZodType<IngestEvent>],
]);

/** `path: message` of the first issue, e.g. `events[3].metadata.name: expected string, received number`. */
export function describeIssue(prefix: string, error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return `${prefix}: invalid`;
  const path = issue.path.map((part) => (typeof part === "number" ? `[${part}]` : `.${String(part)}`)).join("");
  return `${prefix}${path}: ${issue.message}`;
}

/** The parsed event, or why it was refused. */
export function validateEvent(raw: unknown, index: number): { event: IngestEvent } | { rejection: Rejection } {
  const type = typeof raw === "object" && raw !== null && !Array.isArray(raw) ? (raw as { type?: unknown }).type : undefined;
  const schema =
    (typeof type === "string" ? lifecycle.get(type) : undefined) ?? (ingestDomainEventSchema as z.ZodType<IngestEvent>);
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { event: parsed.data };
  const eventId = typeof raw === "object" && raw !== null ? (raw as { eventId?: unknown }).eventId : undefined;
  return {
    rejection: {
      eventId: typeof eventId === "string" && eventId.length <= 64 ? eventId : null,
      index,
      code: "invalid_event",
      message: describeIssue(`events[${index}]`, parsed.error),
      retryable: false,
    },
  };
}
