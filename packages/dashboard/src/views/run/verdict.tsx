/**
 * The verdict panel: the outcome, each criterion met or unmet
 * (`data-verdict`, with the word), the judge's reasoning, the outcome checks
 * (assertions, passed or failed), the error of an error run (code and
 * message) and the run's counters (injections, detector findings, tool
 * errors).
 */
import type { Schemas } from "../../api/client";
import { count } from "../../components/format";
import { runBadge, StatusBadge } from "../../components/status-badge";
import { type RunEvent, stringField } from "./run-data";

type RunDetail = Schemas["RunDetail"];

const COUNTERS: Array<[keyof RunDetail["counters"], string]> = [
  ["injections", "Injections"],
  ["toolErrors", "Tool errors"],
  ["piiLeaks", "Personal data leaks"],
  ["promptLeaks", "Prompt leaks"],
  ["policyViolations", "Policy violations"],
];

export function VerdictPanel(props: { run: RunDetail; checks: readonly RunEvent[] }) {
  const { run } = props;
  const assertions = props.checks.filter((event) => event.type === "assertion");
  const error = run.error;
  return (
    <section className="panel verdict-panel" aria-labelledby="verdict-title">
      <h2 id="verdict-title">Verdict</h2>
      <p className="verdict-line">
        <StatusBadge status={runBadge(run)} /> {run.verdict ? <span>verdict {run.verdict}</span> : null}
        {run.metCriteriaCount !== null || run.unmetCriteriaCount !== null ? (
          <span className="muted">
            {count(run.metCriteriaCount ?? 0)} met, {count(run.unmetCriteriaCount ?? 0)} unmet
          </span>
        ) : null}
      </p>
      {error && (error.code || error.message) ? (
        <div className="run-error" data-error-code={error.code ?? run.errorCode ?? undefined}>
          <h3>Error{error.code ? <code> {error.code}</code> : null}</h3>
          {error.message ? <pre className="code-block">{error.message}</pre> : null}
        </div>
      ) : null}
      {run.criteria.length > 0 ? (
        <>
          <h3>Criteria</h3>
          <ul className="criteria">
            {run.criteria.map((criterion) => (
              <li key={criterion.criterion} className="criterion" data-verdict={criterion.verdict}>
                <span className="criterion-verdict">{criterion.verdict}</span>
                <span className="criterion-text">{criterion.criterion}</span>
              </li>
            ))}
          </ul>
        </>
      ) : run.state === "finished" ? (
        <p className="muted">No criteria were graded.</p>
      ) : null}
      {run.reasoning ? (
        <>
          <h3>Reasoning</h3>
          <p className="reasoning">{run.reasoning}</p>
        </>
      ) : null}
      {assertions.length > 0 ? (
        <>
          <h3>Outcome checks</h3>
          <ul className="checks">
            {assertions.map((event) => {
              const passed = event.event.passed !== false;
              return (
                <li key={event.key} className="check" data-passed={passed}>
                  <span className="check-verdict">{passed ? "passed" : "failed"}</span>
                  <span>{stringField(event.event, "description") ?? "assertion"}</span>
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
      <h3>Counters</h3>
      <dl className="counters">
        {COUNTERS.map(([name, label]) => (
          <div key={name} data-counter={name} data-nonzero={run.counters[name] > 0 || undefined}>
            <dt>{label}</dt>
            <dd>{count(run.counters[name])}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
