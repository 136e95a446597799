/**
 * The marathon script (spec §5.6): `totalTurns` attack/reply pairs with an
 * early-exit check after each reply, then the final checks and a verdict.
 */

import type { ScenarioExecutionStateLike, ScriptStep } from "../../domain/scenario.js";
import { agent, user } from "../../script/steps.js";
import { JudgeAgent } from "../judge/judge-agent.js";
import { EARLY_EXIT_OBJECTIVE_PREFIX, type RedTeamReportBuilder } from "./attack-report.js";
import { type GradeStepOptions, gradeStep } from "./grade-step.js";

/** Extra steps for a marathon script. */
export interface MarathonScriptOptions {
  /** Run after every turn's reply (and after the early-exit check). */
  checks?: ScriptStep[];
  /** Run once at the end, and also right before an early exit. */
  finalChecks?: ScriptStep[];
  /** Invariants and detectors for the whole-conversation grade (with a `judgeAgent` in the scenario). */
  grade?: GradeStepOptions;
}

/** What the script needs from the attacker. */
export interface MarathonAttacker {
  readonly totalTurns: number;
  /** `null` disables early exit. */
  readonly successScore: number | null;
  readonly successConfirmTurns: number;
  /** True once the run's last `successConfirmTurns` scored turns all reached `successScore`. */
  checkEarlyExit(state: ScenarioExecutionStateLike): boolean;
  /** Called once when the check fires, before the final checks (the attacker records it in its report). */
  onEarlyExit?(state: ScenarioExecutionStateLike): void;
  /** The run's report builder, where the final grade is recorded. */
  reportBuilderFor?(state: ScenarioExecutionStateLike): RedTeamReportBuilder | undefined;
}

/**
 * Builds the steps: for each of `totalTurns` turns, `user()`, `agent()`, the
 * early-exit check (unless `successScore` is `null`) and `checks`; then
 * `finalChecks` and `judge()`. `totalTurns` is a hard cap: backtracked turns
 * count. A reply is scored when the next attack is written, so the check
 * after turn N sees scores up to the reply of turn N − 1.
 */
export function marathonScript(attacker: MarathonAttacker, options: MarathonScriptOptions = {}): ScriptStep[] {
  const { checks = [], finalChecks = [] } = options;
  const steps: ScriptStep[] = [];
  const verdict = gradeStep((state) => attacker.reportBuilderFor?.(state), options.grade);
  const earlyExit = attacker.successScore === null ? undefined : earlyExitStep(attacker, finalChecks, verdict);
  for (let turn = 0; turn < attacker.totalTurns; turn++) {
    steps.push(user(), agent());
    if (earlyExit) steps.push(earlyExit);
    steps.push(...checks);
  }
  steps.push(...finalChecks, verdict);
  return steps;
}

function earlyExitStep(attacker: MarathonAttacker, finalChecks: readonly ScriptStep[], verdict: ScriptStep): ScriptStep {
  // With a model judge, the attacker's own scores only end the attack: the whole-conversation
  // grade decides (docs/decisions/0013). Otherwise, as the reference: the reasoning starts with
  // EARLY_EXIT_OBJECTIVE_PREFIX verbatim, which reports classify as broke.
  return async (state, executor) => {
    if (!attacker.checkEarlyExit(state)) return;
    attacker.onEarlyExit?.(state);
    for (const check of finalChecks) await check(state, executor);
    if (state.config.agents.some((candidate) => candidate instanceof JudgeAgent)) return verdict(state, executor);
    await executor.succeed(
      `${EARLY_EXIT_OBJECTIVE_PREFIX} on turn ${state.currentTurn} ` +
        `(score >= ${attacker.successScore} for ${attacker.successConfirmTurns} consecutive turns)`,
    );
  };
}
