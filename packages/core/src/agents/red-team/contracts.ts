/**
 * Red-team contracts (names follow the reference's `dist/index.d.ts`). The
 * attacker agents, strategies, encodings and the report all build on these.
 */

/** A single-turn encoding applied to an attack before the target sees it (zero cost, no model). */
export interface AttackTechnique {
  /** Stable id in reports: `base64`, `rot13`, `leetspeak`, `char_split`, `code_block`, … */
  readonly name: string;
  transform(message: string): string;
}

/** A semantic technique of the GOAT catalogue the attacker chooses from. */
export interface Technique {
  /** Stable UPPER_SNAKE_CASE id, unique within a catalogue; used in telemetry and reports. */
  id: string;
  /** What the attacker sees. */
  name: string;
  description: string;
  example: string;
}

/** The attacker model's output, parsed by the strategy. Only `reply` reaches the target. */
export interface AttackerOutput {
  reply: string;
  observation: string;
  strategy: string;
  /** True when a structured strategy (GOAT) could not parse the output and fell back to the raw text. */
  parseFailed: boolean;
}

/** A rollback after a hard refusal. */
export interface BacktrackEntry {
  /** The attack turn (0-based, as `currentTurn`) whose exchange was removed. */
  turn: number;
  attack: string;
  refusal: string;
}

/** What a strategy's system prompt is built from. */
export interface SystemPromptParams {
  target: string;
  /** 0-based attack turn. */
  currentTurn: number;
  totalTurns: number;
  scenarioDescription: string;
  metapromptPlan: string;
}

/** How an attacker builds its system prompt and reads its output. */
export interface RedTeamStrategy {
  buildSystemPrompt(params: SystemPromptParams): string;
  getPhaseName(currentTurn: number, totalTurns: number): string;
  /** `staged` (Crescendo phases) or `progress` (GOAT early/mid/late, telemetry only). */
  phaseKind?: "staged" | "progress";
  /** Last turn of the first three phases, for the metaprompt template (Crescendo). */
  phaseEnds?(totalTurns: number): [number, number, number] | undefined;
  /** Default true: the strategy wants a metaprompt attack plan. */
  needsMetapromptPlan?: boolean;
  parseAttackerOutput(raw: string): AttackerOutput;
  chosenTechniqueIds?(strategyText: string): string[];
}

/** How hard the target pushed back, by the English-only pattern heuristics. */
export type Refusal = "hard" | "soft" | "none";
