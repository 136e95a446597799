/**
 * The adversarial payload library: texts for `adversarial` injections, tagged by attack type,
 * severity, technique and OWASP LLM Top 10 2025 id, with seeded selection and a near-duplicate check.
 *
 * @module
 */
export { payloadLibrary } from "./library.js";
export { type NearDuplicate, nearDuplicates, shingles } from "./near-duplicates.js";
export {
  type AttackType,
  attackTypes,
  type OwaspId,
  owaspCategories,
  type Payload,
  type Severity,
  severities,
  type Technique,
  techniques,
} from "./payload.js";
export { type PayloadFilter, payloadsFor, pickPayload } from "./select-payload.js";
