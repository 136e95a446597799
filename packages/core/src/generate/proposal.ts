import { z } from "zod";

/**
 * What a generator's model must answer: scenarios as data, not file text, so
 * that a reply is checked field by field (zod) and the files are written by
 * Rehearse in the scenario-file format, never by the model.
 */

/** The kinds of scenario a generator proposes, and the `scenario_type` each is filed under. */
export const SCENARIO_KINDS = {
  happy_path: "business",
  edge_case: "edge_case",
  policy_probe: "compliance",
  adversarial: "adversarial",
} as const;

export type ScenarioKind = keyof typeof SCENARIO_KINDS;

const text = z.string().trim().min(1);

/** A simulated user the model proposes: who they are, what they want, what they know, how long they persist. */
export const personaSchema = z.object({
  traits: text.describe("who the user is and how they write"),
  goal: text.describe("what the user wants from the conversation (hidden from the agent)"),
  knowledge: text.describe("what the user knows and does not know"),
  patience: z.enum(["low", "medium", "high"]),
  cooperativeness: z.enum(["low", "medium", "high"]).optional(),
});

export type ProposedPersona = z.infer<typeof personaSchema>;

/** One proposed scenario. */
export const proposedScenarioSchema = z.object({
  kind: z.enum(Object.keys(SCENARIO_KINDS) as [ScenarioKind, ...ScenarioKind[]]),
  name: text.max(120),
  description: text.describe("what the simulated user is told: the situation and what to try"),
  persona: personaSchema,
  criteria: z.array(text).min(1).max(8).describe("what the agent must do, each checkable from the conversation"),
  max_turns: z.number().int().min(1).max(30).optional(),
});

export type ProposedScenario = z.infer<typeof proposedScenarioSchema>;

/** The model's whole answer. */
export const proposalReplySchema = z.object({ scenarios: z.array(proposedScenarioSchema).min(1) });

export type ProposalReply = z.infer<typeof proposalReplySchema>;
