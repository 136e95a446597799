/**
 * One scenario set: its batches, newest first, each with counts derived from
 * its runs, the canonical pass rate, duration and cost, and a link to
 * compare it with the batch before it. Paged with the server's cursor.
 * Below them, the set's latency anomalies and p95 series (anomaly-panel.tsx).
 */
import { useRef, useState } from "react";
import { type Schemas, unwrap } from "../../api/client";
import { useQuery, useQueryCache } from "../../api/query";
import { useApi } from "../../app/api-context";
import { paths } from "../../app/paths";
import { Link } from "../../app/router";
import { CountsBar } from "../../components/counts-bar";
import { cost, dateTime, duration, percent, shortId } from "../../components/format";
import { Page } from "../../components/page";
import { Empty, Failure, Loading } from "../../components/states";
import { useLive, usePollWhileDown } from "../../live/use-live";
import { AnomalyPanel, anomalyKey } from "./anomaly-panel";
import "./anomalies.css";

/** The server scores a finished run just after storing it: the panel reloads this long after a run finishes. */
const ANOMALY_RELOAD_MILLISECONDS = 1_000;

type Batch = Schemas["Batch"];

export default function SetView(props: { setId: string }) {
  const client = useApi();
  const cache = useQueryCache();
  const [pages, setPages] = useState<string[]>([""]);
  const anomalyReload = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const key = (cursor: string) => `/api/v1/batches?setId=${props.setId}&cursor=${cursor}`;
  useLive([`set:${props.setId}`], (frame) => {
    if (frame.kind !== "run.state" && frame.kind !== "resync") return;
    cache.invalidate(key(""));
    // one reload at most per second, however many runs finish
    anomalyReload.current ??= setTimeout(() => {
      anomalyReload.current = undefined;
      cache.invalidate(anomalyKey(props.setId));
    }, ANOMALY_RELOAD_MILLISECONDS);
  });
  usePollWhileDown(true, () => cache.invalidate(key("")), 15_000);
  return (
    <Page
      title={props.setId}
      crumbs={[{ label: "Sets", to: paths.home() }, { label: props.setId }]}
      actions={
        <Link className="button" to={paths.analytics(props.setId)}>
          Analytics
        </Link>
      }
    >
      <table className="data-table">
        <caption className="visually-hidden">Batches of {props.setId}, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Batch</th>
            <th scope="col">Started</th>
            <th scope="col">Runs</th>
            <th scope="col" className="number">
              Pass rate
            </th>
            <th scope="col" className="number">
              Duration
            </th>
            <th scope="col" className="number">
              Cost
            </th>
            <th scope="col">Compare</th>
          </tr>
        </thead>
        {pages.map((cursor, index) => (
          <BatchPage
            key={cursor}
            cursor={cursor}
            cacheKey={key(cursor)}
            load={async () =>
              unwrap(
                await client.GET("/api/v1/batches", {
                  params: { query: { setId: props.setId, limit: 50, ...(cursor ? { cursor } : {}) } },
                }),
              )
            }
            onMore={index === pages.length - 1 ? (next) => setPages((current) => [...current, next]) : undefined}
          />
        ))}
      </table>
      <AnomalyPanel setId={props.setId} />
    </Page>
  );
}

function BatchPage(props: {
  cursor: string;
  cacheKey: string;
  load: () => Promise<{ items: Batch[]; nextCursor: string | null }>;
  onMore: ((cursor: string) => void) | undefined;
}) {
  const page = useQuery(props.cacheKey, props.load);
  if (page.error)
    return (
      <tbody>
        <tr>
          <td colSpan={7}>
            <Failure error={page.error} retry={page.reload} />
          </td>
        </tr>
      </tbody>
    );
  if (!page.data)
    return (
      <tbody>
        <tr>
          <td colSpan={7}>
            <Loading what="batches" />
          </td>
        </tr>
      </tbody>
    );
  const items = page.data.items;
  return (
    <tbody>
      {items.length === 0 && props.cursor === "" ? (
        <tr>
          <td colSpan={7}>
            <Empty>No batches in this set.</Empty>
          </td>
        </tr>
      ) : null}
      {items.map((batch, index) => {
        const previous = items[index + 1];
        return (
          <tr key={batch.batchId} data-batch={batch.batchId}>
            <th scope="row">
              <Link to={paths.batch(batch.batchId)} title={batch.batchId}>
                {batch.note ?? shortId(batch.batchId)}
              </Link>
              {batch.labels.map((label) => (
                <span key={label} className="label">
                  {label}
                </span>
              ))}
            </th>
            <td>{dateTime(batch.startedAt)}</td>
            <td>
              <CountsBar counts={batch.counts} />
            </td>
            <td className="number">{batch.passRate === null ? "no data" : percent(batch.passRate)}</td>
            <td className="number">{duration(batch.durationMs)}</td>
            <td className="number">{cost(batch.costUsd)}</td>
            <td>{previous ? <Link to={paths.batchDiff(previous.batchId, batch.batchId)}>vs previous</Link> : null}</td>
          </tr>
        );
      })}
      {page.data.nextCursor && props.onMore ? (
        <tr>
          <td colSpan={7}>
            <button type="button" onClick={() => props.onMore?.(page.data?.nextCursor ?? "")}>
              Load older batches
            </button>
          </td>
        </tr>
      ) : null}
    </tbody>
  );
}
