import type { SeededRandom } from "../audio/seeded-random.js";
import { clampSample } from "./samples.js";

/** Frame length of VoIP packetisation: 20 ms per RTP packet. */
export const FRAME_MS = 20;

/** Gain applied per consecutive concealed frame: a PLC fades a repeated frame out rather than buzzing. */
export const CONCEALMENT_DECAY = 0.5;

/** What happens to the frames between the sender's codec and the receiver's playout. */
export interface FrameImpairments {
  /** Share of frames lost in the network, in [0, 1]. */
  packetLoss: number;
  /** Largest extra network delay of a frame, in ms (uniform in [0, jitterMs)). */
  jitterMs: number;
}

/**
 * `samples` cut into 20 ms frames that go through a lossy, jittery network
 * and a fixed jitter buffer sized to half the largest delay (a
 * latency-minded buffer), with the same length out as in:
 *
 * - a frame that arrives in time plays in its slot, unchanged;
 * - a frame late by less than its length plays after a gap of silence as long
 *   as it is late, its tail cut off by the next slot;
 * - a frame lost, or late by a frame or more (dropped, as a buffer drops late
 *   packets), is concealed: the last frame that played is repeated, halved
 *   for each frame in a row concealed (silence if none has played yet).
 *
 * Two draws per frame, loss then delay, whatever the settings, so changing
 * one setting leaves the other's draws where they were.
 */
export function impairFrames(
  samples: Int16Array,
  sampleRate: number,
  impairments: FrameImpairments,
  random: SeededRandom,
): Int16Array {
  const frameLength = Math.round((FRAME_MS / 1000) * sampleRate);
  const delayScale = (impairments.jitterMs / 1000) * sampleRate;
  const bufferDepth = delayScale / 2;
  const out = new Int16Array(samples.length);
  let lastPlayed = -1;
  let concealedInRow = 0;
  for (let start = 0; start < samples.length; start += frameLength) {
    const length = Math.min(frameLength, samples.length - start);
    const lost = random.next() < impairments.packetLoss;
    const lateness = Math.round(random.next() * delayScale - bufferDepth);
    if (lost || lateness >= length) {
      concealedInRow++;
      if (lastPlayed >= 0) {
        const gain = CONCEALMENT_DECAY ** concealedInRow;
        for (let index = 0; index < length; index++)
          out[start + index] = clampSample(gain * (samples[lastPlayed + index] as number));
      }
      continue;
    }
    const gap = Math.max(0, lateness);
    out.set(samples.subarray(start, start + length - gap), start + gap);
    lastPlayed = start;
    concealedInRow = 0;
  }
  return out;
}
