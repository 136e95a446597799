import { PCM16_SAMPLE_RATE } from "./pcm.js";

/** A decoded WAV file: interleaved 16-bit samples. */
export interface DecodedWav {
  sampleRate: number;
  channels: number;
  samples: Int16Array;
}

/** A RIFF/WAVE file (PCM, 16-bit) holding `pcm` (PCM16 LE bytes, interleaved when `channels` > 1). */
export function encodeWav(pcm: Uint8Array, sampleRate = PCM16_SAMPLE_RATE, channels = 1): Uint8Array {
  const out = new Uint8Array(44 + pcm.length);
  const view = new DataView(out.buffer);
  const ascii = (offset: number, text: string): void => {
    for (let index = 0; index < text.length; index++) out[offset + index] = text.charCodeAt(index);
  };
  ascii(0, "RIFF");
  view.setUint32(4, 36 + pcm.length, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, channels, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * channels * 2, true);
  view.setUint16(32, channels * 2, true);
  view.setUint16(34, 16, true);
  ascii(36, "data");
  view.setUint32(40, pcm.length, true);
  out.set(pcm, 44);
  return out;
}

/**
 * Reads a PCM WAV file (8-, 16-, 24- or 32-bit integer, or 32-bit float) into
 * 16-bit samples. Chunks other than `fmt ` and `data` are skipped; a data size
 * of 0 or 0xFFFFFFFF (what streaming writers such as espeak-ng's `--stdout`
 * leave) means "to the end of the file". Anything else is an error naming what
 * is wrong.
 */
export function decodeWav(bytes: Uint8Array): DecodedWav {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (offset: number): string => String.fromCharCode(...bytes.subarray(offset, offset + 4));
  if (bytes.length < 12 || tag(0) !== "RIFF" || tag(8) !== "WAVE") throw new Error("not a WAV file (no RIFF/WAVE header)");
  let offset = 12;
  let format: { code: number; channels: number; sampleRate: number; bits: number } | undefined;
  while (offset + 8 <= bytes.length) {
    const id = tag(offset);
    let size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === "fmt ") {
      if (size < 16) throw new Error("WAV: the fmt chunk is too short");
      let code = view.getUint16(body, true);
      // WAVE_FORMAT_EXTENSIBLE: the real format code starts the sub-format GUID
      if (code === 0xfffe && size >= 40) code = view.getUint16(body + 24, true);
      format = {
        code,
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        bits: view.getUint16(body + 14, true),
      };
    } else if (id === "data") {
      if (!format) throw new Error("WAV: data before the fmt chunk");
      if (size === 0 || size === 0xffffffff || body + size > bytes.length) size = bytes.length - body;
      return { sampleRate: format.sampleRate, channels: format.channels, samples: toInt16(bytes, body, size, format) };
    }
    offset = body + size + (size % 2);
  }
  throw new Error("WAV: no data chunk");
}

function toInt16(
  bytes: Uint8Array,
  start: number,
  size: number,
  format: { code: number; channels: number; bits: number },
): Int16Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset + start, size);
  const width = format.bits / 8;
  if (format.channels < 1) throw new Error("WAV: no channels");
  const count = Math.floor(size / width);
  const samples = new Int16Array(count);
  if (format.code === 1 && format.bits === 16) for (let i = 0; i < count; i++) samples[i] = view.getInt16(i * 2, true);
  else if (format.code === 1 && format.bits === 8) for (let i = 0; i < count; i++) samples[i] = (view.getUint8(i) - 128) << 8;
  else if (format.code === 1 && format.bits === 24) for (let i = 0; i < count; i++) samples[i] = view.getInt16(i * 3 + 1, true);
  else if (format.code === 1 && format.bits === 32) for (let i = 0; i < count; i++) samples[i] = view.getInt32(i * 4, true) >> 16;
  else if (format.code === 3 && format.bits === 32)
    for (let i = 0; i < count; i++)
      samples[i] = Math.max(-32768, Math.min(32767, Math.round(view.getFloat32(i * 4, true) * 32768)));
  else throw new Error(`WAV: format ${format.code} with ${format.bits}-bit samples is not supported (PCM or float)`);
  return samples;
}
