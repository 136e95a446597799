/**
 * The diff of two batches (platform research §3.5). Runs are grouped by
 * scenario; when a scenario has as many trials in both batches, trials are
 * aligned by index (start order within the batch) and listed pair by pair,
 * otherwise the scenario is compared on its pass rate over trials. Each
 * scenario is classified on pass rates (`passRate`: passed ÷ settled):
 * - `new` / `removed`: in one batch only;
 * - `flaky`: the head batch has mixed outcomes for it (some passed, some not);
 * - `fixed`: all passed in head, not all in base;
 * - `regressed`: none passed in head, some did in base;
 * - `stillFailing`: none passed in either;
 * - `unchanged`: all passed in both, or nothing settled in head.
 * `onlyChanged` leaves out `unchanged` and `stillFailing`. Regressions sort
 * first. The response stays under `MAX_RESPONSE_BYTES`: items are cut (in
 * sort order) at `limit` or at the byte budget, with `truncated: true`.
 */
import type { Database } from "../store/database.js";
import { type BatchRunRow, batchExists, batchRuns, MAX_BATCH_RUNS } from "../store/diff-queries.js";
import { passRate } from "./history.js";
import type { TenantScope } from "./tenant-scope.js";

/** The response budget (JSON bytes) of a batch diff. */
export const MAX_RESPONSE_BYTES = 900_000;
/** Trial pairs listed per scenario. */
const MAX_TRIALS_LISTED = 100;

export type Classification = "regressed" | "fixed" | "stillFailing" | "new" | "removed" | "flaky" | "unchanged";

const order: Record<Classification, number> = {
  regressed: 0,
  flaky: 1,
  fixed: 2,
  new: 3,
  removed: 4,
  stillFailing: 5,
  unchanged: 6,
};

function counts(runs: readonly BatchRunRow[]) {
  const tally = { pass: 0, fail: 0, error: 0 };
  for (const run of runs) if (run.status === "pass" || run.status === "fail" || run.status === "error") tally[run.status] += 1;
  return tally;
}

/** The p95 (nearest rank) of the runs' durations, `null` when none has one. */
export function p95(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.max(0, Math.ceil(0.95 * sorted.length) - 1)] ?? null;
}

/** Classifies one scenario from its runs in each batch. */
export function classify(base: readonly BatchRunRow[], head: readonly BatchRunRow[]): Classification {
  if (base.length === 0) return "new";
  if (head.length === 0) return "removed";
  const before = passRate(counts(base));
  const after = passRate(counts(head));
  if (after === null) return "unchanged";
  if (after > 0 && after < 1) return "flaky";
  if (after === 1) return before === null || before === 1 ? "unchanged" : "fixed";
  return before !== null && before > 0 ? "regressed" : "stillFailing";
}

const rounded = (value: number) => Math.round(value * 1e6) / 1e6;
const change = (base: number | null, head: number | null) => ({
  base,
  head,
  delta: base === null || head === null ? null : rounded(head - base),
});

function side(runs: readonly BatchRunRow[]) {
  return {
    runs: runs.length,
    ...counts(runs),
    passRate: passRate(counts(runs)),
    runIds: runs.slice(0, MAX_TRIALS_LISTED).map((run) => run.id),
  };
}

function scenarioItem(scenarioId: string, base: BatchRunRow[], head: BatchRunRow[]) {
  const aligned = base.length === head.length;
  return {
    scenarioId,
    name: head[0]?.name ?? base[0]?.name ?? null,
    classification: classify(base, head),
    alignment: aligned ? ("trial" as const) : ("passRate" as const),
    base: side(base),
    head: side(head),
    trials: aligned
      ? base.slice(0, MAX_TRIALS_LISTED).map((left, trialIndex) => {
          const right = head[trialIndex] as BatchRunRow;
          return {
            trialIndex,
            baseRunId: left.id,
            headRunId: right.id,
            baseStatus: left.status,
            headStatus: right.status,
            changed: left.status !== right.status,
          };
        })
      : null,
  };
}

