import type { Detector } from "../agents/red-team/detectors.js";
import { ConfigError } from "../domain/errors.js";
import { messageText } from "../domain/messages.js";

/** One rule of a `policyViolationDetector`. */
export interface PolicyPattern {
  /** Stable id of the rule, shown in the finding's reason. */
  id: string;
  /** What a violating reply looks like; a string is a regex source matched ignoring case. */
  pattern: RegExp | string;
  /** Why a match breaks the policy, in a sentence. */
  reason: string;
}

/** Options of `policyViolationDetector`. */
export interface PolicyViolationOptions {
  /** Detector name, shown in reports; default `policy_violation`. */
  name?: string;
  /** The rules, checked in order; the first that matches is reported. */
  patterns: readonly PolicyPattern[];
}

const EVIDENCE_LIMIT = 120;

function invalid(message: string, path: string, cause?: unknown): ConfigError {
  return new ConfigError(`policyViolationDetector: ${message}`, { source: "policyViolationDetector", path, cause });
}

/** The rule's regex without `g`/`y`, so matching keeps no `lastIndex` state between replies. */
function compile(rule: PolicyPattern, index: number): RegExp {
  if (typeof rule.pattern === "string") {
    try {
      return new RegExp(rule.pattern, "i");
    } catch (error) {
      throw invalid(`pattern of "${rule.id}" is not a valid regular expression`, `patterns[${index}].pattern`, error);
    }
  }
  if (rule.pattern instanceof RegExp) return new RegExp(rule.pattern.source, rule.pattern.flags.replace(/[gy]/g, ""));
  throw invalid(`pattern of "${rule.id}" must be a RegExp or a string`, `patterns[${index}].pattern`);
}

/**
 * A red-team `Detector` (named `policy_violation` unless `name` says
 * otherwise) that flags an assistant reply matching any configured rule. The
 * reason is the first matching rule's id and reason, naming any other rules
 * that also matched; the evidence is the matched text.
 *
 * @example
 * ```ts
 * const detector = policyViolationDetector({
 *   patterns: [
 *     { id: "no-refund-promise", pattern: /\bI(?:'ll| will) refund\b/i, reason: "only supervisors may promise refunds" },
 *     { id: "no-competitors", pattern: "\\b(?:contoso|fabrikam)\\b", reason: "competitors are not to be recommended" },
 *   ],
 * });
 * gradeAttack({ messages, detectors: [detector] })
 * ```
 */
export function policyViolationDetector(options: PolicyViolationOptions): Detector {
  const name = options.name ?? "policy_violation";
  if (typeof name !== "string" || name.trim() === "") throw invalid("name must be a non-empty string", "name");
  if (!Array.isArray(options.patterns) || options.patterns.length === 0) throw invalid("give at least one pattern", "patterns");
  const seen = new Set<string>();
  const rules = options.patterns.map((rule, index) => {
    if (typeof rule.id !== "string" || rule.id.trim() === "")
      throw invalid("id must be a non-empty string", `patterns[${index}].id`);
    if (seen.has(rule.id)) throw invalid(`id "${rule.id}" is used twice`, `patterns[${index}].id`);
    seen.add(rule.id);
    if (typeof rule.reason !== "string" || rule.reason.trim() === "")
      throw invalid(`reason of "${rule.id}" must be a non-empty string`, `patterns[${index}].reason`);
    return { id: rule.id, reason: rule.reason, regex: compile(rule, index) };
  });

  return {
    name,
    inspect(message, context) {
      if (message.role !== "assistant") return undefined;
      const text = messageText(message);
      const hits = rules.flatMap((rule) => {
        const match = rule.regex.exec(text);
        return match ? [{ rule, match: match[0] }] : [];
      });
      const [first, ...others] = hits;
      if (!first) return undefined;
      const also = others.length > 0 ? ` (also: ${others.map((hit) => hit.rule.id).join(", ")})` : "";
      return {
        detector: name,
        turn: context.turn,
        reason: `${first.rule.id}: ${first.rule.reason}${also}`,
        evidence: first.match.length > EVIDENCE_LIMIT ? `${first.match.slice(0, EVIDENCE_LIMIT - 3)}...` : first.match,
      };
    },
  };
}
