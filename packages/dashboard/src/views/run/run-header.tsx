/**
 * The run's header: its facts (status, scenario, seed, duration, turns,
 * tokens and cost, verdict, when, the run a rerun reruns with a link to
 * their diff, labels, metadata, links) and its actions
 * (compare with the scenario's previous run, copy a link to this view, and
 * for those allowed to (`runs:delete`, admins) delete the run).
 */
import { useState } from "react";
import { type Schemas, unwrap } from "../../api/client";
import { useQueryCache } from "../../api/query";
import { useApi } from "../../app/api-context";
import { paths } from "../../app/paths";
import { Link, useNavigate } from "../../app/router";
import { may, useSession } from "../../app/session";
import { cost, count, dateTime, duration } from "../../components/format";
import { runBadge, StatusBadge } from "../../components/status-badge";

type RunDetail = Schemas["RunDetail"];

export function RunFacts(props: { run: RunDetail }) {
  const { run } = props;
  const tokens =
    run.usage.inputTokens === null && run.usage.outputTokens === null
      ? "—"
      : `${count(run.usage.inputTokens ?? 0)} in · ${count(run.usage.outputTokens ?? 0)} out`;
  const metadata = Object.entries(run.metadata).filter(([key]) => key !== "name" && key !== "description");
  const links = Object.entries(run.links);
  return (
    <section className="run-facts" aria-label="Run facts">
      <dl className="facts">
        <Fact name="Status" field="status">
          <StatusBadge status={runBadge(run)} />
          {/* the lifecycle when the badge does not say it: cancelled (with its error), interrupted (queued again) */}
          {runBadge(run) !== run.state && run.state !== "finished" ? <span className="muted"> ({run.state})</span> : null}
        </Fact>
        <Fact name="Scenario" field="scenario">
          {run.name ?? run.scenarioId} <code className="muted">{run.scenarioId}</code>
        </Fact>
        <Fact name="Seed" field="seed">
          {run.seed ?? "—"}
        </Fact>
        <Fact name="Duration" field="duration">
          {duration(run.durationMs)}
        </Fact>
        <Fact name="Turns" field="turns">
          {run.turns ?? "—"}
        </Fact>
        <Fact name="Tokens" field="tokens">
          {tokens}
        </Fact>
        <Fact name="Cost" field="cost">
          {cost(run.usage.costUsd)}
        </Fact>
        <Fact name="Verdict" field="verdict">
          {run.verdict ?? "—"}
        </Fact>
        <Fact name="Started" field="started">
          {dateTime(run.startedAt)}
        </Fact>
        {run.launch?.replayOf ? (
          <Fact name="Rerun of" field="rerun-of">
            <Link to={paths.run(run.launch.replayOf)}>
              <code>{run.launch.replayOf}</code>
            </Link>
            {" · "}
            <Link to={paths.runDiff(run.launch.replayOf, run.runId)}>Compare with the original</Link>
          </Fact>
        ) : null}
        {run.attempt > 1 ? (
          <Fact name="Attempt" field="attempt">
            {run.attempt}
          </Fact>
        ) : null}
      </dl>
      {run.description ? <p className="run-description">{run.description}</p> : null}
      {run.labels.length > 0 ? (
        <p className="run-labels">
          {run.labels.map((label) => (
            <span key={label} className="label">
              {label}
            </span>
          ))}
        </p>
      ) : null}
      {metadata.length > 0 || links.length > 0 ? (
        <details className="run-metadata">
          <summary>Metadata{links.length > 0 ? " and links" : ""}</summary>
          <dl className="facts">
            {metadata.map(([key, value]) => (
              <div key={key}>
                <dt>{key}</dt>
                <dd>
                  <code>{typeof value === "string" ? value : JSON.stringify(value)}</code>
                </dd>
              </div>
            ))}
            {links.map(([name, url]) => (
              <div key={`link-${name}`}>
                <dt>{name}</dt>
                <dd>
                  <a href={url} rel="noreferrer">
                    {url}
                  </a>
                </dd>
              </div>
            ))}
          </dl>
        </details>
      ) : null}
    </section>
  );
}

function Fact(props: { name: string; field: string; children: React.ReactNode }) {
  return (
    <div data-fact={props.field}>
      <dt>{props.name}</dt>
      <dd>{props.children}</dd>
    </div>
  );
}

export function RunActions(props: { runId: string; batchId: string; previousRunId: string | undefined }) {
  const { caller } = useSession();
  const [copied, setCopied] = useState<"" | "copied" | "failed">("");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(window.location.href);
      setCopied("copied");
    } catch {
      setCopied("failed");
    }
  };
  return (
    <>
      {props.previousRunId ? (
        <Link className="button" to={paths.runDiff(props.previousRunId, props.runId)}>
          Compare with previous run
        </Link>
      ) : null}
      <button type="button" onClick={() => void copy()}>
        Copy link
      </button>
      <span role="status" aria-live="polite" className="muted copy-status">
        {copied === "copied" ? "Link copied" : copied === "failed" ? "Could not copy: use the address bar" : ""}
      </span>
      {may(caller, "runs:delete") ? <DeleteRun runId={props.runId} batchId={props.batchId} /> : null}
    </>
  );
}

/** Deletes the run after a confirmation (the server audits it as `run.deleted`), then shows its batch. */
function DeleteRun(props: { runId: string; batchId: string }) {
  const client = useApi();
  const cache = useQueryCache();
  const navigate = useNavigate();
  const [failure, setFailure] = useState("");
  const remove = async () => {
    if (!window.confirm(`Delete run ${props.runId} with its transcript and events? This cannot be undone.`)) return;
    try {
      unwrap(await client.DELETE("/api/v1/runs/{runId}", { params: { path: { runId: props.runId } } }));
      cache.invalidate("/api/v1/");
      navigate(paths.batch(props.batchId), { replace: true });
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    }
  };
  return (
    <>
      <button type="button" className="danger" onClick={() => void remove()}>
        Delete run
      </button>
      {failure ? (
        <span role="alert" className="form-error">
          Not deleted: {failure}
        </span>
      ) : null}
    </>
  );
}
