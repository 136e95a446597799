import type { Agent, AgentInput } from "../../domain/agent.js";
import { countNoun } from "../../domain/count-noun.js";
import { type Check, isCheck } from "../../domain/criteria.js";
import type { JudgeResult } from "../../domain/result.js";
import { AgentRole } from "../../domain/roles.js";
import { DEFAULT_MAX_TURNS } from "../../domain/scenario.js";
import { evaluateChecks } from "../../engine/evaluate-checks.js";

/** Options of `deterministicJudge`. */
export interface DeterministicJudgeOptions {
  /** The checks to grade. */
  criteria: Check[];
  /** End the run as soon as every check is met (default false: wait for a verdict request or the last turn). */
  finishWhenMet?: boolean;
  name?: string;
}

/**
 * A judge that needs no model: it grades deterministic checks. It gives its
 * verdict when asked (`judge()`, the max-turns hook), on the last allowed
 * turn, or — with `finishWhenMet` — as soon as every check holds. Asked about
 * natural-language criteria, it answers `skipped` and says which judge to add.
 *
 * @example
 * ```ts
 * agents: [myAgent, deterministicJudge({ criteria: [toolCalled("refund"), responseNotContains("SSN")] })]
 * ```
 */
export function deterministicJudge(options: DeterministicJudgeOptions): Agent & { criteria: Check[] } {
  const criteria = [...options.criteria];
  const bad = criteria.findIndex((criterion) => !isCheck(criterion));
  if (bad >= 0) {
    throw new TypeError(
      `deterministicJudge: criteria[${bad}] is not a check; use toolCalled(), responseContains(), check(), … (natural-language criteria need judgeAgent({ model }))`,
    );
  }
  return {
    name: options.name ?? "DeterministicJudge",
    role: AgentRole.JUDGE,
    criteria,
    async call(input: AgentInput): Promise<JudgeResult | null> {
      const written = input.judgmentRequest?.criteria ?? [];
      if (written.length > 0) {
        return {
          success: false,
          status: "skipped",
          reasoning: `deterministicJudge cannot grade natural-language criteria (${written.join("; ")}); add judgeAgent({ model }) to the agents, or set defaultModel`,
          metCriteria: [],
          unmetCriteria: [],
        };
      }
      const maxTurns = input.scenarioConfig.maxTurns ?? DEFAULT_MAX_TURNS;
      const lastTurn = input.scenarioState.currentTurn >= maxTurns - 1;
      const verdict = await evaluateChecks(criteria, input.scenarioState);
      const allMet = verdict.unmet.length === 0;
      if (!input.judgmentRequest && !lastTurn && !(options.finishWhenMet && allMet)) return null;
      return {
        success: allMet,
        reasoning: allMet
          ? `${criteria.length > 1 ? "All " : ""}${countNoun(criteria.length, "check")} met`
          : `Unmet: ${verdict.reasons.join("; ")}`,
        metCriteria: verdict.met,
        unmetCriteria: verdict.unmet,
      };
    },
  };
}
