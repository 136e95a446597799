/**
 * The rows of server-launched batches and runs: created queued at launch,
 * claimed by a worker (one `run_attempts` row per attempt), controlled
 * (pause, resume, stop) and cancelled while queued. Events fill in the rest
 * through the normal ingest path (event-writer.ts), which moves a queued run
 * to running on its first event.
 */
import { and, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import type { Executor } from "./database.js";
import type { RunJob } from "./run-job.js";
import { batches, criteriaResults, runAttempts, runControls, runMessages, runs, scenarioSets, scenarios } from "./schema.js";

/** A launch to store: the batch and its runs' jobs. */
export interface LaunchRows {
  tenantId: string;
  batchId: string;
  setId: string;
  note: string | null;
  labels: string[];
  launch: Record<string, unknown>;
  createdBy: string;
  now: Date;
  jobs: readonly RunJob[];
}

/** Stores a launch: the set and scenarios (so lists show it at once), the batch, and every run as `queued`. */
export async function insertLaunch(executor: Executor, rows: LaunchRows): Promise<void> {
  const { tenantId, now } = rows;
  await executor.drizzle
    .insert(scenarioSets)
    .values({ tenantId, id: rows.setId, firstSeenAt: now, lastRunAt: now })
    .onConflictDoUpdate({ target: [scenarioSets.tenantId, scenarioSets.id], set: { lastRunAt: now } });
  const unique = new Map(rows.jobs.map((job) => [job.scenario.id, job]));
  await executor.drizzle
    .insert(scenarios)
    .values(
      [...unique.values()].map((job) => ({
        tenantId,
        id: job.scenario.id,
        setId: rows.setId,
        name: job.scenario.name,
        lastSeenAt: now,
      })),
    )
    .onConflictDoUpdate({ target: [scenarios.tenantId, scenarios.id], set: { lastSeenAt: now } });
  await executor.drizzle.insert(batches).values({
    tenantId,
    id: rows.batchId,
    setId: rows.setId,
    source: "server",
    note: rows.note,
    labels: rows.labels,
    firstEventAt: now,
    lastEventAt: now,
    launch: rows.launch,
    control: "active",
    createdBy: rows.createdBy,
  });
  // in slices: one statement's parameters stay far below PostgreSQL's limit
  for (let start = 0; start < rows.jobs.length; start += 500) {
    await executor.drizzle.insert(runs).values(
      rows.jobs.slice(start, start + 500).map((job) => ({
        tenantId,
        id: job.runId,
        batchId: rows.batchId,
        setId: rows.setId,
        scenarioId: job.scenario.id,
        name: job.scenario.name,
        seed: job.seed,
        state: "queued",
        startedAt: now,
        lastEventAt: now,
        lastSeq: -1,
        eventCount: 0,
        labels: rows.labels,
        trialIndex: job.trialIndex,
        job: job as unknown as Record<string, unknown>,
        control: "active",
        replayOf: job.replayOf ?? null,
        queuedAt: now,
      })),
    );
  }
}

/** A launched run as a worker claiming it sees it. */
export interface ClaimedRow {
  job: RunJob;
  state: string;
  control: string;
  batchControl: string;
  attempt: number;
}

/**
 * Records that `workerId` starts `attempt` of `runId`, unless the run is not
 * launched, already settled, stopped, or its batch paused (then nothing is
 * written and the row says why). Earlier attempts still open end
 * `interrupted`; a later attempt starts the run's transcript over (its events
 * stay, with their attempt, for the run view).
 */
export async function claimRun(
  executor: Executor,
  claim: { tenantId: string; runId: string; attempt: number; workerId: string; now: Date },
): Promise<ClaimedRow | undefined> {
  const [row] = await executor.drizzle
    .select({ job: runs.job, state: runs.state, control: runs.control, batchControl: batches.control, attempt: runs.attempt })
    .from(runs)
    .innerJoin(batches, and(eq(batches.tenantId, runs.tenantId), eq(batches.id, runs.batchId)))
    .where(eq(runs.id, claim.runId))
    .for("update", { of: runs });
  if (!row || row.job === null || row.control === null) return undefined;
  const claimed: ClaimedRow = {
    job: row.job as unknown as RunJob,
    state: row.state,
    control: row.control,
    batchControl: row.batchControl ?? "active",
    attempt: row.attempt,
  };
  // a run an earlier attempt finished is done, even if the worker died before BullMQ heard it
  const settled =
    row.state === "finished" || row.state === "cancelled" || (await finishedBefore(executor, claim.runId, claim.attempt));
  if (!settled && (row.control === "stopped" || claimed.batchControl === "stopped")) {
    // stopped after a worker took it and died: nobody will run it again
    await cancelQueued(executor, [claim.runId], "stopped from the platform", claim.now, ["queued", "interrupted", "running"]);
    return claimed;
  }
  if (settled || claimed.batchControl !== "active" || row.control === "paused") return claimed;
  await executor.drizzle
    .update(runAttempts)
    .set({ endedAt: claim.now, outcome: "interrupted" })
    .where(and(eq(runAttempts.runId, claim.runId), isNull(runAttempts.endedAt), lt(runAttempts.attempt, claim.attempt)));
  await executor.drizzle
    .insert(runAttempts)
    .values({
      tenantId: claim.tenantId,
      runId: claim.runId,
      attempt: claim.attempt,
      workerId: claim.workerId,
      startedAt: claim.now,
    })
    .onConflictDoUpdate({
      target: [runAttempts.tenantId, runAttempts.runId, runAttempts.attempt],
      set: { workerId: claim.workerId, startedAt: claim.now, endedAt: null, outcome: null },
    });
  // a later attempt takes the run over: events of earlier attempts no longer change it (event-writer.ts)
  if (claim.attempt > row.attempt)
    await executor.drizzle.update(runs).set({ attempt: claim.attempt }).where(eq(runs.id, claim.runId));
  if (row.state === "queued")
    await executor.drizzle
      .update(runs)
      .set({ state: "running", startedAt: claim.now, lastEventAt: claim.now })
      .where(and(eq(runs.id, claim.runId), eq(runs.state, "queued")));
  if (claim.attempt > 1 && row.state !== "queued") {
    await executor.drizzle.delete(runMessages).where(eq(runMessages.runId, claim.runId));
    await executor.drizzle.delete(criteriaResults).where(eq(criteriaResults.runId, claim.runId));
    await executor.drizzle
      .update(runs)
      .set({
        state: "running",
        lastEventAt: claim.now,
        status: null,
        verdict: null,
        reasoning: null,
        error: null,
        errorCode: null,
        finishedAt: null,
        messageCount: 0,
        metCount: null,
        unmetCount: null,
      })
      .where(eq(runs.id, claim.runId));
  }
  claimed.attempt = claim.attempt;
  return claimed;
}

/** Ends attempt `attempt` of `runId` as `outcome` (`finished`, `cancelled`, `interrupted`, `failed`). */
export async function endAttempt(
  executor: Executor,
  end: { runId: string; attempt: number; outcome: string; now: Date },
): Promise<void> {
  await executor.drizzle
    .update(runAttempts)
    .set({ endedAt: end.now, outcome: end.outcome })
    .where(and(eq(runAttempts.runId, end.runId), eq(runAttempts.attempt, end.attempt), isNull(runAttempts.endedAt)));
}

/** The attempts of a run, oldest first. */
export function attemptsOf(executor: Executor, runId: string) {
  return executor.drizzle
    .select({
      attempt: runAttempts.attempt,
      workerId: runAttempts.workerId,
      startedAt: runAttempts.startedAt,
      endedAt: runAttempts.endedAt,
      outcome: runAttempts.outcome,
    })
    .from(runAttempts)
    .where(eq(runAttempts.runId, runId))
    .orderBy(runAttempts.attempt);
}

/** Ends queued runs as cancelled (`error`, code `cancelled`); resolves to the ids it changed. */
export async function cancelQueued(
  executor: Executor,
  runIds: readonly string[],
  reason: string,
  now: Date,
  states: readonly string[] = ["queued", "interrupted"],
): Promise<string[]> {
  if (runIds.length === 0) return [];
  const changed = await executor.drizzle
    .update(runs)
    .set({ state: "cancelled", status: "error", errorCode: "cancelled", error: reason, finishedAt: now, control: "stopped" })
    .where(and(inArray(runs.id, [...runIds]), inArray(runs.state, [...states])))
    .returning({ id: runs.id });
  return changed.map((row) => row.id);
}

/**
 * Ends a run its worker could not run (its suite did not load, or the engine
 * failed outside the run) as `error`, code `worker_error`, unless its events
 * already settled it.
 */
export async function failUnstarted(executor: Executor, runId: string, reason: string, now: Date): Promise<void> {
  await executor.drizzle
    .update(runs)
    .set({ state: "finished", status: "error", errorCode: "worker_error", error: reason.slice(0, 2000), finishedAt: now })
    .where(and(eq(runs.id, runId), inArray(runs.state, ["queued", "interrupted", "running"])));
}

/** Records a control request. */
export async function insertControl(
  executor: Executor,
  control: {
    tenantId: string;
    id: string;
    targetType: "run" | "batch";
    targetId: string;
    action: string;
    reason: string | null;
    requestedBy: string;
  },
): Promise<void> {
  await executor.drizzle.insert(runControls).values(control);
}

/** The control state and lifecycle of a launched batch's runs, by run id. */
export async function batchRunStates(executor: Executor, batchId: string) {
  return executor.drizzle
    .select({ id: runs.id, state: runs.state, status: runs.status, control: runs.control })
    .from(runs)
    .where(eq(runs.batchId, batchId));
}

/** Sets the control state of a batch and of its runs that have not settled. */
export async function setBatchControl(executor: Executor, batchId: string, control: string): Promise<void> {
  await executor.drizzle.update(batches).set({ control }).where(eq(batches.id, batchId));
  if (control === "paused") return; // pausing a batch holds runs not started; running ones go on
  await executor.drizzle
    .update(runs)
    .set({ control })
    .where(and(eq(runs.batchId, batchId), sql`${runs.state} not in ('finished', 'cancelled')`));
}

/** Sets the control state of one run. */
export async function setRunControl(executor: Executor, runId: string, control: string): Promise<void> {
  await executor.drizzle.update(runs).set({ control }).where(eq(runs.id, runId));
}

/**
 * The control states of runs a worker holds, by run id: `superseded` when a
 * later attempt took the run over (the holder's attempt is in `attempts`).
 */
export async function controlsOf(
  executor: Executor,
  runIds: readonly string[],
  attempts: Readonly<Record<string, number>> = {},
): Promise<Map<string, string>> {
  if (runIds.length === 0) return new Map();
  const rows = await executor.drizzle
    .select({ id: runs.id, control: runs.control, attempt: runs.attempt })
    .from(runs)
    .where(inArray(runs.id, [...runIds]));
  return new Map(
    rows.map((row) => [row.id, (attempts[row.id] ?? row.attempt) < row.attempt ? "superseded" : (row.control ?? "active")]),
  );
}

/**
 * Launched runs of every tenant that have not settled and were not stopped,
 * each with the attempt to run next: for the embedded queue after a restart.
 */
export async function unsettledLaunchedRuns(executor: Executor): Promise<Array<{ job: RunJob; attempt: number }>> {
  const rows = await executor.rows<{ job: RunJob; state: string; last_attempt: number | null }>(sql`
    select r.job, r.state, (select max(a.attempt) from run_attempts a where a.tenant_id = r.tenant_id and a.run_id = r.id) as last_attempt
    from runs r
    where r.job is not null and r.state in ('queued', 'interrupted', 'running') and r.control <> 'stopped'
    order by r.queued_at, r.id`);
  return rows.map((row) => ({ job: row.job, attempt: (row.last_attempt ?? 0) + 1 }));
}

/** A batch or run as controls see it: whether it was launched here, and its states; undefined when unknown. */
export async function controlTarget(
  executor: Executor,
  type: "run" | "batch",
  id: string,
): Promise<{ launched: boolean; control: string | null; settled: boolean; batchId: string } | undefined> {
  if (type === "run") {
    const [row] = await executor.drizzle
      .select({ job: runs.job, control: runs.control, state: runs.state, batchId: runs.batchId })
      .from(runs)
      .where(eq(runs.id, id));
    return row
      ? {
          launched: row.job !== null,
          control: row.control,
          settled: row.state === "finished" || row.state === "cancelled",
          batchId: row.batchId,
        }
      : undefined;
  }
  const [row] = await executor.drizzle
    .select({ launch: batches.launch, control: batches.control })
    .from(batches)
    .where(eq(batches.id, id));
  if (!row) return undefined;
  const [open] = await executor.rows<{ open: number }>(
    sql`select count(*)::int as open from runs where batch_id = ${id} and state not in ('finished', 'cancelled')`,
  );
  return { launched: row.launch !== null, control: row.control, settled: (open?.open ?? 0) === 0, batchId: id };
}

/** Queued (not started) runs of a batch. */
export async function queuedRunsOf(executor: Executor, batchId: string): Promise<string[]> {
  const rows = await executor.drizzle
    .select({ id: runs.id })
    .from(runs)
    .where(and(eq(runs.batchId, batchId), inArray(runs.state, ["queued", "interrupted"])));
  return rows.map((row) => row.id);
}

/** Of `batchIds`, the launched ones with every run finished or cancelled. */
export async function settledLaunchedBatches(executor: Executor, batchIds: readonly string[]): Promise<string[]> {
  if (batchIds.length === 0) return [];
  const rows = await executor.rows<{ id: string }>(sql`
    select b.id from batches b
    where b.id in (${sql.join(
      batchIds.map((id) => sql`${id}`),
      sql`, `,
    )}) and b.launch is not null
      and not exists (select 1 from runs r where r.tenant_id = b.tenant_id and r.batch_id = b.id and r.state not in ('finished', 'cancelled'))`);
  return rows.map((row) => row.id);
}

/** The batch of run `runId`, or undefined. */
export async function batchOf(executor: Executor, runId: string): Promise<string | undefined> {
  const [row] = await executor.drizzle.select({ batchId: runs.batchId }).from(runs).where(eq(runs.id, runId));
  return row?.batchId;
}

/** Whether attempt `attempt` of a run is stored as settled, was taken over by a later attempt, or is still arriving. */
export async function attemptProgress(
  executor: Executor,
  runId: string,
  attempt: number,
): Promise<"settled" | "superseded" | "pending"> {
  const [row] = await executor.drizzle.select({ state: runs.state, attempt: runs.attempt }).from(runs).where(eq(runs.id, runId));
  if (!row) return "pending";
  if (row.attempt > attempt) return "superseded";
  return row.state === "finished" || row.state === "cancelled" ? "settled" : "pending";
}

/** Whether an earlier attempt of the run already ended `finished` (its events were stored before it said so). */
async function finishedBefore(executor: Executor, runId: string, attempt: number): Promise<boolean> {
  const rows = await executor.drizzle
    .select({ attempt: runAttempts.attempt })
    .from(runAttempts)
    .where(and(eq(runAttempts.runId, runId), lt(runAttempts.attempt, attempt), eq(runAttempts.outcome, "finished")));
  return rows.length > 0;
}
