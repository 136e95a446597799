import { clip16 } from "../audio/pcm.js";

/** Frames whose RMS is this far below the loudest frame's count as pauses, not speech. */
const ACTIVE_FRAME_FLOOR = 0.1; // −20 dB

/**
 * `samples` scaled so their speech level (the RMS of the frames within
 * 20 dB of the loudest, so pauses do not count) is `targetDb` dBFS;
 * clipped to int16. Silence is returned as is. Recognisers such as
 * pocketsphinx are sensitive to input level; this makes their input level
 * the same whatever the source's.
 */
export function normalizeLevel(samples: Int16Array, targetDb: number, frameLength = 320): Int16Array {
  if (!Number.isFinite(targetDb) || targetDb > 0)
    throw new RangeError(`input level must be a finite dBFS value ≤ 0, got ${targetDb}`);
  const energies: number[] = [];
  for (let start = 0; start < samples.length; start += frameLength) {
    const end = Math.min(samples.length, start + frameLength);
    let sum = 0;
    for (let index = start; index < end; index++) sum += ((samples[index] ?? 0) / 32768) ** 2;
    energies.push(sum / (end - start));
  }
  let loudest = 0;
  for (const energy of energies) if (energy > loudest) loudest = energy;
  if (loudest === 0) return samples;
  const active = energies.filter((energy) => energy >= loudest * ACTIVE_FRAME_FLOOR ** 2);
  const level = Math.sqrt(active.reduce((total, energy) => total + energy, 0) / active.length);
  const gain = 10 ** (targetDb / 20) / level;
  const out = new Int16Array(samples.length);
  for (let index = 0; index < samples.length; index++) out[index] = clip16((samples[index] ?? 0) * gain);
  return out;
}
