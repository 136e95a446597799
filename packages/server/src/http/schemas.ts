/**
 * Response schemas of the read API (OpenAPI components). They describe what
 * services/history.ts returns; the route tests check real responses against
 * them, so the document cannot drift from the data.
 */
import { z } from "zod";

const nullableNumber = z.number().nullable();
const timestamp = z.string().meta({ format: "date-time" });

export const runSummarySchema = z
  .object({
    runId: z.string(),
    batchId: z.string(),
    setId: z.string(),
    scenarioId: z.string(),
    name: z.string().nullable(),
    state: z.enum(["queued", "running", "stalled", "interrupted", "finished", "cancelled"]),
    status: z.enum(["pass", "fail", "error", "skipped"]).nullable(),
    verdict: z.string().nullable(),
    errorCode: z.string().nullable(),
    seed: nullableNumber,
    attempt: z.number().int(),
    startedAt: timestamp,
    finishedAt: timestamp.nullable(),
    lastEventAt: timestamp,
    durationMs: nullableNumber,
    turns: nullableNumber,
    messageCount: z.number().int(),
    usage: z.object({ inputTokens: nullableNumber, outputTokens: nullableNumber, costUsd: nullableNumber }),
    counters: z.object({
      injections: z.number(),
      policyViolations: z.number(),
      piiLeaks: z.number(),
      promptLeaks: z.number(),
      toolErrors: z.number(),
    }),
    metCriteriaCount: nullableNumber,
    unmetCriteriaCount: nullableNumber,
    labels: z.array(z.string()),
    metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).meta({
      description:
        "The run's metadata for table columns: scalar values only, no name or description, at most 20 keys (by key), " +
        "keys up to 64 characters, strings cut at 200 characters, at most 2 KiB of JSON; redacted like the run",
    }),
  })
  .meta({ id: "RunSummary" });

export const runPageSchema = z
  .object({ items: z.array(runSummarySchema), nextCursor: z.string().nullable() })
  .meta({ id: "RunPage" });

export const runDetailSchema = runSummarySchema
  .extend({
    description: z.string().nullable(),
    metadata: z.record(z.string(), z.unknown()),
    threadId: z.string().nullable(),
    reasoning: z.string().nullable(),
    error: z.object({ code: z.string().nullable(), message: z.string().nullable() }).nullable(),
    wireStatus: z.string().nullable(),
    agentMs: nullableNumber,
    criteria: z.array(z.object({ criterion: z.string(), verdict: z.enum(["met", "unmet"]) })),
    events: z.object({ count: z.number().int(), lastSeq: z.number().int(), missing: z.number().int() }),
    sdk: z.string().nullable(),
    launch: z
      .object({
        control: z.enum(["active", "paused", "stopped"]),
        replayOf: z.string().nullable().meta({ description: "the run this one reruns" }),
        trialIndex: z.number().int().nullable(),
      })
      .nullable()
      .meta({ description: "a run launched by this server (docs/launching.md); null for SDK-reported runs" }),
    links: z.record(z.string(), z.string()),
  })
  .meta({ id: "RunDetail" });

export const messagePageSchema = z
  .object({
    items: z.array(z.looseObject({ index: z.number().int(), id: z.string(), role: z.string() })),
    nextFrom: z.number().int().nullable(),
  })
  .meta({ id: "MessagePage" });

export const eventPageSchema = z
  .object({
    items: z.array(
      z.object({
        eventId: z.string(),
        seq: z.number().int(),
        type: z.string(),
        timestamp,
        ingestId: z.number().int(),
        event: z.record(z.string(), z.unknown()),
      }),
    ),
    nextAfterSeq: z.number().int().nullable(),
  })
  .meta({ id: "EventPage" });

const countsSchema = z.object({
  total: z.number().int(),
  running: z.number().int(),
  stalled: z.number().int(),
  queued: z.number().int(),
  finished: z.number().int(),
  cancelled: z.number().int(),
  pass: z.number().int(),
  fail: z.number().int(),
  error: z.number().int(),
  skipped: z.number().int(),
});

export const batchSchema = z
  .object({
    batchId: z.string(),
    setId: z.string(),
    source: z.string(),
    control: z
      .enum(["active", "paused", "stopped"])
      .nullable()
      .meta({ description: "a launched batch's control state (docs/launching.md); null for SDK-reported batches" }),
    note: z.string().nullable(),
    labels: z.array(z.string()),
    counts: countsSchema,
    settled: z.number().int(),
    passRate: nullableNumber.meta({ description: "passed ÷ (passed + failed + errored); null when none settled" }),
    durationMs: nullableNumber,
    costUsd: nullableNumber,
    startedAt: timestamp.nullable(),
    finishedAt: timestamp.nullable(),
    lastEventAt: timestamp.nullable(),
  })
  .meta({ id: "Batch" });

export const batchPageSchema = z
  .object({ items: z.array(batchSchema), nextCursor: z.string().nullable() })
  .meta({ id: "BatchPage" });

export const setSchema = z
  .object({
    setId: z.string(),
    firstSeenAt: timestamp.nullable(),
    lastRunAt: timestamp.nullable(),
    batches: z.number().int(),
    lastBatch: z
      .object({
        batchId: z.string(),
        counts: countsSchema.pick({
          total: true,
          pass: true,
          fail: true,
          error: true,
          skipped: true,
          running: true,
          stalled: true,
        }),
        passRate: nullableNumber,
      })
      .nullable(),
    trend: z
      .array(z.object({ batchId: z.string(), startedAt: timestamp, passRate: nullableNumber }))
      .meta({ description: "The set's last 20 batches, oldest first, with the canonical pass rate (null: none settled)" }),
    flakyCount: z
      .number()
      .int()
      .meta({
        description:
          "Flaky scenarios in the set's last 10 batches: trials of one batch disagreed, or the outcome changed at least twice " +
          "from batch to batch (one change is a regression or a fix)",
      }),
  })
  .meta({ id: "ScenarioSet" });

export const setListSchema = z
  .object({ items: z.array(setSchema), nextCursor: z.string().nullable() })
  .meta({ id: "ScenarioSetList" });
