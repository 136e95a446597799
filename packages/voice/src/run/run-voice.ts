import { randomInt } from "node:crypto";
import {
  AgentRole,
  proceed,
  type RunOptions,
  run,
  type ScenarioConfig,
  type ScenarioResult,
  type ScriptStep,
} from "@rehearse/core";
import { VoiceAgentAdapter } from "../adapters/voice-agent-adapter.js";
import { VoiceUserSimulatorAgent, voiceUserSimulator } from "../adapters/voice-user-simulator.js";
import type { AudioChunk } from "../audio/audio-chunk.js";
import { type InteractionMetrics, interactionMetrics } from "../recording/interaction-metrics.js";
import type { LatencyMetrics } from "../recording/latency-metrics.js";
import type { AudioSegment, SpeakerRole, VoiceEvent } from "../recording/voice-event.js";
import type { VoiceRecording } from "../recording/voice-recording.js";
import { VoiceSession } from "../recording/voice-session.js";
import { createTtsRouter } from "../speech/create-tts-router.js";

/** A scenario with voice parts: the reference's voice callbacks on top of Rehearse's scenario. */
export interface VoiceScenarioConfig extends ScenarioConfig {
  /** Called with every audio chunk recorded, user and agent (best effort). */
  onAudioChunk?: (audio: Uint8Array, speaker: SpeakerRole) => void;
  /** Called with every timeline event (best effort). */
  onVoiceEvent?: (event: VoiceEvent) => void;
  /** How soon the agent must stop after an interrupt to count as yielding (interaction metrics; default 800 ms). */
  yieldWithinMs?: number;
  /**
   * Speech to text for audio without a transcript (an agent that sends only
   * audio, a recorded caller): e.g. `new PocketsphinxSTTProvider()` offline.
   * Without it such turns have no text for judges to read.
   */
  transcriber?: { transcribe(audio: AudioChunk): Promise<string> };
}

/** A voice run's result: the run's result with its audio, timeline, latencies and interaction metrics. */
export interface VoiceScenarioResult extends ScenarioResult {
  /** The recording (segments and timeline), when any audio was recorded. Saved only if you call `save`. */
  audio?: VoiceRecording;
  /** The voice timeline, when not empty. */
  timeline?: VoiceEvent[];
  /** Agent response times, when any was measured. */
  latency?: LatencyMetrics;
  /** Yield rate, selectivity, talk-over, silence gaps and response latency percentiles. */
  interaction?: InteractionMetrics;
}

/** Runs through `run` of a Rehearse context (`createRehearse()`), or core's default `run`. */
export interface RunVoiceOptions extends RunOptions {
  runner?: (scenario: ScenarioConfig, options?: RunOptions) => Promise<ScenarioResult>;
}

/**
 * Runs a scenario whose agent under test is a voice adapter (resolving and
 * rejecting as `run` does: an `error` rejects with the result on the error): one voice
 * session per run (seeded by the run's seed, so effects and timing draws
 * replay), the adapters connected before the script (a failure ends the run
 * `error` naming the adapter) and disconnected after it whatever happened,
 * and the recording, timeline, latencies and interaction metrics on the result.
 *
 * @example
 * const result = await runVoice({
 *   name: "refund by phone",
 *   description: "A caller asks for a refund",
 *   agents: [bot, voiceUserSimulator({ voice: "espeak/en-us", tts: createTtsRouter() }), judge],
 *   script: [voice.user("I want a refund"), voice.agent(), judge()],
 * });
 * result.latency?.p95ResponseTime;
 */
export async function runVoice(given: VoiceScenarioConfig, options: RunVoiceOptions = {}): Promise<VoiceScenarioResult> {
  const { runner = run, ...runOptions } = options;
  const config = withVoiceSettings(given);
  const adapters = config.agents.filter((agent): agent is VoiceAgentAdapter => agent instanceof VoiceAgentAdapter);
  const seed = config.seed ?? randomInt(2 ** 31);
  const session = new VoiceSession({
    seed,
    ...(config.onAudioChunk ? { onAudioChunk: config.onAudioChunk } : {}),
    ...(config.onVoiceEvent ? { onVoiceEvent: config.onVoiceEvent } : {}),
    ...(config.transcriber ? { transcriber: config.transcriber } : {}),
  });
  for (const adapter of adapters) adapter.useSession(session);
  const connect: ScriptStep = async () => {
    for (const adapter of adapters) {
      try {
        await adapter.open();
      } catch (error) {
        throw new Error(
          `${adapter.constructor.name}: could not connect: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  };
  const script = [connect, ...(config.script ?? [proceed()])];
  let result: ScenarioResult;
  try {
    // the voice-only keys stay here: the run gets a plain scenario
    const { onAudioChunk: _chunks, onVoiceEvent: _events, yieldWithinMs: _yield, transcriber: _stt, ...scenario } = config;
    result = await runner({ ...scenario, seed, script }, runOptions);
  } catch (error) {
    // `run` rejects on `error` with the full result attached (decision 0002): it gets the voice output too
    const failed = (error as { result?: ScenarioResult } | undefined)?.result;
    if (failed) attachVoiceOutput(failed, session, config.yieldWithinMs);
    throw error;
  } finally {
    session.pendingTurn?.controller.abort();
    await Promise.allSettled(adapters.map((adapter) => adapter.close()));
  }
  return attachVoiceOutput(result, session, config.yieldWithinMs);
}

/** Puts the session's recording, timeline, latencies and interaction metrics on `result`. */
export function attachVoiceOutput(result: ScenarioResult, session: VoiceSession, yieldWithinMs?: number): VoiceScenarioResult {
  session.markTruncated();
  const voiced = result as VoiceScenarioResult;
  const { recording } = session;
  const segments: AudioSegment[] = recording.segments;
  if (segments.length > 0) voiced.audio = recording;
  if (recording.timeline.length > 0) voiced.timeline = [...recording.timeline];
  if (session.latency.measurements.length > 0) voiced.latency = session.latency;
  if (segments.length > 0 || recording.timeline.length > 0)
    voiced.interaction = interactionMetrics(recording.timeline, segments, yieldWithinMs === undefined ? {} : { yieldWithinMs });
  return voiced;
}

/**
 * The reference's per-run `voice` settings applied: `stt` transcribes wordless
 * audio (unless `transcriber` is given), `tts.voice` makes the run's user
 * simulator speak when none speaks yet. `audioPlayback` is refused: an explicit
 * request that cannot be carried out is an error.
 */
function withVoiceSettings(config: VoiceScenarioConfig): VoiceScenarioConfig {
  const settings = config.voice;
  if (!settings) return config;
  if (settings.audioPlayback)
    throw new Error(
      "voice.audioPlayback: Rehearse does not play runs on the speakers; save the audio with result.audio.save(path) and play it",
    );
  const stt = settings.stt as VoiceScenarioConfig["transcriber"];
  const ttsVoice = settings.tts?.voice;
  const speaks = config.agents.some((agent) => agent instanceof VoiceUserSimulatorAgent);
  const simulator = config.agents.find((agent) => agent.role === AgentRole.USER);
  if (ttsVoice && !speaks && !simulator)
    throw new Error(
      `voice.tts.voice "${ttsVoice}": the scenario has no user simulator to speak with it (add userSimulatorAgent())`,
    );
  const agents =
    ttsVoice && !speaks && simulator
      ? config.agents.map((agent) =>
          agent === simulator ? voiceUserSimulator({ voice: ttsVoice, tts: createTtsRouter(), simulator }) : agent,
        )
      : config.agents;
  return { ...config, agents, ...(stt && !config.transcriber ? { transcriber: stt } : {}) };
}
