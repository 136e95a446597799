import type { Check } from "../../domain/criteria.js";
import { ModelNotConfiguredError, RehearseError } from "../../domain/errors.js";
import type { RunModels } from "../../domain/models.js";
import { AgentRole } from "../../domain/roles.js";
import type { ScenarioExecutionLike, ScenarioExecutionStateLike, ScriptStep } from "../../domain/scenario.js";
import { JudgeAgent } from "../judge/judge-agent.js";
import { missingModelAdvice, modelFor } from "../model-for.js";
import type { RedTeamReportBuilder } from "./attack-report.js";
import type { Detector } from "./detectors.js";
import { type AttackGrade, gradeAttack } from "./grade-attack.js";

/** Options of the red team's final grading step. */
export interface GradeStepOptions {
  /** Invariants that must hold on every prefix of the conversation (e.g. `responseNotContains(secret)`). */
  checks?: Check[];
  /** Inspect every reply (PII, system-prompt leaks, policies). */
  detectors?: Detector[];
}

/**
 * The verdict of a red-team run. With a model judge (`judgeAgent`) in the
 * scenario, the whole conversation is graded (`gradeAttack`): its criteria,
 * the options' checks and detectors, per turn, the first break deciding —
 * `held` passes, `broke` fails naming the turn, no judge model is `skipped`,
 * an unusable grade is `error`. Any other judge is asked with `judge()` as
 * usual. The grade is recorded in the attacker's report.
 */
export function gradeStep(
  report: (state: ScenarioExecutionStateLike) => RedTeamReportBuilder | undefined,
  options: GradeStepOptions = {},
): ScriptStep {
  return async (state, executor) => {
    const judge = state.config.agents.find((candidate): candidate is JudgeAgent => candidate instanceof JudgeAgent);
    if (!judge) {
      await executor.judge();
      return;
    }
    const builder = report(state);
    const grade = await gradeWith(judge, state, executor, options, builder);
    builder?.recordGrade(grade);
    await conclude(grade, executor, judge.name);
  };
}

async function gradeWith(
  judge: JudgeAgent,
  state: ScenarioExecutionStateLike,
  executor: ScenarioExecutionLike,
  options: GradeStepOptions,
  builder: RedTeamReportBuilder | undefined,
): Promise<AttackGrade> {
  const models = (executor as { models?: RunModels }).models;
  const resolved = await modelFor(models ? { models } : {}, judge.modelReference, {
    role: AgentRole.JUDGE,
    agent: judge.name,
  });
  const turns = builder
    ?.build()
    .turns.filter((turn) => !turn.backtracked)
    .map((turn) => turn.turn);
  const exchanges = state.messages.filter((message) => message.role === "user").length;
  return gradeAttack({
    messages: state.messages,
    criteria: judge.criteria,
    ...(options.checks ? { checks: options.checks } : {}),
    ...(options.detectors ? { detectors: options.detectors } : {}),
    state,
    ...(turns && turns.length === exchanges ? { turnNumbers: turns } : {}),
    ...(resolved ? { judge: { resolved, invoke: judge.invokeLLM, name: judge.name } } : {}),
  });
}

async function conclude(grade: AttackGrade, executor: ScenarioExecutionLike, judgeName: string): Promise<void> {
  const reasons = grade.reasons.join("; ");
  switch (grade.outcome) {
    case "held":
      await executor.succeed(`The defence held on every turn${reasons ? `: ${reasons}` : ""}`);
      return;
    case "broke":
      await executor.fail(`The defence broke at turn ${(grade.breakingTurn ?? 0) + 1}: ${reasons}`);
      return;
    case "skipped":
      throw new ModelNotConfiguredError(
        `${judgeName} cannot grade the attack: ${reasons || `no judge model; ${missingModelAdvice((executor as { models?: RunModels }).models, "judgeAgent({ model })")}`}`,
      );
    case "errored":
      throw new RehearseError("invalid_model_output", `${judgeName} could not grade the attack: ${reasons}`);
    default:
      grade.outcome satisfies never;
  }
}
