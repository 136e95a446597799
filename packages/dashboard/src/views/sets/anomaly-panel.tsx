/**
 * The set page's anomaly panel: runs whose duration was an outlier for their
 * scenario (robust z over its last runs, stored when they finished), each
 * linked to its run with the observed time against the median; and the
 * set's p95 run duration per batch against its trailing baseline, flagged
 * batches as points and in words, with the drift of the recent batches.
 */
import { unwrap } from "../../api/client";
import { useQuery } from "../../api/query";
import { useApi } from "../../app/api-context";
import { paths } from "../../app/paths";
import { Link } from "../../app/router";
import { duration } from "../../components/format";
import { LineChart } from "../../components/line-chart";
import { Empty, Failure, Loading } from "../../components/states";
import { anomalyRows, driftSummary, seriesChart } from "./anomaly-model";

/** The cache keys of the panel's reads: the set view invalidates this prefix when runs finish. */
export const anomalyKey = (setId: string) => `/api/v1/analytics/anomalies/?setId=${setId}`;

export function AnomalyPanel(props: { setId: string }) {
  const client = useApi();
  const setId = props.setId;
  const latency = useQuery(`${anomalyKey(setId)}&latency`, async () =>
    unwrap(await client.GET("/api/v1/analytics/anomalies/latency", { params: { query: { setId, limit: 20 } } })),
  );
  const series = useQuery(`${anomalyKey(setId)}&series`, async () =>
    unwrap(await client.GET("/api/v1/analytics/anomalies/series", { params: { query: { setId, metric: "duration_p95" } } })),
  );
  return (
    <section aria-labelledby="anomalies-title" className="anomaly-panel">
      <h2 id="anomalies-title">Latency anomalies</h2>
      {latency.error ? (
        <Failure error={latency.error} retry={latency.reload} />
      ) : !latency.data ? (
        <Loading what="anomalies" />
      ) : (
        <>
          <p className="muted">
            Runs more than {latency.data.threshold} robust deviations (median and MAD) from their scenario's last runs.
          </p>
          <AnomalyTable anomalies={latency.data.anomalies} />
          {latency.data.anomaliesTruncated ? (
            <p className="muted">
              The latest {latency.data.anomalies.length} of {latency.data.totalAnomalies}.
            </p>
          ) : null}
        </>
      )}
      {series.error ? (
        <Failure error={series.error} retry={series.reload} />
      ) : !series.data ? (
        <Loading what="the p95 series" />
      ) : series.data.points.length === 0 ? null : (
        <SeriesFigure data={series.data} />
      )}
    </section>
  );
}

function AnomalyTable(props: { anomalies: Parameters<typeof anomalyRows>[0] }) {
  const rows = anomalyRows(props.anomalies);
  if (rows.length === 0) return <Empty>No run of this set was a latency outlier.</Empty>;
  return (
    <table className="data-table anomaly-table">
      <caption className="visually-hidden">Latency anomalies, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Scenario</th>
          <th scope="col">Run (started)</th>
          <th scope="col" className="number">
            Observed
          </th>
          <th scope="col" className="number">
            Median
          </th>
          <th scope="col" className="number">
            Robust z
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} data-run={row.runId} data-direction={row.direction}>
            <th scope="row" title={row.scenarioId}>
              {row.scenario}
            </th>
            <td>
              <Link to={paths.run(row.runId)} title={`${row.runId} in batch ${row.batchId}`}>
                {row.runLabel}
              </Link>
            </td>
            <td className="number" title={row.ratio}>
              {row.observed}
            </td>
            <td className="number">{row.median}</td>
            <td className="number anomaly-score">
              {row.score} <span className="muted">{row.direction === "above" ? "slower" : "faster"}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SeriesFigure(props: { data: Parameters<typeof seriesChart>[0] }) {
  const chart = seriesChart(props.data);
  const drift = driftSummary(props.data.drift);
  return (
    <div className="anomaly-series">
      <LineChart
        title="p95 run duration per batch against its trailing baseline"
        labels={chart.labels}
        series={[
          { name: "p95", color: "var(--status-running)", values: chart.values, format: duration },
          {
            name: `baseline (median of ${props.data.baseline} batches before)`,
            color: "var(--muted)",
            values: chart.baseline,
            format: duration,
            dashed: true,
          },
          { name: "flagged", color: "var(--status-fail)", values: chart.flagged, format: duration },
        ]}
      />
      <p className="anomaly-flagged" data-flagged={chart.flaggedBatches.map((batch) => batch.batchId).join(" ")}>
        {chart.flaggedBatches.length === 0
          ? "No batch's p95 stood out from its baseline."
          : `Flagged: ${chart.flaggedBatches.map((batch) => `batch ${batch.label} (z ${batch.score})`).join(", ")}.`}
      </p>
      {drift ? <p className="muted">{drift}</p> : null}
    </div>
  );
}
