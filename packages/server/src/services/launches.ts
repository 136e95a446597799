/**
 * Runs launched from the platform (`POST /api/v1/batches`, `rehearse
 * launch`): a batch of a pushed suite's scenarios × trials is stored with
 * every run `queued`, then handed to the run queue (embedded, Redis or
 * PostgreSQL). Workers claim runs here before they start them (a stopped run
 * or a paused batch is not started), report events through the normal ingest
 * path with the tenant's reporting key, and end each attempt here.
 */
import { randomInt } from "node:crypto";
import { createUuidV7 } from "@rehearse/core/platform";
import type { Database } from "../store/database.js";
import {
  attemptProgress,
  batchOf,
  batchRunStates,
  type ClaimedRow,
  cancelQueued,
  claimRun,
  controlsOf,
  controlTarget,
  endAttempt,
  failUnstarted,
  insertControl,
  queuedRunsOf,
  setBatchControl,
  setRunControl,
} from "../store/launch-queries.js";
import type { AuditEntry, AuditLog } from "./audit-log.js";
import type { RunJob, RunQueue } from "./run-queue.js";
import { type StoredBatch, storeBatch } from "./store-batch.js";
import type { Suites, SuiteVersionRow } from "./suites.js";
import type { WorkerCredentials } from "./worker-credentials.js";

/** Bounds of one launch. */
export const launchLimits = { trials: 100, runs: 10_000 } as const;

/** A launch as the API accepts it (validated at the edge). */
export interface LaunchRequest {
  suite: string;
  version?: string | undefined;
  /** Scenario ids or file paths of the suite; all of them when absent. */
  scenarios?: string[] | undefined;
  trials: number;
  /** One seed per trial; random seeds (recorded) when absent. */
  seeds?: number[] | undefined;
  models?: RunJob["models"] | undefined;
  note?: string | undefined;
  labels?: string[] | undefined;
  /** The set the batch belongs to; the suite's name by default. */
  setId?: string | undefined;
  /** `record`: keep each run's model calls on the server, so it can be rerun without model calls. */
  cassette?: "off" | "record" | undefined;
}

/** What a launch made. */
export interface Launched {
  batchId: string;
  setId: string;
  suite: { name: string; version: string };
  runIds: string[];
}

