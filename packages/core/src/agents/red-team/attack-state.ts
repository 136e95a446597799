/**
 * What one red-team run remembers between its attack turns. It lives in a
 * `WeakMap` keyed by the run's `scenarioState`, so one agent object can serve
 * any number of concurrent runs without mixing them, and a run's state is
 * collected with the run. Nothing here is shared between runs.
 */

import { type ModelMessage, messageText } from "../../domain/messages.js";
import type { ScenarioExecutionStateLike } from "../../domain/scenario.js";
import { createReportBuilder, type RedTeamReportBuilder } from "./attack-report.js";
import type { BacktrackEntry } from "./contracts.js";

/**
 * One message of the attacker's private conversation (H_attacker). The
 * attacker's own outputs are `assistant`; the target's replies and the
 * `[SCORE]`, `[BACKTRACKED]` and `[INJECTED …]` markers are `user`: some
 * providers reject `system` messages in the middle of a conversation, and
 * the strategies' prompts tell the attacker what the markers mean.
 */
export interface AttackerMessage {
  role: "user" | "assistant";
  content: string;
}

/** An attack sent to the target and not yet answered. */
export interface PendingAttack {
  /** The 0-based attack turn (`currentTurn` when it was written). */
  turn: number;
  /** What the target was sent (encoded, if an encoding was applied). */
  sent: string;
}

/** The per-run memory of a red-team attacker. */
export interface AttackState {
  /** H_attacker without its system prompt (rebuilt each turn). */
  readonly history: AttackerMessage[];
  /** Score of the target's reply, by the attack turn it answered. Backtracked turns score 0. */
  readonly scores: Map<number, { score: number; hint: string }>;
  backtracksRemaining: number;
  /** The target keeps its own history (declared, or detected on the run's first attack): no backtracking. */
  statefulTarget: boolean;
  readonly backtracks: BacktrackEntry[];
  /** Attacker outputs a structured strategy could not parse. */
  parseFailures: number;
  /** Scorer calls that failed or answered malformed JSON (each scored 0 and noted in the report). */
  scorerFailures: number;
  /** The last attack, until the target's reply to it has been read. */
  pending: PendingAttack | undefined;
  readonly report: RedTeamReportBuilder;
}

/** How a run's state starts. */
export interface AttackStateSeed {
  strategy: string;
  target: string;
  totalTurns: number;
  maxBacktracks: number;
  /** Facts every run's report starts with (ignored options, disabled backtracking). */
  notes: readonly string[];
}

/**
 * The run states of one agent. `for(state)` gives the run's state, creating
 * it on the run's first attack; `peek` never creates. `latest` remembers the
 * last run seen (weakly), for callers that do not pass a state.
 */
export class AttackStates {
  private readonly states = new WeakMap<ScenarioExecutionStateLike, AttackState>();
  private latestRun: WeakRef<ScenarioExecutionStateLike> | undefined;

  constructor(private readonly seed: AttackStateSeed) {}

  /** The run's state, created fresh on the run's first call. */
  for(run: ScenarioExecutionStateLike): AttackState {
    this.latestRun = new WeakRef(run);
    let state = this.states.get(run);
    if (!state) {
      state = createAttackState(this.seed);
      this.states.set(run, state);
    }
    return state;
  }

  /** The run's state if it has one; never creates one. */
  peek(run: ScenarioExecutionStateLike): AttackState | undefined {
    return this.states.get(run);
  }

  /** The last run this agent attacked in, while that run is alive. */
  latest(): ScenarioExecutionStateLike | undefined {
    return this.latestRun?.deref();
  }
}

function createAttackState(seed: AttackStateSeed): AttackState {
  const report = createReportBuilder({ strategy: seed.strategy, target: seed.target, totalTurns: seed.totalTurns });
  for (const note of seed.notes) report.note(note);
  return {
    history: [],
    scores: new Map(),
    backtracksRemaining: seed.maxBacktracks,
    statefulTarget: false,
    backtracks: [],
    parseFailures: 0,
    scorerFailures: 0,
    pending: undefined,
    report,
  };
}

/**
 * True when the last `confirmTurns` scored attack turns (counting back from
 * the latest, with no gaps) all reached `successScore`. `null` disables it.
 */
export function objectiveReached(state: AttackState | undefined, successScore: number | null, confirmTurns: number): boolean {
  if (!state || successScore === null || state.scores.size === 0) return false;
  const latest = Math.max(...state.scores.keys());
  for (let turn = latest; turn > latest - confirmTurns; turn--) {
    const entry = state.scores.get(turn);
    if (!entry || entry.score < successScore) return false;
  }
  return true;
}

/**
 * Records the target's reply to the run's last attack in its report, if it
 * has replied. The attacker reads a reply only when it writes the next
 * attack, so without this the final reply of a run would be missing.
 */
export function settleReport(run: AttackState, messages: readonly ModelMessage[]): void {
  const exchange = run.pending ? lastExchange(messages) : undefined;
  if (run.pending && exchange?.reply && exchange.attack === run.pending.sent) {
    run.report.recordReply(run.pending.turn, exchange.reply);
  }
}

/**
 * The last exchange of the conversation: the last user message (the attack
 * as the target saw it) and the text of every assistant message after it
 * (an agent may answer with several, around tool calls).
 */
export function lastExchange(
  messages: readonly ModelMessage[],
): { userIndex: number; attack: string; reply: string } | undefined {
  const userIndex = messages.findLastIndex((message) => message.role === "user");
  if (userIndex < 0) return undefined;
  const reply = messages
    .slice(userIndex + 1)
    .filter((message) => message.role === "assistant")
    .map((message) => messageText(message).trim())
    .filter(Boolean)
    .join("\n\n");
  return { userIndex, attack: messageText(messages[userIndex] as (typeof messages)[number]), reply };
}
