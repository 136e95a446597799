/**
 * The release guard (platform research §3.8): evaluates a policy against a
 * batch (given, or a set's latest), records the decision in
 * `guard_evaluations` and the audit log in one transaction, counts it in
 * `rehearse_guard_decisions_total`, and tells `notify` when it failed
 * (`guard.failed`). `promote` evaluates and, only on `pass`, records the
 * batch as promoted to the environment in that same transaction; the next
 * evaluation for that environment compares with it (`maxRegressionPoints`).
 */
import { randomUUID } from "node:crypto";
import type { GuardPolicy } from "@rehearse/core/guard";
import type { Logger } from "pino";
import type { Database, Executor } from "../store/database.js";
import {
  batchFigures,
  batchFlakiness,
  batchTarget,
  evidenceRuns,
  type GuardTarget,
  lastPromotion,
  latestBatchOfSet,
  redTeamOutcomes,
} from "../store/guard-queries.js";
import { insertEvaluation, type PromotionRow, upsertPromotion } from "../store/guard-record-queries.js";
import type { AuditLog } from "./audit-log.js";
import {
  type BatchMeasures,
  evaluateGuard,
  type GuardCheck,
  type GuardDecision,
  type PromotedBaseline,
} from "./guard-evaluation.js";
import type { NotificationEvent, Notify } from "./notification-event.js";
import type { ServerMetrics } from "./server-metrics.js";
import type { TenantScope } from "./tenant-scope.js";
import type { Actor } from "./tenants.js";

/** Run ids an evaluation lists as evidence, at most. */
export const EVIDENCE_RUN_LIMIT = 100;

/** One recorded decision, as the API shows it. */
export interface GuardEvaluation {
  id: string;
  decision: GuardDecision;
  policyName: string | null;
  policy: GuardPolicy;
  environment: string | null;
  target: GuardTarget;
  checks: GuardCheck[];
  evidence: { batchIds: string[]; runIds: string[]; runIdsTruncated: boolean };
  evaluatedAt: string;
  evaluatedBy: string | null;
}

/** What to evaluate: a batch, or the latest batch of a set. */
export type GuardTargetRequest = { batchId: string } | { setId: string };

/** One evaluation: what to judge, under which policy, for which environment. */
export interface EvaluateRequest {
  target: GuardTargetRequest;
  policy: GuardPolicy;
  /** Set when the policy is a stored one. */
  policyName?: string;
  /** The environment a release goes to: the regression check compares with its last promoted batch. */
  environment?: string;
}

/** The guard's clock, ids, notifier and logger (defaults: the wall clock, random UUIDs, none, none). */
export interface ReleaseGuardOptions {
  now?: () => number;
  generateId?: () => string;
  /** Told about every `fail` (trigger `guard.failed`); the notifications service, when there is one. */
  notify?: Notify;
  logger?: Pick<Logger, "warn">;
}

/** The audit trail's name for the caller, and what `evaluated_by` / `promoted_by` store. */
export type GuardActor = Actor & { by: string };

const zeroRedTeam = { graded: 0, broke: 0, ungraded: 0 };
const zeroFlakiness = { scenarios: 0, flaky: 0 };

/**
 * Decides, records and tells. One per server; stateless between calls.
 *
 * @example
 * const guard = new ReleaseGuard(database, audit, metrics, { notify, logger });
 * const evaluation = await guard.evaluate(scope, { target: { batchId }, policy }, actor);
 */
export class ReleaseGuard {
  private readonly now: () => number;
  private readonly generateId: () => string;

  constructor(
    private readonly database: Database,
    private readonly audit: AuditLog,
    private readonly metrics: ServerMetrics,
    private readonly options: ReleaseGuardOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.generateId = options.generateId ?? randomUUID;
  }

