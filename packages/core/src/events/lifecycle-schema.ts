/**
 * The zod schemas of lifecycle events on the wire (exported by
 * `@rehearse/core/events` through wire-schema.ts). Field names follow the
 * reference's wire format (camelCase), so its collectors accept them; the
 * fields Rehearse adds are optional.
 */
import { z } from "zod";

const base = {
  timestamp: z.number().int().nonnegative(),
  batchRunId: z.string().min(1),
  scenarioId: z.string().min(1),
  scenarioRunId: z.string().min(1),
  scenarioSetId: z.string().min(1).default("default"),
  rawEvent: z.unknown().optional(),
};

const toolCall = z.object({
  id: z.string(),
  type: z.literal("function"),
  function: z.object({ name: z.string(), arguments: z.string() }),
});

/** A conversation message on the wire (AG-UI shape). */
export const wireMessageSchema = z.discriminatedUnion("role", [
  z.object({ id: z.string(), role: z.literal("user"), content: z.string(), name: z.string().optional() }),
  z.object({ id: z.string(), role: z.literal("system"), content: z.string(), name: z.string().optional() }),
  z.object({ id: z.string(), role: z.literal("developer"), content: z.string(), name: z.string().optional() }),
  z.object({
    id: z.string(),
    role: z.literal("assistant"),
    content: z.string().optional(),
    name: z.string().optional(),
    toolCalls: z.array(toolCall).optional(),
  }),
  z.object({ id: z.string(), role: z.literal("tool"), content: z.string(), toolCallId: z.string() }),
]);

/** `SCENARIO_RUN_STARTED` on the wire. */
export const runStartedSchema = z.object({
  ...base,
  type: z.literal("SCENARIO_RUN_STARTED"),
  metadata: z.looseObject({ name: z.string(), description: z.string() }),
  seed: z.number().int().nonnegative().optional(),
  threadId: z.string().optional(),
});

/** `SCENARIO_MESSAGE_SNAPSHOT` on the wire: the whole conversation. */
export const messageSnapshotSchema = z.object({
  ...base,
  type: z.literal("SCENARIO_MESSAGE_SNAPSHOT"),
  messages: z.array(wireMessageSchema),
});

/** `SCENARIO_RUN_FINISHED` on the wire; `status` accepts the reference's values plus `SKIPPED`. */
export const runFinishedSchema = z.object({
  ...base,
  type: z.literal("SCENARIO_RUN_FINISHED"),
  status: z.enum(["SUCCESS", "FAILED", "ERROR", "SKIPPED", "CANCELLED", "IN_PROGRESS", "PENDING"]),
  results: z
    .object({
      verdict: z.enum(["success", "failure", "inconclusive"]),
      reasoning: z.string().optional(),
      metCriteria: z.array(z.string()),
      unmetCriteria: z.array(z.string()),
      error: z.string().optional(),
    })
    .optional(),
  outcome: z.enum(["pass", "fail", "error", "skipped"]).optional(),
});

/** Any lifecycle event on the wire. */
export const scenarioEventSchema = z.discriminatedUnion("type", [runStartedSchema, messageSnapshotSchema, runFinishedSchema]);

/** A parsed wire event. */
export type WireScenarioEvent = z.infer<typeof scenarioEventSchema>;
