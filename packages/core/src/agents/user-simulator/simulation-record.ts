import type { GoalStatus } from "./goal-reply.js";
import { REALISM_CHECKS, type RealismCheck, type RealismVerdict } from "./realism-checks.js";

declare module "../../domain/event.js" {
  interface DomainEventMap {
    /** A simulated user with a goal took a turn: where it stands with its goal (decision 0047). */
    user_goal_status: { actor: "user"; status: GoalStatus; progress: boolean; why: string; promptVersion: string };
    /** The realism checks of one simulated turn (`userSimulatorAgent({ realismChecks })`). */
    user_realism_check: { actor: "system"; promptVersion: string } & RealismVerdict;
    /** A user simulator's run ended: its report (`result.reports.UserSimulatorAgent`), emitted before `SCENARIO_RUN_FINISHED`. */
    user_simulator_report: { actor: "system"; report: UserSimulatorReport };
  }
}

/** One simulated turn in the report. */
export interface SimulatedTurn {
  /** The run's turn (0-based) the message was written in. */
  turn: number;
  /** With a goal: its status after this turn, whether the agent's last reply helped, and why. */
  goal?: { status: GoalStatus; progress: boolean; why: string };
  /** With `realismChecks`: this turn's checks. */
  realism?: RealismVerdict;
}

/** The realism checks over a run: how many turns passed, failed, erred or were skipped, and per check. */
export interface RealismSummary {
  /** `error` if any turn's grader erred, else `fail` if any check failed, else `skipped` if any was skipped, else `pass`. */
  status: RealismVerdict["status"];
  turns: number;
  passed: number;
  failed: number;
  errors: number;
  skipped: number;
  /** Turns each check failed on. */
  failures: Record<RealismCheck, number>;
  /** Why checks were skipped (the setting to add), when they were. */
  reason?: string;
}

/**
 * A user simulator's report on a run (`result.reports[<its name>]`): the
 * prompt version (show it in run diffs: a changed simulator is a new
 * version), the goal's final status, each simulated turn, and the realism
 * checks' summary.
 */
export interface UserSimulatorReport {
  /** The effective prompt template's version (`simulatorPromptVersion`). */
  promptVersion: string;
  /** With a goal: how it ended (`pursuing` when the run ended first), at which turn, and why. */
  goal?: { status: GoalStatus; why: string; turn: number };
  turns: SimulatedTurn[];
  realism?: RealismSummary;
}

/** What a simulator remembers about one run (kept per run state, dropped with it). */
export class SimulationRecord {
  readonly turns: SimulatedTurn[] = [];
  /** Agent replies in a row that did not move the user closer to the goal. */
  stalled = 0;
  goal: UserSimulatorReport["goal"];

  constructor(readonly promptVersion: string) {}

  /** The report of the run so far (a fresh object). */
  report(): UserSimulatorReport {
    const report: UserSimulatorReport = { promptVersion: this.promptVersion, turns: this.turns.map((turn) => ({ ...turn })) };
    if (this.goal) report.goal = { ...this.goal };
    const graded = this.turns.flatMap((turn) => (turn.realism ? [turn.realism] : []));
    if (graded.length > 0) report.realism = summarise(graded);
    return report;
  }
}

/** The run-level summary of the turns' realism verdicts. */
export function summarise(verdicts: readonly RealismVerdict[]): RealismSummary {
  const count = (status: RealismVerdict["status"]) => verdicts.filter((verdict) => verdict.status === status).length;
  const failures = Object.fromEntries(REALISM_CHECKS.map((check) => [check, 0])) as Record<RealismCheck, number>;
  for (const verdict of verdicts) for (const grade of verdict.grades) if (!grade.pass) failures[grade.check]++;
  const summary: RealismSummary = {
    status: "pass",
    turns: verdicts.length,
    passed: count("pass"),
    failed: count("fail"),
    errors: count("error"),
    skipped: count("skipped"),
    failures,
  };
  summary.status = summary.errors > 0 ? "error" : summary.failed > 0 ? "fail" : summary.skipped > 0 ? "skipped" : "pass";
  const reason = verdicts.find((verdict) => verdict.status === "skipped" || verdict.status === "error")?.reason;
  if (reason) summary.reason = reason;
  return summary;
}