/** A launch the server refuses: `field` names what is wrong; `status` 404 for an unknown suite, else 422. */
export class LaunchProblem extends Error {
  constructor(
    readonly status: 404 | 422,
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** What a worker is told when it claims a run. */
export type Claim =
  | { action: "run"; job: RunJob; attempt: number; reportingKey: string }
  | { action: "defer"; delayMs: number; reason: string }
  | { action: "skip"; reason: string };

/** How long a worker waits before it looks again at a run whose batch is paused. */
export const PAUSED_RETRY_MILLISECONDS = 5_000;

export class Launches {
  private readonly uuid: () => string;

  constructor(
    private readonly dependencies: {
      database: Database;
      suites: Suites;
      queue: () => RunQueue;
      audit: AuditLog;
      credentials: WorkerCredentials;
      now: () => number;
      /** Told when runs of a batch settled outside ingest (stopped while queued, or could not start). */
      onRunsSettled?: (tenantId: string, batchId: string) => void;
    },
  ) {
    this.uuid = createUuidV7(dependencies.now);
  }

  /** Stores the batch and its queued runs, audits the launch, and enqueues every run. */
  async launch(tenantId: string, request: LaunchRequest, actor: Omit<AuditEntry, "action">): Promise<Launched> {
    const suite = await this.dependencies.suites.read(tenantId, request.suite, request.version);
    if (!suite) {
      throw request.version
        ? new LaunchProblem(404, "version", `suite "${request.suite}" has no version ${request.version}`)
        : new LaunchProblem(
            404,
            "suite",
            `no suite "${request.suite}": push it first (rehearse push <paths> --suite ${request.suite})`,
          );
    }
    const selected = selectScenarios(suite, request.scenarios);
    if (request.trials > launchLimits.trials) throw new LaunchProblem(422, "trials", `at most ${launchLimits.trials} trials`);
    if (request.seeds && request.seeds.length !== request.trials)
      throw new LaunchProblem(
        422,
        "seeds",
        `give one seed per trial: ${request.trials} trial(s), ${request.seeds.length} seed(s)`,
      );
    const total = selected.length * request.trials;
    if (total > launchLimits.runs)
      throw new LaunchProblem(
        422,
        "trials",
        `${selected.length} scenarios × ${request.trials} trials is ${total} runs; at most ${launchLimits.runs}`,
      );
    const batchId = `batch_${this.uuid()}`;
    const setId = request.setId ?? suite.suiteName;
    const jobs: RunJob[] = [];
    for (const scenario of selected) {
      for (let trial = 0; trial < request.trials; trial++) {
        jobs.push({
          tenantId,
          batchId,
          setId,
          runId: `run_${this.uuid()}`,
          trialIndex: trial,
          seed: request.seeds?.[trial] ?? randomInt(0, 2 ** 31 - 1),
          suite: { name: suite.suiteName, version: suite.version },
          scenario: { path: scenario.path, index: scenario.index, id: scenario.id, name: scenario.name },
          models: request.models ?? {},
          ...(request.cassette === "record" ? { cassette: { mode: "record" as const } } : {}),
        });
      }
    }
    const launch = {
      suite: suite.suiteName,
      version: suite.version,
      scenarios: selected.map((scenario) => scenario.id),
      trials: request.trials,
      ...(request.seeds ? { seeds: request.seeds } : {}),
      models: request.models ?? {},
      ...(request.cassette === "record" ? { cassette: "record" } : {}),
    };
    await this.store(tenantId, { batchId, setId, note: request.note ?? null, labels: request.labels ?? [], launch }, jobs, {
      ...actor,
      action: "batch.launched",
    });
    return { batchId, setId, suite: { name: suite.suiteName, version: suite.version }, runIds: jobs.map((job) => job.runId) };
  }

  private store(tenantId: string, batch: StoredBatch, jobs: RunJob[], entry: AuditEntry): Promise<void> {
    return storeBatch(this.dependencies, tenantId, batch, jobs, entry);
  }

  /**
   * A worker's claim of `attempt` of a run: `run` with the reporting key, or
   * `defer` (the batch is paused) or `skip` (stopped, finished, unknown).
   */
  async claim(job: Pick<RunJob, "tenantId" | "runId">, attempt: number, workerId: string): Promise<Claim> {
    const now = new Date(this.dependencies.now());
    const row = await this.dependencies.database.forTenant(job.tenantId, (executor) =>
      claimRun(executor, { tenantId: job.tenantId, runId: job.runId, attempt, workerId, now }),
    );
    return this.claimOf(row, job.tenantId);
  }

  private claimOf(row: ClaimedRow | undefined, tenantId: string): Claim {
    if (!row) return { action: "skip", reason: "not a server-launched run of this tenant" };
    if (row.state === "finished" || row.state === "cancelled")
      return { action: "skip", reason: `the run is already ${row.state}` };
    if (row.control === "stopped") return { action: "skip", reason: "the run was stopped" };
    if (row.batchControl === "paused" || row.control === "paused")
      return { action: "defer", delayMs: PAUSED_RETRY_MILLISECONDS, reason: "the batch is paused" };
    if (row.batchControl === "stopped") return { action: "skip", reason: "the batch was stopped" };
    return {
      action: "run",
      job: row.job,
      attempt: row.attempt,
      reportingKey: this.dependencies.credentials.reportingKey(tenantId),
    };
  }

  /** Ends an attempt as the worker saw it end. */
  async endAttempt(tenantId: string, runId: string, attempt: number, outcome: string, reason?: string): Promise<void> {
    const now = new Date(this.dependencies.now());
    await this.dependencies.database.forTenant(tenantId, async (executor) => {
      await endAttempt(executor, { runId, attempt, outcome, now });
      if (outcome === "failed") await failUnstarted(executor, runId, reason ?? "the worker could not start the run", now);
    });
    if (outcome === "failed") {
      const batchId = await this.dependencies.database.forTenant(tenantId, (executor) => batchOf(executor, runId));
      if (batchId) this.dependencies.onRunsSettled?.(tenantId, batchId);
    }
  }

  /** Whether a worker's attempt of a run is stored as settled, was taken over, or its events are still arriving. */
  attemptProgress(tenantId: string, runId: string, attempt: number): Promise<"settled" | "superseded" | "pending"> {
    return this.dependencies.database.forTenant(tenantId, (executor) => attemptProgress(executor, runId, attempt));
  }

  /** The control state (`active`, `paused`, `stopped`) of runs a worker holds. */
  controls(runIds: readonly string[], attempts: Readonly<Record<string, number>> = {}): Promise<Map<string, string>> {
    return this.dependencies.database.asSystem((executor) => controlsOf(executor, runIds, attempts));
  }

  /**
   * Pauses, resumes or stops a launched batch or run (platform.md §3.7):
   * pausing a batch holds its runs not yet started (running ones finish);
   * pausing a run holds it at its next turn; stopping removes queued runs
   * (they end `cancelled`) and aborts running ones through their worker's
   * control poll. Every control is recorded and audited.
   */
  async control(
    tenantId: string,
    target: { type: "run" | "batch"; id: string },
    action: "pause" | "resume" | "stop",
    reason: string | undefined,
    actor: Omit<AuditEntry, "action">,
  ): Promise<ControlOutcome> {
    const desiredState = action === "pause" ? "paused" : action === "stop" ? "stopped" : "active";
    const controlId = `control_${this.uuid()}`;
    const now = new Date(this.dependencies.now());
    let batchId = target.id;
    const queued = await this.dependencies.database.forTenant(tenantId, async (executor) => {
      const found = await controlTarget(executor, target.type, target.id);
      if (!found) throw new ControlProblem(404, "not_found", `no ${target.type} ${target.id}`);
      if (!found.launched)
        throw new ControlProblem(
          409,
          "not_controllable",
          `${target.type} ${target.id} was reported by an SDK run, not launched by this server: only launched runs can be controlled`,
        );
      if (found.settled) throw new ControlProblem(409, "already_settled", `${target.type} ${target.id} has already finished`);
      batchId = found.batchId;
      if (target.type === "batch") await setBatchControl(executor, target.id, desiredState);
      else await setRunControl(executor, target.id, desiredState);
      let cancelled: string[] = [];
      if (action === "stop") {
        const candidates = target.type === "batch" ? await queuedRunsOf(executor, target.id) : [target.id];
        cancelled = await cancelQueued(executor, candidates, reason ? `stopped: ${reason}` : "stopped from the platform", now);
      }
      await insertControl(executor, {
        tenantId,
        id: controlId,
        targetType: target.type,
        targetId: target.id,
        action,
        reason: reason ?? null,
        requestedBy: actor.actorId,
      });
      await this.dependencies.audit.append(
        tenantId,
        {
          ...actor,
          action: `${target.type}.${action}`,
          targetType: target.type,
          targetId: target.id,
          details: { reason: reason ?? null, cancelled: cancelled.length },
        },
        executor.drizzle,
      );
      return cancelled;
    });
    if (queued.length > 0) {
      await this.dependencies.queue().remove(queued);
      this.dependencies.onRunsSettled?.(tenantId, batchId);
    }
    return { controlId, desiredState, cancelled: queued };
  }

  /** The runs of a batch: state, status and control. */
  runsOf(tenantId: string, batchId: string) {
    return this.dependencies.database.forTenant(tenantId, (executor) => batchRunStates(executor, batchId));
  }
}

/** A control the server refuses: 404 unknown target, 409 not launched here or already settled. */
export class ControlProblem extends Error {
  constructor(
    readonly status: 404 | 409,
    readonly code: "not_found" | "not_controllable" | "already_settled" | "no_cassette",
    message: string,
  ) {
    super(message);
  }
}

/** What a control asked for and what holds now. */
export interface ControlOutcome {
  controlId: string;
  desiredState: "active" | "paused" | "stopped";
  /** Runs removed from the queue before they started (stop). */
  cancelled: string[];
}

/** The scenarios `wanted` names (ids or file paths), in suite order; all of them when `wanted` is absent. */
function selectScenarios(suite: SuiteVersionRow, wanted: readonly string[] | undefined) {
  // a module may export several scenarios: `index` is the position among its file's scenarios
  const seen = new Map<string, number>();
  const indexed = suite.scenarios.map((scenario) => {
    const index = seen.get(scenario.path) ?? 0;
    seen.set(scenario.path, index + 1);
    return { ...scenario, index };
  });
  if (!wanted || wanted.length === 0) return indexed;
  const known = new Set(indexed.flatMap((scenario) => [scenario.id, scenario.path]));
  wanted.forEach((entry, position) => {
    if (!known.has(entry)) {
      const some = indexed
        .slice(0, 10)
        .map((scenario) => scenario.id)
        .join(", ");
      throw new LaunchProblem(
        422,
        `scenarios[${position}]`,
        `"${entry}" is neither a scenario id nor a file of suite ${suite.suiteName} (it has: ${some}${indexed.length > 10 ? ", …" : ""})`,
      );
    }
  });
  const chosen = new Set(wanted);
  return indexed.filter((scenario) => chosen.has(scenario.id) || chosen.has(scenario.path));
}
