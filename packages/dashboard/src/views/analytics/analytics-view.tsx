/**
 * A set's analytics over its recent batches: the criteria heatmap
 * (criterion × batch), pass^k (every trial of a scenario passed) and the
 * share of flaky scenarios per batch, the most flaky scenarios, and the
 * duration (p50/p95) and cost trends. `?batches=` (the window) is in the URL.
 */
import { unwrap } from "../../api/client";
import { useQuery } from "../../api/query";
import { useApi } from "../../app/api-context";
import { paths } from "../../app/paths";
import { Link, useSearchParam } from "../../app/router";
import { cost, duration, percent, shortId } from "../../components/format";
import { LineChart } from "../../components/line-chart";
import { Page } from "../../components/page";
import { Empty, Failure, Loading } from "../../components/states";
import { Heatmap } from "./heatmap";
import "./analytics.css";

const WINDOWS = ["10", "20", "50"];

export default function AnalyticsView(props: { setId: string }) {
  const client = useApi();
  const [window, setWindow] = useSearchParam("batches", "20");
  const batches = WINDOWS.includes(window) ? Number(window) : 20;
  const path = { setId: props.setId };
  const matrix = useQuery(`/api/v1/sets/${props.setId}/criteria-matrix?batches=${batches}`, async () =>
    unwrap(await client.GET("/api/v1/sets/{setId}/criteria-matrix", { params: { path, query: { batches } } })),
  );
  const flakiness = useQuery(`/api/v1/sets/${props.setId}/flakiness?batches=${batches}`, async () =>
    unwrap(await client.GET("/api/v1/sets/{setId}/flakiness", { params: { path, query: { batches } } })),
  );
  const series = useQuery(`/api/v1/sets/${props.setId}/series?batches=${batches}`, async () =>
    unwrap(await client.GET("/api/v1/sets/{setId}/series", { params: { path, query: { batches } } })),
  );

  return (
    <Page
      title={`${props.setId}: analytics`}
      crumbs={[{ label: "Sets", to: paths.home() }, { label: props.setId, to: paths.set(props.setId) }, { label: "Analytics" }]}
      actions={
        <fieldset className="segmented">
          <legend className="visually-hidden">Batches shown</legend>
          {WINDOWS.map((option) => (
            <button key={option} type="button" aria-pressed={String(batches) === option} onClick={() => setWindow(option)}>
              Last {option}
            </button>
          ))}
        </fieldset>
      }
      wide
    >
      <section aria-labelledby="heatmap-title" className="analytics-section">
        <h2 id="heatmap-title">Criteria across batches</h2>
        {matrix.error ? (
          <Failure error={matrix.error} retry={matrix.reload} />
        ) : !matrix.data ? (
          <Loading what="the criteria" />
        ) : matrix.data.rows.length === 0 ? (
          <Empty>No criteria were graded in these batches.</Empty>
        ) : (
          <>
            <Heatmap data={matrix.data} />
            {matrix.data.truncated ? <p className="muted">Showing the first {matrix.data.rows.length} rows.</p> : null}
          </>
        )}
      </section>

      <section aria-labelledby="stability-title" className="analytics-section">
        <h2 id="stability-title">Stability</h2>
        {flakiness.error ? (
          <Failure error={flakiness.error} retry={flakiness.reload} />
        ) : !flakiness.data ? (
          <Loading what="stability" />
        ) : flakiness.data.batches.length === 0 ? (
          <Empty>No batches yet.</Empty>
        ) : (
          <div className="analytics-grid">
            <LineChart
              title="pass^k and flaky scenarios per batch"
              labels={flakiness.data.batches.map((batch, index) => `${index + 1} · ${shortId(batch.batchId)}`)}
              max={1}
              series={[
                {
                  name: "pass^k (all trials passed)",
                  color: "var(--status-pass)",
                  values: flakiness.data.batches.map((batch) => batch.passAllTrials),
                  format: percent,
                },
                {
                  name: "flaky scenarios",
                  color: "var(--status-stalled)",
                  values: flakiness.data.batches.map((batch) =>
                    batch.scenarios > 0 ? batch.flakyScenarios / batch.scenarios : null,
                  ),
                  format: percent,
                  dashed: true,
                },
              ]}
            />
            <FlakyTable scenarios={flakiness.data.scenarios} />
          </div>
        )}
      </section>

      <section aria-labelledby="trends-title" className="analytics-section">
        <h2 id="trends-title">Duration and cost</h2>
        {series.error ? (
          <Failure error={series.error} retry={series.reload} />
        ) : !series.data ? (
          <Loading what="trends" />
        ) : series.data.batches.length === 0 ? (
          <Empty>No batches yet.</Empty>
        ) : (
          <div className="analytics-grid">
            <LineChart
              title="Run duration per batch"
              labels={series.data.batches.map((batch, index) => `${index + 1} · ${shortId(batch.batchId)}`)}
              series={[
                {
                  name: "p95",
                  color: "var(--status-error)",
                  values: series.data.batches.map((batch) => batch.durationP95Ms),
                  format: duration,
                },
                {
                  name: "p50",
                  color: "var(--status-running)",
                  values: series.data.batches.map((batch) => batch.durationP50Ms),
                  format: duration,
                  dashed: true,
                },
              ]}
            />
            <LineChart
              title="Cost and pass rate per batch"
              labels={series.data.batches.map((batch, index) => `${index + 1} · ${shortId(batch.batchId)}`)}
              series={[
                { name: "cost", color: "var(--link)", values: series.data.batches.map((batch) => batch.costUsd), format: cost },
              ]}
            />
          </div>
        )}
      </section>
    </Page>
  );
}

function FlakyTable(props: {
  scenarios: ReadonlyArray<{
    scenarioId: string;
    name: string | null;
    runs: number;
    passes: number;
    passRate: number | null;
    flips: number;
    firstFailingBatchId: string | null;
  }>;
}) {
  const flaky = props.scenarios.filter((scenario) => scenario.flips > 0);
  if (flaky.length === 0) return <Empty>No scenario changed outcome in these batches.</Empty>;
  return (
    <table className="data-table">
      <caption>Scenarios that changed outcome, most changes first</caption>
      <thead>
        <tr>
          <th scope="col">Scenario</th>
          <th scope="col" className="number">
            Flips
          </th>
          <th scope="col" className="number">
            Pass rate
          </th>
          <th scope="col" className="number">
            Runs
          </th>
          <th scope="col">First failing batch</th>
        </tr>
      </thead>
      <tbody>
        {flaky.map((scenario) => (
          <tr key={scenario.scenarioId}>
            <th scope="row" title={scenario.scenarioId}>
              {scenario.name ?? scenario.scenarioId}
            </th>
            <td className="number">{scenario.flips}</td>
            <td className="number">{percent(scenario.passRate)}</td>
            <td className="number">
              {scenario.passes}/{scenario.runs}
            </td>
            <td>
              {scenario.firstFailingBatchId ? (
                <Link to={paths.batch(scenario.firstFailingBatchId)}>{shortId(scenario.firstFailingBatchId)}</Link>
              ) : (
                "—"
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
