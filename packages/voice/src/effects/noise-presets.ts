import { clip16, PCM16_SAMPLE_RATE } from "../audio/pcm.js";
import { SeededRandom } from "../audio/seeded-random.js";
import { biquad, filterInPlace } from "./biquad.js";
import { addChime, addCupClinks, addHorn, addHum, addKeyboardClicks, addPassingCar, reverberate } from "./noise-events.js";
import { brownNoise, mixInto, murmur, pinkNoise, scaleToRms, seamlessLoop } from "./noise-sources.js";

/**
 * The built-in ambient presets. They are generated here, procedurally, from
 * fixed seeds (no recordings are bundled), so they are ours to license with
 * the package (Apache-2.0) and identical on every machine:
 *
 * - `office`: soft pink noise, ventilation rumble, 60 Hz mains hum, bursts of typing.
 * - `street`: brown-noise traffic rumble, two cars swelling past, a horn.
 * - `cafe`: pink room tone, three murmuring voices (speech-shaped noise with a 3–6 Hz syllable rhythm), cup clinks.
 * - `airport`: brown and pink hall noise, a crowd's murmur in a reverberant hall, a three-note announcement chime.
 * - `babble`: six overlapping murmuring voices (what `multipleVoices()` mixes in).
 */
export const NOISE_PRESETS = ["cafe", "street", "office", "airport", "babble"] as const;

/** One of the built-in ambient presets. */
export type NoisePreset = (typeof NOISE_PRESETS)[number];

/** How long each preset is; effects tile it to the signal's length, and the seam is cross-faded. */
export const NOISE_PRESET_SECONDS = 3;

/** Every preset's RMS (−20 dBFS): at the default volume 0.3 it sits about 10 dB under typical TTS speech. */
export const NOISE_PRESET_RMS = 3277;

const FADE_SECONDS = 0.1;

type Recipe = (length: number, random: SeededRandom, sampleRate: number) => Float32Array;

const murmurs = (count: number, length: number, random: SeededRandom, sampleRate: number): Float32Array => {
  const crowd = new Float32Array(length);
  for (let voice = 0; voice < count; voice++) mixInto(crowd, scaleToRms(murmur(length, random, sampleRate), 1), 1, 0);
  return crowd;
};

const softened = (signal: Float32Array, frequency: number, sampleRate: number): Float32Array =>
  scaleToRms(filterInPlace(signal, [biquad("lowPass", frequency, 0.7, sampleRate)]), 1);

const RECIPES: Record<NoisePreset, Recipe> = {
  office: (length, random, rate) => {
    const out = softened(pinkNoise(length, random), 3000, rate);
    mixInto(out, scaleToRms(brownNoise(length, random), 1), 0.5);
    addHum(out, rate, 60, 0.25);
    addKeyboardClicks(out, random, rate, 3);
    return out;
  },
  street: (length, random, rate) => {
    const out = scaleToRms(brownNoise(length, random), 1);
    mixInto(out, scaleToRms(pinkNoise(length, random), 1), 0.3);
    for (let car = 0; car < 2; car++) addPassingCar(out, random, rate, scaleToRms(pinkNoise(length, random), 1), 2);
    addHorn(out, random, rate, 1.2);
    return out;
  },
  cafe: (length, random, rate) => {
    const out = scaleToRms(softened(pinkNoise(length, random), 5000, rate), 0.5);
    mixInto(out, murmurs(3, length, random, rate), 0.6);
    addCupClinks(out, random, rate, 3, 2.5);
    return out;
  },
  airport: (length, random, rate) => {
    const out = scaleToRms(brownNoise(length, random), 0.6);
    mixInto(out, scaleToRms(pinkNoise(length, random), 1), 0.4);
    mixInto(out, reverberate(murmurs(4, length, random, rate), rate, 0.6), 0.5);
    addChime(out, rate, random.uniform(0.1, 0.3), 1.5);
    return out;
  },
  babble: (length, random, rate) => murmurs(6, length, random, rate),
};

/** Whether `name` is a built-in preset. */
export function isNoisePreset(name: unknown): name is NoisePreset {
  return typeof name === "string" && (NOISE_PRESETS as readonly string[]).includes(name);
}

/**
 * Generates `preset` afresh: {@link NOISE_PRESET_SECONDS} seconds of 24 kHz
 * samples at {@link NOISE_PRESET_RMS}, from the fixed seed
 * `rehearse.noise-preset:<name>`. Costs tens of milliseconds; `noisePreset`
 * caches the result.
 */
export function generateNoisePreset(preset: NoisePreset): Int16Array {
  if (!isNoisePreset(preset))
    throw new RangeError(`noise preset: unknown preset "${String(preset)}"; the presets are ${NOISE_PRESETS.join(", ")}`);
  const rate = PCM16_SAMPLE_RATE;
  const length = NOISE_PRESET_SECONDS * rate;
  const fade = Math.round(FADE_SECONDS * rate);
  const raw = RECIPES[preset](length + fade, new SeededRandom(`rehearse.noise-preset:${preset}`), rate);
  const loop = scaleToRms(seamlessLoop(raw, length, fade), NOISE_PRESET_RMS);
  const samples = new Int16Array(length);
  for (let index = 0; index < length; index++) samples[index] = clip16(loop[index] as number);
  return samples;
}

/**
 * Cache of generated presets: module state on purpose, since a preset never
 * changes (fixed seed) and generating one costs far more than an effect call.
 * Filled lazily, one entry per preset used, at most five arrays of 144 kB.
 */
const presetCache = new Map<NoisePreset, Int16Array>();

/** The cached samples of `preset`, shared: effects read them and never write. */
export function sharedNoisePreset(preset: NoisePreset): Int16Array {
  let samples = presetCache.get(preset);
  if (!samples) {
    samples = generateNoisePreset(preset);
    presetCache.set(preset, samples);
  }
  return samples;
}

/** The samples of `preset` (24 kHz PCM16): a copy of the cached preset, free to change. */
export function noisePreset(preset: NoisePreset): Int16Array {
  return sharedNoisePreset(preset).slice();
}
