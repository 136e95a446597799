import { AudioChunk } from "../audio/audio-chunk.js";
import { fromSamples } from "../audio/pcm.js";

/**
 * A stand-in TTS for flow tests: a 300 Hz tone, 60 ms per word, carrying the
 * text as transcript (tests of the real espeak-ng voice live in speech/).
 */
export const fakeTts = {
  calls: 0,
  async synthesize(text: string, _voice: string): Promise<AudioChunk> {
    this.calls++;
    const words = Math.max(1, text.split(/\s+/).filter(Boolean).length);
    const samples = Int16Array.from({ length: words * 1440 }, (_, index) =>
      Math.round(6000 * Math.sin((2 * Math.PI * 300 * index) / 24_000)),
    );
    return new AudioChunk({ data: fromSamples(samples), transcript: text });
  },
};

/** A stand-in STT that "hears" the transcript the audio chunk carries (flow tests only). */
export const fakeStt = {
  async transcribe(audio: AudioChunk): Promise<string> {
    return audio.transcript ?? "";
  },
};
