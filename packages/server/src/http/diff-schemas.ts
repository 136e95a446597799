/**
 * Response schemas of the diff API (OpenAPI components). They describe what
 * services/run-diff.ts and services/batch-diff.ts return; the route tests
 * check real responses against them.
 */
import { z } from "zod";

const nullableNumber = z.number().nullable();
const numberChange = z.object({ base: nullableNumber, head: nullableNumber, delta: nullableNumber });
const status = z.string().nullable();

const runReference = z.object({
  runId: z.string(),
  batchId: z.string(),
  scenarioId: z.string(),
  name: z.string().nullable(),
  status,
  verdict: z.string().nullable(),
  startedAt: z.string().meta({ format: "date-time" }),
});

const wordChange = z.object({ value: z.string(), added: z.boolean(), removed: z.boolean() });
const toolCall = z.object({ name: z.string(), arguments: z.string().meta({ description: "Canonical JSON (sorted keys)" }) });

const hopChange = z.object({
  turn: z.number().int(),
  visit: z.number().int().meta({ description: "Position of the visit within its turn (0 = the entry)" }),
  what: z.enum(["node", "handoff", "reply", "payload", "error", "missing", "extra"]),
  base: z.string().nullable().meta({ description: "Text as is, other values as JSON, cut at 2,000 characters; null: none" }),
  head: z.string().nullable(),
});
const breach = z.object({ node: z.string(), turn: z.number().int(), rule: z.string(), detail: z.string() });
const graphDiff = z.object({
  graph: z.string(),
  inBase: z.boolean(),
  inHead: z.boolean(),
  versions: z.object({ base: z.string().nullable(), head: z.string().nullable() }),
  identical: z
    .boolean()
    .meta({ description: "Both runs ran the graph and every visit matches (node, handoff, payload, reply, error)" }),
  firstDivergence: hopChange.nullable().meta({ description: "The first visit that differs; null when identical" }),
  paths: z.array(z.object({ turn: z.number().int(), base: z.array(z.string()), head: z.array(z.string()) })),
  changeCount: z.number().int().meta({ description: "Changes before the cap" }),
  changes: z.array(hopChange).meta({ description: "At most 200" }),
  breaches: z.object({ added: z.array(breach), removed: z.array(breach) }),
  chaos: z.object({ base: z.number().int(), head: z.number().int() }),
  truncated: z.boolean(),
});

export const runDiffSchema = z
  .object({
    base: runReference,
    head: runReference,
    outcome: z.enum(["regressed", "fixed", "unchanged", "changed"]),
    status: z.object({ base: status, head: status, changed: z.boolean() }),
    verdict: z.object({ base: status, head: status, changed: z.boolean() }),
    criteria: z.array(
      z.object({
        criterion: z.string(),
        base: z.string().nullable(),
        head: z.string().nullable(),
        transition: z.enum(["regressed", "fixed", "added", "removed", "unchanged"]),
      }),
    ),
    transcript: z.object({
      baseCount: z.number().int(),
      headCount: z.number().int(),
      truncated: z.boolean(),
      messages: z.array(
        z.object({
          index: z.number().int(),
          turn: z.number().int(),
          status: z.enum(["equal", "changed", "added", "removed"]),
          baseRole: z.string().nullable(),
          headRole: z.string().nullable(),
          changes: z
            .array(wordChange)
            .nullable()
            .meta({ description: "Word diff (base → head); null when equal or over the response budget" }),
        }),
      ),
    }),
    toolCalls: z.object({
      equal: z.boolean(),
      baseCount: z.number().int(),
      headCount: z.number().int(),
      changes: z.array(z.object({ op: z.enum(["equal", "added", "removed"]), calls: z.array(toolCall) })),
    }),
    events: z.array(z.object({ type: z.string(), base: z.number().int(), head: z.number().int(), delta: z.number().int() })),
    metrics: z.object({
      turns: numberChange,
      messageCount: numberChange,
      durationMs: numberChange,
      inputTokens: numberChange,
      outputTokens: numberChange,
      costUsd: numberChange,
    }),
    firstDivergence: z
      .object({ messageIndex: z.number().int(), turn: z.number().int() })
      .nullable()
      .meta({ description: "The first message that differs; null when the transcripts are equal" }),
    graphs: z
      .object({ truncated: z.boolean(), graphs: z.array(graphDiff) })
      .optional()
      .meta({ description: "Present when either run ran a behavioral graph: the diff of each graph, visit by visit" }),
  })
  .meta({ id: "RunDiff" });

const classification = z.enum(["regressed", "fixed", "stillFailing", "new", "removed", "flaky", "unchanged"]);
const batchSide = z.object({
  runs: z.number().int(),
  pass: z.number().int(),
  fail: z.number().int(),
  error: z.number().int(),
  passRate: nullableNumber,
  runIds: z.array(z.string()),
});

export const batchDiffSchema = z
  .object({
    base: z.object({ batchId: z.string() }),
    head: z.object({ batchId: z.string() }),
    summary: z.object({
      runs: z.object({ base: z.number().int(), head: z.number().int() }),
      passRate: numberChange.meta({ description: "passed ÷ (passed + failed + errored) per batch" }),
      durationP95Ms: numberChange,
      costUsd: numberChange,
      scenarios: z.number().int(),
      classifications: z.record(classification, z.number().int()),
    }),
    items: z.array(
      z.object({
        scenarioId: z.string(),
        name: z.string().nullable(),
        classification,
        alignment: z.enum(["trial", "passRate"]),
        base: batchSide,
        head: batchSide,
        trials: z
          .array(
            z.object({
              trialIndex: z.number().int(),
              baseRunId: z.string(),
              headRunId: z.string(),
              baseStatus: status,
              headStatus: status,
              changed: z.boolean(),
            }),
          )
          .nullable()
          .meta({ description: "Trial pairs when both batches ran the scenario as many times; else null" }),
      }),
    ),
    total: z.number().int().meta({ description: "Items before the limit and byte budget" }),
    truncated: z.boolean(),
  })
  .meta({ id: "BatchDiff" });
