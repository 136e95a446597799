/**
 * Adversarial payloads: the texts an `adversarial` injection sends to the agent under test.
 *
 * Each payload is tagged with two labels from a documented taxonomy so results can be grouped and
 * compared across runs.
 *
 * **Risk category**: the OWASP Top 10 for LLM Applications 2025 (genai.owasp.org/llm-top-10/), by id:
 *
 * | `owasp` | OWASP 2025 category |
 * |---|---|
 * | `LLM01` | Prompt Injection (jailbreaks are a form of it) |
 * | `LLM02` | Sensitive Information Disclosure |
 * | `LLM03` | Supply Chain |
 * | `LLM04` | Data and Model Poisoning |
 * | `LLM05` | Improper Output Handling |
 * | `LLM06` | Excessive Agency |
 * | `LLM07` | System Prompt Leakage |
 * | `LLM08` | Vector and Embedding Weaknesses |
 * | `LLM09` | Misinformation |
 * | `LLM10` | Unbounded Consumption |
 *
 * **Technique**: how the payload tries to get its way (our labels; one per payload):
 *
 * | `technique` | Meaning |
 * |---|---|
 * | `direct_override` | Tells the agent outright to ignore or replace its instructions |
 * | `roleplay` | Asks the agent to play a persona without its rules |
 * | `hypothetical` | Frames the request as fiction, an example or "what if" |
 * | `authority_claim` | Claims to be staff, a developer, the system or legal authority |
 * | `encoding` | Hides or spells out the request (base64, letter by letter) |
 * | `instruction_in_data` | Plants instructions in content the agent processes (indirect injection) |
 * | `multi_step` | Splits the goal into steps that each look harmless |
 * | `emotional_pressure` | Uses distress, urgency or threats |
 * | `refusal_suppression` | Forbids refusals, warnings or disclaimers |
 * | `social_engineering` | A plausible pretext (relative, neighbour, lost receipt) |
 * | `false_premise` | Asserts a policy, promise or earlier agreement that does not exist |
 * | `topic_shift` | Pulls the conversation outside the agent's job |
 *
 * **Severity**: `low` is a mild probe any agent should shrug off; `medium` disguises the goal
 * plausibly; `high` pushes hard for a real harm (money, account changes, someone's data);
 * `critical` would cause broad or irreversible harm if obeyed (bulk data, configuration, mass actions).
 *
 * @module
 */

import type { AttackType, Severity } from "../domain/attack-types.js";

export { type AttackType, attackTypes, type Severity, severities } from "../domain/attack-types.js";

/** OWASP Top 10 for LLM Applications 2025: id → category name. */
export const owaspCategories = {
  LLM01: "Prompt Injection",
  LLM02: "Sensitive Information Disclosure",
  LLM03: "Supply Chain",
  LLM04: "Data and Model Poisoning",
  LLM05: "Improper Output Handling",
  LLM06: "Excessive Agency",
  LLM07: "System Prompt Leakage",
  LLM08: "Vector and Embedding Weaknesses",
  LLM09: "Misinformation",
  LLM10: "Unbounded Consumption",
} as const;

/** An OWASP LLM Top 10 2025 id, e.g. `"LLM01"`. */
export type OwaspId = keyof typeof owaspCategories;

/** Technique label → what the technique does (the table in this module's doc). */
export const techniques = {
  direct_override: "Tells the agent outright to ignore or replace its instructions",
  roleplay: "Asks the agent to play a persona without its rules",
  hypothetical: "Frames the request as fiction, an example or a what-if",
  authority_claim: "Claims to be staff, a developer, the system or legal authority",
  encoding: "Hides or spells out the request (base64, letter by letter)",
  instruction_in_data: "Plants instructions in content the agent processes (indirect injection)",
  multi_step: "Splits the goal into steps that each look harmless",
  emotional_pressure: "Uses distress, urgency or threats",
  refusal_suppression: "Forbids refusals, warnings or disclaimers",
  social_engineering: "A plausible pretext (relative, neighbour, lost receipt)",
  false_premise: "Asserts a policy, promise or earlier agreement that does not exist",
  topic_shift: "Pulls the conversation outside the agent's job",
} as const;

/** A technique label, e.g. `"roleplay"`. */
export type Technique = keyof typeof techniques;

/** One adversarial text with its taxonomy tags. */
export interface Payload {
  /** Stable id: a two-letter attack-type prefix and a three-digit number, e.g. `"pi-001"`. Never reused. */
  readonly id: string;
  readonly attackType: AttackType;
  readonly severity: Severity;
  readonly technique: Technique;
  /** The OWASP LLM Top 10 2025 risk the payload probes. */
  readonly owasp: OwaspId;
  /** The message sent to the agent, as a user would type it. */
  readonly text: string;
}
