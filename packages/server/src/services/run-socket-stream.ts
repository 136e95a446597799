/**
 * One run's events over a WebSocket (seed 004's `/runs/stream/{run_id}`):
 * the events stored so far, then live ones from the hub, one JSON message
 * each, and a final `run.finished` message and a normal close when the run
 * settles. As the SSE stream (live-stream.ts), it subscribes first and
 * buffers, replays from the `events` table, then sends the buffered
 * messages newer than the last one replayed: ingest ids only grow, so
 * nothing is sent twice or skipped. An unknown run (or another tenant's)
 * closes with 4404.
 */
import type { WebSocket } from "ws";
import type { Database } from "../store/database.js";
import { type GraphRunState, graphRunState } from "../store/graph-queries.js";
import { eventsAfter } from "../store/live-queries.js";
import { type LiveHub, type LiveMessage, liveMessageOf, topic } from "./live-hub.js";
import type { RunView } from "./read-redaction.js";

/** Close codes: the run is unknown; the server is going away; the client stopped reading. */
export const RUN_SOCKET_CLOSE = { finished: 1000, goingAway: 1001, unknownRun: 4404, tooSlow: 4408 } as const;

export interface RunStreamRequest {
  hub: LiveHub;
  database: Database;
  tenantId: string;
  runId: string;
  /** How this caller sees run data (read-time redaction); absent: as stored. */
  view?: RunView | undefined;
  /** How often the run's state is looked at (a run cancelled while queued sends no event); default 2 s. */
  checkMilliseconds?: number;
}

/** Rows per replay query. */
const REPLAY_PAGE = 500;
/** A client this far behind (bytes queued on its socket) is dropped. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
const SETTLED_STATES: ReadonlySet<string> = new Set(["finished", "cancelled"]);

/** Streams run `runId` to `socket` until the run settles, the client leaves or the hub closes. */
export async function streamRun(socket: WebSocket, request: RunStreamRequest): Promise<void> {
  const { hub, database, tenantId, runId } = request;
  const runTopic = topic.run(runId);
  const view = request.view?.redacted ? request.view : undefined;
  let ended = false;
  let cursor = 0;
  let buffering = true;
  const buffered: LiveMessage[] = [];
  let settling: Promise<void> | undefined;
  let settleAgain = false;
  let unsubscribe: () => void = () => undefined;
  const timers: Array<ReturnType<typeof setInterval>> = [];

  const end = (code: number, reason: string) => {
    if (ended) return;
    ended = true;
    unsubscribe();
    for (const timer of timers) clearInterval(timer);
    if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.close(code, reason);
  };
  const send = (body: Record<string, unknown>) => {
    if (ended) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      end(RUN_SOCKET_CLOSE.tooSlow, "the client stopped reading");
      socket.terminate();
      return;
    }
    socket.send(JSON.stringify(body));
  };
  const deliver = (message: LiveMessage) => {
    if (message.id <= cursor) return;
    cursor = message.id;
    const data = view ? view.show(runId, message.data) : message.data;
    send({ id: message.id, kind: message.event, ...data });
    if (message.data.type === "SCENARIO_RUN_FINISHED") settle();
  };
  const replay = async () => {
    for (;;) {
      const rows = await database.forTenant(tenantId, (executor) =>
        eventsAfter(executor, tenantId, { tenant: false, sets: [], batches: [], runs: [runId] }, cursor, REPLAY_PAGE),
      );
      for (const row of rows) deliver(liveMessageOf(tenantId, row.payload as never, Number(row.ingest_id)));
      if (rows.length < REPLAY_PAGE || ended) return;
    }
  };
  /** Ends the stream when the run is stored settled: what is left in the table first, then `run.finished`. */
  function settle(): void {
    if (settling) {
      // asked again while a look is in flight (it may have read the state before the run's end committed)
      settleAgain = true;
      return;
    }
    settling = (async () => {
      try {
        const state = await stateOf();
        if (!state || !SETTLED_STATES.has(state.state)) return;
        await replay();
        send({ kind: "run.finished", ...state });
        end(RUN_SOCKET_CLOSE.finished, `run ${state.state}`);
      } catch {
        end(RUN_SOCKET_CLOSE.goingAway, "the store is unavailable");
      }
    })().finally(() => {
      settling = undefined;
      if (settleAgain && !ended) {
        settleAgain = false;
        settle();
      }
    });
  }
  const stateOf = (): Promise<GraphRunState | undefined> =>
    database.forTenant(tenantId, (executor) => graphRunState(executor, runId));

  // a hub that is already closed ends the stream inside `subscribe`
  unsubscribe = hub.subscribe(
    (message) => {
      if (message.tenantId !== tenantId || message.playback || !message.topics.includes(runTopic)) return;
      if (buffering) buffered.push(message);
      else deliver(message);
    },
    () => end(RUN_SOCKET_CLOSE.goingAway, "the server is shutting down"),
  );
  socket.on("close", () => end(RUN_SOCKET_CLOSE.goingAway, "closed"));
  try {
    if (!(await stateOf())) return end(RUN_SOCKET_CLOSE.unknownRun, `no run ${runId}`.slice(0, 120));
    await replay();
    buffering = false;
    for (const message of buffered.splice(0)) deliver(message);
    settle();
    if (ended) return;
    const check = setInterval(settle, request.checkMilliseconds ?? 2_000);
    const ping = setInterval(() => socket.ping(), hub.settings.heartbeatMilliseconds);
    check.unref?.();
    ping.unref?.();
    timers.push(check, ping);
  } catch {
    end(RUN_SOCKET_CLOSE.goingAway, "the store is unavailable");
  }
}
