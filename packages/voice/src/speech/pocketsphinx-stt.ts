import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AudioChunk } from "../audio/audio-chunk.js";
import { fromSamples, PCM16_SAMPLE_RATE, toSamples } from "../audio/pcm.js";
import { resample } from "../audio/resample.js";
import { encodeWav } from "../audio/wav.js";
import { runProcess } from "../system/run-process.js";
import type { BinaryLookupOptions } from "../system/system-binaries.js";
import { normalizeLevel } from "./normalize-level.js";
import type { STTProvider, TranscribeOptions } from "./stt.js";

/** pocketsphinx's acoustic models expect 16 kHz. */
const POCKETSPHINX_SAMPLE_RATE = 16_000;

/** Audio shorter than this holds no word: "" without running the recogniser. */
const MIN_SECONDS = 0.1;

/**
 * RMS level (dBFS) the audio is brought to before recognition. pocketsphinx
 * recognises markedly worse at loud levels: espeak-ng's output (RMS about
 * −20 dBFS) loses most words, the same audio 12 dB quieter keeps most.
 */
export const POCKETSPHINX_INPUT_LEVEL_DB = -32;

/** Settings of the pocketsphinx provider. */
export interface PocketsphinxSTTOptions extends BinaryLookupOptions {
  /** Acoustic model directory (`-hmm`). Default: the Debian model (pocketsphinx-en-us). */
  hmm?: string;
  /** Language model (`-lm`). Default: the Debian model's. */
  lm?: string;
  /** Pronunciation dictionary (`-dict`). Default: the Debian model's. */
  dict?: string;
  /**
   * Listen only for these phrases (keyword spotting, `-kws`): the transcript
   * is the phrases heard, in order. Words must be in the dictionary.
   */
  keywords?: readonly string[];
  /** Detection threshold of `keywords` (`/1e-20/` per phrase): larger misses more, smaller imagines more. */
  keywordThreshold?: number;
  /** A JSGF grammar (its source text, `-jsgf`): the transcript is the best sentence the grammar allows. */
  grammar?: string;
  /** RMS level in dBFS the audio is brought to first, or `false` to pass it as is. Default {@link POCKETSPHINX_INPUT_LEVEL_DB}. */
  inputLevelDb?: number | false;
  /** Milliseconds before pocketsphinx is killed. Default: the process default (60 s). */
  timeoutMs?: number;
  /** Where the per-call temporary WAV is written (and removed afterwards). Default: `os.tmpdir()`. */
  tempDirectory?: string;
}

/**
 * Offline speech to text through CMU pocketsphinx (`pocketsphinx_continuous`,
 * Debian packages `pocketsphinx` and `pocketsphinx-en-us`;
 * `REHEARSE_POCKETSPHINX` in `env` points at another binary). No key, no
 * network, the same transcript for the same audio. Accuracy is modest —
 * assert on transcripts with a word-error-rate bound
 * (`transcriptMatches(…, { maxWer })`), or narrow the vocabulary with
 * `keywords` or a `grammar`.
 *
 * @example
 * ```ts
 * const stt = new PocketsphinxSTTProvider();
 * const text = await stt.transcribe(chunk); // "transfer me to the billing department"
 * ```
 */
export class PocketsphinxSTTProvider implements STTProvider {
  readonly #options: PocketsphinxSTTOptions;

  constructor(options: PocketsphinxSTTOptions = {}) {
    if (options.keywords && options.grammar !== undefined)
      throw new TypeError("PocketsphinxSTTProvider: pass keywords or a grammar, not both (pocketsphinx runs one search)");
    for (const phrase of options.keywords ?? [])
      if (!/^[\p{L}' ]+$/u.test(phrase.trim()))
        throw new RangeError(
          `PocketsphinxSTTProvider: keyword ${JSON.stringify(phrase)} must be words (letters, apostrophes, spaces)`,
        );
    if (options.keywords?.length === 0) throw new RangeError("PocketsphinxSTTProvider: keywords is empty");
    this.#options = { ...options };
  }

  async transcribe(audio: AudioChunk, options: TranscribeOptions = {}): Promise<string> {
    if (audio.durationSeconds < MIN_SECONDS) return "";
    const settings = this.#options;
    let samples = resample(toSamples(audio.data), PCM16_SAMPLE_RATE, POCKETSPHINX_SAMPLE_RATE);
    const level = settings.inputLevelDb ?? POCKETSPHINX_INPUT_LEVEL_DB;
    if (level !== false) samples = normalizeLevel(samples, level);

    const directory = await mkdtemp(join(settings.tempDirectory ?? tmpdir(), "rehearse-pocketsphinx-"));
    try {
      const input = join(directory, "audio.wav");
      await writeFile(input, encodeWav(fromSamples(samples), POCKETSPHINX_SAMPLE_RATE));
      const args = ["-infile", input, "-logfn", "/dev/null"];
      if (settings.hmm) args.push("-hmm", settings.hmm);
      if (settings.lm) args.push("-lm", settings.lm);
      if (settings.dict) args.push("-dict", settings.dict);
      if (settings.keywords) {
        const threshold = settings.keywordThreshold ?? 1e-20;
        const lines = settings.keywords.map((phrase) => `${phrase.trim().toLowerCase()} /${threshold.toExponential()}/`);
        await writeFile(join(directory, "keywords.txt"), `${lines.join("\n")}\n`);
        args.push("-kws", join(directory, "keywords.txt"));
      }
      if (settings.grammar !== undefined) {
        await writeFile(join(directory, "grammar.gram"), settings.grammar);
        args.push("-jsgf", join(directory, "grammar.gram"));
      }
      const { stdout } = await runProcess("pocketsphinx_continuous", {
        args,
        ...(settings.env ? { env: settings.env } : {}),
        ...(settings.timeoutMs !== undefined ? { timeoutMs: settings.timeoutMs } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      // one line per utterance pocketsphinx's voice activity detector found
      return new TextDecoder().decode(stdout).split(/\s+/).filter(Boolean).join(" ");
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }

  toString(): string {
    return "PocketsphinxSTTProvider";
  }
}
