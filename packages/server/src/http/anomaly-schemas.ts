/**
 * Response schemas of the anomaly reads (OpenAPI components). They describe
 * what services/anomaly-analytics.ts returns; the route tests check real
 * responses against them.
 */
import { z } from "zod";

const timestamp = z.string().meta({ format: "date-time" });
const direction = z.enum(["above", "below"]);

export const robustBaselineSchema = z
  .object({
    count: z.number().int().meta({ description: "Values in the baseline" }),
    median: z.number(),
    mad: z.number().meta({ description: "Median absolute deviation from the median (unscaled)" }),
    scale: z.number().meta({
      description:
        "The z-score's denominator: 1.4826 × MAD; when MAD is 0, 1.2533 × the mean absolute deviation; never below 5 % of |median| or the metric's resolution",
    }),
    basis: z.enum(["mad", "mean_deviation", "floor"]).meta({ description: "Where `scale` came from" }),
  })
  .meta({ id: "RobustBaseline" });

export const latencyAnomaliesSchema = z
  .object({
    metric: z.enum(["duration", "cost"]),
    window: z.number().int().meta({ description: "Settled runs per scenario behind each recomputed baseline" }),
    threshold: z.number().meta({ description: "Anomalies listed have |score| above this" }),
    anomalies: z
      .array(
        z.object({
          id: z.string(),
          runId: z.string(),
          batchId: z.string(),
          setId: z.string(),
          scenarioId: z.string(),
          name: z.string().nullable().meta({ description: "The run's (else the scenario's) name" }),
          metric: z.enum(["duration", "cost"]),
          observed: z.number().meta({ description: "The run's value: milliseconds, or USD" }),
          median: z.number().meta({ description: "The median of the scenario's runs before it, when it was detected" }),
          mad: z.number(),
          score: z.number().meta({ description: "Robust z-score: (observed − median) / scale" }),
          direction,
          runStartedAt: timestamp.nullable().meta({ description: "null when the run was deleted since" }),
          detectedAt: timestamp,
          acknowledgedAt: timestamp.nullable(),
        }),
      )
      .meta({ description: "Stored when their run finished (the scenario's last 30 runs before it, at least 10), newest first" }),
    totalAnomalies: z.number().int(),
    anomaliesTruncated: z.boolean().meta({ description: "The list stopped at `limit`; totalAnomalies counts them all" }),
    scenarios: z
      .array(
        z.object({
          scenarioId: z.string(),
          name: z.string().nullable(),
          runs: z.number().int().meta({ description: "Settled runs in the window (at most `window`)" }),
          baseline: robustBaselineSchema
            .nullable()
            .meta({ description: "Median and MAD of those runs' durations (ms), recomputed now; null when none reported one" }),
          latest: z
            .object({
              runId: z.string(),
              durationMs: z.number().nullable(),
              score: z.number().nullable().meta({ description: "Against the `window` runs before it; null with fewer than 10" }),
              anomalous: z.boolean(),
            })
            .nullable(),
        }),
      )
      .meta({ description: "Most recently seen first; at most 200" }),
    totalScenarios: z.number().int(),
    scenariosTruncated: z.boolean(),
  })
  .meta({ id: "LatencyAnomalies" });

export const anomalySeriesSchema = z
  .object({
    setId: z.string(),
    metric: z.enum(["duration_p95", "pass_rate", "cost"]),
    threshold: z.number(),
    baseline: z.number().int().meta({ description: "Earlier batches in each batch's baseline" }),
    points: z
      .array(
        z.object({
          batchId: z.string(),
          startedAt: timestamp,
          runs: z.number().int(),
          value: z.number().nullable().meta({
            description:
              "p95 run duration (ms, percentile_cont over settled runs), pass rate (0–1) or total cost (USD); null when the batch has none",
          }),
          baseline: robustBaselineSchema
            .nullable()
            .meta({ description: "Over the values of the `baseline` batches before this one; null with fewer than 5" }),
          score: z.number().nullable(),
          anomalous: z.boolean(),
          direction: direction.nullable(),
        }),
      )
      .meta({ description: "The set's last `window` batches, oldest first" }),
    drift: z
      .object({
        recent: z.object({ count: z.number().int(), median: z.number() }),
        previous: z.object({ count: z.number().int(), median: z.number() }),
        change: z.number(),
        relativeChange: z.number().nullable(),
        score: z.number().meta({ description: "change ÷ the previous batches' robust scale" }),
        drifted: z.boolean(),
        direction: direction.nullable(),
      })
      .nullable()
      .meta({
        description:
          "The median of the last k values (k = baseline, or half the values shown) against the k before them; null with fewer than 5 on a side",
      }),
  })
  .meta({ id: "AnomalySeries" });
