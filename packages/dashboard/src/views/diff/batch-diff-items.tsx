/**
 * One classification group of a batch diff: a section with its heading and
 * count, and a table of its scenarios with base and head pass rates and the
 * trial pairs (each run linked, and the run diff of each pair). Scenarios
 * whose trial counts differ were compared on pass rate; their runs are
 * linked without pairs.
 */
import type { Schemas } from "../../api/client";
import { paths } from "../../app/paths";
import { Link } from "../../app/router";
import { percent } from "../../components/format";
import { runBadge, StatusBadge } from "../../components/status-badge";
import { CLASSIFICATION_HINTS, CLASSIFICATION_LABELS, type ItemGroup } from "./batch-groups";
import { DeltaText } from "./delta-text";

type Item = Schemas["BatchDiff"]["items"][number];
type Side = Item["base"];
type Trial = NonNullable<Item["trials"]>[number];

/** Trial lists longer than this start folded. */
const OPEN_TRIALS = 10;

export function ItemGroupSection(props: { group: ItemGroup<Item>; total: number }) {
  const { group } = props;
  const id = `group-${group.classification}`;
  const label = CLASSIFICATION_LABELS[group.classification];
  return (
    <section
      id={id}
      className="diff-section diff-group"
      data-classification={group.classification}
      aria-labelledby={`${id}-heading`}
    >
      <h2 id={`${id}-heading`}>
        <span className="classification" data-classification={group.classification}>
          {label}
        </span>{" "}
        <span className="group-count">
          {group.items.length}
          {props.total > group.items.length ? ` of ${props.total}` : ""}
        </span>
      </h2>
      <p className="muted">{CLASSIFICATION_HINTS[group.classification]}</p>
      <div className="table-scroll">
        <table className="data-table scenario-table">
          <caption className="visually-hidden">{label} scenarios</caption>
          <thead>
            <tr>
              <th scope="col">Scenario</th>
              <th scope="col">Base</th>
              <th scope="col">Head</th>
              <th scope="col">Change</th>
              <th scope="col">Trials</th>
            </tr>
          </thead>
          <tbody>
            {group.items.map((item) => (
              <tr
                key={item.scenarioId}
                data-scenario={item.scenarioId}
                data-classification={item.classification}
                data-nav-row
                tabIndex={-1}
              >
                <th scope="row">
                  <span className="diff-scenario-name">{item.name ?? item.scenarioId}</span>
                  {item.name && item.name !== item.scenarioId ? (
                    <span className="muted diff-scenario-id">{item.scenarioId}</span>
                  ) : null}
                </th>
                <td>
                  <PassRate side={item.base} />
                </td>
                <td>
                  <PassRate side={item.head} />
                </td>
                <td>
                  <DeltaText
                    delta={
                      item.base.passRate !== null && item.head.passRate !== null ? item.head.passRate - item.base.passRate : null
                    }
                    unit="rate"
                    better="higher"
                  />
                </td>
                <td>{item.trials ? <TrialPairs trials={item.trials} runs={item.base.runs} /> : <UnpairedRuns item={item} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function PassRate(props: { side: Side }) {
  const { side } = props;
  if (side.runs === 0) return <span className="muted">not run</span>;
  const settled = side.pass + side.fail + side.error;
  return (
    <span className="pass-rate" data-pass-rate={side.passRate ?? "none"}>
      <strong>{side.passRate === null ? "no data" : percent(side.passRate)}</strong>{" "}
      <span className="muted">
        {side.pass}/{settled} passed{side.error > 0 ? `, ${side.error} error` : ""}
      </span>
    </span>
  );
}

function TrialPairs(props: { trials: readonly Trial[]; runs: number }) {
  const primary = props.trials.find((trial) => trial.changed) ?? props.trials[0];
  const list = (
    <ol className="trial-pairs">
      {props.trials.map((trial) => {
        const number = trial.trialIndex + 1;
        const base = runBadge({ status: trial.baseStatus });
        const head = runBadge({ status: trial.headStatus });
        return (
          <li key={trial.trialIndex} data-changed={trial.changed} data-trial={trial.trialIndex}>
            <span className="trial-number">Trial {number}</span>
            <Link to={paths.run(trial.baseRunId)} aria-label={`Trial ${number} base run: ${trial.baseStatus ?? "not settled"}`}>
              <StatusBadge status={base} />
            </Link>
            <span aria-hidden="true">→</span>
            <Link to={paths.run(trial.headRunId)} aria-label={`Trial ${number} head run: ${trial.headStatus ?? "not settled"}`}>
              <StatusBadge status={head} />
            </Link>
            <Link
              to={paths.runDiff(trial.baseRunId, trial.headRunId)}
              className="trial-diff"
              data-primary={trial === primary || undefined}
              aria-label={`Diff of trial ${number}`}
            >
              diff
            </Link>
          </li>
        );
      })}
    </ol>
  );
  if (props.trials.length <= OPEN_TRIALS) return list;
  const changed = props.trials.filter((trial) => trial.changed).length;
  return (
    <details className="trial-details">
      <summary>
        {props.trials.length} trials{props.runs > props.trials.length ? ` (first ${props.trials.length} of ${props.runs})` : ""},{" "}
        {changed} changed
      </summary>
      {list}
    </details>
  );
}

function RunLinks(props: { label: string; runIds: readonly string[]; total: number }) {
  if (props.runIds.length === 0) return null;
  return (
    <p className="run-links">
      <span className="muted">{props.label}:</span>{" "}
      {props.runIds.map((runId, position) => (
        <Link key={runId} to={paths.run(runId)} aria-label={`${props.label} run ${position + 1}`}>
          {position + 1}
        </Link>
      ))}
      {props.total > props.runIds.length ? <span className="muted"> and {props.total - props.runIds.length} more</span> : null}
    </p>
  );
}

function UnpairedRuns(props: { item: Item }) {
  const { item } = props;
  return (
    <div className="unpaired">
      {item.base.runs > 0 && item.head.runs > 0 ? (
        <p className="muted">
          {item.base.runs} vs {item.head.runs} trials: compared on pass rate.
        </p>
      ) : null}
      <RunLinks label="Base" runIds={item.base.runIds} total={item.base.runs} />
      <RunLinks label="Head" runIds={item.head.runIds} total={item.head.runs} />
    </div>
  );
}
