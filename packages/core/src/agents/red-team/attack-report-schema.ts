import { z } from "zod";
import { RED_TEAM_REPORT_VERSION, type RedTeamReport } from "./attack-report.js";

const nonNegativeInteger = z.number().int().nonnegative();

const turnSchema = z.strictObject({
  turn: nonNegativeInteger,
  phase: z.string(),
  attack: z.string(),
  sent: z.string(),
  encoding: z.string().optional(),
  reply: z.string().optional(),
  score: z.number().finite().optional(),
  hint: z.string().optional(),
  techniques: z.array(z.string()),
  backtracked: z.boolean().optional(),
  parseFailed: z.boolean().optional(),
});

/**
 * The zod schema of `RedTeamReport` (version 1), for reports read back from
 * disk or received over the wire. Strict: an unknown field is an error, so a
 * report of another version or a hand-edited typo is caught, not ignored.
 * This module loads zod; import it only where reports are validated.
 *
 * @example
 * ```ts
 * const report = redTeamReportSchema.parse(JSON.parse(await readFile(path, "utf8")));
 * ```
 */
export const redTeamReportSchema = z.strictObject({
  version: z.literal(RED_TEAM_REPORT_VERSION),
  strategy: z.string(),
  target: z.string(),
  totalTurns: nonNegativeInteger,
  outcome: z.enum(["held", "broke", "errored", "skipped"]),
  breakingTurn: nonNegativeInteger.optional(),
  reasons: z.array(z.string()),
  turns: z.array(turnSchema),
  backtracks: z.array(z.strictObject({ turn: nonNegativeInteger, attack: z.string(), refusal: z.string() })),
  attackPlan: z.string().optional(),
  earlyExit: z.strictObject({ turn: nonNegativeInteger, score: z.number().finite() }).optional(),
  notes: z.array(z.string()),
});

// The schema and the documented type must not drift: each must be assignable to the other.
type Parsed = z.infer<typeof redTeamReportSchema>;
const toParsed = (report: RedTeamReport): Parsed => report;
const toReport = (parsed: Parsed): RedTeamReport => parsed;
void toParsed;
void toReport;
