/** The five attack types of an `adversarial` injection. */
export const attackTypes = ["prompt_injection", "jailbreak", "context_drift", "pii_extraction", "policy_violation"] as const;

/** One of {@link attackTypes}. */
export type AttackType = (typeof attackTypes)[number];

/** Severities, mildest first. */
export const severities = ["low", "medium", "high", "critical"] as const;

/** One of {@link severities}. */
export type Severity = (typeof severities)[number];
