import type { Detector } from "../../domain/detector.js";
import { messageText } from "../../domain/messages.js";

export type { Detector, DetectorContext, DetectorFinding } from "../../domain/detector.js";

const EVIDENCE_LIMIT = 120;

/**
 * A detector that flags an assistant message whose text matches `pattern`
 * (other roles are never flagged). The evidence is the matched text.
 *
 * @example
 * ```ts
 * gradeAttack({ messages, detectors: [responseMatchesDetector("api-key-leak", /sk-[A-Za-z0-9]{20,}/)] })
 * ```
 */
export function responseMatchesDetector(name: string, pattern: RegExp): Detector {
  if (typeof name !== "string" || name.trim() === "")
    throw new TypeError("responseMatchesDetector(name, pattern): name must be a non-empty string");
  if (!(pattern instanceof RegExp)) throw new TypeError("responseMatchesDetector(name, pattern): pattern must be a RegExp");
  return {
    name,
    inspect(message, context) {
      if (message.role !== "assistant") return undefined;
      // a global or sticky pattern keeps state between calls; every reply is tested from its start
      pattern.lastIndex = 0;
      const match = pattern.exec(messageText(message));
      pattern.lastIndex = 0;
      if (!match) return undefined;
      const evidence = match[0].length > EVIDENCE_LIMIT ? `${match[0].slice(0, EVIDENCE_LIMIT - 3)}...` : match[0];
      return { detector: name, turn: context.turn, reason: `the reply matches ${pattern}`, evidence };
    },
  };
}
