// @rehearse/voice: voice agents tested with the same scenarios as text agents (issue 18). Text users never
// install it; @rehearse/core never imports it.
export { AudioChunk, type AudioChunkInit, silentChunk } from "./audio/audio-chunk.js";
export { checkDtmf, DTMF_KEYS, detectDtmf, dtmfSamples } from "./audio/dtmf.js";
export { decodeMulaw, encodeMulaw } from "./audio/mulaw.js";
export {
  concatPcm,
  fromSamples,
  PCM16_CHANNELS,
  PCM16_SAMPLE_RATE,
  PCM16_SAMPLE_WIDTH_BYTES,
  toSamples,
} from "./audio/pcm.js";
export { downmix, resample } from "./audio/resample.js";
export { SeededRandom } from "./audio/seeded-random.js";
export { type DecodedWav, decodeWav, encodeWav } from "./audio/wav.js";
