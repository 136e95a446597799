/**
 * The run history as the API shows it: summaries, details, transcripts,
 * events, batches and sets of one tenant. Lifecycle `state` (running,
 * finished, cancelled, stalled) is separate from the outcome `status` (pass,
 * fail, error, skipped); `stalled` is derived from the last event's time.
 * The canonical pass rate is passed ÷ settled (pass + fail + error; skipped
 * runs did not run), `null` when nothing settled: one function for every view.
 */

import { type BatchRow, findBatch, listBatches } from "../store/batch-queries.js";
import type { Database, Executor } from "../store/database.js";
import {
  findRun,
  listRuns,
  type RunCursor,
  type RunFilter,
  type RunRow,
  runCriteria,
  runEvents,
  runMessages,
  STALLED_AFTER_MILLISECONDS,
} from "../store/run-queries.js";
import { listSetSummaries, type SetPosition, type SetQuery } from "../store/set-queries.js";
import type { RunView } from "./read-redaction.js";
import { tableMetadata } from "./run-metadata.js";
import type { TenantScope } from "./tenant-scope.js";

/** passed ÷ (passed + failed + errored); `null` when none settled. */
export function passRate(counts: { pass: number; fail: number; error: number }): number | null {
  const settled = counts.pass + counts.fail + counts.error;
  return settled === 0 ? null : counts.pass / settled;
}

/** A running run that went quiet for 2 minutes is stalled. */
export function derivedState(state: string, lastEventAt: Date, now: Date): string {
  return state === "running" && now.getTime() - lastEventAt.getTime() > STALLED_AFTER_MILLISECONDS ? "stalled" : state;
}

/** Opaque keyset cursors: base64url JSON of the last row's sort key. */
export const cursors = {
  encode(position: { at: Date; id: string }): string {
    return Buffer.from(JSON.stringify([position.at.getTime(), position.id])).toString("base64url");
  },
  decode(cursor: string | undefined): { at: Date; id: string } | undefined | "invalid" {
    if (cursor === undefined || cursor === "") return undefined;
    try {
      const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
      if (Array.isArray(value) && typeof value[0] === "number" && typeof value[1] === "string")
        return { at: new Date(value[0]), id: value[1] };
    } catch {
      // falls through
    }
    return "invalid";
  },
};

/** Keyset cursors of the sets list: base64url JSON of the last set's failure flag, latest run and id. */
export const setCursors = {
  encode(position: SetPosition): string {
    return Buffer.from(JSON.stringify([position.failing ? 1 : 0, position.lastRunAt.getTime(), position.id])).toString(
      "base64url",
    );
  },
  decode(cursor: string | undefined): SetPosition | undefined | "invalid" {
    if (cursor === undefined || cursor === "") return undefined;
    try {
      const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
      if (
        Array.isArray(value) &&
        (value[0] === 0 || value[0] === 1) &&
        typeof value[1] === "number" &&
        typeof value[2] === "string"
      )
        return { failing: value[0] === 1, lastRunAt: new Date(value[1]), id: value[2] };
    } catch {
      // falls through
    }
    return "invalid";
  },
};

/** Shows values as stored (a caller that may see them, or a tenant that stores them redacted). */
const asStored: Pick<RunView, "show"> = { show: (_runId, value) => value };

const iso = (date: Date | null | undefined) => (date ? new Date(date).toISOString() : null);
const money = (value: string | null) => (value === null ? null : Number(value));

/**
 * A run's summary row (no transcript); its `metadata` is the bounded flat
 * view for table columns (run-metadata.ts), as `view` lets the caller see it.
 */
