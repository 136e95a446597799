/**
 * Evaluating a candidate judge prompt against people's labels (decision
 * 0050): the labelled runs' stored transcripts are graded again through
 * core's judge (`judgeTranscript`) with the candidate system prompt, and the
 * candidate's agreement with the labels is reported beside the current
 * judge's, per criterion, on the same runs. Nothing is adopted or stored.
 * The model is the server's `REHEARSE_CALIBRATION_MODEL` (or the request's
 * `model`, resolved with the server's provider keys); without one the
 * evaluation says which setting to add, never a stand-in.
 */
import { createModelRegistry, type JudgeTranscriptOptions, type ModelRegistry } from "@rehearse/core/platform";
import type { Database } from "../store/database.js";
import type { LabelPairRow } from "../store/label-queries.js";
import { findRun, runMessages } from "../store/run-queries.js";
import { agreementByGroup, type Calibration, UNVERSIONED } from "./calibration.js";
import { modelMessagesOf } from "./calibration-transcript.js";
import type { Agreement } from "./cohen-kappa.js";
import type { TenantScope } from "./tenant-scope.js";

/** A model the candidate judge runs on (an AI SDK language model). */
type JudgeModel = JudgeTranscriptOptions["model"];

/** Most runs one evaluation re-judges (one model call each, at least). */
export const MAX_EVALUATED_RUNS = 25;
/** Most transcript messages of a run given to the candidate. */
const MAX_MESSAGES = 2_000;
/** What the evaluation needs to be set, in the words every "not configured" answer uses. */
export const CALIBRATION_SETTING_HINT =
  "set REHEARSE_CALIBRATION_MODEL (a model id such as openai:gpt-4.1-mini) and the provider's key (e.g. OPENAI_API_KEY) in the server's environment";

/** No model to judge with: the setting to add (503). */
export class CalibrationUnconfigured extends Error {
  override readonly name = "CalibrationUnconfigured";
}
/** The request's `model` cannot be used (400 naming `model`). */
export class CalibrationModelRefused extends Error {
  override readonly name = "CalibrationModelRefused";
}
/** The model failed or gave no usable verdict on a run (502 naming the run). */
export class CalibrationModelFailed extends Error {
  override readonly name = "CalibrationModelFailed";
}

/** What to evaluate. */
export interface EvaluationRequest {
  systemPrompt: string;
  model?: string | undefined;
  criterion?: string | undefined;
  maxRuns: number;
}

/** How the evaluator finds its model. */
export interface CalibrationEvaluatorOptions {
  /** The server's environment: `REHEARSE_CALIBRATION_MODEL`, provider keys and base URLs. */
  environment: Readonly<Record<string, string | undefined>>;
  /** A model in place of the setting (tests); a request's `model` still goes through the registry. */
  model?: JudgeModel;
  registry?: ModelRegistry;
}

/** Re-judges labelled runs with a candidate prompt; see the module comment. */
export class CalibrationEvaluator {
  private readonly registry: ModelRegistry;

  constructor(private readonly options: CalibrationEvaluatorOptions) {
    const env = Object.fromEntries(
      Object.entries(options.environment).filter((entry): entry is [string, string] => entry[1] !== undefined),
    );
    this.registry = options.registry ?? createModelRegistry({ env });
  }

  /** Whether a model is set (the setting or a test model); a request's `model` may still name one. */
  get configured(): boolean {
    return this.options.model !== undefined || Boolean(this.options.environment.REHEARSE_CALIBRATION_MODEL?.trim());
  }

