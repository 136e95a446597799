// Seeded audio effects and the telephony channel model: PCM16 LE mono 24 kHz in and out.
export { type BackgroundNoiseOptions, backgroundNoise, multipleVoices, type NoiseSource } from "./background-noise.js";
export { type CustomEffectFunction, custom } from "./custom.js";
export { echo } from "./echo.js";
export { applyEffects, type EffectContext, type EffectFn, effectNameOf, type NamedEffectFn } from "./effect.js";
export { effects } from "./effects.js";
export { lowQuality } from "./low-quality.js";
export {
  generateNoisePreset,
  isNoisePreset,
  NOISE_PRESET_RMS,
  NOISE_PRESET_SECONDS,
  NOISE_PRESETS,
  type NoisePreset,
  noisePreset,
} from "./noise-presets.js";
export { breakingUp, packetLoss } from "./packet-loss.js";
export type { SeedOptions } from "./parameters.js";
export { phoneQuality } from "./phone-quality.js";
export { robotic } from "./robotic.js";
export { speakingFast, speakingSlow } from "./speaking-speed.js";
export { static_, staticNoise } from "./static-noise.js";
export {
  TELEPHONY_CODECS,
  type TelephonyChannelOptions,
  type TelephonyCodec,
  telephonyChannel,
} from "./telephony-channel.js";
export { highVolume, lowVolume } from "./volume.js";
