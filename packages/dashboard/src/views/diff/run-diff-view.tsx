/**
 * Run vs run (`/diff/runs?base=&head=&only=changed`): the two runs, the
 * outcome, metric deltas, criterion transitions, tool-call and event
 * differences, the first divergence, then the transcripts side by side with
 * word-level highlights. Without both ids it asks for them. While either run
 * is still going the diff follows it over the live stream.
 */
import { useEffect, useRef } from "react";
import { unwrap } from "../../api/client";
import { useQuery, useQueryCache } from "../../api/query";
import { useApi } from "../../app/api-context";
import { paths } from "../../app/paths";
import { useSearchParam } from "../../app/router";
import { shortId } from "../../components/format";
import { Page } from "../../components/page";
import { Loading } from "../../components/states";
import { useLive, usePollWhileDown } from "../../live/use-live";
import { DiffFailure } from "./diff-failure";
import { DiffPicker } from "./diff-picker";
import { GraphDiffSection } from "./graph-diff";
import { CriteriaTransitions, EventDeltas, MetricDeltas, ToolCallDiff } from "./run-diff-facts";
import { FirstDivergence, jumpToMessage, OutcomeBanner, RunCards, RunWarnings } from "./run-diff-header";
import { SideBySide } from "./side-by-side";
import { useRowKeys } from "./use-row-keys";
import { textsKey } from "./use-run-texts";
import "./diff.css";
import "./transcript.css";

// the same keys as the run and batch views, so what one loaded the other reuses
const runKey = (runId: string) => `/api/v1/runs/${runId}`;
const SETTLED_STATES = new Set(["finished", "cancelled"]);

export default function RunDiffView() {
  const client = useApi();
  const cache = useQueryCache();
  const [base] = useSearchParam("base");
  const [head] = useSearchParam("head");
  const [only, setOnly] = useSearchParam("only");
  const onlyChanged = only === "changed";
  const ready = base !== "" && head !== "";
  const diffKey = ready ? `/api/v1/diff/runs?base=${encodeURIComponent(base)}&head=${encodeURIComponent(head)}` : undefined;
  const diff = useQuery(diffKey, async () =>
    unwrap(await client.GET("/api/v1/diff/runs", { params: { query: { base, head } } })),
  );
  const baseRun = useQuery(ready ? runKey(base) : undefined, async () =>
    unwrap(await client.GET("/api/v1/runs/{runId}", { params: { path: { runId: base } } })),
  );
  const headRun = useQuery(ready ? runKey(head) : undefined, async () =>
    unwrap(await client.GET("/api/v1/runs/{runId}", { params: { path: { runId: head } } })),
  );
  useRowKeys();

  // a run still going: follow it (the stream when open, a slow poll while it is down)
  const going = [baseRun.data, headRun.data].some((run) => run !== undefined && !SETTLED_STATES.has(run.state));
  const refresh = () => {
    for (const runId of [base, head]) {
      cache.invalidate(runKey(runId));
      cache.invalidate(textsKey(runId));
    }
    if (diffKey) cache.invalidate(diffKey);
  };
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useLive(going ? [`run:${base}`, `run:${head}`] : [], (frame) => {
    if (pending.current) return;
    if (frame.kind !== "run.state" && frame.kind !== "run.messages" && frame.kind !== "resync") return;
    pending.current = setTimeout(() => {
      pending.current = undefined;
      refresh();
    }, 1000);
  });
  useEffect(() => () => clearTimeout(pending.current), []);
  usePollWhileDown(going, refresh, 5_000);

  // a shared `#message-n` link lands on its row once the diff is drawn
  const loaded = diff.data !== undefined;
  useEffect(() => {
    const match = /^#message-(\d+)$/.exec(window.location.hash);
    if (loaded && match) jumpToMessage(Number(match[1]));
  }, [loaded]);

  const title = diff.data ? `Run diff: ${diff.data.head.name ?? diff.data.head.scenarioId}` : "Run diff";
  const setId = headRun.data?.setId;
  const crumbs = [
    { label: "Sets", to: paths.home() },
    ...(setId ? [{ label: setId, to: paths.set(setId) }] : []),
    ...(diff.data ? [{ label: `Batch ${shortId(diff.data.head.batchId)}`, to: paths.batch(diff.data.head.batchId) }] : []),
    { label: "Run diff" },
  ];
  const picker = <DiffPicker noun="run" base={base} head={head} target={paths.runDiff} />;

  if (!ready) {
    return (
      <Page title="Run diff" crumbs={crumbs}>
        <p>Compare two runs: paste their ids, or use “compare with previous” on a run.</p>
        {picker}
      </Page>
    );
  }
  return (
    <Page
      title={title}
      crumbs={crumbs}
      wide
      actions={
        <label className="toggle">
          <input type="checkbox" checked={onlyChanged} onChange={(event) => setOnly(event.target.checked ? "changed" : "")} />
          Show only changed
        </label>
      }
    >
      <details className="picker-details" open={diff.error !== undefined || undefined}>
        <summary>Compare other runs</summary>
        {picker}
      </details>
      {diff.error ? (
        <DiffFailure error={diff.error} retry={diff.reload} />
      ) : !diff.data ? (
        <Loading what="the diff" />
      ) : (
        <div className="run-diff" data-outcome={diff.data.outcome}>
          <RunWarnings diff={diff.data} base={baseRun.data} head={headRun.data} />
          <OutcomeBanner diff={diff.data} />
          <RunCards diff={diff.data} base={baseRun.data} head={headRun.data} />
          <FirstDivergence diff={diff.data} />
          <GraphDiffSection diff={diff.data} />
          <div className="diff-facts">
            <CriteriaTransitions diff={diff.data} onlyChanged={onlyChanged} />
            <MetricDeltas diff={diff.data} />
            <ToolCallDiff diff={diff.data} onlyChanged={onlyChanged} />
            <EventDeltas diff={diff.data} onlyChanged={onlyChanged} />
          </div>
          <SideBySide diff={diff.data} onlyChanged={onlyChanged} />
        </div>
      )}
    </Page>
  );
}
