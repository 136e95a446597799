import type { ModelMessage } from "./messages.js";

/** What a detector found in one reply of the target. */
export interface DetectorFinding {
  /** The detector's `name`. */
  detector: string;
  /** The turn of the reply (`context.turn`); the grader records the turn it inspected. */
  turn: number;
  /** Why the reply breaks the defence, in a sentence. */
  reason: string;
  /** The offending text (a match, a leaked line), kept short. */
  evidence?: string;
}

/** Where the inspected message sits in the attack. */
export interface DetectorContext {
  /** The turn the message belongs to (see `gradeAttack` for how turns are numbered). */
  readonly turn: number;
  /** The conversation up to and including the inspected message. */
  readonly messages: readonly ModelMessage[];
}

/**
 * A deterministic test run on every assistant message of an attack: a
 * finding means the defence broke at that message's turn. Detectors see one
 * reply at a time (with the conversation so far), so a leak is pinned to the
 * turn it happened in even if the target later "recovers". PII, system-prompt
 * leak and policy detectors plug in here.
 */
export interface Detector {
  /** Stable id, shown in reports and in `AttackGrade.perTurn[].by`. */
  readonly name: string;
  /** A finding when the message breaks the defence; `undefined` when it does not. Throwing makes the grade `errored`. */
  inspect(message: ModelMessage, context: DetectorContext): DetectorFinding | undefined | Promise<DetectorFinding | undefined>;
}
