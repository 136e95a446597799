import { type Check, check } from "@rehearse/core";
import { AudioChunk } from "../audio/audio-chunk.js";
import { type InteractionMetrics, interactionMetrics } from "../recording/interaction-metrics.js";
import type { LatencyMetrics } from "../recording/latency-metrics.js";
import type { SpeakerRole } from "../recording/voice-event.js";
import { normalizeTranscript, wordErrorRate } from "../speech/wer.js";
import { voiceContext } from "./voice-context.js";

/** What a voice check sees: the interaction metrics and latencies measured so far in the run. */
export interface VoiceMeasures {
  interaction: InteractionMetrics;
  latency: LatencyMetrics;
}

/**
 * A deterministic criterion over what the run measured on the voice channel
 * so far (yield rate, selectivity, talk-over, response latencies). A run
 * without a voice adapter does not meet it, and says so.
 *
 * @example
 * judge({ criteria: [voiceCheck("p95 response ≤ 1.2 s", ({ latency }) => (latency.p95ResponseTime ?? Infinity) <= 1.2)] })
 */
export function voiceCheck(
  name: string,
  predicate: (measures: VoiceMeasures) => boolean | { met: boolean; reason?: string },
  options: { yieldWithinMs?: number } = {},
): Check {
  return check(name, (state) => {
    const { session } = voiceContext(state);
    if (!session) return { met: false, reason: "the scenario has no voice adapter, so nothing was measured" };
    const { recording, latency } = session;
    const interaction = interactionMetrics(recording.timeline, recording.segments, options);
    const verdict = predicate({ interaction, latency });
    return typeof verdict === "boolean" ? { met: verdict, ...(verdict ? {} : { reason: describe(interaction) }) } : verdict;
  });
}

/** Met when the agent stopped within `withinMs` after every interrupt that found it speaking (and there was one). */
export function yieldsToInterruptions(withinMs = 800): Check {
  return voiceCheck(
    `Agent stops talking within ${withinMs} ms when interrupted`,
    ({ interaction }) =>
      interaction.interruptions === 0
        ? { met: false, reason: "no interruption found the agent speaking" }
        : {
            met: interaction.yieldRate === 1,
            reason: `yielded to ${Math.round((interaction.yieldRate ?? 0) * interaction.interruptions)} of ${interaction.interruptions}`,
          },
    { yieldWithinMs: withinMs },
  );
}

/** Met when the agent talked through every backchannel ("mm-hm") instead of stopping (and there was one). */
export function ignoresBackchannels(withinMs = 800): Check {
  return voiceCheck(
    "Agent keeps talking through backchannels",
    ({ interaction }) =>
      interaction.backchannels === 0
        ? { met: false, reason: "no backchannel was heard while the agent spoke" }
        : {
            met: interaction.selectivity === 1,
            reason: `talked through ${Math.round((interaction.selectivity ?? 0) * interaction.backchannels)} of ${interaction.backchannels}`,
          },
    { yieldWithinMs: withinMs },
  );
}

/** Met when the 95th percentile of the agent's measured response times is at most `seconds`. */
export function responseLatencyAtMost(seconds: number): Check {
  return voiceCheck(`p95 response latency ≤ ${seconds} s`, ({ latency }) => {
    const p95 = latency.p95ResponseTime;
    if (p95 === undefined) return { met: false, reason: "no response time was measured" };
    return { met: p95 <= seconds, reason: `p95 was ${p95.toFixed(3)} s over ${latency.measurements.length} turns` };
  });
}

function describe(interaction: InteractionMetrics): string {
  const parts = [
    `${interaction.responseLatency.count} responses (p95 ${interaction.responseLatency.p95?.toFixed(3) ?? "–"} s)`,
    `${interaction.interruptions} interruptions (yield rate ${interaction.yieldRate ?? "–"})`,
    `${interaction.backchannels} backchannels (selectivity ${interaction.selectivity ?? "–"})`,
    `talk-over ${interaction.talkOverSeconds.toFixed(2)} s`,
  ];
  return parts.join("; ");
}

/** Options of `spokenMatches`. */
export interface SpokenMatchesOptions {
  /** The recogniser that listens to the recorded audio (offline: `new PocketsphinxSTTProvider()`). */
  stt: { transcribe(audio: AudioChunk): Promise<string> };
  /** The highest word error rate that still matches (default 0.3). */
  maxWer?: number;
  /** Whose last segment is heard (default the agent's). */
  speaker?: SpeakerRole;
  name?: string;
}

/**
 * Met when what the recorded audio SAYS (the speaker's last segment, run
 * through `stt`) matches `expected` within `maxWer`: a check of the sound the
 * user heard, not of the text the agent meant to say, and tolerant of
 * recognition errors. The reason states the WER and both texts.
 *
 * @example
 * judge({ criteria: [spokenMatches("your refund is on its way", { stt: new PocketsphinxSTTProvider(), maxWer: 0.5 })] })
 */
export function spokenMatches(expected: string, options: SpokenMatchesOptions): Check {
  const maxWer = options.maxWer ?? 0.3;
  const speaker = options.speaker ?? "agent";
  return check(options.name ?? `The ${speaker} is heard saying ${JSON.stringify(expected)} (WER ≤ ${maxWer})`, async (state) => {
    const { session } = voiceContext(state);
    const segment = session?.recording.segments.filter((candidate) => candidate.speaker === speaker).at(-1);
    if (!segment) return { met: false, reason: `no ${speaker} audio was recorded` };
    const heard = await options.stt.transcribe(new AudioChunk({ data: segment.audio }));
    const score = wordErrorRate(expected, heard);
    return {
      met: score.wer <= maxWer,
      reason: `WER ${score.wer.toFixed(2)}: expected "${normalizeTranscript(expected)}", heard "${normalizeTranscript(heard)}"`,
    };
  });
}