function summary(base: readonly BatchRunRow[], head: readonly BatchRunRow[]) {
  const durations = (runs: readonly BatchRunRow[]) =>
    runs.flatMap((run) => (run.duration_ms === null ? [] : [Number(run.duration_ms)]));
  const cost = (runs: readonly BatchRunRow[]) => {
    const priced = runs.filter((run) => run.cost_usd !== null);
    return priced.length === 0 ? null : rounded(priced.reduce((total, run) => total + Number(run.cost_usd), 0));
  };
  return {
    runs: { base: base.length, head: head.length },
    passRate: change(passRate(counts(base)), passRate(counts(head))),
    durationP95Ms: change(p95(durations(base)), p95(durations(head))),
    costUsd: change(cost(base), cost(head)),
  };
}

function byScenario(runs: readonly BatchRunRow[]): Map<string, BatchRunRow[]> {
  const groups = new Map<string, BatchRunRow[]>();
  for (const run of runs) {
    const group = groups.get(run.scenario_id) ?? [];
    group.push(run);
    groups.set(run.scenario_id, group);
  }
  // trial order: start time, then id (the query's order, kept explicit here)
  for (const group of groups.values())
    group.sort(
      (left, right) =>
        new Date(left.started_at).getTime() - new Date(right.started_at).getTime() || (left.id < right.id ? -1 : 1),
    );
  return groups;
}

/** Options of a batch diff. */
export interface BatchDiffOptions {
  onlyChanged: boolean;
  /** Most scenario items to list. */
  limit: number;
  /** Set when a batch had more runs than were read. */
  runsCut?: boolean;
}

/** The diff of `head` against `base` (pure). */
export function compareBatches(
  baseId: string,
  headId: string,
  base: readonly BatchRunRow[],
  head: readonly BatchRunRow[],
  options: BatchDiffOptions,
) {
  const before = byScenario(base);
  const after = byScenario(head);
  const scenarioIds = [...new Set([...before.keys(), ...after.keys()])];
  const all = scenarioIds
    .map((scenarioId) => scenarioItem(scenarioId, before.get(scenarioId) ?? [], after.get(scenarioId) ?? []))
    .sort(
      (left, right) => order[left.classification] - order[right.classification] || (left.scenarioId < right.scenarioId ? -1 : 1),
    );
  const classifications = Object.fromEntries(Object.keys(order).map((key) => [key, 0])) as Record<Classification, number>;
  for (const item of all) classifications[item.classification] += 1;
  const wanted = options.onlyChanged
    ? all.filter((item) => item.classification !== "unchanged" && item.classification !== "stillFailing")
    : all;
  const items: typeof all = [];
  let bytes = 2_000;
  let truncated = false;
  for (const item of wanted) {
    const size = Buffer.byteLength(JSON.stringify(item));
    if (items.length >= options.limit || bytes + size > MAX_RESPONSE_BYTES) {
      truncated = true;
      break;
    }
    bytes += size;
    items.push(item);
  }
  return {
    base: { batchId: baseId },
    head: { batchId: headId },
    summary: { ...summary(base, head), scenarios: scenarioIds.length, classifications },
    items,
    total: wanted.length,
    truncated: truncated || options.runsCut === true,
  };
}

/** A batch diff as the API returns it. */
export type BatchDiff = ReturnType<typeof compareBatches>;

/** The diff of two of the tenant's batches, or the id that does not exist (for it). */
export async function batchDiff(
  database: Database,
  scope: TenantScope,
  baseId: string,
  headId: string,
  options: BatchDiffOptions,
): Promise<{ diff: BatchDiff } | { missing: string }> {
  const loaded = await database.forTenant(scope.tenantId, async (executor) => {
    if (!(await batchExists(executor, scope.tenantId, baseId))) return { missing: baseId };
    if (!(await batchExists(executor, scope.tenantId, headId))) return { missing: headId };
    // one transaction is one connection: its queries run one after the other
    const base = await batchRuns(executor, scope.tenantId, baseId);
    return { base, head: await batchRuns(executor, scope.tenantId, headId) };
  });
  if (loaded.missing !== undefined) return { missing: loaded.missing };
  const { base, head } = loaded;
  return {
    diff: compareBatches(baseId, headId, base.slice(0, MAX_BATCH_RUNS), head.slice(0, MAX_BATCH_RUNS), {
      ...options,
      runsCut: base.length > MAX_BATCH_RUNS || head.length > MAX_BATCH_RUNS,
    }),
  };
}
