/**
 * Judge calibration (issue 20 §7, decision 0050): people label judged
 * criteria of runs in a review queue, and the server reports how well the
 * judge agrees with them — per criterion and per judge version, with
 * Cohen's κ and the confusion matrix. The queue is blind: it shows the
 * transcript and the criteria, never the judge's verdicts, so people are
 * not anchored by them. Every read and write is scoped to the caller's tenant.
 */
import type { Database } from "../store/database.js";
import {
  type LabelPairRow,
  type LabelVerdict,
  labelPairs,
  labelsOf,
  queueRuns,
  queueSize,
  saveLabels,
} from "../store/label-queries.js";
import { findRun, runCriteria, runMessages } from "../store/run-queries.js";
import { type Agreement, agreementOf, type Confusion, emptyConfusion, tally } from "./cohen-kappa.js";
import type { RunView } from "./read-redaction.js";
import type { TenantScope } from "./tenant-scope.js";

/** Most transcript messages a queue item shows. */
export const QUEUE_MESSAGES = 500;
/** Most label/judge pairs one agreement report reads. */
export const MAX_PAIRS = 50_000;
/** The judge version of runs whose judgments name none (older libraries, checks-only verdicts, judges of your own). */
export const UNVERSIONED = "unversioned";

/** A label as the API takes it, keyed by criterion text. */
export interface LabelInput {
  verdict: LabelVerdict;
  note?: string | undefined;
}

/** Who labels: the signed-in person, or the key acting for one. */
export function labellerOf(scope: TenantScope): string {
  return `${scope.principal.kind}:${scope.principal.id}`;
}

/** A criterion the run was not judged on (a 400 naming it). */
export class UnknownCriterion extends Error {
  override readonly name = "UnknownCriterion";
  constructor(readonly criterion: string) {
    super(`the run was not judged on the criterion "${criterion}"`);
  }
}

/** Groups label/judge pairs by `keyOf` and computes each group's agreement. */
export function agreementByGroup<Pair extends { human: string; judge: string }>(
  pairs: readonly Pair[],
  keyOf: (pair: Pair) => string,
): Map<string, Agreement> {
  const groups = new Map<string, { confusion: Confusion; unsure: number }>();
  for (const pair of pairs) {
    const key = keyOf(pair);
    let group = groups.get(key);
    if (!group) {
      group = { confusion: emptyConfusion(), unsure: 0 };
      groups.set(key, group);
    }
    if (pair.human === "unsure") group.unsure++;
    else if ((pair.human === "met" || pair.human === "unmet") && (pair.judge === "met" || pair.judge === "unmet"))
      tally(group.confusion, pair.judge, pair.human);
  }
  return new Map([...groups].map(([key, group]) => [key, agreementOf(group.confusion, group.unsure)]));
}

/** Labels, the review queue and agreement reports; see the module comment. */
export class Calibration {
  constructor(
    private readonly database: Database,
    private readonly now: () => number = Date.now,
  ) {}

  /** The caller's next runs to label (newest first, blind: no judge verdicts) and how many are waiting. */
  async queue(scope: TenantScope, limit: number, view: RunView) {
    const labeller = labellerOf(scope);
    return this.database.forTenant(scope.tenantId, async (executor) => {
      const rows = await queueRuns(executor, scope.tenantId, labeller, limit);
      const items = [];
      for (const row of rows) {
        const criteria = await runCriteria(executor, scope.tenantId, row.id);
        const labels = new Map(
          (await labelsOf(executor, scope.tenantId, row.id, labeller)).map((label) => [label.criterion, label]),
        );
        const messages = (await runMessages(executor, scope.tenantId, row.id, 0, QUEUE_MESSAGES)).slice(0, QUEUE_MESSAGES);
        items.push({
          runId: row.id,
          scenarioId: row.scenario_id,
          name: row.name,
          description: view.show(row.id, row.description),
          startedAt: new Date(row.started_at).toISOString(),
          criteria: criteria
            .map((criterion) => criterion.criterion)
            .sort()
            .map((criterion) => {
              const label = labels.get(criterion);
              return { criterion, label: label ? { verdict: label.verdict, note: label.note } : null };
            }),
          messages: view.show(
            row.id,
            messages.map((message) => ({ index: message.idx, ...message.content, id: message.message_id, role: message.role })),
          ),
        });
      }
      return { items, remaining: await queueSize(executor, scope.tenantId, labeller) };
    });
  }

  /**
   * Stores the caller's labels of a run (re-labelling replaces). `undefined`: no such run in the tenant;
   * throws `UnknownCriterion` for a criterion the run was not judged on.
   */
  async label(scope: TenantScope, runId: string, labels: ReadonlyMap<string, LabelInput>) {
    const labeller = labellerOf(scope);
    return this.database.forTenant(scope.tenantId, async (executor) => {
      if (!(await findRun(executor, scope.tenantId, runId))) return undefined;
      const judged = new Set((await runCriteria(executor, scope.tenantId, runId)).map((criterion) => criterion.criterion));
      for (const criterion of labels.keys()) if (!judged.has(criterion)) throw new UnknownCriterion(criterion);
      const rows = [...labels].map(([criterion, label]) => ({ criterion, verdict: label.verdict, note: label.note ?? null }));
      await saveLabels(executor, scope.tenantId, runId, labeller, rows, new Date(this.now()));
      const saved = await labelsOf(executor, scope.tenantId, runId, labeller);
      return { runId, labeller, labels: saved.sort((left, right) => left.criterion.localeCompare(right.criterion)) };
    });
  }

  /** The label/judge pairs of the tenant (every labeller's), filtered; newest runs first. */
  pairs(scope: TenantScope, filter: { criterion?: string | undefined; since?: Date | undefined; limit?: number }) {
    return this.database.forTenant(scope.tenantId, (executor) =>
      labelPairs(executor, scope.tenantId, { ...filter, limit: filter.limit ?? MAX_PAIRS }),
    );
  }

  /** Agreement per criterion and judge version, and per judge version over all criteria. */
  async agreement(
    scope: TenantScope,
    filter: { criterion?: string | undefined; judgeVersion?: string | undefined; since?: Date | undefined },
  ) {
    const all = await this.pairs(scope, filter);
    const versionOf = (pair: LabelPairRow) => pair.judge_version ?? UNVERSIONED;
    const pairs = filter.judgeVersion === undefined ? all : all.filter((pair) => versionOf(pair) === filter.judgeVersion);
    const byCriterion = agreementByGroup(pairs, (pair: LabelPairRow) => `${pair.criterion}\u0000${versionOf(pair)}`);
    const byVersion = agreementByGroup(pairs, versionOf);
    return {
      labels: pairs.length,
      criteria: [...byCriterion]
        .map(([key, agreement]) => {
          const [criterion = "", judgeVersion = UNVERSIONED] = key.split("\u0000");
          return { criterion, judgeVersion, ...agreement };
        })
        .sort(
          (left, right) => left.criterion.localeCompare(right.criterion) || left.judgeVersion.localeCompare(right.judgeVersion),
        ),
      judgeVersions: [...byVersion]
        .map(([judgeVersion, agreement]) => ({ judgeVersion, ...agreement }))
        .sort((left, right) => left.judgeVersion.localeCompare(right.judgeVersion)),
    };
  }
}