export function runSummary(row: RunRow, now: Date, view: Pick<RunView, "show"> = asStored) {
  return {
    runId: row.id,
    batchId: row.batch_id,
    setId: row.set_id,
    scenarioId: row.scenario_id,
    name: row.name,
    state: derivedState(row.state, new Date(row.last_event_at), now),
    status: row.status,
    verdict: row.verdict,
    errorCode: row.error_code,
    seed: row.seed === null ? null : Number(row.seed),
    attempt: row.attempt,
    startedAt: iso(row.started_at) as string,
    finishedAt: iso(row.finished_at),
    lastEventAt: iso(row.last_event_at) as string,
    durationMs: row.duration_ms,
    turns: row.turns,
    messageCount: row.message_count,
    usage: {
      inputTokens: row.input_tokens === null ? null : Number(row.input_tokens),
      outputTokens: row.output_tokens === null ? null : Number(row.output_tokens),
      costUsd: money(row.cost_usd),
    },
    counters: {
      injections: row.injections,
      policyViolations: row.policy_violations,
      piiLeaks: row.pii_leaks,
      promptLeaks: row.prompt_leaks,
      toolErrors: row.tool_errors,
    },
    metCriteriaCount: row.met_count,
    unmetCriteriaCount: row.unmet_count,
    labels: row.labels,
    metadata: tableMetadata(row.metadata_columns ? view.show(row.id, row.metadata_columns) : null),
  };
}

function batchSummary(row: BatchRow) {
  return {
    batchId: row.id,
    setId: row.set_id,
    source: row.source,
    control: row.control,
    note: row.note,
    labels: row.labels,
    counts: {
      total: row.total,
      running: row.running,
      stalled: row.stalled,
      queued: row.queued,
      finished: row.finished,
      cancelled: row.cancelled,
      pass: row.pass,
      fail: row.fail,
      error: row.error,
      skipped: row.skipped,
    },
    settled: row.pass + row.fail + row.error,
    passRate: passRate(row),
    durationMs: row.duration_ms,
    costUsd: money(row.cost_usd),
    startedAt: iso(row.started_at ?? row.first_event_at),
    finishedAt: iso(row.finished_at),
    lastEventAt: iso(row.last_event_at),
  };
}

/** Reads of the history; every method is scoped to the caller's tenant. */
export class History {
  constructor(
    private readonly database: Database,
    private readonly now: () => number = Date.now,
  ) {}

  /** Runs `work` in the caller's tenant (row-level security admits only its rows). */
  private read<Value>(scope: TenantScope, work: (executor: Executor) => Promise<Value>): Promise<Value> {
    return this.database.forTenant(scope.tenantId, work);
  }

