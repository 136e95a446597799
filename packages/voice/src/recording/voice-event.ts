/** Who is speaking in a segment. */
export type SpeakerRole = "user" | "agent";

/**
 * What happened on a voice run's timeline. The first five are the
 * reference's; Rehearse adds tool calls, DTMF sent, and backchannels (the
 * user's "mm-hm" while the agent talks, which a good agent does not yield to).
 */
export type VoiceEventType =
  | "user_start_speaking"
  | "user_stop_speaking"
  | "agent_start_speaking"
  | "agent_stop_speaking"
  | "user_interrupt"
  | "backchannel"
  | "dtmf"
  | "tool_call"
  | "tool_result";

/**
 * One event on the timeline. `time` is seconds since the run's voice clock
 * started (measured, monotonic). `latency` is set on `agent_start_speaking`:
 * seconds since the user last stopped speaking.
 */
export interface VoiceEvent {
  time: number;
  type: VoiceEventType;
  latency?: number;
  name?: string;
  args?: Record<string, unknown>;
  result?: unknown;
  metadata?: Record<string, unknown>;
}

/**
 * A contiguous span of audio from one speaker. `transcriptTruncated` marks an
 * agent segment cut short by a user interrupt: the audio is what the user
 * heard, the transcript may be what the agent meant to say.
 */
export interface AudioSegment {
  speaker: SpeakerRole;
  startTime: number;
  endTime: number;
  /** PCM16 LE, mono, 24 kHz. */
  audio: Uint8Array;
  transcript?: string;
  transcriptTruncated?: boolean;
}