  /** Evaluates and records the decision; `undefined` when the target batch (or set) does not exist. */
  async evaluate(scope: TenantScope, request: EvaluateRequest, actor: GuardActor): Promise<GuardEvaluation | undefined> {
    const evaluation = await this.database.forTenant(scope.tenantId, async (executor) => {
      const target = await this.resolve(executor, scope.tenantId, request.target);
      return target && this.decide(executor, scope.tenantId, target, request, actor, "evaluation");
    });
    if (evaluation) await this.decided(scope.tenantId, evaluation);
    return evaluation;
  }

  /**
   * Evaluates the guard for `batchId` and `environment` and, on `pass` only,
   * records the promotion (audited); `undefined` when the batch does not exist.
   */
  async promote(
    scope: TenantScope,
    request: { batchId: string; environment: string; policy: GuardPolicy; policyName?: string },
    actor: GuardActor,
  ): Promise<{ evaluation: GuardEvaluation; promotion: PromotionRow | undefined } | undefined> {
    const outcome = await this.database.forTenant(scope.tenantId, async (executor) => {
      const target = await batchTarget(executor, scope.tenantId, request.batchId);
      if (!target) return undefined;
      const evaluation = await this.decide(executor, scope.tenantId, target, request, actor, "promotion");
      if (evaluation.decision !== "pass") return { evaluation, promotion: undefined };
      const promotion = await upsertPromotion(executor.drizzle, {
        tenantId: scope.tenantId,
        environment: request.environment,
        batchId: target.batchId,
        setId: target.setId,
        guardEvaluationId: evaluation.id,
        promotedAt: new Date(this.now()),
        promotedBy: actor.by,
      });
      await this.audit.append(
        scope.tenantId,
        {
          ...auditActor(actor),
          action: "promotion.created",
          targetType: "batch",
          targetId: target.batchId,
          details: { environment: request.environment, setId: target.setId, evaluationId: evaluation.id },
        },
        executor.drizzle,
      );
      return { evaluation, promotion };
    });
    if (outcome) await this.decided(scope.tenantId, outcome.evaluation);
    return outcome;
  }

  private async resolve(executor: Executor, tenantId: string, target: GuardTargetRequest) {
    return "batchId" in target
      ? batchTarget(executor, tenantId, target.batchId)
      : latestBatchOfSet(executor, tenantId, target.setId);
  }

  /** Measures, decides, and records the decision (row and audit entry) in `executor`'s transaction. */
  private async decide(
    executor: Executor,
    tenantId: string,
    target: GuardTarget,
    request: Omit<EvaluateRequest, "target">,
    actor: GuardActor,
    purpose: "evaluation" | "promotion",
  ): Promise<GuardEvaluation> {
    const { policy, environment } = request;
    const now = new Date(this.now());
    const label = policy.criticalLabel ?? "critical";
    const measures = await this.measure(executor, tenantId, target, now, label, policy);
    const promoted =
      environment !== undefined && policy.maxRegressionPoints !== undefined
        ? await lastPromotion(executor, tenantId, target.setId, environment)
        : undefined;
    let baseline: PromotedBaseline | undefined;
    if (promoted) {
      const figures = await batchFigures(executor, tenantId, promoted.batchId, now, label);
      baseline = { ...promoted, pass: figures.pass, fail: figures.fail, error: figures.error, stalled: figures.stalled };
    }
    const { decision, checks } = evaluateGuard(policy, measures, { environment, baseline });
    const evidence = await evidenceRuns(executor, tenantId, target.batchId, now, label, EVIDENCE_RUN_LIMIT);
    const evaluation: GuardEvaluation = {
      id: this.generateId(),
      decision,
      policyName: request.policyName ?? null,
      policy,
      environment: environment ?? null,
      target,
      checks,
      evidence: {
        batchIds: baseline && baseline.batchId !== target.batchId ? [target.batchId, baseline.batchId] : [target.batchId],
        runIds: evidence.runIds,
        runIdsTruncated: evidence.truncated,
      },
      evaluatedAt: now.toISOString(),
      evaluatedBy: actor.by,
    };
    await insertEvaluation(executor.drizzle, {
      tenantId,
      id: evaluation.id,
      policyName: evaluation.policyName,
      policy: policy as Record<string, unknown>,
      environment: evaluation.environment,
      target: { ...target },
      decision,
      checks: checks as unknown as Array<Record<string, unknown>>,
      evidence: evaluation.evidence,
      evaluatedAt: now,
      evaluatedBy: actor.by,
    });
    await this.audit.append(
      tenantId,
      {
        ...auditActor(actor),
        action: "guard.evaluated",
        targetType: "batch",
        targetId: target.batchId,
        details: {
          evaluationId: evaluation.id,
          purpose,
          decision,
          policyName: evaluation.policyName,
          environment: evaluation.environment,
          setId: target.setId,
          failed: checks.filter((check) => check.ok === false).map((check) => check.name),
          undecided: checks.filter((check) => check.ok === null).map((check) => check.name),
        },
      },
      executor.drizzle,
    );
    return evaluation;
  }

