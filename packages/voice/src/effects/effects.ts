import { backgroundNoise, multipleVoices } from "./background-noise.js";
import { custom } from "./custom.js";
import { echo } from "./echo.js";
import { lowQuality } from "./low-quality.js";
import { breakingUp, packetLoss } from "./packet-loss.js";
import { phoneQuality } from "./phone-quality.js";
import { robotic } from "./robotic.js";
import { speakingFast, speakingSlow } from "./speaking-speed.js";
import { staticNoise } from "./static-noise.js";
import { telephonyChannel } from "./telephony-channel.js";
import { highVolume, lowVolume } from "./volume.js";

/**
 * Every effect factory under one name, as the reference exposes them, so
 * `effects.static(0.02)` works although `static` cannot name a function.
 *
 * @example
 * const turnEffects = [effects.backgroundNoise("cafe", 0.2), effects.static(0.01), effects.phoneQuality()];
 */
export const effects = Object.freeze({
  backgroundNoise,
  breakingUp,
  custom,
  echo,
  highVolume,
  lowQuality,
  lowVolume,
  multipleVoices,
  packetLoss,
  phoneQuality,
  robotic,
  speakingFast,
  speakingSlow,
  static: staticNoise,
  staticNoise,
  telephonyChannel,
});
