/**
 * The red-team tab's figures from the run's events: a `red_team_report`
 * (Crescendo, GOAT, …: one row per attack turn with its phase, score 0–10
 * and whether it was backtracked) or a `red_team_tap` search (one row per
 * depth: the best score reached there). The headline says whether the
 * defence held or broke, and at which turn.
 */
import type { RunEvent } from "./run-data";

export type AttackOutcome = "held" | "broke" | "errored" | "skipped";

export interface AttackTurn {
  turn: number;
  phase: string;
  /** 0–10; undefined when the reply was not scored. */
  score?: number;
  backtracked: boolean;
  techniques: string[];
  attack: string;
  reply?: string;
}

export interface RedTeamSummary {
  kind: "report" | "tap";
  strategy: string;
  target: string;
  outcome: AttackOutcome;
  breakingTurn?: number;
  reasons: string[];
  turns: AttackTurn[];
  /** The turn budget (report) or the depths searched (TAP). */
  totalTurns: number;
  backtracks: number;
  earlyExit?: { turn: number; score: number };
  notes: string[];
}

/** The red-team events the tab needs (asked for by type, so the tab knows at once whether to show). */
export const RED_TEAM_TYPES = ["red_team_report", "red_team_tap"] as const;

/** The summary of the last red-team event among `events`, or undefined when the run was no attack. */
export function redTeamSummary(events: readonly RunEvent[]): RedTeamSummary | undefined {
  for (let index = events.length - 1; index >= 0; index -= 1) {
    const event = events[index] as RunEvent;
    const report = event.event.report;
    if (typeof report !== "object" || report === null) continue;
    if (event.type === "red_team_report") return fromReport(report as Record<string, unknown>);
    if (event.type === "red_team_tap") return fromTap(report as Record<string, unknown>);
  }
  return undefined;
}

const OUTCOMES: readonly string[] = ["held", "broke", "errored", "skipped"];

function fromReport(report: Record<string, unknown>): RedTeamSummary {
  const turns = list(report.turns).map((raw): AttackTurn => {
    const turn = raw as Record<string, unknown>;
    return {
      turn: number(turn.turn) ?? 0,
      phase: text(turn.phase),
      ...optionalNumber("score", turn.score),
      backtracked: turn.backtracked === true,
      techniques: list(turn.techniques).map(String),
      attack: text(turn.attack),
      ...(typeof turn.reply === "string" ? { reply: turn.reply } : {}),
    };
  });
  const earlyExit = report.earlyExit as { turn?: unknown; score?: unknown } | undefined;
  const outcome = OUTCOMES.includes(String(report.outcome)) ? (report.outcome as AttackOutcome) : "skipped";
  return {
    kind: "report",
    strategy: text(report.strategy) || "red team",
    target: text(report.target),
    outcome,
    ...optionalNumber("breakingTurn", report.breakingTurn),
    reasons: list(report.reasons).map(String),
    turns,
    totalTurns: number(report.totalTurns) ?? turns.length,
    backtracks: list(report.backtracks).length,
    ...(earlyExit && number(earlyExit.turn) !== undefined && number(earlyExit.score) !== undefined
      ? { earlyExit: { turn: number(earlyExit.turn) as number, score: number(earlyExit.score) as number } }
      : {}),
    notes: list(report.notes).map(String),
  };
}

function fromTap(report: Record<string, unknown>): RedTeamSummary {
  const nodes = list(report.nodes) as Array<Record<string, unknown>>;
  const depths = new Map<number, Record<string, unknown>>();
  for (const node of nodes) {
    const depth = number(node.depth);
    if (depth === undefined) continue;
    const best = depths.get(depth);
    if (!best || (number(node.score) ?? -1) > (number(best.score) ?? -1)) depths.set(depth, node);
  }
  const turns = [...depths.entries()]
    .sort(([left], [right]) => left - right)
    .map(
      ([depth, node]): AttackTurn => ({
        turn: depth,
        phase: `depth ${depth}`,
        ...optionalNumber("score", node.score),
        backtracked: false,
        techniques: [],
        attack: text(node.prompt),
        ...(typeof node.reply === "string" ? { reply: node.reply } : {}),
      }),
    );
  const succeeded = report.succeeded === true;
  const bestPath = list(report.bestPath).map(String);
  const bestNode = nodes.find((node) => node.id === bestPath.at(-1));
  const breaking = succeeded ? number(bestNode?.depth) : undefined;
  const bestScore = number(report.bestScore);
  return {
    kind: "tap",
    strategy: "tap",
    target: text(report.goal),
    outcome: succeeded ? "broke" : "held",
    ...(breaking === undefined ? {} : { breakingTurn: breaking }),
    reasons: [`search stopped: ${text(report.stop) || "—"}`, ...(bestScore === undefined ? [] : [`best score ${bestScore}`])],
    turns,
    totalTurns: turns.length,
    backtracks: 0,
    notes: [],
  };
}

/** The headline: "Held", "Broke at turn 3", "Errored", "Skipped". */
export function headline(summary: Pick<RedTeamSummary, "outcome" | "breakingTurn" | "kind">): string {
  const unit = summary.kind === "tap" ? "depth" : "turn";
  switch (summary.outcome) {
    case "held":
      return "Held";
    case "broke":
      return summary.breakingTurn === undefined ? "Broke" : `Broke at ${unit} ${summary.breakingTurn}`;
    case "errored":
      return "Errored";
    case "skipped":
      return "Skipped";
    default:
      return summary.outcome satisfies never;
  }
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function number(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function optionalNumber<Name extends string>(name: Name, value: unknown): { [key in Name]?: number } {
  const parsed = number(value);
  return (parsed === undefined ? {} : { [name]: parsed }) as { [key in Name]?: number };
}
