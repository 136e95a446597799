/**
 * The release guard's decision (platform research §3.8), as a pure function
 * of a policy and what was measured of a batch (store/guard-queries.ts).
 * Every check reports what it observed, its threshold, the sample it rests
 * on and `ok`: true, false, or null when the data cannot decide it.
 *
 * The decision, in order:
 * 1. `inconclusive` while runs of the batch are still queued or running, or
 *    when fewer runs settled than `minSampleSize` (default 10);
 * 2. `fail` when any check is not ok;
 * 3. `inconclusive` when any check could not be decided (no cost reported,
 *    no red-team run graded, no environment to compare with, …);
 * 4. `pass` otherwise.
 *
 * Settled runs are the canonical pass rate's (services/history.ts `passRate`):
 * pass, fail and error (cancelled runs end as errors); a stalled run never
 * settles, so it counts as an error; skipped runs did not run and are left out.
 */
import { DEFAULT_MIN_SAMPLE_SIZE, type GuardPolicy, passRateCheck } from "@rehearse/core/guard";
import { passRate } from "./history.js";
import { wilsonLowerBound } from "./wilson.js";

/** What the guard measured of one batch. */
export interface BatchMeasures {
  batchId: string;
  setId: string;
  pass: number;
  fail: number;
  error: number;
  skipped: number;
  /** Runs that went quiet while running (no event for 2 minutes). */
  stalled: number;
  /** Runs not finished and not stalled: queued, running, paused. */
  unsettled: number;
  /** The 95th percentile (interpolated) of settled runs' measured durations; null when none reported one. */
  durationP95Ms: number | null;
  /** Settled runs that reported a duration. */
  durations: number;
  /** Mean cost of the settled runs that reported one; null when none did. */
  costMeanUsd: number | null;
  /** Settled runs that reported a cost. */
  costs: number;
  /** Runs carrying the policy's critical label: settled or stalled, and of those not passed. */
  critical: { runs: number; notPassed: number };
  /** Runs with a `red_team_report`: graded `held` or `broke`, of those `broke`, and the rest (errored, skipped). */
  redTeam: { graded: number; broke: number; ungraded: number };
  /** Scenarios with two or more settled trials, and of those the ones with both a pass and a non-pass. */
  flakiness: { scenarios: number; flaky: number };
}

/** The batch last promoted to the environment, with its outcome counts. */
export interface PromotedBaseline {
  batchId: string;
  promotedAt: Date;
  pass: number;
  fail: number;
  error: number;
  stalled: number;
}

/** One check of a decision. */
export interface GuardCheck {
  name: string;
  observed: number | null;
  threshold: number | null;
  n: number;
  ok: boolean | null;
  detail: string;
}

/** What the guard decides (Argo Rollouts' successful / failed / inconclusive). */
export type GuardDecision = "pass" | "fail" | "inconclusive";

