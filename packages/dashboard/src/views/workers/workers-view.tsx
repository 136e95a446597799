/**
 * Worker health (`/workers`): every worker seen in the last 24 hours —
 * state (alive, stopped, lost), host and pid, backend, active jobs,
 * processed and failed counts, last heartbeat — and the run queue's backend
 * and job counts (`GET /api/v1/workers`). Asks again every 5 s while the tab
 * is visible (one small request; nothing while hidden, at once on return).
 */
import { useEffect, useRef, useState } from "react";
import { unwrap } from "../../api/client";
import { useQuery } from "../../api/query";
import { useApi } from "../../app/api-context";
import { ago, count, dateTime } from "../../components/format";
import { Page } from "../../components/page";
import { Failure, Loading } from "../../components/states";
import { queueEntries, WORKER_BADGES, type Worker, type WorkerList, workersSummary } from "./workers-model";
import "./workers.css";

const KEY = "/api/v1/workers";
const REFRESH_MILLISECONDS = 5_000;

export default function WorkersView() {
  const client = useApi();
  const workers = useQuery<WorkerList>(KEY, async () => unwrap(await client.GET("/api/v1/workers")));
  const [now, setNow] = useState(() => Date.now());
  const { reload } = workers;
  useWhileVisible(REFRESH_MILLISECONDS, () => {
    setNow(Date.now());
    reload();
  });

  return (
    <Page title="Workers" wide>
      {workers.error ? (
        <Failure error={workers.error} retry={workers.reload} />
      ) : !workers.data ? (
        <Loading what="the workers" />
      ) : (
        <>
          <p className="workers-summary">
            <span role="status" aria-live="polite" data-testid="workers-summary">
              {workersSummary(workers.data.workers)}
            </span>{" "}
            <span className="muted">Refreshed every 5 s while this tab is visible.</span>
          </p>
          {workers.data.workers.length > 0 ? <WorkerTable workers={workers.data.workers} now={now} /> : null}
          <QueuePanel queue={workers.data.queue} />
        </>
      )}
    </Page>
  );
}

function WorkerTable(props: { workers: Worker[]; now: number }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls sideways on a narrow screen must take focus so a keyboard can scroll it (nothing in the table can)
    <section className="workers-scroll" aria-label="Workers table" tabIndex={0}>
      <table className="data-table workers-table">
        <caption className="visually-hidden">Workers, with their state, jobs and last heartbeat</caption>
        <thead>
          <tr>
            <th scope="col">Worker</th>
            <th scope="col">State</th>
            <th scope="col">Host</th>
            <th scope="col">Backend</th>
            <th scope="col" className="number">
              Active
            </th>
            <th scope="col" className="number">
              Processed
            </th>
            <th scope="col" className="number">
              Failed
            </th>
            <th scope="col">Last heartbeat</th>
            <th scope="col">Started</th>
            <th scope="col">Version</th>
          </tr>
        </thead>
        <tbody>
          {props.workers.map((worker) => (
            <tr key={worker.id} data-worker={worker.id} data-state={worker.state}>
              <th scope="row">
                <code>{worker.id}</code>
              </th>
              <td>
                <span className="badge" data-status={WORKER_BADGES[worker.state]} data-worker-state={worker.state}>
                  {worker.state}
                </span>
              </td>
              <td>
                {worker.host} <span className="muted">pid {worker.pid}</span>
              </td>
              <td data-field="backend">{worker.backend}</td>
              <td className="number" data-field="active">
                {count(worker.active)} <span className="muted">of {count(worker.concurrency)}</span>
              </td>
              <td className="number" data-field="processed">
                {count(worker.processed)}
              </td>
              <td className="number" data-field="failed">
                {count(worker.failed)}
              </td>
              <td title={dateTime(worker.lastHeartbeatAt)} data-field="heartbeat">
                {ago(worker.lastHeartbeatAt, props.now)}
              </td>
              <td>{dateTime(worker.startedAt)}</td>
              <td>{worker.version}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function QueuePanel(props: { queue: WorkerList["queue"] }) {
  const entries = queueEntries(props.queue.counts);
  return (
    <section aria-labelledby="queue-heading" className="queue-panel" data-backend={props.queue.backend}>
      <h2 id="queue-heading">Run queue</h2>
      <p>
        Backend: <strong data-testid="queue-backend">{props.queue.backend}</strong>
      </p>
      {entries.length === 0 ? (
        <p className="muted">The server could not read the queue's job counts (its log says why).</p>
      ) : (
        <dl className="queue-counts">
          {entries.map(([state, value]) => (
            <div key={state} data-queue-state={state}>
              <dt>{state}</dt>
              <dd>{count(value)}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

/** Calls `tick` every `milliseconds` while the document is visible, and at once when it becomes visible again. */
function useWhileVisible(milliseconds: number, tick: () => void): void {
  const latest = useRef(tick);
  latest.current = tick;
  useEffect(() => {
    let timer: ReturnType<typeof setInterval> | undefined;
    const start = () => {
      clearInterval(timer);
      timer = document.visibilityState === "visible" ? setInterval(() => latest.current(), milliseconds) : undefined;
    };
    const onVisibility = () => {
      if (document.visibilityState === "visible") latest.current();
      start();
    };
    start();
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [milliseconds]);
}
