/** Interleaved samples of `channels` channels mixed down to one (the mean of the channels). */
export function downmix(samples: Int16Array, channels: number): Int16Array {
  if (channels <= 1) return samples;
  const frames = Math.floor(samples.length / channels);
  const out = new Int16Array(frames);
  for (let frame = 0; frame < frames; frame++) {
    let sum = 0;
    for (let channel = 0; channel < channels; channel++) sum += samples[frame * channels + channel] ?? 0;
    out[frame] = Math.round(sum / channels);
  }
  return out;
}

/**
 * `samples` at `fromRate` resampled to `toRate` by linear interpolation (what
 * telephony-grade conversion needs; not a studio resampler). Same rate: the
 * input itself.
 */
export function resample(samples: Int16Array, fromRate: number, toRate: number): Int16Array {
  if (fromRate === toRate || samples.length === 0) return samples;
  if (!(fromRate > 0 && toRate > 0)) throw new RangeError(`resample: rates must be positive (${fromRate} → ${toRate})`);
  const length = Math.max(1, Math.round((samples.length * toRate) / fromRate));
  const out = new Int16Array(length);
  const step = fromRate / toRate;
  const last = samples.length - 1;
  for (let index = 0; index < length; index++) {
    const position = index * step;
    const left = Math.min(last, Math.floor(position));
    const right = Math.min(last, left + 1);
    const fraction = position - left;
    out[index] = Math.round((samples[left] ?? 0) * (1 - fraction) + (samples[right] ?? 0) * fraction);
  }
  return out;
}
