/**
 * A release-guard decision for the terminal: a headline with the decision,
 * the batch and the policy, then one row per check (name, observed,
 * threshold, sample, result, detail). The shapes are the server's response
 * (`GuardEvaluation` in its OpenAPI document), read loosely: what the CLI
 * prints it checks here, not by schema.
 */

/** One check as the server reports it. */
export interface GuardCheckView {
  name: string;
  observed: number | null;
  threshold: number | null;
  n: number;
  ok: boolean | null;
  detail: string;
}

/** A decision as the server reports it. */
export interface GuardEvaluationView {
  id: string;
  decision: "pass" | "fail" | "inconclusive";
  policyName: string | null;
  environment: string | null;
  target: { batchId: string; setId: string };
  checks: GuardCheckView[];
  evidence: { batchIds: string[]; runIds: string[]; runIdsTruncated: boolean };
}

/** Whether `value` looks like a decision (the fields the table reads). */
export function isEvaluation(value: unknown): value is GuardEvaluationView {
  const candidate = value as Partial<GuardEvaluationView> | undefined;
  return (
    typeof candidate?.id === "string" &&
    (candidate.decision === "pass" || candidate.decision === "fail" || candidate.decision === "inconclusive") &&
    Array.isArray(candidate.checks) &&
    typeof candidate.target?.batchId === "string"
  );
}

const result = (ok: boolean | null) => (ok === true ? "ok" : ok === false ? "FAIL" : "n/a");
const figure = (value: number | null) => (value === null ? "-" : String(Number(value.toPrecision(6))));

/**
 * The decision as lines: headline, a column header and one row per check.
 *
 * @example
 * guardLines(evaluation, "release.yaml");
 * // ["release guard: FAIL — batch b1 (set nightly), policy release.yaml", "", "  check  observed …", …]
 */
export function guardLines(evaluation: GuardEvaluationView, policyLabel: string): string[] {
  const where = evaluation.environment ? `, environment ${evaluation.environment}` : "";
  const headline = `release guard: ${evaluation.decision.toUpperCase()} — batch ${evaluation.target.batchId} (set ${evaluation.target.setId})${where}, policy ${policyLabel}`;
  const rows = [
    ["check", "observed", "threshold", "n", "result", "detail"],
    ...evaluation.checks.map((check) => [
      check.name,
      figure(check.observed),
      figure(check.threshold),
      String(check.n),
      result(check.ok),
      check.detail,
    ]),
  ];
  const widths = [0, 1, 2, 3, 4].map((column) => Math.max(...rows.map((row) => (row[column] ?? "").length)));
  const table = rows.map(
    (row) => `  ${row.map((cell, column) => (column < widths.length ? cell.padEnd(widths[column] ?? 0) : cell)).join("  ")}`,
  );
  return [headline, "", ...table, "", `decision ${evaluation.id}`];
}
