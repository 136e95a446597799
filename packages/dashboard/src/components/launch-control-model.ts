/**
 * The launch controls without React: what they show (the control state the
 * API reports — `control` on a batch, `launch.control` on a run, null when
 * the SDK reported it — and the buttons that apply to it, for a caller
 * holding `runs:launch`), and what a control did or why it was refused, in
 * words (the server's 409 codes: `not_controllable` for SDK-reported runs,
 * `already_settled`).
 */

export type ControlAction = "pause" | "resume" | "stop";
export type ControlTargetType = "batch" | "run";
/** A launched batch's or run's control state, as the API reports it. */
export type ControlState = "active" | "paused" | "stopped";

/** What the server accepted: the desired state and the queued runs a stop removed. */
export interface ControlOutcome {
  desiredState: ControlState;
  cancelled: readonly string[];
}

/** A refused control: the HTTP status, the problem's code and its detail. */
export interface ControlFailure {
  status: number | undefined;
  code: string | undefined;
  message: string;
}

/** The permission the control routes ask for (admins and operators hold it). */
export const LAUNCH_PERMISSION = "runs:launch";

/** The states worth saying beside the buttons (active is the usual case, so it goes unsaid). */
export const STATE_LABELS = { paused: "Paused", stopped: "Stopped" } as const;

/** What the controls show: the buttons that apply now, and the state to say, if any. */
export interface ControlView {
  actions: readonly ControlAction[];
  state: keyof typeof STATE_LABELS | undefined;
}

/**
 * Pause while active, Resume while paused, Stop until stopped; nothing once
 * every run settled, nor to a caller without `runs:launch`, nor for an
 * SDK-reported batch or run (`control` null). Stopped stays said after the
 * runs settle (it says why they were cancelled); paused only while runs wait.
 */
export function controlView(options: {
  control: ControlState | null;
  unsettled: boolean;
  permissions: readonly string[];
}): ControlView {
  const { control, unsettled } = options;
  if (control === null) return { actions: [], state: undefined };
  const state = control === "stopped" || (control === "paused" && unsettled) ? control : undefined;
  if (!unsettled || control === "stopped" || !options.permissions.includes(LAUNCH_PERMISSION)) return { actions: [], state };
  return { actions: control === "paused" ? ["resume", "stop"] : ["pause", "stop"], state };
}

/** A control the server accepted: the state it was sent against and the one it asked for. */
export interface AcceptedControl {
  from: ControlState | null;
  to: ControlState;
}

/**
 * The state to go by: what the last accepted control asked for, until the
 * reported state moves off the one it was sent against (the refetch after
 * the control arrived, or anyone's later change), so the buttons follow a
 * control at once rather than after the refetch.
 */
export function currentControl(reported: ControlState | null, accepted: AcceptedControl | undefined): ControlState | null {
  return accepted && reported !== null && accepted.from === reported ? accepted.to : reported;
}

/** Runs of a batch not yet settled: waiting for a worker, running, or gone quiet. */
export function unsettledCount(counts: { queued: number; running: number; stalled: number }): number {
  return counts.queued + counts.running + counts.stalled;
}

const PAST: Record<ControlAction, string> = { pause: "paused", resume: "resumed", stop: "stopped" };

/** What an accepted control means now, for a batch or a run. */
export function outcomeText(type: ControlTargetType, outcome: ControlOutcome): string {
  const removed = outcome.cancelled.length;
  switch (outcome.desiredState) {
    case "paused":
      return type === "batch"
        ? "Paused: runs not yet started stay queued; running ones finish."
        : "Paused: the run holds at its next turn.";
    case "active":
      return type === "batch" ? "Resumed: queued runs start again." : "Resumed.";
    case "stopped":
      if (type === "run") return removed > 0 ? "Stopped before it started." : "Stopped: the run is being aborted.";
      return removed > 0
        ? `Stopped: ${removed} queued ${removed === 1 ? "run" : "runs"} removed; running ones are being aborted.`
        : "Stopped: running runs are being aborted.";
    default:
      return outcome.desiredState satisfies never;
  }
}

/** Why a control was refused, starting with what did not happen ("Not stopped: …"). */
export function failureText(action: ControlAction, type: ControlTargetType, failure: ControlFailure): string {
  const lead = `Not ${PAST[action]}:`;
  if (failure.code === "not_controllable")
    return `${lead} this ${type} was reported by an SDK run, not launched by this server, so it cannot be controlled.`;
  if (failure.code === "already_settled") return `${lead} this ${type} has already finished.`;
  if (failure.status === 403) return `${lead} your role may not control runs.`;
  return `${lead} ${failure.message}`;
}
