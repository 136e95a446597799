/**
 * The `red_team_report` domain event: a red-team attacker's report (Crescendo,
 * GOAT, a strategy of your own) in the run's event stream, so reporters — the
 * HTTP reporter, and through it the run-history server — have it. TAP carries
 * its search in its own event, `red_team_tap`.
 */

import type { DomainEventPayload } from "../../domain/event.js";
import { INGEST_MAX_BYTES } from "../../events/ingest-limits.js";
import type { RedTeamReport } from "./attack-report.js";

declare module "../../domain/event.js" {
  interface DomainEventMap {
    /**
     * A red-team attacker's run ended: emitted once, right before
     * `SCENARIO_RUN_FINISHED`, with the report on `result.reports`
     * (`RedTeamAgent`), whatever ended the run. Texts of a report too large
     * for one ingest event are trimmed here (`redTeamReportEvent`).
     */
    red_team_report: { actor: "system"; report: RedTeamReport };
  }
}

/**
 * The most bytes of JSON the event may take: a quarter of an ingest request
 * (`INGEST_MAX_BYTES`), leaving room for the envelope and for redaction,
 * whose placeholders may be longer than the values they replace.
 */
export const RED_TEAM_EVENT_MAX_BYTES = INGEST_MAX_BYTES / 4;

/** The first length texts are trimmed to when the report does not fit; halved until it does. */
const FIRST_LIMIT = 4_096;
/** Below this a text says too little to be worth sending shorter. */
const LAST_LIMIT = 64;

/**
 * The `red_team_report` event of `report`. A report whose JSON exceeds
 * `maxBytes` (very long replies, or many turns) is sent with every attack,
 * sent text, reply, hint, backtracked exchange and the attack plan cut to at
 * most 4 096 characters (fewer, halving, until it fits), each cut text ending
 * `… [N more characters trimmed]` and a note saying so; `report` itself, and
 * so `result.reports`, keeps them whole.
 *
 * @example
 * ```ts
 * executor.emit?.(redTeamReportEvent(report));
 * ```
 */
export function redTeamReportEvent(report: RedTeamReport, maxBytes = RED_TEAM_EVENT_MAX_BYTES): DomainEventPayload {
  return { type: "red_team_report", actor: "system", report: fitted(report, maxBytes) };
}

function fitted(report: RedTeamReport, maxBytes: number): RedTeamReport {
  if (jsonBytes(report) <= maxBytes) return report;
  let limit = FIRST_LIMIT;
  let trimmed = withTextsTrimmed(report, limit);
  while (limit > LAST_LIMIT && jsonBytes(trimmed) > maxBytes) {
    limit /= 2;
    trimmed = withTextsTrimmed(report, limit);
  }
  return trimmed;
}

function withTextsTrimmed(report: RedTeamReport, limit: number): RedTeamReport {
  const cut = (text: string) => trimmed(text, limit);
  return {
    ...report,
    turns: report.turns.map((turn) => ({
      ...turn,
      attack: cut(turn.attack),
      sent: cut(turn.sent),
      ...(turn.reply === undefined ? {} : { reply: cut(turn.reply) }),
      ...(turn.hint === undefined ? {} : { hint: cut(turn.hint) }),
    })),
    backtracks: report.backtracks.map((entry) => ({ ...entry, attack: cut(entry.attack), refusal: cut(entry.refusal) })),
    ...(report.attackPlan === undefined ? {} : { attackPlan: cut(report.attackPlan) }),
    notes: [
      ...report.notes,
      `texts over ${limit} characters are trimmed in this event to fit one ingest event; the run's result has them whole`,
    ],
  };
}

/** `text` cut to `limit` characters plus a marker; never between the halves of a surrogate pair (a lone half cannot be stored). */
function trimmed(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const code = text.charCodeAt(limit - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit;
  return `${text.slice(0, end)}… [${text.length - end} more characters trimmed]`;
}

function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), "utf8");
}
