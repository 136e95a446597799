import type { LanguageModel } from "ai";

/** How an interjection's words are chosen: a phrase from the list, or written by a model from the conversation. */
export type InterruptionStrategy = "random_phrase" | "contextual";

/** Options of `InterruptionConfig`. */
export interface InterruptionConfigInit {
  /** Chance in [0, 1] that an agent turn is interrupted (default 0.3). */
  probability?: number;
  /** Seconds of the agent's speech, low and high, before the user cuts in (default [0.5, 3]). */
  delayRange?: readonly [number, number];
  /** Default `"random_phrase"`. */
  strategy?: InterruptionStrategy;
  /** The phrases `"random_phrase"` picks from (default `CANNED_PHRASES`; examples for `"contextual"`). */
  phrases?: readonly string[];
  /** The model that writes `"contextual"` interjections (AI SDK language model); required for that strategy. */
  model?: LanguageModel;
}

/** What the `"contextual"` strategy asks its model (Rehearse's own wording). */
export const CONTEXTUAL_PROMPT =
  "You are a caller on a phone line, listening to an agent who is still talking. Write the few words you say to cut in, " +
  "as a real caller would: short (two to eight words), natural, and about what the agent is saying or what you still need. " +
  "Answer with the words only, no quotes.";

/** What callers say when they cut an agent off (Rehearse's own list). */
export const CANNED_PHRASES: readonly string[] = Object.freeze([
  "sorry, wait a second",
  "hold on",
  "actually, can I ask something",
  "sorry to interrupt",
  "no, that is not what I meant",
  "can you say that again",
  "just a moment please",
  "okay, but what about the price",
]);

/**
 * Random barge-ins during `voiceProceed({ interruptions })`. Every draw
 * takes the random source to use (a run passes its seeded one, so the same
 * seed interrupts the same turns at the same moments with the same words).
 *
 * @example
 * voiceProceed({ turns: 4, interruptions: new InterruptionConfig({ probability: 0.5, delayRange: [0.3, 1] }) })
 */
export class InterruptionConfig {
  readonly probability: number;
  readonly delayRange: readonly [number, number];
  readonly strategy: InterruptionStrategy;
  readonly phrases: readonly string[];
  readonly model: LanguageModel | undefined;

  constructor(init: InterruptionConfigInit = {}) {
    const probability = init.probability ?? 0.3;
    if (!(probability >= 0 && probability <= 1))
      throw new RangeError(`InterruptionConfig: probability must be in [0, 1], got ${probability}`);
    const [low, high] = init.delayRange ?? [0.5, 3];
    if (!(Number.isFinite(low) && Number.isFinite(high) && low >= 0 && high >= low))
      throw new RangeError(
        `InterruptionConfig: delayRange must be [low, high] seconds with 0 ≤ low ≤ high, got [${low}, ${high}]`,
      );
    const phrases = init.phrases ?? CANNED_PHRASES;
    if (phrases.length === 0) throw new RangeError("InterruptionConfig: phrases must not be empty");
    const strategy = init.strategy ?? "random_phrase";
    if (strategy !== "random_phrase" && strategy !== "contextual")
      throw new RangeError(`InterruptionConfig: strategy must be "random_phrase" or "contextual", got ${String(strategy)}`);
    this.probability = probability;
    this.delayRange = Object.freeze([low, high]) as readonly [number, number];
    this.strategy = strategy;
    this.phrases = Object.freeze([...phrases]);
    this.model = init.model;
    if (strategy === "contextual" && !init.model)
      throw new RangeError(
        'InterruptionConfig: strategy "contextual" has a model write each interjection: give InterruptionConfig({ strategy: "contextual", model })',
      );
  }

  /** Whether this turn is interrupted. */
  shouldInterrupt(random: () => number = Math.random): boolean {
    return random() < this.probability;
  }

  /** Seconds of agent speech before the user cuts in, uniform in `delayRange`. */
  sampleDelay(random: () => number = Math.random): number {
    const [low, high] = this.delayRange;
    return low + (high - low) * random();
  }

  /** One of `phrases`. */
  pickRandomPhrase(random: () => number = Math.random): string {
    return this.phrases[Math.min(this.phrases.length - 1, Math.floor(random() * this.phrases.length))] as string;
  }
}
