/**
 * The ingest contract between Rehearse's HTTP reporter and the run-history
 * server (`POST /api/v1/events`). Each event is a wire event (wire-schema.ts,
 * fields untouched so collectors of that format still read it) plus an
 * envelope: `eventId` (UUIDv7, assigned once, the dedupe key), `seq` (per
 * run, 0, 1, 2 …: ordering and gap detection; timestamps never order),
 * `schemaVersion`, `sdk` and `attempt`.
 *
 * Domain events (`user_input`, `judgment`, `injection`, …) travel with the
 * run's identifiers added and their payload kept open: the server stores them
 * and counts them, and a newer library may send types it does not know yet.
 */
import { z } from "zod";
import { INGEST_MAX_EVENTS, INGEST_SCHEMA_VERSION } from "./ingest-limits.js";
import { messageSnapshotSchema, runFinishedSchema, runStartedSchema } from "./lifecycle-schema.js";

// the numbers live in a zod-free module (the reporter reads them); their names stay exported here
export { INGEST_MAX_BYTES, INGEST_MAX_EVENTS, INGEST_SCHEMA_VERSION } from "./ingest-limits.js";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const identifier = z.string().min(1).max(200);

const envelope = {
  eventId: z.string().regex(uuidPattern, "must be a UUID"),
  seq: z.number().int().nonnegative(),
  schemaVersion: z.literal(INGEST_SCHEMA_VERSION),
  sdk: z.object({ name: z.string().max(100), version: z.string().max(50) }).optional(),
  /** The job attempt of a server-launched run; SDK runs are attempt 1. */
  attempt: z.number().int().positive().optional(),
  batchRunId: identifier,
  scenarioId: identifier,
  scenarioRunId: identifier,
  scenarioSetId: identifier.default("default"),
};

/** What a finished run adds beyond the wire's verdict: measured figures from the run's result. */
export const runSummarySchema = z.object({
  durationMs: z.number().nonnegative().optional(),
  agentMs: z.number().nonnegative().optional(),
  turns: z.number().int().nonnegative().optional(),
  errorCode: z.string().max(100).optional(),
  usage: z
    .object({
      inputTokens: z.number().int().nonnegative(),
      outputTokens: z.number().int().nonnegative(),
      costUsd: z.number().nonnegative().optional(),
    })
    .optional(),
  labels: z.array(z.string().max(100)).max(50).optional(),
});

/** `SCENARIO_RUN_STARTED` with its envelope. */
export const ingestRunStartedSchema = runStartedSchema.extend(envelope);

/**
 * `SCENARIO_MESSAGE_SNAPSHOT` with its envelope. With `messagesOffset` the
 * snapshot is a delta: `messages` are the conversation from that index on
 * (messages keep their ids, so the server places them by index and id).
 */
export const ingestMessageSnapshotSchema = messageSnapshotSchema.extend({
  ...envelope,
  messagesOffset: z.number().int().nonnegative().optional(),
});

/** `SCENARIO_RUN_FINISHED` with its envelope and the run's measured summary. */
export const ingestRunFinishedSchema = runFinishedSchema.extend({ ...envelope, summary: runSummarySchema.optional() });

/** A domain event (lower-case `type`) with its envelope; its payload stays open. */
export const ingestDomainEventSchema = z.looseObject({
  ...envelope,
  type: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, "must be a lower-case event name"),
  timestamp: z.number().int().nonnegative(),
  turn: z.number().int().nonnegative().optional(),
});

/** One event as the ingest route accepts it. */
export const ingestEventSchema = z.union([
  z.discriminatedUnion("type", [ingestRunStartedSchema, ingestMessageSnapshotSchema, ingestRunFinishedSchema]),
  ingestDomainEventSchema,
]);

/** A lifecycle event with its envelope. */
export type IngestLifecycleEvent =
  | z.infer<typeof ingestRunStartedSchema>
  | z.infer<typeof ingestMessageSnapshotSchema>
  | z.infer<typeof ingestRunFinishedSchema>;

/** A domain event with its envelope. */
export type IngestDomainEvent = z.infer<typeof ingestDomainEventSchema>;

/** A parsed ingest event. */
export type IngestEvent = IngestLifecycleEvent | IngestDomainEvent;

const lifecycleTypes: ReadonlySet<string> = new Set([
  "SCENARIO_RUN_STARTED",
  "SCENARIO_MESSAGE_SNAPSHOT",
  "SCENARIO_RUN_FINISHED",
]);

/** True for the three lifecycle events (narrows, which a `type: string` domain member otherwise prevents). */
export function isLifecycleEvent(event: IngestEvent): event is IngestLifecycleEvent {
  return lifecycleTypes.has(event.type);
}

/**
 * The request body: events are checked one by one (a bad event is rejected
 * alone, the rest are stored), so the request schema leaves them unparsed.
 */
export const ingestRequestSchema = z.object({
  /** The sender's id for this request (diagnostics only). */
  batchId: z.string().max(100).optional(),
  sentAt: z.union([z.number(), z.string().max(40)]).optional(),
  events: z.array(z.unknown()).min(1).max(INGEST_MAX_EVENTS),
});

/** Why one event was refused; never retryable (the reporter dead-letters it). */
export const ingestRejectionSchema = z.object({
  eventId: z.string().nullable(),
  index: z.number().int().nonnegative(),
  code: z.string(),
  message: z.string(),
  retryable: z.literal(false),
});

/** The answer to a request that was read: per-event results. */
export const ingestResponseSchema = z.object({
  accepted: z.number().int().nonnegative(),
  duplicates: z.array(z.string()),
  rejected: z.array(ingestRejectionSchema),
});

/** A parsed ingest response. */
export type IngestResponse = z.infer<typeof ingestResponseSchema>;
