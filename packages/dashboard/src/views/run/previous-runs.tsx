/**
 * "Previous runs of this scenario": the scenario's latest runs with their
 * status, each linked, and a link to diff it against the run on screen.
 * `usePreviousRuns` is shared with the header's "Compare with previous run".
 */
import { type Schemas, unwrap } from "../../api/client";
import { useQuery } from "../../api/query";
import { useApi } from "../../app/api-context";
import { paths } from "../../app/paths";
import { Link } from "../../app/router";
import { dateTime, duration } from "../../components/format";
import { Failure, Loading } from "../../components/states";
import { runBadge, StatusBadge } from "../../components/status-badge";

type RunSummary = Schemas["RunSummary"];

/** How many of the scenario's runs are listed. */
const LISTED = 10;

export function previousRunsKey(scenarioId: string): string {
  return `/api/v1/scenarios/${scenarioId}/runs?limit=${LISTED}`;
}

export function usePreviousRuns(scenarioId: string | undefined) {
  const client = useApi();
  return useQuery<RunSummary[]>(scenarioId === undefined ? undefined : previousRunsKey(scenarioId), async () => {
    const page = unwrap(
      await client.GET("/api/v1/scenarios/{scenarioId}/runs", {
        params: { path: { scenarioId: scenarioId ?? "" }, query: { limit: LISTED } },
      }),
    );
    return page.items;
  });
}

export function PreviousRuns(props: { run: { runId: string; scenarioId: string; startedAt: string } }) {
  const { run } = props;
  const runs = usePreviousRuns(run.scenarioId);
  return (
    <section className="panel previous-runs" aria-labelledby="previous-title">
      <h2 id="previous-title">Runs of this scenario</h2>
      {runs.error ? <Failure error={runs.error} retry={runs.reload} /> : null}
      {runs.loading ? <Loading what="previous runs" /> : null}
      {runs.data && runs.data.length <= 1 ? <p className="muted">No other runs of this scenario.</p> : null}
      {runs.data && runs.data.length > 1 ? (
        <div className="table-scroll">
          <table className="data-table previous-table">
            <caption className="visually-hidden">The scenario's latest runs, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col">Started</th>
                <th scope="col" className="number">
                  Duration
                </th>
                <th scope="col">Diff</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.map((other) => {
                const current = other.runId === run.runId;
                const older = Date.parse(other.startedAt) <= Date.parse(run.startedAt);
                return (
                  <tr key={other.runId} data-run={other.runId} aria-current={current ? "page" : undefined}>
                    <td>
                      <StatusBadge status={runBadge(other)} />
                    </td>
                    <th scope="row">
                      {current ? (
                        <span>
                          {dateTime(other.startedAt)} <span className="muted">(this run)</span>
                        </span>
                      ) : (
                        <Link to={paths.run(other.runId)}>{dateTime(other.startedAt)}</Link>
                      )}
                    </th>
                    <td className="number">{duration(other.durationMs)}</td>
                    <td>
                      {current ? null : (
                        <Link
                          to={older ? paths.runDiff(other.runId, run.runId) : paths.runDiff(run.runId, other.runId)}
                          aria-label={`Diff with the run of ${dateTime(other.startedAt)}`}
                        >
                          diff
                        </Link>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
