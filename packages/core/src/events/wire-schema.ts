/**
 * `@rehearse/core/events`: the zod schema of lifecycle events on the wire, for
 * collectors and the platform's ingest edge (lifecycle-schema.ts), the
 * conversion of events to the wire (to-wire.ts) and the ingest contract of the
 * run-history server (ingest-schema.ts). Field names follow the reference's
 * wire format (camelCase), so its collectors accept them; the fields Rehearse
 * adds are optional.
 */

export { ATTEMPT_SEQ_SPAN } from "./ingest-limits.js";
export {
  INGEST_MAX_BYTES,
  INGEST_MAX_EVENTS,
  INGEST_SCHEMA_VERSION,
  type IngestDomainEvent,
  type IngestEvent,
  type IngestLifecycleEvent,
  type IngestResponse,
  ingestDomainEventSchema,
  ingestEventSchema,
  ingestMessageSnapshotSchema,
  ingestRejectionSchema,
  ingestRequestSchema,
  ingestResponseSchema,
  ingestRunFinishedSchema,
  ingestRunStartedSchema,
  isLifecycleEvent,
  runSummarySchema,
} from "./ingest-schema.js";
export {
  messageSnapshotSchema,
  runFinishedSchema,
  runStartedSchema,
  scenarioEventSchema,
  type WireScenarioEvent,
  wireMessageSchema,
} from "./lifecycle-schema.js";
export { toWireEvent, toWireMessages, type WireMessage } from "./to-wire.js";
