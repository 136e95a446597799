/**
 * Play back a finished run at 1×, 4× or instantly (`?play=` holds the speed,
 * so a playback is a link), stop and go back to the whole run, and how far
 * the playback is. The phase is announced politely; the count is not (it
 * changes with every frame).
 */
import { count, duration } from "../../components/format";
import { PLAY_SPEEDS, type PlaybackState, playbackProgress } from "./playback";

export function PlaybackControls(props: {
  play: string;
  setPlay: (value: string) => void;
  state: PlaybackState | undefined;
  restart: () => void;
}) {
  const { play, state } = props;
  const active = state !== undefined && play !== "";
  const label = PLAY_SPEEDS.find((option) => option.value === play)?.label ?? "";
  return (
    <fieldset className="playback">
      <legend className="playback-label">Play back</legend>
      {PLAY_SPEEDS.map((option) => (
        <button
          key={option.value}
          type="button"
          aria-pressed={play === option.value}
          onClick={() => (play === option.value ? props.restart() : props.setPlay(option.value))}
          title={play === option.value ? "Play again from the start" : `Play back at ${option.label}`}
        >
          {option.value === "instant" ? "Instant" : `Play ${option.label}`}
        </button>
      ))}
      {active ? (
        <button type="button" onClick={() => props.setPlay("")}>
          Stop: show the whole run
        </button>
      ) : null}
      {active && state ? (
        <div className="playback-progress" data-phase={state.phase}>
          <progress max={1} value={playbackProgress(state)} aria-label="Playback progress" />
          <span className="muted">
            {state.total === undefined ? null : `${count(state.received)} of ${count(state.total)} events`}
            {state.durationMs ? ` · ${duration(state.durationMs)} at ${label}` : null}
          </span>
          <span role="status" aria-live="polite" className={state.phase === "failed" ? "form-error" : "playback-phase"}>
            {phaseText(state, label)}
          </span>
        </div>
      ) : null}
    </fieldset>
  );
}

function phaseText(state: PlaybackState, label: string): string {
  switch (state.phase) {
    case "connecting":
      return "Connecting to the live stream…";
    case "starting":
      return "Starting…";
    case "playing":
      return `Playing at ${label}`;
    case "done":
      return "Playback finished";
    case "failed":
      return `Playback failed: ${state.error ?? "unknown error"}`;
    default:
      return state.phase satisfies never;
  }
}