/** What the evaluation may compare with: the environment asked about and its last promoted batch (if any). */
export interface GuardContext {
  environment: string | undefined;
  baseline: PromotedBaseline | undefined;
}

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
/** Rounds away float noise (0.9 − 0.85 = 0.05000000000000004) before a comparison. */
const round = (value: number, places = 6) => Math.round(value * 10 ** places) / 10 ** places;
const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? "" : "s"}`;

/** The decision and its checks. */
export function evaluateGuard(
  policy: GuardPolicy,
  measures: BatchMeasures,
  context: GuardContext,
): { decision: GuardDecision; checks: GuardCheck[] } {
  const settled = measures.pass + measures.fail + measures.error + measures.stalled;
  const minimum = policy.minSampleSize ?? DEFAULT_MIN_SAMPLE_SIZE;
  const gates: GuardCheck[] = [
    {
      name: "settled",
      observed: measures.unsettled,
      threshold: 0,
      n: settled + measures.unsettled,
      ok: measures.unsettled === 0 ? true : null,
      detail:
        measures.unsettled === 0
          ? "every run of the batch has finished"
          : `${plural(measures.unsettled, "run")} not finished yet (queued or running): evaluate when the batch is done`,
    },
    {
      name: "sampleSize",
      observed: settled,
      threshold: minimum,
      n: settled,
      ok: settled >= minimum,
      detail: `${plural(settled, "settled run")} (${measures.pass} passed, ${measures.fail} failed, ${measures.error} errored, ${measures.stalled} stalled${
        measures.skipped > 0 ? `; ${measures.skipped} skipped not counted` : ""
      }); at least ${minimum} needed${policy.minSampleSize === undefined ? " (the default minSampleSize)" : ""}`,
    },
  ];
  const checks = [...gates, ...policyChecks(policy, measures, settled, context)];
  return { decision: decide(gates, checks), checks };
}

function decide(gates: readonly GuardCheck[], checks: readonly GuardCheck[]): GuardDecision {
  if (gates.some((gate) => gate.ok !== true)) return "inconclusive";
  if (checks.some((check) => check.ok === false)) return "fail";
  if (checks.some((check) => check.ok === null)) return "inconclusive";
  return "pass";
}

function policyChecks(policy: GuardPolicy, measures: BatchMeasures, settled: number, context: GuardContext): GuardCheck[] {
  const checks: GuardCheck[] = [];
  const rate = passRateCheck(policy);
  if (rate) {
    const bound = wilsonLowerBound(measures.pass, settled, rate.confidence);
    checks.push({
      name: "passRate",
      observed: bound === null ? null : round(bound),
      threshold: rate.min,
      n: settled,
      ok: bound === null ? null : round(bound) >= rate.min,
      detail:
        bound === null
          ? "no settled run: no pass rate"
          : `${measures.pass}/${settled} passed (${percent(measures.pass / settled)}); Wilson lower bound ${bound.toFixed(3)} at ${Number((rate.confidence * 100).toPrecision(6))}% confidence, at least ${rate.min} needed`,
    });
  }
  if (policy.criticalLabel !== undefined) {
    const { runs, notPassed } = measures.critical;
    checks.push({
      name: "critical",
      observed: notPassed,
      threshold: 0,
      n: runs,
      ok: notPassed === 0,
      detail:
        runs === 0
          ? `no settled run is labelled "${policy.criticalLabel}"`
          : notPassed === 0
            ? `all ${plural(runs, "run")} labelled "${policy.criticalLabel}" passed`
            : `${notPassed} of ${plural(runs, "run")} labelled "${policy.criticalLabel}" did not pass`,
    });
  }
  if (policy.maxErrorShare !== undefined) checks.push(errorShare(policy.maxErrorShare, measures, settled));
  if (policy.maxRedTeamSuccess !== undefined) checks.push(redTeamSuccess(policy.maxRedTeamSuccess, measures));
  if (policy.p95DurationMs !== undefined) {
    const { durationP95Ms: p95, durations } = measures;
    checks.push({
      name: "p95DurationMs",
      observed: p95 === null ? null : round(p95, 1),
      threshold: policy.p95DurationMs,
      n: durations,
      ok: p95 === null ? null : round(p95, 1) <= policy.p95DurationMs,
      detail:
        p95 === null
          ? "no settled run reported a duration"
          : `p95 of ${plural(durations, "run")}: ${Math.round(p95)} ms, at most ${policy.p95DurationMs} ms allowed`,
    });
  }
  if (policy.maxCostPerRunUsd !== undefined) {
    const { costMeanUsd: mean, costs } = measures;
    const missing = settled - costs;
    checks.push({
      name: "costPerRunUsd",
      observed: mean === null ? null : round(mean),
      threshold: policy.maxCostPerRunUsd,
      n: costs,
      ok: mean === null ? null : round(mean) <= policy.maxCostPerRunUsd,
      detail:
        mean === null
          ? "no settled run reported a cost"
          : `mean of ${plural(costs, "run")}: $${mean.toFixed(6)}${missing > 0 ? ` (${missing} reported none)` : ""}, at most $${policy.maxCostPerRunUsd} allowed`,
    });
  }
  if (policy.maxFlakyShare !== undefined) checks.push(flakyShare(policy.maxFlakyShare, measures));
  if (policy.maxRegressionPoints !== undefined) checks.push(regression(policy.maxRegressionPoints, measures, context));
  return checks;
}

function errorShare(maximum: number, measures: BatchMeasures, settled: number): GuardCheck {
  const errors = measures.error + measures.stalled;
  const share = settled === 0 ? null : errors / settled;
  return {
    name: "errorShare",
    observed: share === null ? null : round(share),
    threshold: maximum,
    n: settled,
    ok: share === null ? null : round(share) <= maximum,
    detail:
      share === null
        ? "no settled run"
        : `${errors}/${settled} errored or stalled (${percent(share)}), at most ${percent(maximum)} allowed`,
  };
}

function redTeamSuccess(maximum: number, measures: BatchMeasures): GuardCheck {
  const { graded, broke, ungraded } = measures.redTeam;
  const share = graded === 0 ? null : broke / graded;
  const aside = ungraded > 0 ? ` (${ungraded} errored or skipped not counted)` : "";
  return {
    name: "redTeamSuccess",
    observed: share === null ? null : round(share),
    threshold: maximum,
    n: graded,
    ok: share === null ? null : round(share) <= maximum,
    detail:
      share === null
        ? `no red-team run was graded held or broke${aside}`
        : `${broke}/${graded} red-team attacks broke the defence (${percent(share)})${aside}, at most ${percent(maximum)} allowed`,
  };
}

function flakyShare(maximum: number, measures: BatchMeasures): GuardCheck {
  const { scenarios, flaky } = measures.flakiness;
  const share = scenarios === 0 ? null : flaky / scenarios;
  return {
    name: "flakyShare",
    observed: share === null ? null : round(share),
    threshold: maximum,
    n: scenarios,
    ok: share === null ? null : round(share) <= maximum,
    detail:
      share === null
        ? "no scenario has two or more settled trials: flakiness cannot show"
        : `${flaky}/${plural(scenarios, "scenario")} with several trials both passed and failed (${percent(share)}), at most ${percent(maximum)} allowed`,
  };
}

function regression(maximum: number, measures: BatchMeasures, context: GuardContext): GuardCheck {
  const current = passRate({ pass: measures.pass, fail: measures.fail, error: measures.error + measures.stalled });
  const base = {
    name: "regressionPoints",
    threshold: maximum,
    n: measures.pass + measures.fail + measures.error + measures.stalled,
  };
  if (context.environment === undefined)
    return { ...base, observed: null, ok: null, detail: "no environment given: no promoted batch to compare with" };
  const baseline = context.baseline;
  if (baseline === undefined)
    return {
      ...base,
      observed: null,
      ok: true,
      detail: `no batch of set "${measures.setId}" promoted to "${context.environment}" yet: nothing to regress from`,
    };
  const before = passRate({ pass: baseline.pass, fail: baseline.fail, error: baseline.error + baseline.stalled });
  if (current === null || before === null)
    return {
      ...base,
      observed: null,
      ok: null,
      detail: `no settled run in ${current === null ? "this batch" : "the promoted batch"}`,
    };
  const points = round((before - current) * 100, 4);
  return {
    ...base,
    observed: points,
    ok: points <= maximum,
    detail: `pass rate ${percent(current)} against ${percent(before)} of batch ${baseline.batchId} (promoted to "${context.environment}" ${baseline.promotedAt.toISOString()}): ${
      points > 0 ? `down ${points} points` : points < 0 ? `up ${-points} points` : "unchanged"
    }, at most ${maximum} down allowed`,
  };
}
