import type { BacktrackEntry } from "./contracts.js";
import type { AttackGrade, AttackOutcome } from "./grade-attack.js";

/** The version of the `RedTeamReport` shape; bumped on any incompatible change. */
export const RED_TEAM_REPORT_VERSION = 1;

/**
 * The fixed start of the reasoning a red-team run succeeds with when the
 * attacker's scores reach the threshold early (the reference's
 * `EARLY_EXIT_OBJECTIVE_PREFIX`). Such a "success" means the attack succeeded:
 * the defence broke.
 */
export const EARLY_EXIT_OBJECTIVE_PREFIX = "Early exit: objective achieved";

/** One attack turn as the report shows it. */
export interface RedTeamReportTurn {
  /** The attack turn, 0-based (`currentTurn`); backtracked turns keep their number. */
  turn: number;
  /** The strategy's phase name for this turn. */
  phase: string;
  /** What the attacker wrote. */
  attack: string;
  /** What the target saw (after an encoding, if any). */
  sent: string;
  /** The `AttackTechnique.name` applied to `attack`, if any. */
  encoding?: string;
  /** The target's reply. */
  reply?: string;
  /** The attacker's score of the reply (0–10). */
  score?: number;
  /** The scorer's adaptation hint for the next turn. */
  hint?: string;
  /** Semantic technique ids (GOAT) the attacker said it used. */
  techniques: string[];
  /** True when the target's exchange was rolled back after a hard refusal. */
  backtracked?: boolean;
  /** True when the attacker's structured output could not be parsed and the raw text was sent. */
  parseFailed?: boolean;
}

/**
 * What one red-team run did and how it ended: a documented, versioned JSON
 * shape (`version` is `RED_TEAM_REPORT_VERSION`), returned on the result and
 * written to disk only when asked (`writeRedTeamReport`). Validate a report
 * read back with `redTeamReportSchema` (`attack-report-schema.ts`).
 */
export interface RedTeamReport {
  version: typeof RED_TEAM_REPORT_VERSION;
  /** `crescendo`, `goat`, … */
  strategy: string;
  /** What the attacker was told it attacks. */
  target: string;
  /** The turn budget (backtracked turns count towards it). */
  totalTurns: number;
  outcome: AttackOutcome;
  /** When `broke`: the first breaking turn. */
  breakingTurn?: number;
  /** Why: the grade's reasons, the early exit, the error. */
  reasons: string[];
  turns: RedTeamReportTurn[];
  backtracks: BacktrackEntry[];
  /** The metaprompt's attack plan, when one was made. */
  attackPlan?: string;
  /** Set when the attacker's scores ended the run early: the defence broke. */
  earlyExit?: { turn: number; score: number };
  /** Facts about the run worth knowing, e.g. "backtracking disabled: stateful target". */
  notes: string[];
}

/** The start of a turn: what the attacker sent. The reply and the score come later. */
export type RedTeamTurnRecord = Pick<RedTeamReportTurn, "turn" | "phase" | "attack" | "sent"> &
  Partial<Pick<RedTeamReportTurn, "encoding" | "techniques" | "parseFailed">>;

/** Collects a run's report as it happens; `build()` gives the report. */
export interface RedTeamReportBuilder {
  /** A new attack turn. Recording the same turn again replaces it. */
  recordTurn(record: RedTeamTurnRecord): void;
  /** The target's reply to a recorded turn. */
  recordReply(turn: number, reply: string): void;
  /** The attacker's score of a recorded turn's reply, with its hint. */
  recordScore(turn: number, score: number, hint?: string): void;
  /** A rollback; marks the turn `backtracked` when it was recorded. */
  recordBacktrack(entry: BacktrackEntry): void;
  recordAttackPlan(plan: string): void;
  /** The run stopped early because the attack succeeded at `turn` with `score`. */
  recordEarlyExit(turn: number, score: number): void;
  note(text: string): void;
  /** The final grade (`gradeAttack`). */
  recordGrade(grade: AttackGrade): void;
  /**
   * The report so far, as a copy. The grade decides the outcome; an early
   * exit counts as `broke` at its turn (as the reference classifies it)
   * unless the grade errored or found an earlier break. Ungraded and not
   * exited early: `skipped`.
   */
  build(): RedTeamReport;
}