  private async measure(
    executor: Executor,
    tenantId: string,
    target: GuardTarget,
    now: Date,
    label: string,
    policy: GuardPolicy,
  ): Promise<BatchMeasures> {
    const figures = await batchFigures(executor, tenantId, target.batchId, now, label);
    const redTeam =
      policy.maxRedTeamSuccess === undefined ? zeroRedTeam : await redTeamOutcomes(executor, tenantId, target.batchId);
    const flakiness =
      policy.maxFlakyShare === undefined ? zeroFlakiness : await batchFlakiness(executor, tenantId, target.batchId);
    return {
      ...target,
      pass: figures.pass,
      fail: figures.fail,
      error: figures.error,
      skipped: figures.skipped,
      stalled: figures.stalled,
      unsettled: figures.unsettled,
      durationP95Ms: figures.duration_p95_ms === null ? null : Number(figures.duration_p95_ms),
      durations: figures.durations,
      costMeanUsd: figures.cost_mean_usd === null ? null : Number(figures.cost_mean_usd),
      costs: figures.costs,
      critical: { runs: figures.critical_runs, notPassed: figures.critical_not_passed },
      redTeam,
      flakiness,
    };
  }

  /** After the decision committed: the metric, and a notification when it failed. */
  private async decided(tenantId: string, evaluation: GuardEvaluation): Promise<void> {
    this.metrics.guardDecided(evaluation.decision);
    const notify = this.options.notify;
    if (evaluation.decision !== "fail" || !notify) return;
    try {
      await notify(failedNotification(tenantId, evaluation));
    } catch (error) {
      // the decision stands and is recorded; a notification problem is the notifier's to report
      this.options.logger?.warn({ err: error, evaluationId: evaluation.id }, "guard.failed notification not queued");
    }
  }
}

function auditActor(actor: GuardActor): Actor {
  return { actorType: actor.actorType, actorId: actor.actorId, ...(actor.requestId ? { requestId: actor.requestId } : {}) };
}

/** The `guard.failed` notification of a failed decision (no transcripts, no secrets: names, figures, ids). */
export function failedNotification(tenantId: string, evaluation: GuardEvaluation): NotificationEvent {
  const failed = evaluation.checks.filter((check) => check.ok === false);
  const where = evaluation.environment ? ` for ${evaluation.environment}` : "";
  return {
    tenantId,
    trigger: "guard.failed",
    dedupeKey: `guard.failed:${evaluation.id}`,
    title: `Release guard failed${where}: batch ${evaluation.target.batchId} (${failed.map((check) => check.name).join(", ")})`,
    path: `/batches/${encodeURIComponent(evaluation.target.batchId)}`,
    details: {
      evaluationId: evaluation.id,
      batchId: evaluation.target.batchId,
      setId: evaluation.target.setId,
      environment: evaluation.environment,
      policyName: evaluation.policyName,
      failedChecks: failed.map(({ name, observed, threshold, n, detail }) => ({ name, observed, threshold, n, detail })),
    },
  };
}
