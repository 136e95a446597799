/**
 * The top of a batch diff: the two batches (linked, with their set and pass
 * rate), the summary deltas (pass rate, p95 duration, cost, runs) and how
 * many scenarios fell in each classification (linked to their groups).
 */
import type { Schemas } from "../../api/client";
import { paths } from "../../app/paths";
import { Link } from "../../app/router";
import { dateTime, percent, shortId } from "../../components/format";
import { CLASSIFICATION_LABELS, type Classification, GROUP_ORDER } from "./batch-groups";
import { type Better, type DeltaUnit, formatValue } from "./delta";
import { DeltaHead, DeltaText } from "./delta-text";

type BatchDiff = Schemas["BatchDiff"];
type Batch = Schemas["Batch"];

export function BatchCards(props: { baseId: string; headId: string; base: Batch | undefined; head: Batch | undefined }) {
  return (
    <div className="diff-sides">
      <BatchCard side="Base" batchId={props.baseId} batch={props.base} />
      <BatchCard side="Head" batchId={props.headId} batch={props.head} />
    </div>
  );
}

function BatchCard(props: { side: "Base" | "Head"; batchId: string; batch: Batch | undefined }) {
  const { batch } = props;
  return (
    <section className="diff-side" aria-label={`${props.side} batch`} data-side={props.side.toLowerCase()}>
      <p className="diff-side-label">{props.side}</p>
      <p className="diff-side-title">
        <Link to={paths.batch(props.batchId)} title={props.batchId}>
          Batch {shortId(props.batchId)}
        </Link>
      </p>
      <dl className="diff-side-facts">
        <dt>Set</dt>
        <dd>{batch ? <Link to={paths.set(batch.setId)}>{batch.setId}</Link> : "…"}</dd>
        <dt>Pass rate</dt>
        <dd>{batch ? (batch.passRate === null ? "no data" : percent(batch.passRate)) : "…"}</dd>
        <dt>Started</dt>
        <dd>{batch ? dateTime(batch.startedAt) || "—" : "…"}</dd>
      </dl>
    </section>
  );
}

export function BatchSummary(props: { diff: BatchDiff }) {
  const { summary } = props.diff;
  const rows: Array<{
    key: string;
    label: string;
    base: number | null;
    head: number | null;
    delta: number | null;
    unit: DeltaUnit;
    better: Better;
  }> = [
    { key: "passRate", label: "Pass rate", ...summary.passRate, unit: "rate", better: "higher" },
    { key: "durationP95Ms", label: "Duration, p95", ...summary.durationP95Ms, unit: "duration", better: "lower" },
    { key: "costUsd", label: "Cost", ...summary.costUsd, unit: "cost", better: "lower" },
    {
      key: "runs",
      label: "Runs",
      base: summary.runs.base,
      head: summary.runs.head,
      delta: summary.runs.head - summary.runs.base,
      unit: "count",
      better: "neutral",
    },
  ];
  return (
    <section className="diff-section" aria-labelledby="summary-heading">
      <h2 id="summary-heading">Summary</h2>
      <table className="data-table delta-table">
        <DeltaHead label="Measure" />
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} data-measure={row.key}>
              <th scope="row">{row.label}</th>
              <td className="number">{formatValue(row.base, row.unit)}</td>
              <td className="number">{formatValue(row.head, row.unit)}</td>
              <td className="number">
                <DeltaText delta={row.delta} unit={row.unit} better={row.better} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function ClassificationCounts(props: {
  counts: Partial<Record<Classification, number>>;
  shown: ReadonlySet<Classification>;
}) {
  return (
    <ul className="classification-counts" aria-label="Scenarios by classification">
      {GROUP_ORDER.map((classification) => {
        const value = props.counts[classification] ?? 0;
        const text = `${value} ${CLASSIFICATION_LABELS[classification].toLowerCase()}`;
        return (
          <li key={classification} data-classification={classification} data-count={value}>
            {props.shown.has(classification) ? (
              <a href={`#group-${classification}`} className="classification" data-classification={classification}>
                {text}
              </a>
            ) : (
              <span className="classification" data-classification={value > 0 ? classification : "none"}>
                {text}
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
