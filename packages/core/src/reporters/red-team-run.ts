/**
 * Reads a red-team report file's content (a `RedTeamReport`, as
 * `writeRedTeamReport` writes it) into what the red-team page shows. The
 * files come from disk, so nothing is trusted: every field is checked and a
 * value of the wrong type is left out rather than shown wrongly.
 */

/** Statuses the page counts: a report's `outcome`, or `unreadable` for an item that is not a report. */
export const redTeamStatuses = ["held", "broke", "errored", "skipped", "unreadable"] as const;

/** One turn as the page shows it. */
export interface RedTeamRunTurn {
  readonly turn: number;
  readonly phase?: string;
  readonly attack?: string;
  readonly sent?: string;
  readonly reply?: string;
  readonly score?: number;
  readonly encoding?: string;
  readonly techniques: readonly string[];
  readonly backtracked: boolean;
  readonly parseFailed: boolean;
}

/** One run as the page shows it. */
export interface RedTeamRun {
  readonly status: (typeof redTeamStatuses)[number];
  /** Where it came from, when the caller said (`{ file, report }`). */
  readonly file?: string;
  /** Why an item is `unreadable`. */
  readonly problem?: string;
  readonly strategy?: string;
  readonly target?: string;
  readonly totalTurns?: number;
  readonly breakingTurn?: number;
  readonly earlyExit?: { readonly turn: number; readonly score: number };
  readonly reasons: readonly string[];
  readonly notes: readonly string[];
  readonly turns: readonly RedTeamRunTurn[];
  readonly backtracks: number;
  readonly attackPlan?: string;
}

/** The page's view of one item: a report, or `{ file, report }`. */
export function readRedTeamRun(item: unknown): RedTeamRun {
  const wrapped = isRecord(item) && typeof item.file === "string" && "report" in item;
  const file = wrapped ? (item.file as string) : undefined;
  const report = wrapped ? item.report : item;
  const where = file === undefined ? {} : { file };
  if (!isRecord(report)) return unreadable(where, "not a JSON object");
  const status = statusOf(report.outcome ?? report.status);
  if (status === undefined || typeof report.strategy !== "string" || !Array.isArray(report.turns)) {
    return unreadable(where, "not a red-team report: `outcome`, `strategy` and `turns` are required");
  }
  const earlyExit = isRecord(report.earlyExit) ? report.earlyExit : undefined;
  return {
    status,
    ...where,
    strategy: report.strategy,
    ...optional("target", text(report.target)),
    ...optional("totalTurns", number(report.totalTurns)),
    ...optional("breakingTurn", number(report.breakingTurn)),
    ...(earlyExit && number(earlyExit.turn) !== undefined && number(earlyExit.score) !== undefined
      ? { earlyExit: { turn: earlyExit.turn as number, score: earlyExit.score as number } }
      : {}),
    reasons: texts(report.reasons),
    notes: texts(report.notes),
    turns: report.turns.filter(isRecord).map(readTurn),
    backtracks: Array.isArray(report.backtracks) ? report.backtracks.length : 0,
    ...optional("attackPlan", text(report.attackPlan)),
  };
}

function readTurn(turn: Record<string, unknown>, index: number): RedTeamRunTurn {
  return {
    turn: number(turn.turn) ?? index,
    ...optional("phase", text(turn.phase)),
    ...optional("attack", text(turn.attack)),
    ...optional("sent", text(turn.sent)),
    ...optional("reply", text(turn.reply)),
    ...optional("score", number(turn.score)),
    ...optional("encoding", text(turn.encoding)),
    techniques: texts(turn.techniques),
    backtracked: turn.backtracked === true,
    parseFailed: turn.parseFailed === true,
  };
}

/** A report's outcome; `broken` is an older spelling of `broke` (the seed's report files). */
function statusOf(value: unknown): RedTeamRun["status"] | undefined {
  if (value === "broken") return "broke";
  if (value === "held" || value === "broke" || value === "errored" || value === "skipped") return value;
  return undefined;
}

function unreadable(where: { file?: string }, problem: string): RedTeamRun {
  return { status: "unreadable", ...where, problem, reasons: [], notes: [], turns: [], backtracks: 0 };
}

function optional<Key extends string, Value>(key: Key, value: Value | undefined): { [K in Key]?: Value } {
  return (value === undefined ? {} : { [key]: value }) as { [K in Key]?: Value };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function number(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function texts(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}
