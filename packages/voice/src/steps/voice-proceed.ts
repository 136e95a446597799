import { messageText, type ScenarioExecutionLike, type ScenarioExecutionStateLike, type ScriptStep } from "@rehearse/core";
import { generateText, type LanguageModel } from "ai";
import { extractAudio } from "../recording/voice-messages.js";
import { CONTEXTUAL_PROMPT, InterruptionConfig } from "./interruption-config.js";
import { voiceContext } from "./voice-context.js";
import { agent, user } from "./voice-steps.js";

/** Options of `voiceProceed` (`@langwatch/scenario`'s `VoiceProceedOptions`). */
export interface VoiceProceedOptions {
  /** Turns to run (default: until a verdict or `maxTurns`). */
  turns?: number;
  /** Called after each turn. */
  onTurn?: (state: ScenarioExecutionStateLike) => void | Promise<void>;
  /** Called after each agent answer. */
  onStep?: (state: ScenarioExecutionStateLike) => void | Promise<void>;
  /** Random barge-ins: the chance per turn, how long the agent speaks first, and what the user says. */
  interruptions?: InterruptionConfig;
}

const speechWaitSeconds = 8;

/**
 * `proceed` for voice: the simulated user and the agent take turns, and with
 * `interruptions` some agent turns are cut off mid-answer — the agent starts
 * answering, speaks for a drawn delay, the user barges in with a phrase, and
 * the agent answers again. Which turns, when and with what words come from
 * the run's seeded random, so a seed replays the same barge-ins. Without a
 * voice adapter or `interruptions` it is the plain `proceed`.
 *
 * @example
 * script: [user("hi, I have a billing question"), voiceProceed({ turns: 4, interruptions: new InterruptionConfig({ probability: 0.5 }) }), judge()]
 */
export function voiceProceed(options: VoiceProceedOptions = {}): ScriptStep {
  const { turns, onTurn, onStep, interruptions: configured } = options;
  if (turns !== undefined && !(Number.isInteger(turns) && turns > 0))
    throw new RangeError(`voiceProceed: turns must be a positive integer, got ${turns}`);
  if (configured !== undefined && !(configured instanceof InterruptionConfig))
    throw new TypeError("voiceProceed: interruptions must be an InterruptionConfig (new InterruptionConfig({ probability }))");
  return async (state, executor) => {
    const { adapter, session, speaker } = voiceContext(state);
    // without a config of its own, the speaking user's interruptProbability (userSimulatorAgent({ voice, interruptProbability }))
    const interruptions =
      configured ??
      (speaker?.interruptProbability ? new InterruptionConfig({ probability: speaker.interruptProbability }) : undefined);
    if (!interruptions || !adapter || !session) {
      await executor.proceed(turns, onTurn, onStep);
      return;
    }
    const random = session.random.fork("interruptions");
    const draw = () => random.next();
    const limit = turns ?? Math.max(1, (state.config.maxTurns ?? 10) - state.currentTurn);
    for (let turn = 0; turn < limit; turn++) {
      if (!interruptions.shouldInterrupt(draw)) {
        if (await executor.proceed(1, onTurn, onStep)) return;
        continue;
      }
      const delay = interruptions.sampleDelay(draw);
      const phrase = interruptions.pickRandomPhrase(draw);
      await interruptedTurn(state, executor, delay, async () =>
        interruptions.strategy === "contextual" ? writeInterjection(interruptions, state, adapter.streamingTranscript) : phrase,
      );
      await onStep?.(state);
      await onTurn?.(state);
    }
  };
}

/** The user speaks (generated when it is the user's turn), the agent answers, and after `delay` s of its speech the user cuts in with `phrase`. */
async function interruptedTurn(
  state: ScenarioExecutionStateLike,
  executor: ScenarioExecutionLike,
  delay: number,
  phrase: () => Promise<string>,
): Promise<void> {
  const { adapter } = voiceContext(state);
  if (!adapter) return;
  if (state.messages.at(-1)?.role !== "user") await executor.user();
  const spoken = extractAudio(state.messages.at(-1));
  if (spoken && !spoken.empty) await adapter.sendUserAudio(spoken);
  await agent({ wait: false })(state, executor);
  await adapter.waitForSpeech(speechWaitSeconds);
  await new Promise((resolve) => setTimeout(resolve, delay * 1000));
  await user(await phrase())(state, executor);
  await agent()(state, executor);
}

/**
 * A `"contextual"` interjection: the config's model reads the conversation and
 * what the agent has said of its answer so far (its streaming transcript)
 * and writes the caller's words. An empty answer is an error, not a silent default.
 */
async function writeInterjection(
  config: InterruptionConfig,
  state: ScenarioExecutionStateLike,
  partial: string,
): Promise<string> {
  const conversation = state.messages.map((message) => `${message.role}: ${messageText(message)}`).join("\n");
  const { text } = await generateText({
    model: config.model as LanguageModel,
    system: CONTEXTUAL_PROMPT,
    prompt: `${conversation}\nassistant (still talking): ${partial || "…"}\n\nExamples of cutting in: ${config.phrases.slice(0, 5).join(" / ")}`,
    temperature: 0,
  });
  const words = text.trim().replace(/^["']|["']$/g, "");
  if (!words) throw new Error("voiceProceed: the interruption model wrote nothing for a contextual interjection");
  return words;
}
