/**
 * A set's analytics over its last N batches: the criteria matrix (scenario ×
 * criterion × batch verdict counts), flakiness (pass^k per batch, flips per
 * scenario) and the per-batch series (pass rate, run-duration percentiles,
 * cost, turns). Each read is one tenant transaction of two or three
 * statements whose cost grows with the window, not the history; every
 * response is capped (rows, then bytes) and says when it was cut.
 */
import {
  batchWindow,
  criteriaCells,
  flakinessByBatch,
  flakinessByScenario,
  seriesByBatch,
  setExists,
} from "../store/analytics-queries.js";
import type { Database, Executor } from "../store/database.js";
import { passRate } from "./history.js";
import type { TenantScope } from "./tenant-scope.js";

/** Caps of the analytics responses. */
export const ANALYTICS_LIMITS = {
  /** scenario × criterion rows of the matrix */
  matrixRows: 500,
  /** JSON bytes of the matrix's rows (a batch id or a criterion may be long) */
  matrixBytes: 800_000,
  /** scenarios of the flakiness report */
  flakinessScenarios: 500,
} as const;

const iso = (date: Date) => new Date(date).toISOString();

/** A number as the database computed it (`float8`, or `numeric` as text), `null` kept. */
const number = (value: number | string | null) => (value === null ? null : Number(value));

export class SetAnalytics {
  constructor(private readonly database: Database) {}

  /** `work` in the caller's tenant, or `undefined` when the set does not exist there. */
  private async read<Value>(
    scope: TenantScope,
    setId: string,
    work: (executor: Executor) => Promise<Value | "empty">,
  ): Promise<Value | "empty" | undefined> {
    return this.database.forTenant(scope.tenantId, async (executor) => {
      const value = await work(executor);
      // a set always has a batch; an empty window means the set is unknown (or another tenant's)
      if (value === "empty" && !(await setExists(executor, scope.tenantId, setId))) return undefined;
      return value;
    });
  }

  /** Verdict counts per scenario × criterion × batch; `undefined` for an unknown set. */
  async criteriaMatrix(scope: TenantScope, setId: string, batches: number) {
    const result = await this.read(scope, setId, async (executor) => {
      const window = await batchWindow(executor, scope.tenantId, setId, batches);
      if (window.length === 0) return "empty";
      const batchIds = window.map((batch) => batch.id);
      const cells = await criteriaCells(executor, scope.tenantId, setId, batchIds, ANALYTICS_LIMITS.matrixRows);
      return { window, cells };
    });
    if (result === undefined) return undefined;
    if (result === "empty") return { batches: [], rows: [], totalRows: 0, truncated: false };
    const order = new Map(result.window.map((batch, index) => [batch.id, index]));
    const rows: Array<{
      scenarioId: string;
      name: string | null;
      criterion: string;
      cells: Array<{ batchId: string; met: number; unmet: number }>;
    }> = [];
    for (const cell of result.cells) {
      let row = rows.at(-1);
      if (!row || row.scenarioId !== cell.scenario_id || row.criterion !== cell.criterion) {
        row = { scenarioId: cell.scenario_id, name: cell.name, criterion: cell.criterion, cells: [] };
        rows.push(row);
      }
      row.cells.push({ batchId: cell.batch_id, met: cell.met, unmet: cell.unmet });
    }
    let bytes = 0;
    let kept = 0;
    for (const row of rows) {
      row.cells.sort((left, right) => (order.get(left.batchId) ?? 0) - (order.get(right.batchId) ?? 0));
      bytes += Buffer.byteLength(JSON.stringify(row)) + 1;
      if (bytes > ANALYTICS_LIMITS.matrixBytes) break;
      kept++;
    }
    const totalRows = result.cells[0]?.total ?? 0;
    return {
      batches: result.window.map((batch) => ({ batchId: batch.id, startedAt: iso(batch.started_at) })),
      rows: rows.slice(0, kept),
      totalRows,
      truncated: kept < totalRows,
    };
  }

  /** pass^k and flaky scenarios per batch, flips per scenario; `undefined` for an unknown set. */
  async flakiness(scope: TenantScope, setId: string, batches: number) {
    const result = await this.read(scope, setId, async (executor) => {
      const perBatch = await flakinessByBatch(executor, scope.tenantId, setId, batches);
      if (perBatch.length === 0) return "empty";
      const batchIds = perBatch.map((batch) => batch.batch_id);
      const perScenario = await flakinessByScenario(executor, scope.tenantId, batchIds, ANALYTICS_LIMITS.flakinessScenarios);
      return { perBatch, perScenario };
    });
    if (result === undefined) return undefined;
    if (result === "empty") return { batches: [], scenarios: [], totalScenarios: 0, truncated: false };
    const totalScenarios = result.perScenario[0]?.total ?? 0;
    return {
      batches: result.perBatch.map((batch) => ({
        batchId: batch.batch_id,
        startedAt: iso(batch.started_at),
        scenarios: batch.scenarios,
        passAllTrials: batch.scenarios === 0 ? null : batch.all_passed / batch.scenarios,
        flakyScenarios: batch.flaky,
        trialsPerScenario: batch.trials,
      })),
      scenarios: result.perScenario.map((scenario) => ({
        scenarioId: scenario.scenario_id,
        name: scenario.name,
        runs: scenario.runs,
        passes: scenario.passes,
        passRate: scenario.runs === 0 ? null : scenario.passes / scenario.runs,
        flips: scenario.flips,
        firstFailingBatchId: scenario.first_failing_batch_id,
      })),
      totalScenarios,
      truncated: result.perScenario.length < totalScenarios,
    };
  }

  /** Per batch: pass rate, runs, run-duration p50/p95, cost, mean turns; `undefined` for an unknown set. */
  async series(scope: TenantScope, setId: string, batches: number) {
    const result = await this.read(scope, setId, async (executor) => {
      const rows = await seriesByBatch(executor, scope.tenantId, setId, batches);
      return rows.length === 0 ? "empty" : rows;
    });
    if (result === undefined) return undefined;
    if (result === "empty") return { batches: [] };
    return {
      batches: result.map((row) => ({
        batchId: row.batch_id,
        startedAt: iso(row.started_at),
        passRate: passRate(row),
        runs: row.runs,
        durationP50Ms: number(row.duration_p50_ms),
        durationP95Ms: number(row.duration_p95_ms),
        costUsd: number(row.cost_usd),
        avgTurns: number(row.avg_turns),
      })),
    };
  }
}
