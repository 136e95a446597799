/**
 * Home: the tenant's scenario sets, failure first (the server sorts: a set
 * whose last batch failed comes before one that passed), with the canonical
 * pass rate of the last batch, its trend, the flaky count and when it last
 * ran. The search box filters on the server (`?q=`) and lives in the URL.
 * New results arrive over the live stream (the `tenant` topic) and refresh
 * the list at most once a second.
 */
import { useEffect, useRef, useState } from "react";
import { unwrap } from "../../api/client";
import { useQuery, useQueryCache } from "../../api/query";
import { useApi } from "../../app/api-context";
import { paths } from "../../app/paths";
import { Link, useSearchParam } from "../../app/router";
import { ago, count, dateTime, percent } from "../../components/format";
import { Page } from "../../components/page";
import { Sparkline } from "../../components/sparkline";
import { Empty, Failure, Loading } from "../../components/states";
import { batchBadge, StatusBadge } from "../../components/status-badge";
import { useLive, usePollWhileDown } from "../../live/use-live";
import "./sets.css";

const KEY = "/api/v1/sets";

export default function SetsView() {
  const client = useApi();
  const cache = useQueryCache();
  const [q, setQ] = useSearchParam("q");
  const [draft, setDraft] = useState(q);
  const key = `${KEY}?q=${q}`;
  const sets = useQuery(key, async () => unwrap(await client.GET("/api/v1/sets", { params: { query: q ? { q } : {} } })));
  const [now, setNow] = useState(() => Date.now());

  // typing waits 250 ms before it becomes the URL's query (and a request)
  useEffect(() => {
    const timer = setTimeout(() => setQ(draft.trim()), 250);
    return () => clearTimeout(timer);
  }, [draft, setQ]);

  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useLive(["tenant"], (frame) => {
    if (frame.kind !== "run.state" && frame.kind !== "resync") return;
    if (pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = undefined;
      setNow(Date.now());
      cache.invalidate(KEY);
    }, 1000);
  });
  useEffect(() => () => clearTimeout(pending.current), []);
  usePollWhileDown(true, () => cache.invalidate(KEY), 15_000);

  return (
    <Page title="Scenario sets">
      <div className="toolbar">
        <label className="search">
          <span className="visually-hidden">Search sets</span>
          <input
            type="search"
            data-search
            placeholder="Search sets  ( / )"
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
          />
        </label>
      </div>
      {sets.error ? (
        <Failure error={sets.error} retry={sets.reload} />
      ) : !sets.data ? (
        <Loading what="sets" />
      ) : sets.data.items.length === 0 ? (
        <Empty>
          {q ? `No set matches “${q}”.` : "No runs yet. Point a reporter at this server (see docs/server.md) and run a suite."}
        </Empty>
      ) : (
        <table className="data-table sets-table">
          <caption className="visually-hidden">Scenario sets, failing first</caption>
          <thead>
            <tr>
              <th scope="col">Set</th>
              <th scope="col">Last batch</th>
              <th scope="col" className="number">
                Pass rate
              </th>
              <th scope="col">Trend</th>
              <th scope="col" className="number">
                Flaky
              </th>
              <th scope="col">Last run</th>
            </tr>
          </thead>
          <tbody>
            {sets.data.items.map((set) => {
              const last = set.lastBatch;
              const failing = last ? last.counts.fail + last.counts.error > 0 : false;
              return (
                <tr key={set.setId} data-set={set.setId} data-failing={failing}>
                  <th scope="row">
                    <Link to={paths.set(set.setId)}>{set.setId}</Link>
                  </th>
                  <td>
                    {last ? (
                      <Link to={paths.batch(last.batchId)} className="counts" title={describeCounts(last.counts)}>
                        <StatusBadge status={batchBadge(last.counts)} />
                        <span className="count-pass">{last.counts.pass} pass</span>
                        {last.counts.skipped > 0 ? <span className="muted">{last.counts.skipped} skipped</span> : null}
                        {last.counts.fail > 0 ? <span className="count-fail">{last.counts.fail} fail</span> : null}
                        {last.counts.error > 0 ? <span className="count-error">{last.counts.error} error</span> : null}
                        {last.counts.running > 0 ? <span className="count-running">{last.counts.running} running</span> : null}
                      </Link>
                    ) : (
                      <span className="muted">none</span>
                    )}
                  </td>
                  <td className="number" data-pass-rate={last?.passRate ?? "none"}>
                    {last?.passRate === null || last === null ? (
                      <span title="nothing settled yet">no data</span>
                    ) : (
                      percent(last?.passRate)
                    )}
                  </td>
                  <td>
                    <Sparkline
                      values={set.trend.map((point) => point.passRate)}
                      label={`Pass rate of the last ${set.trend.length} batches`}
                    />
                  </td>
                  <td className="number">{count(set.flakyCount)}</td>
                  <td title={dateTime(set.lastRunAt)}>{ago(set.lastRunAt, now)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </Page>
  );
}

function describeCounts(counts: {
  pass: number;
  fail: number;
  error: number;
  running: number;
  skipped: number;
  total: number;
}): string {
  return `${counts.total} runs: ${counts.pass} passed, ${counts.fail} failed, ${counts.error} errors, ${counts.skipped} skipped, ${counts.running} running`;
}
