import { type ModelMessage, messageText } from "../domain/messages.js";

/** The reference reply of an imported conversation beside the agent's new reply, with a line diff of the two. */
export interface PrefixReplayReport {
  readonly conversationId: string;
  readonly turn: number;
  /** What production answered at this turn (from the file's `metadata.imported.reference`). */
  readonly reference: string;
  /** What the agent under test answered now: its text after the last user message. */
  readonly reply: string;
  /** True when the two texts are the same. A diff, not a verdict: the judge's criteria decide the run. */
  readonly identical: boolean;
  /** A unified diff, `reference` → `reply` (empty when identical). */
  readonly diff: string;
}

/** What {@link prefixReplayReport} reads of a run result (structural, so any `ScenarioResult` fits). */
export interface ReplayedRun {
  readonly metadata?: Record<string, unknown>;
  readonly messages: readonly ModelMessage[];
}

/**
 * The reference-vs-reply comparison of a run of an imported prefix-replay file: the reply production gave,
 * the agent's new reply, and a deterministic line diff (the `diff` package, loaded on first use). Undefined
 * for a run whose metadata has no `imported.reference` (not an imported file). Adds nothing to the verdict.
 *
 * @example
 * const report = await prefixReplayReport(result);
 * if (report && !report.identical) console.log(report.diff);
 */
export async function prefixReplayReport(result: ReplayedRun): Promise<PrefixReplayReport | undefined> {
  const imported = result.metadata?.imported as Record<string, unknown> | undefined;
  if (typeof imported?.reference !== "string") return undefined;
  const reference = imported.reference;
  const lastUser = result.messages.findLastIndex((message) => message.role === "user");
  const reply = result.messages
    .slice(lastUser + 1)
    .filter((message) => message.role === "assistant")
    .map(messageText)
    .filter((text) => text.trim() !== "")
    .join("\n");
  const identical = reference === reply;
  const { createTwoFilesPatch } = await import("diff");
  const diff = identical ? "" : createTwoFilesPatch("reference", "reply", `${reference}\n`, `${reply}\n`, "", "", { context: 3 });
  return {
    conversationId: String(imported.conversation_id ?? ""),
    turn: Number(imported.turn ?? 0),
    reference,
    reply,
    identical,
    diff,
  };
}

/**
 * A copy of `result` with its {@link prefixReplayReport} under `reports["prefix-replay"]`, so reporters and
 * stored runs carry the reference and the diff beside the verdict. The result is returned as it is for a run
 * that was not imported.
 */
export async function withPrefixReplayReport<Result extends ReplayedRun & { reports?: Record<string, unknown> }>(
  result: Result,
): Promise<Result> {
  const report = await prefixReplayReport(result);
  return report === undefined ? result : { ...result, reports: { ...result.reports, "prefix-replay": report } };
}
