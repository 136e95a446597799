import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { PCM16_SAMPLE_RATE } from "../audio/pcm.js";
import { ProcessError } from "./process-error.js";
import { type ProcessOutput, type RunProcessOptions, runProcess } from "./run-process.js";

/** How ffmpeg is run: which binary (`REHEARSE_FFMPEG` in `env`), the time limit, an abort signal. */
export type FfmpegOptions = Pick<RunProcessOptions, "env" | "timeoutMs" | "signal">;

/** The compressed formats a recording can be saved in (WAV needs no ffmpeg). */
export const TRANSCODE_FORMATS = ["mp3", "ogg", "flac"] as const;

/** A format of {@link TRANSCODE_FORMATS}. */
export type TranscodeFormat = (typeof TRANSCODE_FORMATS)[number];

/** The encoder per format: Debian's ffmpeg has all three (LAME, libvorbis, the native FLAC encoder). */
const ENCODERS: Record<TranscodeFormat, string> = { mp3: "libmp3lame", ogg: "libvorbis", flac: "flac" };

/** A URL scheme (`https://`, `rtmp://`, `concat://`…): ffmpeg would fetch or interpret it. */
const URL_PATTERN = /^[a-zA-Z][a-zA-Z0-9+\-.]*:\/\//;

/** ffmpeg may read and write local files and pipes only, whatever a path looks like. */
const LOCAL_ONLY = ["-nostdin", "-protocol_whitelist", "file,pipe", "-loglevel", "error"];

/**
 * Any audio file ffmpeg understands (WAV, MP3, OGG, FLAC, M4A…), from a
 * path or from its bytes, as canonical PCM16 LE mono 24 kHz bytes. A string
 * that looks like a URL is refused before ffmpeg runs: fetching is the
 * caller's decision, not a side effect of naming a file.
 *
 * @example
 * ```ts
 * const pcm = await decodeAudioFile("fixtures/caller.mp3");
 * const chunk = new AudioChunk({ data: pcm });
 * ```
 */
export async function decodeAudioFile(pathOrBytes: string | Uint8Array, options: FfmpegOptions = {}): Promise<Uint8Array> {
  let input: string;
  let stdin: Uint8Array | undefined;
  if (typeof pathOrBytes === "string") {
    input = await localFileInput(pathOrBytes);
  } else if (pathOrBytes instanceof Uint8Array) {
    if (pathOrBytes.length === 0) throw new Error("decodeAudioFile: the audio bytes are empty");
    input = "pipe:0";
    stdin = pathOrBytes;
  } else {
    throw new TypeError("decodeAudioFile: pass a file path (string) or the file's bytes (Uint8Array)");
  }
  const args = [...LOCAL_ONLY, "-i", input, "-f", "s16le", "-ac", "1", "-ar", String(PCM16_SAMPLE_RATE), "pipe:1"];
  const { stdout } = await ffmpeg(args, stdin, options, "ffmpeg failed to decode audio");
  // s16le output is whole samples; guard anyway so the bytes always make a valid AudioChunk
  return stdout.length % 2 === 0 ? stdout : stdout.subarray(0, stdout.length - 1);
}

/**
 * Writes `wavBytes` (a WAV file, e.g. a recording's `fullWav`) to
 * `outputPath` as MP3, Ogg Vorbis or FLAC through ffmpeg, overwriting the
 * file. Resolves to the absolute path written.
 *
 * @example
 * ```ts
 * await transcodeWav(encodeWav(pcm), "mp3", "recordings/call.mp3");
 * ```
 */
export async function transcodeWav(
  wavBytes: Uint8Array,
  format: TranscodeFormat,
  outputPath: string,
  options: FfmpegOptions = {},
): Promise<string> {
  if (!TRANSCODE_FORMATS.includes(format))
    throw new RangeError(`transcodeWav: format must be one of ${TRANSCODE_FORMATS.join(", ")}, got ${JSON.stringify(format)}`);
  if (URL_PATTERN.test(outputPath))
    throw new Error(`transcodeWav: ${JSON.stringify(outputPath)} is a URL; recordings are written to local files only`);
  const target = resolve(outputPath);
  const args = [...LOCAL_ONLY, "-y", "-f", "wav", "-i", "pipe:0", "-c:a", ENCODERS[format], "-f", format, `file:${target}`];
  await ffmpeg(args, wavBytes, options, `ffmpeg failed to write ${format} to ${target}`);
  return target;
}

/** ffmpeg's input argument for a local file, after refusing URLs and checking the file exists. */
async function localFileInput(path: string): Promise<string> {
  if (URL_PATTERN.test(path))
    throw new Error(
      `decodeAudioFile: ${JSON.stringify(path)} is a URL; remote URLs are not fetched. ` +
        "Download the file yourself and pass its path or its bytes.",
    );
  const absolute = resolve(path);
  const found = await stat(absolute).catch(() => undefined);
  if (!found) throw new Error(`decodeAudioFile: no audio file at ${absolute} (from ${JSON.stringify(path)})`);
  if (!found.isFile()) throw new Error(`decodeAudioFile: ${absolute} is not a file`);
  // the `file:` prefix keeps a name containing a colon from being read as a protocol
  return `file:${absolute}`;
}

/** Runs ffmpeg; a non-zero exit becomes "<what>: <stderr>", other failures (missing binary, timeout) pass through. */
async function ffmpeg(
  args: string[],
  stdin: Uint8Array | undefined,
  options: FfmpegOptions,
  what: string,
): Promise<ProcessOutput> {
  try {
    return await runProcess("ffmpeg", { ...options, args, ...(stdin ? { stdin } : {}) });
  } catch (error) {
    if (!ProcessError.isInstance(error) || error.failure !== "exit") throw error;
    const detail = error.stderr.trim().slice(-1000) || `exit status ${error.exitCode}`;
    throw new ProcessError("exit", `${what}: ${detail}`, {
      command: error.command,
      exitCode: error.exitCode,
      stderr: error.stderr,
      cause: error,
    });
  }
}
