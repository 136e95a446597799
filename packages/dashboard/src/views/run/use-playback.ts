/**
 * Drives a playback: once the live stream is open on the run's topic (the
 * view subscribes while `speed` is set), asks the server to replay the run
 * at `speed`, and feeds the frames that arrive into playback.ts's state.
 * A new speed, or `restart`, plays it again from the start.
 */
import { useCallback, useEffect, useMemo, useReducer, useRef } from "react";
import { unwrap } from "../../api/client";
import { useApi } from "../../app/api-context";
import type { LiveFrame } from "../../live/live-connection";
import { useLiveStatus } from "../../live/use-live";
import { initialPlayback, type PlaybackState, playbackReducer } from "./playback";

/** Wait this long after the stream opens: a topic change reopens the connection a moment after subscribing. */
const SETTLE_MILLISECONDS = 150;
/** Give up when the stream has not opened by then. */
const CONNECT_TIMEOUT_MILLISECONDS = 10_000;

export interface Playback {
  state: PlaybackState;
  onFrame(frame: LiveFrame): void;
  restart(): void;
}

export function usePlayback(runId: string, speed: number | undefined): Playback {
  const client = useApi();
  const live = useLiveStatus();
  const reducer = useMemo(() => playbackReducer(runId), [runId]);
  const [state, dispatch] = useReducer(reducer, undefined, () => initialPlayback());
  const attempt = useRef(state.attempt);
  attempt.current = state.attempt;

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new speed (or run) is a new playback
  useEffect(() => {
    if (speed !== undefined) dispatch({ type: "restart" });
  }, [speed, runId]);

  useEffect(() => {
    if (speed === undefined || state.phase !== "connecting") return undefined;
    const timeout = setTimeout(
      () => dispatch({ type: "failed", error: "The live stream did not connect; playback needs it. Try again." }),
      CONNECT_TIMEOUT_MILLISECONDS,
    );
    if (live !== "open") return () => clearTimeout(timeout);
    const mine = state.attempt;
    const settle = setTimeout(() => {
      clearTimeout(timeout);
      dispatch({ type: "starting" });
      client
        .POST("/api/v1/runs/{runId}/replay", { params: { path: { runId } }, body: { mode: "playback", speed } })
        .then(unwrap)
        .then(
          (answer) => {
            if (attempt.current === mine)
              dispatch({ type: "started", playbackId: answer.playbackId, events: answer.events, durationMs: answer.durationMs });
          },
          (error: unknown) => {
            if (attempt.current === mine)
              dispatch({ type: "failed", error: error instanceof Error ? error.message : String(error) });
          },
        );
    }, SETTLE_MILLISECONDS);
    return () => {
      clearTimeout(timeout);
      clearTimeout(settle);
    };
  }, [client, live, runId, speed, state.phase, state.attempt]);

  const onFrame = useCallback((frame: LiveFrame) => dispatch({ type: "frame", frame }), []);
  const restart = useCallback(() => dispatch({ type: "restart" }), []);
  return { state, onFrame, restart };
}
