import { fromSamples, toSamples } from "../audio/pcm.js";

/**
 * Conversions between PCM16 bytes and the sample arrays effects compute on,
 * at memcpy speed: on a little-endian host (every platform Node runs on in
 * practice) PCM16 LE bytes already are an Int16Array's memory, so reading is
 * one copy and writing none. A big-endian host takes the portable path.
 */
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** The samples of PCM16 LE bytes: a fresh array the caller may change. */
export function readSamples(data: Uint8Array): Int16Array {
  if (!LITTLE_ENDIAN) return toSamples(data);
  const copy = data.slice(0, data.length & ~1);
  return new Int16Array(copy.buffer, 0, copy.length >> 1);
}

/** PCM16 LE bytes of `samples`, sharing their memory where the host allows: do not change `samples` afterwards. */
export function writeSamples(samples: Int16Array): Uint8Array {
  if (!LITTLE_ENDIAN) return fromSamples(samples);
  return new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
}

/** The samples of PCM16 LE bytes as floats on the int16 scale (±32768), so mixing needs no rescaling. */
export function readFloats(data: Uint8Array): Float32Array {
  return new Float32Array(readSamples(data));
}

/**
 * `value` clipped to int16 and offset by half a step away from zero, FOR
 * STORING INTO AN INT16ARRAY: the store truncates the fraction, which makes
 * it round half away from zero. Math.round costs a runtime call per sample on
 * CPUs without SSE4.1, several times the rest of a mixing loop.
 */
export function clampSample(value: number): number {
  return value >= 32767 ? 32767 : value <= -32768 ? -32768 : value >= 0 ? value + 0.5 : value - 0.5;
}
