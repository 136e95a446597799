import type { ScenarioResult } from "../domain/result.js";
import type { VoiceEventLike, VoiceSegmentLike } from "../domain/voice-output.js";
import { escapeHtml } from "./html-escape.js";

/** At most this much audio is embedded per run (base64 WAV); longer recordings list the rest without a player. */
const EMBED_LIMIT_BYTES = 8 * 1024 * 1024;

/**
 * A voice run's part of its card (`@rehearse/voice` results): the measured
 * latencies and interaction metrics, the timeline, and each audio segment
 * with a player (a WAV embedded as a data URI, so the report stays one
 * self-contained file). Empty for text runs.
 */
export function voiceSection(result: ScenarioResult): string {
  const segments = result.audio?.segments ?? [];
  const timeline = result.timeline ?? result.audio?.timeline ?? [];
  if (segments.length === 0 && timeline.length === 0 && !result.latency) return "";
  return [
    `<h3>Voice</h3>`,
    measures(result),
    segments.length > 0 ? segmentList(segments) : "",
    timeline.length > 0 ? timelineTable(timeline) : "",
  ]
    .filter(Boolean)
    .join("\n");
}

function measures(result: ScenarioResult): string {
  const rows: string[] = [];
  const latency = result.latency;
  if (latency && latency.measurements.length > 0) {
    const ms = (seconds: number | undefined) => (seconds === undefined ? "–" : `${Math.round(seconds * 1000)} ms`);
    rows.push(
      `response time p50 ${ms(latency.p50ResponseTime)}, p95 ${ms(latency.p95ResponseTime)} over ${latency.measurements.length} turns; first audio after ${ms(latency.timeToFirstByte)}`,
    );
  }
  const interaction = result.interaction;
  if (interaction) {
    const rate = (value: unknown) => (typeof value === "number" ? `${Math.round(value * 100)}%` : "–");
    rows.push(
      `interruptions ${String(interaction.interruptions ?? 0)} (yield rate ${rate(interaction.yieldRate)}), backchannels ${String(interaction.backchannels ?? 0)} (selectivity ${rate(interaction.selectivity)}), talk-over ${Number(interaction.talkOverSeconds ?? 0).toFixed(2)} s`,
    );
  }
  return rows.length === 0 ? "" : `<ul>${rows.map((row) => `<li class="text">${escapeHtml(row)}</li>`).join("")}</ul>`;
}

function segmentList(segments: readonly VoiceSegmentLike[]): string {
  let embedded = 0;
  const items = [...segments]
    .sort((left, right) => left.startTime - right.startTime)
    .map((segment) => {
      const label = `${segment.speaker} ${segment.startTime.toFixed(2)}–${segment.endTime.toFixed(2)} s${segment.transcriptTruncated ? " (cut off)" : ""}`;
      const fits = embedded + segment.audio.length <= EMBED_LIMIT_BYTES;
      if (fits) embedded += segment.audio.length;
      const player = fits
        ? `<audio controls preload="none" src="data:audio/wav;base64,${wavBase64(segment.audio)}"></audio>`
        : `<span class="muted">(not embedded: the report keeps at most 8 MB of audio per run)</span>`;
      const words = segment.transcript ? `<p class="text">${escapeHtml(segment.transcript)}</p>` : "";
      return `<li class="segment ${segment.speaker}"><span class="role">${escapeHtml(label)}</span> ${player}${words}</li>`;
    });
  return `<details class="voice-segments" open><summary>Audio (${segments.length} segments)</summary><ol>${items.join("")}</ol></details>`;
}

function timelineTable(timeline: readonly VoiceEventLike[]): string {
  const rows = [...timeline]
    .sort((left, right) => left.time - right.time)
    .map((event) => {
      const detail = [
        event.latency === undefined ? "" : `latency ${Math.round(event.latency * 1000)} ms`,
        event.name ?? "",
        event.metadata ? JSON.stringify(event.metadata) : "",
      ]
        .filter(Boolean)
        .join(" · ");
      return `<tr><td>${event.time.toFixed(3)} s</td><td>${escapeHtml(event.type)}</td><td class="text">${escapeHtml(detail)}</td></tr>`;
    });
  return `<details class="voice-timeline"><summary>Timeline (${timeline.length} events)</summary><table><thead><tr><th>time</th><th>event</th><th>detail</th></tr></thead><tbody>${rows.join("")}</tbody></table></details>`;
}

/** PCM16 mono 24 kHz bytes as a base64 WAV file. */
function wavBase64(pcm: Uint8Array): string {
  const header = Buffer.alloc(44);
  header.write("RIFF", 0, "ascii");
  header.writeUInt32LE(36 + pcm.length, 4);
  header.write("WAVEfmt ", 8, "ascii");
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(24_000, 24);
  header.writeUInt32LE(48_000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write("data", 36, "ascii");
  header.writeUInt32LE(pcm.length, 40);
  return Buffer.concat([header, Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength)]).toString("base64");
}
