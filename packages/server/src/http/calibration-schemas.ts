/**
 * Request and response schemas of judge calibration (decision 0050): the
 * review queue, people's labels, agreement reports and the evaluation of a
 * candidate judge prompt. They validate requests at the edge and describe
 * responses in the OpenAPI document the dashboard's client is generated from.
 */
import { z } from "zod";
import { MAX_EVALUATED_RUNS } from "../services/calibration-evaluation.js";

const verdict = z.enum(["met", "unmet", "unsure"]);
const ratio = z.number().nullable();

/** A label in a request: the person's verdict and an optional note. */
const labelSchema = z.strictObject({
  verdict: verdict.meta({ description: "met, unmet, or unsure (excluded from agreement and counted)" }),
  note: z.string().max(2_000).optional(),
});

/** `PUT /api/v1/runs/{runId}/labels`: labels keyed by criterion text. */
export const labelRequestSchema = z
  .strictObject({
    labels: z
      .record(z.string().min(1).max(1_000), labelSchema)
      .refine((labels) => Object.keys(labels).length > 0, "give at least one criterion's label")
      .refine((labels) => Object.keys(labels).length <= 200, "at most 200 labels at once")
      .meta({ description: "criterion text → the person's verdict (re-labelling replaces)" }),
  })
  .meta({ id: "LabelRequest" });

/** The caller's labels of a run after saving. */
export const runLabelsSchema = z
  .object({
    runId: z.string(),
    labeller: z.string().meta({ description: "`user:<id>` or `api_key:<id>`" }),
    labels: z.array(z.object({ criterion: z.string(), verdict, note: z.string().nullable() })),
  })
  .meta({ id: "RunLabels" });

/** The review queue: runs to label, blind (no judge verdicts). */
export const calibrationQueueSchema = z
  .object({
    items: z.array(
      z.object({
        runId: z.string(),
        scenarioId: z.string(),
        name: z.string().nullable(),
        description: z.string().nullable(),
        startedAt: z.string(),
        criteria: z.array(
          z.object({
            criterion: z.string(),
            label: z
              .object({ verdict, note: z.string().nullable() })
              .nullable()
              .meta({ description: "the caller's own label, if any" }),
          }),
        ),
        messages: z.array(z.looseObject({ index: z.number().int(), id: z.string(), role: z.string() })),
      }),
    ),
    remaining: z.number().int().meta({ description: "runs with a criterion the caller has not labelled" }),
  })
  .meta({ id: "CalibrationQueue" });

const confusionSchema = z
  .object({
    judgeMetHumanMet: z.number().int(),
    judgeMetHumanUnmet: z.number().int(),
    judgeUnmetHumanMet: z.number().int(),
    judgeUnmetHumanUnmet: z.number().int(),
  })
  .meta({ id: "Confusion" });

/** Agreement of a judge with people over some pairs. */
export const agreementSchema = z
  .object({
    n: z.number().int().meta({ description: "label/judge pairs compared (unsure labels excluded)" }),
    unsure: z.number().int(),
    observedAgreement: ratio,
    chanceAgreement: ratio,
    kappa: ratio.meta({ description: "Cohen's κ; null when it cannot be computed (kappaUndefinedBecause)" }),
    kappaUndefinedBecause: z.string().nullable(),
    confusion: confusionSchema,
  })
  .meta({ id: "Agreement" });

export const agreementQuerySchema = z.object({
  criterion: z.string().min(1).max(1_000).optional(),
  judge_version: z.string().min(1).max(200).optional(),
  since: z.iso.datetime({ offset: true }).optional().meta({ description: "only runs started at or after (ISO 8601)" }),
});

/** `GET /api/v1/calibration/agreement`. */
export const agreementReportSchema = z
  .object({
    labels: z.number().int(),
    criteria: z.array(agreementSchema.extend({ criterion: z.string(), judgeVersion: z.string() })),
    judgeVersions: z.array(agreementSchema.extend({ judgeVersion: z.string() })),
  })
  .meta({ id: "AgreementReport" });

/** `POST /api/v1/calibration/evaluate`. */
export const evaluationRequestSchema = z
  .strictObject({
    systemPrompt: z.string().min(1).max(20_000).meta({ description: "the candidate judge system prompt" }),
    model: z.string().min(1).max(200).optional().meta({ description: "a model id; default REHEARSE_CALIBRATION_MODEL" }),
    criterion: z.string().min(1).max(1_000).optional(),
    maxRuns: z.number().int().min(1).max(MAX_EVALUATED_RUNS).default(10),
  })
  .meta({ id: "EvaluationRequest" });

/** The candidate's agreement beside the current judge's; nothing adopted. */
export const evaluationSchema = z
  .object({
    adopted: z.literal(false),
    model: z.string(),
    candidateVersion: z.string(),
    currentVersions: z.array(z.string()),
    runs: z.number().int(),
    labels: z.number().int(),
    overall: z.object({ current: agreementSchema, candidate: agreementSchema }),
    criteria: z.array(z.object({ criterion: z.string(), current: agreementSchema, candidate: agreementSchema })),
  })
  .meta({ id: "CalibrationEvaluation" });
