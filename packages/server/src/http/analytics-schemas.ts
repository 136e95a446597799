/**
 * Response schemas of the set analytics (OpenAPI components). They describe
 * what services/set-analytics.ts returns; the route tests check real
 * responses against them.
 */
import { z } from "zod";

const nullableNumber = z.number().nullable();
const timestamp = z.string().meta({ format: "date-time" });
const batchReference = z.object({ batchId: z.string(), startedAt: timestamp });

export const criteriaMatrixSchema = z
  .object({
    batches: z.array(batchReference).meta({ description: "The set's last N batches, oldest first: the matrix's columns" }),
    rows: z
      .array(
        z.object({
          scenarioId: z.string(),
          name: z.string().nullable(),
          criterion: z.string(),
          cells: z
            .array(z.object({ batchId: z.string(), met: z.number().int(), unmet: z.number().int() }))
            .meta({ description: "Runs of the batch that met / did not meet the criterion; only batches that judged it" }),
        }),
      )
      .meta({ description: "One per scenario × criterion: rows with an unmet verdict in the window first, then by ids" }),
    totalRows: z.number().int(),
    truncated: z.boolean().meta({ description: "Rows stopped at 500 (or 800 kB); totalRows is the count before" }),
  })
  .meta({ id: "CriteriaMatrix" });

export const flakinessSchema = z
  .object({
    batches: z.array(
      batchReference.extend({
        scenarios: z.number().int().meta({ description: "Scenarios with a settled (pass, fail, error) run in the batch" }),
        passAllTrials: nullableNumber.meta({
          description: "pass^k: the share of those scenarios whose every settled trial passed; null when none settled",
        }),
        flakyScenarios: z.number().int().meta({ description: "Scenarios with both passing and failing/erroring trials" }),
        trialsPerScenario: z.number().int().meta({ description: "The most settled trials of one scenario" }),
      }),
    ),
    scenarios: z
      .array(
        z.object({
          scenarioId: z.string(),
          name: z.string().nullable(),
          runs: z.number().int().meta({ description: "Settled runs in the window" }),
          passes: z.number().int(),
          passRate: nullableNumber,
          flips: z.number().int().meta({
            description: "Changes between passing and not passing (fail, error) from one settled run to the next, by start time",
          }),
          firstFailingBatchId: z
            .string()
            .nullable()
            .meta({ description: "The oldest batch of the window in which the scenario failed or errored" }),
        }),
      )
      .meta({ description: "By flips, most first, then by failures; at most 500" }),
    totalScenarios: z.number().int(),
    truncated: z.boolean(),
  })
  .meta({ id: "SetFlakiness" });

export const seriesSchema = z
  .object({
    batches: z.array(
      batchReference.extend({
        passRate: nullableNumber.meta({ description: "passed ÷ (passed + failed + errored); null when none settled" }),
        runs: z.number().int(),
        durationP50Ms: nullableNumber.meta({
          description: "Median run duration of the settled runs that reported one (percentile_cont); null when none did",
        }),
        durationP95Ms: nullableNumber,
        costUsd: nullableNumber.meta({ description: "Sum over the batch's runs; null when no run reported a cost" }),
        avgTurns: nullableNumber,
      }),
    ),
  })
  .meta({ id: "SetSeries" });
