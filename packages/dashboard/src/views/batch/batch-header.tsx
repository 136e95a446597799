/**
 * The top of the batch page: when it started, how long it took, what it
 * cost, its labels, and its progress as counts derived from the runs ("n of N
 * settled", the canonical pass rate, "no data" until a run settles). The
 * progress line is a polite live region, so a screen reader hears it move.
 */
import type { Schemas } from "../../api/client";
import { unwrap } from "../../api/client";
import { useQuery } from "../../api/query";
import { useApi } from "../../app/api-context";
import { paths } from "../../app/paths";
import { Link } from "../../app/router";
import { CountsBar } from "../../components/counts-bar";
import { cost, count, dateTime, duration, percent } from "../../components/format";
import { type BatchCounts, passRateOf, settledOf } from "./batch-rows";

type Batch = Schemas["Batch"];

/** "7 of 10 settled · pass rate 71.4% (5 of 7)"; "no data" rather than 0 % while nothing settled. */
export function progressText(counts: BatchCounts): string {
  const settled = settledOf(counts);
  const rate = passRateOf(counts);
  const parts = [`${count(settled)} of ${count(counts.total)} settled`];
  parts.push(rate === null ? "pass rate: no data" : `pass rate ${percent(rate)} (${count(counts.pass)} of ${count(settled)})`);
  if (counts.skipped > 0) parts.push(`${count(counts.skipped)} skipped`);
  if (counts.running > 0) parts.push(`${count(counts.running)} running`);
  if (counts.queued > 0) parts.push(`${count(counts.queued)} queued`);
  if (counts.stalled > 0) parts.push(`${count(counts.stalled)} stalled`);
  return parts.join(" · ");
}

export function BatchHeader(props: { batch: Batch; counts: BatchCounts; loadedRuns: number; complete: boolean }) {
  const { batch, counts } = props;
  const rate = passRateOf(counts);
  return (
    <section className="batch-summary" aria-label="Batch summary">
      <dl className="batch-facts">
        <div>
          <dt>Started</dt>
          <dd>{batch.startedAt ? dateTime(batch.startedAt) : "—"}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{duration(batch.durationMs)}</dd>
        </div>
        <div>
          <dt>Cost</dt>
          <dd>{cost(batch.costUsd)}</dd>
        </div>
        <div>
          <dt>Pass rate</dt>
          <dd data-pass-rate={rate === null ? "none" : rate.toFixed(4)}>{rate === null ? "no data" : percent(rate)}</dd>
        </div>
        <div>
          <dt>Source</dt>
          <dd>{batch.source}</dd>
        </div>
        {batch.labels.length > 0 ? (
          <div>
            <dt>Labels</dt>
            <dd>
              {batch.labels.map((label) => (
                <span key={label} className="label">
                  {label}
                </span>
              ))}
            </dd>
          </div>
        ) : null}
      </dl>
      <div className="batch-progress">
        <CountsBar counts={counts} />
        <p className="progress-text" role="status" aria-live="polite" data-testid="batch-progress">
          {progressText(counts)}
          {props.complete ? null : ` · loading runs (${count(props.loadedRuns)} so far)`}
        </p>
      </div>
    </section>
  );
}

/** "Compare with previous": the batch diff against the set's batch before this one, when there is one. */
export function CompareLink(props: { batch: Batch }) {
  const client = useApi();
  const { setId, batchId } = props.batch;
  const batches = useQuery(`/api/v1/batches?setId=${setId}&limit=200&compare`, async () =>
    unwrap(await client.GET("/api/v1/batches", { params: { query: { setId, limit: 200 } } })),
  );
  const items = batches.data?.items ?? [];
  const index = items.findIndex((item) => item.batchId === batchId);
  const previous = index >= 0 ? items[index + 1] : undefined;
  if (!previous) return null;
  return (
    <Link
      className="button"
      to={paths.batchDiff(previous.batchId, batchId)}
      title={`Compare with the previous batch, ${previous.note ?? previous.batchId}`}
    >
      Compare with previous…
    </Link>
  );
}
