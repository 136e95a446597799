/**
 * What a voice run adds to its result (`result.audio`, `result.timeline`,
 * `result.latency`): the shapes `@rehearse/voice` fills in, declared here
 * structurally so the core can type, report and render them without loading
 * any voice code (issue 18). Times are seconds from the start of the run's
 * voice clock; audio is PCM16 little-endian, mono, 24 kHz.
 */

/** A span of audio from one speaker. */
export interface VoiceSegmentLike {
  readonly speaker: "user" | "agent";
  readonly startTime: number;
  readonly endTime: number;
  readonly audio: Uint8Array;
  readonly transcript?: string;
  /** An agent segment cut short by a user interrupt: the audio is what was heard. */
  readonly transcriptTruncated?: boolean;
}

/** One event of the voice timeline (`user_start_speaking`, `agent_start_speaking` with its `latency`, `user_interrupt`, …). */
export interface VoiceEventLike {
  readonly time: number;
  readonly type: string;
  readonly latency?: number;
  readonly name?: string;
  readonly metadata?: Record<string, unknown>;
}

/** A run's recording: segments by speaker and the timeline. */
export interface VoiceRecordingLike {
  readonly segments: readonly VoiceSegmentLike[];
  readonly timeline: readonly VoiceEventLike[];
}

/** The agent's measured response times. */
export interface LatencyMetricsLike {
  readonly measurements: readonly number[];
  readonly timeToFirstByte?: number;
  readonly interruptResponseTime?: number;
  readonly avgResponseTime?: number;
  readonly p50ResponseTime?: number;
  readonly p95ResponseTime?: number;
}

/** How the conversation went as a conversation (measured from the timeline): turn-taking and pauses. */
export interface InteractionMetricsLike {
  readonly responseLatency?: { readonly count: number; readonly p50?: number; readonly p95?: number; readonly max?: number };
  /** User interrupts that found the agent speaking. */
  readonly interruptions?: number;
  /** Share of those the agent yielded to. */
  readonly yieldRate?: number;
  /** Backchannels heard while the agent spoke. */
  readonly backchannels?: number;
  /** Share of those the agent talked through. */
  readonly selectivity?: number;
  /** Seconds where user and agent audio overlapped. */
  readonly talkOverSeconds?: number;
  readonly silenceGaps?: { readonly count: number; readonly mean?: number; readonly max?: number };
}

/**
 * The mark every `@rehearse/voice` voice agent adapter carries (a registered
 * symbol, so it holds across copies of the package): how a run knows it has
 * a voice agent without loading voice code.
 */
export const VOICE_AGENT: unique symbol = Symbol.for("rehearse.voice-agent") as never;

/** Whether `agent` is a voice agent adapter of `@rehearse/voice`. */
export function isVoiceAgent(agent: unknown): boolean {
  return typeof agent === "object" && agent !== null && (agent as { [VOICE_AGENT]?: unknown })[VOICE_AGENT] === true;
}

/** What a voice agent adapter gives the judge: the run's voice timeline so far (`includeTimeline`). */
export interface VoiceTimelineSource {
  voiceTimeline(): readonly VoiceEventLike[];
}