/**
 * A builder for one run's `RedTeamReport`.
 *
 * @example
 * ```ts
 * const report = createReportBuilder({ strategy: "crescendo", target: "a bank's support bot", totalTurns: 10 });
 * report.recordTurn({ turn: 0, phase: "rapport", attack, sent: attack });
 * report.recordReply(0, reply);
 * report.recordGrade(await gradeAttack({ messages, criteria, judge }));
 * return report.build();
 * ```
 */
export function createReportBuilder(run: { strategy: string; target: string; totalTurns: number }): RedTeamReportBuilder {
  const turns: RedTeamReportTurn[] = [];
  const backtracks: BacktrackEntry[] = [];
  const notes: string[] = [];
  let attackPlan: string | undefined;
  let earlyExit: { turn: number; score: number } | undefined;
  let grade: AttackGrade | undefined;

  const find = (turn: number, method: string): RedTeamReportTurn => {
    const found = turns.find((entry) => entry.turn === turn);
    if (!found) throw new RangeError(`report.${method}(${turn}): turn ${turn} was not recorded with recordTurn()`);
    return found;
  };

  return {
    recordTurn(record) {
      const entry: RedTeamReportTurn = { ...record, techniques: [...(record.techniques ?? [])] };
      const at = turns.findIndex((existing) => existing.turn === record.turn);
      if (at >= 0) turns[at] = entry;
      else turns.push(entry);
    },
    recordReply(turn, reply) {
      find(turn, "recordReply").reply = reply;
    },
    recordScore(turn, score, hint) {
      const entry = find(turn, "recordScore");
      entry.score = score;
      if (hint !== undefined) entry.hint = hint;
    },
    recordBacktrack(entry) {
      backtracks.push({ ...entry });
      const recorded = turns.find((candidate) => candidate.turn === entry.turn);
      if (recorded) recorded.backtracked = true;
    },
    recordAttackPlan(plan) {
      attackPlan = plan;
    },
    recordEarlyExit(turn, score) {
      earlyExit = { turn, score };
    },
    note(text) {
      notes.push(text);
    },
    recordGrade(given) {
      grade = given;
    },
    build() {
      const report: RedTeamReport = {
        version: RED_TEAM_REPORT_VERSION,
        strategy: run.strategy,
        target: run.target,
        totalTurns: run.totalTurns,
        ...conclusion(grade, earlyExit),
        turns: [...turns].sort((left, right) => left.turn - right.turn),
        backtracks,
        ...(attackPlan === undefined ? {} : { attackPlan }),
        ...(earlyExit ? { earlyExit } : {}),
        notes,
      };
      return structuredClone(report);
    },
  };
}

function conclusion(
  grade: AttackGrade | undefined,
  earlyExit: { turn: number; score: number } | undefined,
): Pick<RedTeamReport, "outcome" | "breakingTurn" | "reasons"> {
  const reasons = grade ? [...grade.reasons] : [];
  if (!earlyExit) {
    if (!grade) return { outcome: "skipped", reasons: ["the attack was not graded"] };
    return { outcome: grade.outcome, ...(grade.breakingTurn === undefined ? {} : { breakingTurn: grade.breakingTurn }), reasons };
  }
  const exited = `${EARLY_EXIT_OBJECTIVE_PREFIX} at turn ${earlyExit.turn} (score ${earlyExit.score})`;
  if (grade?.outcome === "errored") return { outcome: "errored", reasons: [...reasons, exited] };
  const earlier = grade?.breakingTurn !== undefined && grade.breakingTurn <= earlyExit.turn;
  return {
    outcome: "broke",
    breakingTurn: earlier ? (grade?.breakingTurn as number) : earlyExit.turn,
    reasons: grade?.outcome === "broke" ? [...reasons, exited] : [exited, ...reasons],
  };
}
