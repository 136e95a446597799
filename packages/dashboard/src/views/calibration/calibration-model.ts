/**
 * What the calibration view computes without React: a person's draft labels
 * of one run (prefilled with their earlier labels), the body saved from it,
 * and how agreement figures read — κ in words when it cannot be computed.
 */
import type { Schemas } from "../../api/client";

export type QueueItem = Schemas["CalibrationQueue"]["items"][number];
export type AgreementReport = Schemas["AgreementReport"];
export type Agreement = Schemas["Agreement"];
export type LabelVerdict = "met" | "unmet" | "unsure";

/** One criterion's label being made: the verdict (none yet) and a note. */
export interface DraftLabel {
  criterion: string;
  verdict: LabelVerdict | undefined;
  note: string;
}

/** The words a verdict is shown in (never colour alone). */
export const VERDICT_WORDS: Record<LabelVerdict, string> = { met: "Met", unmet: "Unmet", unsure: "Unsure" };

/** The keys of the review queue, as the legend shows them. */
export const REVIEW_KEYS: ReadonlyArray<[keys: string, what: string]> = [
  ["j / k or ↓ / ↑", "Next / previous criterion"],
  ["m", "Met"],
  ["u", "Unmet"],
  ["s", "Unsure"],
  ["n", "Write a note (Esc to leave it)"],
  ["Enter", "Save and go to the next run"],
  ["← / →", "Previous / next run without saving"],
];

/** The draft of `item`: its criteria in order, with the caller's earlier labels filled in. */
export function draftOf(item: QueueItem): DraftLabel[] {
  return item.criteria.map((entry) => ({
    criterion: entry.criterion,
    verdict: entry.label?.verdict,
    note: entry.label?.note ?? "",
  }));
}

/** `draft` with criterion `index` given `verdict`. */
export function withVerdict(draft: readonly DraftLabel[], index: number, verdict: LabelVerdict): DraftLabel[] {
  return draft.map((label, at) => (at === index ? { ...label, verdict } : label));
}

/** `draft` with criterion `index`'s note set. */
export function withNote(draft: readonly DraftLabel[], index: number, note: string): DraftLabel[] {
  return draft.map((label, at) => (at === index ? { ...label, note } : label));
}

/** The `labels` body of `PUT /runs/{runId}/labels`: every criterion given a verdict; `undefined` when none is. */
export function labelsBody(draft: readonly DraftLabel[]): Record<string, { verdict: LabelVerdict; note?: string }> | undefined {
  const entries = draft
    .filter((label): label is DraftLabel & { verdict: LabelVerdict } => label.verdict !== undefined)
    .map((label) => [label.criterion, { verdict: label.verdict, ...(label.note.trim() ? { note: label.note.trim() } : {}) }]);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** How many of the draft's criteria have a verdict, in words. */
export function progressText(draft: readonly DraftLabel[]): string {
  const done = draft.filter((label) => label.verdict !== undefined).length;
  return `${done} of ${draft.length} criteria labelled`;
}

/** κ to two decimals, or "undefined" (the reason is shown beside it). */
export function kappaText(agreement: Pick<Agreement, "kappa">): string {
  return agreement.kappa === null ? "undefined" : agreement.kappa.toFixed(2);
}

/** The confusion matrix in words, judge first: "judge met, people met: 2". */
export function confusionCells(agreement: Pick<Agreement, "confusion">): Array<[label: string, count: number]> {
  const { confusion } = agreement;
  return [
    ["judge met, people met", confusion.judgeMetHumanMet],
    ["judge met, people unmet", confusion.judgeMetHumanUnmet],
    ["judge unmet, people met", confusion.judgeUnmetHumanMet],
    ["judge unmet, people unmet", confusion.judgeUnmetHumanUnmet],
  ];
}

/** The text of a stored transcript message (its content, and the tools an assistant called). */
export function messageText(message: Record<string, unknown>): string {
  const content = typeof message.content === "string" ? message.content : "";
  const calls = Array.isArray(message.toolCalls)
    ? (message.toolCalls as Array<{ function?: { name?: unknown } }>)
        .map((call) => (typeof call.function?.name === "string" ? `called ${call.function.name}` : ""))
        .filter(Boolean)
    : [];
  return [content, ...calls].filter(Boolean).join("\n");
}
