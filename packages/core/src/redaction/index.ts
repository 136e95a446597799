export { createIngestRedactor, type IngestRedactionOptions, type IngestRedactor } from "./ingest-redactor.js";
export { passesLuhn } from "./luhn.js";
export { formatPiiEvidence, PII_EVIDENCE_LIMIT, replacePiiEvidence } from "./pii-evidence.js";
export { findPii, maskPii, PII_KINDS, type PiiKind, type PiiLeakOptions, type PiiMatch } from "./pii-patterns.js";
export {
  type CredentialKind,
  isPlaceholder,
  PLACEHOLDER_LABELS,
  REDACTION_KINDS,
  type RedactionKind,
} from "./redaction-kinds.js";
export type { RedactionOptions } from "./redaction-rules.js";
export { createRedactor, type RedactedText, type RedactionFinding, type Redactor } from "./redactor.js";
export { SECRET_KEY_NAMES } from "./secret-keys.js";
