/**
 * A run's outcome or lifecycle as a badge. `data-status` carries the meaning
 * (tests read it); the colour comes from the theme's `--status-*` variables
 * and the word is always written, so colour is never the only signal.
 */
export type BadgeStatus = "pass" | "fail" | "error" | "skipped" | "running" | "stalled" | "cancelled" | "queued" | "none";

/** The badge of a run: its outcome once settled, else its lifecycle state. */
export function runBadge(run: { status?: string | null; state?: string | null }): BadgeStatus {
  if (run.status === "pass" || run.status === "fail" || run.status === "error" || run.status === "skipped") return run.status;
  if (run.state === "running" || run.state === "stalled" || run.state === "cancelled" || run.state === "queued") return run.state;
  // a launched run whose worker died waits for its next attempt (the run view names the state beside the badge)
  if (run.state === "interrupted") return "queued";
  return "none";
}

/** The last batch in one word: error or fail when any run did, running while any runs, pass when any passed, else skipped. */
export function batchBadge(counts: { pass: number; fail: number; error: number; running: number; skipped: number }): BadgeStatus {
  if (counts.error > 0) return "error";
  if (counts.fail > 0) return "fail";
  if (counts.running > 0) return "running";
  if (counts.pass > 0) return "pass";
  return counts.skipped > 0 ? "skipped" : "none";
}

const LABELS: Record<BadgeStatus, string> = {
  pass: "pass",
  fail: "fail",
  error: "error",
  skipped: "skipped",
  running: "running",
  stalled: "stalled",
  cancelled: "cancelled",
  queued: "queued",
  none: "—",
};

export function StatusBadge(props: { status: BadgeStatus; label?: string }) {
  return (
    <span className="badge" data-status={props.status}>
      {props.label ?? LABELS[props.status]}
    </span>
  );
}

/** Failure first: error, fail, stalled, running, queued, cancelled, skipped, pass. */
export const STATUS_ORDER: Record<BadgeStatus, number> = {
  error: 0,
  fail: 1,
  stalled: 2,
  running: 3,
  queued: 4,
  cancelled: 5,
  skipped: 6,
  none: 7,
  pass: 8,
};
