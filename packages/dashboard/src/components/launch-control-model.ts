/**
 * The launch controls without React: who sees them (a launched batch or
 * run, something left to control, a caller holding `runs:launch`), and what
 * a control did or why it was refused, in words (the server's 409 codes:
 * `not_controllable` for SDK-reported runs, `already_settled`).
 */

export type ControlAction = "pause" | "resume" | "stop";
export type ControlTargetType = "batch" | "run";

/** What the server accepted: the desired state and the queued runs a stop removed. */
export interface ControlOutcome {
  desiredState: "active" | "paused" | "stopped";
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

/** Whether the controls show: launched by the server (`source: "server"`), not all settled, and the caller may launch. */
export function controllable(options: {
  source: string | undefined;
  permissions: readonly string[];
  unsettled: boolean;
}): boolean {
  return options.source === "server" && options.unsettled && options.permissions.includes(LAUNCH_PERMISSION);
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
