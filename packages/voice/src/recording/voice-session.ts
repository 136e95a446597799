import { AudioChunk } from "../audio/audio-chunk.js";
import { SeededRandom } from "../audio/seeded-random.js";
import type { EffectFn } from "../effects/effect.js";
import { LatencyMetrics } from "./latency-metrics.js";
import type { AudioSegment, SpeakerRole, VoiceEvent } from "./voice-event.js";
import { VoiceRecording } from "./voice-recording.js";

/** What a session is made with: the run's seed and, for tests, the clock. */
export interface VoiceSessionOptions {
  /** Seeds the session's random (effects, the channel model, interruption timing). */
  seed: number | string;
  /** Milliseconds from a monotonic clock (default `performance.now`). */
  now?: () => number;
  /** Called with every audio chunk recorded (best effort: a throwing callback is ignored). */
  onAudioChunk?: (audio: Uint8Array, speaker: SpeakerRole) => void;
  /** Called with every timeline event (best effort). */
  onVoiceEvent?: (event: VoiceEvent) => void;
  /**
   * Speech to text for audio that came without a transcript (a bot that sends
   * only audio, a recorded caller): its text is what judges and text checks read.
   */
  transcriber?: { transcribe(audio: AudioChunk): Promise<string> };
}

/**
 * One voice run's shared record: the clock every timestamp is read from, the
 * recording (segments and timeline), the latencies, and the seeded random.
 * Adapters, steps and the user simulator of a run write into the same session.
 */
export class VoiceSession {
  readonly recording = new VoiceRecording();
  /** The agent turn started without waiting (`agent({ wait: false })`) that a later user step may interrupt. */
  pendingTurn: { controller: AbortController; answer: Promise<AudioChunk> } | undefined;
  /** Effects every later user utterance gets (the `backgroundNoise` step's ambience), after the speaker's own. */
  ambience: EffectFn[] = [];
  readonly latency = new LatencyMetrics();
  readonly random: SeededRandom;
  private readonly now: () => number;
  private readonly startedAt: number;
  private userStoppedAt: number | undefined;
  private agentSpeakingSince: number | undefined;

  constructor(private readonly options: VoiceSessionOptions) {
    this.random = new SeededRandom(`voice:${options.seed}`);
    this.now = options.now ?? (() => performance.now());
    this.startedAt = this.now();
  }

  /**
   * `chunk` with a transcript: its own, else the transcriber's (when the
   * session has one and the chunk holds audio), else as it is.
   */
  async withTranscript(chunk: AudioChunk): Promise<AudioChunk> {
    if (chunk.transcript || chunk.empty || !this.options.transcriber) return chunk;
    const transcript = (await this.options.transcriber.transcribe(chunk)).trim();
    return transcript ? new AudioChunk({ data: chunk.data, transcript }) : chunk;
  }

  /** Seconds since the session started. */
  elapsed(): number {
    return (this.now() - this.startedAt) / 1000;
  }

  /** Whether the agent's audio is being received now (between its start and stop). */
  get agentSpeaking(): boolean {
    return this.agentSpeakingSince !== undefined;
  }

  /** Appends an event at `time` (default now). */
  event(type: VoiceEvent["type"], extra: Omit<VoiceEvent, "time" | "type"> = {}, time = this.elapsed()): VoiceEvent {
    const event: VoiceEvent = { time, type, ...extra };
    this.recording.timeline.push(event);
    try {
      this.options.onVoiceEvent?.(event);
    } catch {
      // callbacks are best effort: a listener's bug must not end the run
    }
    return event;
  }

  /** Records the user's audio that was sent from `startTime` until `endTime` (default now). */
  userSpoke(audio: Uint8Array, startTime: number, transcript?: string, endTime = this.elapsed()): AudioSegment {
    this.event("user_start_speaking", {}, startTime);
    this.event("user_stop_speaking", {}, endTime);
    this.userStoppedAt = endTime;
    return this.segment("user", audio, startTime, endTime, transcript);
  }

  /** Marks the agent's first audio of a turn (its latency measured from the user's last audio). */
  agentStarted(time = this.elapsed()): void {
    if (this.agentSpeakingSince !== undefined) return;
    this.agentSpeakingSince = time;
    const latency = this.userStoppedAt === undefined ? undefined : Math.max(0, time - this.userStoppedAt);
    if (latency !== undefined) this.latency.record(latency);
    this.event("agent_start_speaking", latency === undefined ? {} : { latency }, time);
  }

  /**
   * Records the agent's audio of a turn, from its start mark to `endTime`:
   * when its last audio ended (default now).
   */
  agentStopped(audio: Uint8Array, transcript?: string, endTime = this.elapsed()): AudioSegment | undefined {
    const startTime = this.agentSpeakingSince;
    if (startTime === undefined) return undefined;
    this.agentSpeakingSince = undefined;
    this.event("agent_stop_speaking", {}, endTime);
    return this.segment("agent", audio, startTime, endTime, transcript);
  }

  /** Adds a segment (and tells `onAudioChunk`). */
  segment(speaker: SpeakerRole, audio: Uint8Array, startTime: number, endTime: number, transcript?: string): AudioSegment {
    const segment: AudioSegment = { speaker, startTime, endTime, audio, ...(transcript ? { transcript } : {}) };
    this.recording.segments.push(segment);
    try {
      this.options.onAudioChunk?.(audio, speaker);
    } catch {
      // best effort, as above
    }
    return segment;
  }

  /**
   * Marks agent segments that a user interrupt fell inside as truncated (their
   * transcript may be more than the user heard). Called when the run ends.
   */
  markTruncated(): void {
    const interrupts = this.recording.timeline.filter((event) => event.type === "user_interrupt");
    for (const segment of this.recording.segments)
      if (
        segment.speaker === "agent" &&
        interrupts.some((event) => event.time >= segment.startTime && event.time <= segment.endTime)
      )
        segment.transcriptTruncated = true;
  }
}
