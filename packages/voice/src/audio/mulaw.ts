/** G.711 µ-law: what telephone networks (and Twilio Media Streams) carry, 8 bits per sample at 8 kHz. */

const BIAS = 0x84;
const CLIP = 32635;

/** One 16-bit sample to its µ-law byte. */
export function encodeMulawSample(sample: number): number {
  let value = Math.max(-32768, Math.min(32767, Math.round(sample)));
  const sign = value < 0 ? 0x80 : 0;
  if (sign) value = -value;
  if (value > CLIP) value = CLIP;
  value += BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (value & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (value >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

/** One µ-law byte to its 16-bit sample. */
export function decodeMulawSample(byte: number): number {
  const value = ~byte & 0xff;
  const sign = value & 0x80;
  const exponent = (value >> 4) & 0x07;
  const mantissa = value & 0x0f;
  const magnitude = (((mantissa << 3) + BIAS) << exponent) - BIAS;
  return sign ? -magnitude : magnitude;
}

/** 16-bit samples to µ-law bytes. */
export function encodeMulaw(samples: Int16Array): Uint8Array {
  const out = new Uint8Array(samples.length);
  for (let index = 0; index < samples.length; index++) out[index] = encodeMulawSample(samples[index] ?? 0);
  return out;
}

/** µ-law bytes to 16-bit samples. */
export function decodeMulaw(bytes: Uint8Array): Int16Array {
  const out = new Int16Array(bytes.length);
  for (let index = 0; index < bytes.length; index++) out[index] = decodeMulawSample(bytes[index] ?? 0xff);
  return out;
}
