// The voice harness's own cost (issue 18), on the built packages: scenarios of 10 spoken turns against an in-memory
// voice adapter that answers at once with 1 s of audio, the caller's 1 s utterance synthesised instantly (and then
// cached, as the simulator does), no STT, no effects — so what is timed is the harness: the voice steps, the
// adapter's send and drain, the session's recording, timeline and latencies, the audio messages (WAV encoding and
// base64), core's run around them. Reported per turn (one user utterance + one agent answer), median over rounds.
// Then 20 voice scenarios at once, each holding its recording: the process's heap growth per run, minus the
// recording's own bytes (target ≤ 10 MB per concurrent run plus its recording).
// Prints one JSON line: { perTurnMs: { median, rounds }, target, met, concurrent: { runs, heapPerRunMB,
// recordingMBPerRun, overheadMBPerRun, met } }. Usage: node --expose-gc bench/voice-turn.mjs [scenarios=100]
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const core = await import(pathToFileURL(join(root, "packages", "core", "dist", "index.js")).href);
const voiceModule = await import(pathToFileURL(join(root, "packages", "voice", "dist", "index.js")).href);
const { AudioChunk, ChunkQueue, VoiceAgentAdapter, VoiceUserSimulatorAgent, runVoice, voice } = voiceModule;
const SCENARIOS = Number(process.argv[2] ?? 100);
const TURNS = 10;
const TARGET_MS = 5;
const ONE_SECOND = new Uint8Array(48_000).map((_, index) => (index * 37) & 0xff);
const log = (line) => process.stderr.write(`[bench:voice-turn] ${line}\n`);

/** Answers each user utterance at once: 1 s of audio, then an empty chunk (end of turn). */
class InstantBot extends VoiceAgentAdapter {
  queue = new ChunkQueue("InstantBot");
  async connect() {}
  async disconnect() {}
  async sendAudio() {
    this.queue.push(new AudioChunk({ data: ONE_SECOND, transcript: "an answer" }));
    this.queue.push(new AudioChunk({ data: new Uint8Array(0) }));
  }
  recvAudio(timeout, signal) {
    return this.queue.take(timeout, signal);
  }
}

const instantTts = { synthesize: async (text) => new AudioChunk({ data: ONE_SECOND, transcript: text }) };
const rehearse = core.createRehearse({ configFile: false, env: {} });
const scenario = (index) => ({
  name: `voice turn ${index}`,
  description: "ten spoken turns",
  seed: index,
  agents: [new InstantBot(), new VoiceUserSimulatorAgent({ voice: "bench/voice", tts: instantTts })],
  script: [...Array.from({ length: TURNS }, (_, turn) => [voice.user(`question ${turn}`), voice.agent()]).flat(), core.succeed()],
});
const runOne = (index) => runVoice(scenario(index), { runner: (config, options) => rehearse.run(config, options) });

for (let index = 0; index < 20; index++) await runOne(-index - 1);
const rounds = [];
for (let round = 0; round < 5; round++) {
  const started = performance.now();
  for (let index = 0; index < SCENARIOS / 5; index++) {
    const result = await runOne(index);
    if (result.status !== "pass" || result.latency?.measurements.length !== TURNS)
      throw new Error(`run ${index}: ${result.status}`);
  }
  rounds.push((performance.now() - started) / ((SCENARIOS / 5) * TURNS));
  log(`round ${round + 1}: ${rounds.at(-1).toFixed(3)} ms per turn`);
}
const sorted = [...rounds].sort((left, right) => left - right);
const perTurn = sorted[Math.floor(sorted.length / 2)];

// 20 at once, results held: heap growth per run
const CONCURRENT = 20;
globalThis.gc?.();
const before = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
const held = await Promise.all(Array.from({ length: CONCURRENT }, (_, index) => runOne(1000 + index)));
globalThis.gc?.();
const after = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
const recordingBytes = held.reduce(
  (sum, result) => sum + result.audio.segments.reduce((bytes, segment) => bytes + segment.audio.length, 0),
  0,
);
const mb = (bytes) => Math.round((bytes / 1048576) * 100) / 100;
const heapPerRun = (after - before) / CONCURRENT;
const recordingPerRun = recordingBytes / CONCURRENT;
const overheadPerRun = heapPerRun - recordingPerRun;
console.log(
  JSON.stringify({
    turnsPerScenario: TURNS,
    scenarios: SCENARIOS,
    perTurnMs: { median: Math.round(perTurn * 1000) / 1000, rounds: rounds.map((value) => Math.round(value * 1000) / 1000) },
    target: TARGET_MS,
    met: perTurn <= TARGET_MS,
    concurrent: {
      runs: CONCURRENT,
      allPassed: held.every((result) => result.status === "pass"),
      heapPerRunMB: mb(heapPerRun),
      recordingMBPerRun: mb(recordingPerRun),
      overheadMBPerRun: mb(overheadPerRun),
      target: 10,
      met: overheadPerRun <= 10 * 1048576,
      gcExposed: typeof globalThis.gc === "function",
    },
  }),
);
