import type { ModelMessage } from "../../domain/messages.js";
import type { VoiceEventLike, VoiceTimelineSource } from "../../domain/voice-output.js";
import { isVoiceAgent } from "../../domain/voice-output.js";

/** One audio part of the conversation, as a multimodal judge model takes it. */
export interface JudgeAudio {
  readonly data: string | Uint8Array;
  readonly mediaType: string;
  /** Who spoke it and where: `user, message 3`. */
  readonly label: string;
}

/** Judge models known to take audio input (model id substrings); others get the transcripts only. */
export const AUDIO_CAPABLE_MODEL_SUBSTRINGS: readonly string[] = Object.freeze([
  "gpt-4o-audio",
  "gpt-audio",
  "gpt-4o-realtime",
  "gpt-realtime",
  "gemini",
]);

/** Whether `modelId` is known to take audio input. */
export function modelTakesAudio(modelId: string): boolean {
  const id = modelId.toLowerCase();
  return AUDIO_CAPABLE_MODEL_SUBSTRINGS.some((part) => id.includes(part));
}

/** The conversation's audio parts (`file` parts with an `audio/*` media type), in order, at most `limitBytes` in all (the latest kept). */
export function audioParts(messages: readonly ModelMessage[], limitBytes = 20 * 1024 * 1024): JudgeAudio[] {
  const found: JudgeAudio[] = [];
  messages.forEach((message, index) => {
    if (!Array.isArray(message.content)) return;
    for (const part of message.content as readonly { type?: string; mediaType?: string; data?: unknown }[]) {
      if (part?.type !== "file" || !part.mediaType?.startsWith("audio/")) continue;
      if (typeof part.data !== "string" && !(part.data instanceof Uint8Array)) continue;
      found.push({ data: part.data, mediaType: part.mediaType, label: `${message.role}, message ${index + 1}` });
    }
  });
  let total = 0;
  const kept: JudgeAudio[] = [];
  for (const audio of found.reverse()) {
    total += typeof audio.data === "string" ? Math.floor((audio.data.length * 3) / 4) : audio.data.length;
    if (total > limitBytes) break;
    kept.unshift(audio);
  }
  return kept;
}

/** The run's voice timeline as the judge reads it (one line per event), from its voice agent; undefined without one. */
export function voiceTimelineText(agents: readonly unknown[]): string | undefined {
  const source = agents.find(
    (agent): agent is VoiceTimelineSource =>
      isVoiceAgent(agent) && typeof (agent as Partial<VoiceTimelineSource>).voiceTimeline === "function",
  );
  const events = source?.voiceTimeline() ?? [];
  if (events.length === 0) return undefined;
  return events.map(eventLine).join("\n");
}

function eventLine(event: VoiceEventLike): string {
  const parts = [`${event.time.toFixed(2)}s ${event.type}`];
  if (event.name) parts.push(event.name);
  if (event.latency !== undefined) parts.push(`latency ${event.latency.toFixed(2)}s`);
  const metadata = event.metadata ? Object.entries(event.metadata).filter(([, value]) => value !== undefined) : [];
  if (metadata.length > 0)
    parts.push(metadata.map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`).join(" "));
  return parts.join(" · ");
}
