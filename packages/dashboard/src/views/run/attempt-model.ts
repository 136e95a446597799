/**
 * A launched run's attempts (`GET /api/v1/runs/{id}/attempts`) without
 * React: each attempt's badge (an `interrupted` attempt, whose worker died or
 * shut down, stands out like a stalled run), and whether the page should
 * ask again because the run settled before its worker ended the attempt.
 */
import type { Schemas } from "../../api/client";
import type { BadgeStatus } from "../../components/status-badge";

export type Attempt = Schemas["RunAttempts"]["attempts"][number];

const OUTCOME_BADGES: Record<string, BadgeStatus> = {
  finished: "none",
  cancelled: "cancelled",
  interrupted: "stalled",
  failed: "error",
  skipped: "skipped",
  deferred: "queued",
};

/** The badge of an attempt: its outcome in words, coloured by what it means for the run. */
export function attemptBadge(attempt: Attempt): { status: BadgeStatus; label: string } {
  if (attempt.outcome === null)
    return attempt.endedAt === null ? { status: "running", label: "in progress" } : { status: "none", label: "—" };
  return { status: OUTCOME_BADGES[attempt.outcome] ?? "none", label: attempt.outcome };
}

/** Whether an attempt is still open although the run settled (its worker ends it just after the run's last event). */
export function awaitingOutcome(attempts: readonly Attempt[], runSettled: boolean): boolean {
  return runSettled && attempts.some((attempt) => attempt.endedAt === null);
}
