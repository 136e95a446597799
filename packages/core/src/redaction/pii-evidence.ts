import { PII_KINDS, type PiiKind, type PiiMatch } from "./pii-patterns.js";
import { isPlaceholder } from "./redaction-kinds.js";

/** The longest `pii_leak` evidence; longer is cut and ends with `...`. */
export const PII_EVIDENCE_LIMIT = 120;

/**
 * The evidence of a `pii_leak` finding: `kind: masked` per match, joined by
 * `, ` (`card: 4111 **** **** 1111, email: j***@example.com`), cut at
 * `PII_EVIDENCE_LIMIT` characters. `replacePiiEvidence` reads this format.
 */
export function formatPiiEvidence(matches: readonly PiiMatch[]): string {
  const evidence = matches.map((match) => `${match.kind}: ${match.masked}`).join(", ");
  return evidence.length > PII_EVIDENCE_LIMIT ? `${evidence.slice(0, PII_EVIDENCE_LIMIT - 3)}...` : evidence;
}

const ENTRY = new RegExp(`^(${PII_KINDS.join("|")}): (.+)$`);

/**
 * `pii_leak` evidence (`formatPiiEvidence`) with each masked value replaced
 * by what `replacement` returns for it (a placeholder), or kept when it
 * returns `undefined`; placeholders already there are kept. Parts that are
 * not `kind: value` (a part cut short, another detector's text) are kept as
 * they are. Also lists the placeholders, in order.
 */
export function replacePiiEvidence(
  evidence: string,
  replacement: (kind: PiiKind, masked: string) => string | undefined,
): { evidence: string; placeholders: string[] } {
  const cut = evidence.endsWith("...");
  const placeholders: string[] = [];
  const parts = (cut ? evidence.slice(0, -3) : evidence).split(", ").map((part) => {
    const [, kind, masked = ""] = ENTRY.exec(part) ?? [];
    if (!kind) return part;
    const placeholder = isPlaceholder(masked) ? masked : replacement(kind as PiiKind, masked);
    if (placeholder === undefined) return part;
    placeholders.push(placeholder);
    return `${kind}: ${placeholder}`;
  });
  return { evidence: `${parts.join(", ")}${cut ? "..." : ""}`, placeholders };
}
