/**
 * One run (`/runs/:runId`): its header, the conversation / timeline /
 * red-team tabs (`?tab=`), the verdict and the scenario's other runs. A
 * running run updates in place from its live topic (no polling while the
 * stream is open); a finished one can be played back (`?play=1|4|instant`):
 * the view clears and the conversation comes back frame by frame. A run
 * launched from the platform (`launch` not null) lists its attempts, says
 * when it is paused or stopped, and has the Pause, Resume or Stop that
 * applies for those who may launch while it is not settled. Beside the
 * conversation, the run's trace (`?span=` selects a span; a span's turn is
 * marked in the conversation). A run of a behavioral graph has a Graph tab
 * (graph-panel.tsx), reloaded on the graph events of a live run.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import { unwrap } from "../../api/client";
import { useQuery, useQueryCache } from "../../api/query";
import { useApi } from "../../app/api-context";
import { paths } from "../../app/paths";
import { useSearchParam } from "../../app/router";
import { may, useSession } from "../../app/session";
import { LaunchControls } from "../../components/launch-controls";
import { Page } from "../../components/page";
import { Failure, Loading } from "../../components/states";
import { useLive, usePollWhileDown } from "../../live/use-live";
import { AttemptsPanel } from "./attempts-panel";
import { Conversation } from "./conversation";
import { GRAPH_EVENT_TYPES, GraphPanel, graphKey, useRunGraphs } from "./graph-panel";
import { hasPlaceholder } from "./placeholders";
import { isPlaybackFrame, playbackSpeed } from "./playback";
import { PlaybackControls } from "./playback-controls";
import { previousRun } from "./previous-run";
import { PreviousRuns, previousRunsKey, usePreviousRuns } from "./previous-runs";
import { RED_TEAM_TYPES, redTeamSummary } from "./red-team-model";
import { RedTeamPanel } from "./red-team-panel";
import { deltaOfFrame, eventOfPage, RUN_FINISHED, type RunEvent } from "./run-data";
import { RunActions, RunFacts } from "./run-header";
import { buildConversation } from "./run-model";
import { TabPanel, Tabs } from "./tabs";
import { TimelineTab } from "./timeline";
import { TracePanel } from "./trace/trace-panel";
import { canLoadMoreMessages, shownMessages } from "./transcript-state";
import { usePlayback } from "./use-playback";
import { useRunTranscript } from "./use-run-transcript";
import { VerdictPanel } from "./verdict";
import "./run.css";

/** Events the verdict panel and the red-team tab need whatever part of the transcript is loaded. */
const CHECK_TYPES = ["assertion", "judgment", ...RED_TEAM_TYPES];
const UNSETTLED = new Set(["running", "queued", "stalled", "interrupted"]);

export default function RunView(props: { runId: string }) {
  return <RunPage key={props.runId} runId={props.runId} />;
}