  /** The candidate's and the current judge's agreement with the labels of the newest labelled runs. */
  async evaluate(
    database: Database,
    calibration: Calibration,
    scope: TenantScope,
    request: EvaluationRequest,
    signal?: AbortSignal,
  ) {
    const { model, label } = await this.modelFor(request.model);
    const pairs = (await calibration.pairs(scope, { criterion: request.criterion })).filter((pair) => pair.human !== "unsure");
    const runIds = [...new Set(pairs.map((pair) => pair.run_id))].slice(0, Math.min(request.maxRuns, MAX_EVALUATED_RUNS));
    const chosen = new Set(runIds);
    const compared = pairs.filter((pair) => chosen.has(pair.run_id));
    const { judgeTranscript } = await import("@rehearse/core/platform");
    const candidate = new Map<string, string>();
    let candidateVersion = "";
    for (const runId of runIds) {
      const criteria = [...new Set(compared.filter((pair) => pair.run_id === runId).map((pair) => pair.criterion))];
      const run = await database.forTenant(scope.tenantId, async (executor) => {
        const row = await findRun(executor, scope.tenantId, runId);
        const messages = await runMessages(executor, scope.tenantId, runId, 0, MAX_MESSAGES);
        return (
          row && {
            description: row.description ?? "",
            messages: messages.slice(0, MAX_MESSAGES).map((message) => message.content),
          }
        );
      });
      if (!run) continue;
      try {
        const judged = await judgeTranscript({
          model,
          modelKey: label,
          systemPrompt: request.systemPrompt,
          description: run.description,
          criteria,
          messages: modelMessagesOf(run.messages),
          ...(signal ? { signal } : {}),
        });
        candidateVersion = judged.judgeVersion;
        for (const [criterion, verdict] of judged.answers) candidate.set(`${runId}\u0000${criterion}`, verdict);
      } catch (error) {
        if (signal?.aborted) throw error;
        throw new CalibrationModelFailed(`the candidate judge failed on run ${runId}: ${this.redact(messageOf(error))}`);
      }
    }
    const judged = compared.filter((pair) => candidate.has(`${pair.run_id}\u0000${pair.criterion}`));
    const byCandidate = judged.map((pair) => ({ ...pair, judge: candidate.get(`${pair.run_id}\u0000${pair.criterion}`) ?? "" }));
    const current = agreementByGroup(judged, (pair) => pair.criterion);
    const proposed = agreementByGroup(byCandidate, (pair) => pair.criterion);
    return {
      adopted: false as const,
      model: label,
      candidateVersion,
      currentVersions: [...new Set(judged.map((pair: LabelPairRow) => pair.judge_version ?? UNVERSIONED))].sort(),
      runs: new Set(judged.map((pair) => pair.run_id)).size,
      labels: judged.length,
      overall: {
        current: agreementByGroup(judged, () => "all").get("all") ?? emptyAgreement(),
        candidate: agreementByGroup(byCandidate, () => "all").get("all") ?? emptyAgreement(),
      },
      criteria: [...current.keys()].sort().map((criterion) => ({
        criterion,
        current: current.get(criterion) ?? emptyAgreement(),
        candidate: proposed.get(criterion) ?? emptyAgreement(),
      })),
    };
  }

  private async modelFor(requested: string | undefined): Promise<{ model: JudgeModel; label: string }> {
    const given = this.options.model;
    if (requested === undefined && given) return { model: given, label: `${given.provider}:${given.modelId}` };
    const id = requested ?? this.options.environment.REHEARSE_CALIBRATION_MODEL?.trim();
    if (!id) throw new CalibrationUnconfigured(`judge calibration has no model: ${CALIBRATION_SETTING_HINT}`);
    // a request names a provider; only the server's own setting may point at a server of its choosing
    if (requested !== undefined && id.startsWith("openai-compatible:"))
      throw new CalibrationModelRefused(
        "an openai-compatible model (a base URL) is set on the server (REHEARSE_CALIBRATION_MODEL), not per request",
      );
    try {
      return { model: (await this.registry.resolve(id)) as JudgeModel, label: id };
    } catch (error) {
      const message = this.redact(messageOf(error));
      if (requested !== undefined) throw new CalibrationModelRefused(message);
      throw new CalibrationUnconfigured(
        `REHEARSE_CALIBRATION_MODEL=${id} cannot be used: ${message} (${CALIBRATION_SETTING_HINT})`,
      );
    }
  }

  /** `text` without any secret of the environment (provider keys echo back in some errors). */
  private redact(text: string): string {
    let redacted = text;
    for (const [name, value] of Object.entries(this.options.environment))
      if (value && value.length >= 8 && /KEY|TOKEN|SECRET|PASSWORD/i.test(name))
        redacted = redacted.replaceAll(value, "[redacted]");
    return redacted.slice(0, 2_000);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function emptyAgreement(): Agreement {
  return {
    n: 0,
    unsure: 0,
    observedAgreement: null,
    chanceAgreement: null,
    kappa: null,
    kappaUndefinedBecause: "no labels to compare",
    confusion: { judgeMetHumanMet: 0, judgeMetHumanUnmet: 0, judgeUnmetHumanMet: 0, judgeUnmetHumanUnmet: 0 },
  };
}
