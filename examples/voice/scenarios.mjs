// The voice scenarios: each a spoken, scripted caller against the bot, judged offline by deterministic checks
// (what the bot said, heard back through STT with a word-error-rate bound; how it took turns; its measured
// response times). Each scenario's `expect` says whether the variant must pass it or be caught by it.
import { deterministicJudge, judge, responseContains } from "@rehearse/core";
import {
  effects,
  ignoresBackchannels,
  responseLatencyAtMost,
  spokenMatches,
  voice,
  voiceUserSimulator,
  yieldsToInterruptions,
} from "@rehearse/voice";

/**
 * The scenarios for one bot variant, each with its own bot from `makeBot()` (a voice adapter is one connection,
 * one call at a time). The caller speaks with espeak-ng through `tts`; `stt` also listens back to the bot's
 * audio for the spoken-transcript check.
 */
export function voiceScenarios({ makeBot, tts, stt, variant }) {
  const caller = (extra = []) => voiceUserSimulator({ voice: "espeak/en-us", tts, effects: extra });
  return [
    {
      name: "refund by keypad, from a noisy cafe",
      description: "A caller in a cafe asks for a refund and keys in the order number; the bot confirms it.",
      agents: [
        makeBot(),
        caller([effects.backgroundNoise("cafe", 0.15), effects.phoneQuality()]),
        deterministicJudge({
          criteria: [
            responseContains("refund for order four two one seven", { ignoreCase: true }),
            spokenMatches("the refund for order four two one seven is on its way", { stt, maxWer: 0.6 }),
            // offline STT (pocketsphinx) on a shared 2-core CI machine answers in 0.1–3 s: the bound leaves room for
            // a busy machine while still catching an agent that hangs
            responseLatencyAtMost(5),
          ],
        }),
      ],
      script: [
        voice.user("Hello, I would like a refund for my order please."),
        voice.agent(),
        voice.dtmf("4217#"),
        voice.agent(),
        judge(),
      ],
      expect: "pass",
    },
    {
      name: "caller interrupts a long answer",
      description: "The bot lists its opening hours; the caller cuts in to ask only about the weekend.",
      agents: [
        makeBot(),
        caller(),
        deterministicJudge({
          criteria: [
            yieldsToInterruptions(800),
            responseContains("at the weekend we are open on saturdays only", { ignoreCase: true }),
          ],
        }),
      ],
      script: [
        voice.user("What are your opening hours?"),
        voice.interrupt("What about the weekend?", { afterWords: 5 }),
        voice.agent(),
        judge(),
      ],
      expect: variant === "stubborn" ? "fail" : "pass",
    },
    {
      name: "caller says mm-hm while the bot talks",
      description: "The caller backchannels during the opening hours; a good bot finishes its answer.",
      agents: [
        makeBot(),
        caller(),
        deterministicJudge({ criteria: [ignoresBackchannels(800), responseContains("public holidays", { ignoreCase: true })] }),
      ],
      script: [
        voice.user("What are your opening hours?"),
        voice.agent({ wait: false }),
        voice.sleep(1.5),
        voice.backchannel("mm hm"),
        voice.agent(),
        judge(),
      ],
      expect: variant === "eager" ? "fail" : "pass",
    },
  ];
}
