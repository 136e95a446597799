/**
 * Playback of a finished run, as state: the view starts empty, the server
 * re-emits the run's stored events on the live topic (`POST …/replay`), and
 * each frame of this playback (data `replay: true` and our `playbackId`; ids
 * `<liveId>:<playbackId>:<index>`) adds its messages or event, until as many
 * frames arrived as the server said it would send. Frames that arrive before
 * the server's answer names the playback are held, then kept if they are
 * ours. Pure: use-playback.ts drives it.
 */
import type { LiveFrame } from "../../live/live-connection";
import { deltaOfFrame } from "./run-data";
import { addFrame, emptyTranscript, type Transcript } from "./transcript-state";

/** The speeds offered, as the `play` query parameter says them. */
export const PLAY_SPEEDS = [
  { value: "1", speed: 1, label: "1×" },
  { value: "4", speed: 4, label: "4×" },
  { value: "instant", speed: 0, label: "Instant" },
] as const;

/** The server's speed for a `play` parameter (0 plays everything at once); undefined when it names none. */
export function playbackSpeed(parameter: string): number | undefined {
  return PLAY_SPEEDS.find((option) => option.value === parameter)?.speed;
}

/** True for a playback frame (never a live one). */
export function isPlaybackFrame(frame: LiveFrame): boolean {
  return (frame.data as { replay?: unknown }).replay === true || frame.id.split(":").length === 3;
}

/** The playback a frame belongs to. */
export function playbackIdOf(frame: LiveFrame): string | undefined {
  const named = (frame.data as { playbackId?: unknown }).playbackId;
  if (typeof named === "string") return named;
  const parts = frame.id.split(":");
  return parts.length === 3 ? parts[1] : undefined;
}

export type PlaybackPhase = "connecting" | "starting" | "playing" | "done" | "failed";

export interface PlaybackState {
  phase: PlaybackPhase;
  /** Counts restarts: a new playback at the same speed is a new one. */
  attempt: number;
  playbackId?: string;
  /** Frames the server will send, and the playback's length at this speed. */
  total?: number;
  durationMs?: number;
  received: number;
  transcript: Transcript;
  /** Playback frames that came before the server named the playback. */
  early: LiveFrame[];
  error?: string;
}

export type PlaybackAction =
  | { type: "restart" }
  | { type: "starting" }
  | { type: "started"; playbackId: string; events: number; durationMs: number }
  | { type: "frame"; frame: LiveFrame }
  | { type: "failed"; error: string };

/** At most this many early frames are held (a playback sends at most 10 000). */
const EARLY_LIMIT = 10_000;

export function initialPlayback(attempt = 0): PlaybackState {
  return { phase: "connecting", attempt, received: 0, transcript: emptyTranscript(false), early: [] };
}

export function playbackReducer(runId: string) {
  return (state: PlaybackState, action: PlaybackAction): PlaybackState => {
    switch (action.type) {
      case "restart":
        return initialPlayback(state.attempt + 1);
      case "starting":
        return state.phase === "connecting" ? { ...state, phase: "starting" } : state;
      case "failed":
        return { ...state, phase: "failed", error: action.error, early: [] };
      case "started": {
        let next: PlaybackState = {
          ...state,
          phase: "playing",
          playbackId: action.playbackId,
          total: action.events,
          durationMs: action.durationMs,
          early: [],
        };
        for (const frame of state.early) next = received(next, frame, runId);
        return settled(next);
      }
      case "frame": {
        if (!isPlaybackFrame(action.frame) || state.phase === "failed" || state.phase === "done") return state;
        if (state.playbackId === undefined) {
          return state.early.length >= EARLY_LIMIT ? state : { ...state, early: [...state.early, action.frame] };
        }
        return settled(received(state, action.frame, runId));
      }
      default:
        return action satisfies never;
    }
  };
}

function received(state: PlaybackState, frame: LiveFrame, runId: string): PlaybackState {
  if (playbackIdOf(frame) !== state.playbackId) return state;
  return { ...state, received: state.received + 1, transcript: addFrame(state.transcript, deltaOfFrame(frame, runId)) };
}

function settled(state: PlaybackState): PlaybackState {
  return state.phase === "playing" && state.total !== undefined && state.received >= state.total
    ? { ...state, phase: "done" }
    : state;
}

/** 0…1: how far the playback is. */
export function playbackProgress(state: PlaybackState): number {
  if (state.phase === "done") return 1;
  if (!state.total) return 0;
  return Math.min(1, state.received / state.total);
}
