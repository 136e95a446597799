// Benchmark of @rehearse/voice's audio effects and telephony channel model (`node bench/voice-effects.mjs`), on the
// built package (`npm run build --workspace @rehearse/voice` first). Generates 1 s of 24 kHz speech-like audio, runs
// every effect (and the channel model with and without impairments, and a chain of three through applyEffects) many
// times after a warm-up, and reports the median time per call, which is the time per second of audio.
// Target (issue 18): every effect processes 1 s of 24 kHz audio in ≤ 2 ms. The chain is reported beside, not judged.
// Also reported: the one-off cost of generating each noise preset (paid once per process, at factory time).
// Prints ONE JSON line on stdout: { effects: { <name>: { msPerSecondOfAudio } }, worst, worstEffect, target: 2, met,
// chain, presetGenerationMs }; progress on stderr. BENCH_EFFECT_RUNS (default 400) sets the timed calls per effect.
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const rootDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const distDir = join(rootDir, "packages", "voice", "dist");
const log = (line) => process.stderr.write(`[bench:voice-effects] ${line}\n`);
const RUNS = Number(process.env.BENCH_EFFECT_RUNS || 400);
const WARM_UP = 100;
const TARGET_MS = 2;
const RATE = 24_000;

/** The package entry if it exports the effects yet, else the effects module itself (before index.ts re-exports it). */
async function loadVoice() {
  const entry = await import(pathToFileURL(join(distDir, "index.js")).href);
  if (entry.applyEffects && entry.telephonyChannel && entry.effects) return entry;
  const effectsPath = join(distDir, "effects", "index.js");
  if (!existsSync(effectsPath))
    throw new Error(`no built effects at ${effectsPath}: run npm run build --workspace @rehearse/voice`);
  log("dist/index.js does not export the effects yet; using dist/effects/index.js");
  return { ...entry, ...(await import(pathToFileURL(effectsPath).href)) };
}

/** 1 s of speech-like PCM16: a gliding 110–150 Hz voice with formant-shaped harmonics, 4 syllables a second, pauses. */
function speechLike(seconds = 1) {
  const length = Math.round(seconds * RATE);
  const samples = new Int16Array(length);
  const formants = [500, 1500, 2500];
  let phase = 0;
  for (let index = 0; index < length; index++) {
    const time = index / RATE;
    const pitch = 130 + 20 * Math.sin(2 * Math.PI * 0.7 * time);
    phase += (2 * Math.PI * pitch) / RATE;
    let value = 0;
    for (let harmonic = 1; harmonic * pitch < 4000; harmonic++) {
      const frequency = harmonic * pitch;
      let weight = 0.15;
      for (const formant of formants) weight += Math.exp(-(((frequency - formant) / 250) ** 2));
      value += (weight / harmonic) * Math.sin(harmonic * phase);
    }
    const syllable = Math.sin(Math.PI * ((time * 4) % 1)) ** 2;
    const pause = time % 1 > 0.8 ? 0 : 1;
    samples[index] = Math.round(9000 * syllable * pause * value);
  }
  const bytes = new Uint8Array(length * 2);
  const view = new DataView(bytes.buffer);
  for (let index = 0; index < length; index++) view.setInt16(index * 2, samples[index], true);
  return bytes;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const round = (value) => Math.round(value * 1000) / 1000;

function timePerCall(run) {
  for (let index = 0; index < WARM_UP; index++) run();
  const times = [];
  for (let index = 0; index < RUNS; index++) {
    const started = performance.now();
    run();
    times.push(performance.now() - started);
  }
  return median(times);
}

const voice = await loadVoice();
const { effects: fx, applyEffects, SeededRandom } = voice;
const audio = speechLike(1);

const presetGenerationMs = {};
for (const preset of voice.NOISE_PRESETS) {
  const times = [];
  for (let round_ = 0; round_ < 3; round_++) {
    const started = performance.now();
    voice.generateNoisePreset(preset);
    times.push(performance.now() - started);
  }
  presetGenerationMs[preset] = round(median(times));
}

const catalogue = {
  "backgroundNoise(cafe)": fx.backgroundNoise("cafe"),
  "backgroundNoise(street)": fx.backgroundNoise("street"),
  "backgroundNoise(office)": fx.backgroundNoise("office"),
  "backgroundNoise(airport)": fx.backgroundNoise("airport"),
  multipleVoices: fx.multipleVoices(),
  static: fx.static(0.05),
  phoneQuality: fx.phoneQuality(),
  lowQuality: fx.lowQuality(8000),
  packetLoss: fx.packetLoss(0.05),
  echo: fx.echo(200, 0.5),
  robotic: fx.robotic(),
  breakingUp: fx.breakingUp(),
  lowVolume: fx.lowVolume(0.5),
  highVolume: fx.highVolume(1.5),
  speakingFast: fx.speakingFast(1.3),
  speakingSlow: fx.speakingSlow(0.7),
  custom: fx.custom((data) => data),
  telephonyChannel: fx.telephonyChannel(),
  "telephonyChannel(impaired)": fx.telephonyChannel({
    jitterMs: 40,
    packetLoss: 0.05,
    clipping: 0.1,
    noise: { preset: "street", volume: 0.2 },
  }),
};

const results = {};
for (const [name, effect] of Object.entries(catalogue)) {
  const random = new SeededRandom(`bench:${name}`);
  const ms = timePerCall(() => effect(audio, { random }));
  results[name] = { msPerSecondOfAudio: round(ms) };
  log(`${name}: ${round(ms)} ms per second of audio`);
}

const chainEffects = [fx.backgroundNoise("cafe"), fx.phoneQuality(), fx.telephonyChannel({ packetLoss: 0.05, jitterMs: 20 })];
const chainRandom = new SeededRandom("bench:chain");
const chainMs = timePerCall(() => applyEffects(audio, chainEffects, chainRandom));
log(`chain of 3: ${round(chainMs)} ms per second of audio`);

const [worstEffect, worst] = Object.entries(results).reduce((worstSoFar, entry) =>
  entry[1].msPerSecondOfAudio > worstSoFar[1].msPerSecondOfAudio ? entry : worstSoFar,
);
process.stdout.write(
  `${JSON.stringify({
    effects: results,
    worst: worst.msPerSecondOfAudio,
    worstEffect,
    target: TARGET_MS,
    met: worst.msPerSecondOfAudio <= TARGET_MS,
    chain: {
      effects: chainEffects.map((effect) => effect.effectName),
      msPerSecondOfAudio: round(chainMs),
    },
    presetGenerationMs,
    runs: RUNS,
  })}\n`,
);
