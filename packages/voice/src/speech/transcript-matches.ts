import { type Check, check, type ModelMessage, messageText } from "@rehearse/core";
import { normalizeTranscript, type WordErrorRate, wordErrorRate } from "./wer.js";

/** Settings of {@link transcriptMatches}. */
export interface TranscriptMatchesOptions {
  /** Highest word error rate that still matches. Default 0.3. */
  maxWer?: number;
  /** `last`: the speaker's last message must match (default); `any`: one of their messages must. */
  scope?: "last" | "any";
  /** Whose messages: the agent's (default) or the simulated user's. */
  speaker?: "agent" | "user";
  /** The criterion's name in the verdict. Default: says what is expected and the bound. */
  name?: string;
}

const ROLE_OF = { agent: "assistant", user: "user" } as const;

/**
 * A criterion met when what was said matches `expected` within a word error
 * rate: spoken transcripts carry recognition errors, so an exact text
 * comparison would fail on a correct agent. A voice message's transcript is
 * its text part (the audio part is ignored). The failure reason gives the
 * WER and both normalised texts.
 *
 * @example
 * ```ts
 * judge({ criteria: [transcriptMatches("your refund has been issued", { maxWer: 0.4 })] })
 * ```
 */
export function transcriptMatches(expected: string, options: TranscriptMatchesOptions = {}): Check {
  const { maxWer = 0.3, scope = "last", speaker = "agent" } = options;
  if (typeof expected !== "string" || normalizeTranscript(expected) === "")
    throw new TypeError("transcriptMatches(expected): expected must be text with at least one word");
  if (!(maxWer >= 0)) throw new RangeError(`transcriptMatches: maxWer must be a number ≥ 0, got ${maxWer}`);
  const name =
    options.name ??
    `${speaker === "agent" ? "Agent" : "User"} said ${JSON.stringify(expected)} (WER ≤ ${maxWer}${scope === "any" ? ", any turn" : ""})`;
  return check(name, (state) => {
    const spoken = state.messages.filter((message: ModelMessage) => message.role === ROLE_OF[speaker]).map(messageText);
    if (spoken.length === 0) return { met: false, reason: `the ${speaker} has not spoken yet` };
    const candidates = scope === "last" ? spoken.slice(-1) : spoken.filter((text) => text.trim() !== "");
    if (candidates.every((text) => text.trim() === ""))
      return {
        met: false,
        reason: `the ${speaker}'s ${scope === "last" ? "last message has" : "messages have"} no transcript (no text part); transcribe the audio first`,
      };
    const scored = candidates.map((text) => ({ text, score: wordErrorRate(expected, text) }));
    const best = scored.reduce((winner, entry) => (entry.score.wer < winner.score.wer ? entry : winner));
    if (best.score.wer <= maxWer) return { met: true };
    return { met: false, reason: describeMiss(expected, best.text, best.score, maxWer) };
  });
}

function describeMiss(expected: string, heard: string, score: WordErrorRate, maxWer: number): string {
  const edits = `${score.substitutions} substituted, ${score.deletions} missing, ${score.insertions} extra of ${score.referenceWords} words`;
  return (
    `WER ${score.wer.toFixed(2)} > ${maxWer} (${edits}): expected ${JSON.stringify(normalizeTranscript(expected))}, ` +
    `heard ${JSON.stringify(normalizeTranscript(heard))}`
  );
}