  /** A page of summary rows; `view` is how the caller sees run data (metadata values). */
  async runs(
    scope: TenantScope,
    filter: RunFilter,
    limit: number,
    after: RunCursor | undefined,
    view: Pick<RunView, "show"> = asStored,
  ) {
    const now = new Date(this.now());
    const rows = await this.read(scope, (executor) => listRuns(executor, scope.tenantId, filter, limit, after, now));
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map((row) => runSummary(row, now, view)),
      nextCursor: rows.length > limit && last ? cursors.encode({ at: new Date(last.started_at), id: last.id }) : null,
    };
  }

  async run(scope: TenantScope, runId: string) {
    const found = await this.read(scope, async (executor) => {
      const row = await findRun(executor, scope.tenantId, runId);
      return row && { row, criteria: await runCriteria(executor, scope.tenantId, runId) };
    });
    if (!found) return undefined;
    const { row, criteria } = found;
    const now = new Date(this.now());
    return {
      ...runSummary(row, now),
      description: row.description,
      metadata: row.metadata ?? {},
      threadId: row.thread_id,
      reasoning: row.reasoning,
      error: row.error === null && row.error_code === null ? null : { code: row.error_code, message: row.error },
      wireStatus: row.wire_status,
      agentMs: row.agent_ms,
      criteria: criteria.map((criterion) => ({ criterion: criterion.criterion, verdict: criterion.verdict })),
      events: { count: row.event_count, lastSeq: row.last_seq, missing: Math.max(0, row.last_seq + 1 - row.event_count) },
      sdk: row.sdk,
      launch:
        row.control === undefined || row.control === null
          ? null
          : { control: row.control, replayOf: row.replay_of ?? null, trialIndex: row.trial_index ?? null },
      links: {
        batch: `/api/v1/batches/${encodeURIComponent(row.batch_id)}`,
        messages: `/api/v1/runs/${encodeURIComponent(row.id)}/messages`,
        events: `/api/v1/runs/${encodeURIComponent(row.id)}/events`,
        history: `/api/v1/scenarios/${encodeURIComponent(row.scenario_id)}/runs`,
      },
    };
  }

  async messages(scope: TenantScope, runId: string, from: number, limit: number) {
    const rows = await this.read(scope, async (executor) =>
      (await findRun(executor, scope.tenantId, runId)) ? runMessages(executor, scope.tenantId, runId, from, limit) : undefined,
    );
    if (!rows) return undefined;
    const page = rows.slice(0, limit);
    return {
      items: page.map((row) => ({ index: row.idx, ...row.content, id: row.message_id, role: row.role })),
      nextFrom: rows.length > limit ? from + limit : null,
    };
  }

  async events(scope: TenantScope, runId: string, afterSeq: number, types: string[], limit: number) {
    const rows = await this.read(scope, async (executor) =>
      (await findRun(executor, scope.tenantId, runId))
        ? runEvents(executor, scope.tenantId, runId, afterSeq, types, limit)
        : undefined,
    );
    if (!rows) return undefined;
    const page = rows.slice(0, limit);
    return {
      items: page.map((row) => ({
        eventId: row.event_id,
        seq: row.seq,
        type: row.type,
        timestamp: iso(row.ts) as string,
        ingestId: Number(row.ingest_id),
        event: row.payload,
      })),
      nextAfterSeq: rows.length > limit ? (page.at(-1)?.seq ?? null) : null,
    };
  }

  async batches(scope: TenantScope, setId: string | undefined, limit: number, after: { at: Date; id: string } | undefined) {
    const rows = await this.read(scope, (executor) =>
      listBatches(executor, scope.tenantId, setId, limit, after, new Date(this.now())),
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(batchSummary),
      nextCursor: rows.length > limit && last ? cursors.encode({ at: new Date(last.first_event_at), id: last.id }) : null,
    };
  }

  async batch(scope: TenantScope, batchId: string) {
    const row = await this.read(scope, (executor) => findBatch(executor, scope.tenantId, batchId, new Date(this.now())));
    return row ? batchSummary(row) : undefined;
  }

  /**
   * Sets failure-first (the latest batch has a fail or an error), then by
   * latest run: each with its latest batch, its trend (the last 20 batches,
   * oldest first, with the canonical pass rate) and how many of its scenarios
   * were flaky in the last 10 batches.
   */
  async sets(scope: TenantScope, query: SetQuery) {
    const now = new Date(this.now());
    const rows = await this.read(scope, (executor) => listSetSummaries(executor, scope.tenantId, query, now));
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map((row) => ({
        setId: row.id,
        firstSeenAt: iso(row.first_seen_at),
        lastRunAt: iso(row.last_run_at),
        batches: row.batches_total,
        lastBatch: row.last_batch_id
          ? {
              batchId: row.last_batch_id,
              counts: {
                total: row.total,
                pass: row.pass,
                fail: row.fail,
                error: row.error,
                skipped: row.skipped,
                running: row.running,
                stalled: row.stalled,
              },
              passRate: passRate(row),
            }
          : null,
        trend: row.trend.map((point) => ({
          batchId: point.batchId,
          startedAt: new Date(point.startedAt).toISOString(),
          passRate: passRate(point),
        })),
        flakyCount: row.flaky_count,
      })),
      nextCursor:
        rows.length > query.limit && last
          ? setCursors.encode({ failing: last.failing, lastRunAt: new Date(last.last_run_at), id: last.id })
          : null,
    };
  }
}
