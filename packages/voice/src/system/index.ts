// The system layer of @rehearse/voice: the programs the offline pipeline runs (espeak-ng, pocketsphinx, ffmpeg).
export { decodeAudioFile, type FfmpegOptions, TRANSCODE_FORMATS, type TranscodeFormat, transcodeWav } from "./ffmpeg.js";
export { ProcessError, type ProcessFailure } from "./process-error.js";
export {
  DEFAULT_PROCESS_TIMEOUT_MS,
  type ProcessOutput,
  type RunProcessOptions,
  runProcess,
} from "./run-process.js";
export {
  type BinaryLookupOptions,
  installHint,
  resolveBinary,
  SYSTEM_BINARIES,
  type SystemBinary,
} from "./system-binaries.js";