function RunPage(props: { runId: string }) {
  const { runId } = props;
  const client = useApi();
  const cache = useQueryCache();
  const { caller } = useSession();
  const detailKey = `/api/v1/runs/${runId}`;
  const checksKey = `${detailKey}/events?types=${CHECK_TYPES.join(",")}`;
  const detail = useQuery(detailKey, async () =>
    unwrap(await client.GET("/api/v1/runs/{runId}", { params: { path: { runId } } })),
  );
  const checks = useQuery<RunEvent[]>(checksKey, async () => {
    const page = unwrap(
      await client.GET("/api/v1/runs/{runId}/events", {
        params: { path: { runId }, query: { types: CHECK_TYPES.join(","), limit: 500 } },
      }),
    );
    return page.items.map((item) => eventOfPage(item));
  });
  const run = detail.data;
  const running = run !== undefined && UNSETTLED.has(run.state);
  const [tab, setTab] = useSearchParam("tab", "conversation");
  const [play, setPlay] = useSearchParam("play", "");
  const speed = run !== undefined && !running ? playbackSpeed(play) : undefined;
  const playing = speed !== undefined;

  const live = useRunTranscript(runId);
  const playback = usePlayback(runId, speed);
  const previous = usePreviousRuns(run?.scenarioId);
  const graphs = useRunGraphs(runId);
  const [tracedTurn, setTracedTurn] = useState<number | undefined>();

  useLive(running || playing ? [`run:${runId}`] : [], (frame) => {
    if (frame.kind === "resync") {
      cache.invalidate(detailKey);
      cache.invalidate(checksKey);
      live.refresh();
      return;
    }
    if (frame.data.runId !== runId) return;
    if (isPlaybackFrame(frame)) {
      if (playing) playback.onFrame(frame);
      return;
    }
    live.apply(deltaOfFrame(frame, runId));
    if (frame.kind === "run.state") {
      cache.invalidate(detailKey);
      if (run) cache.invalidate(previousRunsKey(run.scenarioId));
    }
    if (frame.kind === "run.event" && CHECK_TYPES.includes(frame.data.type ?? "")) cache.invalidate(checksKey);
    if (frame.kind === "run.event" && GRAPH_EVENT_TYPES.includes(frame.data.type ?? "")) cache.invalidate(graphKey(runId));
  });
  usePollWhileDown(running, () => {
    cache.invalidate(detailKey);
    cache.invalidate(checksKey);
    cache.invalidate(graphKey(runId));
    live.pollTail();
  });

  const transcript = playing ? playback.state.transcript : live.transcript;
  const messages = shownMessages(transcript);
  const more = !playing && canLoadMoreMessages(transcript);
  const items = useMemo(
    () => buildConversation({ messages, events: transcript.events, moreMessages: more }),
    [messages, transcript.events, more],
  );
  const summary = useMemo(() => redTeamSummary(checks.data ?? []), [checks.data]);
  const finishedInPlayback = playing && transcript.events.some((event) => event.type === RUN_FINISHED);
  useFollow(playing, messages.length);

  const tabs = [
    { id: "conversation", label: "Conversation" },
    { id: "timeline", label: "Timeline" },
    ...(summary ? [{ id: "redteam", label: "Red team" }] : []),
    ...((graphs.data?.length ?? 0) > 0 ? [{ id: "graph", label: "Graph" }] : []),
  ];
  const current = tabs.some((option) => option.id === tab) ? tab : "conversation";
  const redacted =
    !may(caller, "transcripts:raw") &&
    messages.some((message) => typeof message.content === "string" && hasPlaceholder(message.content));

  if (detail.error) {
    return (
      <Page title={`Run ${tail(runId)}`} crumbs={[{ label: "Sets", to: paths.home() }]}>
        <Failure error={detail.error} retry={detail.reload} />
      </Page>
    );
  }
  if (!run) {
    return (
      <Page title={`Run ${tail(runId)}`} crumbs={[{ label: "Sets", to: paths.home() }]}>
        <Loading what="the run" />
      </Page>
    );
  }
  const before = previous.data ? previousRun(previous.data, run) : undefined;
  return (
    <Page
      title={run.name ?? run.scenarioId}
      wide
      crumbs={[
        { label: "Sets", to: paths.home() },
        { label: run.setId, to: paths.set(run.setId) },
        { label: `Batch ${tail(run.batchId)}`, to: paths.batch(run.batchId) },
        { label: `Run ${tail(run.runId)}` },
      ]}
      actions={<RunActions runId={runId} batchId={run.batchId} previousRunId={before?.runId} />}
    >
      <LaunchControls
        type="run"
        id={runId}
        control={run.launch?.control ?? null}
        unsettled={running}
        permissions={caller.permissions}
        onControlled={() => cache.invalidate(detailKey)}
      />
      <RunFacts run={run} />
      {running ? (
        <p className="run-live-note" data-live-run="">
          This run is in progress: new messages and events appear as they arrive.
        </p>
      ) : (
        <PlaybackControls
          play={playing ? play : ""}
          setPlay={setPlay}
          state={playing ? playback.state : undefined}
          restart={playback.restart}
        />
      )}
      <div className="run-layout">
        <div className="run-main">
          <Tabs label="Run views" prefix="run" tabs={tabs} selected={current} onSelect={setTab} />
          <TabPanel prefix="run" id={current} heading={tabs.find((option) => option.id === current)?.label ?? ""}>
            {current === "conversation" ? (
              <div className="run-transcript">
                <div>
                  {redacted ? (
                    <p className="redaction-note">
                      Personal data shows as placeholders such as <span className="redacted">[EMAIL_1]</span> for your role.
                    </p>
                  ) : null}
                  {live.error && !playing ? <Failure error={live.error} retry={live.refresh} /> : null}
                  {!playing && messages.length === 0 && transcript.moreMessages && !live.error ? (
                    <Loading what="the conversation" />
                  ) : (
                    <Conversation
                      items={items}
                      shown={messages.length}
                      total={playing ? messages.length : run.messageCount}
                      arriving={running || playing}
                      animate={playing && speed !== 0}
                      {...(more ? { more: { loading: live.loading.messages, load: live.loadMessages } } : {})}
                      highlightTurn={tracedTurn}
                    />
                  )}
                </div>
                <TracePanel runId={runId} onTurn={setTracedTurn} />
              </div>
            ) : null}
            {current === "timeline" ? (
              <TimelineTab
                events={transcript.events}
                {...(!playing && transcript.moreEvents ? { more: { loading: live.loading.events, load: live.loadEvents } } : {})}
              />
            ) : null}
            {current === "redteam" && summary ? <RedTeamPanel summary={summary} /> : null}
            {current === "graph" ? <GraphPanel graphs={graphs.data} error={graphs.error} reload={graphs.reload} /> : null}
          </TabPanel>
        </div>
        <aside className="run-side" aria-label="Verdict and history">
          {playing && !finishedInPlayback ? (
            <section className="panel verdict-panel" aria-labelledby="verdict-title">
              <h2 id="verdict-title">Verdict</h2>
              <p className="muted">The verdict shows when the playback reaches the end of the run.</p>
            </section>
          ) : (
            <VerdictPanel run={run} checks={checks.data ?? []} />
          )}
          {run.launch ? <AttemptsPanel runId={runId} settled={!running} /> : null}
          <PreviousRuns run={run} />
        </aside>
      </div>
    </Page>
  );
}

/** The end of a long id (`scenariorun_…` ids differ at their end), the whole id when short. */
function tail(id: string): string {
  return id.length > 14 ? `…${id.slice(-8)}` : id;
}

/** During a playback, keeps the newest message in view while the reader is at the bottom of the page. */
function useFollow(active: boolean, messages: number): void {
  const atBottom = useRef(true);
  useEffect(() => {
    if (!active) return undefined;
    const check = () => {
      atBottom.current = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 160;
    };
    window.addEventListener("scroll", check, { passive: true });
    return () => window.removeEventListener("scroll", check);
  }, [active]);
  useEffect(() => {
    if (!active || messages === 0 || !atBottom.current) return;
    const reduce = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    document
      .querySelector(".conversation > li:last-child")
      ?.scrollIntoView({ block: "nearest", behavior: reduce ? "auto" : "smooth" });
  }, [active, messages]);
}
