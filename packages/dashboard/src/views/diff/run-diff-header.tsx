/**
 * The top of a run diff: the two runs (status, links, seed, batch), the
 * outcome of the change (regression, fix, unchanged) stated prominently,
 * a warning when the runs are of different scenarios or sets, and where the
 * transcripts first diverge with a link down to that message.
 */
import type { MouseEvent } from "react";
import type { Schemas } from "../../api/client";
import { paths } from "../../app/paths";
import { Link } from "../../app/router";
import { dateTime, shortId } from "../../components/format";
import { runBadge, StatusBadge } from "../../components/status-badge";

type RunDiff = Schemas["RunDiff"];
type RunReference = RunDiff["base"];
type RunDetail = Schemas["RunDetail"];

const OUTCOME_WORDS: Record<RunDiff["outcome"], string> = {
  regressed: "Regression",
  fixed: "Fixed",
  unchanged: "Unchanged",
  changed: "Changed",
};

export function RunCards(props: { diff: RunDiff; base: RunDetail | undefined; head: RunDetail | undefined }) {
  return (
    <div className="diff-sides">
      <RunCard side="Base" run={props.diff.base} detail={props.base} />
      <RunCard side="Head" run={props.diff.head} detail={props.head} />
    </div>
  );
}

function RunCard(props: { side: "Base" | "Head"; run: RunReference; detail: RunDetail | undefined }) {
  const { run, detail } = props;
  const status = detail ? runBadge(detail) : runBadge({ status: run.status });
  return (
    <section className="diff-side" aria-label={`${props.side} run`} data-side={props.side.toLowerCase()}>
      <p className="diff-side-label">{props.side}</p>
      <p className="diff-side-title">
        <StatusBadge status={status} /> <Link to={paths.run(run.runId)}>{run.name ?? run.scenarioId}</Link>
      </p>
      <dl className="diff-side-facts">
        <dt>Run</dt>
        <dd>
          <code>{run.runId}</code>
        </dd>
        <dt>Seed</dt>
        <dd>{detail ? (detail.seed ?? "none") : "…"}</dd>
        <dt>Batch</dt>
        <dd>
          <Link to={paths.batch(run.batchId)} title={run.batchId}>
            {shortId(run.batchId)}
          </Link>
        </dd>
        <dt>Verdict</dt>
        <dd>{run.verdict ?? "—"}</dd>
        <dt>Started</dt>
        <dd>{dateTime(run.startedAt)}</dd>
      </dl>
    </section>
  );
}

export function OutcomeBanner(props: { diff: RunDiff }) {
  const { diff } = props;
  return (
    <div className="outcome-banner" data-outcome={diff.outcome}>
      <p className="outcome-word">{OUTCOME_WORDS[diff.outcome]}</p>
      <p>
        Status {diff.status.base ?? "none"} → {diff.status.head ?? "none"}
        {diff.verdict.changed ? `; verdict ${diff.verdict.base ?? "none"} → ${diff.verdict.head ?? "none"}` : ""}
      </p>
    </div>
  );
}

/** Warnings about comparing unlike runs (shown, not refused). */
export function RunWarnings(props: { diff: RunDiff; base: RunDetail | undefined; head: RunDetail | undefined }) {
  const { diff, base, head } = props;
  const warnings: string[] = [];
  if (diff.base.runId === diff.head.runId) warnings.push("Base and head are the same run.");
  if (diff.base.scenarioId !== diff.head.scenarioId) {
    warnings.push(
      `These runs are of different scenarios (${diff.base.scenarioId} and ${diff.head.scenarioId}); the diff is shown anyway.`,
    );
  } else if (base && head && base.setId !== head.setId) {
    warnings.push(`These runs belong to different sets (${base.setId} and ${head.setId}); the diff is shown anyway.`);
  }
  if (warnings.length === 0) return null;
  return (
    <div className="diff-warning" role="note">
      {warnings.map((warning) => (
        <p key={warning}>{warning}</p>
      ))}
    </div>
  );
}

/** Scrolls to and focuses a message row, keeping `#message-n` in the address for sharing. */
export function jumpToMessage(index: number, event?: MouseEvent): void {
  const target = document.getElementById(`message-${index}`);
  if (!target) return;
  event?.preventDefault();
  window.history.replaceState(window.history.state, "", `${window.location.pathname}${window.location.search}#message-${index}`);
  target.scrollIntoView({ block: "center" });
  target.focus({ preventScroll: true });
}

export function FirstDivergence(props: { diff: RunDiff }) {
  const divergence = props.diff.firstDivergence;
  if (!divergence) {
    return (
      <p className="divergence" data-divergence="none">
        <strong>First divergence:</strong> none, the transcripts are identical.
      </p>
    );
  }
  return (
    <p className="divergence" data-divergence={divergence.messageIndex}>
      <strong>First divergence:</strong> turn {divergence.turn + 1}, message #{divergence.messageIndex}.{" "}
      <a href={`#message-${divergence.messageIndex}`} onClick={(event) => jumpToMessage(divergence.messageIndex, event)}>
        Jump to it
      </a>
    </p>
  );
}
