import { decodeMulaw, encodeMulaw } from "../audio/mulaw.js";
import { PCM16_SAMPLE_RATE } from "../audio/pcm.js";
import { mixNoise, type NoiseSource, resolveNoise } from "./background-noise.js";
import { defineEffect, describeValue, type NamedEffectFn } from "./effect.js";
import { impairFrames } from "./jitter-buffer.js";
import { fromNarrowband, NARROWBAND_RATE, toNarrowband } from "./narrowband.js";
import { checkNumber, checkSeed } from "./parameters.js";
import { clampSample, readSamples, writeSamples } from "./samples.js";

/** Codecs of the channel model: G.711 µ-law at 8 kHz (what phone networks carry), or none (24 kHz linear). */
export const TELEPHONY_CODECS = ["mulaw", "none"] as const;

/** One of {@link TELEPHONY_CODECS}. */
export type TelephonyCodec = (typeof TELEPHONY_CODECS)[number];

/** Settings of {@link telephonyChannel}; every impairment is off by default, the codec on. */
export interface TelephonyChannelOptions {
  /** `"mulaw"` (default): 24k → 8k → µ-law → 8k → 24k. `"none"`: no codec, frames at 24 kHz. */
  codec?: TelephonyCodec;
  /** Largest extra network delay of a 20 ms frame, in ms (≥ 0; default 0). */
  jitterMs?: number;
  /** Share of 20 ms frames lost, concealed by the receiver, in [0, 1] (default 0). */
  packetLoss?: number;
  /** Share of the input's peak range driven into clipping at the caller's end, in [0, 1) (default 0). */
  clipping?: number;
  /** Noise at the caller's end, before the codec: a preset, WAV path or 24 kHz samples, × `volume` (default 0.3). */
  noise?: { preset: NoiseSource; volume?: number };
  /** Seeds the channel's generator when it is called without a context (default 0). */
  seed?: number;
}

/**
 * The phone call between the simulated caller and the agent, as an effect,
 * in the order a real call applies them: room noise at the caller's end; an
 * overdriven input (gain 1/(1 − clipping), hard-clipped at the input's own
 * peak, so loudness stays near where it was and the top of the waveform goes
 * flat); the codec (a 3.4 kHz anti-alias filter, 8 kHz, µ-law each way);
 * 20 ms frames through loss, jitter and a jitter buffer with concealment
 * (see `impairFrames`); back to 24 kHz. The output has the input's length.
 * Seeded like every effect; the noise and the frames draw from separate
 * forks, so turning one on does not move the other.
 *
 * @example
 * const badLine = telephonyChannel({ jitterMs: 40, packetLoss: 0.03, noise: { preset: "street", volume: 0.2 } });
 * const heard = applyEffects(pcm, [speakingFast(1.2), badLine], random);
 */
export function telephonyChannel(options: TelephonyChannelOptions = {}): NamedEffectFn {
  const name = "telephonyChannel";
  const codec = options.codec ?? "mulaw";
  if (!TELEPHONY_CODECS.includes(codec))
    throw new RangeError(`${name}: codec must be one of ${TELEPHONY_CODECS.join(", ")}, got ${describeValue(codec)}`);
  const jitterMs = checkNumber(name, "jitterMs", options.jitterMs ?? 0, "≥ 0 (milliseconds)", (value) => value >= 0);
  const packetLoss = checkNumber(name, "packetLoss", options.packetLoss ?? 0, "in [0, 1]", (value) => value >= 0 && value <= 1);
  const clipping = checkNumber(name, "clipping", options.clipping ?? 0, "in [0, 1)", (value) => value >= 0 && value < 1);
  const noise = options.noise === undefined ? undefined : channelNoise(name, options.noise);
  const settings = { codec, jitterMs, packetLoss, clipping, noise: noise ? `${noise.label} × ${noise.volume}` : "none" };
  return defineEffect(
    name,
    settings,
    (data, random) => {
      const noiseRandom = random.fork("noise");
      const frameRandom = random.fork("frames");
      let samples = readSamples(data);
      if (noise) mixNoise(samples, noise.samples, noise.volume, noiseRandom);
      if (clipping > 0) overdrive(samples, clipping);
      const impairments = { packetLoss, jitterMs };
      const impaired = packetLoss > 0 || jitterMs > 0;
      if (codec === "mulaw") {
        let narrow = decodeMulaw(encodeMulaw(toNarrowband(samples)));
        if (impaired) narrow = impairFrames(narrow, NARROWBAND_RATE, impairments, frameRandom);
        samples = fromNarrowband(narrow, samples.length);
      } else if (impaired) samples = impairFrames(samples, PCM16_SAMPLE_RATE, impairments, frameRandom);
      return writeSamples(samples);
    },
    checkSeed(name, options.seed),
  );
}

function channelNoise(owner: string, noise: unknown): { samples: Int16Array; label: string; volume: number } {
  if (typeof noise !== "object" || noise === null || !("preset" in noise))
    throw new TypeError(`${owner}: noise must be an object { preset, volume? }, got ${describeValue(noise)}`);
  const { preset, volume = 0.3 } = noise as { preset: unknown; volume?: unknown };
  return { ...resolveNoise(owner, preset), volume: checkNumber(owner, "noise.volume", volume, "≥ 0", (value) => value >= 0) };
}

/** Gain 1/(1 − clipping), then hard clip at the input's peak, in place. */
function overdrive(samples: Int16Array, clipping: number): void {
  let peak = 0;
  for (let index = 0; index < samples.length; index++) {
    const magnitude = Math.abs(samples[index] as number);
    if (magnitude > peak) peak = magnitude;
  }
  const ceiling = Math.min(peak, 32767);
  const gain = 1 / (1 - clipping);
  for (let index = 0; index < samples.length; index++) {
    const value = gain * (samples[index] as number);
    samples[index] = value >= ceiling ? ceiling : value <= -ceiling ? -ceiling : clampSample(value);
  }
}
