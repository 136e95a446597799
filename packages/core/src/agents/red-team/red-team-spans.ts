/**
 * The red-team attacker's spans (spec §5.4, §5.9): `red_team.call` around
 * each attack turn and `red_team.generate_attack_plan` around the metaprompt
 * call, with the reference's `red_team.*` attributes. Made through `inSpan`,
 * so they cost nothing when tracing is not set up; the attacker's model calls
 * (`chat <model>`) become their children.
 */

import type { Span } from "@opentelemetry/api";
import { ATTR_CONVERSATION_ID, ATTR_THREAD_ID } from "../../telemetry/attributes.js";
import type { AttackerOutput, RedTeamStrategy } from "./contracts.js";

/** Span around one attack turn of a red-team agent. */
export const RED_TEAM_CALL_SPAN = "red_team.call";
/** Span around the metaprompt call that writes the attack plan. */
export const RED_TEAM_PLAN_SPAN = "red_team.generate_attack_plan";

/** How much of the attacker's free-text reasoning a span keeps. */
const REASONING_LIMIT = 500;

type Attributes = Record<string, string | number | boolean | string[]>;

/** What a `red_team.call` span starts with. */
export interface AttackCallFacts {
  /** The 0-based attack turn (`currentTurn`), as in the report. */
  turn: number;
  totalTurns: number;
  strategy: RedTeamStrategy;
  target: string;
  threadId: string;
}

/**
 * The attributes a `red_team.call` span starts with: the turn, the total,
 * `red_team.progress` (`min(turn, total) / total`, 0 without turns), the
 * strategy's class name and the target; the thread ids, as on every Rehearse span.
 */
export function attackCallAttributes(facts: AttackCallFacts): Attributes {
  const { turn, totalTurns } = facts;
  return {
    "red_team.turn": turn,
    "red_team.total_turns": totalTurns,
    "red_team.progress": totalTurns === 0 ? 0 : Math.min(turn, totalTurns) / totalTurns,
    "red_team.strategy": strategyClassName(facts.strategy),
    "red_team.target": facts.target,
    [ATTR_THREAD_ID]: facts.threadId,
    [ATTR_CONVERSATION_ID]: facts.threadId,
  };
}

/** What one attack turn did, for its span. */
export interface AttackTurnFacts {
  turn: number;
  totalTurns: number;
  strategy: RedTeamStrategy;
  didBacktrack: boolean;
  backtracksRemaining: number;
  /** The score of the target's last reply, when it was scored this turn. */
  score: number | undefined;
  output: AttackerOutput;
  parseFailures: number;
  chosenTechniqueIds: string[];
  /** The encoding applied to the attack, if any. */
  encoding: string | undefined;
}

/** Sets what the turn did on its `red_team.call` span (nothing without a span). */
export function recordAttackTurn(span: Span | undefined, facts: AttackTurnFacts): void {
  if (!span) return;
  const { strategy, output } = facts;
  const attributes: Attributes = {
    "red_team.did_backtrack": facts.didBacktrack,
    "red_team.backtracks_remaining": facts.backtracksRemaining,
    [(strategy.phaseKind ?? "staged") === "staged" ? "red_team.phase" : "red_team.progress_bucket"]: strategy.getPhaseName(
      facts.turn,
      facts.totalTurns,
    ),
    "red_team.reasoning.observation": output.observation.slice(0, REASONING_LIMIT),
    "red_team.reasoning.strategy": output.strategy.slice(0, REASONING_LIMIT),
    "red_team.reasoning.parse_failed": output.parseFailed,
    "red_team.parse_failure_count": facts.parseFailures,
    "red_team.chosen_technique_ids": facts.chosenTechniqueIds,
  };
  if (facts.score !== undefined) attributes["red_team.last_response_score"] = facts.score;
  if (facts.encoding) attributes["red_team.injection.technique"] = facts.encoding;
  span.setAttributes(attributes);
}

/** The attributes of a `red_team.generate_attack_plan` span, before the metaprompt model is resolved. */
export function attackPlanAttributes(strategy: RedTeamStrategy, threadId: string): Attributes {
  return {
    "red_team.strategy": strategyClassName(strategy),
    [ATTR_THREAD_ID]: threadId,
    [ATTR_CONVERSATION_ID]: threadId,
  };
}

/** The strategy's class name (`CrescendoStrategy`), as the reference reports it. */
function strategyClassName(strategy: RedTeamStrategy): string {
  return Object.getPrototypeOf(strategy)?.constructor?.name ?? "custom";
}
