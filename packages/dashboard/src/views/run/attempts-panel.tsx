/**
 * "Attempts": every attempt of a launched run — which worker, when it
 * started and ended, how it ended (an `interrupted` attempt, its worker
 * killed, is followed by the attempt that took the run over). The run view
 * asks only for launched runs (`launch` not null; SDK-reported runs have no
 * attempts), and it shows once there is one. The list reloads
 * with the run (its key starts with the run's); when the run settled before
 * its worker ended the attempt, it asks again a few times.
 */
import { useEffect, useRef } from "react";
import { unwrap } from "../../api/client";
import { useQuery } from "../../api/query";
import { useApi } from "../../app/api-context";
import { dateTime } from "../../components/format";
import { StatusBadge } from "../../components/status-badge";
import { type Attempt, attemptBadge, awaitingOutcome } from "./attempt-model";
import "./attempts.css";

const RECHECK_MILLISECONDS = 1_500;
const RECHECKS = 20;

export function attemptsKey(runId: string): string {
  return `/api/v1/runs/${runId}/attempts`;
}

export function AttemptsPanel(props: { runId: string; settled: boolean }) {
  const { runId } = props;
  const client = useApi();
  const attempts = useQuery<Attempt[]>(attemptsKey(runId), async () => {
    const answer = unwrap(await client.GET("/api/v1/runs/{runId}/attempts", { params: { path: { runId } } }));
    return answer.attempts;
  });
  const rechecks = useRef(0);
  const awaiting = awaitingOutcome(attempts.data ?? [], props.settled);
  const { reload, data } = attempts;
  useEffect(() => {
    if (!awaiting || !data || rechecks.current >= RECHECKS) return undefined;
    const timer = setTimeout(() => {
      rechecks.current += 1;
      reload();
    }, RECHECK_MILLISECONDS);
    return () => clearTimeout(timer);
  }, [awaiting, data, reload]);

  // not started yet (none), a server without the route, or still loading: nothing to say
  if (!attempts.data || attempts.data.length === 0) return null;
  return (
    <section className="panel attempts" aria-labelledby="attempts-title">
      <h2 id="attempts-title">Attempts</h2>
      <ol className="attempts-list">
        {attempts.data.map((attempt) => {
          const badge = attemptBadge(attempt);
          return (
            <li key={attempt.attempt} data-attempt={attempt.attempt} data-outcome={attempt.outcome ?? "open"}>
              <p className="attempt-line">
                <span className="attempt-name">Attempt {attempt.attempt}</span> on{" "}
                <code data-field="worker">{attempt.workerId}</code> <StatusBadge status={badge.status} label={badge.label} />
              </p>
              <p className="attempt-line muted">
                Started <span data-field="started">{dateTime(attempt.startedAt)}</span>
              </p>
              <p className="attempt-line muted">
                {attempt.endedAt ? (
                  <>
                    Ended <span data-field="ended">{dateTime(attempt.endedAt)}</span>
                  </>
                ) : (
                  "Not ended yet"
                )}
              </p>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
