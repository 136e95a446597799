/**
 * The canonical audio format everywhere inside Rehearse's voice code: PCM16
 * little-endian, mono, 24 kHz. Adapters convert to and from their transport's
 * format at their edge (µ-law 8 kHz for telephony, 16 kHz for some models).
 */
export const PCM16_SAMPLE_RATE = 24_000;
export const PCM16_CHANNELS = 1;
export const PCM16_SAMPLE_WIDTH_BYTES = 2;

/** The samples of PCM16 LE bytes (a copy: the bytes may sit at an odd offset of their buffer). */
export function toSamples(data: Uint8Array): Int16Array {
  const count = data.length >> 1;
  const samples = new Int16Array(count);
  const view = new DataView(data.buffer, data.byteOffset, count * 2);
  for (let index = 0; index < count; index++) samples[index] = view.getInt16(index * 2, true);
  return samples;
}

/** PCM16 LE bytes of `samples`. */
export function fromSamples(samples: Int16Array): Uint8Array {
  const bytes = new Uint8Array(samples.length * 2);
  const view = new DataView(bytes.buffer);
  for (let index = 0; index < samples.length; index++) view.setInt16(index * 2, samples[index] ?? 0, true);
  return bytes;
}

/** Samples as floats in [-1, 1). */
export function toFloats(samples: Int16Array): Float32Array {
  const floats = new Float32Array(samples.length);
  for (let index = 0; index < samples.length; index++) floats[index] = (samples[index] ?? 0) / 32768;
  return floats;
}

/** Floats back to samples, clipped to int16 and rounded. */
export function fromFloats(floats: Float32Array): Int16Array {
  const samples = new Int16Array(floats.length);
  for (let index = 0; index < floats.length; index++) samples[index] = clip16((floats[index] ?? 0) * 32768);
  return samples;
}

/** `value` rounded and clipped to the int16 range. */
export function clip16(value: number): number {
  if (value >= 32767) return 32767;
  if (value <= -32768) return -32768;
  return Math.round(value);
}

/** Seconds of PCM16 mono audio at `sampleRate` in `byteLength` bytes. */
export function durationOf(byteLength: number, sampleRate = PCM16_SAMPLE_RATE): number {
  return byteLength === 0 ? 0 : (byteLength >> 1) / sampleRate;
}

/** Bytes of PCM16 mono audio lasting `seconds` at `sampleRate` (a whole number of samples). */
export function bytesFor(seconds: number, sampleRate = PCM16_SAMPLE_RATE): number {
  return Math.max(0, Math.round(seconds * sampleRate)) * 2;
}

/** The bytes of several PCM16 pieces, end to end. */
export function concatPcm(pieces: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const piece of pieces) length += piece.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const piece of pieces) {
    out.set(piece, offset);
    offset += piece.length;
  }
  return out;
}
